import datetime
import secrets

import factory
from django.utils import timezone

from participants.models import Invitation, Registration
from participants.models.invitations import hash_token

from .pages import EventPageFactory
from .users import UserFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation; its link's raw token is kept on the object as `raw_token`."""

    class Meta:
        model = Invitation

    event = factory.SubFactory(EventPageFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    name = factory.Faker("name")
    organisation = "Harbour Shelter Network"
    kind = Invitation.Kind.PARTICIPANT
    status = Invitation.Status.PENDING
    raw_token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.raw_token))
    expires_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=30)
    )

    @classmethod
    def _create(cls, model_class, *args, raw_token, **kwargs):
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.raw_token = raw_token
        return invitation


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    invitation = factory.SubFactory(
        InvitationFactory, status=Invitation.Status.ACCEPTED
    )
    event = factory.SelfAttribute("invitation.event")
    user = factory.SubFactory(
        UserFactory, email=factory.SelfAttribute("..invitation.email")
    )
    status = Registration.Status.CONFIRMED
    days = factory.LazyAttribute(lambda o: [o.event.start_date.isoformat()])
    privacy_agreed_at = factory.LazyFunction(timezone.now)
