"""The organisers' feedback results: one screen per event, its CSV, the emails.

Counts and shares for choices and yes/no, the average and spread of a 1–5
scale, text answers listed (`participants.feedback.results`); organisers only.
"""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views import generic

from participants import errors, feedback
from participants import questions as asked
from participants.admin.base import OrganiserOnlyMixin
from participants.spreadsheets import neutralise_cell
from roundtable.models import EventPage
from roundtable.models.questions import CHOICE, MULTIPLE, SCALE, YES_NO

URL_NAME = "participants_feedback_results"
CSV_URL_NAME = "participants_feedback_csv"
EMAIL_URL_NAME = "participants_feedback_email"
CHARTED = {CHOICE, MULTIPLE, YES_NO, SCALE}


class EventMixin(OrganiserOnlyMixin, View):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event_id = kwargs["event_id"]

    @property
    def event(self):
        if not hasattr(self, "_event"):
            self._event = get_object_or_404(EventPage, pk=self.event_id)
        return self._event


class FeedbackResultsView(EventMixin, generic.WagtailAdminTemplateMixin, TemplateView):
    template_name = "participants/admin/feedback_results.html"
    page_title = "Feedback"
    header_icon = "help"

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("participants_event_desk", args=[self.event.pk]),
                "label": self.event.title,
            },
            {"url": "", "label": "Feedback"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        results = feedback.results(event=event)
        context.update(
            event=event,
            results=results,
            charted=CHARTED,
            is_open=feedback.is_open(event),
            edit_url=reverse("wagtailadmin_pages:edit", args=[event.pk]),
            csv_url=reverse(CSV_URL_NAME, args=[event.pk]),
            email_url=reverse(EMAIL_URL_NAME, args=[event.pk]),
        )
        return context


class FeedbackCsvView(EventMixin):
    """A row per response; for a named survey, the person's name and email first."""

    def get(self, request, event_id):
        event = self.event
        responses = feedback.all_answers(event=event)
        columns = feedback.result_questions(event, responses)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="feedback-{event.slug}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(["Name", "Email", *(column.label for column in columns)])
        for registration, answers in responses:
            given = asked.by_key(answers)
            person = (
                [str(registration.user), registration.user.email]
                if registration is not None
                else ["(anonymous)", ""]
            )
            writer.writerow(
                neutralise_cell(value)
                for value in [
                    *person,
                    *(asked.display_value(given.get(c.key)) for c in columns),
                ]
            )
        return response


class FeedbackEmailView(EventMixin):
    """Email the survey's link to the confirmed participants yet to answer."""

    http_method_names = ["post"]

    def post(self, request, event_id):
        try:
            count = feedback.email_survey_link(event=self.event)
        except errors.InvitationError as error:
            messages.error(request, str(error))
        else:
            if count:
                messages.success(
                    request,
                    f"The survey link is being emailed to {count} "
                    f"participant{'s' if count != 1 else ''} yet to answer.",
                )
            else:
                messages.info(request, "Every confirmed participant has answered.")
        return redirect(URL_NAME, event_id=self.event.pk)


def desk_links(event, user):
    """The event desk's link to the feedback results."""
    return [("Feedback survey results", reverse(URL_NAME, args=[event.pk]))]
