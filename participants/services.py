"""Business rules for accounts and participation.

Plain functions with keyword-only arguments; views, forms, admin hooks and the
allauth adapter call these instead of re-implementing them.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

ORGANISERS_GROUP = "Organisers"
# Apps whose models organisers manage in the Wagtail admin.
ORGANISER_APPS = ("roundtable", "programme", "participants")
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
    group.permissions.add(*wanted)

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


@transaction.atomic
def create_account(*, email, password, first_name="", last_name="", groups=()):
    """Create a user whose email address is already verified.

    Returns the user. Raises `ValueError` if the address already has an account.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValueError(f"An account for {email} already exists.")
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    if groups:
        user.groups.add(*groups)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def find_account(*, email):
    """The user with this email address (case-insensitive), or None."""
    return get_user_model().objects.filter(email__iexact=email.strip()).first()
