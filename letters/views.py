"""A participant's own letters and certificates, and the public verification page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from letters import issuing
from letters.models import IssuedDocument, Kind, normalise_code
from participants.models import CheckIn, Registration


def pdf_response(content, filename):
    """A PDF download kept by no cache: it names a person."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _own_registration(request, pk):
    return get_object_or_404(
        Registration.objects.select_related("event", "invitation", "user"),
        pk=pk,
        user=request.user,
    )


def _back_to_my_page(registration):
    return redirect(reverse("my_registrations") + f"#letters-{registration.event_id}")


@require_GET
@login_required
def download(request, pk, kind):
    """GET: the person's own document of `kind` for one of their registrations.

    A certificate is issued on its first download; a visa-support letter must
    have been asked for first. Anyone else's registration is not found (404).
    """
    registration = _own_registration(request, pk)
    kind = issuing.KIND_BY_FILE_NAME[kind]
    if kind == Kind.VISA_LETTER:
        document = IssuedDocument.objects.filter(
            registration=registration, kind=kind
        ).first()
        refusal = (
            "Ask for your visa-support letter first: no letter was issued."
            if document is None
            else issuing.refusal(registration, kind, for_organiser=True)
        )
        if refusal:
            messages.error(request, refusal)
            return _back_to_my_page(registration)
    else:
        try:
            document = issuing.issue(registration=registration, kind=kind)
        except issuing.Refused as refusal:
            messages.error(request, str(refusal))
            return _back_to_my_page(registration)
    return pdf_response(issuing.render(document), issuing.file_name(document))


@require_POST
@login_required
def request_visa_letter(request, pk):
    """POST: issue the person's visa-support letter (once), then back to /my/."""
    registration = _own_registration(request, pk)
    try:
        issuing.issue(registration=registration, kind=Kind.VISA_LETTER)
    except issuing.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, "Your visa-support letter is ready: download it below."
        )
    return _back_to_my_page(registration)


def my_registration_links(registrations, request):
    """The /my/ links of confirmed registrations: documents to download or ask for.

    {registration pk: [(label, url, method)]}, read in two queries for all of
    them (what was issued, who was checked in).
    """
    pks = [registration.pk for registration in registrations]
    issued = set(
        IssuedDocument.objects.filter(registration__in=pks).values_list(
            "registration_id", "kind"
        )
    )
    checked_in = set(
        CheckIn.objects.filter(registration__in=pks)
        .values_list("registration_id", flat=True)
        .distinct()
    )
    result = {}
    for registration in registrations:
        ended = registration.event.has_ended
        links = []
        if (registration.pk, Kind.VISA_LETTER) in issued:
            links.append(
                (
                    "Download your visa-support letter (PDF)",
                    reverse("letters_download", args=[registration.pk, "visa-letter"]),
                    "get",
                )
            )
        elif not ended:
            links.append(
                (
                    "Request a visa-support letter",
                    reverse("letters_request_visa_letter", args=[registration.pk]),
                    "post",
                )
            )
        if ended and registration.pk in checked_in:
            links.append(
                (
                    "Download your certificate of attendance (PDF)",
                    reverse("letters_download", args=[registration.pk, "certificate"]),
                    "get",
                )
            )
        result[registration.pk] = links
    return result


@never_cache
def verify(request, code):
    """Public: whether `code` is a document issued here, and to whom for what."""
    document = (
        IssuedDocument.objects.filter(code=normalise_code(code))
        .only("kind", "name", "event_title", "dates")
        .first()
    )
    if document is None:
        return render(request, "letters/verify_unknown.html", status=404)
    return render(
        request,
        "letters/verify.html",
        {
            "document": document,
            "what": document.get_kind_display().lower(),
            "issuer": issuing.issuer_name(),
        },
    )
