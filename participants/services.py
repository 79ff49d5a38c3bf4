"""Business rules for accounts and participation.

Plain functions with keyword-only arguments; views, forms, admin hooks and the
allauth adapter call these instead of re-implementing them.
"""

import datetime
import secrets
from functools import partial

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from participants.models import Invitation, Registration
from participants.models.invitations import hash_token
from participants.spreadsheets import IMPORT_COLUMNS

ORGANISERS_GROUP = "Organisers"
# Apps whose models organisers manage in the Wagtail admin.
ORGANISER_APPS = ("roundtable", "programme", "participants", "publications")
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


def password_reset_accounts(*, email):
    """The active accounts a password reset for `email` may go to.

    Only an account that verified the address: an unverified address is one
    anybody could have typed, so its holder gets no reset link for it.
    """
    return list(
        get_user_model().objects.filter(
            is_active=True,
            emailaddress__email__iexact=email.strip(),
            emailaddress__verified=True,
        )
    )


@transaction.atomic
def claim_invited_address(*, invitation):
    """The invitation verified its address: other accounts' unverified claims go.

    Called when the invitee signs up, so an address someone else typed in and
    never verified neither blocks the invitee's account nor takes its resets.
    """
    claims = EmailAddress.objects.filter(email__iexact=invitation.email, verified=False)
    claims.exclude(user__email__iexact=invitation.email).delete()


# Invitations and registrations -------------------------------------------------


class InvitationError(Exception):
    """A refused state change; the message is safe to show to the person."""


def new_token():
    """A fresh raw token (256 bits from `secrets`) and the hash to store."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def normalise_email(email):
    return get_user_model().objects.normalize_email(email or "").strip().lower()


def find_invitation(*, token):
    """The invitation whose link carries `token`, or None. Never changes state."""
    if not token or len(token) > 128:
        return None
    return (
        Invitation.objects.select_related("event", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def invite(*, event, email, name, organisation="", kind="", invited_by=None, send=True):
    """Invite one person to `event`; the email goes out after the commit.

    Raises `InvitationError` if the address is invalid or already invited.
    """
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvitationError(f"“{email}” is not a valid email address.") from error
    if not name.strip():
        raise InvitationError("A name is required.")
    if Invitation.objects.filter(event=event, email=email).exists():
        raise InvitationError(f"{email} is already invited to this event.")
    _, token_hash = new_token()  # replaced by the one sent in the email
    invitation = Invitation.objects.create(
        event=event,
        email=email,
        name=name.strip(),
        organisation=organisation.strip(),
        kind=kind or Invitation.Kind.PARTICIPANT,
        token_hash=token_hash,
        expires_at=timezone.now()
        + datetime.timedelta(days=event.invitation_validity_days),
        invited_by=invited_by,
    )
    if send:
        _queue_invitation_email(invitation, reminder=False)
    return invitation


def _queue_invitation_email(invitation, *, reminder):
    from participants.tasks import send_invitation_email

    transaction.on_commit(
        partial(send_invitation_email.enqueue, invitation.pk, reminder=reminder)
    )


@transaction.atomic
def issue_token(*, invitation):
    """Give `invitation` a new link and return its raw token.

    The previous link stops working. Used when an email is sent: only the
    hash is stored, so each email carries a freshly issued token.
    """
    raw, token_hash = new_token()
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=token_hash, updated_at=timezone.now()
    )
    invitation.token_hash = token_hash
    return raw


@transaction.atomic
def record_sent(*, invitation, error="", reminder=False):
    """Note that an email went out, or why it did not."""
    now = timezone.now()
    fields = {"send_error": error, "updated_at": now}
    if not error:
        fields["reminded_at" if reminder else "sent_at"] = now
    Invitation.objects.filter(pk=invitation.pk).update(**fields)


@transaction.atomic
def resend(*, invitation):
    """Send the invitation again with a new link and a fresh expiry date.

    Possible while it is pending or expired, or accepted with no registration
    made yet (the person lost the way to the form).
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    resendable = invitation.status in {
        Invitation.Status.PENDING,
        Invitation.Status.EXPIRED,
    } or (
        invitation.status == Invitation.Status.ACCEPTED
        and not Registration.objects.filter(invitation=invitation).exists()
    )
    if not resendable:
        raise InvitationError(
            f"The invitation to {invitation.email} is "
            f"{invitation.get_status_display().lower()}."
        )
    invitation.status = Invitation.Status.PENDING
    invitation.expires_at = timezone.now() + datetime.timedelta(
        days=invitation.event.invitation_validity_days
    )
    invitation.send_error = ""
    invitation.save(update_fields=["status", "expires_at", "send_error", "updated_at"])
    _queue_invitation_email(invitation, reminder=False)
    return invitation


