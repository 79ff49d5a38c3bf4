import datetime
import doctest

import pytest

from roundtable import formatting
from roundtable.formatting import (
    format_date_range,
    format_datetime,
    format_day,
    format_days,
    format_slot,
    format_time,
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
    assert time_zone_label("Asia/Singapore", when) == "Singapore time, UTC+08:00"
    assert time_zone_label("America/New_York", when) == "New York time, UTC−04:00"


def test_times_are_in_the_zone_labelled_without_nested_brackets():
    # 02:45 UTC is 10:45 in Singapore.
    when = datetime.datetime(2014, 6, 26, 2, 45, 30, 123456, tzinfo=datetime.UTC)

    assert format_time(when, "Asia/Singapore") == "10:45 (Singapore time, UTC+08:00)"
    assert format_datetime(when, "Asia/Singapore") == (
        "Thursday 26 June 2014, 10:45 (Singapore time, UTC+08:00)"
    )
    assert format_slot(
        when, when + datetime.timedelta(minutes=90), "Asia/Singapore"
    ) == ("Thursday 26 June 2014, 10:45–12:15 (Singapore time, UTC+08:00)")


def test_a_time_reads_the_day_of_the_event_zone():
    # 20:00 UTC on the 25th is already the 26th in Singapore.
    when = datetime.datetime(2014, 6, 25, 20, 0, tzinfo=datetime.UTC)

    assert format_datetime(when, "Asia/Singapore") == (
        "Thursday 26 June 2014, 04:00 (Singapore time, UTC+08:00)"
    )


def test_the_label_follows_daylight_saving_at_the_labelled_time():
    winter = datetime.datetime(2014, 1, 15, 15, 0, tzinfo=datetime.UTC)

    assert format_time(winter, "America/New_York") == (
        "10:00 (New York time, UTC−05:00)"
    )


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([datetime.date(2014, 6, 26)], "Thursday 26 June 2014"),
        (
            [datetime.date(2014, 6, 26), datetime.date(2014, 6, 27)],
            "Thursday 26 and Friday 27 June 2014",
        ),
        (["2014-06-27", "2014-06-26"], "Thursday 26 and Friday 27 June 2014"),
        (
            ["2014-06-30", "2014-07-01"],
            "Monday 30 June and Tuesday 1 July 2014",
        ),
        (
            ["2014-06-25", "2014-06-26", "2014-06-27"],
            "Wednesday 25, Thursday 26 and Friday 27 June 2014",
        ),
        (
            ["2014-12-31", "2015-01-01"],
            "Wednesday 31 December 2014 and Thursday 1 January 2015",
        ),
        ([], ""),
    ],
)
def test_format_days_says_month_and_year_once(days, expected):
    assert format_days(days) == expected


def test_formatting_doctests_pass():
    assert doctest.testmod(formatting).failed == 0
