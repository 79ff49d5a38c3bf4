"""Organisers' rosters, capacity, check-in and attendance in the Wagtail admin."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from openpyxl import load_workbook
from wagtail.images import get_image_model

from participants import breakouts, checkin, errors
from participants.models import BreakoutBooking, CheckIn, ParticipantAreaPage
from programme.models import ProgrammePage
from roundtable.formatting import format_time
from roundtable.images import IMAGE_PRIVACY_MESSAGE
from tests.factories import UserFactory, breakout, confirmed_registration

BOOKINGS = "/admin/participants/bookings/"
CHECK_IN = "/admin/participants/check-in/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def roster(event, *, capacity, count, **kwargs):
    session = breakout(event=event, capacity=capacity, **kwargs)
    registrations = [confirmed_registration(event=event) for _ in range(count)]
    for registration in registrations:
        breakouts.book_breakout(registration=registration, session=session)
    return session, registrations


@pytest.mark.parametrize("path", [BOOKINGS, BOOKINGS + "capacity/", CHECK_IN])
def test_admin_area_pages_refuse_people_who_are_not_organisers(
    client, registration, path
):
    client.force_login(registration.user)

    response = client.get(path)

    # Signed in without admin access: one plain refusal, not a sign-in loop.
    assert response.status_code == 403


def test_check_in_refuses_staff_who_are_not_organisers(client, db):
    from django.contrib.auth.models import Permission

    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)

    response = client.get(CHECK_IN)

    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_roster_filters_by_session_and_status(organiser_client, event_page):
    session, registrations = roster(event_page, capacity=1, count=3)
    roster(event_page, capacity=5, count=1, hour=16)

    response = organiser_client.get(
        BOOKINGS, {"session": session.pk, "status": "waitlisted"}
    )

    assert response.status_code == 200
    assert [b.registration_id for b in response.context["object_list"]] == [
        registrations[1].pk,
        registrations[2].pk,
    ]


@pytest.mark.parametrize("count", [1, 20])
def test_roster_queries_do_not_grow(
    organiser_client, event_page, count, django_assert_max_num_queries
):
    roster(event_page, capacity=None, count=count)

    with django_assert_max_num_queries(16):
        response = organiser_client.get(BOOKINGS)

    assert len(response.context["object_list"]) == count


def test_roster_export_csv_for_rapporteurs(organiser_client, event_page):
    session, registrations = roster(
        event_page, capacity=1, count=2, title="Labour migration"
    )
    registrations[0].invitation.organisation = "=cmd|evil"
    registrations[0].invitation.save()

    response = organiser_client.get(BOOKINGS, {"export": "csv", "session": session.pk})

    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    assert [
        (r["Breakout"], r["Email"], r["Status"], r["Waitlist position"]) for r in rows
    ] == [
        ("Labour migration", registrations[0].user.email, "Confirmed", ""),
        ("Labour migration", registrations[1].user.email, "Waitlisted", "1"),
    ]
    assert rows[0]["Organisation"] == "'=cmd|evil"


def test_roster_export_xlsx(organiser_client, event_page):
    session, registrations = roster(
        event_page, capacity=1, count=2, hour=10, title="Labour migration"
    )
    names = ["Maria de la Cruz Santos", "Ng Wei Ling"]
    for registration, name in zip(registrations, names, strict=True):
        first, last = name.split(" ", 1)
        registration.user.first_name, registration.user.last_name = first, last
        registration.user.save()
    BreakoutBooking.objects.update(
        created_at=datetime.datetime(2014, 6, 20, 1, 2, 3, 456789, tzinfo=datetime.UTC)
    )

    response = organiser_client.get(BOOKINGS, {"export": "xlsx"})

    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values
    )
    starts = "Thursday 26 June 2014, 10:00 (Singapore time, UTC+08:00)"
    booked = "Friday 20 June 2014, 09:02 (Singapore time, UTC+08:00)"
    assert rows == [
        (
            "Breakout",
            "Starts",
            "Name",
            "Email",
            "Organisation",
            "Status",
            "Waitlist position",
            "Created at",
        ),
        (
            "Labour migration",
            starts,
            names[0],
            registrations[0].user.email,
            "Harbour Shelter Network",
            "Confirmed",
            None,
            booked,
        ),
        (
            "Labour migration",
            starts,
            names[1],
            registrations[1].user.email,
            "Harbour Shelter Network",
            "Waitlisted",
            1,
            booked,
        ),
    ]


def test_bulk_cancel_promotes_the_waitlist(
    organiser_client, event_page, django_capture_on_commit_callbacks
):
    session, registrations = roster(event_page, capacity=1, count=2)
    seat = BreakoutBooking.objects.get(registration=registrations[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            f"/admin/bulk/participants/breakoutbooking/cancel_booking/?id={seat.pk}"
        )

    assert response.status_code == 302
    assert list(
        BreakoutBooking.objects.order_by("pk").values_list("status", flat=True)
    ) == ["cancelled", "confirmed"]
    assert [m.to for m in mail.outbox] == [[registrations[1].user.email]]


def test_raising_capacity_in_the_admin_promotes(organiser_client, event_page):
    session, _ = roster(event_page, capacity=1, count=3)

    response = organiser_client.post(
        BOOKINGS + "capacity/", {"session": session.pk, "capacity": 2}, follow=True
    )

    assert "1 promoted from the waitlist" in response.content.decode()
    assert BreakoutBooking.objects.filter(status="confirmed").count() == 2


def test_capacity_form_shows_errors_and_saves_nothing(organiser_client, event_page):
    session, _ = roster(event_page, capacity=1, count=2)

    response = organiser_client.post(
        BOOKINGS + "capacity/", {"session": session.pk, "capacity": -1}
    )

    assert response.status_code == 200
    assert (
        "Ensure this value is greater than or equal to 0." in response.content.decode()
    )
    session.refresh_from_db()
    assert session.capacity == 1


def test_capacity_form_names_each_breakout_with_its_event_and_time(
    organiser_client, event_page, event_index
):
    from tests.factories import EventPageFactory

    other = EventPageFactory(parent=event_index, title="Other roundtable")
    breakout(event=event_page, hour=14, title="Shelters")
    breakout(event=other, hour=10, title="Shelters")
    form = organiser_client.get(BOOKINGS + "capacity/").context["form"]
    labels = [label for value, label in form.fields["session"].choices if value]
    assert sorted(labels) == sorted(
        [
            f"{event_page.title} · Thursday 26 June 2014, 14:00 · Shelters",
            "Other roundtable · Thursday 26 June 2014, 10:00 · Shelters",
        ]
    )


def check_in_post(client, registration, code=None, day=None):
    """A check-in by pass code; the desk it comes back to (or its errors)."""
    event = registration.event
    day = day or event.start_date
    return client.post(
        CHECK_IN,
        {
            "day": f"{event.pk}:{day.isoformat()}",
            "code": code
            if code is not None
            else checkin.ensure_pass_code(registration=registration),
        },
        follow=True,
    )


def said(response):
    """The messages the desk shows."""
    return [str(message) for message in response.context["messages"]]


def test_check_in_by_typed_code_shows_the_person_and_records_once(
    organiser_client, organiser, event_page
):
    registration = confirmed_registration(
        event=event_page,
        user__first_name="Amina",
        user__last_name="Rahman",
        position="Legal Adviser",
        invitation__organisation="Coastal Migrants Legal Aid",
    )
    code = checkin.format_pass_code(
        checkin.ensure_pass_code(registration=registration)
    ).lower()

    first = check_in_post(organiser_client, registration, code=code)
    second = check_in_post(organiser_client, registration, code=code)

    html = first.content.decode()
    assert '<h2 id="check-in-result-name">Amina Rahman</h2>' in html
    assert "Legal Adviser, Coastal Migrants Legal Aid" in html
    assert "<strong>Checked in</strong>" in html
    check_in = CheckIn.objects.get()
    time = format_time(check_in.checked_in_at, event_page.time_zone)
    assert said(first) == [f"Amina Rahman checked in at {time}."]
    assert said(second) == [
        f"Amina Rahman was already checked in for Thursday 26 June 2014 at {time}; "
        "not counted again."
    ]
    assert (check_in.registration_id, check_in.day, check_in.checked_in_by_id) == (
        registration.pk,
        event_page.start_date,
        organiser.pk,
    )


def test_check_in_with_an_unknown_code_shows_an_error(organiser_client, registration):
    response = check_in_post(organiser_client, registration, code="AAAA-BBBB-CCCC")

    assert "No pass has this code." in response.content.decode()
    assert CheckIn.objects.count() == 0


def test_check_in_refuses_a_pass_of_another_event(
    organiser_client, registration, other_event
):
    other = confirmed_registration(event=other_event)
    code = checkin.ensure_pass_code(registration=other)

    response = check_in_post(organiser_client, registration, code=code)

    assert (
        f"This pass is for {other_event.title}, not this event."
        in response.content.decode()
    )
    assert CheckIn.objects.count() == 0


def test_check_in_refuses_a_cancelled_registration(organiser_client, event_page):
    registration = confirmed_registration(event=event_page)
    code = checkin.ensure_pass_code(registration=registration)
    registration.status = "cancelled"
    registration.save()

    response = check_in_post(organiser_client, registration, code=code)

    assert "This registration is cancelled." in response.content.decode()
    assert CheckIn.objects.count() == 0


def test_check_in_service_is_idempotent(registration):
    day = registration.event.start_date
    first, created = checkin.check_in(registration=registration, day=day)
    again, created_again = checkin.check_in(registration=registration, day=day)

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert CheckIn.objects.count() == 1


def test_check_in_refuses_a_day_outside_the_event(registration):
    with pytest.raises(errors.BookingError, match="not a day of the event"):
        checkin.check_in(
            registration=registration,
            day=registration.event.end_date + datetime.timedelta(days=1),
        )


def attendance_export_url(event, day, export="csv"):
    """The attendance listing's export, filtered to one day of one event."""
    query = urlencode({"event": event.pk, "day": day.isoformat(), "export": export})
    return f"{reverse('participants_attendance:index')}?{query}"


