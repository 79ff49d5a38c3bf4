from django import template

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
