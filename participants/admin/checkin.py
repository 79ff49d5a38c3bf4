"""Check-in at the door, and the attendance it records (listing and export)."""

import datetime

import django_filters
from django import forms
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from participants import checkin, errors, registrations
from participants.admin.base import OrganiserOnlyMixin, SafeExportMixin
from participants.models import CheckIn, Registration
from roundtable.admin_times import EventTimesIndexMixin, EventTimesViewSetMixin
from roundtable.formatting import format_day
from roundtable.models import EventPage


def _event_days():
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


def _chosen_day(value, days):
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


class DayForm(forms.Form):
    """Which event and day the desk checks people in for (a GET form).

    `days` are `_event_days()`, read once per request.
    """

    day = forms.ChoiceField(label="Event and day")

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(value, label) for value, label, *_ in days]


class FindForm(forms.Form):
    """A name to look for among the chosen event's registrations (a GET form)."""

    q = forms.CharField(
        label="Find by name",
        required=False,
        max_length=100,
        help_text="First or last name, or part of the email address.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class CheckInForm(forms.Form):
    """A check-in by pass code, or of a person found by name (`registration`)."""

    day = forms.ChoiceField(widget=forms.HiddenInput)
    code = forms.CharField(
        label="Pass code",
        max_length=64,
        required=False,
        help_text="Type the code printed under the QR code, or scan it.",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    registration = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(value, label) for value, label, *_ in days]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        event_id, day = cleaned["day"].split(":")
        if cleaned.get("registration"):
            registration = (
                Registration.objects.select_related("event", "user", "invitation")
                .filter(pk=cleaned["registration"], event_id=event_id)
                .first()
            )
            if registration is None:
                raise forms.ValidationError("This person is not registered here.")
        elif cleaned.get("code"):
            registration = checkin.find_pass(code=cleaned["code"])
            if registration is None:
                raise forms.ValidationError("No pass has this code.")
            if str(registration.event_id) != event_id:
                raise forms.ValidationError(
                    f"This pass is for {registration.event.title}, not this event."
                )
        else:
            raise forms.ValidationError(
                "Type or scan a pass code, or find the person by name."
            )
        cleaned["registration"] = registration
        cleaned["date"] = datetime.date.fromisoformat(day)
        return cleaned


class CheckInView(OrganiserOnlyMixin, generic.WagtailAdminTemplateMixin, View):
    """Choose the day; then a pass code, or a name, marks a person present."""

    template_name = "participants/admin/check_in.html"
    page_title = "Check-in"
    header_icon = "tick"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.days = _event_days()

    def get(self, request):
        chosen = _chosen_day(request.GET.get("day"), self.days)
        query = request.GET.get("q", "").strip()[:100]
        found = None
        if chosen is not None and query:
            found = checkin.find_by_name(event=chosen[2], query=query, day=chosen[3])
        return self.render(chosen, query=query, found=found)

    def post(self, request):
        form = CheckInForm(request.POST, days=self.days)
        chosen = _chosen_day(request.POST.get("day"), self.days)
        if not form.is_valid():
            return self.render(chosen, form=form)
        registration = form.cleaned_data["registration"]
        try:
            check_in, created = checkin.check_in(
                registration=registration,
                day=form.cleaned_data["date"],
                by=request.user,
            )
        except errors.BookingError as error:
            form.add_error(None, str(error))
            return self.render(chosen, form=form)
        return self.render(
            chosen, registration=registration, check_in=check_in, created=created
        )

    def render(self, chosen, form=None, **extra):
        value = chosen[0] if chosen else None
        context = self.get_context_data(
            day_form=DayForm(initial={"day": value}, days=self.days),
            find_form=FindForm(initial={"q": extra.get("query", "")}),
            form=form or CheckInForm(initial={"day": value}, days=self.days),
            chosen_day=value,
            event=chosen[2] if chosen else None,
            day=chosen[3] if chosen else None,
            attendance_export_url=attendance_export_url(value) if chosen else None,
            **extra,
        )
        return TemplateResponse(self.request, self.template_name, context)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


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
