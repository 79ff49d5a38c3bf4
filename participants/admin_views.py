"""The organisers' screens in the Wagtail admin: invitations and registrations."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import modelform_factory
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views import View
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from participants import errors, imports, invitations, registrations
from participants.models import Invitation, Registration
from participants.spreadsheets import neutralise_cell, read_invitation_csv
from roundtable.models import EventPage

MAX_IMPORT_BYTES = 1_000_000


class ServiceOnlyPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, less the generic admin actions a service owns.

    Wagtail's delete view removes a row with none of the rules of cancel, reject
    or revoke, and its edit form writes fields directly. The actions in
    `refused` are granted to nobody, superusers included: Wagtail then neither
    serves those views (403) nor links to them. The service-backed bulk and row
    actions check the Django permission itself, so they keep working.
    """

    def __init__(self, model, *, refused):
        super().__init__(model)
        self.refused = frozenset(refused)

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.refused]
        if not allowed:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(allowed)


class SafeExportMixin:
    """Spreadsheet exports with formula-like cells neutralised."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_cell(value)


class BulkActionsIndexView(SafeExportMixin, generic.IndexView):
    """A listing with checkboxes for the bulk actions registered for its model."""

    template_name = "participants/admin/index.html"

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="participants"),
            *super().columns,
        ]

    def _get_title_column(self, *args, **kwargs):
        return super()._get_title_column(
            *args,
            **kwargs,
            get_title_id=lambda instance: f"participants_{instance.pk}_title",
        )

    @cached_property
    def row_actions(self):
        """The registered service actions that apply to one row at a time."""
        opts = self.model._meta
        actions = bulk_action_registry.get_bulk_actions_for_model(
            opts.app_label, opts.model_name
        )
        return sorted(
            (action for action in actions if getattr(action, "row_statuses", None)),
            key=lambda action: action.action_priority,
        )

    def get_list_more_buttons(self, instance):
        """Wagtail's buttons, plus each service action that fits the row's status.

        Each opens the action's confirmation page for this one row, then comes
        back to the listing.
        """
        buttons = super().get_list_more_buttons(instance)
        opts = self.model._meta
        for action in self.row_actions:
            if instance.status not in action.row_statuses or not (
                self.request.user.has_perm(action.permission)
            ):
                continue
            url = reverse(
                "wagtail_bulk_action",
                args=[opts.app_label, opts.model_name, action.action_type],
            )
            query = urlencode({"id": instance.pk, "next": self.index_url})
            buttons.append(
                MenuItem(
                    action.display_name,
                    url=f"{url}?{query}",
                    icon_name=action.row_icon,
                    priority=40,
                )
            )
        return buttons


class InvitationIndexView(BulkActionsIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event")

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


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = "Invitations"
    url_prefix = "participants/invitations"
    add_to_admin_menu = False
    index_view_class = InvitationIndexView
    add_view_class = InvitationCreateView
    list_display = [
        "name",
        "email",
        "event",
        "kind",
        "status",
        "expires_at",
        "sent_at",
        "send_error",
    ]
    list_filter = ["event", "status", "kind"]
    search_fields = ["name", "email", "organisation"]
    list_export = [
        "name",
        "email",
        "organisation",
        "kind",
        "status",
        "expires_at",
        "sent_at",
        "reminded_at",
        "send_error",
        "decline_reason",
    ]
    export_filename = "invitations"
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
        return super().get_form_class(for_update=False)

    @property
    def import_view(self):
        return ImportInvitationsView.as_view(viewset=self)

    def get_urlpatterns(self):
        from django.urls import path

        return [
            *super().get_urlpatterns(),
            path("import/", self.import_view, name="import"),
        ]


class RegistrationIndexView(BulkActionsIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "user", "invitation")

    def get_add_url(self):
        # Registrations come from invitations only.
        return None


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "user"
    menu_label = "Registrations"
    url_prefix = "participants/registrations"
    add_to_admin_menu = False
    index_view_class = RegistrationIndexView
    list_display = ["user", "event", "status", "days_display", "created_at"]
    list_filter = ["event", "status", "listed_consent"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_export = [
        "user.first_name",
        "user.last_name",
        "user.email",
        "invitation.organisation",
        "invitation.kind",
        "status",
        "days_display",
        "dietary",
        "access_needs",
        "listed_consent",
        "created_at",
    ]
    export_headings = {
        "user.first_name": "First name",
        "user.last_name": "Last name",
        "user.email": "Email",
        "invitation.organisation": "Organisation",
        "invitation.kind": "Kind",
        "days_display": "Days",
    }
    export_filename = "registrations"
    inspect_view_enabled = True
    copy_view_enabled = False  # registrations come from invitations only
    form_fields = ["dietary", "access_needs", "listed_consent"]

    @property
    def add_view(self):
        def refuse(request):
            raise Http404

        return refuse


class ParticipantsViewSetGroup(ModelViewSetGroup):
    menu_label = "Participants"
    menu_icon = "group"
    menu_order = 250
    items = (
        InvitationViewSet("participants_invitation"),
        RegistrationViewSet("participants_registration"),
    )


class ImportForm(forms.Form):
    event = forms.ModelChoiceField(queryset=EventPage.objects.order_by("-start_date"))
    file = forms.FileField(
        required=False,
        help_text="A CSV file with a header row: name, email, organisation, kind.",
    )
    content = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_IMPORT_BYTES:
                raise forms.ValidationError("The file is larger than 1 MB.")
            try:
                cleaned["content"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(
                    "The file is not UTF-8 text; save it as CSV (UTF-8)."
                ) from error
        if not cleaned.get("content"):
            raise forms.ValidationError("Choose a CSV file.")
        try:
            cleaned["rows"] = read_invitation_csv(cleaned["content"])
        except Exception as error:  # noqa: BLE001 - csv raises several kinds
            raise forms.ValidationError("The file could not be read as CSV.") from error
        if not cleaned["rows"]:
            raise forms.ValidationError("The file has no rows below its header.")
        return cleaned


class ImportInvitationsView(generic.WagtailAdminTemplateMixin, View):
    """Upload a CSV, see each row's problem, then confirm; nothing saved before."""

    template_name = "participants/admin/import.html"
    page_title = "Import invitations"
    header_icon = "upload"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("participants.add_invitation"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        event, rows = form.cleaned_data["event"], form.cleaned_data["rows"]
        checked = imports.check_import(event=event, rows=rows)
        if "confirm" in request.POST and not any(problem for _, problem in checked):
            try:
                invited = imports.import_invitations(
                    event=event, rows=rows, invited_by=request.user
                )
            except errors.InvitationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{len(invited)} invitations sent.")
                return redirect("participants_invitation:index")
        confirm_form = ImportForm(
            initial={"event": event, "content": form.cleaned_data["content"]}
        )
        return self.render(form, checked=checked, confirm_form=confirm_form)

    def render(self, form, **extra):
        context = self.get_context_data(form=form, **extra)
        if "checked" in extra:
            context["problem_count"] = sum(1 for _, p in extra["checked"] if p)
        return TemplateResponse(self.request, self.template_name, context)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("participants_invitation:index"), "label": "Invitations"},
            {"url": "", "label": self.page_title},
        ]


