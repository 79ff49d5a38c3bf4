import datetime
import doctest

import pytest

import roundtable.formatting
from roundtable.formatting import (
    format_date_range,
    format_day,
    format_local_datetime,
    time_zone_label,
    utc_offset_label,
)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime.date(2014, 6, 26), datetime.date(2014, 6, 27), "26–27 June 2014"),
        (datetime.date(2014, 6, 26), None, "26 June 2014"),
        (datetime.date(2014, 6, 26), datetime.date(2014, 6, 26), "26 June 2014"),
        (
            datetime.date(2014, 6, 30),
            datetime.date(2014, 7, 1),
            "30 June – 1 July 2014",
        ),
        (
            datetime.date(2014, 12, 31),
            datetime.date(2015, 1, 1),
            "31 December 2014 – 1 January 2015",
        ),
    ],
)
def test_format_date_range_matches_announcement_style(start, end, expected):
    assert format_date_range(start, end) == expected


def test_format_day_writes_the_weekday_day_month_and_year():
    assert format_day(datetime.date(2014, 6, 26)) == "Thursday 26 June 2014"
    assert format_day(datetime.date(2014, 7, 1)) == "Tuesday 1 July 2014"


def test_utc_offset_label_singapore_is_plus_eight():
    when = datetime.datetime(2014, 6, 26, tzinfo=datetime.UTC)
    assert utc_offset_label("Asia/Singapore", when) == "UTC+08:00"


def test_utc_offset_label_follows_daylight_saving_and_negative_offsets():
    winter = datetime.datetime(2014, 1, 15, tzinfo=datetime.UTC)
    summer = datetime.datetime(2014, 7, 15, tzinfo=datetime.UTC)
    assert utc_offset_label("America/New_York", winter) == "UTC−05:00"
    assert utc_offset_label("America/New_York", summer) == "UTC−04:00"
    assert utc_offset_label("Asia/Kolkata", summer) == "UTC+05:30"


def test_time_zone_label_names_the_city():
    when = datetime.datetime(2014, 6, 26, tzinfo=datetime.UTC)
    assert time_zone_label("Asia/Singapore", when) == "Singapore time (UTC+08:00)"
    assert time_zone_label("America/New_York", when) == "New York time (UTC−04:00)"


def test_format_local_datetime_shows_the_zones_wall_clock_and_labels_it():
    when = datetime.datetime(2014, 6, 26, 23, 30, tzinfo=datetime.UTC)
    assert format_local_datetime(when, "Asia/Singapore") == (
        "27 June 2014, 07:30 Singapore time (UTC+08:00)"
    )
    assert format_local_datetime(when, "America/New_York") == (
        "26 June 2014, 19:30 New York time (UTC−04:00)"
    )


def test_formatting_doctests_pass():
    assert doctest.testmod(roundtable.formatting).failed == 0
