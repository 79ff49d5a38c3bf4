from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """Who publishes the site and how to reach them; shown in the footer."""

    publisher_name = models.CharField(
        max_length=255,
        blank=True,
        help_text="The institution that runs the roundtable series.",
    )
    publisher_url = models.URLField(blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="Where visitors and invitees can write to the organisers."
    )
    footer_note = models.CharField(max_length=255, blank=True)

    panels = [
        FieldPanel("publisher_name"),
        FieldPanel("publisher_url"),
        FieldPanel("contact_email"),
        FieldPanel("footer_note"),
    ]

    class Meta:
        verbose_name = "site settings"
