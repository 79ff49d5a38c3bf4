"""The invitee's pages: the invitation link, registration and /my/."""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from participants import (
    accounts,
    breakouts,
    checkin,
    errors,
    feeds,
    invitations,
    privacy,
    registrations,
)
from participants.adapters import INVITATION_SESSION_KEY
from participants.forms import DeclineForm, DeleteAccountForm, RegistrationForm
from participants.models import (
    BreakoutBooking,
    CalendarFeed,
    Invitation,
    ParticipantAreaPage,
    Registration,
)
from participants.tasks import contact_email
from programme.models import Session
from roundtable.addresses import absolute_url, webcal_url
from roundtable.models import SiteSettings

TOO_MANY_ATTEMPTS = (
    "Too many attempts in a short time, so this is paused and nothing was changed. "
    "Wait a few minutes, then try again."
)


def _posted(request):
    """The form data of a POST, even an empty one (bound, so it shows errors)."""
    return request.POST if request.method == "POST" else None


@never_cache
def refusal(request):
    """One page for unknown, expired, revoked and used links alike."""
    response = render(
        request,
        "participants/invitation_refused.html",
        {"contact_email": SiteSettings.load(request_or_site=request).contact_email},
        status=404,
    )
    return response


@never_cache
def invitation(request, token):
    """GET shows the invitation and never changes it; POST accepts or declines."""
    invitation = invitations.find_invitation(token=token)
    if invitation is None or not invitation.is_usable:
        return refusal(request)
    event = invitation.event
    context = {
        "invitation": invitation,
        "event": event,
        "contact_email": contact_email(event),
        "decline_form": DeclineForm(),
        "wrong_account": request.user.is_authenticated
        and invitations.normalise_email(request.user.email) != invitation.email,
    }
    if request.method == "POST":
        action = request.POST.get("action")
        if context["wrong_account"]:
            # Signed in as someone else: neither accept nor decline for them.
            status = 403
        elif action == "decline":
            form = DeclineForm(request.POST)
            if form.is_valid():
                return _decline(request, token, form.cleaned_data["reason"])
            context["decline_form"] = form
            status = 200
        elif action == "accept":
            return _accept(request, token)
        else:
            context["error"] = "Choose whether to accept or decline the invitation."
            status = 400
        return render(request, "participants/invitation.html", context, status=status)
    return render(request, "participants/invitation.html", context)


def _accept(request, token):
    user = request.user if request.user.is_authenticated else None
    try:
        invitation = invitations.accept(token=token, user=user)
    except errors.InvitationError:
        return refusal(request)
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    # allauth shows this address on its signup form.
    get_adapter(request).stash_verified_email(request, invitation.email)
    register_url = reverse("register", args=[invitation.pk])
    if user is not None:
        return redirect(register_url)
    if accounts.find_account(email=invitation.email):
        # The invitee holds the link, so this tells nobody else anything.
        return redirect(
            reverse("account_login") + "?" + urlencode({"next": register_url})
        )
    return redirect("account_signup")


def _decline(request, token, reason):
    try:
        invitations.decline(token=token, reason=reason)
    except errors.InvitationError:
        return refusal(request)
    return redirect("invitation_declined")


@never_cache
def invitation_declined(request):
    return render(request, "participants/invitation_declined.html")


@never_cache
@login_required
def register(request, invitation_id):
    """The registration form for an accepted invitation to the person's address."""
    invitation = invitations.awaiting_registration(
        invitation_id=invitation_id, email=request.user.email
    )
    if invitation is None:
        raise Http404
    event = invitation.event
    form = RegistrationForm(_posted(request), event=event)
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
        )
    )
    waiting = Invitation.objects.filter(
        email=invitations.normalise_email(request.user.email),
        status=Invitation.Status.ACCEPTED,
        registration__isnull=True,
    ).select_related("event")
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
        for registration in confirmed:
            code = checkin.ensure_pass_code(registration=registration)
            context["participation"].append(
                {
                    "registration": registration,
                    "can_change": registrations.can_change(registration),
                    "area_url": ParticipantAreaPage.area_url(
                        registration.area_url_path, request=request
                    ),
                    "slots": overview[registration.pk]["slots"],
                    "agenda": overview[registration.pk]["agenda"],
                    "pass_code": checkin.format_pass_code(code),
                    "pass_svg": mark_safe(  # noqa: S308 - segno's SVG of our own code
                        checkin.pass_svg(code)
                    ),
                }
            )
        feed_token = confirmed[0].feed_token
        if feed_token is not None:
            feed_url = absolute_url(reverse("personal_calendar", args=[feed_token]))
            context.update(feed_url=feed_url, webcal_url=webcal_url(feed_url))
    return render(request, "participants/my_registrations.html", context)


