from allauth.core import ratelimit
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail import views as wagtail_views
from wagtail.models import Page

from roundtable.search import MAX_QUERY_LENGTH, excerpt, highlight, query_terms

RESULTS_PER_PAGE = 10


def search(request):
    """Site search over live pages without view restrictions."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = query_terms(query)
    results = None
    if terms:
        pages = (
            Page.objects.live()
            .public()
            .filter(depth__gt=1)
            .specific()
            # Only the words: the search backends pass quotes and other
            # punctuation through to the database (SQLite FTS5 failed on `"`).
            .search(" ".join(terms), operator="or")
        )
        results = Paginator(pages, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        for page in results:
            page.search_title = highlight(page.title, terms)
            page.search_excerpt = highlight(
                excerpt(_best_text(page, terms), terms), terms
            )
    return TemplateResponse(
        request,
        "roundtable/search_results.html",
        {"query": query, "results": results},
    )


TEXT_FIELDS = ("search_description", "summary", "introduction", "body", "conclusion")


def _best_text(page, terms):
    """The first of the page's texts that mentions a term, else the first text."""
    texts = [str(getattr(page, name, "") or "") for name in TEXT_FIELDS]
    texts = [text for text in texts if text]
    for text in texts:
        lowered = text.lower()
        if any(term in lowered for term in terms):
            return text
    return texts[0] if texts else ""


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's form for a password-restricted page, behind allauth's rate limit.

    Each attempt counts against the client's address and the restriction, so a
    page's shared password cannot be guessed at speed.
    """
    if request.method == "POST":
        refused = ratelimit.consume_or_429(
            request, action="page_password", key=str(page_view_restriction_id)
        )
        if refused:
            return refused
    return wagtail_views.authenticate_with_password(
        request, page_view_restriction_id, page_id
    )
