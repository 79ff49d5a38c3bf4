"""Publications: the reports a roundtable publishes, and their listing and feed."""

import html

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from roundtable.blocks import BodyBlock, heading_anchors
from roundtable.visibility import public_pages

REPORT_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
REPORTS_PER_PAGE = 10
FEED_LENGTH = 20
# Newest first; the id settles ties so that pages of results never overlap.
LISTING_ORDER = ("-publication_date", "-first_published_at", "-pk")
# Sections every report has; their anchors are part of the page's address.
FIXED_SECTIONS = {
    "summary": "Executive summary",
    "policy-pointers": "Policy pointers",
    "check-list": "Protection check list",
    "conclusion": "Conclusion",
}
# Other ids on the report page (base and report templates); no anchor may take one.
PAGE_IDS = {
    "main-content",
    "summary-heading",
    "policy-pointers-heading",
    "check-list-heading",
    "conclusion-heading",
    "cite",
    "cite-heading",
    "citation",
    "toc-heading",
}


class ReportType(models.TextChoices):
    EVENT_REPORT = "event-report", _("Commemorative / Event Report")
    POLICY_REPORT = "policy-report", _("Policy Report")
    POLICY_BRIEF = "policy-brief", _("Policy Brief")
    WORKING_PAPER = "working-paper", _("Working Paper")


class CategoryKind(models.TextChoices):
    TOPIC = "topic", _("Topic")
    REGION = "region", _("Region")


