"""/publications/: the index of reports, with its filters and its feed."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from publications import listing
from publications.feeds import report_feed
from roundtable import pagecache
from roundtable.visibility import (
    ReadWithRestrictions,
    has_own_restriction,
    mark_open,
    open_path,
)

from .categories import Category
from .queries import visible_reports, with_listing_data
from .reports import ReportPage


class ReportIndexPage(ReadWithRestrictions, RoutablePageMixin, Page):
    """/publications/: every public report, newest first, with filters and a feed."""

    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["roundtable.HomePage"]
    subpage_types = ["publications.ReportPage"]
    max_count = 1
    template = "publications/report_index_page.html"

    class Meta:
        # The table the model had in the roundtable app: its rows stay where they are.
        db_table = "roundtable_reportindexpage"
        verbose_name = _("publications index")

    def reports(self):
        return visible_reports().child_of(self)

    def route(self, request, path_components):
        """Wagtail's routing, with a report read as itself in one query.

        Wagtail reads a child as a plain page, then as its own class, then the
        report page reads its PDF and event: four queries become one. The
        index's own routes (the feed) still come first, and anything else
        (a page of another type, a missing slug) goes to Wagtail as before.
        """
        if path_components and not self._is_own_route(path_components):
            report = (
                ReportPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("pdf", "related_event")
                .annotate(restricted=has_own_restriction())
                .first()
            )
            if report is not None:
                report._cached_parent_obj = self
                if getattr(self, "_open_path", False) and open_path([report]):
                    mark_open(report)
                return report.route(request, path_components[1:])
        return super().route(request, path_components)

    def _is_own_route(self, path_components):
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return self.live

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The database works out the filters, the count and the page: only the
        # reports shown are read, with their authors and categories. The
        # categories and years offered change only when public content does,
        # so they are worked out once per purge of the page cache.
        visible = self.reports()
        categories, years = pagecache.remember(
            f"publications-filters:{self.pk}", self._filters
        )

        category = listing.find_category(categories, request.GET.get("category"))
        year = listing.parse_year(request.GET.get("year"), years)
        filtered = visible
        if category is not None:
            filtered = filtered.filter(categories=category)
        if year is not None:
            filtered = filtered.filter(publication_date__year=year)
        paginator = Paginator(
            filtered.order_by(*listing.LISTING_ORDER), listing.REPORTS_PER_PAGE
        )
        results = paginator.get_page(request.GET.get("page"))
        reports = with_listing_data(results.object_list)

        context.update(
            categories=categories,
            years=years,
            active_category=category,
            active_year=year,
            ignored_filters=listing.ignored_filters(request.GET, category, year),
            reports=reports,
            results=results,
            paginator=paginator,
            filter_query=listing.query_string(category=category, year=year),
            feed_url=self.url + "feed/",
        )
        return context

    def _filters(self):
        """(categories, years) of the public reports, for the filter links."""
        visible = self.reports()
        categories = list(
            Category.objects.filter(
                pk__in=ReportPage.categories.through.objects.filter(
                    reportpage__in=visible
                ).values("category_id")
            ).order_by("kind", "name", "pk")
        )
        years = [day.year for day in visible.dates("publication_date", "year", "DESC")]
        return categories, years

    @path("feed/")
    def feed(self, request):
        reports = with_listing_data(
            self.reports().order_by(*listing.LISTING_ORDER)[: listing.FEED_LENGTH]
        )
        body = report_feed(self, reports, base_url=settings.BASE_URL)
        return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
