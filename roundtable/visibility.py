"""Which pages anyone may see: the one place that decides it, on Wagtail's terms.

A page is public when it is live and no view restriction covers it or an
ancestor (Wagtail's `PageQuerySet.public()` and `Page.get_view_restrictions()`,
which also follow aliases to their source pages). Listings, feeds, search, the
sitemap and links between pages ask here, so they agree with what serving the
page would do.
"""


def public_pages(pages):
    """`pages` (a PageQuerySet) less what an anonymous visitor may not see."""
    return pages.live().public()


def is_public(page):
    """Whether an anonymous visitor may see `page`."""
    return page.live and not page.get_view_restrictions().exists()
