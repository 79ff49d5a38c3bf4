import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from publications.citation import citation_text
from publications.models import (
    ChecklistItem,
    PolicyPointer,
    ReportAuthor,
    ReportIndexPage,
    ReportPage,
    ReportType,
)
from roundtable.models import HomePage
from tests.factories import (
    CategoryFactory,
    EventPageFactory,
    PersonFactory,
    ReportPageFactory,
)


def make_report(parent, number, **kwargs):
    topic = CategoryFactory(name="Non-Traditional Security", slug="nts")
    return ReportPageFactory(
        parent=parent,
        title=f"Report {number:02d}",
        slug=f"report-{number:02d}",
        publication_date=datetime.date(2010 + number % 5, 1, 1)
        + datetime.timedelta(days=number),
        authors=[ReportAuthor(person=PersonFactory()) for _ in range(2)],
        categories=[topic, CategoryFactory()],
        **kwargs,
    )


def test_page_tree_rules():
    case = WagtailPageTestCase()
    case.assertAllowedParentPageTypes(ReportIndexPage, {HomePage})
    case.assertAllowedSubpageTypes(ReportIndexPage, {ReportPage})
    case.assertAllowedSubpageTypes(ReportPage, set())


def test_report_index_lists_newest_first_with_authors_type_and_summary(
    client, report_index
):
    older = ReportPageFactory(
        parent=report_index,
        title="Older report",
        publication_date=datetime.date(2014, 5, 1),
        report_type=ReportType.POLICY_REPORT,
    )
    newer = ReportPageFactory(
        parent=report_index,
        title="Newer report",
        publication_date=datetime.date(2015, 2, 1),
        authors=[
            ReportAuthor(person=PersonFactory(name="Julius Trajano")),
            ReportAuthor(person=PersonFactory(name="Margareth Sembiring")),
        ],
    )
    response = client.get("/publications/")
    assert response.status_code == 200
    assert [r.pk for r in response.context["reports"]] == [newer.pk, older.pk]
    html = response.content.decode()
    assert "By Julius Trajano and Margareth Sembiring" in html
    assert '<span class="badge">Policy Report</span>' in html
    assert '<time datetime="2015-02-01">1 February 2015</time>' in html
    assert "What the roundtable concluded about protecting victims." in html
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Publications" '
        'href="/publications/feed/">' in html
    )


def test_report_index_filters_by_category_and_year_with_plain_links(
    client, report_index
):
    region = CategoryFactory(name="Southeast Asia and ASEAN", slug="sea")
    in_region = ReportPageFactory(
        parent=report_index,
        publication_date=datetime.date(2015, 2, 1),
        categories=[region],
    )
    ReportPageFactory(parent=report_index, publication_date=datetime.date(2015, 3, 1))
    old_in_region = ReportPageFactory(
        parent=report_index,
        publication_date=datetime.date(2013, 3, 1),
        categories=[region],
    )

    html = client.get("/publications/").content.decode()
    assert '<a href="?category=sea">Southeast Asia and ASEAN</a>' in html
    assert '<a href="?year=2013">2013</a>' in html

    response = client.get("/publications/?category=sea")
    assert [r.pk for r in response.context["reports"]] == [
        in_region.pk,
        old_in_region.pk,
    ]
    assert response.context["active_category"] == region
    assert '<a href="?category=sea&amp;year=2013">2013</a>' in response.content.decode()

    response = client.get("/publications/?category=sea&year=2013")
    assert [r.pk for r in response.context["reports"]] == [old_in_region.pk]


@pytest.mark.parametrize(
    "query",
    ["?category=nope", "?year=abc", "?year=1999", "?page=abc", "?page=-1", "?page=99"],
)
def test_report_index_bad_filters_never_fail(client, report_index, query):
    report = ReportPageFactory(parent=report_index)
    response = client.get("/publications/" + query)
    assert response.status_code == 200
    assert [r.pk for r in response.context["reports"]] == [report.pk]


def test_report_index_says_when_a_filter_was_ignored(client, report_index):
    ReportPageFactory(parent=report_index)
    html = client.get("/publications/?category=nope").content.decode()
    assert "That category has no publications." in html


def test_report_index_paginates_ten_per_page(client, report_index):
    for number in range(12):
        make_report(report_index, number)
    first = client.get("/publications/")
    assert len(first.context["reports"]) == 10
    assert '<a rel="next" href="?page=2">Older</a>' in first.content.decode()
    second = client.get("/publications/?category=nts&page=2")
    assert len(second.context["reports"]) == 2
    assert (
        '<a rel="prev" href="?category=nts&amp;page=1">Newer</a>'
        in second.content.decode()
    )


