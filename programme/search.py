"""Sessions in the site search: what a visitor may read of them, and no more.

A public session is found by its title, description and the names of its
chairs and speakers. A participants-only session shows the public only an
outline (its title and time), so only its title is searched. Sessions count
only where their programme page is public (`roundtable.visibility`), since
that is where their pages are served.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from programme.models import ProgrammePage, Session
from roundtable.formatting import format_datetime
from roundtable.models import EventPage
from roundtable.visibility import public_pages

MAX_SESSIONS = 10


def session_results(terms):
    """[{title, url, text, when}] of the public sessions matching `terms`."""
    if not terms:
        return []
    programmes = _public_programmes_by_event()
    if not programmes:
        return []
    published = Session.objects.filter(live=True, event_id__in=list(programmes))
    public = get_search_backend().search(
        " ".join(terms),
        published.filter(visibility=Session.Visibility.PUBLIC),
        operator="or",
    )
    outlines = published.filter(visibility=Session.Visibility.PARTICIPANTS).filter(
        reduce(or_, (Q(title__icontains=term) for term in terms))
    )
    found = {session.pk: session for session in public[:MAX_SESSIONS]}
    found.update({session.pk: session for session in outlines[:MAX_SESSIONS]})
    sessions = sorted(found.values(), key=lambda session: session.start)
    return [_result(session, *programmes[session.event_id]) for session in sessions]


def _public_programmes_by_event():
    """{event id: (event, programme page)} where both are public."""
    programmes = {
        page.path[: -Page.steplen]: page
        for page in public_pages(ProgrammePage.objects.all())
    }
    events = public_pages(EventPage.objects.filter(path__in=list(programmes)))
    return {event.pk: (event, programmes[event.path]) for event in events}


def _result(session, event, programme):
    return {
        "title": session.title,
        "url": programme.session_url(session),
        "text": "" if session.is_private else session.description,
        "when": format_datetime(session.start, event.time_zone),
    }
