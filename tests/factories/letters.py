import datetime

import factory

from letters.models import IssuedDocument, Kind, LetterTemplate
from participants.models import CheckIn

from .area import confirmed_registration


class LetterTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterTemplate

    kind = Kind.CERTIFICATE
    event = None
    title = "Certificate of attendance"
    body = "<p>{name} attended {event}.</p>"
    live = True


def checked_in_registration(*, event, days=1, **kwargs):
    """A confirmed registration checked in on the event's first `days` days."""
    registration = confirmed_registration(event=event, **kwargs)
    for offset in range(days):
        CheckIn.objects.create(
            registration=registration,
            day=event.start_date + datetime.timedelta(days=offset),
        )
    return registration


def issued_document(*, registration, kind=Kind.VISA_LETTER, **kwargs):
    from participants.checkin import person_name

    kwargs.setdefault("name", person_name(registration))
    kwargs.setdefault("event_title", registration.event.title)
    kwargs.setdefault("dates", registration.event.date_range)
    return IssuedDocument.objects.create(registration=registration, kind=kind, **kwargs)
