"""The person's own data: what the export lists and what deletion erases."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from wagtail import hooks

from participants.breakouts import active_bookings, cancel_booking
from participants.models import (
    BreakoutBooking,
    CalendarFeed,
    CheckIn,
    ErasedParticipation,
    FeedbackSubmission,
    Invitation,
    Registration,
)
from participants.registrations import leave_group
from roundtable.admin_links import PERSONAL_DATA_HOOK


def _iso(value):
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class OwnData:
    """Everything the site holds that is one person's; see `own_data`."""

    addresses: list
    email_addresses: QuerySet
    invitations: QuerySet
    registrations: QuerySet
    bookings: QuerySet
    check_ins: QuerySet
    feeds: QuerySet


def own_data(*, user):
    """Everything that is `user`'s: what the export lists and deletion erases.

    Their addresses: the account's, its verified ones, and those of the
    invitations they registered with (perhaps an earlier address), but none
    another account now holds. Unverified addresses, which anybody could have
    typed in, are listed but find nothing. Their invitations: the ones they
    registered with and every one sent to one of their addresses.
    """
    verified = EmailAddress.objects.filter(verified=True)
    held = {
        email.lower()
        for email in [
            user.email,
            *verified.filter(user=user).values_list("email", flat=True),
            *Invitation.objects.filter(registration__user=user).values_list(
                "email", flat=True
            ),
        ]
    }
    others = get_user_model().objects.exclude(pk=user.pk).filter(email__in=held)
    taken = {
        email.lower()
        for email in [
            *others.values_list("email", flat=True),
            *verified.exclude(user=user)
            .filter(email__in=held)
            .values_list("email", flat=True),
        ]
    }
    addresses = sorted(held - taken)
    return OwnData(
        addresses=addresses,
        email_addresses=EmailAddress.objects.filter(user=user).order_by("email"),
        invitations=Invitation.objects.filter(
            Q(registration__user=user) | Q(email__in=addresses)
        ).order_by("pk"),
        registrations=Registration.objects.filter(user=user).order_by("pk"),
        bookings=BreakoutBooking.objects.filter(registration__user=user).order_by("pk"),
        check_ins=CheckIn.objects.filter(registration__user=user).order_by("pk"),
        feeds=CalendarFeed.objects.filter(user=user),
    )


def _feedback(registration):
    """The person's answers to a named survey; of an anonymous one, only that
    they answered: the answers themselves were never linked to them."""
    try:
        submission = registration.feedback
    except FeedbackSubmission.DoesNotExist:
        return None
    if submission.anonymous:
        return {"answered": True, "anonymous": True, "answers": None}
    return {
        "answered": True,
        "anonymous": False,
        "answers": [
            {"question": answer["label"], "answer": answer.get("value")}
            for answer in submission.answers
        ],
    }


def personal_data(*, user):
    """Everything the site holds about `user` (see `own_data`), as JSON-ready data."""
    own = own_data(user=user)
    invitations = own.invitations.select_related("event")
    registrations = own.registrations.select_related("event", "feedback")
    bookings = own.bookings.select_related("session", "registration__event")
    check_ins = own.check_ins.select_related("registration__event")
    feed = own.feeds.first()
    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {
                "email": address.email,
                "verified": address.verified,
                "primary": address.primary,
            }
            for address in own.email_addresses
        ],
        "invitations": [
            {
                "event": invitation.event.title,
                "name": invitation.name,
                "email": invitation.email,
                "organisation": invitation.organisation,
                "kind": invitation.kind,
                "status": invitation.status,
                "sent_at": _iso(invitation.sent_at),
                "responded_at": _iso(invitation.responded_at),
                "decline_reason": invitation.decline_reason,
            }
            for invitation in invitations
        ],
        "registrations": [
            {
                "event": registration.event.title,
                "status": registration.status,
                "position": registration.position,
                "days": registration.days,
                "dietary": registration.dietary,
                "access_needs": registration.access_needs,
                "listed_consent": registration.listed_consent,
                "privacy_agreed_at": _iso(registration.privacy_agreed_at),
                "pass_code": registration.pass_code,
                "created_at": _iso(registration.created_at),
                "answers": [
                    {"question": answer["label"], "answer": answer.get("value")}
                    for answer in registration.answers
                ],
                "feedback": _feedback(registration),
            }
            for registration in registrations
        ],
        "breakout_bookings": [
            {
                "event": booking.registration.event.title,
                "session": booking.session.title,
                "start": _iso(booking.session.start),
                "status": booking.status,
                "waitlist_position": booking.position,
                "created_at": _iso(booking.created_at),
            }
            for booking in bookings
        ],
        "check_ins": [
            {
                "event": check_in.registration.event.title,
                "day": _iso(check_in.day),
                "checked_in_at": _iso(check_in.checked_in_at),
            }
            for check_in in check_ins
        ],
        "calendar_feed": (
            {"created_at": _iso(feed.created_at), "rotated_at": _iso(feed.rotated_at)}
            if feed
            else None
        ),
    }
    # Other apps' records about the person (letters' issued documents).
    for function in hooks.get_hooks(PERSONAL_DATA_HOOK):
        data.update(function(user))
    return data


def delete_account(*, user):
    """Erase the person: bookings cancelled (waitlists promoted), data removed.

    Removes what `own_data` finds, the set the export lists. Each registration
    leaves an `ErasedParticipation` row (event, status, number of days, days
    checked in) so attendance counts stay right; the invitations, the
    registrations with their answers, feedback, bookings and check-ins, the
    calendar feed, the email addresses and the account itself are deleted.
    Anonymous feedback stays: nothing ties it to the person.
    """
    for booking in list(own_data(user=user).bookings.filter(active_bookings())):
        cancel_booking(booking=booking)  # one transaction each: promotions commit
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        own = own_data(user=user)
        registrations = list(
            own.registrations.select_related("event").annotate(
                checked_in=Count("check_ins")
            )
        )
        ErasedParticipation.objects.bulk_create(
            ErasedParticipation(
                event=registration.event,
                status=registration.status,
                days=len(registration.days),
                days_checked_in=registration.checked_in,
            )
            for registration in registrations
        )
        invitation_ids = list(own.invitations.values_list("pk", flat=True))
        for registration in registrations:
            leave_group(registration)
        own.check_ins.delete()
        own.bookings.delete()
        FeedbackSubmission.objects.filter(registration__user=user).delete()
        own.registrations.delete()
        Invitation.objects.filter(pk__in=invitation_ids).delete()
        own.feeds.delete()
        own.email_addresses.delete()
        user.delete()
