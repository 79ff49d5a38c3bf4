"""Who may have which document, issuing it once, and making its PDF.

A visa-support letter goes to a confirmed participant who asks for it before
the event ends. A certificate of attendance goes to a registration with at
least one check-in, once the event has ended (in its own time zone,
`EventPage.has_ended`): attendance is then complete. Each is issued once per
registration and kind (`IssuedDocument`), and every PDF of it carries the
same verification code; the name, event and dates are fixed when it is issued.
"""

import zipfile

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from letters import defaults, pdf, placeholders
from letters.models import IssuedDocument, Kind, LetterTemplate, format_code
from participants.checkin import person_name
from participants.models import CheckIn, Registration
from roundtable import clock
from roundtable.addresses import absolute_url
from roundtable.formatting import format_date_range, format_days
from roundtable.models import SiteSettings

FILE_NAMES = {Kind.VISA_LETTER: "visa-letter", Kind.CERTIFICATE: "certificate"}
KIND_BY_FILE_NAME = {value: key for key, value in FILE_NAMES.items()}


class Refused(Exception):
    """Why a document cannot be issued; the message says it to the person."""


def with_check_ins(queryset):
    return queryset.annotate(
        has_check_in=Exists(CheckIn.objects.filter(registration=OuterRef("pk")))
    )


def refusal(registration, kind, *, for_organiser=False):
    """Why `registration` may not have a new document of `kind`, or None."""
    event = registration.event
    if kind == Kind.VISA_LETTER:
        if registration.status != Registration.Status.CONFIRMED:
            return (
                "A visa-support letter is only for confirmed participants: "
                "no letter was issued."
            )
        if event.has_ended and not for_organiser:
            return "The event has ended: no visa-support letter was issued."
        return None
    has_check_in = getattr(registration, "has_check_in", None)
    if has_check_in is None:
        has_check_in = registration.check_ins.exists()
    if not has_check_in:
        return (
            "A certificate of attendance is only for people checked in at the "
            "event: no certificate was issued."
        )
    if not event.has_ended:
        return (
            "Certificates of attendance are issued once the event has ended: "
            "no certificate was issued yet."
        )
    return None


def snapshot(registration, kind):
    event = registration.event
    return IssuedDocument(
        registration=registration,
        kind=kind,
        name=person_name(registration),
        event_title=event.title,
        dates=format_date_range(event.start_date, event.end_date),
        # The moment the event rules read, as whether the event has ended.
        issued_at=clock.now(),
    )


def issue(*, registration, kind, for_organiser=False):
    """The registration's document of `kind`: the one issued before, or a new one.

    Raises `Refused` when there is none and none may be issued.
    """
    existing = IssuedDocument.objects.filter(registration=registration, kind=kind)
    document = existing.first()
    if document is not None:
        return document
    reason = refusal(registration, kind, for_organiser=for_organiser)
    if reason:
        raise Refused(reason)
    try:
        with transaction.atomic():
            document = snapshot(registration, kind)
            document.save()
    except IntegrityError:
        # Issued meanwhile (a double click): that one it is.
        return existing.get()
    return document


def issue_all(*, event, kind):
    """Every document of `kind` the event's people may have, issued where missing.

    Visa-support letters only exist for those who asked (or for whom an
    organiser issued one): no new letters. Certificates are issued to
    everybody checked in, once the event has ended. In the people's order.
    """
    if kind == Kind.CERTIFICATE and event.has_ended:
        eligible = with_check_ins(
            Registration.objects.filter(event=event).select_related(
                "event", "user", "invitation"
            )
        ).filter(has_check_in=True)
        missing = [
            snapshot(registration, kind)
            for registration in eligible.exclude(issued_documents__kind=kind)
        ]
        IssuedDocument.objects.bulk_create(missing, ignore_conflicts=True)
    return list(
        IssuedDocument.objects.filter(registration__event=event, kind=kind)
        .select_related("registration__event", "registration__invitation")
        .prefetch_related("registration__check_ins")
        .order_by("name", "pk")
    )


