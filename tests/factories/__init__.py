from .pages import EventIndexPageFactory, EventPageFactory, HomePageFactory
from .programme import OrganisationFactory, PersonFactory
from .reports import CategoryFactory, ReportIndexPageFactory, ReportPageFactory
from .users import UserFactory

__all__ = [
    "CategoryFactory",
    "EventIndexPageFactory",
    "EventPageFactory",
    "HomePageFactory",
    "OrganisationFactory",
    "PersonFactory",
    "ReportIndexPageFactory",
    "ReportPageFactory",
    "UserFactory",
]
