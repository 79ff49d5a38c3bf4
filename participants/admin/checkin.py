"""Check-in at the door, and the attendance it records (listing and export)."""

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
from participants.models import CheckIn
from roundtable.admin_times import EventTimesIndexMixin, EventTimesViewSetMixin
from roundtable.formatting import format_day
from roundtable.models import EventPage


def _day_choices():
    # The most recent events first: check-in happens on the day.
    events = EventPage.objects.order_by("-start_date")[:20]
    choices = []
    for event in events:
        for day in registrations.event_days(event):
            choices.append(
                (f"{event.pk}:{day.isoformat()}", f"{event.title} – {format_day(day)}")
            )
    return choices


class CheckInForm(forms.Form):
    day = forms.ChoiceField(label="Event and day")
    code = forms.CharField(
        label="Pass code",
        max_length=64,
        help_text="Type the code printed under the QR code, or scan it.",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = _day_choices()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        event_id, day = cleaned["day"].split(":")
        registration = checkin.find_pass(code=cleaned["code"])
        if registration is None:
            raise forms.ValidationError("No pass has this code.")
        if str(registration.event_id) != event_id:
            raise forms.ValidationError(
                f"This pass is for {registration.event.title}, not this event."
            )
        cleaned["registration"] = registration
        cleaned["date"] = timezone.datetime.fromisoformat(day).date()
        return cleaned

    def attendance_export_url(self):
        """The attendance export of the chosen event and day, if one is chosen."""
        value = self["day"].value()
        if value not in {choice for choice, _ in self.fields["day"].choices}:
            return None
        event_id, day = value.split(":")
        query = urlencode({"event": event_id, "day": day, "export": "csv"})
        return f"{reverse('participants_attendance:index')}?{query}"


class CheckInView(OrganiserOnlyMixin, generic.WagtailAdminTemplateMixin, View):
    """Type or scan a pass code, see who it is, mark them present for the day."""

    template_name = "participants/admin/check_in.html"
    page_title = "Check-in"

    def get(self, request):
        return self.render(CheckInForm(initial={"day": request.GET.get("day")}))

    def post(self, request):
        form = CheckInForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        registration = form.cleaned_data["registration"]
        try:
            check_in, created = checkin.check_in(
                registration=registration,
                day=form.cleaned_data["date"],
                by=request.user,
            )
        except errors.BookingError as error:
            form.add_error(None, str(error))
            return self.render(form)
        return self.render(
            CheckInForm(initial={"day": form.cleaned_data["day"]}),
            registration=registration,
            check_in=check_in,
            created=created,
        )

    def render(self, form, **extra):
        return TemplateResponse(
            self.request,
            self.template_name,
            self.get_context_data(
                form=form, attendance_export_url=form.attendance_export_url(), **extra
            ),
        )


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
