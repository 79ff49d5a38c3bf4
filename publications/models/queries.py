"""The queries that list public reports, with what a listing shows of each."""

from publications import listing
from roundtable.visibility import public_pages

from .parts import ReportAuthor
from .reports import ReportPage


def visible_reports():
    """Reports anyone may read: live (so not embargoed) and without restrictions."""
    return public_pages(ReportPage.objects.all())


def with_listing_data(reports, *, category_links=None):
    """`reports` as a list, each with what a listing shows besides its own fields.

    Each report gets `author_names`, in the authors' order, and
    `listed_categories`, by kind and name. That costs two light queries, or one
    when the caller already has the reports' `category_links()`.
    """
    reports = list(reports)
    report_ids = [report.pk for report in reports]
    author_rows = (
        ReportAuthor.objects.filter(page__in=report_ids)
        .order_by("sort_order")
        .values_list("page_id", "person__name")
    )
    if category_links is None:
        category_links = report_category_links(report_ids)
    return listing.attach_listing_data(
        reports, author_rows=author_rows, category_links=category_links
    )


def report_category_links(report_ids):
    """The (report, category) rows of these reports, by category kind and name."""
    return list(
        ReportPage.categories.through.objects.filter(reportpage__in=report_ids)
        .select_related("category")
        .order_by("category__kind", "category__name", "category__pk")
    )


def latest_reports(limit=3):
    """The newest public reports, for the home page."""
    return with_listing_data(visible_reports().order_by(*listing.LISTING_ORDER)[:limit])
