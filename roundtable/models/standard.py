"""Plain editorial pages: About, the privacy notice and the like."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from roundtable.blocks import BodyBlock, heading_anchors
from roundtable.visibility import ReadWithRestrictions


class StandardPage(ReadWithRestrictions, Page):
    """A plain editorial page: About, Privacy notice and the like."""

    introduction = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)
    last_reviewed = models.DateField(null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    template = "roundtable/standard_page.html"

    def body_with_anchors(self):
        """(block, anchor) for the body; no heading repeats another's id."""
        return heading_anchors(self.body, taken={"main-content"})
