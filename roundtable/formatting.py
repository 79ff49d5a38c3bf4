"""Pure functions that turn dates and time zones into the words readers see."""

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


def utc_offset_label(time_zone: str, when: datetime) -> str:
    """Label a time zone with its offset at a given moment: ‘UTC+08:00’."""
    offset = when.astimezone(ZoneInfo(time_zone)).utcoffset()
    total_minutes = int(offset.total_seconds() // 60)
    sign = "+" if total_minutes >= 0 else "−"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def time_zone_label(time_zone: str, when: datetime) -> str:
    """A reader-friendly name for a time zone: ‘Singapore time (UTC+08:00)’."""
    city = time_zone.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time ({utc_offset_label(time_zone, when)})"


def format_local_datetime(when: datetime, time_zone: str) -> str:
    """A moment as a reader in `time_zone` sees it, the zone labelled.

    >>> from datetime import UTC
    >>> format_local_datetime(datetime(2014, 6, 2, 6, 5, tzinfo=UTC), "Asia/Singapore")
    '2 June 2014, 14:05 Singapore time (UTC+08:00)'
    """
    local = when.astimezone(ZoneInfo(time_zone))
    label = time_zone_label(time_zone, when)
    return f"{local.day} {local:%B %Y}, {local:%H:%M} {label}"
