"""Invitations: the listing, inviting one person, and the service actions."""

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Q
from django.forms import modelform_factory
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import ngettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from participants import errors, invitations, reminders
from participants.admin.base import (
    BulkActionsIndexView,
    ServiceActionsHeaderMixin,
    ServiceBulkAction,
)
from participants.admin.imports import (
    ImportInvitationsView,
    ImportJobStatusView,
    ImportJobView,
    import_template_view,
)
from participants.models import Invitation
from roundtable import clock
from roundtable.admin_times import (
    EventTimesIndexMixin,
    EventTimesInspectView,
    EventTimesViewSetMixin,
)


class InvitationFilterSet(WagtailFilterSet):
    """The listing's filters, and how far invitees have got (`progress`).

    The event desk links each number of its funnel to this list filtered by
    the same rule; `expired` includes pending invitations past their date
    that the nightly job has not marked yet, as the desk counts them.
    """

    PROGRESS = {
        "awaiting_answer": (
            "Not answered yet",
            lambda now: Q(status=Invitation.Status.PENDING, expires_at__gt=now),
        ),
        "expired": (
            "Expired",
            lambda now: (
                Q(status=Invitation.Status.EXPIRED)
                | Q(status=Invitation.Status.PENDING, expires_at__lte=now)
            ),
        ),
        "no_account": (
            "Accepted, no account yet",
            lambda now: Q(status=Invitation.Status.ACCEPTED, has_account=False),
        ),
        "account": (
            "Accepted, with an account",
            lambda now: Q(status=Invitation.Status.ACCEPTED, has_account=True),
        ),
        "not_registered": (
            "Accepted, not registered yet",
            lambda now: Q(
                status=Invitation.Status.ACCEPTED,
                has_account=True,
                registration__isnull=True,
            ),
        ),
        "registered": ("Registered", lambda now: Q(registration__isnull=False)),
    }

    progress = django_filters.ChoiceFilter(
        label="Progress",
        choices=[(key, label) for key, (label, _rule) in PROGRESS.items()],
        method="filter_progress",
    )

    class Meta:
        model = Invitation
        fields = ["event", "status", "kind"]

    def filter_progress(self, queryset, name, value):
        rule = self.PROGRESS[value][1]
        return queryset.filter(rule(clock.now()))


class InvitationIndexView(EventTimesIndexMixin, BulkActionsIndexView):
    def get_base_queryset(self):
        return invitations.with_progress(
            super().get_base_queryset().select_related("event")
        )

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(
                    "Import CSV",
                    url=reverse("participants_invitation:import"),
                    icon_name="upload",
                )
            )
        return buttons


class InviteForm(WagtailAdminModelForm):
    """Whom to invite, and to which event.

    The address is a plain field, not the model's: the unique (event, email)
    constraint would refuse an address that declined, which the invite
    service invites again. The service says when an address is taken.
    """

    email = forms.EmailField()
    field_order = ["event", "email", "name", "organisation", "kind"]

    class Meta:
        model = Invitation
        fields = ["event", "name", "organisation", "kind"]


class InvitationCreateView(generic.CreateView):
    """Invite one person through the invitation service (which sends the email)."""

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = invitations.invite(
                event=data["event"],
                email=data["email"],
                name=data["name"],
                organisation=data.get("organisation", ""),
                kind=data.get("kind", ""),
                invited_by=self.request.user,
            )
        except errors.InvitationError as error:
            form.add_error(None, str(error))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        self.form = form
        return self.save_action()

    def get_success_message(self, instance):
        return f"Invitation sent to {instance.email}."


class InvitationInspectView(ServiceActionsHeaderMixin, EventTimesInspectView):
    pass


class InvitationEditView(ServiceActionsHeaderMixin, generic.EditView):
    pass


