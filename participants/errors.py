"""The refusals of the participants' services; messages are safe to show."""


class InvitationError(Exception):
    """A refused state change; the message is safe to show to the person."""


class BookingError(Exception):
    """A refused booking or check-in; the message is safe to show to the person."""


class AlreadyRegistered(InvitationError):
    """A walk-in whose address is already registered for the event.

    `registration` is theirs, so the desk can offer to check them in instead.
    """

    def __init__(self, *, registration):
        self.registration = registration
        status = registration.get_status_display().lower()
        super().__init__(
            f"{registration.invitation.email} is already registered for this "
            f"event ({status})."
        )


class MessageError(Exception):
    """A message that cannot be sent as asked; the text is safe to show."""
