"""The organisers' event desk: one screen per event, with its dashboard.

The desk gathers an event's counts (`participants.dashboard`) and links each
number to the Wagtail listing that shows those people, filtered to the event:
the listings keep their own filters, search, exports and bulk actions. A
switcher moves between events, past ones too; the event's page in the admin
links here. The desk reads in a fixed number of queries whatever the
event's size.
"""

import csv

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.widgets import Button

from participants import dashboard
from participants.admin.base import OrganiserMenuItem, OrganiserOnlyMixin
from participants.spreadsheets import neutralise_cell
from programme import timetable
from programme.forms import EventChoiceForm
from roundtable import clock
from roundtable.access import is_organiser
from roundtable.admin_links import EVENT_DESK_LINKS_HOOK
from roundtable.formatting import format_day, format_slot
from roundtable.models import EventPage

URL_NAME = "participants_event_desk"
INDEX_URL_NAME = "participants_event_desks"
CATERING_URL_NAME = "participants_event_catering"
LABEL = "Event desk"


def menu_item():
    return OrganiserMenuItem(
        LABEL,
        reverse(INDEX_URL_NAME),
        name="event-desk",
        icon_name="calendar",
        order=240,
    )


def desk_button(page, user, *, priority):
    """The event page's link to its desk, for organisers; else None."""
    if page.specific_class is not EventPage or not is_organiser(user):
        return None
    return Button(
        LABEL,
        reverse(URL_NAME, args=[page.pk]),
        icon_name="calendar",
        priority=priority,
    )


def listing_url(name, **query):
    """A Wagtail listing's address with its filters; lists repeat a key."""
    return f"{reverse(name)}?{urlencode(query, doseq=True)}"


def _events():
    return list(EventPage.objects.order_by("-start_date", "-pk"))


class EventDeskIndexView(
    OrganiserOnlyMixin, generic.WagtailAdminTemplateMixin, TemplateView
):
    """The desk of the event asked for, else of the next event, else the latest."""

    template_name = "participants/admin/desk_empty.html"
    page_title = LABEL
    header_icon = "calendar"

    def get(self, request, *args, **kwargs):
        event = timetable.choose_event(_events(), request.GET.get("event"))
        if event is None:
            return super().get(request, *args, **kwargs)
        return redirect(URL_NAME, event.pk)


