"""Sample invitations for the demo event, made through the organisers' services.

Idempotent: each sample is created once, by address. Only the hash of a link is
stored, so to print a working link the pending sample gets a fresh one on every
run (the old link stops working); row counts stay the same.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from participants import services
from participants.models import Invitation

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
    with transaction.atomic():
        for email, name, organisation, kind, outcome in SAMPLES:
            if Invitation.objects.filter(event=event, email=email).exists():
                continue
            invitation = services.invite(
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
        token = services.issue_token(invitation=pending) if pending else None
    if token:
        link = settings.BASE_URL + reverse("invitation", args=[token])
        out.write(f"Pending demo invitation for {PENDING_EMAIL}: {link}")
    else:
        out.write("The pending demo invitation has been answered already.")


def _walk(invitation, outcome):
    if outcome in {"confirmed", "awaiting"}:
        token = services.issue_token(invitation=invitation)
        services.accept(token=token)
        user = services.create_invitee_account(
            invitation=invitation, password=secrets.token_urlsafe(16)
        )
        registration = services.register(
            invitation=invitation,
            user=user,
            days=services.event_days(invitation.event),
            listed_consent=True,
            privacy_agreed=True,
            notify=False,
        )
        if outcome == "confirmed":
            services.approve(registration=registration, notify=False)
    elif outcome == "declined":
        services.decline(
            token=services.issue_token(invitation=invitation),
            reason="Travelling that week.",
        )
    elif outcome == "revoked":
        services.revoke(invitation=invitation)
