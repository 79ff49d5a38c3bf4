"""Who may do and see what: the Organisers group and the access rules.

One place for the rules every view, feed and export applies. Organisers are
recognised by a permission, `roundtable.organise_events`, which the Organisers
group holds; participants of an event by its participant group.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import BooleanField, Exists, IntegerField, OuterRef, Q, Value
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

ORGANISE_APP, ORGANISE_CODENAME = "roundtable", "organise_events"
ORGANISE_PERMISSION = f"{ORGANISE_APP}.{ORGANISE_CODENAME}"

ORGANISERS_GROUP = "Organisers"


ORGANISER_APPS = (
    "roundtable",
    "programme",
    "participants",
    "publications",
    "letters",
)


PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
)


COLLECTION_PERMISSIONS = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)


@transaction.atomic
def ensure_organisers_group():
    """The "Organisers" group: edits content and runs events, is not a superuser.

    Grants admin access, page permissions from the tree's root, image and document
    permissions on the root collection, and every permission on the project's own
    models except user accounts. Safe to call repeatedly.
    """
    group, _ = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    wanted = Permission.objects.filter(
        Q(content_type__app_label="wagtailadmin", codename="access_admin")
        | Q(content_type__app_label__in=ORGANISER_APPS)
    ).exclude(content_type__app_label="participants", content_type__model="user")
    group.permissions.add(*wanted, *_organise_permissions())

    root_page = Page.get_first_root_node()
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=group, page=root_page, permission=permission
        )

    root_collection = Collection.get_first_root_node()
    for codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission
        )
    return group


def is_organiser(user):
    """Organisers run events: superusers, and holders of `organise_events`."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return _access(user)[0]


def is_event_participant(user, event):
    """A confirmed participant of `event`: a member of its participant group."""
    if not user.is_authenticated or not user.is_active:
        return False
    group_id = event.participant_group_id
    return group_id is not None and group_id in _access(user)[1]


def can_see_private_details(user, event):
    """Participants-only details of `event`: its participants and the organisers."""
    return is_organiser(user) or is_event_participant(user, event)


def _organise_permissions():
    return Permission.objects.filter(
        content_type__app_label=ORGANISE_APP, codename=ORGANISE_CODENAME
    )


def _access(user):
    """(organises, group ids) of the user, fetched once per user object (one query).

    Organises: holds `organise_events` through one of its groups or directly.
    """
    cached = getattr(user, "_roundtable_access", None)
    if cached is None:
        organise = _organise_permissions()
        by_group = (
            user.groups.annotate(
                organises=Exists(organise.filter(group=OuterRef("pk")))
            )
            .values_list("pk", "organises")
            .order_by()
        )
        direct = (
            organise.filter(user=user)
            .values_list(
                Value(None, output_field=IntegerField()),
                Value(True, output_field=BooleanField()),
            )
            .order_by()
        )
        rows = list(by_group.union(direct, all=True))
        cached = (
            any(organises for _, organises in rows),
            frozenset(pk for pk, _ in rows if pk is not None),
        )
        user._roundtable_access = cached
    return cached
