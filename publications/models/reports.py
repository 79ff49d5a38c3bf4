"""Publications: the reports a roundtable publishes, and the queries that list them."""

import html

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from programme.models import ProgrammePage, Session
from publications import contents
from publications.citation import citation_text
from publications.forms import ReportPageForm
from publications.jsonld import dumps_jsonld, report_jsonld
from roundtable import pagecache
from roundtable.addresses import absolute_url
from roundtable.blocks import BodyBlock
from roundtable.models import SiteSettings
from roundtable.visibility import ReadWithRestrictions, public_pages

from .categories import Category

# How long a made PDF is kept; a change of content changes its key before then.
PDF_CACHE_TIMEOUT = 24 * 60 * 60
REPORT_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class ReportType(models.TextChoices):
    EVENT_REPORT = "event-report", _("Commemorative / Event Report")
    POLICY_REPORT = "policy-report", _("Policy Report")
    POLICY_BRIEF = "policy-brief", _("Policy Brief")
    WORKING_PAPER = "working-paper", _("Working Paper")


class ReportPage(RoutablePageMixin, ReadWithRestrictions, Page):
    """A published report: summary, body, policy pointers, check list, PDF.

    The PDF is the uploaded document if there is one; otherwise the page makes
    it from its own content at `pdf/`, so page and PDF cannot drift.
    """

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
    source_note = models.TextField(
        _("about this text"),
        blank=True,
        help_text=_(
            "When the page is not the report's own text, say so, e.g. “A summary "
            "written for this site of the report published on 1 February 2015.” "
            "Shown above the summary and in the PDF made from the page."
        ),
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

    base_form_class = ReportPageForm
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
        FieldPanel("source_note"),
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
        FieldPanel(
            "pdf",
            help_text=_(
                "Leave empty to offer a PDF made from this page, always up to date."
            ),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("conclusion"),
        index.RelatedFields(
            "policy_pointers", [index.SearchField("title"), index.SearchField("text")]
        ),
        index.RelatedFields(
            "checklist_items",
            [
                index.SearchField("need"),
                index.SearchField("responses"),
                index.SearchField("practices"),
            ],
        ),
        index.RelatedFields(
            "authors",
            [index.RelatedFields("person", [index.SearchField("name")])],
        ),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["publications.ReportIndexPage"]
    subpage_types = []
    template = "publications/report_page.html"

    class Meta:
        # The table the model had in the roundtable app: its rows stay where they are.
        db_table = "roundtable_reportpage"
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
        """See `contents.assign_pointer_anchors`: anchors, once set, are kept."""
        contents.assign_pointer_anchors(self.policy_pointers.all())

    @cached_property
    def summary_text(self):
        """The executive summary as plain text, for listings, feeds and metadata."""
        return " ".join(html.unescape(strip_tags(self.summary)).split())

    def body_with_anchors(self, *, pointers):
        """(block, anchor) for the body: heading anchors that repeat no other id."""
        return contents.body_with_anchors(self.body, pointers=pointers)

    def table_of_contents(self, *, body, has_pointers, has_checklist):
        """(anchor, title, level) for each section, in reading order."""
        return contents.table_of_contents(
            body=body,
            has_pointers=has_pointers,
            has_checklist=has_checklist,
            has_conclusion=bool(self.conclusion),
        )

    def public_related_event(self):
        """The related event if anyone may see it, else None.

        It comes with `public_programme`: its programme page if that is public
        too (the page links the sessions it cites there), else None.
        """
        event = self.related_event
        if event is None:
            return None
        programme_type = ContentType.objects.get_for_model(ProgrammePage)
        public = {
            page.content_type_id: page
            for page in public_pages(
                Page.objects.filter(
                    Q(pk=event.pk)
                    | Q(content_type=programme_type, pk__in=event.get_children())
                )
            )
        }
        if event.content_type_id not in public:
            return None
        programme = public.get(programme_type.pk)
        # Its routes make the session addresses; no more of it is read.
        event.public_programme = programme.specific_deferred if programme else None
        return event

    def pdf_url(self):
        """The PDF's address: the uploaded document's, or the one made from the page."""
        if self.pdf_id is not None:
            return self.pdf.url
        return self.url + self.reverse_subpage("generated_pdf")

    def report_authors(self):
        return [
            link.person for link in self.authors.select_related("person__organisation")
        ]

    def event_organisers(self, event):
        """The organisations that organised `event` (None: no public event)."""
        if event is None:
            return []
        return [
            link.organisation
            for link in event.organisers.select_related("organisation")
        ]

    def citation(self, *, authors, publisher):
        return citation_text(
            self, authors=authors, publisher=publisher, url=absolute_url(self.url)
        )

    @path("pdf/", name="generated_pdf")
    def generated_pdf(self, request):
        """The report as a PDF, made from what the page shows; an upload wins."""
        if self.pdf_id is not None:
            return HttpResponseRedirect(self.pdf.url)
        # Making it takes a second: it is kept until anything public changes
        # (a purge of the page cache) or the page has a new live revision.
        data = pagecache.remember(
            f"report-pdf:{self.pk}:{self.live_revision_id}",
            lambda: self._make_pdf(request),
            PDF_CACHE_TIMEOUT,
        )
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.slug}.pdf"'
        return response

    def _make_pdf(self, request):
        # Imported when a PDF is first made: fpdf2, Pillow and fontTools would
        # add about 12 MB to every worker that never makes one.
        from publications.pdf import report_pdf

        authors = self.report_authors()
        event = self.public_related_event()
        publisher = SiteSettings.load(request_or_site=request).publisher_name
        return report_pdf(
            self,
            authors=authors,
            event=event,
            organisers=self.event_organisers(event),
            publisher=publisher,
            url=absolute_url(self.url),
            citation=self.citation(authors=authors, publisher=publisher),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        authors = self.report_authors()
        categories = list(self.categories.all())
        event = self.public_related_event()
        organisers = self.event_organisers(event)
        site_settings = SiteSettings.load(request_or_site=request)
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
            programme=(
                event.public_programme if event is not None and cites_sessions else None
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
            full_url=absolute_url(self.url),
            # The parent's address without a query: this page's, less its slug.
            index_url=self.url[: -len(self.slug) - 1],
            pdf_url=self.pdf_url(),
            citation=self.citation(
                authors=authors, publisher=site_settings.publisher_name
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
                    pdf_url=absolute_url(self.pdf_url()),
                )
            ),
        )
        return context