def exported_rows(response):
    content = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(content)))


def test_attendance_export_lists_the_day_once_each(
    organiser_client, event_page, other_event
):
    present = confirmed_registration(event=event_page, user__last_name="Present")
    confirmed_registration(event=event_page, user__last_name="Absent")
    checkin.check_in(registration=present, day=event_page.start_date)
    checkin.check_in(registration=present, day=event_page.start_date)
    # Other days and other events stay out of the export.
    checkin.check_in(registration=present, day=event_page.end_date)
    checkin.check_in(
        registration=confirmed_registration(event=other_event),
        day=other_event.start_date,
    )

    response = organiser_client.get(
        attendance_export_url(event_page, event_page.start_date)
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="attendance-{event_page.slug}-'
        f'{event_page.start_date.isoformat()}.csv"'
    )
    rows = exported_rows(response)
    assert [row["Email"] for row in rows] == [present.user.email]


def test_attendance_export_times_are_the_events_local_time(
    organiser_client, event_page
):
    registration = confirmed_registration(event=event_page)
    check_in, _ = checkin.check_in(registration=registration, day=event_page.start_date)
    # 01:05:30.5 UTC: 09:05 in Singapore, to the minute.
    CheckIn.objects.update(
        checked_in_at=datetime.datetime(
            2014, 6, 26, 1, 5, 30, 500000, tzinfo=datetime.UTC
        )
    )
    expected = "Thursday 26 June 2014, 09:05 (Singapore time, UTC+08:00)"

    csv_response = organiser_client.get(
        attendance_export_url(event_page, event_page.start_date)
    )
    xlsx_response = organiser_client.get(
        attendance_export_url(event_page, event_page.start_date, export="xlsx")
    )

    [row] = exported_rows(csv_response)
    assert row["Checked in at"] == expected
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content))).active
    [header, values] = list(sheet.values)
    assert (header[-1], values[-1]) == ("Checked in at", expected)


