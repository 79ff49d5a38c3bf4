"""Registrations: the listing, each one's screens, and the service actions."""

import django_filters
from django import forms
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from participants import questions as asked
from participants import registrations
from participants.admin.base import (
    BulkActionsIndexView,
    ServiceActionsHeaderMixin,
    ServiceBulkAction,
)
from participants.models import MessageDelivery, Registration
from roundtable.admin_times import (
    EventTimesIndexMixin,
    EventTimesInspectView,
    EventTimesViewSetMixin,
)
from roundtable.formatting import format_datetime
from roundtable.models import EventPage


def yes_no(value):
    return "Yes" if value else "No"


class RegistrationFilterSet(WagtailFilterSet):
    """Several statuses at once: the event desk's "registered" is awaiting
    approval and confirmed together."""

    status = django_filters.MultipleChoiceFilter(
        choices=Registration.Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Registration
        fields = ["event", "status", "listed_consent"]


ANSWER = "answer:"
OTHER_ANSWERS = "answers:other"
ALL_ANSWERS = "answers:all"


class RegistrationIndexView(EventTimesIndexMixin, BulkActionsIndexView):
    custom_field_preprocess = {"listed_consent": {"csv": yes_no, "xlsx": yes_no}}

    def filtered_event(self):
        """The one event the listing is filtered to, or None."""
        if self.filters is None or not self.filters.is_valid():
            return None
        event = self.filters.form.cleaned_data.get("event")
        return event if isinstance(event, EventPage) else None

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """The answers as columns: one per question of the filtered event (then
        answers to its questions since removed), else all answers in one."""
        event = self.filtered_event()
        if event is None:
            self.answer_columns = {ALL_ANSWERS: "Answers"}
        else:
            self.answer_columns = {
                f"{ANSWER}{question.key}": question.label
                for question in event.registration_questions.all()
            }
            self.answer_columns[OTHER_ANSWERS] = "Answers to removed questions"
        self.list_export = [*self.list_export, *self.answer_columns]
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def get_heading(self, queryset, field):
        if field in getattr(self, "answer_columns", {}):
            return self.answer_columns[field]
        return super().get_heading(queryset, field)

    def to_row_dict(self, item):
        """The fixed fields as Wagtail and the event times make them, then the
        answer columns, which `as_spreadsheet` put last."""
        columns = getattr(self, "answer_columns", {})
        export = self.list_export
        self.list_export = export[: len(export) - len(columns)]
        try:
            row = super().to_row_dict(item)
        finally:
            self.list_export = export
        for column in columns:
            row[column] = self.answer_cell(item.answers, column, columns)
        return row

    @staticmethod
    def answer_cell(answers, column, columns):
        if column == ALL_ANSWERS:
            return asked.as_text(answers)
        if column == OTHER_ANSWERS:
            asked_now = {c.removeprefix(ANSWER) for c in columns}
            return asked.as_text([a for a in answers if a["key"] not in asked_now])
        return asked.display_value(
            asked.by_key(answers).get(column.removeprefix(ANSWER))
        )

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "user", "invitation")

    def get_add_url(self):
        # Registrations come from invitations only.
        return None


class RegistrationInspectView(ServiceActionsHeaderMixin, EventTimesInspectView):
    """The registration, and every email the site sent the person for it."""

    template_name = "participants/admin/registration_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["emails"] = emails_sent(registration=self.object)
        return context


def emails_sent(*, registration):
    """[(when, what, state)] of the emails sent for a registration, newest first.

    Its invitation (and reminder), the organisers' messages and change
    notices; times in the event's zone. Three queries.
    """
    event, invitation = registration.event, registration.invitation
    rows = []
    if invitation.sent_at:
        rows.append((invitation.sent_at, "Invitation", "Sent"))
    if invitation.reminded_at:
        rows.append((invitation.reminded_at, "Invitation reminder", "Sent"))
    deliveries = MessageDelivery.objects.filter(
        Q(registration=registration) | Q(invitation=invitation)
    ).select_related("message")
    for delivery in deliveries:
        rows.append(
            (
                delivery.sent_at or delivery.message.created_at,
                f"Message: {delivery.message.subject}",
                delivery.get_status_display()
                + (f" ({delivery.error})" if delivery.error else ""),
            )
        )
    notices = registration.change_notices.filter(sent_at__isnull=False)
    for notice in notices:
        rows.append((notice.sent_at, "Programme change notice", "Sent"))
    rows.sort(key=lambda row: row[0], reverse=True)
    return [
        (format_datetime(when, event.time_zone), what, state)
        for when, what, state in rows
    ]