class Category(index.Indexed, models.Model):
    """A topic or a region that reports are filed under."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(
        max_length=16, choices=CategoryKind.choices, default=CategoryKind.TOPIC
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


def visible_reports():
    """Reports anyone may read: live (so not embargoed) and without restrictions."""
    return public_pages(ReportPage.objects.all())


def with_listing_data(reports, *, category_links=None):
    """`reports` as a list, each with what a listing shows besides its own fields.

    Each report gets `author_names`, in the authors' order, and
    `listed_categories`, by kind and name. That costs two light queries, or one
    when the caller already has the reports' `_category_links()`.
    """
    reports = list(reports)
    by_pk = {report.pk: report for report in reports}
    for report in reports:
        report.author_names = []
        report.listed_categories = []
    authors = (
        ReportAuthor.objects.filter(page__in=by_pk)
        .order_by("sort_order")
        .values_list("page_id", "person__name")
    )
    for page_id, name in authors:
        by_pk[page_id].author_names.append(name)
    if category_links is None:
        category_links = _category_links(by_pk)
    for link in category_links:
        if link.reportpage_id in by_pk:
            by_pk[link.reportpage_id].listed_categories.append(link.category)
    return reports


def _category_links(report_ids):
    """The (report, category) rows of these reports, by category kind and name."""
    return list(
        ReportPage.categories.through.objects.filter(reportpage__in=report_ids)
        .select_related("category")
        .order_by("category__kind", "category__name", "category__pk")
    )


def latest_reports(limit=3):
    """The newest public reports, for the home page."""
    return with_listing_data(visible_reports().order_by(*LISTING_ORDER)[:limit])


class ReportIndexPage(RoutablePageMixin, Page):
    """/publications/: every public report, newest first, with filters and a feed."""

    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["roundtable.HomePage"]
    subpage_types = ["roundtable.ReportPage"]
    max_count = 1
    template = "roundtable/report_index_page.html"

    class Meta:
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
                .first()
            )
            if report is not None:
                report._cached_parent_obj = self
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
        # Every public report's id and date, and their categories, in two light
        # queries: the filters, the count and the page are worked out from them.
        rows = list(
            self.reports()
            .order_by(*LISTING_ORDER)
            .values_list("pk", "publication_date")
        )
        links = _category_links([pk for pk, _ in rows])
        categories = list(dict.fromkeys(link.category for link in links))
        years = sorted({day.year for _, day in rows}, reverse=True)

        category = _find_category(categories, request.GET.get("category"))
        year = _parse_year(request.GET.get("year"), years)
        in_category = {
            link.reportpage_id for link in links if link.category == category
        }
        filtered = [
            pk
            for pk, day in rows
            if (category is None or pk in in_category)
            and (year is None or day.year == year)
        ]
        paginator = Paginator(filtered, REPORTS_PER_PAGE)
        results = paginator.get_page(request.GET.get("page"))
        by_pk = ReportPage.objects.in_bulk(results.object_list)
        reports = with_listing_data(
            [by_pk[pk] for pk in results.object_list], category_links=links
        )

        context.update(
            categories=categories,
            years=years,
            active_category=category,
            active_year=year,
            ignored_filters=_ignored_filters(request.GET, category, year),
            reports=reports,
            results=results,
            paginator=paginator,
            filter_query=_query_string(category=category, year=year),
            feed_url=self.url + "feed/",
        )
        return context

    @path("feed/")
    def feed(self, request):
        from roundtable.feeds import report_feed

        reports = with_listing_data(
            self.reports().order_by(*LISTING_ORDER)[:FEED_LENGTH]
        )
        body = report_feed(self, reports, base_url=settings.BASE_URL)
        return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


def _find_category(categories, slug):
    return next((c for c in categories if slug and c.slug == slug), None)


def _parse_year(value, years):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if year in years else None


def _ignored_filters(query, category, year):
    """Filters in the address that match nothing and were therefore ignored."""
    ignored = []
    if query.get("category") and category is None:
        ignored.append("category")
    if query.get("year") and year is None:
        ignored.append("year")
    return ignored


def _query_string(*, category=None, year=None):
    parts = []
    if category is not None:
        parts.append(f"category={category.slug}")
    if year is not None:
        parts.append(f"year={year}")
    return "&".join(parts)


class ReportPage(Page):
    """A published report: summary, body, policy pointers, check list, PDF."""

    publication_date = models.DateField()
    last_updated = models.DateField(
        null=True, blank=True, help_text=_("When the report was last revised.")
    )
    report_type = models.CharField(
        max_length=32, choices=ReportType.choices, default=ReportType.EVENT_REPORT
    )
    categories = ParentalManyToManyField(Category, blank=True, related_name="reports")
    related_event = models.ForeignKey(
        "roundtable.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    summary = RichTextField("executive summary", features=REPORT_TEXT_FEATURES)
    body = StreamField(BodyBlock(), blank=True)
    pointers_introduction = models.TextField(blank=True)
    checklist_introduction = models.TextField(blank=True)
    conclusion = RichTextField(features=REPORT_TEXT_FEATURES, blank=True)
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="PDF",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("publication_date"), FieldPanel("last_updated")]
                ),
                FieldPanel("report_type"),
                FieldPanel("categories"),
                FieldPanel("related_event"),
            ],
            heading=_("About the report"),
        ),
        InlinePanel("authors", heading=_("Authors"), label=_("Author")),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("pointers_introduction"),
        InlinePanel(
            "policy_pointers", heading=_("Policy pointers"), label=_("Policy pointer")
        ),
        FieldPanel("checklist_introduction"),
        InlinePanel(
            "checklist_items",
            heading=_("Protection check list"),
            label=_("Check-list item"),
        ),
        FieldPanel("conclusion"),
        FieldPanel("pdf"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("conclusion"),
        index.RelatedFields(
            "policy_pointers", [index.SearchField("title"), index.SearchField("text")]
        ),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["roundtable.ReportIndexPage"]
    subpage_types = []
    template = "roundtable/report_page.html"

    class Meta:
        verbose_name = _("report")

    def clean(self):
        super().clean()
        if self.slug == "feed":
            raise ValidationError({"slug": _("“feed” is the address of the feed.")})
        if (
            self.publication_date
            and self.last_updated
            and self.last_updated < self.publication_date
        ):
            raise ValidationError(
                {
                    "last_updated": _(
                        "A report cannot be updated before it is published."
                    )
                }
            )
        self.assign_pointer_anchors()
        self.check_sessions_belong_to_event()

    def save(self, *args, **kwargs):
        self.assign_pointer_anchors()
        self.check_sessions_belong_to_event()
        super().save(*args, **kwargs)

    def check_sessions_belong_to_event(self):
        """Pointers and check-list items cite sessions of the related event only."""
        event_id = self.related_event_id
        cited = [
            session
            for pointer in self.policy_pointers.all()
            for session in pointer.sessions.all()
        ] + [item.session for item in self.checklist_items.all() if item.session]
        strays = sorted({s.title for s in cited if s.event_id != event_id})
        if strays:
            raise ValidationError(
                {
                    "related_event": _(
                        "Policy pointers and check-list items may only cite sessions "
                        "of the related event; these are not: %(titles)s."
                    )
                    % {"titles": ", ".join(strays)}
                }
            )

    def assign_pointer_anchors(self):
        """Give each policy pointer without an anchor one derived from its title.

        An anchor, once set, is kept when the title changes, so links stay valid.
        """
        pointers = list(self.policy_pointers.all())
        taken = (
            {p.anchor for p in pointers if p.anchor} | set(FIXED_SECTIONS) | PAGE_IDS
        )
        for number, pointer in enumerate(pointers, start=1):
            if pointer.anchor:
                continue
            base = slugify(pointer.title)[:60].strip("-") or f"pointer-{number}"
            anchor, suffix = base, 2
            while anchor in taken:
                anchor, suffix = f"{base}-{suffix}", suffix + 1
            pointer.anchor = anchor
            taken.add(anchor)

    @cached_property
    def summary_text(self):
        """The executive summary as plain text, for listings, feeds and metadata."""
        return " ".join(html.unescape(strip_tags(self.summary)).split())

    def body_with_anchors(self, *, pointers):
        """(block, anchor) for the body: heading anchors that repeat no other id."""
        taken = set(FIXED_SECTIONS) | PAGE_IDS | {p.anchor for p in pointers}
        return heading_anchors(self.body, taken=taken)

    def table_of_contents(self, *, body, has_pointers, has_checklist):
        """(anchor, title, level) for each section, in reading order.

        `body` is body_with_anchors(), so the links match the headings' ids."""
        entries = [("summary", FIXED_SECTIONS["summary"], 2)]
        for block, anchor in body:
            if anchor is not None:
                level = 3 if block.value["level"] == "h3" else 2
                entries.append((anchor, block.value["text"], level))
        if has_pointers:
            entries.append(("policy-pointers", FIXED_SECTIONS["policy-pointers"], 2))
        if has_checklist:
            entries.append(("check-list", FIXED_SECTIONS["check-list"], 2))
        if self.conclusion:
            entries.append(("conclusion", FIXED_SECTIONS["conclusion"], 2))
        return entries

    def public_related_event(self):
        """The related event if anyone may see it, else None.

        It comes with `has_public_programme`: whether its programme page is
        public too (the page cites sessions there).
        """
        from programme.models import ProgrammePage

        event = self.related_event
        if event is None:
            return None
        programme_type = ContentType.objects.get_for_model(ProgrammePage)
        public = set(
            public_pages(
                Page.objects.filter(
                    Q(pk=event.pk)
                    | Q(content_type=programme_type, pk__in=event.get_children())
                )
            ).values_list("content_type_id", flat=True)
        )
        if event.content_type_id not in public:
            return None
        event.has_public_programme = programme_type.pk in public
        return event

    def get_context(self, request, *args, **kwargs):
        from roundtable.jsonld import dumps_jsonld, report_jsonld
        from roundtable.models.settings import SiteSettings

        context = super().get_context(request, *args, **kwargs)
        authors = [
            link.person for link in self.authors.select_related("person__organisation")
        ]
        categories = list(self.categories.all())
        event = self.public_related_event()
        organisers = (
            [
                link.organisation
                for link in event.organisers.select_related("organisation")
            ]
            if event is not None
            else []
        )
        site_settings = SiteSettings.load(request_or_site=request)
        from programme.models import Session

        live_sessions = Session.objects.filter(live=True).only(
            "id", "slug", "title", "event_id"
        )
        pointers = list(
            self.policy_pointers.prefetch_related(
                Prefetch("sessions", queryset=live_sessions, to_attr="live_sessions")
            )
        )
        checklist_items = list(
            self.checklist_items.select_related("session").only(
                "page",
                "need",
                "responses",
                "practices",
                "session__slug",
                "session__title",
                "session__live",
            )
        )
        body = self.body_with_anchors(pointers=pointers)
        cites_sessions = any(p.live_sessions for p in pointers) or any(
            item.session and item.session.live for item in checklist_items
        )
        context.update(
            authors=authors,
            categories=categories,
            event=event,
            policy_pointers=pointers,
            checklist_items=checklist_items,
            programme_url=(
                programme_page_url(event)
                if event is not None and event.has_public_programme and cites_sessions
                else ""
            ),
            body=body,
            table_of_contents=self.table_of_contents(
                body=body,
                has_pointers=bool(pointers),
                has_checklist=bool(checklist_items),
            ),
            # The sharing tags' description, cut as `truncatewords:40` would.
            description=Truncator(self.search_description or self.summary_text).words(
                40, truncate=" …"
            ),
            base_url=settings.BASE_URL,
            full_url=settings.BASE_URL + self.url,
            # The parent's address without a query: this page's, less its slug.
            index_url=self.url[: -len(self.slug) - 1],
            citation=citation_text(
                self,
                authors=authors,
                publisher=site_settings.publisher_name,
                url=settings.BASE_URL + self.url,
            ),
            jsonld=dumps_jsonld(
                report_jsonld(
                    self,
                    authors=authors,
                    categories=categories,
                    event=event,
                    organisers=organisers,
                    base_url=settings.BASE_URL,
                    publisher_name=site_settings.publisher_name,
                    publisher_url=site_settings.publisher_url,
                )
            ),
        )
        return context


