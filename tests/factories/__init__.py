from .pages import EventIndexPageFactory, EventPageFactory, HomePageFactory
from .participants import InvitationFactory, RegistrationFactory
from .programme import OrganisationFactory, PersonFactory
from .reports import CategoryFactory, ReportIndexPageFactory, ReportPageFactory
from .users import UserFactory

__all__ = [
    "CategoryFactory",
    "EventIndexPageFactory",
    "EventPageFactory",
    "HomePageFactory",
    "InvitationFactory",
    "OrganisationFactory",
    "PersonFactory",
    "RegistrationFactory",
    "ReportIndexPageFactory",
    "ReportPageFactory",
    "UserFactory",
]