@transaction.atomic
def remind(*, invitation):
    """Remind a pending invitee once; returns False when there is nothing to do."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable or invitation.reminded_at is not None:
        return False
    # Claimed now so that a second run cannot remind twice.
    invitation.reminded_at = timezone.now()
    invitation.save(update_fields=["reminded_at", "updated_at"])
    _queue_invitation_email(invitation, reminder=True)
    return True


def send_reminders(*, days_before=7, now=None):
    """Remind every pending invitee whose link expires within `days_before` days.

    Each invitee is reminded once. Pending invitations past their expiry are
    marked expired. Returns the number of reminders queued.
    """
    now = now or timezone.now()
    expire_overdue(now=now)
    due = Invitation.objects.filter(
        status=Invitation.Status.PENDING,
        reminded_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + datetime.timedelta(days=days_before),
    )
    return sum(remind(invitation=invitation) for invitation in due)


@transaction.atomic
def expire_overdue(*, now=None):
    """Mark pending invitations past their expiry date as expired."""
    return Invitation.objects.filter(
        status=Invitation.Status.PENDING, expires_at__lte=now or timezone.now()
    ).update(status=Invitation.Status.EXPIRED, updated_at=timezone.now())


@transaction.atomic
def revoke(*, invitation):
    """Withdraw an invitation that has not been used; its link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status not in {Invitation.Status.PENDING, Invitation.Status.EXPIRED}:
        raise InvitationError(
            f"The invitation to {invitation.email} is already "
            f"{invitation.get_status_display().lower()}."
        )
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status", "updated_at"])
    return invitation


def lock_invitation(*, invitation):
    """Lock the invitation's row until the current transaction ends."""
    return Invitation.objects.select_for_update().get(pk=invitation.pk)


def _lock_usable(token):
    """The pending, unexpired invitation for `token`, locked; else InvitationError."""
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise InvitationError("This invitation link is no longer valid.")
    return invitation


@transaction.atomic
def accept(*, token, user=None):
    """Accept the invitation behind `token`; the link is used up.

    A signed-in `user` must hold the invited address: a forwarded link does not
    let someone else in. Two concurrent accepts: the row lock lets one through
    and the other gets `InvitationError`.
    """
    invitation = _lock_usable(token)
    if user is not None and normalise_email(user.email) != invitation.email:
        raise InvitationError(
            "This invitation was sent to another email address. Sign out and "
            "follow the link again, or ask the organisers for an invitation."
        )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    return invitation


@transaction.atomic
def decline(*, token, reason=""):
    """Decline the invitation behind `token`, with an optional reason."""
    invitation = _lock_usable(token)
    invitation.status = Invitation.Status.DECLINED
    invitation.decline_reason = reason.strip()
    invitation.responded_at = timezone.now()
    invitation.save(
        update_fields=["status", "decline_reason", "responded_at", "updated_at"]
    )
    return invitation


