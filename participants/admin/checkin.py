"""The days check-in is for, and the attendance it records (listing and export).

The desk itself is in `participants.admin.checkin_desk`.
"""

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from participants import registrations
from participants.admin.base import SafeExportMixin
from participants.models import CheckIn
from roundtable.admin_times import EventTimesIndexMixin, EventTimesViewSetMixin
from roundtable.formatting import format_day
from roundtable.models import EventPage


def event_days():
    """[(value, label, event, day)] of recent events, the most recent first."""
    events = EventPage.objects.order_by("-start_date")[:20]
    return [
        (
            f"{event.pk}:{day.isoformat()}",
            # The day first: a phone shows the start of a long option.
            f"{format_day(day)} – {event.title}",
            event,
            day,
        )
        for event in events
        for day in registrations.event_days(event)
    ]


def chosen_day(value, days):
    """(value, label, event, day) of the chosen day in `days`, or of today.

    Without a valid choice: the day that is today in an event's own time zone,
    else the most recent event's first day; None if there is no event.
    """
    for option in days:
        if option[0] == value:
            return option
    for option in days:
        if option[3] == timezone.localdate(timezone=option[2].tzinfo):
            return option
    return days[0] if days else None


def attendance_export_url(day_value):
    """The attendance export (CSV) of one event's day, `event_pk:ISO date`."""
    event_id, day = day_value.split(":")
    query = urlencode({"event": event_id, "day": day, "export": "csv"})
    return f"{reverse('participants_attendance:index')}?{query}"


def posted_day(value, days):
    """(value, label, event, day) of exactly the day `value` names, or None.

    For a change (a check-in, an undo): never a guess, unlike `chosen_day`.
    """
    for option in days:
        if option[0] == value:
            return option
    return None


class DayForm(forms.Form):
    """Which event and day the desk checks people in for (a GET form).

    `days` are `event_days()`, read once per request.
    """

    day = forms.ChoiceField(label="Event and day")

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(value, label) for value, label, *_ in days]


class AttendanceFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(
        field_name="registration__event",
        queryset=EventPage.objects.order_by("-start_date"),
        label="Event",
    )

    class Meta:
        model = CheckIn
        fields = ["event", "day"]


class AttendanceIndexView(EventTimesIndexMixin, SafeExportMixin, generic.IndexView):
    """Who was checked in on which day; listed and exported in the event's time."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related(
                "registration__event",
                "registration__user",
                "registration__invitation",
                "checked_in_by",
            )
            .order_by(
                "-day",
                "registration__user__last_name",
                "registration__user__first_name",
            )
        )

    def get_add_url(self):
        return None  # check-ins are made on the check-in screen

    def get_filename(self):
        """attendance-<event>-<day> when the export is of one day of one event."""
        parts = ["attendance"]
        if self.filters and self.filters.is_valid():
            event = self.filters.form.cleaned_data.get("event")
            day = self.filters.form.cleaned_data.get("day")
            if event is not None and day is not None:
                parts += [event.slug, day.isoformat()]
        return "-".join(parts)


class AttendanceViewSet(EventTimesViewSetMixin, ModelViewSet):
    """Check-ins, for organisers only; made by the check-in service, never here.

    The permission policy registered in wagtail_hooks refuses adding, editing
    and deleting, and everything to people who are not organisers.
    """

    model = CheckIn
    icon = "tick"
    menu_label = "Attendance"
    url_prefix = "participants/attendance"
    add_to_admin_menu = False
    index_view_class = AttendanceIndexView
    filterset_class = AttendanceFilterSet
    list_display = ["registration", "day", "checked_in_at", "checked_in_by"]
    list_export = [
        "registration.user",
        "registration.user.email",
        "registration.invitation.organisation",
        "registration.position",
        "checked_in_at",
    ]
    export_headings = {
        "registration.user": "Name",
        "registration.user.email": "Email",
        "registration.invitation.organisation": "Organisation",
        "registration.position": "Position",
        "checked_in_at": "Checked in at",
    }
    event_times = {"checked_in_at": "registration.event"}
    copy_view_enabled = False
    form_fields = []
