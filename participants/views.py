"""The invitee's pages: the invitation link, registration and /my/."""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_POST

from participants import services
from participants.adapters import INVITATION_SESSION_KEY
from participants.forms import DeclineForm, RegistrationForm
from participants.models import Invitation, Registration
from participants.tasks import contact_email
from roundtable.models import SiteSettings


def private(response):
    """Never cached by shared caches.

    The site-wide Referrer-Policy (same-origin) already keeps the link's token
    from other sites; "no-referrer" would make browsers send `Origin: null`,
    which Django's CSRF check refuses.
    """
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


def refusal(request):
    """One page for unknown, expired, revoked and used links alike."""
    response = render(
        request,
        "participants/invitation_refused.html",
        {"contact_email": SiteSettings.load(request_or_site=request).contact_email},
        status=404,
    )
    return private(response)


def invitation(request, token):
    """GET shows the invitation and never changes it; POST accepts or declines."""
    invitation = services.find_invitation(token=token)
    if invitation is None or not invitation.is_usable:
        return refusal(request)
    event = invitation.event
    context = {
        "invitation": invitation,
        "event": event,
        "contact_email": contact_email(event),
        "decline_form": DeclineForm(),
        "wrong_account": request.user.is_authenticated
        and services.normalise_email(request.user.email) != invitation.email,
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
            status = 400
        return private(
            render(request, "participants/invitation.html", context, status=status)
        )
    return private(render(request, "participants/invitation.html", context))


def _accept(request, token):
    user = request.user if request.user.is_authenticated else None
    try:
        invitation = services.accept(token=token, user=user)
    except services.InvitationError:
        return refusal(request)
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    # allauth shows this address on its signup form.
    get_adapter(request).stash_verified_email(request, invitation.email)
    register_url = reverse("register", args=[invitation.pk])
    if user is not None:
        return redirect(register_url)
    if services.find_account(email=invitation.email):
        # The invitee holds the link, so this tells nobody else anything.
        return redirect(
            reverse("account_login") + "?" + urlencode({"next": register_url})
        )
    return redirect("account_signup")


def _decline(request, token, reason):
    try:
        services.decline(token=token, reason=reason)
    except services.InvitationError:
        return refusal(request)
    return redirect("invitation_declined")


def invitation_declined(request):
    return private(render(request, "participants/invitation_declined.html"))


@login_required
def register(request, invitation_id):
    """The registration form for an accepted invitation to the person's address."""
    invitation = services.awaiting_registration(
        invitation_id=invitation_id, email=request.user.email
    )
    if invitation is None:
        raise Http404
    event = invitation.event
    form = RegistrationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                invitation=invitation,
                user=request.user,
                days=form.cleaned_data["days"],
                dietary=form.cleaned_data["dietary"],
                access_needs=form.cleaned_data["access_needs"],
                listed_consent=form.cleaned_data["listed_consent"],
                privacy_agreed=form.cleaned_data["privacy_agreed"],
            )
        except services.InvitationError as error:
            form.add_error(None, str(error))
        else:
            request.session.pop(INVITATION_SESSION_KEY, None)
            return redirect("my_registration", pk=registration.pk)
    return private(
        render(
            request,
            "participants/registration_form.html",
            {"form": form, "event": event, "invitation": invitation},
        )
    )


@login_required
def my_registrations(request):
    """/my/: the person's registrations and invitations waiting for the form."""
    registrations = Registration.objects.filter(user=request.user).select_related(
        "event"
    )
    waiting = Invitation.objects.filter(
        email=services.normalise_email(request.user.email),
        status=Invitation.Status.ACCEPTED,
        registration__isnull=True,
    ).select_related("event")
    return private(
        render(
            request,
            "participants/my_registrations.html",
            {
                "registrations": [
                    (registration, services.can_change(registration))
                    for registration in registrations
                ],
                "waiting": waiting,
            },
        )
    )


def _own_registration(request, pk):
    return get_object_or_404(
        Registration.objects.select_related("event", "invitation"),
        pk=pk,
        user=request.user,
    )


@login_required
def my_registration(request, pk):
    registration = _own_registration(request, pk)
    return private(
        render(
            request,
            "participants/registration.html",
            {
                "registration": registration,
                "event": registration.event,
                "can_change": services.can_change(registration),
            },
        )
    )


@login_required
def edit_registration(request, pk):
    registration = _own_registration(request, pk)
    if not services.can_change(registration):
        raise Http404
    form = RegistrationForm(
        request.POST or None, instance=registration, event=registration.event
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_registration(
                registration=registration,
                days=form.cleaned_data["days"],
                dietary=form.cleaned_data["dietary"],
                access_needs=form.cleaned_data["access_needs"],
                listed_consent=form.cleaned_data["listed_consent"],
            )
        except services.InvitationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your registration is updated.")
            return redirect("my_registration", pk=registration.pk)
    return private(
        render(
            request,
            "participants/registration_form.html",
            {"form": form, "event": registration.event, "registration": registration},
        )
    )


@require_POST
@login_required
def cancel_registration(request, pk):
    registration = _own_registration(request, pk)
    try:
        services.cancel(registration=registration)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your registration is cancelled.")
    return redirect("my_registrations")
