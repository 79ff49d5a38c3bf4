import datetime

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from participants.models import ParticipantAreaPage, Registration
from programme.models import Session

from .pages import PublishedPageFactory
from .participants import RegistrationFactory
from .programme import SessionFactory


class ParticipantAreaPageFactory(PublishedPageFactory):
    class Meta:
        model = ParticipantAreaPage

    title = "Participants' area"
    slug = "participants"
    logistics = "<p>Meet at the hotel lobby at 08:30.</p>"


def confirmed_registration(*, event, **kwargs):
    """A confirmed registration whose person is in the event's participant group."""
    kwargs.setdefault("status", Registration.Status.CONFIRMED)
    registration = RegistrationFactory(invitation__event=event, **kwargs)
    if registration.status == Registration.Status.CONFIRMED:
        registration.user.groups.add(event.participant_group)
    return registration


def breakout(*, event, hour=14, capacity=2, **kwargs):
    """A published breakout on day 1 of `event` at `hour`, 90 minutes long."""
    start = datetime.datetime.combine(
        event.start_date, datetime.time(hour), tzinfo=event.tzinfo
    )
    kwargs.setdefault("start", start)
    return SessionFactory(
        event=event,
        kind=Session.Kind.BREAKOUT,
        capacity=capacity,
        end=kwargs["start"] + datetime.timedelta(minutes=90),
        **kwargs,
    )


def pre_read(*, page, title="Background paper", content=b"Pre-read text."):
    """A document in the area's private collection."""
    document = get_document_model()(title=title, collection=page.collection)
    document.file.save("background-paper.txt", ContentFile(content), save=False)
    document.save()
    return document