class EventDeskView(
    OrganiserOnlyMixin, generic.WagtailAdminTemplateMixin, TemplateView
):
    template_name = "participants/admin/desk.html"
    page_title = LABEL
    header_icon = "calendar"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.events = _events()
        matching = [e for e in self.events if e.pk == kwargs["event_id"]]
        self.event = matching[0] if matching else None

    def get(self, request, *args, **kwargs):
        if self.event is None:
            get_object_or_404(EventPage, pk=-1)
        if request.GET.get("part") == "check-in":
            # The live refresh of the check-in counts on the event's days.
            return TemplateResponse(
                request,
                "participants/admin/includes/desk_check_in.html",
                self.check_in_context(),
            )
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL_NAME), "label": LABEL},
            {"url": "", "label": self.event.title},
        ]

    def check_in_context(self):
        event = self.event
        days = dashboard.check_ins_by_day(event=event)
        return {
            "event": event,
            "check_in_days": [
                {
                    "label": format_day(row.day),
                    "checked_in": row.checked_in,
                    "expected": row.expected,
                    "percent": _percent(row.checked_in, row.expected),
                    "list_url": listing_url(
                        "participants_attendance:index",
                        event=event.pk,
                        day=row.day.isoformat(),
                    ),
                    "desk_url": listing_url(
                        "participants_check_in", day=f"{event.pk}:{row.day.isoformat()}"
                    ),
                }
                for row in days
            ],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        funnel = dashboard.funnel(event=event)
        context.update(
            form=EventChoiceForm(initial={"event": event.pk}, events=self.events),
            state=_state(event),
            funnel=self.funnel_rows(funnel.stages, total=funnel.invited),
            exits=self.funnel_rows(funnel.exits, total=funnel.invited),
            breakouts=self.breakout_rows(),
            needs=dashboard.needs_by_day(event=event),
            catering_url=reverse(CATERING_URL_NAME, args=[event.pk]),
            lists=self.lists(),
            pages=self.pages(),
            more_links=[
                link
                for function in hooks.get_hooks(EVENT_DESK_LINKS_HOOK)
                for link in function(event, self.request.user)
            ],
            live_refresh=_is_on(event),
            **self.check_in_context(),
        )
        return context

    def funnel_rows(self, stages, *, total):
        return [
            {
                "label": label,
                "count": count,
                "percent": _percent(count, total),
                "url": self.stage_url(key),
            }
            for key, label, count in stages
        ]

    def stage_url(self, key):
        event = self.event.pk
        invitations = "participants_invitation:index"
        registrations = "participants_registration:index"
        return {
            "invited": listing_url(invitations, event=event),
            "accepted": listing_url(invitations, event=event, status="accepted"),
            "account": listing_url(invitations, event=event, progress="account"),
            "registered": listing_url(
                registrations, event=event, status=["pending_approval", "confirmed"]
            ),
            "awaiting_approval": listing_url(
                registrations, event=event, status="pending_approval"
            ),
            "confirmed": listing_url(registrations, event=event, status="confirmed"),
            "awaiting_answer": listing_url(
                invitations, event=event, progress="awaiting_answer"
            ),
            "declined": listing_url(invitations, event=event, status="declined"),
            "revoked": listing_url(invitations, event=event, status="revoked"),
            "expired": listing_url(invitations, event=event, progress="expired"),
            "cancelled": listing_url(registrations, event=event, status="cancelled"),
            "rejected": listing_url(registrations, event=event, status="rejected"),
        }[key]

    def breakout_rows(self):
        event = self.event
        rows = []
        for session in dashboard.breakout_fill(event=event):
            bookings = {"session__event": event.pk, "session": session.pk}
            capacity = session.capacity
            rows.append(
                {
                    "session": session,
                    "when": format_slot(session.start, session.end, event.tzinfo),
                    "capacity": capacity,
                    "confirmed": session.confirmed_count,
                    "waitlisted": session.waitlist_count,
                    "percent": _percent(session.confirmed_count, capacity)
                    if capacity
                    else None,
                    "bookings_url": listing_url(
                        "participants_booking:index", status="confirmed", **bookings
                    ),
                    "waitlist_url": listing_url(
                        "participants_booking:index", status="waitlisted", **bookings
                    ),
                    "edit_url": reverse(
                        "wagtailsnippets_programme_session:edit", args=[session.pk]
                    ),
                }
            )
        return rows

    def lists(self):
        """[(label, list url, csv url, xlsx url)]: the event's Wagtail listings."""
        event = self.event.pk
        listings = [
            ("Invitations", "participants_invitation:index", {"event": event}),
            ("Registrations", "participants_registration:index", {"event": event}),
            (
                "Sessions",
                "wagtailsnippets_programme_session:list",
                {"event": event},
            ),
            (
                "Breakout bookings",
                "participants_booking:index",
                {"session__event": event},
            ),
            ("Attendance", "participants_attendance:index", {"event": event}),
        ]
        return [
            (
                label,
                listing_url(name, **query),
                listing_url(name, export="csv", **query),
                listing_url(name, export="xlsx", **query),
            )
            for label, name, query in listings
        ]

    def pages(self):
        """[(title, edit url, live url or None)]: the event page and its children."""
        event = self.event
        children = event.get_children().order_by("path")
        return [
            (
                page.title,
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
                page.url if page.live else None,
            )
            for page in [event, *children]
        ]


def _percent(part, whole):
    """`part` as a whole percentage of `whole`, at most 100; 0 of nothing."""
    return min(100, round(100 * part / whole)) if whole else 0


def _state(event):
    if event.has_ended:
        return "Ended"
    if _is_on(event):
        return "On now"
    return "Upcoming"


def _is_on(event):
    return event.starts_at <= clock.now() <= event.ends_at


class CateringExportView(OrganiserOnlyMixin, View):
    """Catering and access needs as CSV: a row per confirmed person and day."""

    def get(self, request, event_id):
        event = get_object_or_404(EventPage, pk=event_id)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="catering-{event.slug}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(
            ["Day", "Name", "Organisation", "Dietary needs", "Access needs"]
        )
        for person in dashboard.needs_rows(event=event):
            for day in person["days"]:
                writer.writerow(
                    neutralise_cell(value)
                    for value in (
                        day.isoformat(),
                        person["name"],
                        person["organisation"],
                        person["dietary"],
                        person["access"],
                    )
                )
        return response


class EventsPanel(Component):
    """The admin home page's events: upcoming ones and the latest ended ones."""

    name = "events"
    order = 150
    recent_ended = 3

    def render_html(self, parent_context=None):
        events = _events()
        upcoming = [event for event in events if not event.has_ended]
        shown = [
            *reversed(upcoming),
            *[e for e in events if e.has_ended][: self.recent_ended],
        ]
        counts = dashboard.event_counts(events=shown)
        rows = [
            {
                "event": event,
                "ended": event.has_ended,
                "counts": counts[event.pk],
                "desk_url": reverse(URL_NAME, args=[event.pk]),
            }
            for event in shown
        ]
        return render_to_string(
            "participants/admin/dashboard_panel.html", {"rows": rows}
        )
