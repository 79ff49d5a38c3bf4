"""Name badges (PDF) of an event's confirmed participants, for organisers."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.views import View

from participants import badges, checkin
from participants.admin.base import OrganiserOnlyMixin
from participants.models import Registration
from roundtable.formatting import format_date_range
from roundtable.models import EventPage


def badge_of(registration):
    return badges.Badge(
        name=checkin.person_name(registration),
        organisation=registration.invitation.organisation,
        code=registration.pass_code or "",
    )


class BadgesView(OrganiserOnlyMixin, View):
    """GET `event`: A4 sheets of every confirmed participant's badge, by name;
    with `registration`, that one person's badge on a page of its own; with
    `qr=1`, each badge carries the QR code of the person's pass.
    """

    def get(self, request):
        event_pk = request.GET.get("event", "")
        event = (
            EventPage.objects.filter(pk=event_pk).first()
            if event_pk.isascii() and event_pk.isdigit()
            else None
        )
        if event is None:
            return self.refuse("There is no such event: no badges made.")
        registrations = Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).select_related("user", "invitation")
        single = "registration" in request.GET
        if single:
            pk = request.GET["registration"]
            is_number = pk.isascii() and pk.isdigit()
            registrations = registrations.filter(pk=pk if is_number else None)
        people = list(
            registrations.order_by("user__last_name", "user__first_name", "pk")
        )
        if not people:
            return self.refuse(
                "That person is not a confirmed participant of this event: "
                "no badge made."
                if single
                else "This event has no confirmed participants yet: no badges made."
            )
        pdf = badges.badges_pdf(
            badges=[badge_of(registration) for registration in people],
            event_title=event.title,
            dates=format_date_range(event.start_date, event.end_date),
            sheet=not single,
            qr=request.GET.get("qr") == "1",
        )
        name = slugify(checkin.person_name(people[0])) if single else "all"
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="badges-{event.slug}-{name}.pdf"'
        )
        # Names and pass codes: kept by no cache.
        add_never_cache_headers(response)
        return response

    def refuse(self, message):
        messages.error(self.request, message)
        return redirect(reverse("participants_check_in"))
