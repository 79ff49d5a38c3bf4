"""Which pages anyone may see: the one place that decides it, on Wagtail's terms.

A page is public when it is live and no view restriction covers it or an
ancestor (Wagtail's `PageQuerySet.public()` and `Page.get_view_restrictions()`,
which also follow aliases to their source pages). Listings, feeds, search, the
sitemap and links between pages ask here, so they agree with what serving the
page would do.

Routing (`HomePage.route`) reads whether the pages along the path carry a
restriction in the query that finds them; a page found that way answers
`get_view_restrictions()` without asking again (`ReadWithRestrictions`).
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def public_pages(pages):
    """`pages` (a PageQuerySet) less what an anonymous visitor may not see.

    The rule of Wagtail's `pages.live().public()`: live, and no restriction on
    the page or an ancestor (a restricted page's path is a prefix of the
    page's path). Wagtail reads every restriction with its page, in a query of
    its own, for each listing; here the rule is part of the listing's query.
    `tests/roundtable/test_page_visibility.py` compares the two.
    """
    return pages.live().exclude(Exists(_restrictions_covering(OuterRef("path"))))


def _restrictions_covering(path):
    return PageViewRestriction.objects.filter(
        page__path=Substr(path, 1, Length("page__path"))
    )


def is_public(page):
    """Whether an anonymous visitor may see `page`."""
    return page.live and not page.get_view_restrictions().exists()


def has_own_restriction():
    """An annotation for a page query: whether a view restriction sits on the row."""
    return Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))


def open_path(pages):
    """Whether pages read with `has_own_restriction()` as `restricted` are all
    unrestricted and none is an alias (whose restrictions are its source's)."""
    return not any(page.restricted or page.alias_of_id for page in pages)


class ReadWithRestrictions:
    """A page class whose routing may already know it is unrestricted.

    `mark_open(page)` says that the page and every ancestor were read with
    `has_own_restriction()` and `open_path` held for them all; Wagtail's
    `get_view_restrictions()` would then find nothing, so it is not asked.
    Any page not marked so asks Wagtail.
    """

    def get_view_restrictions(self):
        if getattr(self, "_open_path", False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def mark_open(page):
    page._open_path = True
    return page
