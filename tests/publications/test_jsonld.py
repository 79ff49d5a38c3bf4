import datetime
import json
import re

from publications.jsonld import dumps_jsonld
from publications.models import ReportAuthor
from roundtable.models import SiteSettings
from tests.factories import (
    CategoryFactory,
    OrganisationFactory,
    PersonFactory,
    ReportPageFactory,
)


def embedded_jsonld(html):
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_report_jsonld_has_report_authors_dates_publisher_and_event(
    client, report_index, event_page
):
    settings = SiteSettings.load()
    settings.publisher_name = "RSIS Centre for NTS Studies"
    settings.publisher_url = "https://www.rsis.edu.sg/"
    settings.save()
    icrc = OrganisationFactory(
        name="International Committee of the Red Cross", short_name="ICRC"
    )
    event_page.organisers.create(organisation=icrc)
    event_page.venue_address = "403 Havelock Road\nSingapore 169632"
    event_page.save_revision().publish()
    author = PersonFactory(name="Margareth Sembiring", organisation=icrc)
    report = ReportPageFactory(
        parent=report_index,
        title="Protection </script><script>alert(1)</script>",
        slug="protection",
        publication_date=datetime.date(2015, 2, 1),
        last_updated=datetime.date(2015, 2, 13),
        related_event=event_page,
        authors=[ReportAuthor(person=author)],
        categories=[CategoryFactory(name="Southeast Asia and ASEAN", slug="sea")],
    )

    html = client.get(report.url).content.decode()
    data = embedded_jsonld(html)

    assert "<script>alert(1)</script>" not in html
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Report"
    assert data["name"] == "Protection </script><script>alert(1)</script>"
    assert data["url"] == "http://testserver/publications/protection/"
    assert data["datePublished"] == "2015-02-01"
    assert data["dateModified"] == "2015-02-13"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Margareth Sembiring",
            "affiliation": {
                "@type": "Organization",
                "name": "International Committee of the Red Cross",
            },
        }
    ]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "RSIS Centre for NTS Studies",
        "url": "https://www.rsis.edu.sg/",
    }
    assert data["keywords"] == ["Southeast Asia and ASEAN"]
    event = data["about"]
    assert event["@type"] == "Event"
    assert event["startDate"] == "2014-06-26"
    assert event["endDate"] == "2014-06-27"
    assert event["url"] == f"http://testserver{event_page.url}"
    assert (
        event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    )
    assert event["location"] == {
        "@type": "Place",
        "name": "Copthorne King’s Hotel",
        "address": "403 Havelock Road Singapore 169632",
    }
    assert event["organizer"] == [
        {
            "@type": "Organization",
            "name": "International Committee of the Red Cross",
            "alternateName": "ICRC",
        }
    ]


def test_dumps_jsonld_cannot_close_the_script_element():
    text = dumps_jsonld({"name": "</script><!-- & -->"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == {"name": "</script><!-- & -->"}


def test_report_without_event_has_no_about(client, report_index):
    report = ReportPageFactory(parent=report_index)
    data = embedded_jsonld(client.get(report.url).content.decode())
    assert "about" not in data
