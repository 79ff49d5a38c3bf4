import pytest
from django.contrib.auth.models import AnonymousUser

from roundtable.access import (
    can_see_private_details,
    is_event_participant,
    is_organiser,
)
from tests.factories import EventPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_sees_nothing_private(event_page):
    visitor = AnonymousUser()
    assert is_organiser(visitor) is False
    assert is_event_participant(visitor, event_page) is False
    assert can_see_private_details(visitor, event_page) is False


def test_logged_in_stranger_sees_nothing_private(event_page, user):
    assert can_see_private_details(user, event_page) is False


def test_participant_sees_their_own_event_only(event_index):
    event = EventPageFactory(parent=event_index)
    other_event = EventPageFactory(parent=event_index)
    participant = UserFactory(groups=[event.participant_group])
    assert can_see_private_details(participant, event) is True
    assert can_see_private_details(participant, other_event) is False


def test_organisers_and_superusers_see_every_event(event_page, organiser):
    superuser = UserFactory(is_superuser=True)
    assert can_see_private_details(organiser, event_page) is True
    assert can_see_private_details(superuser, event_page) is True


def test_inactive_accounts_see_nothing_private(event_page):
    participant = UserFactory(groups=[event_page.participant_group], is_active=False)
    assert can_see_private_details(participant, event_page) is False


def test_access_rules_cost_one_query_per_user(
    event_index, organiser, django_assert_num_queries
):
    events = [EventPageFactory(parent=event_index) for _ in range(3)]
    with django_assert_num_queries(1):
        for event in events:
            assert can_see_private_details(organiser, event) is True


def test_organisers_are_known_by_their_permission_not_a_group_name(event_page):
    from django.contrib.auth.models import Group, Permission

    permission = Permission.objects.get(
        content_type__app_label="roundtable", codename="organise_events"
    )
    renamed = Group.objects.create(name="Event team")
    renamed.permissions.add(permission)
    look_alike = Group.objects.create(name="Organisers")
    assert is_organiser(UserFactory(groups=[renamed])) is True
    assert is_organiser(UserFactory(groups=[look_alike])) is False
    direct = UserFactory()
    direct.user_permissions.add(permission)
    assert is_organiser(direct) is True


def test_the_organisers_group_holds_the_organise_permission(organiser):
    assert organiser.has_perm("roundtable.organise_events")


def test_migrate_gives_the_organisers_group_permissions_of_new_models(organiser):
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command

    group = Group.objects.get(name="Organisers")
    new_model_permission = Permission.objects.get(
        content_type__app_label="programme", codename="change_session"
    )
    group.permissions.remove(new_model_permission)

    call_command("migrate", verbosity=0)

    assert group.permissions.filter(pk=new_model_permission.pk).exists()
    assert group.permissions.filter(codename="change_user").exists() is False
