from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


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
        # The table the model had in the roundtable app: its rows stay where they are.
        db_table = "roundtable_category"
        ordering = ["kind", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name
