"""Sessions in the site search: what a visitor may read of them, and no more.

A public session is found by its title, description and the names of its
chairs and speakers. A participants-only session shows the public only an
outline (its title and time), so only its title is searched. Sessions count
only where their event and programme page are public (`roundtable.visibility`),
since that is where their pages are served.

Sessions are few beside pages, so a match is a case-insensitive substring
match in one query (the outline's title always was). Which programme pages are
public, and their addresses, changes only when the page cache is purged, so it
is worked out once per purge (`roundtable.pagecache.remember`).
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Page

from programme import facts
from programme.models import ProgrammePage, Session
from roundtable import pagecache
from roundtable.formatting import format_datetime
from roundtable.models import EventPage
from roundtable.visibility import public_pages

MAX_SESSIONS = 10
PUBLIC_FIELDS = ("title", "description", "roles__person__name")


def session_results(terms):
    """[{title, url, text, when}] of the public sessions matching `terms`."""
    if not terms:
        return []
    programmes = pagecache.remember("public-programmes", _public_programmes)
    if not programmes:
        return []
    public = Q(visibility=Session.Visibility.PUBLIC) & _any(terms, PUBLIC_FIELDS)
    outline = Q(visibility=Session.Visibility.PARTICIPANTS) & _any(terms, ["title"])
    sessions = (
        Session.objects.filter(live=True, event_id__in=list(programmes))
        .filter(public | outline)
        .values("event_id", "slug", "title", "description", "visibility", "start")
        .distinct()
        .order_by("start", "slug")[:MAX_SESSIONS]
    )
    return [_result(session, *programmes[session["event_id"]]) for session in sessions]


def _any(terms, fields):
    return reduce(
        or_, (Q(**{f"{field}__icontains": term}) for term in terms for field in fields)
    )


def _public_programmes():
    """{event id: (programme page address, event time zone)} where both are public."""
    programmes = {
        page.path[: -Page.steplen]: page
        for page in public_pages(ProgrammePage.objects.all())
    }
    events = public_pages(EventPage.objects.filter(path__in=list(programmes))).only(
        "pk", "path", "time_zone"
    )
    return {
        event.pk: (programmes[event.path].get_url(), event.time_zone)
        for event in events
    }


def _result(session, programme_url, time_zone):
    private = facts.is_private(session["visibility"])
    return {
        "title": session["title"],
        "url": programme_url + ProgrammePage.session_path(session["slug"]),
        "text": "" if private else session["description"],
        "when": format_datetime(session["start"], time_zone),
    }
