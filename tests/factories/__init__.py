from .pages import EventIndexPageFactory, EventPageFactory, HomePageFactory
from .programme import (
    OrganisationFactory,
    PersonFactory,
    ProgrammePageFactory,
    SessionFactory,
    SpeakerIndexPageFactory,
)
from .users import UserFactory

__all__ = [
    "EventIndexPageFactory",
    "EventPageFactory",
    "HomePageFactory",
    "OrganisationFactory",
    "PersonFactory",
    "ProgrammePageFactory",
    "SessionFactory",
    "SpeakerIndexPageFactory",
    "UserFactory",
]
