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
from .notices import ChangeNotice  # isort: skip
from .messages import Message, MessageDelivery  # isort: skip

__all__ = [
    "AnonymousFeedback",
    "BreakoutBooking",
    "CalendarFeed",
    "ChangeNotice",
    "CheckIn",
    "ErasedParticipation",
    "FeedbackSubmission",
    "ImportJob",
    "Invitation",
    "Message",
    "MessageDelivery",
    "ParticipantAreaPage",
    "Registration",
    "User",
    "UserManager",
]
