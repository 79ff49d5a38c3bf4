"""Times in the organisers' listings, exports and inspect views.

Each time is shown in the time zone of the row's event and labelled, through
`roundtable.formatting.format_datetime`, whatever the server's or the
organiser's own zone: Wagtail's own columns and exports would print UTC.

A viewset names its times and the path from a row to their event:

    event_times = {"created_at": "session.event", "session.start": "session.event"}

and uses `EventTimesViewSetMixin` with views carrying `EventTimesIndexMixin`
and `EventTimesInspectMixin`.
"""

from functools import partial

from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.coreutils import multigetattr

from roundtable.formatting import format_datetime


def event_datetime(instance, field, event_path):
    """The value at `field` of `instance`, in its event's zone, labelled; "" if none."""
    value = multigetattr(instance, field)
    if value is None:
        return ""
    return format_datetime(value, multigetattr(instance, event_path).time_zone)


class EventTimeColumn(Column):
    """A listing column of a datetime, in the time zone of the row's event."""

    def __init__(self, name, *, event_path, **kwargs):
        super().__init__(name, **kwargs)
        self.event_path = event_path

    def get_value(self, instance):
        return event_datetime(instance, self.accessor, self.event_path)


class EventTimesIndexMixin:
    """A listing and its CSV and XLSX exports with `event_times` in the event's zone."""

    event_times = {}

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        event_path = self.event_times.get(field_name)
        if event_path is not None and column_class is Column:
            column_class = partial(EventTimeColumn, event_path=event_path)
        return super()._get_custom_column(field_name, column_class, **kwargs)

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for field, event_path in self.event_times.items():
            if field in row:
                row[field] = event_datetime(item, field, event_path)
        return row


class EventTimesInspectMixin:
    event_times = {}

    def get_field_display_value(self, field_name, field):
        event_path = self.event_times.get(field_name)
        if event_path is not None:
            return event_datetime(self.object, field_name, event_path) or "-"
        return super().get_field_display_value(field_name, field)


class EventTimesViewSetMixin:
    """Hands the viewset's `event_times` to its listing and inspect views."""

    event_times = {}

    def get_index_view_kwargs(self, **kwargs):
        if hasattr(self.index_view_class, "event_times"):
            kwargs["event_times"] = self.event_times
        return super().get_index_view_kwargs(**kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        if hasattr(self.inspect_view_class, "event_times"):
            kwargs["event_times"] = self.event_times
        return super().get_inspect_view_kwargs(**kwargs)


class EventTimesInspectView(EventTimesInspectMixin, generic.InspectView):
    pass