def programme_page_url(event):
    """The address of an event's programme page: its fixed slug below the event."""
    from programme.models import ProgrammePage

    return f"{event.url}{ProgrammePage.required_slug}/"


def citation_text(report, *, authors, publisher, url):
    """A plain-text citation: ‘Trajano, J. C. I. and Sembiring, M. (2015) …’."""
    names = [_citation_name(person.name) for person in authors]
    if len(names) > 1:
        names_text = ", ".join(names[:-1]) + " and " + names[-1]
    else:
        names_text = "".join(names)
    parts = []
    if names_text:
        parts.append(f"{names_text} ({report.publication_date.year}).")
    else:
        parts.append(f"({report.publication_date.year}).")
    parts.append(f"{report.title}.")
    parts.append(f"{report.get_report_type_display()}.")
    if publisher:
        parts.append(f"{publisher}.")
    parts.append(f"{report.publication_date.day} {report.publication_date:%B %Y}.")
    parts.append(f"Available at: {url}")
    return " ".join(parts)


def _citation_name(name):
    words = name.split()
    if len(words) < 2:
        return name
    initials = " ".join(f"{word[0]}." for word in words[:-1])
    return f"{words[-1]}, {initials}"


class ReportAuthor(Orderable):
    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "programme.Person", on_delete=models.PROTECT, related_name="report_authorships"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "person"], name="unique_report_author"
            )
        ]

    def __str__(self):
        return str(self.person)


