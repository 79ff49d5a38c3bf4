from .categories import Category, CategoryKind
from .index import ReportIndexPage
from .parts import ChecklistItem, PolicyPointer, ReportAuthor
from .queries import latest_reports, visible_reports, with_listing_data
from .reports import ReportPage, ReportType

__all__ = [
    "Category",
    "CategoryKind",
    "ChecklistItem",
    "PolicyPointer",
    "ReportAuthor",
    "ReportIndexPage",
    "ReportPage",
    "ReportType",
    "latest_reports",
    "visible_reports",
    "with_listing_data",
]
