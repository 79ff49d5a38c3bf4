"""The template form, hardened against requests the editor never sends."""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from roundtable.models import EventPage

# Larger ids than a database integer holds are not ids of anything.
MAX_ID_DIGITS = 18


class EventChoiceField(forms.ModelChoiceField):
    """An event from a plain list; any value that is not an event's id is refused."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        if not text.isdigit() or len(text) > MAX_ID_DIGITS:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(text)

    def label_from_instance(self, event):
        return f"{event.title} ({event.date_range})"


class LetterTemplateForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.fields["event"]
        self.fields["event"] = EventChoiceField(
            queryset=EventPage.objects.order_by("-start_date", "pk"),
            required=False,
            label=event.label,
            help_text=event.help_text,
            empty_label="None: the site-wide template",
        )
        # The editor sends its content as JSON; anything else (a hand-made
        # request) reads as no text, which the field refuses as required.
        widget = self.fields["body"].widget
        read = widget.value_from_datadict

        def value_from_datadict(data, files, name):
            try:
                return read(data, files, name)
            except (ValueError, TypeError, AttributeError, KeyError, IndexError):
                return None

        widget.value_from_datadict = value_from_datadict
