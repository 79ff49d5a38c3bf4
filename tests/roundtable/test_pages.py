import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from roundtable.models import EventIndexPage, EventPage, HomePage, StandardPage
from tests.factories import EventPageFactory, OrganisationFactory


def test_home_page_lists_upcoming_and_past_events(client, event_index):
    past = EventPageFactory(parent=event_index, title="The 2014 roundtable")
    upcoming = EventPageFactory(
        parent=event_index,
        title="The 2030 roundtable",
        start_date="2030-03-01",
        end_date="2030-03-02",
    )
    response = client.get("/")
    assert response.status_code == 200
    assert [e.pk for e in response.context["upcoming_events"]] == [upcoming.pk]
    assert [e.pk for e in response.context["past_events"]] == [past.pk]
    html = response.content.decode()
    assert '<a class="skip-link" href="#main-content">' in html
    assert '<main id="main-content"' in html
    assert '<html lang="en-GB">' in html


def test_event_page_shows_dates_venue_organisers_and_invitation(client, event_index):
    icrc = OrganisationFactory(
        name="International Committee of the Red Cross", short_name="ICRC"
    )
    event = EventPageFactory(
        parent=event_index, organisers=[], venue_address="403 Havelock Road"
    )
    event.organisers.create(organisation=icrc)
    event.aims.create(text="Identify unmet needs.")
    event.themes.create(title="Durable solutions", topics="Reintegration.")
    event.save_revision().publish()

    response = client.get(event.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<time datetime="2014-06-26">26–27 June 2014</time>' in html
    assert "Copthorne King’s Hotel" in html
    assert "403 Havelock Road" in html
    assert "International Committee of the Red Cross (ICRC)" in html
    assert "<strong>By invitation only</strong>" in html
    assert "<dd>Singapore time, UTC+08:00</dd>" in html
    assert "<li>Identify unmet needs.</li>" in html
    assert "<h3>Durable solutions</h3>" in html


@pytest.mark.usefixtures("no_page_cache")
def test_event_page_query_count_is_constant(client, event_index):
    """Organisers, aims and themes cost one query each, however many there are."""

    def queries_for(count):
        event = EventPageFactory(parent=event_index)
        for _ in range(count):
            event.organisers.create(organisation=OrganisationFactory())
            event.aims.create(text="An aim.")
            event.themes.create(title="A theme")
        event.save_revision().publish()
        client.get(event.url)  # warm the site root cache, as a running server has
        with CaptureQueriesContext(connection) as context:
            response = client.get(event.url)
        assert response.status_code == 200
        return len(context.captured_queries)

    small, large = queries_for(1), queries_for(8)
    assert small == large
    assert large <= 15


def test_event_page_creates_its_participant_group(event_index):
    event = EventPageFactory(parent=event_index, title="Roundtable on borders")
    assert event.participant_group.name == "Participants: Roundtable on borders"
    twin = EventPageFactory(parent=event_index, title="Roundtable on borders")
    assert twin.participant_group.name == "Participants: Roundtable on borders (2)"


def test_event_page_copy_gets_its_own_participant_group(event_index):
    event = EventPageFactory(parent=event_index)
    copy = event.copy(update_attrs={"slug": "copy-of-event", "title": "Copy"})
    assert copy.participant_group_id is not None
    assert copy.participant_group_id != event.participant_group_id


def test_event_end_before_start_is_a_field_error(event_index):
    event = EventPageFactory.build(start_date="2014-06-27", end_date="2014-06-26")
    with pytest.raises(ValidationError) as excinfo:
        event.clean()
    assert excinfo.value.message_dict == {
        "end_date": ["The event cannot end before it starts."]
    }


def test_page_tree_rules():
    case = WagtailPageTestCase()
    case.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
    case.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
    case.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
    case.assertCanCreateAt(HomePage, StandardPage)
    case.assertCanNotCreateAt(HomePage, EventPage)


def test_standard_page_renders_each_block_once(client, home_page):
    page = StandardPage(
        title="About",
        slug="about",
        body=[
            ("heading", {"text": "What a roundtable is", "level": "h2"}),
            ("paragraph", "<p>A small meeting.</p>"),
            ("quote", {"quote": "Speak frankly.", "attribution": "A chair"}),
            ("list", {"style": "ol", "items": ["One", "Two"]}),
        ],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/about/").content.decode()
    assert html.count('<h2 id="what-a-roundtable-is">What a roundtable is</h2>') == 1
    assert html.count("<p>A small meeting.</p>") == 1
    assert html.count("<blockquote><p>Speak frankly.</p></blockquote>") == 1
    assert html.count("<ol><li>One</li><li>Two</li></ol>") == 1


def test_404_page_uses_the_site_design(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert '<a class="skip-link" href="#main-content">' in html


def test_500_page_renders_without_request_or_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "<h1>Something went wrong</h1>" in html
    assert "/static/css/site.css" in html


def test_no_external_assets_on_pages(client, event_page):
    html = client.get(event_page.url).content.decode()
    for marker in ('src="http', 'href="//', "cdn", "googleapis"):
        assert marker not in html
