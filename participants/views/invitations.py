"""The invitation link: GET shows it, POST accepts or declines; once accepted,
it leads on to the account and the registration form. Once the event has ended
the link says so, and takes no answer."""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from participants import accounts, ended, errors, invitations
from participants.adapters import INVITATION_SESSION_KEY
from participants.forms import DeclineForm
from participants.tasks import contact_email
from programme.models import ProgrammePage
from roundtable.formatting import format_datetime
from roundtable.models import SiteSettings
from roundtable.visibility import is_public, public_pages


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
    """GET shows the invitation and never changes it; POST accepts or declines.

    Once accepted, the link leads on to the account and the registration form
    until the person has registered (`invitations.can_continue`).
    """
    invitation = invitations.find_invitation(token=token)
    if invitation is None:
        return refusal(request)
    if invitation.event.has_ended and (
        invitation.is_usable or invitations.can_continue(invitation=invitation)
    ):
        return _ended(request, invitation)
    if not invitation.is_usable:
        if invitations.can_continue(invitation=invitation):
            return _accepted(request, invitation)
        return refusal(request)
    context = _invitation_context(request, invitation)
    context["decline_form"] = DeclineForm()
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


def _invitation_context(request, invitation):
    event = invitation.event
    return {
        "invitation": invitation,
        "event": event,
        "contact_email": contact_email(event),
        "wrong_account": request.user.is_authenticated
        and invitations.normalise_email(request.user.email) != invitation.email,
        **_event_links(request, event),
    }


def _event_links(request, event):
    """The event's page and programme, where anyone may read them."""
    if not is_public(event):
        return {}
    programme = public_pages(ProgrammePage.objects.child_of(event)).first()
    return {
        "event_url": event.get_url(request),
        "programme_url": programme.get_url(request) if programme else None,
    }


def _ended(request, invitation):
    """A link that would still work, to an event that has ended: it says so.

    No answer, no date to answer by; a POST changes nothing.
    """
    context = _invitation_context(request, invitation)
    status = 200
    if request.method == "POST":
        context["error"] = ended.ANSWER
        status = 409
    return render(request, "participants/invitation_ended.html", context, status=status)


def _accepted(request, invitation):
    """The link of an accepted invitation: on to the account, then the form."""
    context = _invitation_context(request, invitation)
    context["has_account"] = accounts.find_account(email=invitation.email) is not None
    context["works_until"] = format_datetime(
        invitation.expires_at, invitation.event.time_zone
    )
    status = 200
    if request.method == "POST":
        if context["wrong_account"]:
            status = 403
        elif request.POST.get("action") == "continue":
            return _continue(request, invitation)
        else:
            context["error"] = "Choose “Continue” to go on with your registration."
            status = 400
    return render(
        request, "participants/invitation_accepted.html", context, status=status
    )


def _accept(request, token):
    user = request.user if request.user.is_authenticated else None
    try:
        invitation = invitations.accept(token=token, user=user)
    except errors.InvitationError:
        return refusal(request)
    return _continue(request, invitation)


def _continue(request, invitation):
    """After accepting: the registration form, through the account if need be."""
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    # allauth shows this address on its signup form.
    get_adapter(request).stash_verified_email(request, invitation.email)
    register_url = reverse("register", args=[invitation.pk])
    if request.user.is_authenticated:
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