@pytest.mark.parametrize("count", [5, 40])
def test_report_index_query_count_is_bounded(
    client, report_index, count, django_assert_max_num_queries
):
    for number in range(count):
        make_report(report_index, number)
    client.get("/publications/")  # warm the site root cache, as a running server has
    with django_assert_max_num_queries(12):
        response = client.get("/publications/?category=nts")
    assert response.status_code == 200
    assert len(response.context["reports"]) == min(count, 10)


@pytest.mark.usefixtures("no_page_cache")
def test_report_index_query_count_is_constant(client, report_index):
    def queries_for(count):
        for number in range(count):
            make_report(report_index, len(ReportPage.objects.all()) + number)
        client.get("/publications/")
        with CaptureQueriesContext(connection) as context:
            client.get("/publications/")
        return len(context.captured_queries)

    assert queries_for(5) == queries_for(35)


def report_with_everything(parent, event=None):
    return ReportPageFactory(
        parent=parent,
        title="Protection aspects of trafficking",
        slug="protection",
        publication_date=datetime.date(2015, 2, 1),
        last_updated=datetime.date(2015, 2, 13),
        related_event=event,
        authors=[
            ReportAuthor(person=PersonFactory(name="Julius Cesar Imperial Trajano")),
            ReportAuthor(person=PersonFactory(name="Margareth Sembiring")),
        ],
        categories=[CategoryFactory(name="Non-Traditional Security", slug="nts")],
        body=[
            ("heading", {"text": "What victims need", "level": "h2"}),
            ("paragraph", "<p>Trust, care and legal help.</p>"),
            ("heading", {"text": "Legal status", "level": "h3"}),
        ],
        policy_pointers=[
            PolicyPointer(title="Standardise definitions", text="Use one language."),
            PolicyPointer(title="Dedicated case managers", text="One per victim."),
        ],
        checklist_items=[
            ChecklistItem(
                need="Legal assistance",
                responses="A lawyer for every victim.",
                practices="Gender-sensitive interviews.",
            )
        ],
        conclusion="<p>Protection alongside prevention.</p>",
    )


def test_report_page_renders_every_section_once(client, report_index):
    report = report_with_everything(report_index)
    response = client.get(report.url)
    assert response.status_code == 200
    html = response.content.decode()
    for fragment in [
        '<h2 id="summary-heading">Executive summary</h2>',
        '<h2 id="what-victims-need">What victims need</h2>',
        "<p>Trust, care and legal help.</p>",
        '<h2 id="policy-pointers-heading">Policy pointers</h2>',
        '<li class="pointer" id="standardise-definitions">',
        '<li class="pointer" id="dedicated-case-managers">',
        "<h3>Legal assistance</h3>",
        "<dd>A lawyer for every victim.</dd>",
        "<dd>Gender-sensitive interviews.</dd>",
        "<p>Protection alongside prevention.</p>",
        '<time datetime="2015-02-01">1 February 2015</time>',
        '<time datetime="2015-02-13">13 February 2015</time>',
        '<a href="/publications/?category=nts">Non-Traditional Security</a>',
    ]:
        assert html.count(fragment) == 1, fragment
    assert response.context["table_of_contents"] == [
        ("summary", "Executive summary", 2),
        ("what-victims-need", "What victims need", 2),
        ("legal-status", "Legal status", 3),
        ("policy-pointers", "Policy pointers", 2),
        ("check-list", "Protection check list", 2),
        ("conclusion", "Conclusion", 2),
    ]
    assert '<a href="#standardise-definitions">Link to this pointer' in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_report_headings_never_repeat_an_id_of_the_page(client, report_index):
    report = ReportPageFactory(
        parent=report_index,
        slug="colliding",
        body=[
            ("heading", {"text": "Summary", "level": "h2"}),
            ("heading", {"text": "Conclusion", "level": "h2"}),
            ("heading", {"text": "Cite", "level": "h3"}),
            ("heading", {"text": "Dedicated case managers", "level": "h2"}),
            ("heading", {"text": "Background", "level": "h2"}),
            ("heading", {"text": "Background", "level": "h2"}),
            ("heading", {"text": "???", "level": "h3"}),
        ],
        policy_pointers=[
            PolicyPointer(title="Dedicated case managers", text="One per victim.")
        ],
        conclusion="<p>Protection alongside prevention.</p>",
    )
    response = client.get(report.url)
    html = response.content.decode()
    ids = re.findall(r' id="([^"]*)"', html)
    assert sorted(id_ for id_ in ids if ids.count(id_) > 1) == []
    assert response.context["table_of_contents"] == [
        ("summary", "Executive summary", 2),
        ("summary-2", "Summary", 2),
        ("conclusion-2", "Conclusion", 2),
        ("cite-2", "Cite", 3),
        ("dedicated-case-managers-2", "Dedicated case managers", 2),
        ("background", "Background", 2),
        ("background-2", "Background", 2),
        ("section", "???", 3),
        ("policy-pointers", "Policy pointers", 2),
        ("conclusion", "Conclusion", 2),
    ]
    for anchor, title, level in response.context["table_of_contents"][1:-2]:
        assert f'<h{level} id="{anchor}">{title}</h{level}>' in html


