from .pages import (
    EventAim,
    EventIndexPage,
    EventOrganiser,
    EventPage,
    EventTheme,
    HomePage,
    StandardPage,
)
from .settings import SiteSettings

__all__ = [
    "EventAim",
    "EventIndexPage",
    "EventOrganiser",
    "EventPage",
    "EventTheme",
    "HomePage",
    "SiteSettings",
    "StandardPage",
]
