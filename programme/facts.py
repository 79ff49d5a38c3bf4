"""What a session's card and page say about it, from its plain values.

A session is read in two shapes: the `Session` model (its page, the admin,
calendars) and the programme listing's plain rows (`programme.listing`, which
skips the model for speed). Everything either shape derives from a session's
fields is worked out here, once, so the two cannot drift;
`tests/programme/test_listing.py` compares them field by field.

>>> session_facts("Breakout", "Room 2", 1)
'Breakout · Room 2 · 1 place'
>>> session_facts("Plenary", "", None)
'Plenary'
>>> session_css_class("breakout", "cancelled")
'session session--breakout session--cancelled'
>>> shows_details("participants", show_private=False)
False
"""

from django.utils.translation import ngettext

CANCELLED = "cancelled"
PARTICIPANTS_ONLY = "participants"


def places_label(capacity):
    """'12 places', or '' when the session has no limit."""
    if not capacity:
        return ""
    return ngettext("%(count)d place", "%(count)d places", capacity) % {
        "count": capacity
    }


def session_facts(kind_label, room, capacity):
    """Kind, room and places, as a programme card's meta line lists them."""
    return " · ".join(
        fact for fact in (kind_label, room, places_label(capacity)) if fact
    )


def is_cancelled(status):
    return status == CANCELLED


def is_private(visibility):
    return visibility == PARTICIPANTS_ONLY


def session_css_class(kind, status):
    css_class = f"session session--{kind}"
    if is_cancelled(status):
        css_class += " session--cancelled"
    return css_class


def shows_details(visibility, *, show_private):
    """Whether this viewer sees the session's people, description and materials."""
    return show_private or not is_private(visibility)
