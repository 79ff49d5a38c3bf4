from django import template
from django.db.models import Exists

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
            .annotate(
                has_area=Exists(
                    ParticipantAreaPage.objects.live().filter(
                        path__startswith=event.path, depth=event.depth + 1
                    )
                )
            )
            .first()
        )
        if (
            registration is not None
            and registration.status == "confirmed"
            and registration.has_area
        ):
            area_url = f"{event.url}{ParticipantAreaPage.required_slug}/"
    return {"registration": registration, "area_url": area_url}
