"""Pure functions that turn dates and time zones into the words readers see.

Every time a person reads (a page, an email, an admin listing, an export, a
message) goes through `format_time`, `format_datetime` or `format_slot`: in the
event's time zone, to the minute, and labelled with that zone.
"""

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo


def format_date_range(start: date, end: date | None = None) -> str:
    """Format an event's dates the way an announcement would print them.

    >>> format_date_range(date(2014, 6, 26), date(2014, 6, 27))
    '26–27 June 2014'
    """
    if end is None or end == start:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def format_day(day: date) -> str:
    """A day written out, as programmes print it.

    >>> format_day(date(2014, 6, 26))
    'Thursday 26 June 2014'
    """
    return f"{day:%A} {day.day} {day:%B %Y}"


def format_days(days: Iterable[date | str]) -> str:
    """Several days written out, the month and year said once where they repeat.

    Days may be dates or ISO strings (as a registration stores them).

    >>> format_days([date(2014, 6, 26), date(2014, 6, 27)])
    'Thursday 26 and Friday 27 June 2014'
    >>> format_days(["2014-06-30", "2014-07-01", "2014-07-02"])
    'Monday 30 June, Tuesday 1 and Wednesday 2 July 2014'
    >>> format_days([date(2014, 12, 31), date(2015, 1, 1)])
    'Wednesday 31 December 2014 and Thursday 1 January 2015'
    >>> format_days([])
    ''
    """
    days = sorted({date.fromisoformat(d) if isinstance(d, str) else d for d in days})
    parts = []
    for index, day in enumerate(days):
        following = days[index + 1] if index + 1 < len(days) else None
        text = f"{day:%A} {day.day}"
        if following is None or following.year != day.year:
            text += f" {day:%B %Y}"
        elif following.month != day.month:
            text += f" {day:%B}"
        parts.append(text)
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _zone(time_zone: str | ZoneInfo) -> ZoneInfo:
    return time_zone if isinstance(time_zone, ZoneInfo) else ZoneInfo(time_zone)


def utc_offset_label(time_zone: str | ZoneInfo, when: datetime) -> str:
    """Label a time zone with its offset at a given moment: ‘UTC+08:00’."""
    offset = when.astimezone(_zone(time_zone)).utcoffset()
    total_minutes = int(offset.total_seconds() // 60)
    sign = "+" if total_minutes >= 0 else "−"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def time_zone_label(time_zone: str | ZoneInfo, when: datetime) -> str:
    """A reader-friendly name for a time zone at a moment.

    It has no brackets of its own, so that it can go inside a sentence's.

    >>> time_zone_label("Asia/Singapore", datetime(2014, 6, 26))
    'Singapore time, UTC+08:00'
    """
    zone = _zone(time_zone)
    city = zone.key.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time, {utc_offset_label(zone, when)}"


def local_time(value: datetime, time_zone: str | ZoneInfo) -> datetime:
    """An aware datetime in `time_zone`, to the second (no microseconds)."""
    return value.astimezone(_zone(time_zone)).replace(microsecond=0)


def format_time(value: datetime, time_zone: str | ZoneInfo) -> str:
    """A time of day in the event's time zone, labelled.

    >>> from datetime import UTC
    >>> format_time(datetime(2014, 6, 26, 2, 45, tzinfo=UTC), "Asia/Singapore")
    '10:45 (Singapore time, UTC+08:00)'
    """
    local = local_time(value, time_zone)
    return f"{local:%H:%M} ({time_zone_label(time_zone, local)})"


def format_datetime(value: datetime, time_zone: str | ZoneInfo) -> str:
    """A day and time in the event's time zone, labelled.

    >>> from datetime import UTC
    >>> format_datetime(datetime(2014, 6, 25, 18, 5, tzinfo=UTC), "Asia/Singapore")
    'Thursday 26 June 2014, 02:05 (Singapore time, UTC+08:00)'
    """
    local = local_time(value, time_zone)
    return f"{format_day(local)}, {format_time(local, time_zone)}"


def format_slot(start: datetime, end: datetime, time_zone: str | ZoneInfo) -> str:
    """A session's day, start and end in the event's time zone, labelled.

    >>> from datetime import UTC
    >>> format_slot(
    ...     datetime(2014, 6, 26, 1, 0, tzinfo=UTC),
    ...     datetime(2014, 6, 26, 2, 30, tzinfo=UTC),
    ...     "Asia/Singapore",
    ... )
    'Thursday 26 June 2014, 09:00–10:30 (Singapore time, UTC+08:00)'
    """
    start, end = local_time(start, time_zone), local_time(end, time_zone)
    return (
        f"{format_day(start)}, {start:%H:%M}–{end:%H:%M} "
        f"({time_zone_label(time_zone, start)})"
    )
