"""The refusals of the participants' services; messages are safe to show."""


class InvitationError(Exception):
    """A refused state change; the message is safe to show to the person."""


class BookingError(Exception):
    """A refused booking or check-in; the message is safe to show to the person."""
