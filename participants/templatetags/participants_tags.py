from django import template

from participants.models import Registration

register = template.Library()


@register.inclusion_tag(
    "participants/includes/registration_panel.html", takes_context=True
)
def registration_panel(context, event):
    """The signed-in person's registration for `event`, if any (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    registration = None
    if user is not None and user.is_authenticated:
        registration = Registration.objects.filter(event=event, user=user).first()
    return {"registration": registration}
