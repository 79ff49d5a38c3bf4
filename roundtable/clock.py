"""The moment the event rules read: now, or a moment set on purpose.

Whether an event has ended (`EventPage.has_ended`) is read here rather than
from `django.utils.timezone.now()`, so that tests can stand before an event's
end (the test suite stands before the 2014 events unless a test asks for the
real clock) and set up an ended event's history. Everything else reads Django's
clock.
"""

from contextlib import contextmanager

from django.utils import timezone

_moment = None


def now():
    """The moment set by `as_of`, else Django's `timezone.now()`."""
    return _moment or timezone.now()


@contextmanager
def as_of(moment):
    """Read `moment` as now until the block ends (in every thread: the test
    server's too); None goes back to Django's clock."""
    global _moment  # noqa: PLW0603 - one process-wide setting, as the clock is
    previous, _moment = _moment, moment
    try:
        yield
    finally:
        _moment = previous
