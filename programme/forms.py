from wagtail.admin.forms import WagtailAdminModelForm

from programme import services
from roundtable.models import EventTheme


class SessionForm(WagtailAdminModelForm):
    """The snippet editor's form: the session's checks plus people's clashes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.event_id and "theme" in self.fields:
            self.fields["theme"].queryset = EventTheme.objects.filter(
                page_id=self.instance.event_id
            )

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
