"""The organisers' side: an event's letters and certificates, singly or as a ZIP."""

import io

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views import generic

from letters import bundles, issuing
from letters.models import IssuedDocument, Kind, LetterBundle
from letters.views import pdf_response
from participants.admin.base import OrganiserOnlyMixin
from participants.admin.desk import URL_NAME as DESK_URL_NAME
from participants.checkin import person_name
from participants.models import Registration
from roundtable.models import EventPage

URL_NAME = "letters_event"
LABEL = "Letters and certificates"


def _back(event):
    return redirect(URL_NAME, event.pk)


class EventLettersView(
    OrganiserOnlyMixin, generic.WagtailAdminTemplateMixin, TemplateView
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


class DownloadView(OrganiserOnlyMixin, View):
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


class ZipView(OrganiserOnlyMixin, View):
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
        if len(documents) > bundles.IN_REQUEST:
            # Too many to make while the organiser waits: the worker makes it.
            return redirect(BUNDLE_URL_NAME, event.pk, issuing.FILE_NAMES[kind])
        output = io.BytesIO()
        issuing.write_zip(documents, output, event=event, kind=kind)
        name = issuing.FILE_NAMES[kind]
        return zip_response(output.getvalue(), f"{name}s-{event.slug}.zip")


def zip_response(content, filename):
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


BUNDLE_URL_NAME = "letters_bundle"


class BundleView(OrganiserOnlyMixin, generic.WagtailAdminTemplateMixin, TemplateView):
    """The event's ZIP of one kind made by the worker: its progress, then the file.

    POST asks for it (again); `?format=json` gives the counts to the page's
    refresh.
    """

    template_name = "letters/admin/bundle.html"
    page_title = "ZIP of documents"
    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event = get_object_or_404(EventPage, pk=kwargs["event_id"])
        self.kind = issuing.KIND_BY_FILE_NAME[kwargs["kind"]]
        self.bundle = (
            LetterBundle.objects.filter(event=self.event, kind=self.kind)
            .defer("content")
            .first()
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "json":
            bundle = self.bundle
            return JsonResponse(
                {
                    "status": bundle.status if bundle else None,
                    "done": bundle.done if bundle else 0,
                    "total": bundle.total if bundle else 0,
                    "finished": bool(bundle and bundle.is_finished),
                }
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        bundles.prepare(event=self.event, kind=self.kind, requested_by=request.user)
        messages.success(
            request, "The worker is making the ZIP; this page shows how far it has got."
        )
        return redirect(BUNDLE_URL_NAME, self.event.pk, kwargs["kind"])

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(URL_NAME, args=[self.event.pk]), "label": LABEL},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        bundle = self.bundle
        file_kind = issuing.FILE_NAMES[self.kind]
        return super().get_context_data(
            event=self.event,
            kind_label=Kind(self.kind).label,
            bundle=bundle,
            stalled=bundle is not None and bundle.is_stalled(),
            status_url=reverse(BUNDLE_URL_NAME, args=[self.event.pk, file_kind])
            + "?format=json",
            download_url=(
                reverse("letters_bundle_download", args=[bundle.pk])
                if bundle and bundle.status == LetterBundle.Status.DONE
                else None
            ),
            **kwargs,
        )


class BundleDownloadView(OrganiserOnlyMixin, View):
    """A finished ZIP, to organisers only, never cached."""

    def get(self, request, pk):
        bundle = get_object_or_404(
            LetterBundle.objects.select_related("event"),
            pk=pk,
            status=LetterBundle.Status.DONE,
        )
        return zip_response(bytes(bundle.content), bundles.zip_name(bundle))
