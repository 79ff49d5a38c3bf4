"""The parts of a report page: its authors, policy pointers and check list."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class ReportAuthor(Orderable):
    page = ParentalKey(
        "publications.ReportPage", on_delete=models.CASCADE, related_name="authors"
    )
    person = models.ForeignKey(
        "programme.Person", on_delete=models.PROTECT, related_name="report_authorships"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        db_table = "roundtable_reportauthor"
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
        "publications.ReportPage",
        on_delete=models.CASCADE,
        related_name="policy_pointers",
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
        db_table = "roundtable_policypointer"

    def __str__(self):
        return self.title


class ChecklistItem(Orderable):
    """A line of the protection check list: a need, the responses, the practices."""

    page = ParentalKey(
        "publications.ReportPage",
        on_delete=models.CASCADE,
        related_name="checklist_items",
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

    class Meta(Orderable.Meta):
        db_table = "roundtable_checklistitem"

    def __str__(self):
        return self.need
