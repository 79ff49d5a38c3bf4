"""The personal calendar feed and a new address for it."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from participants import feeds
from programme import ical
from programme.models import ProgrammePage
from roundtable import pagecache
from roundtable.addresses import absolute_url


@require_POST
@login_required
def rotate_calendar(request):
    had_one = feeds.find_own_feed(user=request.user) is not None
    feeds.rotate_feed(user=request.user)
    messages.success(
        request,
        "Your calendar has a new address; the old one no longer works. Subscribe "
        "again with the new one."
        if had_one
        else "Your personal calendar address is ready.",
    )
    return redirect(reverse("my_registrations") + "#agenda")


@never_cache
def personal_calendar(request, token):
    """The person's agenda as iCalendar: plenaries and their own breakouts."""
    feed = feeds.find_feed(token=token)
    if feed is None:
        raise Http404("No such calendar")
    basis = feeds.agenda_basis(user=feed.user)

    def build():
        agenda = []
        for event, sessions in feeds.agenda(user=feed.user, basis=basis):
            programme = ProgrammePage.objects.child_of(event).live().first()
            url = absolute_url(programme.url if programme else event.url or "/")
            agenda.append((event, url, sessions))
        return ical.personal_calendar(agenda=agenda)

    # Built afresh when the published programme changes (a purge: a new
    # generation) or the person's registrations or seats do (another key):
    # an event of 750 shared sessions took half a second to build.
    registrations, own = basis
    events = [(r.event_id, r.updated_at.isoformat()) for r in registrations]
    digest = hashlib.sha256(repr((events, own)).encode()).hexdigest()[:24]
    content = pagecache.remember(f"personal-calendar:{feed.user_id}:{digest}", build)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-agenda.ics"'
    return response
