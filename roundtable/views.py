from allauth.core import ratelimit
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Page

from roundtable.addresses import absolute_url
from roundtable.search import MAX_QUERY_LENGTH, excerpt, highlight, query_terms
from roundtable.visibility import public_pages

RESULTS_PER_PAGE = 10


def search(request):
    """Site search over public pages, and on the first page of results what
    other apps add through the `roundtable_search` hook.

    A hook function takes the query's terms and returns a dict: `heading`,
    `count` (e.g. "2 sessions") and `results`, each a dict with `title`,
    `url`, `text` and `when`.
    """
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = query_terms(query)
    results, groups = None, []
    if terms:
        public = public_pages(Page.objects.filter(depth__gt=1)).values("pk")
        pages = (
            # Wagtail's search backends take plain filters only: the rule of
            # `public_pages` comes in as the ids it keeps.
            Page.objects.filter(pk__in=public)
            .specific()
            # Only the words: the search backends pass quotes and other
            # punctuation through to the database (SQLite FTS5 failed on `"`).
            .search(" ".join(terms), operator="or")
        )
        number = request.GET.get("page")
        if number in (None, "", "1"):
            # Most searches fit on one page: read one more than a page, and if
            # that is all there is, the count needs no second full-text query.
            head = list(pages[: RESULTS_PER_PAGE + 1])
            if len(head) <= RESULTS_PER_PAGE:
                pages = head
        results = Paginator(pages, RESULTS_PER_PAGE).get_page(number)
        for page in results:
            page.search_kind = capfirst(page._meta.verbose_name)
            page.search_title = highlight(page.title, terms)
            page.search_excerpt = highlight(
                excerpt(_best_text(page, terms), terms), terms
            )
        if results.number == 1:
            groups = _hook_groups(terms)
    return TemplateResponse(
        request,
        "roundtable/search_results.html",
        {
            "query": query,
            "results": results,
            "groups": groups,
            "total": (results.paginator.count if results else 0)
            + sum(len(group["results"]) for group in groups),
        },
    )


def _hook_groups(terms):
    groups = []
    for hook in hooks.get_hooks("roundtable_search"):
        group = hook(terms)
        for result in group["results"]:
            result["title"] = highlight(result["title"], terms)
            result["text"] = highlight(excerpt(result["text"], terms), terms)
        if group["results"]:
            groups.append(group)
    return groups


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


ROBOTS_DISALLOWED = ("/admin/", "/accounts/", "/my/", "/invitations/", "/_util/")


def robots_txt(request):
    """Crawlers keep out of the private and personal paths; the sitemap is on
    BASE_URL."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOWED]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
