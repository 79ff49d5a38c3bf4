"""The report editor's form: the sessions a pointer or check-list item may cite.

Only sessions an organiser saved (live) of the report's related event are
offered, each with its day and time; a session already cited stays on the
list, so saving never drops it. Without a related event yet, the live
sessions of every event are offered with the event's name, and the model's
check (`ReportPage.check_sessions_belong_to_event`) refuses strays.
"""

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm

from programme.models import Session
from roundtable.formatting import format_day

# (inline panel, its field naming sessions, a filter on those sessions)
CITATIONS = (
    ("policy_pointers", "sessions", Q()),
    ("checklist_items", "session", Q(kind=Session.Kind.BREAKOUT)),
)


def session_label(session, *, with_event):
    start = session.local_start()
    label = f"{format_day(start.date())}, {start:%H:%M} · {session.title}"
    return f"{label} ({session.event.title})" if with_event else label


class ReportPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event_id = self.instance.related_event_id
        for formset_name, field_name, kinds in CITATIONS:
            formset = self.formsets.get(formset_name)
            if formset is None:
                continue
            cited = [
                value
                for form in formset.forms
                for value in _cited(form.initial.get(field_name))
            ]
            offered = Q(live=True) & kinds
            if event_id:
                offered &= Q(event_id=event_id)
            queryset = (
                Session.objects.filter(offered | Q(pk__in=cited))
                .select_related("event")
                .order_by("start", "room", "title")
            )

            def narrowed(field, queryset=queryset):
                field.queryset = queryset
                field.label_from_instance = lambda session: session_label(
                    session, with_event=not event_id
                )

            for form in formset.forms:
                narrowed(form.fields[field_name])
            # Forms added in the editor come from the formset's form class.
            formset.form = _narrowing_form(formset.form, field_name, narrowed)


def _cited(initial):
    """The session ids a form starts with: one, none, or many (a list or query)."""
    if initial is None or initial == "":
        return []
    if isinstance(initial, Session | int | str):
        return [getattr(initial, "pk", initial)]
    return [getattr(value, "pk", value) for value in initial]


def _narrowing_form(form_class, field_name, narrowed):
    class NarrowedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            narrowed(self.fields[field_name])

    NarrowedForm.__name__ = form_class.__name__
    return NarrowedForm
