from .pages import EventIndexPageFactory, EventPageFactory, HomePageFactory
from .participants import InvitationFactory, RegistrationFactory
from .programme import OrganisationFactory, PersonFactory
from .users import UserFactory

__all__ = [
    "EventIndexPageFactory",
    "EventPageFactory",
    "HomePageFactory",
    "InvitationFactory",
    "OrganisationFactory",
    "PersonFactory",
    "RegistrationFactory",
    "UserFactory",
]