class InvitationViewSet(EventTimesViewSetMixin, ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = "Invitations"
    url_prefix = "participants/invitations"
    add_to_admin_menu = False
    index_view_class = InvitationIndexView
    add_view_class = InvitationCreateView
    inspect_view_class = InvitationInspectView
    edit_view_class = InvitationEditView
    list_display = [
        "name",
        "email",
        "event",
        "kind",
        Column(
            "progress",
            label="Status",
            accessor=invitations.progress,
            sort_key="status",
        ),
        "expires_at",
        "sent_at",
        "send_error",
    ]
    filterset_class = InvitationFilterSet
    search_fields = ["name", "email", "organisation"]
    list_export = [
        "name",
        "email",
        "organisation",
        "get_kind_display",
        "get_status_display",
        "expires_at",
        "sent_at",
        "reminded_at",
        "send_error",
        "decline_reason",
    ]
    export_headings = {"get_kind_display": "Kind", "get_status_display": "Status"}
    export_filename = "invitations"
    event_times = dict.fromkeys(
        [
            "expires_at",
            "sent_at",
            "reminded_at",
            "responded_at",
            "created_at",
            "updated_at",
        ],
        "event",
    )
    inspect_view_enabled = True
    copy_view_enabled = False  # invitations are made by the invite service only
    inspect_view_fields = [
        "event",
        "email",
        "name",
        "organisation",
        "kind",
        "status",
        "expires_at",
        "sent_at",
        "reminded_at",
        "send_error",
        "responded_at",
        "decline_reason",
        "invited_by",
        "created_at",
    ]
    form_fields = ["event", "email", "name", "organisation", "kind"]

    def get_form_class(self, for_update=False):
        if for_update:
            # Whom and to which event is fixed once the invitation exists.
            return modelform_factory(
                Invitation, fields=["name", "organisation", "kind"]
            )
        return InviteForm

    @property
    def import_view(self):
        return ImportInvitationsView.as_view(viewset=self)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", self.import_view, name="import"),
            path(
                "import/<int:pk>/",
                ImportJobView.as_view(),
                name="import_job",
            ),
            path(
                "import/<int:pk>/status/",
                ImportJobStatusView.as_view(),
                name="import_job_status",
            ),
            path(
                "import/invitations.csv",
                import_template_view,
                name="import_template",
            ),
        ]


class InvitationBulkAction(ServiceBulkAction):
    models = [Invitation]
    permission = "participants.change_invitation"
    service_argument = "invitation"


class ResendBulkAction(InvitationBulkAction):
    display_name = "Resend"
    action_type = "resend"
    aria_label = "Resend the selected invitations"
    done = ngettext_lazy(
        "%(count)d invitation resent.",
        "%(count)d invitations resent.",
        "count",
    )
    service = staticmethod(invitations.resend)


class RemindBulkAction(InvitationBulkAction):
    """Each invitee is reminded once; the message says why others were not."""

    display_name = "Remind"
    action_type = "remind"
    aria_label = "Remind the selected invitees"
    service = staticmethod(reminders.remind)

    @classmethod
    def execute_action(cls, objects, request=None, **kwargs):
        sent, not_sent = reminders.remind_each(invitations=objects)
        messages.success(
            request, reminders.describe_reminders(sent=sent, not_sent=not_sent)
        )
        return sent, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return None  # said by execute_action, with the reasons


class RevokeBulkAction(InvitationBulkAction):
    display_name = "Revoke"
    action_type = "revoke"
    aria_label = "Revoke the selected invitations"
    done = ngettext_lazy(
        "%(count)d invitation revoked.",
        "%(count)d invitations revoked.",
        "count",
    )
    classes = {"serious"}
    row_statuses = {Invitation.Status.PENDING, Invitation.Status.EXPIRED}
    row_icon = "cross"
    service = staticmethod(invitations.revoke)


class ReinstateBulkAction(InvitationBulkAction):
    display_name = "Reinstate"
    action_type = "reinstate"
    aria_label = "Reinstate the selected invitations"
    confirmation = (
        "These invitations were revoked. Reinstating makes each one pending again "
        "and emails the invitee a new link; the revoked link stays void."
    )
    done = ngettext_lazy(
        "%(count)d invitation reinstated; the invitee was sent a new link.",
        "%(count)d invitations reinstated; each invitee was sent a new link.",
        "count",
    )
    row_statuses = {Invitation.Status.REVOKED}
    row_icon = "redirect"
    service = staticmethod(invitations.reinstate)


class InviteAgainBulkAction(InvitationBulkAction):
    display_name = "Invite again"
    action_type = "invite_again"
    aria_label = "Invite the selected people again"
    confirmation = (
        "These people declined. Inviting them again emails each a new link, so "
        "that they can answer again; their earlier answer and reason are cleared."
    )
    done = ngettext_lazy(
        "%(count)d person who declined was invited again with a new link.",
        "%(count)d people who declined were invited again, each with a new link.",
        "count",
    )
    row_statuses = {Invitation.Status.DECLINED}
    row_icon = "mail"
    service = staticmethod(invitations.invite_again)
