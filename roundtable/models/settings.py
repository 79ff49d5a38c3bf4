from django.core.cache import cache
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Site

from roundtable.caching import SITE_SETTINGS_KEY, TIMEOUT


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

    @classmethod
    def load(cls, request_or_site=None):
        """Wagtail's `load`, kept in the shared cache that `pagecache.purge` clears.

        Without it every uncached render reads the row: one query more a page.
        """
        attr_name = cls.get_cache_attr_name()
        if hasattr(request_or_site, attr_name):
            return getattr(request_or_site, attr_name)
        site_settings = cache.get(SITE_SETTINGS_KEY)
        if site_settings is None:
            site_settings = super().load()
            cache.set(SITE_SETTINGS_KEY, site_settings, TIMEOUT)
        if request_or_site is not None and not isinstance(request_or_site, Site):
            setattr(request_or_site, attr_name, site_settings)
        return site_settings
