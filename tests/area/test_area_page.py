"""The private participants' area, its pre-reads and the participant list."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from participants.models import ParticipantAreaPage
from tests.factories import (
    ParticipantAreaPageFactory,
    UserFactory,
    confirmed_registration,
    pre_read,
)

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VIEWERS = ["anonymous", "uninvited", "other_participant", "participant", "organiser"]


@pytest.fixture
def viewer(request, client, user, participant, other_participant, organiser):
    who = request.param
    people = {
        "anonymous": None,
        "uninvited": user,
        "other_participant": other_participant,
        "participant": participant,
        "organiser": organiser,
    }
    if people[who] is not None:
        client.force_login(people[who])
    return who


EXPECTED = {
    "anonymous": 302,
    "uninvited": 403,
    "other_participant": 403,
    "participant": 200,
    "organiser": 200,
}


@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_area_page_access_matrix(client, area, viewer):
    response = client.get(area.url)

    assert response.status_code == EXPECTED[viewer]
    if viewer == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={area.url}"
    if response.status_code == 200:
        assert "Meet at the hotel lobby at 08:30." in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    if response.status_code != 302:
        assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_pre_read_access_matrix(client, area, viewer):
    document = pre_read(page=area, content=b"Zebracorn background.")

    response = client.get(document.url)

    assert response.status_code == EXPECTED[viewer]
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"Zebracorn background."
    if response.status_code != 302:
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


def test_pre_read_url_goes_through_the_serve_view(area):
    document = pre_read(page=area)

    assert document.url == reverse(
        "wagtaildocs_serve", args=[document.pk, document.filename]
    )


def test_area_page_creates_its_restriction_and_private_collection(event_page):
    area = ParticipantAreaPageFactory(parent=event_page)

    restriction = PageViewRestriction.objects.get(page=area)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert sorted(g.name for g in restriction.groups.all()) == sorted(
        [event_page.participant_group.name, "Organisers"]
    )
    collection_restriction = CollectionViewRestriction.objects.get(
        collection=area.collection
    )
    assert sorted(g.pk for g in collection_restriction.groups.all()) == sorted(
        g.pk for g in restriction.groups.all()
    )
    assert area.collection.name == f"Pre-reads: {event_page.title} ({event_page.pk})"


def test_area_page_saved_again_keeps_one_restriction_and_collection(area):
    collection_id = area.collection_id
    area.title = "Participants"
    area.save_revision().publish()
    area.save()

    assert PageViewRestriction.objects.filter(page=area).count() == 1
    assert (
        CollectionViewRestriction.objects.filter(collection_id=collection_id).count()
        == 1
    )
    assert ParticipantAreaPage.objects.get(pk=area.pk).collection_id == collection_id


def test_area_page_lists_consenting_confirmed_participants_without_emails(
    client, event_page, area, participant
):
    listed = confirmed_registration(
        event=event_page,
        listed_consent=True,
        position="Legal Adviser",
        user__first_name="Amina",
        user__last_name="Rahman",
        invitation__organisation="Coastal Migrants Legal Aid",
    )
    unlisted = confirmed_registration(
        event=event_page, listed_consent=False, user__last_name="Zebracorn"
    )
    pending = confirmed_registration(
        event=event_page,
        listed_consent=True,
        status="pending_approval",
        user__last_name="Pendingperson",
    )
    client.force_login(participant)

    response = client.get(area.url)

    html = response.content.decode()
    assert list(response.context["participants"]) == [
        {
            "name": "Amina Rahman",
            "position": "Legal Adviser",
            "organisation": "Coastal Migrants Legal Aid",
        }
    ]
    assert (
        "<strong>Amina Rahman</strong>, Legal Adviser, Coastal Migrants Legal Aid"
        in html
    )
    assert "Zebracorn" not in html
    assert "Pendingperson" not in html
    for registration in (listed, unlisted, pending):
        assert registration.user.email not in html


def test_area_page_lists_pre_reads_of_its_collection_only(client, area, participant):
    own = pre_read(page=area, title="Zebracorn background paper")
    from wagtail.documents import get_document_model

    elsewhere = get_document_model().objects.create(title="Unrelated public document")
    client.force_login(participant)

    response = client.get(area.url)

    assert [d.pk for d in response.context["pre_reads"]] == [own.pk]
    assert elsewhere.title not in response.content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_area_page_query_count_is_constant(
    client, django_assert_max_num_queries, event_page, area, participant, count
):
    for _ in range(count):
        confirmed_registration(event=event_page, listed_consent=True)
        pre_read(page=area)
    client.force_login(participant)

    with django_assert_max_num_queries(30):
        response = client.get(area.url)

    assert len(response.context["participants"]) == count
    assert len(response.context["pre_reads"]) == count


@pytest.mark.parametrize("logged_in", [False, True])
def test_search_never_shows_the_area_or_its_pre_reads(
    client, area, participant, logged_in
):
    pre_read(page=area, title="Zebracorn pre-read")
    area.introduction = "Zebracorn logistics"
    area.save_revision().publish()
    if logged_in:
        client.force_login(participant)

    response = client.get("/search/", {"q": "zebracorn"})

    assert response.status_code == 200
    assert list(response.context["results"]) == []
    assert "Zebracorn" not in response.content.decode()


def test_sitemap_never_lists_the_area(client, area):
    response = client.get("/sitemap.xml")

    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    locations = {
        url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")
    }
    assert locations
    assert not any("/participants/" in location for location in locations)


def test_programme_feed_never_links_the_area(client, event_page, area):
    from tests.factories import ProgrammePageFactory

    programme = ProgrammePageFactory(parent=event_page)

    response = client.get(f"{programme.url}calendar.ics")

    assert response.status_code == 200
    assert b"/participants/" not in response.content


def test_event_page_links_a_participant_to_the_area(
    client, event_page, area, participant
):
    client.force_login(participant)

    response = client.get(event_page.url)

    assert f'href="{area.url}"' in response.content.decode()


def test_event_page_hides_the_area_link_from_others(client, event_page, area):
    client.force_login(UserFactory())

    response = client.get(event_page.url)

    assert f'href="{area.url}"' not in response.content.decode()


@pytest.mark.parametrize("listed", [3, 250])
def test_a_long_participant_list_comes_a_page_at_a_time(
    client, event_page, area, participant, django_assert_max_num_queries, listed
):
    from participants.area import PARTICIPANTS_PER_PAGE

    for n in range(listed):
        confirmed_registration(
            event=event_page, listed_consent=True, user__last_name=f"Person{n:03}"
        )
    client.force_login(participant)
    client.get(area.url)
    with django_assert_max_num_queries(19):
        response = client.get(area.url)
    html = response.content.decode()
    shown = min(listed, PARTICIPANTS_PER_PAGE)
    assert html.count('<li class="participant">') == shown
    if listed > PARTICIPANTS_PER_PAGE:
        assert f"{listed} listed; 1–{shown} on this page." in html
        second = client.get(area.url + "?page=2").content.decode()
        assert second.count('<li class="participant">') == listed - shown
        assert "Page 2 of 2" in second