def test_attendance_listing_shows_the_chosen_day_with_export_buttons(
    organiser_client, event_page
):
    present = confirmed_registration(event=event_page, user__last_name="Present")
    checkin.check_in(registration=present, day=event_page.start_date)

    response = organiser_client.get(
        reverse("participants_attendance:index"),
        {"event": event_page.pk, "day": event_page.start_date.isoformat()},
    )

    assert response.status_code == 200
    assert [c.registration_id for c in response.context["object_list"]] == [present.pk]
    html = response.content.decode()
    assert "Download CSV" in html
    assert "/add/" not in html  # check-ins are made on the check-in screen


def export_links(response):
    """The attendance export links on the check-in screen."""
    html = response.content.decode()
    return re.findall(r'href="([^"]*export=csv[^"]*)"', html)


@pytest.mark.parametrize("which", ["start_date", "end_date"])
def test_check_in_links_to_the_attendance_export_of_the_chosen_day(
    organiser_client, event_page, which
):
    day = getattr(event_page, which)

    response = organiser_client.get(CHECK_IN, {"day": f"{event_page.pk}:{day}"})

    assert export_links(response) == [escape(attendance_export_url(event_page, day))]
    assert response.context["day_form"]["day"].value() == f"{event_page.pk}:{day}"


def test_check_in_without_a_choice_is_for_a_day_and_links_to_its_export(
    organiser_client, event_page
):
    response = organiser_client.get(CHECK_IN)

    # Not the event's day today: the most recent event's first day.
    day = event_page.start_date
    assert response.context["day_form"]["day"].value() == f"{event_page.pk}:{day}"
    assert export_links(response) == [escape(attendance_export_url(event_page, day))]


