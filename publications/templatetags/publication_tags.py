from django import template

from publications.models import latest_reports, visible_reports

register = template.Library()


@register.inclusion_tag("includes/outcomes.html")
def event_outcomes(event):
    """The public reports of an event, with their pointers, in three queries."""
    reports = (
        visible_reports()
        .filter(related_event=event)
        .order_by("-publication_date", "-pk")
        .prefetch_related("policy_pointers", "checklist_items")
    )
    return {"reports": list(reports)}


@register.inclusion_tag("includes/latest_reports.html", takes_context=True)
def latest_reports_section(context):
    """The home page's newest public reports, with their authors and categories."""
    return {"request": context.get("request"), "latest_reports": latest_reports()}
