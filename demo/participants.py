"""Sample invitations for the demo event, made through the organisers' services.

The event is long over, so its history is replayed as of the morning it began
(`roundtable.clock.as_of`): the services take no answers, registrations or
bookings for an event that has ended.

Idempotent: each sample is created once, by address. Only the hash of a link is
stored, so to print a working link the pending sample gets a fresh one on every
run (the old link stops working); row counts stay the same.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from participants import invitations, registrations, tokens
from participants.models import Invitation
from roundtable import clock

PENDING_EMAIL = "amina.rahman@example.org"
SAMPLES = [
    # (email, name, organisation, kind, what happens to it)
    (PENDING_EMAIL, "Amina Rahman", "Coastal Migrants Legal Aid", "participant", None),
    (
        "daniel.okafor@example.org",
        "Daniel Okafor",
        "Harbour Shelter Network",
        "participant",
        "confirmed",
    ),
    (
        "lena.marsh@example.org",
        "Lena Marsh",
        "Institute for Regional Policy",
        "speaker",
        "awaiting",
    ),
    (
        "tomas.reyes@example.org",
        "Tomás Reyes",
        "Northern Labour Rights Forum",
        "observer",
        "declined",
    ),
    ("kim.lowe@example.org", "Kim Lowe", "Example Ministry", "participant", "revoked"),
]


def load_invitations(event, *, out, organiser=None):
    """Add the sample invitations that are missing and print the pending link."""
    with transaction.atomic(), clock.as_of(event.starts_at):
        for email, name, organisation, kind, outcome in SAMPLES:
            if Invitation.objects.filter(event=event, email=email).exists():
                continue
            invitation = invitations.invite(
                event=event,
                email=email,
                name=name,
                organisation=organisation,
                kind=kind,
                invited_by=organiser,
                send=False,
            )
            _walk(invitation, outcome)
        pending = Invitation.objects.filter(
            event=event, email=PENDING_EMAIL, status=Invitation.Status.PENDING
        ).first()
        token = tokens.issue_token(invitation=pending) if pending else None
    with clock.as_of(event.starts_at):
        load_area(event)
    if token:
        link = settings.BASE_URL + reverse("invitation", args=[token])
        out.write(f"Pending demo invitation for {PENDING_EMAIL}: {link}")
    else:
        out.write("The pending demo invitation has been answered already.")


def _walk(invitation, outcome):
    if outcome in {"confirmed", "awaiting"}:
        token = tokens.issue_token(invitation=invitation)
        invitations.accept(token=token)
        user = invitations.create_invitee_account(
            invitation=invitation, password=secrets.token_urlsafe(16)
        )
        registration = registrations.register(
            invitation=invitation,
            user=user,
            days=registrations.event_days(invitation.event),
            listed_consent=True,
            privacy_agreed=True,
            notify=False,
        )
        if outcome == "confirmed":
            registrations.approve(registration=registration, notify=False)
    elif outcome == "declined":
        invitations.decline(
            token=tokens.issue_token(invitation=invitation),
            reason="Travelling that week.",
        )
    elif outcome == "revoked":
        invitations.revoke(invitation=invitation)


AREA_LOGISTICS = (
    "<h2>Venue</h2><p>The roundtable meets at the venue named on the event page; "
    "please arrive by 08:30 on the first day to collect your badge. Show the "
    "check-in pass from your page at the registration desk.</p>"
    "<h2>Travel and accommodation</h2><p>Rooms are held for participants at the "
    "venue hotel. Airport transfers leave at the times sent with your "
    "confirmation.</p>"
    "<h2>Discussions</h2><p>All sessions are held under the Chatham House Rule. "
    "Please do not share the pre-reads outside the roundtable.</p>"
)
PRE_READ_TITLE = "Background paper: protection of trafficked persons (sample)"
PRE_READ_TEXT = (
    "Sample pre-read for the demo roundtable.\n\n"
    "This short text stands in for the background paper that participants "
    "receive before the meeting. It is stored in the event's private "
    "collection, so only the event's participants and the organisers can "
    "open it.\n"
)
SAMPLE_BOOKING = ("daniel.okafor@example.org", "breakout-forced-labour")


def load_area(event):
    """The participants' area with logistics, one pre-read and a sample booking."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from participants import breakouts
    from participants.models import BreakoutBooking, ParticipantAreaPage, Registration
    from programme.models import Session

    with transaction.atomic():
        area = ParticipantAreaPage.objects.child_of(event).first()
        if area is None:
            area = ParticipantAreaPage(
                title="Participants' area",
                slug="participants",
                introduction="Logistics, pre-reads and the participant list, "
                "for the roundtable's participants only.",
                logistics=AREA_LOGISTICS,
            )
            event.add_child(instance=area)
            area.save_revision().publish()
        Document = get_document_model()
        if not Document.objects.filter(
            collection_id=area.collection_id, title=PRE_READ_TITLE
        ).exists():
            document = Document(title=PRE_READ_TITLE, collection_id=area.collection_id)
            document.file.save(
                "background-paper-sample.txt",
                ContentFile(PRE_READ_TEXT.encode()),
                save=False,
            )
            document.save()
        email, slug = SAMPLE_BOOKING
        registration = Registration.objects.filter(
            event=event, user__email=email, status=Registration.Status.CONFIRMED
        ).first()
        session = Session.objects.filter(event=event, slug=slug, live=True).first()
        if (
            registration
            and session
            and not BreakoutBooking.objects.filter(registration=registration).exists()
        ):
            breakouts.book_breakout(registration=registration, session=session)
    return area