def test_check_in_on_an_event_day_opens_on_today(
    organiser_client, event_page, monkeypatch
):
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: event_page.end_date
    )

    response = organiser_client.get(CHECK_IN)

    day = event_page.end_date
    assert response.context["day_form"]["day"].value() == f"{event_page.pk}:{day}"
    assert export_links(response) == [escape(attendance_export_url(event_page, day))]


def test_check_in_keeps_the_day_and_its_export_after_a_check_in(
    organiser_client, registration
):
    event = registration.event

    response = check_in_post(organiser_client, registration, day=event.end_date)

    assert "<strong>Checked in</strong>" in response.content.decode()
    assert export_links(response) == [
        escape(attendance_export_url(event, event.end_date))
    ]


def test_check_in_page_is_titled_check_in(organiser_client, event_page):
    response = organiser_client.get(CHECK_IN)

    html = response.content.decode()
    assert "<title>Check-in - Wagtail</title>" in html
    assert [item["label"] for item in response.context["breadcrumbs_items"]] == [
        "Home",
        "Check-in",
    ]


def find(client, event, query, day=None):
    day = day or event.start_date
    return client.get(CHECK_IN, {"day": f"{event.pk}:{day}", "q": query})


def listed(response):
    """The registrations on the desk's page of expected people."""
    return list(response.context["page_obj"].object_list)


def test_check_in_finds_people_by_name_in_the_chosen_event(
    organiser_client, event_page, other_event
):
    amina = confirmed_registration(
        event=event_page,
        user__first_name="Amina",
        user__last_name="Rahman",
        invitation__organisation="Coastal Migrants Legal Aid",
    )
    confirmed_registration(
        event=event_page, user__first_name="Ben", user__last_name="Rahmani"
    )
    confirmed_registration(event=event_page, user__first_name="Chen")
    # The same name at another event is not this desk's.
    confirmed_registration(
        event=other_event, user__first_name="Amina", user__last_name="Rahman"
    )

    both = find(organiser_client, event_page, "rahman")
    one = find(organiser_client, event_page, "amina RAHMAN")
    nobody = find(organiser_client, event_page, "Zed")

    assert [r.user.first_name for r in listed(both)] == ["Amina", "Ben"]
    assert [r.pk for r in listed(one)] == [amina.pk]
    assert "Coastal Migrants Legal Aid" in one.content.decode()
    assert listed(nobody) == []
    assert "Nobody confirmed for this event matches “Zed”." in (nobody.content.decode())


