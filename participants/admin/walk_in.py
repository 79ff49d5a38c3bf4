"""Walk-ins: an organiser registers a person at the door and checks them in."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from wagtail.admin.views import generic

from participants import checkin, errors
from participants.admin.checkin import posted_day
from participants.admin.checkin_desk import DeskMixin, checked_in_message, desk_url


class WalkInForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Their own: it is how they sign in later, after setting a "
        "password with “Forgotten your password?”.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    organisation = forms.CharField(
        label="Organisation",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    position = forms.CharField(
        label="Position",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    privacy_agreed = forms.BooleanField(
        label="They have read the privacy notice and agree to it",
        error_messages={
            "required": "Show them the privacy notice first: they need to agree."
        },
    )


class WalkInView(DeskMixin, generic.WagtailAdminTemplateMixin, View):
    """One form: invited, registered (confirmed) and checked in for the day."""

    template_name = "participants/admin/walk_in.html"
    page_title = "Register a walk-in"
    header_icon = "user"

    def get(self, request):
        self.chosen = posted_day(request.GET.get("day"), self.days)
        if self.chosen is None:
            return self.no_day()
        return self.render(WalkInForm())

    def post(self, request):
        self.chosen = posted_day(request.POST.get("day"), self.days)
        if self.chosen is None:
            return self.no_day()
        form = WalkInForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        value, _, event, day = self.chosen
        try:
            registration, arrival = checkin.walk_in(
                event=event, day=day, by=request.user, **form.cleaned_data
            )
        except errors.AlreadyRegistered as error:
            form.add_error("email", str(error))
            return self.render(form, registered=error.registration)
        except (errors.InvitationError, errors.BookingError) as error:
            form.add_error(None, str(error))
            return self.render(form)
        message = checked_in_message(registration, arrival, True)
        messages.success(request, f"Registered as a walk-in. {message}")
        return redirect(desk_url(value, last=registration.pk))

    def no_day(self):
        messages.error(self.request, "Choose the event and day first: nothing changed.")
        return redirect(reverse("participants_check_in"))

    def render(self, form, **extra):
        value, _, event, day = self.chosen
        context = self.get_context_data(
            form=form,
            chosen_day=value,
            event=event,
            day=day,
            desk_url=desk_url(value),
            **extra,
        )
        return TemplateResponse(self.request, self.template_name, context)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("participants_check_in"), "label": "Check-in"},
            {"url": "", "label": self.page_title},
        ]
