from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm, SignupForm
from django import forms
from django.utils.dateformat import format as format_date

from participants import accounts
from participants import questions as asked
from participants.adapters import invitation_for_signup
from participants.models import Registration
from participants.registrations import event_days, registration_is_open


class InvitationSignupForm(SignupForm):
    """allauth's signup form with the address fixed to the invitation's.

    The adapter's `clean_email` replaces whatever is posted with the invited
    address; the field is read-only so the person sees which one it is.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["readonly"] = True
        self.fields["email"].help_text = "The address your invitation was sent to."

    def validate_unique_email(self, value):
        invitation = invitation_for_signup(get_adapter().request)
        if invitation is not None:
            # Before allauth looks for the address on other accounts.
            accounts.claim_invited_address(invitation=invitation)
        return super().validate_unique_email(value)


class VerifiedResetPasswordForm(ResetPasswordForm):
    """A reset goes only to an account that verified the address asked for.

    Otherwise allauth sends the "unknown account" email, as for an address
    with no account at all.
    """

    def clean_email(self):
        email = super().clean_email()
        self.users = accounts.password_reset_accounts(email=email)
        return email


def day_choices(event):
    return [(day.isoformat(), format_date(day, "l j F Y")) for day in event_days(event)]


class RegistrationForm(forms.ModelForm):
    days = forms.MultipleChoiceField(
        label="Days attending", widget=forms.CheckboxSelectMultiple
    )
    privacy_agreed = forms.BooleanField(
        label="I have read and agree to the privacy notice.", required=True
    )

    class Meta:
        model = Registration
        fields = ["days", "position", "dietary", "access_needs", "listed_consent"]
        labels = {
            "position": "Position (shown in the participant list)",
            "dietary": "Dietary needs",
            "access_needs": "Access needs",
            "listed_consent": "List me in the participant list that other "
            "participants see.",
        }
        widgets = {
            "dietary": forms.Textarea(attrs={"rows": 2}),
            "access_needs": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = day_choices(event)
        if not self.instance.pk:
            self.fields["days"].initial = [day.isoformat() for day in event_days(event)]
            privacy = self.fields.pop("privacy_agreed")
        else:
            del self.fields["privacy_agreed"]
            privacy = None
        # The event's questions after the fixed fields; answers can be changed
        # while registration is open, and are shown as given after that.
        self.questions = list(event.registration_questions.all())
        self.answers_editable = not self.instance.pk or registration_is_open(event)
        question_fields = asked.form_fields(self.questions)
        saved = asked.initial(self.instance.answers)
        for name, field in question_fields.items():
            field.initial = saved.get(name)
            field.disabled = not self.answers_editable
        self.fields.update(question_fields)
        if privacy is not None:
            self.fields["privacy_agreed"] = privacy

    @property
    def fixed_fields(self):
        return [
            self[name]
            for name in self.fields
            if name != "privacy_agreed" and not name.startswith(asked.PREFIX)
        ]

    @property
    def question_fields(self):
        return [self[name] for name in self.fields if name.startswith(asked.PREFIX)]

    @property
    def closing_fields(self):
        return [self[name] for name in self.fields if name == "privacy_agreed"]

    def answers(self):
        """The answers as the services take them; None when they are not editable."""
        if not self.answers_editable:
            return None
        return asked.snapshot(self.questions, self.cleaned_data)


class FeedbackForm(forms.Form):
    """An event's survey: a field for each of its feedback questions."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(event.feedback_questions.all())
        self.fields.update(asked.form_fields(self.questions))

    def answers(self):
        return asked.snapshot(self.questions, self.cleaned_data)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput, strip=False
    )
    confirm = forms.BooleanField(
        label="I understand that my account, registrations and bookings are "
        "deleted and cannot be restored.",
        required=True,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