class RegistrationEditView(ServiceActionsHeaderMixin, generic.EditView):
    pass


class RegistrationViewSet(EventTimesViewSetMixin, ModelViewSet):
    model = Registration
    icon = "user"
    menu_label = "Registrations"
    url_prefix = "participants/registrations"
    add_to_admin_menu = False
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    edit_view_class = RegistrationEditView
    list_display = ["user", "event", "status", "days_display", "created_at"]
    filterset_class = RegistrationFilterSet
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    # The name as one column: first and last names are split from the
    # invitation's name at its first space, which is no rule for names.
    list_export = [
        "user",
        "user.email",
        "invitation.organisation",
        "invitation.get_kind_display",
        "get_status_display",
        "days_display",
        "dietary",
        "access_needs",
        "listed_consent",
        "created_at",
    ]
    export_headings = {
        "user": "Name",
        "user.email": "Email",
        "invitation.organisation": "Organisation",
        "invitation.get_kind_display": "Kind",
        "get_status_display": "Status",
        "days_display": "Days",
    }
    export_filename = "registrations"
    event_times = {
        "created_at": "event",
        "updated_at": "event",
        "privacy_agreed_at": "event",
    }
    inspect_view_enabled = True
    # The days written out, not the stored list of ISO dates.
    inspect_view_fields = [
        "event",
        "user",
        "invitation",
        "status",
        "position",
        "pass_code",
        "days_display",
        "dietary",
        "access_needs",
        "listed_consent",
        "answers_display",
        "privacy_agreed_at",
        "created_at",
        "updated_at",
    ]
    copy_view_enabled = False  # registrations come from invitations only
    form_fields = ["dietary", "access_needs", "listed_consent"]

    @property
    def add_view(self):
        def refuse(request):
            raise Http404

        return refuse


class RegistrationBulkAction(ServiceBulkAction):
    models = [Registration]
    permission = "participants.change_registration"
    service_argument = "registration"


class ApproveBulkAction(RegistrationBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected registrations"
    done = ngettext_lazy(
        "%(count)d registration approved.",
        "%(count)d registrations approved.",
        "count",
    )
    row_statuses = {Registration.Status.PENDING_APPROVAL}
    row_icon = "tick"
    service = staticmethod(registrations.approve)


class RejectBulkAction(RegistrationBulkAction):
    display_name = "Reject"
    action_type = "reject"
    aria_label = "Reject the selected registrations"
    done = ngettext_lazy(
        "%(count)d registration rejected.",
        "%(count)d registrations rejected.",
        "count",
    )
    classes = {"serious"}
    row_statuses = {Registration.Status.PENDING_APPROVAL, Registration.Status.CONFIRMED}
    row_icon = "cross"
    service = staticmethod(registrations.reject)


class ReapproveBulkAction(RegistrationBulkAction):
    display_name = "Approve again"
    action_type = "reapprove"
    aria_label = "Approve the selected rejected registrations"
    confirmation = (
        "These registrations were rejected. Approving them confirms each person's "
        "place, puts them back in the event's participant group and emails them. "
        "Breakout seats given up on rejection are not restored: they book again."
    )
    done = ngettext_lazy(
        "%(count)d rejected registration approved; the person was told.",
        "%(count)d rejected registrations approved; each person was told.",
        "count",
    )
    row_statuses = {Registration.Status.REJECTED}
    row_icon = "tick"
    service = staticmethod(registrations.reapprove)


class PendingRegistrationsPanel(Component):
    """The dashboard's registrations awaiting approval, per event that has not ended.

    Each event links to the registrations list filtered to those waiting.
    """

    name = "pending_registrations"
    order = 140

    def render_html(self, parent_context=None):
        index = reverse("participants_registration:index")
        rows = [
            {
                "event": event,
                "count": count,
                "oldest": format_datetime(oldest, event.time_zone),
                "url": f"{index}?"
                + urlencode(
                    {
                        "event": event.pk,
                        "status": Registration.Status.PENDING_APPROVAL,
                    }
                ),
            }
            for event, count, oldest in registrations.awaiting_approval()
        ]
        return render_to_string(
            "participants/admin/pending_registrations_panel.html", {"rows": rows}
        )
