"""The parts of an event page edited inline: its organisers, aims and themes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class EventOrganiser(Orderable):
    page = ParentalKey(
        "roundtable.EventPage", on_delete=models.CASCADE, related_name="organisers"
    )
    organisation = models.ForeignKey(
        "programme.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "organisation"], name="unique_event_organiser"
            )
        ]

    def __str__(self):
        return str(self.organisation)


class EventAim(Orderable):
    page = ParentalKey(
        "roundtable.EventPage", on_delete=models.CASCADE, related_name="aims"
    )
    text = models.TextField()

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text


class EventTheme(Orderable):
    """A strand of the programme; sessions refer to it."""

    page = ParentalKey(
        "roundtable.EventPage", on_delete=models.CASCADE, related_name="themes"
    )
    title = models.CharField(max_length=255)
    topics = models.TextField(
        blank=True, help_text=_("What the theme covers, in a line or two.")
    )

    panels = [FieldPanel("title"), FieldPanel("topics")]

    def __str__(self):
        return self.title
