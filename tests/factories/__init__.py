from .area import (
    ParticipantAreaPageFactory,
    breakout,
    confirmed_registration,
    pre_read,
)
from .letters import (
    LetterTemplateFactory,
    checked_in_registration,
    issued_document,
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
    "LetterTemplateFactory",
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
    "checked_in_registration",
    "confirmed_registration",
    "issued_document",
    "pre_read",
    "report_pdf",
]