def _own_confirmed_registration(request, event_id):
    return get_object_or_404(
        Registration,
        event_id=event_id,
        user=request.user,
        status=Registration.Status.CONFIRMED,
    )


@require_POST
@login_required
def book_breakout(request, session_id):
    # The service locks and reads the session again; the view needs these only.
    session = get_object_or_404(
        Session.objects.only("pk", "event_id", "title"), pk=session_id, live=True
    )
    registration = _own_confirmed_registration(request, session.event_id)
    try:
        booking = breakouts.book_breakout(registration=registration, session=session)
    except errors.BookingError as error:
        messages.error(request, str(error))
    else:
        if booking.status == BreakoutBooking.Status.CONFIRMED:
            messages.success(request, f"You have a seat in “{session.title}”.")
        else:
            messages.info(
                request,
                f"“{session.title}” is full: you are number {booking.position} on "
                "its waitlist. We will email you if a seat becomes free.",
            )
    return redirect(reverse("my_registrations") + "#breakouts")


@require_POST
@login_required
def cancel_booking(request, pk):
    booking = get_object_or_404(
        BreakoutBooking.objects.select_related("session"),
        pk=pk,
        registration__user=request.user,
    )
    try:
        breakouts.cancel_booking(booking=booking)
    except errors.BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Your booking for “{booking.session.title}” is cancelled."
        )
    return redirect(reverse("my_registrations") + "#breakouts")


@require_POST
@login_required
def rotate_calendar(request):
    had_one = feeds.find_own_feed(user=request.user) is not None
    feeds.rotate_feed(user=request.user)
    messages.success(
        request,
        "Your calendar has a new address; the old one no longer works. Subscribe "
        "again with the new one."
        if had_one
        else "Your personal calendar address is ready.",
    )
    return redirect(reverse("my_registrations") + "#agenda")


@never_cache
def personal_calendar(request, token):
    """The person's agenda as iCalendar: plenaries and their own breakouts."""
    from programme import ical
    from programme.models import ProgrammePage

    feed = feeds.find_feed(token=token)
    if feed is None:
        raise Http404("No such calendar")
    agenda = []
    for event, sessions in feeds.agenda(user=feed.user):
        programme = ProgrammePage.objects.child_of(event).live().first()
        programme_url = absolute_url(programme.url if programme else event.url or "/")
        agenda.append((event, programme_url, sessions))
    response = HttpResponse(
        ical.personal_calendar(agenda=agenda),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-agenda.ics"'
    return response


@never_cache
@login_required
def my_data(request):
    """Everything the site holds about the person, as a JSON download."""
    response = JsonResponse(
        privacy.personal_data(user=request.user), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="my-roundtable-data.json"'
    return response


@never_cache
@login_required
def delete_account(request):
    """Confirm with the password; then the account and its data are erased."""
    form = DeleteAccountForm(_posted(request), user=request.user)
    if request.method == "POST" and not ratelimit.consume(
        # Checking the password here counts as allauth's re-authentication does.
        request,
        action="reauthenticate",
        user=request.user,
    ):
        # An unbound form: the password is not checked while attempts are paused.
        context = {
            "form": DeleteAccountForm(user=request.user),
            "refused": TOO_MANY_ATTEMPTS,
        }
        return render(request, "participants/delete_account.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        privacy.delete_account(user=user)
        messages.success(request, "Your account and your data have been deleted.")
        return redirect("/")
    return render(request, "participants/delete_account.html", {"form": form})


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
        },
    )


@never_cache
@login_required
def edit_registration(request, pk):
    registration = _own_registration(request, pk)
    if not registrations.can_change(registration):
        raise Http404
    form = RegistrationForm(
        _posted(request), instance=registration, event=registration.event
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
def cancel_registration(request, pk):
    registration = _own_registration(request, pk)
    try:
        registrations.cancel(registration=registration)
    except errors.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your registration is cancelled.")
    return redirect("my_registrations")


def serve_document(request, document_id, document_filename):
    """Wagtail's document view; files of restricted collections stay out of caches."""
    from wagtail.documents.views.serve import serve

    response = serve(request, document_id, document_filename)
    if getattr(request, "roundtable_restricted_document", False):
        add_never_cache_headers(response)
    return response
