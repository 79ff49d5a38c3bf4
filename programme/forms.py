from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from programme import services
from roundtable.models import EventTheme

TIME_FIELDS = ("start", "end")


class SessionForm(WagtailAdminModelForm):
    """The snippet editor's form for a session.

    Start and end are typed and shown in the event's time zone (whatever the
    organiser's own), the themes offered are the event's, and on top of the
    session's own checks it reports people booked into overlapping sessions on
    the role that clashes.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance.event if self.instance.event_id else None
        if "theme" in self.fields:
            themes = self.fields["theme"]
            if event is None:
                # A new session: its event is chosen on the same form, so each
                # theme says whose it is (the model refuses another event's).
                themes.queryset = EventTheme.objects.select_related("page")
                themes.label_from_instance = lambda theme: (
                    f"{theme.title} ({theme.page.title})"
                )
            else:
                themes.queryset = EventTheme.objects.filter(page=event)
        if event is None:
            return
        for name in TIME_FIELDS:
            value = getattr(self.instance, name)
            if value is not None and name in self.fields:
                self.initial[name] = timezone.make_naive(value, event.tzinfo)

    def clean(self):
        cleaned_data = super().clean()
        event = cleaned_data.get("event")
        if event is not None:
            current = timezone.get_current_timezone()
            for name in TIME_FIELDS:
                value = cleaned_data.get(name)
                if value is not None:
                    # The widget read the digits in the organiser's time zone;
                    # they are the event's local time.
                    local = timezone.make_naive(value, current)
                    cleaned_data[name] = local.replace(tzinfo=event.tzinfo)
        return cleaned_data

    def _post_clean(self):
        # The instance carries the submitted start and end only from here on.
        super()._post_clean()
        formset = self.formsets.get("roles")
        if formset is None or self.errors or not formset.is_valid():
            return
        session = self.instance
        kept = [
            form
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("person")
        ]
        seen = {}
        for form in kept:
            person = form.cleaned_data["person"]
            if person.pk in seen:
                form.add_error("person", f"{person} is already listed in this session.")
            seen[person.pk] = person
        if session.event_id and session.start and session.end:
            clashes = services.person_clashes(
                session=session, people=list(seen.values())
            )
            for form in kept:
                person = form.cleaned_data.get("person")
                if person in clashes:
                    form.add_error(
                        "person",
                        services.person_clash_message(
                            person=person,
                            clash=clashes[person],
                            tzinfo=session.event.tzinfo,
                        ),
                    )


class EventChoiceForm(forms.Form):
    """The event switcher of the admin's per-event screens (timetable, desk):
    every event, by title and dates. Never validated: its GET goes to the
    screen, which picks the event with `timetable.choose_event`."""

    event = forms.ChoiceField(label="Event", required=False)

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [
            (event.pk, f"{event.title} ({event.date_range})") for event in events
        ]