def template_for(event, kind):
    """The published template of the event, else the site-wide one, else None."""
    templates = LetterTemplate.objects.filter(kind=kind, live=True, event=event)
    return (
        templates.first()
        or LetterTemplate.objects.filter(kind=kind, live=True, event=None).first()
    )


def letterhead():
    site = SiteSettings.load()
    name = site.publisher_name or settings.WAGTAIL_SITE_NAME
    return pdf.Letterhead(
        site_name=name,
        publisher=settings.WAGTAIL_SITE_NAME if site.publisher_name else "",
        email=site.contact_email,
        website=site.publisher_url,
    )


def issuer_name():
    return SiteSettings.load().publisher_name or settings.WAGTAIL_SITE_NAME


def verify_url(document):
    return absolute_url(reverse("verify_document", args=[document.code]))


def local_date(moment, event):
    day = timezone.localtime(moment, event.tzinfo).date()
    return f"{day.day} {day:%B %Y}"


def values(document):
    """What each placeholder of `document` reads."""
    registration = document.registration
    event = registration.event
    venue = ", ".join(
        part
        for part in (event.venue_name, " ".join(event.venue_address.split()))
        if part
    )
    return {
        "name": document.name,
        "organisation": registration.invitation.organisation,
        "position": registration.position,
        "event": document.event_title,
        "dates": document.dates,
        "venue": venue,
        "days_registered": format_days(registration.days),
        "days_attended": format_days(
            check_in.day for check_in in registration.check_ins.all()
        ),
        "issue_date": local_date(document.issued_at, event),
        "code": format_code(document.code),
    }


def contents(document, *, template, head):
    """The arguments of `pdf.document_pdf` for `document`, fonts aside."""
    if template is None:
        title, body = (
            (defaults.VISA_LETTER_TITLE, defaults.VISA_LETTER_BODY)
            if document.kind == Kind.VISA_LETTER
            else (defaults.CERTIFICATE_TITLE, defaults.CERTIFICATE_BODY)
        )
    else:
        title, body = template.title, template.body
    filled = values(document)
    return {
        "letterhead": head,
        "title": placeholders.fill_text(title, filled),
        "body_html": placeholders.fill(body, filled),
        "issued_on": filled["issue_date"],
        "code": filled["code"],
        "verify_url": verify_url(document),
        "certificate": document.kind == Kind.CERTIFICATE,
    }


def texts_of(arguments):
    head = arguments["letterhead"]
    return [
        head.site_name,
        head.publisher,
        head.email,
        head.website,
        arguments["title"],
        arguments["body_html"],
        arguments["issued_on"],
        arguments["code"],
        arguments["verify_url"],
        "Verification code . Check this document at Issued on",
    ]


def render(document):
    """The PDF bytes of an issued document, from its event's published template."""
    arguments = contents(
        document,
        template=template_for(document.registration.event, document.kind),
        head=letterhead(),
    )
    with pdf.subset_fonts(texts_of(arguments)) as fonts:
        return pdf.document_pdf(**arguments, fonts=fonts)


def write_zip(documents, output, *, event, kind, progress=None):
    """Every document's PDF, into a ZIP file written to `output`.

    The template and the letterhead are read once; the fonts are cut once to
    the characters of all the documents (see `pdf.subset_fonts`). `progress`,
    if given, is called with the number of documents written so far.
    """
    template = template_for(event, kind)
    head = letterhead()
    prepared = [
        (document, contents(document, template=template, head=head))
        for document in documents
    ]
    names = set()
    with (
        pdf.subset_fonts(
            [text for _, arguments in prepared for text in texts_of(arguments)]
        ) as fonts,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for document, arguments in prepared:
            name = file_name(document)
            if name in names:
                name = name.removesuffix(".pdf") + f"-{document.pk}.pdf"
            names.add(name)
            archive.writestr(name, pdf.document_pdf(**arguments, fonts=fonts))
            if progress is not None:
                progress(len(names))


def file_name(document):
    event = document.registration.event
    person = slugify(document.name) or "participant"
    return f"{FILE_NAMES[document.kind]}-{event.slug}-{person}.pdf"
