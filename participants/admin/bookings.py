"""Breakout bookings: the rosters, cancelling, and changing a capacity."""

import django_filters
from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import ngettext_lazy
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from participants import breakouts, errors
from participants.admin.base import (
    BulkActionsIndexView,
    OrganiserOnlyMixin,
    ServiceActionsHeaderMixin,
    ServiceBulkAction,
)
from participants.models import BreakoutBooking
from programme import services as programme_services
from programme.models import Session
from roundtable.access import is_organiser
from roundtable.admin_times import (
    EventTimesIndexMixin,
    EventTimesInspectView,
    EventTimesViewSetMixin,
)
from roundtable.formatting import format_day


class BreakoutChoiceField(forms.ModelChoiceField):
    """Each breakout with its event, day and time: titles repeat across events."""

    def label_from_instance(self, session):
        start = session.local_start()
        return (
            f"{session.event.title} · {format_day(start.date())}, {start:%H:%M} · "
            f"{session.title}"
        )


def breakout_choices():
    """Breakouts, with their events, in the order their labels sort."""
    return (
        Session.objects.filter(kind=Session.Kind.BREAKOUT)
        .select_related("event")
        .order_by("event__title", "start", "title")
    )


class BreakoutFilter(django_filters.ModelChoiceFilter):
    field_class = BreakoutChoiceField


class BookingFilterSet(WagtailFilterSet):
    """The session filter offers breakouts only, those of the chosen event if any.

    Only breakouts are booked: offering every session of every event rendered
    an option for each (1,000 on a large programme, most of the list's time).
    """

    session = BreakoutFilter(queryset=breakout_choices(), label="Breakout")

    class Meta:
        model = BreakoutBooking
        fields = ["session__event", "session", "status"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        event = self.data.get("session__event", "")
        if event.isdecimal():
            self.filters["session"].queryset = breakout_choices().filter(event_id=event)


class BookingIndexView(EventTimesIndexMixin, BulkActionsIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related(
                "session__event", "registration__user", "registration__invitation"
            )
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


class BookingInspectView(ServiceActionsHeaderMixin, EventTimesInspectView):
    """A booking's screen offers what its row does: cancelling, no edit."""


class BookingViewSet(EventTimesViewSetMixin, ModelViewSet):
    model = BreakoutBooking
    icon = "list-ul"
    menu_label = "Breakout bookings"
    url_prefix = "participants/bookings"
    add_to_admin_menu = False
    index_view_class = BookingIndexView
    inspect_view_class = BookingInspectView
    list_display = [
        "participant_name",
        "session",
        "status",
        "position",
        "created_at",
    ]
    filterset_class = BookingFilterSet
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
        "get_status_display",
        "position",
        "created_at",
    ]
    export_headings = {
        "session.title": "Breakout",
        "session.start": "Starts",
        "participant_name": "Name",
        "participant_email": "Email",
        "organisation": "Organisation",
        "get_status_display": "Status",
        "position": "Waitlist position",
    }
    export_filename = "breakout-bookings"
    event_times = {
        "created_at": "session.event",
        "updated_at": "session.event",
        "session.start": "session.event",
    }
    inspect_view_enabled = True
    copy_view_enabled = False
    # Nothing on a booking is edited directly: its status and waitlist place
    # change through `breakouts` only (the cancel action, capacity changes).
    # No one is confirmed past the capacity either: raising the capacity
    # promotes the waitlist in its order, and is the way to add a seat.
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
        return [
            *super().get_urlpatterns(),
            path("capacity/", self.capacity_view, name="capacity"),
        ]


class CancelBookingBulkAction(ServiceBulkAction):
    models = [BreakoutBooking]
    permission = "participants.change_breakoutbooking"
    service_argument = "booking"
    service_error = errors.BookingError
    display_name = "Cancel booking"
    action_type = "cancel_booking"
    aria_label = "Cancel the selected bookings"
    done = ngettext_lazy(
        "%(count)d booking cancelled (a freed seat goes to the waitlist).",
        "%(count)d bookings cancelled (freed seats go to the waitlist).",
        "count",
    )
    classes = {"serious"}
    row_statuses = {BreakoutBooking.Status.CONFIRMED, BreakoutBooking.Status.WAITLISTED}
    row_icon = "cross"
    service = staticmethod(breakouts.cancel_booking)

    @classmethod
    def report(cls, request, outcome):
        """Name who took each freed seat, and the seat a swap freed in turn."""
        for booking in outcome.promoted:
            messages.info(
                request,
                f"{booking.participant_name} moved up from the waitlist to a seat "
                f"in “{booking.session.title}” and has been emailed.",
            )


class CapacityForm(forms.Form):
    session = BreakoutChoiceField(
        queryset=programme_services.counted(
            Session.objects.filter(kind=Session.Kind.BREAKOUT)
        )
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
