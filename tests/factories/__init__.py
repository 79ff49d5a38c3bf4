from .pages import EventIndexPageFactory, EventPageFactory, HomePageFactory
from .programme import OrganisationFactory, PersonFactory
from .users import UserFactory

__all__ = [
    "EventIndexPageFactory",
    "EventPageFactory",
    "HomePageFactory",
    "OrganisationFactory",
    "PersonFactory",
    "UserFactory",
]
