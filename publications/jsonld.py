"""schema.org JSON-LD for reports, as pure functions of the objects shown."""

import json

ATTENDANCE_OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def report_jsonld(
    report,
    *,
    authors,
    categories,
    event,
    organisers,
    base_url,
    publisher_name,
    publisher_url="",
    pdf_url="",
):
    """A schema.org `Report` describing `report`, with its event as `about`."""
    url = base_url + report.url
    data = {
        "@context": "https://schema.org",
        "@type": "Report",
        "@id": url,
        "url": url,
        "name": report.title,
        "headline": report.title,
        "datePublished": report.publication_date.isoformat(),
        "dateModified": (report.last_updated or report.publication_date).isoformat(),
        "inLanguage": "en-GB",
        "genre": report.get_report_type_display(),
        "abstract": report.summary_text,
        "author": [_person(person) for person in authors],
        "keywords": [category.name for category in categories],
        "publisher": _organisation(publisher_name, publisher_url),
    }
    if pdf_url:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": pdf_url,
            "encodingFormat": "application/pdf",
        }
    if event is not None:
        data["about"] = event_jsonld(event, organisers=organisers, base_url=base_url)
    return data


def event_jsonld(event, *, organisers, base_url):
    """A schema.org `Event` for a roundtable held in person."""
    address = " ".join(event.venue_address.split()) if event.venue_address else ""
    return {
        "@type": "Event",
        "name": event.title,
        "url": base_url + event.url,
        "startDate": event.start_date.isoformat(),
        "endDate": event.end_date.isoformat(),
        "eventAttendanceMode": ATTENDANCE_OFFLINE,
        "eventStatus": "https://schema.org/EventScheduled",
        "location": {
            "@type": "Place",
            "name": event.venue_name,
            "address": address,
        },
        "organizer": [
            _organisation(org.name, org.url, alternate=org.short_name)
            for org in organisers
        ],
    }


def _person(person):
    data = {"@type": "Person", "name": person.name}
    if person.organisation_id is not None:
        data["affiliation"] = _organisation(person.organisation.name, "")
    return data


def _organisation(name, url, alternate=""):
    data = {"@type": "Organization", "name": name}
    if alternate:
        data["alternateName"] = alternate
    if url:
        data["url"] = url
    return data


def dumps_jsonld(data):
    """Serialise for a <script type="application/ld+json"> element.

    `<`, `>` and `&` are escaped as JSON unicode escapes so that no text in the
    data can close the script element or start a comment.
    """
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