def test_check_in_a_person_found_by_name(organiser_client, organiser, event_page):
    amina = confirmed_registration(
        event=event_page, user__first_name="Amina", user__last_name="Rahman"
    )
    found = find(organiser_client, event_page, "Amina")
    assert 'aria-label="Check in Amina Rahman"' in found.content.decode()

    response = organiser_client.post(
        CHECK_IN,
        {
            "day": f"{event_page.pk}:{event_page.start_date}",
            "registration": amina.pk,
        },
        follow=True,
    )

    assert '<h2 id="check-in-result-name">Amina Rahman</h2>' in (
        response.content.decode()
    )
    check_in = CheckIn.objects.get()
    assert (check_in.registration_id, check_in.day, check_in.checked_in_by_id) == (
        amina.pk,
        event_page.start_date,
        organiser.pk,
    )
    CheckIn.objects.update(
        checked_in_at=datetime.datetime(2014, 6, 26, 1, 5, tzinfo=datetime.UTC)
    )
    again = find(organiser_client, event_page, "Amina")
    assert "<strong>Checked in</strong> at 09:05 (Singapore time, UTC+08:00)" in (
        again.content.decode()
    )
    assert "Check in Amina Rahman" not in again.content.decode()
    assert 'aria-label="Undo check-in of Amina Rahman"' in again.content.decode()


def test_check_in_by_name_refuses_a_person_of_another_event(
    organiser_client, event_page, other_event
):
    other = confirmed_registration(event=other_event)

    response = organiser_client.post(
        CHECK_IN,
        {"day": f"{event_page.pk}:{event_page.start_date}", "registration": other.pk},
    )

    assert "This person is not registered here." in response.content.decode()
    assert CheckIn.objects.count() == 0


def test_check_in_without_a_code_or_a_person_says_what_to_do(
    organiser_client, event_page
):
    response = organiser_client.post(
        CHECK_IN, {"day": f"{event_page.pk}:{event_page.start_date}", "code": ""}
    )

    assert (
        "Type or scan a pass code, or find the person by name."
        in response.content.decode()
    )


@pytest.mark.parametrize("count", [1, 15])
def test_check_in_name_search_queries_do_not_grow(
    organiser_client, event_page, count, django_assert_max_num_queries
):
    for _ in range(count):
        confirmed_registration(event=event_page, user__last_name="Rahman")

    # The admin's own (session, user, second factor, menu), the events, the
    # day's counts, and the search's page with its count.
    with django_assert_max_num_queries(15):
        response = find(organiser_client, event_page, "Rahman")

    assert len(listed(response)) == count


def test_attendance_export_refuses_people_who_are_not_organisers(client, registration):
    client.force_login(registration.user)

    response = client.get(
        attendance_export_url(registration.event, registration.event.start_date)
    )

    assert response.status_code == 403


def test_attendance_refuses_staff_who_are_not_organisers(client, db):
    from django.contrib.auth.models import Permission

    staff = UserFactory()
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_checkin", "change_checkin"]
        )
    )
    client.force_login(staff)

    response = client.get(reverse("participants_attendance:index"))

    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")


@pytest.mark.parametrize("count", [1, 15])
def test_attendance_export_queries_do_not_grow(
    organiser_client, event_page, count, django_assert_max_num_queries
):
    for _ in range(count):
        checkin.check_in(
            registration=confirmed_registration(event=event_page),
            day=event_page.start_date,
        )
    url = attendance_export_url(event_page, event_page.start_date)

    # 9: since every admin request asks whether the person has an authenticator
    # (roundtable.security.StaffMFAMiddleware), one more than before. The export
    # streams: its rows are read inside the count.
    with django_assert_max_num_queries(9):
        response = organiser_client.get(url)
        content = b"".join(response.streaming_content).decode()

    assert len(content.strip().splitlines()) == count + 1


