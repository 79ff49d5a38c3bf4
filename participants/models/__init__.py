from .invitations import Invitation, Registration
from .users import User, UserManager

from .area import (  # isort: skip - after Registration, which it refers to
    BreakoutBooking,
    CalendarFeed,
    CheckIn,
    ErasedParticipation,
    ParticipantAreaPage,
)
from .imports import ImportJob  # isort: skip
from .notices import ChangeNotice  # isort: skip
from .messages import Message, MessageDelivery  # isort: skip

__all__ = [
    "BreakoutBooking",
    "CalendarFeed",
    "ChangeNotice",
    "CheckIn",
    "ErasedParticipation",
    "ImportJob",
    "Invitation",
    "Message",
    "MessageDelivery",
    "ParticipantAreaPage",
    "Registration",
    "User",
    "UserManager",
]
