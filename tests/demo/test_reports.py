import io

import pytest
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.models import Collection

from demo.reports import (
    PUBLICATIONS_COLLECTION,
    REPORT_SLUG,
    STAND_IN_PDF_TITLE,
    ensure_publications_collection,
)
from publications.models import ReportPage
from tests.factories import report_pdf

pytestmark = pytest.mark.django_db

REPORT_URL = f"/publications/{REPORT_SLUG}/"


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())
    return ReportPage.objects.get(slug=REPORT_SLUG)


def test_demo_report_is_published_at_its_address_with_the_seed_facts(client, demo):
    assert demo.url == REPORT_URL
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for fact in [
        "Julius Cesar Imperial Trajano",
        "Margareth Sembiring",
        '<time datetime="2015-02-01">1 February 2015</time>',
        '<time datetime="2015-02-13">13 February 2015</time>',
        '<p class="eyebrow">Commemorative / Event Report</p>',
        "Non-Traditional Security",
        "East Asia and Asia Pacific",
        "Southeast Asia and ASEAN",
        "800,000",
        "27 million",
        "T-Visa",
        "age and gender",
        '<li class="pointer" id="standardise-definitions">',
        '<li class="pointer" id="open-protection-to-partners">',
        '<li class="pointer" id="dedicated-case-managers">',
        '<h2 id="conclusion-heading">Conclusion</h2>',
        '<h2 id="reintegration-and-legal-status">Reintegration and legal status</h2>',
    ]:
        assert fact in html, fact
    assert [c.kind for c in demo.categories.order_by("name")] == [
        "region",
        "topic",
        "region",
    ]
    # The report has no check list, and credits no session with a pointer.
    assert demo.checklist_items.count() == 0
    assert 'id="check-list"' not in html
    assert not demo.policy_pointers.filter(sessions__isnull=False).exists()
    assert demo.related_event.slug == "trafficking-in-persons-roundtable-2014"


def test_demo_report_pdf_is_made_from_its_page(client, demo):
    assert demo.pdf is None
    assert (
        Collection.get_first_root_node()
        .get_children()
        .filter(name=PUBLICATIONS_COLLECTION)
        .exists()
    )
    response = client.get(f"{REPORT_URL}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")
    assert len(response.content) > 3000


def test_demo_event_page_links_to_the_report(client, demo):
    html = client.get("/events/trafficking-in-persons-roundtable-2014/").content
    assert f'<a href="{REPORT_URL}#dedicated-case-managers">' in html.decode()


def test_demo_menu_has_publications(client, demo):
    html = client.get("/").content.decode()
    assert '<a href="/publications/">Publications</a>' in html


def test_demo_takes_back_the_stand_in_pdf_an_earlier_demo_uploaded(client, demo):
    stand_in = report_pdf(STAND_IN_PDF_TITLE, content=b"%PDF-1.4 stand-in")
    stand_in.collection = ensure_publications_collection()
    stand_in.save()
    demo.pdf = stand_in
    demo.save_revision().publish()

    call_command("load_demo", stdout=io.StringIO())

    report = ReportPage.objects.get(slug=REPORT_SLUG)
    assert report.pdf is None
    assert not Document.objects.filter(title=STAND_IN_PDF_TITLE).exists()
    assert client.get(f"{REPORT_URL}pdf/").status_code == 200
