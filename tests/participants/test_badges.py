"""Name badges: the PDF, and its download for organisers."""

import io
import sys

import pytest
from pypdf import PdfReader

from participants.badges import Badge, badges_pdf
from participants.models import Registration
from tests.factories import confirmed_registration

BADGES = "/admin/participants/check-in/badges/"
MM = 72 / 25.4  # PDF points in a millimetre


def read(pdf):
    return PdfReader(io.BytesIO(pdf))


def text(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def make(badges, **kwargs):
    return badges_pdf(
        badges=badges,
        event_title="Roundtable on protection",
        dates="26–27 June 2014",
        **kwargs,
    )


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (8, 1), (9, 2), (17, 3)])
def test_a4_sheets_hold_eight_badges(count, pages):
    reader = read(make([Badge(name=f"Person {n}") for n in range(count)]))

    assert len(reader.pages) == pages
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width / MM), round(height / MM)) == (210, 297)


def test_a_badge_shows_the_name_organisation_event_and_dates():
    reader = read(
        make([Badge(name="Amina Rahman", organisation="Coastal Migrants Legal Aid")])
    )

    assert text(reader).splitlines() == [
        "Roundtable on protection",
        "Amina Rahman",
        "Coastal Migrants Legal Aid",
        "26–27 June 2014",
    ]


def test_single_badges_are_a_card_each():
    reader = read(make([Badge(name="Amina"), Badge(name="Ben")], sheet=False))

    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(box.width / MM), round(box.height / MM)) == (90, 65)


def test_the_qr_code_is_added_only_when_asked_for():
    badge = Badge(name="Amina Rahman", code="ABCD-EFGH-JKLM")

    with_qr = read(make([badge], qr=True))
    without = read(make([badge]))

    assert len(with_qr.pages[0].images) == 1
    assert len(without.pages[0].images) == 0


def test_names_in_other_scripts_print():
    names = ["Nguyễn Thị Minh Khai", "Дмитрий Иванов", "Ελένη Παπαδοπούλου"]

    reader = read(make([Badge(name=name) for name in names]))

    assert [name in text(reader) for name in names] == [True, True, True]


def test_characters_no_font_has_do_not_fail_the_file():
    pdf = make([Badge(name="王小明", organisation="北京大学")])

    assert pdf.startswith(b"%PDF-")
    assert len(read(pdf).pages) == 1


def test_fpdf_is_imported_only_when_a_pdf_is_made():
    # Imported anew, the module does not load fpdf2 (kept out of worker memory).
    import subprocess

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, participants.badges; print('fpdf' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "False"


# The download


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def test_badges_of_all_confirmed_participants_by_name(organiser_client, event_page):
    confirmed_registration(
        event=event_page, user__first_name="Zoe", user__last_name="Adams"
    )
    confirmed_registration(
        event=event_page, user__first_name="Amir", user__last_name="Baker"
    )
    confirmed_registration(
        event=event_page,
        user__first_name="Cara",
        user__last_name="Cancelled",
        status=Registration.Status.CANCELLED,
    )

    response = organiser_client.get(BADGES, {"event": event_page.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="badges-{event_page.slug}-all.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    content = text(read(response.content))
    assert content.index("Zoe Adams") < content.index("Amir Baker")
    assert "Cara" not in content


def test_one_persons_badge_with_the_qr_code_of_their_pass(organiser_client, event_page):
    amina = confirmed_registration(
        event=event_page, user__first_name="Amina", user__last_name="Rahman"
    )
    confirmed_registration(event=event_page, user__first_name="Ben")

    response = organiser_client.get(
        BADGES, {"event": event_page.pk, "registration": amina.pk, "qr": "1"}
    )

    reader = read(response.content)
    assert response["Content-Disposition"] == (
        f'attachment; filename="badges-{event_page.slug}-amina-rahman.pdf"'
    )
    assert len(reader.pages) == 1
    assert "Amina Rahman" in text(reader)
    assert "Ben" not in text(reader)
    assert len(reader.pages[0].images) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"event": "999999"}, "There is no such event: no badges made."),
        ({"event": "x"}, "There is no such event: no badges made."),
        ({}, "There is no such event: no badges made."),
        (
            {"registration": "999999"},
            "That person is not a confirmed participant of this event: no badge made.",
        ),
    ],
)
def test_badges_for_bad_input_say_why(organiser_client, event_page, query, message):
    query = {"event": event_page.pk, **query} if "registration" in query else query

    response = organiser_client.get(BADGES, query, follow=True)

    assert [str(m) for m in response.context["messages"]] == [message]


def test_badges_of_an_event_without_participants_say_so(organiser_client, event_page):
    response = organiser_client.get(BADGES, {"event": event_page.pk}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "This event has no confirmed participants yet: no badges made."
    ]


def test_a_badge_of_another_events_participant_is_refused(
    organiser_client, event_page, other_event
):
    other = confirmed_registration(event=other_event)

    response = organiser_client.get(
        BADGES, {"event": event_page.pk, "registration": other.pk}, follow=True
    )

    assert response["Content-Type"].startswith("text/html")
    assert [str(m) for m in response.context["messages"]] == [
        "That person is not a confirmed participant of this event: no badge made."
    ]