def png_file(name="photo.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_area_collection_is_restricted(area):
    assert area.collection.get_view_restrictions().exists()


def test_organiser_cannot_upload_an_image_into_pre_reads(organiser_client, area):
    response = organiser_client.post(
        "/admin/images/add/",
        {"title": "Hotel map", "file": png_file(), "collection": area.collection.pk},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"collection": [IMAGE_PRIVACY_MESSAGE]}
    assert get_image_model().objects.count() == 0


def test_organiser_cannot_upload_images_into_pre_reads_in_bulk(organiser_client, area):
    response = organiser_client.post(
        "/admin/images/multiple/add/",
        {"files[]": png_file(), "collection": area.collection.pk},
    )

    assert response.status_code == 200
    assert response.json()["success"] is True
    assert "image_id" not in response.json()
    assert get_image_model().objects.count() == 0
    upload_id = response.json()["uploaded_file_id"]
    response = organiser_client.post(
        f"/admin/images/multiple/create_from_uploaded_image/{upload_id}/",
        {
            f"uploaded-image-{upload_id}-title": "Hotel map",
            f"uploaded-image-{upload_id}-collection": area.collection.pk,
        },
    )
    assert response.json()["success"] is False
    assert escape(IMAGE_PRIVACY_MESSAGE) in response.json()["form"]
    assert get_image_model().objects.count() == 0


def test_organiser_cannot_move_an_image_into_pre_reads(organiser_client, area):
    image = get_image_model().objects.create(title="Hotel map", file=png_file())

    response = organiser_client.post(
        f"/admin/images/{image.pk}/",
        {"title": "Hotel map", "collection": area.collection.pk},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"collection": [IMAGE_PRIVACY_MESSAGE]}
    image.refresh_from_db()
    assert image.collection.get_view_restrictions().exists() is False


def test_organiser_cannot_bulk_move_images_into_pre_reads(organiser_client, area):
    image = get_image_model().objects.create(title="Hotel map", file=png_file())

    response = organiser_client.post(
        "/admin/bulk/wagtailimages/image/add_to_collection/"
        f"?id={image.pk}&next=/admin/images/",
        {"collection": area.collection.pk},
        follow=True,
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [IMAGE_PRIVACY_MESSAGE]
    image.refresh_from_db()
    assert image.collection.get_view_restrictions().exists() is False


def test_a_new_event_comes_with_its_programme_speakers_and_area_as_drafts(
    client, organiser, event_index
):
    from roundtable.models import EventPage
    from tests.roundtable.test_admin import event_form

    client.force_login(organiser)
    response = client.post(
        f"/admin/pages/add/roundtable/eventpage/{event_index.pk}/",
        event_form(),
        follow=True,
    )
    assert response.status_code == 200
    event = EventPage.objects.get(slug="labour-migration-2027")
    children = {
        (type(page).__name__, page.slug, page.live, page.has_unpublished_changes)
        for page in event.get_children().specific()
    }
    assert children == {
        ("ProgrammePage", "programme", False, True),
        ("SpeakerIndexPage", "speakers", False, True),
        ("ParticipantAreaPage", "participants", False, True),
    }
    notes = [str(message) for message in response.context["messages"]]
    assert (
        "Added under this event, as drafts to publish when ready: Programme, Speakers."
    ) in notes
    # The area is private from the start, draft or not.
    area = event.get_children().type(ParticipantAreaPage).get().specific
    assert area.get_view_restrictions().exists()
    # Publishing the programme is one click, at its fixed address.
    programme = event.get_children().type(ProgrammePage).get().specific
    programme.get_latest_revision().publish()
    assert client.get(f"/events/{event.slug}/programme/").status_code == 200


def test_adding_the_event_pages_twice_adds_nothing(
    event_page,
):
    from programme.services import add_event_pages

    first = add_event_pages(event=event_page)
    assert [page.slug for page in first] == ["programme", "speakers"]
    assert add_event_pages(event=event_page) == []


def test_check_in_offers_the_days_written_out(organiser_client, event_page):
    response = organiser_client.get(CHECK_IN)

    choices = [label for _, label in response.context["form"].fields["day"].choices]
    assert choices[:2] == [
        f"Thursday 26 June 2014 – {event_page.title}",
        f"Friday 27 June 2014 – {event_page.title}",
    ]
