"""What the organisers' screens share: permissions, listings, service actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import ngettext_lazy
from wagtail.admin.menu import MenuItem as SidebarMenuItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from participants import errors
from participants.spreadsheets import neutralise_cell
from roundtable.access import is_organiser


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


class OrganiserOnlyPermissionPolicy(ServiceOnlyPermissionPolicy):
    """As above, and only for organisers (`roundtable.access.is_organiser`)."""

    def user_has_permission(self, user, action):
        return is_organiser(user) and super().user_has_permission(user, action)


class OrganiserMenuItem(SidebarMenuItem):
    """An entry of the admin's menu, shown to organisers only."""

    def is_shown(self, request):
        return is_organiser(request.user)


class OrganiserOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_organiser(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class _Streamed:
    """A queryset read in chunks as it is written out, never held whole.

    Wagtail's export methods read `.model` (for the headings) and iterate.
    """

    def __init__(self, queryset, chunk_size=1000):
        self.model = queryset.model
        self.queryset = queryset
        self.chunk_size = chunk_size

    def __iter__(self):
        return self.queryset.iterator(chunk_size=self.chunk_size)


class SafeExportMixin:
    """Spreadsheet exports with formula-like cells neutralised, and streamed.

    Wagtail builds an export from the listing's context, which counts the
    rows (`len(object_list)` loads them all) and builds the HTML table first:
    20,000 invitations took 2.3 s on PostgreSQL before the first byte. An
    export needs only the filtered, searched, ordered queryset, which Wagtail's
    own `stream_csv` and `write_xlsx` then read a chunk at a time.
    """

    def get_context_data(self, *args, **kwargs):
        if self.is_export:
            return {"object_list": _Streamed(self.object_list)}
        return super().get_context_data(*args, **kwargs)

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

    def get_list_more_buttons(self, instance):
        """Wagtail's buttons, plus each service action that fits the row's status.

        Each opens the action's confirmation page for this one row, then comes
        back to the listing.
        """
        buttons = super().get_list_more_buttons(instance)
        for action, url in service_actions(self.request, instance, self.index_url):
            buttons.append(
                MenuItem(
                    action.display_name, url=url, icon_name=action.row_icon, priority=40
                )
            )
        return buttons


def service_actions(request, instance, next_url):
    """(action, address) of each registered service action that fits `instance`.

    The actions with `row_statuses` that include the instance's status, which
    the user may take; each address opens the action's confirmation page for
    this one object and comes back to `next_url`.
    """
    opts = instance._meta
    actions = sorted(
        (
            action
            for action in bulk_action_registry.get_bulk_actions_for_model(
                opts.app_label, opts.model_name
            )
            if instance.status in (getattr(action, "row_statuses", None) or ())
            and request.user.has_perm(action.permission)
        ),
        key=lambda action: action.action_priority,
    )
    query = urlencode({"id": instance.pk, "next": next_url})
    return [
        (
            action,
            reverse(
                "wagtail_bulk_action",
                args=[opts.app_label, opts.model_name, action.action_type],
            )
            + f"?{query}",
        )
        for action in actions
    ]


class ServiceActionsHeaderMixin:
    """An object's own screen (inspect, edit) offers its service actions.

    The same actions as its listing row, as header buttons that come back to
    this screen.
    """

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        for action, url in service_actions(
            self.request, self.object, self.request.get_full_path()
        ):
            buttons.append(
                HeaderButton(action.display_name, url=url, icon_name=action.row_icon)
            )
        return buttons


class ServiceBulkAction(BulkAction):
    """A bulk action that calls one service per selected object.

    A subclass per model names `models`, the Django `permission` the action
    needs, the keyword the services take the object by (`service_argument`)
    and the error they refuse with (`service_error`). Each action then names
    its `service` and its texts; `row_statuses` also offers it on the listing's
    rows of those statuses, one row at a time.
    """

    template_name = "participants/admin/confirm_bulk_action.html"
    permission = None
    service = None
    service_argument = None
    service_error = errors.InvitationError
    # What the success message says, singular and plural on "count".
    done = ngettext_lazy("%(count)d done.", "%(count)d done.", "count")
    # Said on the confirmation page above the list, when set.
    confirmation = ""
    # The statuses of the rows this action is offered on, one row at a time;
    # None: only as a bulk action.
    row_statuses = None
    row_icon = "arrow-right"

    def check_perm(self, obj):
        return self.request.user.has_perm(self.permission)

    def get_execution_context(self):
        return {"request": self.request}

    @classmethod
    def call_service(cls, obj):
        return cls.service(**{cls.service_argument: obj})

    @classmethod
    def execute_action(cls, objects, request=None, **kwargs):
        done = 0
        for obj in objects:
            try:
                outcome = cls.call_service(obj)
            except cls.service_error as error:
                messages.warning(request, str(error))
            else:
                # A service returns False when it had nothing to do.
                done += outcome is not False
                cls.report(request, outcome)
        return done, 0

    @classmethod
    def report(cls, request, outcome):
        """Say more about one object's outcome, beside the count; nothing here."""

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not num_parent_objects:
            return None  # each refusal has said why
        return self.done % {"count": num_parent_objects}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}
