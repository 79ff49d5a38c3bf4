"""Organisers' screens for the participants' area: rosters, capacity, check-in."""

import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from participants import breakouts, checkin, errors, registrations
from participants.admin_views import BulkActionsIndexView, ServiceBulkAction
from participants.models import BreakoutBooking
from participants.spreadsheets import neutralise_cell
from programme.models import Session
from roundtable.access import is_organiser
from roundtable.models import EventPage


class BookingIndexView(BulkActionsIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("session", "registration__user", "registration__invitation")
        )

    def get_add_url(self):
        return None  # participants book on /my/

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if is_organiser(self.request.user):  # as CapacityView itself checks
            buttons.append(
                HeaderButton(
                    "Change a capacity",
                    url=reverse("participants_booking:capacity"),
                    icon_name="edit",
                )
            )
        return buttons


class BookingViewSet(ModelViewSet):
    model = BreakoutBooking
    icon = "list-ul"
    menu_label = "Breakout bookings"
    url_prefix = "participants/bookings"
    add_to_admin_menu = False
    index_view_class = BookingIndexView
    list_display = [
        "participant_name",
        "session",
        "status",
        "position",
        "created_at",
    ]
    list_filter = ["session__event", "session", "status"]
    search_fields = [
        "registration__user__email",
        "registration__user__first_name",
        "registration__user__last_name",
    ]
    list_export = [
        "session.title",
        "session.start",
        "participant_name",
        "participant_email",
        "organisation",
        "status",
        "position",
        "created_at",
    ]
    export_headings = {
        "session.title": "Breakout",
        "session.start": "Starts",
        "participant_name": "Name",
        "participant_email": "Email",
        "organisation": "Organisation",
        "position": "Waitlist position",
    }
    export_filename = "breakout-bookings"
    inspect_view_enabled = True
    copy_view_enabled = False
    # Nothing on a booking is edited directly: its status and waitlist place
    # change through `bookings` only (the cancel action, capacity changes).
    # The edit and delete views are refused by the permission policy
    # registered in wagtail_hooks; the form is empty besides.
    form_fields = []

    @property
    def add_view(self):
        def refuse(request):
            raise Http404

        return refuse

    @property
    def capacity_view(self):
        return CapacityView.as_view()

    def get_urlpatterns(self):
        from django.urls import path

        return [
            *super().get_urlpatterns(),
            path("capacity/", self.capacity_view, name="capacity"),
        ]


class CancelBookingBulkAction(ServiceBulkAction):
    models = [BreakoutBooking]
    permission = "participants.change_breakoutbooking"
    display_name = "Cancel"
    action_type = "cancel_booking"
    aria_label = "Cancel the selected bookings"
    done = "bookings cancelled (freed seats go to the waitlist)"
    classes = {"serious"}
    row_statuses = {BreakoutBooking.Status.CONFIRMED, BreakoutBooking.Status.WAITLISTED}
    row_icon = "cross"

    @classmethod
    def execute_action(cls, objects, request=None, **kwargs):
        done = 0
        for booking in objects:
            try:
                breakouts.cancel_booking(booking=booking)
            except errors.BookingError as error:
                messages.warning(request, str(error))
            else:
                done += 1
        return done, 0


class OrganiserOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_organiser(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CapacityForm(forms.Form):
    session = forms.ModelChoiceField(
        queryset=Session.objects.filter(kind=Session.Kind.BREAKOUT)
        .select_related("event")
        .order_by("event__title", "start", "title"),
        label="Breakout",
    )
    capacity = forms.IntegerField(
        min_value=0, required=False, help_text="Leave empty for no limit."
    )


class CapacityView(OrganiserOnlyMixin, generic.WagtailAdminTemplateMixin, View):
    template_name = "participants/admin/capacity.html"
    page_title = "Change a breakout's capacity"

    def get(self, request):
        initial = {}
        if request.GET.get("session"):
            initial["session"] = request.GET["session"]
        return self.render(CapacityForm(initial=initial))

    def post(self, request):
        form = CapacityForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        session = form.cleaned_data["session"]
        capacity = form.cleaned_data["capacity"]
        promoted = breakouts.set_capacity(
            session=session, capacity=capacity, user=request.user
        )
        messages.success(
            request,
            f"The capacity of “{session.title}” is now "
            f"{'unlimited' if capacity is None else capacity}; "
            f"{len(promoted)} promoted from the waitlist.",
        )
        return redirect(
            reverse("participants_booking:index") + f"?session={session.pk}"
        )

    def render(self, form):
        return TemplateResponse(
            self.request, self.template_name, self.get_context_data(form=form)
        )


def _day_choices():
    # The most recent events first: check-in happens on the day.
    events = EventPage.objects.order_by("-start_date")[:20]
    choices = []
    for event in events:
        for day in registrations.event_days(event):
            choices.append(
                (f"{event.pk}:{day.isoformat()}", f"{event.title} – {day:%a %-d %b %Y}")
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
            self.get_context_data(form=form, **extra),
        )


class AttendanceExportView(OrganiserOnlyMixin, View):
    """The people checked in on one day of an event, as CSV."""

    def get(self, request, event_id, day):
        event = get_object_or_404(EventPage, pk=event_id)
        try:
            date = timezone.datetime.fromisoformat(day).date()
        except ValueError as error:
            raise Http404 from error
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="attendance-{event.slug}-{date.isoformat()}.csv"'
        )
        columns = ["name", "email", "organisation", "position", "checked_in_at"]
        writer = csv.writer(response)
        writer.writerow([column.replace("_", " ").capitalize() for column in columns])
        for row in checkin.attendance_rows(event=event, day=date):
            writer.writerow([neutralise_cell(row[column]) for column in columns])
        return response
