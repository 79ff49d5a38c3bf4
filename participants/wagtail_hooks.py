from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from participants import services
from participants.access import is_organiser
from participants.admin_views import BULK_ACTIONS, ParticipantsViewSetGroup
from roundtable.models import EventPage


@hooks.register("register_admin_viewset")
def register_participants_viewsets():
    return ParticipantsViewSetGroup()


for action_class in BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class)


class InvitationsPanel(Component):
    """Invitation counts per status for each upcoming event."""

    name = "invitations"
    order = 150

    def render_html(self, parent_context=None):
        events = list(
            EventPage.objects.filter(end_date__gte=timezone.localdate()).order_by(
                "start_date"
            )
        )
        counts = services.invitation_counts(events=events)
        rows = [(event, counts[event.pk]) for event in events]
        return render_to_string(
            "participants/admin/dashboard_panel.html",
            {"rows": rows, "statuses": services.Invitation.Status.choices},
        )


@hooks.register("construct_homepage_panels")
def add_invitations_panel(request, panels):
    if is_organiser(request.user):
        panels.append(InvitationsPanel())
