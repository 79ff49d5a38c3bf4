"""The organisers' side: an event's letters and certificates, singly or as a ZIP."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views import generic

from letters import issuing
from letters.models import IssuedDocument, Kind
from letters.views import pdf_response
from participants.admin.desk import URL_NAME as DESK_URL_NAME
from participants.checkin import person_name
from participants.models import Registration
from roundtable.access import is_organiser
from roundtable.models import EventPage

URL_NAME = "letters_event"
LABEL = "Letters and certificates"


class OrganiserOnlyView(View):
    def dispatch(self, request, *args, **kwargs):
        if not is_organiser(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _back(event):
    return redirect(URL_NAME, event.pk)


class EventLettersView(
    OrganiserOnlyView, generic.WagtailAdminTemplateMixin, TemplateView
):
    """Everyone of the event who may have a document, with what they were issued."""

    template_name = "letters/admin/event.html"
    page_title = LABEL
    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event = get_object_or_404(EventPage, pk=kwargs["event_id"])

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(DESK_URL_NAME, args=[self.event.pk]),
                "label": "Event desk",
            },
            {"url": "", "label": f"{LABEL}: {self.event.title}"},
        ]

    def get_context_data(self, **kwargs):
        event = self.event
        registrations = (
            issuing.with_check_ins(
                Registration.objects.filter(event=event).select_related(
                    "user", "invitation"
                )
            )
            .filter(status=Registration.Status.CONFIRMED)
            .prefetch_related(
                Prefetch(
                    "issued_documents",
                    queryset=IssuedDocument.objects.only(
                        "registration_id", "kind", "code"
                    ),
                )
            )
            .order_by("user__last_name", "user__first_name", "pk")
        )
        rows = []
        for registration in registrations:
            issued = {
                document.kind: document
                for document in registration.issued_documents.all()
            }
            rows.append(
                {
                    "name": person_name(registration),
                    "organisation": registration.invitation.organisation,
                    "checked_in": registration.has_check_in,
                    "letter": issued.get(Kind.VISA_LETTER),
                    "certificate": issued.get(Kind.CERTIFICATE),
                    "letter_url": reverse(
                        "letters_admin_download", args=[registration.pk, "visa-letter"]
                    ),
                    "certificate_url": (
                        reverse(
                            "letters_admin_download",
                            args=[registration.pk, "certificate"],
                        )
                        if registration.has_check_in and event.has_ended
                        else None
                    ),
                }
            )
        return super().get_context_data(
            event=event,
            rows=rows,
            has_ended=event.has_ended,
            letters_zip_url=reverse("letters_zip", args=[event.pk, "visa-letter"]),
            certificates_zip_url=reverse("letters_zip", args=[event.pk, "certificate"]),
            letters_issued=sum(1 for row in rows if row["letter"]),
            **kwargs,
        )


class DownloadView(OrganiserOnlyView):
    """One person's document, issued now if they may have it."""

    def get(self, request, pk, kind):
        registration = get_object_or_404(
            Registration.objects.select_related("event", "invitation", "user"), pk=pk
        )
        try:
            document = issuing.issue(
                registration=registration,
                kind=issuing.KIND_BY_FILE_NAME[kind],
                for_organiser=True,
            )
        except issuing.Refused as refusal:
            messages.error(request, str(refusal))
            return _back(registration.event)
        return pdf_response(issuing.render(document), issuing.file_name(document))


class ZipView(OrganiserOnlyView):
    """Every document of one kind for the event, as one ZIP of PDFs.

    Certificates: everyone checked in, issued now where missing, once the event
    has ended. Visa-support letters: the ones issued (asked for).
    """

    def get(self, request, event_id, kind):
        event = get_object_or_404(EventPage, pk=event_id)
        kind = issuing.KIND_BY_FILE_NAME[kind]
        if kind == Kind.CERTIFICATE and not event.has_ended:
            messages.error(
                request,
                "Certificates of attendance are issued once the event has ended: "
                "no ZIP made yet.",
            )
            return _back(event)
        documents = issuing.issue_all(event=event, kind=kind)
        if not documents:
            messages.error(
                request,
                "Nobody has asked for a visa-support letter: no ZIP made."
                if kind == Kind.VISA_LETTER
                else "Nobody was checked in at this event: no ZIP made.",
            )
            return _back(event)
        output = io.BytesIO()
        issuing.write_zip(documents, output, event=event, kind=kind)
        response = HttpResponse(output.getvalue(), content_type="application/zip")
        name = issuing.FILE_NAMES[kind]
        response["Content-Disposition"] = (
            f'attachment; filename="{name}s-{event.slug}.zip"'
        )
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response
