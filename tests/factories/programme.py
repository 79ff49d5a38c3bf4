import datetime

import factory

from programme import services
from programme.models import (
    Organisation,
    Person,
    ProgrammePage,
    Session,
    SpeakerIndexPage,
)
from roundtable.models import EventPage

from .pages import EventPageFactory, PublishedPageFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Institute for Policy Studies {n}")
    short_name = factory.Sequence(lambda n: f"IPS{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    position = "Senior Fellow"
    organisation = factory.SubFactory(OrganisationFactory)
    is_fictional = True


def _event_time(event, day, hour, minute=0):
    start = event.start_date + datetime.timedelta(days=day - 1)
    return datetime.datetime(
        start.year, start.month, start.day, hour, minute, tzinfo=event.tzinfo
    )


class SessionFactory(factory.django.DjangoModelFactory):
    """A published session, created through the programme's service.

    Pass `roles=[(person, role), ...]` for its roles, `publish=False` for a draft.
    """

    class Meta:
        model = Session

    event = factory.LazyFunction(
        lambda: EventPage.objects.first() or EventPageFactory()
    )
    title = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    kind = Session.Kind.PANEL
    start = factory.LazyAttribute(lambda o: _event_time(o.event, 1, 9))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(minutes=90))
    room = ""

    @classmethod
    def _create(cls, model_class, *args, roles=(), publish=True, **kwargs):
        return services.create_session(roles=roles, publish=publish, **kwargs)


class ProgrammePageFactory(PublishedPageFactory):
    class Meta:
        model = ProgrammePage

    title = "Programme"
    slug = "programme"


class SpeakerIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = SpeakerIndexPage

    title = "Speakers"
    slug = "speakers"
