from django.core.paginator import Paginator
from django.template.response import TemplateResponse
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
