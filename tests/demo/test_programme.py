import io

import pytest
from django.core.management import call_command

from demo.event import EVENT_SLUG
from programme.models import Person, Session, SessionRole

pytestmark = pytest.mark.django_db


def test_demo_programme_spans_both_days_with_parallel_breakouts(client):
    call_command("load_demo", stdout=io.StringIO())
    sessions = Session.objects.filter(event__slug=EVENT_SLUG)

    assert sessions.count() == 18
    assert sessions.filter(live=True).count() == 18
    breakouts = sessions.filter(kind=Session.Kind.BREAKOUT)
    assert sorted(breakouts.values_list("capacity", flat=True)) == [12, 15, 15]
    assert len({b.start for b in breakouts}) == 1
    assert sessions.filter(kind=Session.Kind.WAY_FORWARD).count() == 1
    assert {s.local_start().date().day for s in sessions} == {26, 27}
    response = client.get(f"/events/{EVENT_SLUG}/programme/")
    assert response.status_code == 200
    assert client.get(f"/events/{EVENT_SLUG}/speakers/").status_code == 200


def test_every_role_in_the_demo_programmes_is_held_by_a_fictional_sample():
    call_command("load_demo", stdout=io.StringIO())
    people = Person.objects.filter(session_roles__isnull=False).distinct()
    assert people.exists()
    assert all(person.is_fictional for person in people)
    # The report's authors, the only real people the sources name, hold no role.
    assert not SessionRole.objects.filter(
        person__name__in=["Julius Cesar Imperial Trajano", "Margareth Sembiring"]
    ).exists()
    assert not Person.objects.filter(name__icontains="to be announced").exists()
