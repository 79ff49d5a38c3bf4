"""The "Programme" screen of the Wagtail admin: an event's timetable.

A menu entry for organisers leads to the day-by-room grid that
`programme.timetable` builds, for the event chosen in a switcher (newest
first; the next event not yet ended by default, else the latest). Each
session links to its editor and each empty slot to the add form with its
room and times filled in. The view only gathers and hands over; the grid and
its clashes are `timetable`'s.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic

from programme import services, timetable
from programme.forms import EventChoiceForm
from programme.models import Session
from roundtable import clock
from roundtable.access import is_organiser
from roundtable.formatting import format_day, local_time
from roundtable.models import EventPage

URL_NAME = "programme_timetable"
LABEL = "Programme"


class ProgrammeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_organiser(request.user)


def menu_item():
    return ProgrammeMenuItem(
        LABEL, reverse(URL_NAME), name="programme", icon_name="table", order=250
    )


class TimetableView(generic.WagtailAdminTemplateMixin, TemplateView):
    template_name = "programme/admin/timetable.html"
    page_title = LABEL
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not is_organiser(request.user):
            raise PermissionDenied
        self.events = list(EventPage.objects.order_by("-start_date", "-pk"))
        self.event = timetable.choose_event(self.events, request.GET.get("event"))
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.event.title if self.event else ""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        context["event"] = event
        if event is None:
            return context
        context["form"] = EventChoiceForm(
            initial={"event": event.pk}, events=self.events
        )
        total = services.counted(Session.objects.filter(event=event)).count()
        day = self.chosen_day(event, total)
        sessions, roles = timetable.event_sessions(event, day=day)
        clashes = timetable.find_clashes(sessions, roles)
        columns, days = timetable.build_days(event, sessions, clashes, only=day)
        base = f"{reverse(URL_NAME)}?event={event.pk}"
        context.update(
            columns=columns,
            days=days,
            session_count=total,
            shown_count=len(sessions),
            clash_count=sum(1 for found in clashes.values() if found),
            day_links=[
                (
                    format_day(other),
                    f"{base}&day={other.isoformat()}",
                    other == day,
                )
                for other in event.days
            ],
            all_days_url=base if total <= timetable.ALL_DAYS_LIMIT else None,
            one_day=day,
        )
        return context

    def chosen_day(self, event, total):
        """The day asked for; else, for a large programme, today's or the first."""
        days = event.days
        asked = self.request.GET.get("day", "")
        for day in days:
            if day.isoformat() == asked:
                return day
        if total <= timetable.ALL_DAYS_LIMIT:
            return None
        today = local_time(clock.now(), event.tzinfo).date()
        return today if today in days else days[0]
