"""The publications listing, as pure functions of the rows already read.

The models read the rows (the reports shown, their authors' names and
category links); these functions decorate them and read the filters' query
string without a query.
"""

REPORTS_PER_PAGE = 10
FEED_LENGTH = 20
# Newest first; the id settles ties so that pages of results never overlap.
LISTING_ORDER = ("-publication_date", "-first_published_at", "-pk")


def attach_listing_data(reports, *, author_rows, category_links):
    """`reports` as a list, each with `author_names` and `listed_categories`.

    `author_rows` are (page id, name) in the authors' order; `category_links`
    the (report, category) rows by category kind and name. Links of other
    reports are skipped.
    """
    reports = list(reports)
    by_pk = {report.pk: report for report in reports}
    for report in reports:
        report.author_names = []
        report.listed_categories = []
    for page_id, name in author_rows:
        by_pk[page_id].author_names.append(name)
    for link in category_links:
        if link.reportpage_id in by_pk:
            by_pk[link.reportpage_id].listed_categories.append(link.category)
    return reports


def find_category(categories, slug):
    return next((c for c in categories if slug and c.slug == slug), None)


def parse_year(value, years):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if year in years else None


def ignored_filters(query, category, year):
    """Filters in the address that match nothing and were therefore ignored."""
    ignored = []
    if query.get("category") and category is None:
        ignored.append("category")
    if query.get("year") and year is None:
        ignored.append("year")
    return ignored


def query_string(*, category=None, year=None):
    parts = []
    if category is not None:
        parts.append(f"category={category.slug}")
    if year is not None:
        parts.append(f"year={year}")
    return "&".join(parts)