class ServiceBulkAction(BulkAction):
    """A bulk action that calls one service per selected object."""

    template_name = "participants/admin/confirm_bulk_action.html"
    permission = None
    service = None
    done = "done"
    # The statuses of the rows this action is offered on, one row at a time;
    # None: only as a bulk action.
    row_statuses = None
    row_icon = "arrow-right"

    def check_perm(self, obj):
        return self.request.user.has_perm(self.permission)

    def get_execution_context(self):
        return {"request": self.request}

    @classmethod
    def execute_action(cls, objects, request=None, **kwargs):
        done = 0
        for obj in objects:
            try:
                outcome = cls.call_service(obj)
            except errors.InvitationError as error:
                messages.warning(request, str(error))
            else:
                done += outcome is not False
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} {self.done}."

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}


class InvitationBulkAction(ServiceBulkAction):
    models = [Invitation]
    permission = "participants.change_invitation"


class ResendBulkAction(InvitationBulkAction):
    display_name = "Resend"
    action_type = "resend"
    aria_label = "Resend the selected invitations"
    done = "invitations resent"

    @classmethod
    def call_service(cls, invitation):
        return invitations.resend(invitation=invitation)


class RemindBulkAction(InvitationBulkAction):
    display_name = "Remind"
    action_type = "remind"
    aria_label = "Remind the selected invitees"
    done = "reminders sent (each invitee is reminded once)"

    @classmethod
    def call_service(cls, invitation):
        return invitations.remind(invitation=invitation)


class RevokeBulkAction(InvitationBulkAction):
    display_name = "Revoke"
    action_type = "revoke"
    aria_label = "Revoke the selected invitations"
    done = "invitations revoked"
    classes = {"serious"}
    row_statuses = {Invitation.Status.PENDING, Invitation.Status.EXPIRED}
    row_icon = "cross"

    @classmethod
    def call_service(cls, invitation):
        return invitations.revoke(invitation=invitation)


class RegistrationBulkAction(ServiceBulkAction):
    models = [Registration]
    permission = "participants.change_registration"


class ApproveBulkAction(RegistrationBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected registrations"
    done = "registrations approved"
    row_statuses = {Registration.Status.PENDING_APPROVAL}
    row_icon = "tick"

    @classmethod
    def call_service(cls, registration):
        return registrations.approve(registration=registration)


class RejectBulkAction(RegistrationBulkAction):
    display_name = "Reject"
    action_type = "reject"
    aria_label = "Reject the selected registrations"
    done = "registrations rejected"
    classes = {"serious"}
    row_statuses = {Registration.Status.PENDING_APPROVAL, Registration.Status.CONFIRMED}
    row_icon = "cross"

    @classmethod
    def call_service(cls, registration):
        return registrations.reject(registration=registration)


BULK_ACTIONS = [
    ResendBulkAction,
    RemindBulkAction,
    RevokeBulkAction,
    ApproveBulkAction,
    RejectBulkAction,
]
