"""Wagtail's own "Copy" of an event: last year's area stays private, and the
copy gets the pages a new event gets.

The page copy carries every field it is not told to leave out: the area's
`collection` would point the copy at the original's pre-reads, and saving the
copy grants that collection to the new event's participants.
"""

import pytest
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from participants.models import ParticipantAreaPage
from programme.models import ProgrammePage, SpeakerIndexPage
from roundtable.access import ORGANISERS_GROUP
from roundtable.models import EventPage
from tests.factories import pre_read

pytestmark = pytest.mark.django_db


def test_a_copied_area_has_its_own_empty_collection_and_new_participants(
    event_page, area
):
    pre_read(page=area)
    old_group = event_page.participant_group

    new = event_page.copy(
        to=event_page.get_parent(),
        recursive=True,
        keep_live=False,
        update_attrs={"title": "Next year", "slug": "next-year"},
    ).specific

    copied = ParticipantAreaPage.objects.child_of(new).get()
    assert copied.collection_id not in (None, area.collection_id)
    assert (
        not get_document_model().objects.filter(collection=copied.collection).exists()
    )
    [restriction] = PageViewRestriction.objects.filter(page=copied)
    assert {g.name for g in restriction.groups.all()} == {
        new.participant_group.name,
        ORGANISERS_GROUP,
    }
    # The original's pre-reads stay with the original's participants.
    [old] = CollectionViewRestriction.objects.filter(collection=area.collection)
    assert {g.pk for g in old.groups.all()} == {
        old_group.pk,
        *[g.pk for g in old.groups.filter(name=ORGANISERS_GROUP)],
    }
    assert new.participant_group not in old.groups.all()


def test_wagtail_copy_of_an_event_alone_gets_the_pages_a_new_event_gets(
    client, event_page, organiser
):
    client.force_login(organiser)

    response = client.post(
        f"/admin/pages/{event_page.pk}/copy/",
        {
            "new_title": "Next year",
            "new_slug": "next-year",
            "new_parent_page": event_page.get_parent().pk,
        },
        follow=True,
    )

    assert response.status_code == 200
    new = EventPage.objects.get(slug="next-year")
    assert {type(p) for p in new.get_children().specific()} == {
        ProgrammePage,
        SpeakerIndexPage,
        ParticipantAreaPage,
    }
    assert not new.get_children().live().exists()
