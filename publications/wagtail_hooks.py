from django.http import Http404
from django.urls import reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from publications import embargo
from publications.models import Category, ReportIndexPage, ReportPage
from roundtable.admin_links import EVENT_DESK_LINKS_HOOK


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = "Report categories"
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]
    # The database (icontains on these fields), as for the programme snippets:
    # Wagtail's SQLite search backend fails on a field list ("no such column").
    search_backend_name = None


register_snippet(CategoryViewSet)


@hooks.register("before_serve_document")
def embargo_documents_of_unpublished_pages(document, request):
    """No report PDF (or other attachment) before its page goes live.

    See publications.embargo. Editors of the page still get the file, marked so that
    `participants.views.serve_document` keeps it out of every cache.
    """
    pages = embargo.embargoing_pages(document)
    if not pages:
        return None
    if not embargo.may_see_embargoed(request.user, pages):
        raise Http404
    request.roundtable_restricted_document = True
    return None


@hooks.register(EVENT_DESK_LINKS_HOOK)
def reports_on_the_event_desk(event, user):
    """The event desk's links to the reports about the event, and to add one."""
    reports = ReportPage.objects.filter(related_event=event).order_by(
        "-first_published_at", "pk"
    )
    links = [
        (
            f"Edit report ‘{report.title}’" + ("" if report.live else " (draft)"),
            reverse("wagtailadmin_pages:edit", args=[report.pk]),
        )
        for report in reports
    ]
    index = ReportIndexPage.objects.first()
    if index is not None and index.permissions_for_user(user).can_add_subpage():
        links.append(
            (
                "Add a report about this event",
                reverse(
                    "wagtailadmin_pages:add",
                    args=["publications", "reportpage", index.pk],
                ),
            )
        )
    return links
