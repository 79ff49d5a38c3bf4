from .event_parts import EventAim, EventOrganiser, EventTheme
from .pages import EventIndexPage, EventPage, HomePage, StandardPage
from .questions import FeedbackQuestion, RegistrationQuestion
from .settings import SiteSettings

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
