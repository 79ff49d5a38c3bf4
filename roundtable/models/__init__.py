from .event_parts import EventAim, EventOrganiser, EventTheme
from .pages import EventIndexPage, EventPage, HomePage
from .questions import FeedbackQuestion, RegistrationQuestion
from .settings import SiteSettings
from .standard import StandardPage

__all__ = [
    "EventAim",
    "EventIndexPage",
    "EventOrganiser",
    "EventPage",
    "EventTheme",
    "FeedbackQuestion",
    "HomePage",
    "RegistrationQuestion",
    "SiteSettings",
    "StandardPage",
]
