"""The feedback survey after an event, answered once from /my/ or the emailed link."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from participants import errors, feedback
from participants.forms import FeedbackForm
from participants.models import FeedbackSubmission, Registration
from participants.views.base import posted


@never_cache
@login_required
def my_feedback(request, event_id):
    """The survey for the person's confirmed place at the event; else 404.

    Once answered, a thank-you: never a second form.
    """
    registration = (
        Registration.objects.select_related("event")
        .filter(
            user=request.user,
            event_id=event_id,
            status=Registration.Status.CONFIRMED,
        )
        .first()
    )
    if registration is None:
        raise Http404
    event = registration.event
    context = {"event": event, "registration": registration}
    if FeedbackSubmission.objects.filter(registration=registration).exists():
        return render(request, "participants/feedback.html", {**context, "done": True})
    if not feedback.is_open(event):
        return render(
            request, "participants/feedback.html", {**context, "closed": True}
        )
    form = FeedbackForm(posted(request), event=event)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.submit_feedback(registration=registration, answers=form.answers())
        except errors.InvitationError as error:
            form.add_error(None, str(error))
        else:
            return redirect("my_feedback", event_id=event.pk)
    return render(request, "participants/feedback.html", {**context, "form": form})