def awaiting_registration(*, invitation_id, email=None):
    """The accepted invitation with no registration yet, or None."""
    invitations = Invitation.objects.select_related("event").filter(
        pk=invitation_id,
        status=Invitation.Status.ACCEPTED,
        registration__isnull=True,
    )
    if email is not None:
        invitations = invitations.filter(email=normalise_email(email))
    return invitations.first()


@transaction.atomic
def create_invitee_account(*, invitation, password, first_name="", last_name=""):
    """The account for an accepted invitation, its address already verified."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.ACCEPTED:
        raise InvitationError("This invitation has not been accepted.")
    try:
        return create_account(
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
        )
    except ValueError as error:
        raise InvitationError("An account for this address already exists.") from error


def registration_is_open(event, *, now=None):
    now = now or timezone.now()
    opens, closes = event.registration_opens_at, event.registration_closes_at
    return (opens is None or opens <= now) and (closes is None or now < closes)


def event_days(event):
    """The event's days as ISO dates."""
    count = (event.end_date - event.start_date).days + 1
    return [
        (event.start_date + datetime.timedelta(days=n)).isoformat()
        for n in range(count)
    ]


def _clean_days(event, days):
    allowed = event_days(event)
    chosen = [str(day) for day in days]
    unknown = sorted(set(chosen) - set(allowed))
    if unknown:
        raise InvitationError(f"Not a day of this event: {', '.join(unknown)}.")
    if not chosen:
        raise InvitationError("Choose at least one day.")
    return [day for day in allowed if day in chosen]


@transaction.atomic
def register(
    *,
    invitation,
    user,
    days,
    dietary="",
    access_needs="",
    listed_consent=False,
    privacy_agreed=False,
    notify=True,
    position="",
):
    """Register `user` from an accepted invitation; one registration per invitation.

    Confirmed at once unless the event requires approval.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("event")
        .get(pk=invitation.pk)
    )
    event = invitation.event
    if invitation.status != Invitation.Status.ACCEPTED:
        raise InvitationError("This invitation has not been accepted.")
    if normalise_email(user.email) != invitation.email:
        raise InvitationError("This invitation was sent to another email address.")
    if Registration.objects.filter(
        Q(invitation=invitation) | Q(event=event, user=user)
    ).exists():
        raise InvitationError("You are already registered for this event.")
    if not registration_is_open(event):
        raise InvitationError("Registration for this event is closed.")
    if not privacy_agreed:
        raise InvitationError("Please agree to the privacy notice.")
    status = (
        Registration.Status.PENDING_APPROVAL
        if event.requires_approval
        else Registration.Status.CONFIRMED
    )
    registration = Registration.objects.create(
        event=event,
        user=user,
        invitation=invitation,
        status=status,
        days=_clean_days(event, days),
        position=position.strip(),
        dietary=dietary.strip(),
        access_needs=access_needs.strip(),
        listed_consent=listed_consent,
        privacy_agreed_at=timezone.now(),
    )
    if status == Registration.Status.CONFIRMED:
        _join_group(registration)
    if notify:
        _queue_registration_email(registration)
    return registration


def _join_group(registration):
    group = registration.event.participant_group
    if group is not None:
        registration.user.groups.add(group)


def _leave_group(registration):
    group = registration.event.participant_group
    if group is not None:
        registration.user.groups.remove(group)


def _queue_registration_email(registration):
    from participants.tasks import send_registration_email

    transaction.on_commit(partial(send_registration_email.enqueue, registration.pk))


def _lock_registration(registration):
    return (
        Registration.objects.select_for_update()
        .select_related("event", "user")
        .get(pk=registration.pk)
    )


@transaction.atomic
def approve(*, registration, notify=True):
    """An organiser confirms a registration awaiting approval."""
    registration = _lock_registration(registration)
    if registration.status != Registration.Status.PENDING_APPROVAL:
        raise InvitationError(
            f"{registration.user} is {registration.get_status_display().lower()}."
        )
    registration.status = Registration.Status.CONFIRMED
    registration.save(update_fields=["status", "updated_at"])
    _join_group(registration)
    if notify:
        _queue_registration_email(registration)
    return registration


@transaction.atomic
def reject(*, registration):
    """An organiser turns down a registration; the person leaves the group."""
    registration = _lock_registration(registration)
    if not registration.is_active:
        raise InvitationError(
            f"{registration.user} is {registration.get_status_display().lower()}."
        )
    registration.status = Registration.Status.REJECTED
    registration.save(update_fields=["status", "updated_at"])
    _leave_group(registration)
    _release_bookings(registration)
    _queue_registration_email(registration)
    return registration


def can_change(registration, *, now=None):
    """The person may edit or cancel until the event starts."""
    return registration.is_active and (now or timezone.now()) < (
        registration.event.starts_at
    )


@transaction.atomic
def update_registration(
    *,
    registration,
    days,
    dietary="",
    access_needs="",
    listed_consent=False,
    position=None,
):
    """The person changes their days, needs or listing consent."""
    registration = _lock_registration(registration)
    if not can_change(registration):
        raise InvitationError("This registration can no longer be changed.")
    registration.days = _clean_days(registration.event, days)
    registration.dietary = dietary.strip()
    registration.access_needs = access_needs.strip()
    registration.listed_consent = listed_consent
    if position is not None:
        registration.position = position.strip()
    registration.save()
    return registration


@transaction.atomic
def cancel(*, registration):
    """The person cancels; they leave the event's participant group."""
    registration = _lock_registration(registration)
    if not can_change(registration):
        raise InvitationError("This registration can no longer be cancelled.")
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    _leave_group(registration)
    _release_bookings(registration)
    return registration


