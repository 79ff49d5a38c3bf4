from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from publications import embargo
from publications.models import Category


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
