"""The invitee's pages: the invitation link, registration and /my/, one module per
concept, as the services they call (`participants/invitations.py`, ...).

`participants/urls.py` and the project's `urls.py` import the views from here.
"""

from participants.views.breakouts import book_breakout, cancel_booking
from participants.views.documents import serve_document
from participants.views.feedback import my_feedback
from participants.views.feeds import personal_calendar, rotate_calendar
from participants.views.invitations import invitation, invitation_declined
from participants.views.privacy import delete_account, my_data
from participants.views.registrations import (
    cancel_registration,
    edit_registration,
    my_registration,
    my_registrations,
    register,
    withdraw_listing,
)

__all__ = [
    "book_breakout",
    "cancel_booking",
    "cancel_registration",
    "delete_account",
    "edit_registration",
    "invitation",
    "invitation_declined",
    "my_data",
    "my_feedback",
    "my_registration",
    "my_registrations",
    "personal_calendar",
    "register",
    "rotate_calendar",
    "serve_document",
    "withdraw_listing",
]
