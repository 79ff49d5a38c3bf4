"""The organisers' CSV invitation import, fed hostile files."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participants import import_jobs
from participants.models import ImportJob, Invitation
from tests.fuzz.hostile import (
    changes,
    client_for,
    hostile_text,
    query_values,
    rolled_back,
    send,
    snapshot,
    text_of,
)

pytestmark = pytest.mark.django_db

IMPORT = "/admin/participants/invitations/import/"
COLUMNS = ["name", "email", "organisation", "kind"]

cells = st.one_of(
    hostile_text,
    query_values,
    st.emails(),
    st.sampled_from(["participant", "Speaker", "observer", "chair", "", "=1+1"]),
)
headers = st.one_of(
    st.permutations(COLUMNS),
    st.lists(
        st.sampled_from([*COLUMNS, " Email ", "NAME", "extra", "", "kind"]),
        max_size=5,
    ),
    st.lists(hostile_text, max_size=3),
)


def quoted(cell):
    return '"' + cell.replace('"', '""') + '"'


@st.composite
def csv_files(draw):
    """CSV bytes: valid or not, in any encoding, with NULs, BOMs, huge cells."""
    if draw(st.booleans()):
        # Rows that mostly pass the checks, so the confirm step gets to saving.
        lines = [COLUMNS] + draw(
            st.lists(
                st.tuples(
                    hostile_text.filter(str.strip),
                    st.emails(),
                    hostile_text,
                    st.sampled_from(["participant", "speaker", ""]),
                ).map(list),
                min_size=1,
                max_size=4,
            )
        )
    else:
        lines = [draw(headers)] + draw(
            st.lists(st.lists(cells, max_size=6), max_size=5)
        )
    separator = draw(st.sampled_from([",", ";", "\t"]))
    newline = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    text = newline.join(separator.join(map(quoted, line)) for line in lines)
    if draw(st.booleans()):
        text = text.replace('"', "")
    encoding = draw(
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])
    )
    content = text.encode(encoding, errors="replace")
    mangle = draw(
        st.sampled_from(["none", "nul", "bom", "huge row", "binary", "empty"])
    )
    if mangle == "nul":
        content = content.replace(b",", b",\x00", 1) + b"\x00"
    elif mangle == "bom":
        content = b"\xef\xbb\xbf\xef\xbb\xbf" + content
    elif mangle == "huge row":
        content += b"\nAmina," + b"a" * 200_000 + b"@example.org,x,participant"
    elif mangle == "binary":
        content = draw(st.binary(max_size=200))
    elif mangle == "empty":
        content = b""
    return content


def post_file(client, event, content, **extra):
    return send(
        client,
        "post",
        IMPORT,
        data={"event": event.pk, "file": io.BytesIO(content), **extra},
    )


def shows_field_error(html):
    """The form again with its error, in Wagtail's markup: a field's
    (`{% formattedfield %}`) or the form's own (`non_field_errors.html`)."""
    return '<p class="error-message">' in html or '<li class="error">' in html


@given(content=csv_files())
def test_import_preview_saves_nothing_and_explains(organiser, event_page, content):
    with rolled_back():
        before = snapshot()
        response = post_file(client_for(organiser), event_page, content)
        assert response.status_code == 200
        assert changes(before, snapshot()) == []
        html = text_of(response)
        assert "error" in html.lower() and (
            shows_field_error(html) or "<h2>Preview</h2>" in html
        )


@given(content=csv_files())
def test_import_confirm_invites_every_row_or_nobody(organiser, event_page, content):
    client = client_for(organiser)
    with rolled_back():
        before = snapshot()
        response = post_file(client, event_page, content, confirm="1")
        after = snapshot()
        if response.status_code == 302:
            # The worker's job, queued after the commit; run here as it would.
            job = ImportJob.objects.get()
            assert response["Location"] == (
                f"/admin/participants/invitations/import/{job.pk}/"
            )
            assert changes(before, after) == ["import_jobs"]
            job = import_jobs.run(job_id=job.pk)
            created = Invitation.objects.filter(event=event_page)
            assert created.count() == job.invited == job.total_rows > 0
            for invitation in created:
                assert "\x00" not in invitation.name + invitation.organisation
                assert invitation.kind in Invitation.Kind.values
        else:
            assert response.status_code == 200
            assert changes(before, after) == []


@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "event": st.one_of(hostile_text, st.just("999999")),
            "content": hostile_text,
            "confirm": hostile_text,
        },
    )
)
def test_import_with_hostile_fields_and_no_file_saves_nothing(
    organiser, event_page, data
):
    with rolled_back():
        before = snapshot()
        response = send(client_for(organiser), "post", IMPORT, data=data)
        if response.status_code == 302:
            assert changes(before, snapshot()) == ["import_jobs"]
        else:
            assert response.status_code == 200
            assert shows_field_error(text_of(response))
            assert changes(before, snapshot()) == []


@given(
    listing=st.sampled_from(
        ["/admin/participants/invitations/", "/admin/participants/registrations/"]
    ),
    q=query_values,
    page=query_values,
)
def test_organiser_listings_answer_any_search(organiser, event_page, listing, q, page):
    with rolled_back():
        response = send(
            client_for(organiser), "get", f"{listing}?q={q}&p={page}&status={q}"
        )
        assert response.status_code in {200, 302}
