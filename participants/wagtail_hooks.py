from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.defaults import permission_denied
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.models import BaseViewRestriction
from wagtail.permissions import register_permission_policy

from participants import change_notices, privacy
from participants.admin import desk
from participants.admin import feedback as feedback_admin
from participants.admin.badges import BadgesView
from participants.admin.base import (
    OrganiserMenuItem,
    OrganiserOnlyPermissionPolicy,
    ServiceOnlyPermissionPolicy,
)
from participants.admin.bookings import BookingViewSet, CancelBookingBulkAction
from participants.admin.checkin import AttendanceViewSet
from participants.admin.checkin_desk import CheckInView, CountsView, UndoCheckInView
from participants.admin.invitations import (
    InvitationViewSet,
    InviteAgainBulkAction,
    ReinstateBulkAction,
    RemindBulkAction,
    ResendBulkAction,
    RevokeBulkAction,
)
from participants.admin.messages import (
    ComposeMessageView,
    DeliveryViewSet,
    MessageViewSet,
)
from participants.admin.registrations import (
    ApproveBulkAction,
    PendingRegistrationsPanel,
    ReapproveBulkAction,
    RegistrationViewSet,
    RejectBulkAction,
)
from participants.admin.walk_in import WalkInView
from participants.area import add_area_page
from participants.models import (
    BreakoutBooking,
    CheckIn,
    Invitation,
    Message,
    MessageDelivery,
    ParticipantAreaPage,
    Registration,
)
from programme.cloning import EVENT_CLONED_HOOK
from programme.services import SESSION_CHANGED_HOOK
from roundtable.access import is_organiser
from roundtable.admin_links import EVENT_DESK_LINKS_HOOK
from roundtable.models import EventPage

# Registered first, before any admin view asks for these models' policies.
# Deleting a row would skip the services (a registration's person would stay in
# the participant group, a freed seat would go to nobody, an invitation with a
# registration is protected): revoke, reject and cancel are the actions instead.
# A booking has nothing to edit directly either.
register_permission_policy(
    Invitation, ServiceOnlyPermissionPolicy(Invitation, refused={"delete"})
)
register_permission_policy(
    Registration, ServiceOnlyPermissionPolicy(Registration, refused={"delete"})
)
register_permission_policy(
    BreakoutBooking,
    ServiceOnlyPermissionPolicy(BreakoutBooking, refused={"delete", "change"}),
)
# Check-ins are made at the door by the check-in service; organisers only see
# and export them.
register_permission_policy(
    CheckIn,
    OrganiserOnlyPermissionPolicy(CheckIn, refused={"add", "change", "delete"}),
)


# Messages are written on the compose screen and sent by the worker; nothing
# edits or deletes one afterwards, nor a delivery.
register_permission_policy(
    Message,
    OrganiserOnlyPermissionPolicy(Message, refused={"add", "change", "delete"}),
)
register_permission_policy(
    MessageDelivery,
    OrganiserOnlyPermissionPolicy(MessageDelivery, refused={"add", "change", "delete"}),
)


class ParticipantsViewSetGroup(ModelViewSetGroup):
    menu_label = "Participants"
    menu_icon = "group"
    menu_order = 250
    items = (
        InvitationViewSet("participants_invitation"),
        RegistrationViewSet("participants_registration"),
        BookingViewSet("participants_booking"),
        AttendanceViewSet("participants_attendance"),
        MessageViewSet("participants_message"),
    )


@hooks.register("register_admin_viewset")
def register_participants_viewsets():
    return ParticipantsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_delivery_viewset():
    # Reached from each message's screen; not a menu entry of its own.
    return DeliveryViewSet("participants_delivery")


BULK_ACTIONS = [
    ResendBulkAction,
    RemindBulkAction,
    RevokeBulkAction,
    ReinstateBulkAction,
    InviteAgainBulkAction,
    ApproveBulkAction,
    RejectBulkAction,
    ReapproveBulkAction,
    CancelBookingBulkAction,
]

for action_class in BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class)


@hooks.register("before_delete_user")
def erase_account_through_the_service(request, user):
    """Wagtail's "Delete user" erases the person as the /my/ page does.

    A plain delete would cascade to their registrations and bookings: freed
    seats going to nobody, attendance counts losing them. The service cancels
    the bookings (promoting the waitlists) and keeps an anonymous record of
    each registration. Wagtail has checked the permission already.
    """
    if request.method != "POST":
        return None  # the confirmation page
    name = str(user)
    privacy.delete_account(user=user)
    messages.success(request, f"{name} deleted; their breakout seats were freed.")
    return redirect("wagtailusers_users:index")


@hooks.register("before_bulk_action")
def erase_accounts_through_the_service(request, action_type, objects, action):
    """The users' bulk delete, done by the same service, one person at a time."""
    if action_type != "delete" or action.model is not get_user_model():
        return None
    for user in objects:
        privacy.delete_account(user=user)
    messages.success(
        request,
        ngettext(
            "%(count)d account deleted; its breakout seats were freed.",
            "%(count)d accounts deleted; their breakout seats were freed.",
            len(objects),
        )
        % {"count": len(objects)},
    )
    return redirect(action.next_url)


@hooks.register("construct_homepage_panels")
def add_events_panel(request, panels):
    if is_organiser(request.user):
        panels.append(desk.EventsPanel())


@hooks.register("construct_homepage_panels")
def add_pending_registrations_panel(request, panels):
    # Those who may approve them: the approve action's own permission.
    if request.user.has_perm(ApproveBulkAction.permission):
        panels.append(PendingRegistrationsPanel())


