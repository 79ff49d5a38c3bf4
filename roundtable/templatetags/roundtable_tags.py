from django import template
from wagtail.models import Site

from roundtable.caching import main_menu_items

register = template.Library()


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