@pytest.mark.usefixtures("no_page_cache")
def test_report_page_query_count_is_constant(client, report_index, event_page):
    def queries_for(count):
        report = ReportPageFactory(
            parent=report_index,
            related_event=event_page,
            authors=[ReportAuthor(person=PersonFactory()) for _ in range(count)],
            categories=[CategoryFactory() for _ in range(count)],
            policy_pointers=[
                PolicyPointer(title=f"Pointer {n}", text="Text.") for n in range(count)
            ],
            checklist_items=[
                ChecklistItem(need=f"Need {n}", responses="Yes.") for n in range(count)
            ],
        )
        client.get(report.url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(report.url)
        assert response.status_code == 200
        return len(context.captured_queries)

    small, large = queries_for(1), queries_for(12)
    assert small == large
    # Serving (Wagtail's view, HomePage.route and ReportIndexPage.route): the
    # site, the root, the path, the index, the report with its PDF and event,
    # Wagtail's two restriction reads; then eight for the report's content.
    assert large <= 15


def test_pointer_anchors_come_from_titles_and_stay_stable(report_index):
    report = ReportPageFactory(
        parent=report_index,
        policy_pointers=[
            PolicyPointer(title="Open protection to partners", text="A."),
            PolicyPointer(title="Open protection to partners", text="B."),
            PolicyPointer(title="Conclusion", text="C."),
        ],
    )
    anchors = [p.anchor for p in report.policy_pointers.all()]
    assert anchors == [
        "open-protection-to-partners",
        "open-protection-to-partners-2",
        "conclusion-2",
    ]
    first = report.policy_pointers.first()
    first.title = "A new title"
    report.save_revision().publish()
    report.refresh_from_db()
    assert report.policy_pointers.first().anchor == "open-protection-to-partners"


def test_report_last_updated_before_publication_is_a_field_error(db):
    report = ReportPage(
        title="A",
        slug="a",
        publication_date=datetime.date(2015, 2, 1),
        last_updated=datetime.date(2015, 1, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        report.clean()
    assert excinfo.value.message_dict == {
        "last_updated": ["A report cannot be updated before it is published."]
    }


def test_report_cannot_take_the_feed_address(db):
    report = ReportPage(title="A", slug="feed", publication_date=datetime.date.today())
    with pytest.raises(ValidationError) as excinfo:
        report.clean()
    assert list(excinfo.value.message_dict) == ["slug"]


def test_report_pdf_link_shows_size_and_type(client, report_index):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    pdf = Document(title="The report", file=ContentFile(b"%PDF" * 512, name="r.pdf"))
    pdf._set_document_file_metadata()
    pdf.save()
    report = ReportPageFactory(parent=report_index, pdf=pdf)
    html = client.get(report.url).content.decode()
    assert f'<a class="button" href="{pdf.url}" download>' in html
    assert "(PDF, 2.0\xa0KB)" in html
    assert (
        f'<meta name="citation_pdf_url" content="http://testserver{pdf.url}">' in html
    )
    assert client.get(pdf.url).status_code == 200


def test_citation_lists_authors_year_title_type_publisher_and_address(
    report_index,
):
    report = report_with_everything(report_index)
    authors = [link.person for link in report.authors.all()]
    assert citation_text(
        report,
        authors=authors,
        publisher="RSIS Centre for NTS Studies",
        url="http://testserver/publications/protection/",
    ) == (
        "Trajano, J. C. I. and Sembiring, M. (2015). Protection aspects of "
        "trafficking. Commemorative / Event Report. RSIS Centre for NTS Studies. "
        "1 February 2015. Available at: http://testserver/publications/protection/"
    )


def test_report_page_has_sharing_tags_and_cite_box(client, report_index):
    report = report_with_everything(report_index)
    html = client.get(report.url).content.decode()
    assert (
        '<meta property="og:url" content="http://testserver/publications/protection/">'
        in html
    )
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert (
        '<meta name="twitter:title" content="Protection aspects of trafficking">'
        in html
    )
    assert '<h2 class="panel__title" id="cite-heading">Cite this report</h2>' in html
    assert "Trajano, J. C. I. and Sembiring, M. (2015)." in html


def test_report_sharing_description_is_the_summary_cut_at_forty_words(
    client, report_index
):
    words = [f"word{number}" for number in range(60)]
    report = ReportPageFactory(
        parent=report_index, summary=f"<p>{' '.join(words)} &amp; more</p>"
    )
    html = client.get(report.url).content.decode()
    cut = " ".join(words[:40]) + " …"
    assert f'<meta property="og:description" content="{cut}">' in html
    assert f'<meta name="twitter:description" content="{cut}">' in html

    report.search_description = "Findings <and> pointers"
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    assert (
        '<meta property="og:description" content="Findings &lt;and&gt; pointers">'
        in html
    )


def test_event_page_shows_its_reports_as_outcomes(client, report_index, event_page):
    report = report_with_everything(report_index, event=event_page)
    html = client.get(event_page.url).content.decode()
    assert '<h2 id="outcomes-heading">Outcomes</h2>' in html
    assert f'<a href="{report.url}">{report.title}</a>' in html
    assert (
        f'<a href="{report.url}#standardise-definitions">Standardise definitions</a>'
        in html
    )
    assert f'<a href="{report.url}#check-list">' in html
    report_html = client.get(report.url).content.decode()
    assert f'<a href="{event_page.url}">{event_page.title}</a>' in report_html


@pytest.mark.usefixtures("no_page_cache")
def test_event_page_query_count_does_not_grow_with_reports(
    client, report_index, event_index
):
    def queries_for(count):
        event = EventPageFactory(parent=event_index)
        for _ in range(count):
            report_with_everything_kwargs = {"related_event": event}
            ReportPageFactory(
                parent=report_index,
                policy_pointers=[PolicyPointer(title="P", text="T")],
                **report_with_everything_kwargs,
            )
        client.get(event.url)
        with CaptureQueriesContext(connection) as context:
            client.get(event.url)
        return len(context.captured_queries)

    assert queries_for(1) == queries_for(6)


def test_event_page_without_reports_has_no_outcomes(client, event_page):
    html = client.get(event_page.url).content.decode()
    assert "Outcomes" not in html


def test_home_page_lists_latest_reports(client, report_index):
    reports = [
        ReportPageFactory(
            parent=report_index, publication_date=datetime.date(2015, month, 1)
        )
        for month in range(1, 6)
    ]
    response = client.get("/")
    assert [r.pk for r in response.context["latest_reports"]] == [
        reports[4].pk,
        reports[3].pk,
        reports[2].pk,
    ]
    assert '<h2 id="latest-reports-heading">Latest reports</h2>' in (
        response.content.decode()
    )


def test_organiser_can_open_the_report_editor_and_categories(
    client, report_index, organiser
):
    report = ReportPageFactory(parent=report_index)
    client.force_login(organiser)
    assert client.get(f"/admin/pages/{report.pk}/edit/").status_code == 200
    add_url = f"/admin/pages/add/publications/reportpage/{report_index.pk}/"
    assert client.get(add_url).status_code == 200
    assert client.get("/admin/snippets/publications/category/").status_code == 200


def test_counts_and_labels_agree_in_number(client, report_index):
    single = ReportPageFactory(
        parent=report_index,
        title="One author",
        slug="one-author",
        authors=[ReportAuthor(person=PersonFactory())],
    )
    index = client.get("/publications/").content.decode()
    assert re.search(r"\b1 publication\b(?!s)", index)
    assert "<dt>Author</dt>" in client.get(single.url).content.decode()
    double = make_report(report_index, 1)
    assert "2 publications" in client.get("/publications/").content.decode()
    assert "<dt>Authors</dt>" in client.get(double.url).content.decode()