class PolicyPointer(ClusterableModel, Orderable):
    """One recommendation of a report, with an anchor others can link to."""

    page = ParentalKey(
        ReportPage, on_delete=models.CASCADE, related_name="policy_pointers"
    )
    title = models.CharField(max_length=255, help_text=_("A few words."))
    text = models.TextField()
    anchor = models.SlugField(
        max_length=80,
        blank=True,
        help_text=_(
            "The pointer's address on the page (…/#anchor). Filled in from the title "
            "when empty; change it only if no one links to it yet."
        ),
    )

    sessions = ParentalManyToManyField(
        "programme.Session",
        blank=True,
        related_name="policy_pointers",
        help_text=_("The sessions of the related event this pointer came from."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("anchor"),
        FieldPanel("sessions", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta(Orderable.Meta):
        pass

    def __str__(self):
        return self.title


class ChecklistItem(Orderable):
    """A line of the protection check list: a need, the responses, the practices."""

    page = ParentalKey(
        ReportPage, on_delete=models.CASCADE, related_name="checklist_items"
    )
    need = models.CharField(max_length=255)
    responses = models.TextField(help_text=_("How the need can be met."))
    practices = models.TextField(
        blank=True, help_text=_("Good practices participants shared.")
    )

    session = models.ForeignKey(
        "programme.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checklist_items",
        limit_choices_to={"kind": "breakout"},
        help_text=_("The breakout session that produced this item."),
    )

    panels = [
        FieldPanel("need"),
        FieldPanel("responses"),
        FieldPanel("practices"),
        FieldPanel("session"),
    ]

    def __str__(self):
        return self.need
