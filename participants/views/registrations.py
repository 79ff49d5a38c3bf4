"""Registering for an event and the person's own registrations, /my/ above all."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail import hooks

from participants import (
    breakouts,
    checkin,
    ended,
    errors,
    feedback,
    invitations,
    registrations,
)
from participants import questions as asked
from participants.adapters import INVITATION_SESSION_KEY
from participants.forms import RegistrationForm
from participants.models import (
    CalendarFeed,
    FeedbackSubmission,
    Invitation,
    ParticipantAreaPage,
    Registration,
)
from participants.views.base import posted
from roundtable.addresses import absolute_url, webcal_url
from roundtable.admin_links import MY_REGISTRATION_LINKS_HOOK


@never_cache
@login_required
def register(request, invitation_id):
    """The registration form for an accepted invitation to the person's address.

    Once the event has ended, the page says so instead.
    """
    invitation = invitations.awaiting_registration(
        invitation_id=invitation_id, email=request.user.email
    )
    if invitation is None:
        raise Http404
    event = invitation.event
    if event.has_ended:
        return render(
            request,
            "participants/registration_form.html",
            {"event": event, "invitation": invitation, "refused": ended.REGISTER},
            status=409 if request.method == "POST" else 200,
        )
    form = RegistrationForm(posted(request), event=event)
    if request.method == "POST" and form.is_valid():
        try:
            registration = registrations.register(
                invitation=invitation,
                user=request.user,
                days=form.cleaned_data["days"],
                position=form.cleaned_data["position"],
                dietary=form.cleaned_data["dietary"],
                access_needs=form.cleaned_data["access_needs"],
                listed_consent=form.cleaned_data["listed_consent"],
                privacy_agreed=form.cleaned_data["privacy_agreed"],
                answers=form.answers(),
            )
        except errors.InvitationError as error:
            form.add_error(None, str(error))
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            return redirect("my_registration", pk=registration.pk)
    return render(
        request,
        "participants/registration_form.html",
        {"form": form, "event": event, "invitation": invitation},
    )


@never_cache
@login_required
def my_registrations(request):
    """/my/: registrations, breakouts, pass, personal agenda and own data."""
    own = list(
        Registration.objects.filter(user=request.user)
        .select_related("event", "invitation")
        .annotate(
            area_url_path=ParticipantAreaPage.url_path_subquery("event__"),
            feed_token=Subquery(
                CalendarFeed.objects.filter(user=OuterRef("user")).values("token")[:1]
            ),
            answered_feedback=Exists(
                FeedbackSubmission.objects.filter(registration=OuterRef("pk"))
            ),
        )
    )
    waiting = [
        invitation
        for invitation in Invitation.objects.filter(
            email=invitations.normalise_email(request.user.email),
            status=Invitation.Status.ACCEPTED,
            registration__isnull=True,
        ).select_related("event")
        if not invitation.event.has_ended
    ]
    confirmed = [
        registration
        for registration in own
        if registration.status == Registration.Status.CONFIRMED
    ]
    context = {
        "registrations": [
            (registration, registrations.can_change(registration))
            for registration in own
        ],
        "waiting": waiting,
        "participation": [],
    }
    if confirmed:
        overview = breakouts.overview(registrations=confirmed)
        # Other apps' links (letters' documents), {registration pk: [(label, url,
        # method)]}: each hook reads for all the registrations at once.
        more_links = {}
        for function in hooks.get_hooks(MY_REGISTRATION_LINKS_HOOK):
            for pk, links in function(confirmed, request).items():
                more_links.setdefault(pk, []).extend(links)
        for registration in confirmed:
            item = {
                "registration": registration,
                "has_ended": registration.event.has_ended,
                "feedback_open": feedback.is_open(registration.event),
                "can_change": registrations.can_change(registration),
                "area_url": ParticipantAreaPage.area_url(
                    registration.area_url_path, request=request
                ),
                "slots": overview[registration.pk]["slots"],
                "agenda": overview[registration.pk]["agenda"],
                "more_links": more_links.get(registration.pk, []),
            }
            if not item["has_ended"]:
                # Once the event has ended /my/ is a record: no pass to show.
                code = checkin.ensure_pass_code(registration=registration)
                item["pass_code"] = checkin.format_pass_code(code)
                item["pass_svg"] = mark_safe(  # noqa: S308 - segno's SVG of our code
                    checkin.pass_svg(code)
                )
            context["participation"].append(item)
        feed_token = confirmed[0].feed_token
        if feed_token is not None:
            feed_url = absolute_url(reverse("personal_calendar", args=[feed_token]))
            context.update(feed_url=feed_url, webcal_url=webcal_url(feed_url))
    return render(request, "participants/my_registrations.html", context)


def _own_registration(request, pk):
    return get_object_or_404(
        Registration.objects.select_related("event", "invitation"),
        pk=pk,
        user=request.user,
    )


@never_cache
@login_required
def my_registration(request, pk):
    registration = _own_registration(request, pk)
    return render(
        request,
        "participants/registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "can_change": registrations.can_change(registration),
            "answers": [
                {"label": answer["label"], "text": asked.display_value(answer)}
                for answer in registration.answers
            ],
        },
    )


@never_cache
@login_required
def edit_registration(request, pk):
    registration = _own_registration(request, pk)
    if not registrations.can_change(registration):
        raise Http404
    form = RegistrationForm(
        posted(request), instance=registration, event=registration.event
    )
    if request.method == "POST" and form.is_valid():
        try:
            registrations.update_registration(
                registration=registration,
                days=form.cleaned_data["days"],
                position=form.cleaned_data["position"],
                dietary=form.cleaned_data["dietary"],
                access_needs=form.cleaned_data["access_needs"],
                listed_consent=form.cleaned_data["listed_consent"],
                answers=form.answers(),
            )
        except errors.InvitationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your registration is updated.")
            return redirect("my_registration", pk=registration.pk)
    return render(
        request,
        "participants/registration_form.html",
        {"form": form, "event": registration.event, "registration": registration},
    )


@require_POST
@login_required
def withdraw_listing(request, pk):
    """Stop being listed in the participant list; possible at any time."""
    registration = _own_registration(request, pk)
    registrations.withdraw_listing(registration=registration)
    messages.success(request, "You are no longer listed in the participant list.")
    return redirect(reverse("my_registrations") + f"#event-{registration.event_id}")


@require_POST
@login_required
def cancel_registration(request, pk):
    registration = _own_registration(request, pk)
    try:
        registrations.cancel(registration=registration)
    except errors.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your registration is cancelled.")
    return redirect("my_registrations")
