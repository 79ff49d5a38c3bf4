from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Organisation(index.Indexed, models.Model):
    """An institution: an organiser of an event, or a person's employer."""

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(
        max_length=64, blank=True, help_text=_("An acronym such as ‘ICRC’.")
    )
    url = models.URLField("website", blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("url"),
        FieldPanel("logo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        """The name with its acronym, as a reader expects to see it."""
        if self.short_name and self.short_name not in self.name:
            return f"{self.name} ({self.short_name})"
        return self.name


class Person(index.Indexed, models.Model):
    """Someone with a public role: a speaker, a chair, an author."""

    honorific = models.CharField(max_length=32, blank=True)
    name = models.CharField(max_length=255)
    position = models.CharField(max_length=255, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    country = models.CharField(max_length=100, blank=True)
    bio = models.TextField("short biography", blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_fictional = models.BooleanField(
        default=False,
        help_text=_("A sample person for demonstration; shown with a marker."),
    )

    panels = [
        FieldPanel("honorific"),
        FieldPanel("name"),
        FieldPanel("position"),
        FieldPanel("organisation"),
        FieldPanel("country"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("is_fictional"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("position"),
        index.AutocompleteField("name"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.honorific} {self.name}".strip()
