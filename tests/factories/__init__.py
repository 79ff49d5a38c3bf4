from .area import (
    ParticipantAreaPageFactory,
    breakout,
    confirmed_registration,
    pre_read,
)
from .pages import EventIndexPageFactory, EventPageFactory, HomePageFactory
from .participants import InvitationFactory, RegistrationFactory
from .programme import (
    OrganisationFactory,
    PersonFactory,
    ProgrammePageFactory,
    SessionFactory,
    SpeakerIndexPageFactory,
)
from .reports import (
    CategoryFactory,
    ReportIndexPageFactory,
    ReportPageFactory,
    report_pdf,
)
from .users import UserFactory

__all__ = [
    "CategoryFactory",
    "EventIndexPageFactory",
    "EventPageFactory",
    "HomePageFactory",
    "InvitationFactory",
    "OrganisationFactory",
    "ParticipantAreaPageFactory",
    "PersonFactory",
    "ProgrammePageFactory",
    "RegistrationFactory",
    "ReportIndexPageFactory",
    "ReportPageFactory",
    "SessionFactory",
    "SpeakerIndexPageFactory",
    "UserFactory",
    "breakout",
    "confirmed_registration",
    "pre_read",
    "report_pdf",
]
