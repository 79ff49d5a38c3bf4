from django import template
from wagtail.models import Site

from roundtable import formatting
from roundtable.caching import main_menu_items

register = template.Library()


# Times in the event's time zone, labelled (`roundtable.formatting`). Each takes
# the event whose zone applies: `{{ session.start|event_time:event }}`.


@register.filter
def event_time(value, event):
    """‘10:45 (Singapore time, UTC+08:00)’."""
    return formatting.format_time(value, event.time_zone) if value else ""


@register.filter
def event_datetime(value, event):
    """‘Thursday 26 June 2014, 10:45 (Singapore time, UTC+08:00)’."""
    return formatting.format_datetime(value, event.time_zone) if value else ""


@register.filter
def event_day(value, event):
    """The day of a moment as the event's calendar reads it: ‘Thursday 26 June 2014’."""
    if not value:
        return ""
    return formatting.format_day(formatting.local_time(value, event.time_zone))


@register.filter
def human_days(days):
    """‘Thursday 26 and Friday 27 June 2014’, from dates or ISO strings."""
    return formatting.format_days(days or [])


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site root's children that editors chose to show in menus.

    Each item carries `aria_current`: "page" for the page being viewed, "true"
    for a section that contains it, "" otherwise.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = getattr(current, "path", "")
    items = []
    for item in main_menu_items(site):
        if current is not None and item["pk"] == current.pk:
            state = "page"
        elif current_path.startswith(item["path"]):
            state = "true"
        else:
            state = ""
        items.append({**item, "aria_current": state})
    return {"items": items}
