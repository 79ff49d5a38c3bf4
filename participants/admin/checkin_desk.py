"""The check-in desk: the day's expected people, check-in and undo, live counts.

Organisers only. A pass code (typed, or scanned with the camera where the
browser can) or a row's button checks a person in; every change is posted,
then the desk comes back (post/redirect/get) on the same day, search and page
with a message naming the person and the time in the event's time zone.
Walk-ins are in `participants.admin.walk_in`, badges in `participants.admin.badges`.
"""

import datetime

from django import forms
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views import View
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views import generic

from participants import checkin, errors
from participants.admin.base import OrganiserOnlyMixin
from participants.admin.checkin import (
    DayForm,
    attendance_export_url,
    chosen_day,
    event_days,
    posted_day,
)
from participants.models import Registration
from roundtable.formatting import format_day, format_time

SHOW_VALUES = [value for value, _ in checkin.SHOW_CHOICES]


def desk_state(data):
    """The desk's search, filter and page from GET or POST data, made safe."""
    show = data.get("show", "")
    page = data.get("p", "")
    return {
        # No NUL: PostgreSQL refuses it in a text comparison.
        "q": data.get("q", "").replace("\x00", "").strip()[:100],
        "show": show if show in SHOW_VALUES else "",
        "p": page if page.isascii() and page.isdigit() else "",
    }


def desk_url(day_value, *, last=None, **state):
    """The desk on `day_value`, with the given search, filter and page."""
    query = {"day": day_value, **{key: value for key, value in state.items() if value}}
    if last is not None:
        query["last"] = last
    return f"{reverse('participants_check_in')}?{urlencode(query)}"


def checked_in_message(registration, arrival, created):
    """What the desk says after a check-in, the time in the event's zone."""
    name = checkin.person_name(registration)
    time = format_time(arrival.checked_in_at, registration.event.time_zone)
    if created:
        return f"{name} checked in at {time}."
    return (
        f"{name} was already checked in for {format_day(arrival.day)} at {time}; "
        "not counted again."
    )


