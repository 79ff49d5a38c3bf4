from django import template

from roundtable.formatting import format_day

register = template.Library()


@register.inclusion_tag("programme/includes/event_links.html", takes_context=True)
def event_programme_links(context, event):
    """Links from an event page to its programme and speakers, when published."""
    from programme.models import ProgrammePage, SpeakerIndexPage

    request = context.get("request")
    children = event.get_children().live().type(ProgrammePage, SpeakerIndexPage)
    # One query: plain Page rows know their URL and (cached) content type.
    links = {child.specific_class: child for child in children}
    programme = links.get(ProgrammePage)
    speakers = links.get(SpeakerIndexPage)
    return {
        "programme_url": programme.get_url(request=request) if programme else None,
        "speakers_url": speakers.get_url(request=request) if speakers else None,
    }


@register.filter
def local_time(value, tzinfo):
    """A datetime in the event's time zone, as HH:MM."""
    return value.astimezone(tzinfo).strftime("%H:%M")


@register.filter
def local_day(value, tzinfo):
    return format_day(value.astimezone(tzinfo))
