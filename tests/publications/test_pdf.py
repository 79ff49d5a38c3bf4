import datetime
import html
import io
import re

import pytest
from pypdf import PdfReader

from publications.models import PolicyPointer, ReportAuthor
from publications.pdf import report_pdf
from roundtable.models import SiteSettings
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    ReportPageFactory,
)
from tests.factories import report_pdf as uploaded_pdf

pytestmark = pytest.mark.django_db

TITLE = "Victims’ “protection” first — a 2014–2015 review"
SUMMARY = "<p>Nguyễn’s team found that “care” and law – together – protect.</p>"


@pytest.fixture
def report(report_index):
    author = PersonFactory(
        name="Nguyễn Thị Lan",
        organisation=OrganisationFactory(name="Viện Nghiên cứu", short_name="VNC"),
    )
    return ReportPageFactory(
        parent=report_index,
        slug="protection-first",
        title=TITLE,
        publication_date=datetime.date(2015, 2, 1),
        last_updated=datetime.date(2015, 2, 13),
        summary=SUMMARY,
        conclusion="<p>Protection runs alongside prevention.</p>",
        authors=[ReportAuthor(person=author)],
        policy_pointers=[
            PolicyPointer(
                title="Dedicated case managers",
                text="One person follows each victim’s case.",
                anchor="dedicated-case-managers",
            )
        ],
    )


def read(data):
    """The PDF's pages' text with runs of white space as one space, and its reader."""
    reader = PdfReader(io.BytesIO(data))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    return pages, reader


def make(report, **kwargs):
    defaults = {
        "authors": [link.person for link in report.authors.all()],
        "publisher": "Centre for Studies",
        "url": "http://testserver/publications/protection-first/",
        "citation": "Nguyễn, T. (2015). A citation – with a dash.",
    }
    return report_pdf(report, **defaults | kwargs)


def test_pdf_keeps_curly_quotes_dashes_and_diacritics(report):
    pages, _ = read(make(report))
    text = " ".join(pages)
    assert TITLE in text
    assert "Nguyễn Thị Lan, VNC" in text
    assert "Nguyễn’s team found that “care” and law – together – protect." in text
    assert "One person follows each victim’s case." in text
    assert "Nguyễn, T. (2015). A citation – with a dash." in text


def test_pdf_pages_are_numbered_and_carry_the_reports_address(report):
    pages, reader = read(make(report))
    count = len(reader.pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {count}" in page
        assert "http://testserver/publications/protection-first/" in page


def test_pdf_has_site_name_dates_pointer_addresses_and_sections(report):
    pages, _ = read(make(report))
    text = " ".join(pages)
    assert text.startswith("Roundtable Centre for Studies COMMEMORATIVE / EVENT REPORT")
    assert "Published 1 February 2015 · Last updated 13 February 2015" in text
    assert (
        "1. Dedicated case managers One person follows each victim’s case. "
        "http://testserver/publications/protection-first/#dedicated-case-managers"
    ) in text
    sections = ["Executive summary", "Policy pointers", "Conclusion", "Cite this"]
    positions = [text.index(section) for section in sections]
    assert positions == sorted(positions)


def test_pdf_metadata_has_title_authors_and_language(report):
    _, reader = read(make(report))
    assert reader.metadata.title == TITLE
    assert reader.metadata.author == "Nguyễn Thị Lan"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_report_without_upload_offers_the_pdf_made_from_its_page(client, report):
    site_settings = SiteSettings.load()
    site_settings.publisher_name = "Centre for Studies"
    site_settings.save()
    page = client.get(report.url).content.decode()
    address = "/publications/protection-first/pdf/"
    assert f'<a class="button" href="{address}" download>' in page
    assert (
        f'<meta name="citation_pdf_url" content="http://testserver{address}">' in page
    )

    response = client.get(address)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="protection-first.pdf"'
    pages, _ = read(response.content)
    assert pages[0].startswith("Roundtable Centre for Studies")
    citation = html.unescape(re.search(r'id="citation">([^<]*)<', page).group(1))
    assert citation == (
        "Lan, N. T. (2015). Victims’ “protection” first — a 2014–2015 review. "
        "Commemorative / Event Report. Centre for Studies. 1 February 2015. "
        "Available at: http://testserver/publications/protection-first/"
    )
    assert citation in " ".join(pages)


def test_pdf_follows_the_published_page(client, report):
    client.get("/publications/protection-first/pdf/")
    report.title = "A new title"
    report.save_revision().publish()

    response = client.get("/publications/protection-first/pdf/")

    assert read(response.content)[1].metadata.title == "A new title"


def test_uploaded_pdf_wins(client, report):
    document = uploaded_pdf()
    report.pdf = document
    report.save_revision().publish()

    html = client.get(report.url).content.decode()
    response = client.get("/publications/protection-first/pdf/")

    assert f'<a class="button" href="{document.url}" download>' in html
    assert "/publications/protection-first/pdf/" not in html
    assert response.status_code == 302
    assert response["Location"] == document.url


def test_pdf_of_a_draft_report_is_not_served(client, report):
    report.unpublish()

    assert client.get("/publications/protection-first/pdf/").status_code == 404


def test_the_source_note_leads_the_pdf_and_the_page(client, report):
    note = "A summary written for this site of the report published on 1 February 2015."
    assert note not in " ".join(read(make(report))[0])
    report.source_note = note
    report.save_revision().publish()
    text = " ".join(read(make(report))[0])
    assert note in text
    assert text.index(note) < text.index("Executive summary")
    html_text = client.get(report.url).content.decode()
    assert f'<p class="report-source-note">{note}</p>' in html_text
