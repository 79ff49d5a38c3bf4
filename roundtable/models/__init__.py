from .pages import (
    EventAim,
    EventIndexPage,
    EventOrganiser,
    EventPage,
    EventTheme,
    HomePage,
    StandardPage,
)
from .reports import (
    Category,
    CategoryKind,
    ChecklistItem,
    PolicyPointer,
    ReportAuthor,
    ReportIndexPage,
    ReportPage,
    ReportType,
)
from .settings import SiteSettings

__all__ = [
    "Category",
    "CategoryKind",
    "ChecklistItem",
    "EventAim",
    "EventIndexPage",
    "EventOrganiser",
    "EventPage",
    "EventTheme",
    "HomePage",
    "PolicyPointer",
    "ReportAuthor",
    "ReportIndexPage",
    "ReportPage",
    "ReportType",
    "SiteSettings",
    "StandardPage",
]