@hooks.register("register_admin_urls")
def register_check_in_urls():
    return [
        path(
            "participants/check-in/",
            CheckInView.as_view(),
            name="participants_check_in",
        ),
        path(
            "participants/check-in/undo/",
            UndoCheckInView.as_view(),
            name="participants_check_in_undo",
        ),
        path(
            "participants/check-in/walk-in/",
            WalkInView.as_view(),
            name="participants_check_in_walk_in",
        ),
        path(
            "participants/check-in/counts/",
            CountsView.as_view(),
            name="participants_check_in_counts",
        ),
        path(
            "participants/check-in/badges/",
            BadgesView.as_view(),
            name="participants_badges",
        ),
    ]


@hooks.register("register_admin_urls")
def register_compose_message_url():
    return [
        path(
            "participants/messages/compose/",
            ComposeMessageView.as_view(),
            name="participants_message_compose",
        )
    ]


@hooks.register("register_admin_urls")
def register_event_desk_urls():
    return [
        path(
            "participants/events/",
            desk.EventDeskIndexView.as_view(),
            name=desk.INDEX_URL_NAME,
        ),
        path(
            "participants/events/<int:event_id>/",
            desk.EventDeskView.as_view(),
            name=desk.URL_NAME,
        ),
        path(
            "participants/events/<int:event_id>/catering.csv",
            desk.CateringExportView.as_view(),
            name=desk.CATERING_URL_NAME,
        ),
    ]


@hooks.register("register_admin_urls")
def register_feedback_urls():
    return [
        path(
            "participants/events/<int:event_id>/feedback/",
            feedback_admin.FeedbackResultsView.as_view(),
            name=feedback_admin.URL_NAME,
        ),
        path(
            "participants/events/<int:event_id>/feedback.csv",
            feedback_admin.FeedbackCsvView.as_view(),
            name=feedback_admin.CSV_URL_NAME,
        ),
        path(
            "participants/events/<int:event_id>/feedback/email/",
            feedback_admin.FeedbackEmailView.as_view(),
            name=feedback_admin.EMAIL_URL_NAME,
        ),
    ]


hooks.register(EVENT_DESK_LINKS_HOOK, feedback_admin.desk_links)


@hooks.register("register_admin_menu_item")
def register_event_desk_menu_item():
    return desk.menu_item()


@hooks.register("register_page_header_buttons")
def event_desk_header_button(page, user, view_name, next_url=None):
    button = desk.desk_button(page, user, priority=30)
    if button is not None:
        yield button


@hooks.register("register_page_listing_more_buttons")
def event_desk_listing_button(page, user, next_url=None):
    button = desk.desk_button(page, user, priority=20)
    if button is not None:
        yield button


@hooks.register("register_admin_menu_item")
def register_check_in_menu_item():
    return OrganiserMenuItem(
        "Check-in",
        reverse("participants_check_in"),
        icon_name="tick",
        order=260,
        name="check-in",
    )


def _refuse_signed_in_outsiders(restrictions, request):
    """A signed-in person outside a group restriction gets 403, not a login loop.

    Wagtail sends everyone who fails a group restriction to the login page,
    which for someone already signed in only hides the answer.
    """
    if not request.user.is_authenticated:
        return
    for restriction in restrictions:
        if (
            restriction.restriction_type == BaseViewRestriction.GROUPS
            and not restriction.accept_request(request)
        ):
            response = permission_denied(request, PermissionDenied())
            add_never_cache_headers(response)
            return response
    return None


@hooks.register("before_serve_page", order=-10)
def refuse_outsiders_page(page, request, serve_args, serve_kwargs):
    # Only the participants' area: other pages keep Wagtail's handling and
    # cost no extra query.
    if not isinstance(page, ParticipantAreaPage):
        return None
    return _refuse_signed_in_outsiders(page.get_view_restrictions(), request)


@hooks.register("before_serve_document", order=-10)
def refuse_outsiders_document(document, request):
    """Documents of a restricted collection: 403 for signed-in outsiders.

    The request is marked so that `participants.views.serve_document` makes the
    file's response `private, no-store`.
    """
    restrictions = list(document.collection.get_view_restrictions())
    if restrictions:
        request.roundtable_restricted_document = True
    return _refuse_signed_in_outsiders(restrictions, request)


@hooks.register("after_create_page")
def add_area_to_a_new_event(request, page):
    if isinstance(page.specific, EventPage):
        area = add_area_page(event=page.specific, user=request.user)
        if area is not None:
            messages.info(
                request,
                _(
                    "Added the participants' area as a draft: publish it when its "
                    "logistics are written. Only the event's participants and the "
                    "organisers can open it."
                ),
            )


@hooks.register("after_copy_page")
def add_area_to_a_copied_event(request, page, new_page):
    """Wagtail's own "Copy" of an event: the copy has an area like a new one."""
    if new_page.alias_of_id is None:
        add_area_to_a_new_event(request, new_page)


@hooks.register(EVENT_CLONED_HOOK)
def add_area_to_a_cloned_event(*, original, event, user):
    """A cloned event gets a fresh participants' area: nothing of the original's
    (its logistics may name last year's arrangements, its pre-reads are private
    to last year's participants) carries over."""
    add_area_page(event=event, user=user)


@hooks.register(SESSION_CHANGED_HOOK)
def tell_people_whose_session_changed(*, session, changes):
    change_notices.note_session_change(session=session, changes=changes)
