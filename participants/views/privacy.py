"""The person's own data: a JSON download, and deleting the account."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from participants import privacy
from participants.forms import DeleteAccountForm
from participants.views.base import posted

TOO_MANY_ATTEMPTS = (
    "Too many attempts in a short time, so this is paused and nothing was changed. "
    "Wait a few minutes, then try again."
)


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
    form = DeleteAccountForm(posted(request), user=request.user)
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
