"""The sitemap: Wagtail's, with the public pages as `roundtable.visibility` has
them and every address on BASE_URL (the Site's hostname, which Wagtail uses,
is whatever the admin holds, not the public address)."""

from wagtail.contrib.sitemaps import Sitemap

from roundtable.addresses import absolute_url
from roundtable.visibility import public_pages


class PublicSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        return (
            public_pages(root.get_descendants(inclusive=True))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["location"] = absolute_url(url["location"])
        return urls
