from .invitations import Invitation, Registration
from .users import User, UserManager

from .area import (  # isort: skip - after Registration, which it refers to
    BreakoutBooking,
    CalendarFeed,
    CheckIn,
    ErasedParticipation,
    ParticipantAreaPage,
)
from .feedback import AnonymousFeedback, FeedbackSubmission  # isort: skip
from .imports import ImportJob  # isort: skip

__all__ = [
    "AnonymousFeedback",
    "BreakoutBooking",
    "CalendarFeed",
    "CheckIn",
    "ErasedParticipation",
    "FeedbackSubmission",
    "ImportJob",
    "Invitation",
    "ParticipantAreaPage",
    "Registration",
    "User",
    "UserManager",
]
