from django import template

from roundtable.models.reports import visible_reports

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