def _release_bookings(registration):
    """A person who no longer comes gives up their breakout seats and places."""
    from participants import bookings

    bookings.release_bookings(registration=registration)


def check_import(*, event, rows):
    """Each CSV row with the problem that would stop it, without saving anything.

    Returns a list of (row, problem) pairs; problem is "" for a row that can
    be imported.
    """
    already = set(
        Invitation.objects.filter(event=event).values_list("email", flat=True)
    )
    seen = set()
    checked = []
    for row in rows:
        email = normalise_email(row["email"])
        problem = ""
        try:
            validate_email(email)
        except ValidationError:
            problem = "Not a valid email address."
        if any("\x00" in row[column] for column in IMPORT_COLUMNS):
            # PostgreSQL cannot store it; nobody means one.
            problem = "Contains a NUL character."
        if not problem and not row["name"].strip():
            problem = "A name is required."
        elif (
            not problem
            and row["kind"]
            and row["kind"].lower() not in (Invitation.Kind.values)
        ):
            problem = "Kind must be participant, speaker or observer."
        elif not problem and email in already:
            problem = "Already invited to this event."
        elif not problem and email in seen:
            problem = "Appears more than once in this file."
        seen.add(email)
        checked.append((row, problem))
    return checked


@transaction.atomic
def import_invitations(*, event, rows, invited_by=None):
    """Invite every row, or nobody if any row has a problem."""
    checked = check_import(event=event, rows=rows)
    problems = [f"Line {row['line']}: {problem}" for row, problem in checked if problem]
    if problems:
        raise InvitationError(" ".join(problems))
    return [
        invite(
            event=event,
            email=row["email"],
            name=row["name"],
            organisation=row["organisation"],
            kind=row["kind"].lower(),
            invited_by=invited_by,
        )
        for row, _ in checked
    ]


def invitation_counts(*, events):
    """{event pk: {status: count}} for the dashboard, in one query."""
    counts = {event.pk: dict.fromkeys(Invitation.Status.values, 0) for event in events}
    rows = (
        Invitation.objects.filter(event__in=events)
        .values_list("event_id", "status")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for event_id, status, total in rows:
        counts[event_id][status] = total
    return counts
