"""The publications index reads the ten reports it shows, not every report.

Its filters (categories, years), its count and its pages are worked out by the
database: with 1,000 reports the index read every report's id, date and
category links to show ten (issue 18). Here the rows read are counted as they
become objects, and the filters checked against the reports they stand for.
"""

import datetime

import pytest
from django.db.models.signals import post_init

from publications.models import ReportPage
from tests.factories import CategoryFactory, ReportPageFactory

pytestmark = pytest.mark.django_db

CategoryLink = ReportPage.categories.through


@pytest.fixture
def reports(report_index):
    topic = CategoryFactory(name="Non-Traditional Security", slug="nts")
    region = CategoryFactory(name="South-East Asia", slug="sea", kind="region")
    made = [
        ReportPageFactory(
            parent=report_index,
            title=f"Report {number:02d}",
            slug=f"report-{number:02d}",
            publication_date=datetime.date(2010 + number % 3, 1, 1)
            + datetime.timedelta(days=number),
            categories=[topic, region] if number % 2 else [topic],
        )
        for number in range(30)
    ]
    return made, topic, region


@pytest.fixture
def objects_made():
    """How many objects of each model the database rows became."""
    made = {}

    def count(sender, **kwargs):
        made[sender] = made.get(sender, 0) + 1

    post_init.connect(count)
    yield made
    post_init.disconnect(count)


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("query", ["", "?category=sea", "?year=2011", "?page=2"])
def test_the_index_reads_only_the_reports_it_shows(
    client, reports, objects_made, query
):
    response = client.get("/publications/" + query)

    assert response.status_code == 200
    assert objects_made.get(ReportPage, 0) == len(response.context["reports"]) <= 10
    assert objects_made.get(CategoryLink, 0) <= 2 * 10


@pytest.mark.usefixtures("no_page_cache")
def test_the_filters_count_and_pages_stand_for_every_report(client, reports):
    made, topic, region = reports

    response = client.get("/publications/")
    assert [c.slug for c in response.context["categories"]] == ["sea", "nts"]
    assert response.context["years"] == [2012, 2011, 2010]
    assert response.context["paginator"].count == 30

    in_region = client.get("/publications/?category=sea&year=2011&page=1")
    expected = sorted(
        (r for r in made if region in r.categories.all()),
        key=lambda r: (r.publication_date, r.pk),
        reverse=True,
    )
    expected = [r.title for r in expected if r.publication_date.year == 2011]
    assert in_region.context["paginator"].count == len(expected)
    assert [r.title for r in in_region.context["reports"]] == expected[:10]


def test_the_filter_links_follow_publishing_and_renaming(client, report_index):
    first = CategoryFactory(name="Maritime", slug="maritime")
    ReportPageFactory(parent=report_index, title="Sea report", categories=[first])
    assert "Maritime" in client.get("/publications/").content.decode()
    # Remembered until the next purge, which publishing and renaming are.
    second = CategoryFactory(name="Labour", slug="labour")
    ReportPageFactory(
        parent=report_index,
        title="Labour report",
        categories=[second],
        publication_date=datetime.date(2019, 5, 1),
    )
    html = client.get("/publications/").content.decode()
    assert "Labour" in html
    assert "?year=2019" in html
    first.name = "Maritime and fisheries"
    first.save()
    assert "Maritime and fisheries" in client.get("/publications/").content.decode()
