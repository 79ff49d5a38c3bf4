"""The event's private area: who may see it, its pre-reads, its participant list.

Imports only the invitation models, so the area page's model can call it.
"""

from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from participants.models.invitations import Registration
from programme.services import add_event_child
from roundtable.access import ORGANISERS_GROUP


def area_groups(event):
    """The groups that may see the event's private area and pre-reads."""
    organisers, _ = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    groups = [organisers]
    if event.participant_group_id:
        groups.insert(0, event.participant_group)
    return groups


@transaction.atomic
def ensure_area_privacy(*, page):
    """Restrict `page` and its pre-read collection to participants and organisers.

    Idempotent: made once, groups re-added if an organiser removed them.
    """
    event = page.get_parent().specific
    groups = area_groups(event)
    restriction = PageViewRestriction.objects.filter(
        page=page, restriction_type=BaseViewRestriction.GROUPS
    ).first()
    if restriction is None:
        PageViewRestriction.objects.filter(page=page).delete()
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=BaseViewRestriction.GROUPS
        )
    restriction.groups.add(*groups)

    collection = page.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(
            name=f"Pre-reads: {event.title} ({event.pk})"
        )
        type(page).objects.filter(pk=page.pk).update(collection=collection)
        page.collection = collection
    collection_restriction = CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type=BaseViewRestriction.GROUPS
    ).first()
    if collection_restriction is None:
        CollectionViewRestriction.objects.filter(collection=collection).delete()
        collection_restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
    collection_restriction.groups.add(*groups)
    return restriction, collection_restriction


def pre_reads(*, page):
    """The documents in the page's private collection, by title."""
    if page.collection_id is None:
        return []
    return list(
        get_document_model()
        .objects.filter(collection_id=page.collection_id)
        .order_by("title")
    )


PARTICIPANTS_PER_PAGE = 200


def listed_participants(*, event, page=None):
    """One page of the confirmed participants who agreed to be listed, by name.

    Each is a dict of name, position and organisation, read as values rather
    than model rows: an event of thousands is shown `PARTICIPANTS_PER_PAGE` at
    a time.
    """
    rows = (
        Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED, listed_consent=True
        )
        .order_by("user__last_name", "user__first_name", "pk")
        .values(
            "user__first_name",
            "user__last_name",
            "invitation__name",
            "position",
            "invitation__organisation",
        )
    )
    listed = Paginator(rows, PARTICIPANTS_PER_PAGE).get_page(page)
    listed.object_list = [
        {
            "name": f"{row['user__first_name']} {row['user__last_name']}".strip()
            or row["invitation__name"],
            "position": row["position"],
            "organisation": row["invitation__organisation"],
        }
        for row in listed.object_list
    ]
    return listed


def add_area_page(*, event, user=None):
    """Give a new event its participants' area, as a draft; None if it has one."""
    from participants.models import ParticipantAreaPage

    if not ParticipantAreaPage.can_create_at(event):
        return None
    return add_event_child(
        event=event, page=ParticipantAreaPage(title=_("Participants' area")), user=user
    )
