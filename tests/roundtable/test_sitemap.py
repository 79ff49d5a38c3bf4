"""The sitemap and robots.txt give crawlers the public site on BASE_URL."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Site

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    return sorted(
        url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")
    )


def test_sitemap_addresses_are_on_base_url_whatever_the_sites_hostname(
    client, event_page, settings
):
    settings.BASE_URL = "https://roundtables.example.org"
    Site.objects.filter(is_default_site=True).update(
        hostname="internal-host", port=8080
    )
    assert locations(client) == [
        "https://roundtables.example.org/",
        "https://roundtables.example.org/events/",
        f"https://roundtables.example.org{event_page.url}",
    ]


def test_robots_txt_keeps_crawlers_out_of_personal_paths(client, settings):
    settings.BASE_URL = "https://roundtables.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /accounts/\n"
        "Disallow: /my/\n"
        "Disallow: /invitations/\n"
        "Disallow: /_util/\n"
        "Sitemap: https://roundtables.example.org/sitemap.xml\n"
    )
