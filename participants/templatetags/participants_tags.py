from django import template

from participants import invitations
from participants.adapters import INVITATION_SESSION_KEY
from participants.models import ParticipantAreaPage, Registration

register = template.Library()


@register.inclusion_tag(
    "participants/includes/registration_panel.html", takes_context=True
)
def registration_panel(context, event):
    """The signed-in person's registration for `event`, if any (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    registration = area_url = None
    if user is not None and user.is_authenticated:
        registration = (
            Registration.objects.filter(event=event, user=user)
            .annotate(area_url_path=ParticipantAreaPage.url_path_subquery("event__"))
            .first()
        )
        if registration is not None and registration.status == "confirmed":
            area_url = ParticipantAreaPage.area_url(
                registration.area_url_path, request=request
            )
    return {"registration": registration, "area_url": area_url}


@register.simple_tag(takes_context=True)
def entrance_invitation(context):
    """The accepted invitation this visitor is signing up or in for, or None.

    Set when they accept (or follow the link again) and kept until they have
    registered, so that the sign-up and sign-in pages can say which event they
    are for.
    """
    request = context.get("request")
    invitation_id = getattr(request, "session", {}).get(INVITATION_SESSION_KEY)
    if not invitation_id:
        return None
    return invitations.awaiting_registration(invitation_id=invitation_id)