class FindForm(forms.Form):
    """Who to list among the chosen event's confirmed registrations (GET)."""

    q = forms.CharField(
        label="Find by name or organisation",
        required=False,
        max_length=100,
        help_text="Part of a name, an organisation or an email address.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    show = forms.ChoiceField(label="Show", required=False, choices=checkin.SHOW_CHOICES)


class CheckInForm(forms.Form):
    """A check-in by pass code, or of a person on the list (`registration`)."""

    day = forms.ChoiceField(widget=forms.HiddenInput)
    code = forms.CharField(
        label="Pass code",
        max_length=64,
        required=False,
        help_text="Type the code printed under the QR code, or scan it.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    registration = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, days, **kwargs):
        # Its own ids: the day form above has a field named day too.
        super().__init__(*args, auto_id="id_check_in_%s", **kwargs)
        self.fields["day"].choices = [(value, label) for value, label, *_ in days]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        event_id, day = cleaned["day"].split(":")
        if cleaned.get("registration"):
            registration = (
                Registration.objects.select_related("event", "user", "invitation")
                .filter(pk=cleaned["registration"], event_id=event_id)
                .first()
            )
            if registration is None:
                raise forms.ValidationError("This person is not registered here.")
        elif cleaned.get("code"):
            registration = checkin.find_pass(code=cleaned["code"])
            if registration is None:
                raise forms.ValidationError("No pass has this code.")
            if str(registration.event_id) != event_id:
                raise forms.ValidationError(
                    f"This pass is for {registration.event.title}, not this event."
                )
        else:
            raise forms.ValidationError(
                "Type or scan a pass code, or find the person by name."
            )
        cleaned["registration"] = registration
        cleaned["date"] = datetime.date.fromisoformat(day)
        return cleaned


class DeskMixin(OrganiserOnlyMixin):
    """Organisers only; the days to choose from, read once per request."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.days = event_days()


class CheckInView(DeskMixin, generic.WagtailAdminTemplateMixin, View):
    """The desk: the day's expected people, found, checked in one by one."""

    template_name = "participants/admin/check_in.html"
    page_title = "Check-in"
    header_icon = "tick"

    def get(self, request):
        chosen = chosen_day(request.GET.get("day"), self.days)
        return self.render(chosen, desk_state(request.GET))

    def post(self, request):
        form = CheckInForm(request.POST, days=self.days)
        state = desk_state(request.POST)
        if not form.is_valid():
            chosen = chosen_day(request.POST.get("day"), self.days)
            return self.render(chosen, state, form=form)
        registration = form.cleaned_data["registration"]
        try:
            arrival, created = checkin.check_in(
                registration=registration,
                day=form.cleaned_data["date"],
                by=request.user,
            )
        except errors.BookingError as error:
            form.add_error(None, str(error))
            chosen = chosen_day(request.POST.get("day"), self.days)
            return self.render(chosen, state, form=form)
        message = checked_in_message(registration, arrival, created)
        (messages.success if created else messages.warning)(request, message)
        return redirect(
            desk_url(form.cleaned_data["day"], last=registration.pk, **state)
        )

    def render(self, chosen, state, form=None):
        context = {"state": state}
        if chosen is not None:
            value, _, event, day = chosen
            context.update(self.desk_context(event, day, state))
            context.update(
                chosen_day=value,
                event=event,
                day=day,
                day_iso=day.isoformat(),
                attendance_export_url=attendance_export_url(value),
                counts_url=(
                    f"{reverse('participants_check_in_counts')}"
                    f"?{urlencode({'day': value})}"
                ),
                walk_in_url=(
                    f"{reverse('participants_check_in_walk_in')}"
                    f"?{urlencode({'day': value})}"
                ),
            )
        value = chosen[0] if chosen else None
        context = self.get_context_data(
            day_form=DayForm(initial={"day": value}, days=self.days),
            find_form=FindForm(initial=state),
            form=form or CheckInForm(initial={"day": value}, days=self.days),
            **context,
        )
        return TemplateResponse(self.request, self.template_name, context)

    def desk_context(self, event, day, state):
        """The counts, the page of expected people, the person just checked in."""
        checked_in, confirmed = checkin.day_counts(event=event, day=day)
        paginator = WagtailPaginator(
            checkin.expected(
                event=event, day=day, query=state["q"], show=state["show"]
            ),
            checkin.PAGE_SIZE,
        )
        page = paginator.get_page(state["p"] or 1)
        last = None
        last_pk = self.request.GET.get("last", "")
        if last_pk.isascii() and last_pk.isdigit():
            last = checkin.expected(event=event, day=day).filter(pk=last_pk).first()
        return {
            "checked_in_count": checked_in,
            "confirmed_count": confirmed,
            "page_obj": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "last": last,
        }

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class UndoCheckInView(DeskMixin, View):
    """Take back a day's check-in (a mistaken tap), then back to the desk."""

    def post(self, request):
        state = desk_state(request.POST)
        chosen = posted_day(request.POST.get("day"), self.days)
        if chosen is None:
            messages.error(request, "Choose the event and day again: nothing changed.")
            return redirect(reverse("participants_check_in"))
        value, _, event, day = chosen
        registration_pk = request.POST.get("registration", "")
        registration = (
            Registration.objects.select_related("user", "invitation")
            .filter(pk=registration_pk if registration_pk.isdecimal() else None)
            .filter(event=event)
            .first()
        )
        if registration is None:
            messages.error(
                request, "This person is not registered here. Nothing changed."
            )
            return redirect(desk_url(value, **state))
        try:
            arrival = checkin.undo_check_in(
                registration=registration, day=day, by=request.user
            )
        except errors.BookingError as error:
            messages.error(request, f"{error} Nothing changed.")
        else:
            time = format_time(arrival.checked_in_at, event.time_zone)
            messages.success(
                request,
                f"Undone: {checkin.person_name(registration)} is no longer checked "
                f"in for {format_day(day)} (was at {time}).",
            )
        return redirect(desk_url(value, **state))


class CountsView(DeskMixin, View):
    """The day's counts as JSON, for the desk to refresh them without a reload."""

    def get(self, request):
        chosen = posted_day(request.GET.get("day"), self.days)
        if chosen is None:
            response = JsonResponse({"error": "Unknown event or day."}, status=400)
        else:
            _, _, event, day = chosen
            checked_in, confirmed = checkin.day_counts(event=event, day=day)
            response = JsonResponse(
                {
                    "checked_in": checked_in,
                    "confirmed": confirmed,
                    "text": f"{checked_in} of {confirmed} checked in",
                }
            )
        add_never_cache_headers(response)
        return response
