"""After an event has ended (`EventPage.has_ended`) its invitations, registrations
and breakout bookings are a record: the services refuse to change them.

One exception: a person may stop being listed in the participant list at any
time (`registrations.withdraw_listing`).
"""

from participants.errors import BookingError, InvitationError

ANSWER = "This event has ended, so the invitation can no longer be answered."
REGISTER = "This event has ended, so registration is closed."
BOOK = "This event has ended, so its breakouts can no longer be booked."
CANCEL_BOOKING = "This event has ended, so its bookings can no longer be changed."


def invite_refusal(event):
    return f"“{event.title}” has ended, so no invitations are sent for it."


def refuse_if_ended(event, message, *, error=InvitationError):
    """Raise `error` with `message` when `event` has ended."""
    if event.has_ended:
        raise error(message)


def refuse_booking_if_ended(event, message):
    refuse_if_ended(event, message, error=BookingError)
