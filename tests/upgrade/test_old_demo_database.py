"""A database built by the old `load_demo` keeps every row through today's migrations.

`data/old-demo-1ac79fa.sqlite3.gz` is the SQLite database that commit 1ac79fa's
`manage.py migrate` and `load_demo` made: the last commit before the report
models moved from the roundtable app to publications (publications 0001,
roundtable 0004), and before roundtable 0005. It is not test data and not a demo
fixture (those come from factories and `load_demo`): it is a frozen database of
code that no longer exists, the one thing a migration test cannot rebuild from
today's code. `data/old-demo-1ac79fa.json` is what it held, read with SQL
(`manifest.read`). Rebuild both with

    .venv/bin/python -m tests.upgrade.build_old_demo

The tests copy the database into a temporary directory, run today's `manage.py
migrate` on it in a subprocess (SQLite, whatever database the suite itself runs
on), and find the same pages (their content types renamed to `publications.*`
for the moved models, with the same ids), sessions, reports and their parts,
invitations, registrations, bookings, revisions and documents; then today's
models read them in a second subprocess and serve the report.
"""

import doctest
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.upgrade import build_old_demo, manifest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
FROZEN = DATA / "old-demo-1ac79fa.sqlite3.gz"
OLD = json.loads((DATA / "old-demo-1ac79fa.json").read_text())["database"]
EXPECTED = manifest.relabelled(OLD)
# The suite's own database, cache and settings are not the subprocess's.
NOT_INHERITED = ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE")

# Run by `manage.py shell -c` on the migrated database: today's models read it.
READ_WITH_MODELS = """
import json

from django.test import Client
from django.utils.html import escape
from wagtail.models import Page, Revision

from participants.models import BreakoutBooking, Invitation, Registration
from programme.models import Session
from publications.models import ReportIndexPage, ReportPage


def rows(queryset, *fields):
    return [list(row) for row in queryset.order_by("pk").values_list(*fields)]


client = Client()


def served(page):
    response = client.get(page.url)
    return [page.url, response.status_code, escape(page.title) in response.text]


reports = ReportPage.objects.order_by("pk")
print(json.dumps({
    "pages": [
        [page.pk, page.specific_class._meta.label_lower]
        for page in Page.objects.order_by("pk")
    ],
    "reports": [
        [
            report.pk,
            report.slug,
            sorted(report.categories.values_list("slug", flat=True)),
            list(report.authors.values_list("person_id", flat=True)),
            list(report.policy_pointers.values_list("anchor", flat=True)),
            report.checklist_items.count(),
            Revision.objects.for_instance(report).count(),
            report.get_latest_revision_as_object().title == report.title,
        ]
        for report in reports
    ],
    "sessions": [
        [pk, slug, uid.hex]
        for pk, slug, uid in Session.objects.order_by("pk").values_list(
            "pk", "slug", "uid"
        )
    ],
    "invitations": rows(Invitation.objects, "pk", "email", "status"),
    "registrations": rows(
        Registration.objects, "pk", "invitation__email", "user__email", "status"
    ),
    "bookings": rows(
        BreakoutBooking.objects,
        "pk",
        "session__slug",
        "registration__user__email",
        "status",
    ),
    "served": [
        served(page)
        for page in [*ReportIndexPage.objects.order_by("pk"), *reports]
    ],
}))
"""


def unpack(directory):
    database = directory / "old-demo.sqlite3"
    with gzip.open(FROZEN, "rb") as packed, database.open("wb") as plain:
        shutil.copyfileobj(packed, plain)
    return database


def manage(database, *args):
    """Today's manage.py on `database`, with the test settings and nothing else."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env |= {
        "DJANGO_SETTINGS_MODULE": "roundtable.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    database = unpack(tmp_path_factory.mktemp("migrated"))
    output = manage(database, "migrate", "--noinput")
    applied = [line for line in output.splitlines() if line.startswith("  Applying")]
    # The move and what came after it; later migrations join this list.
    assert {
        "  Applying publications.0001_initial... OK",
        "  Applying roundtable.0004_move_reports_to_publications... OK",
        "  Applying roundtable.0005_organise_events_permission... OK",
    } <= set(applied)
    return database


@pytest.fixture(scope="module")
def migrated_rows(migrated):
    return manifest.read(migrated)


@pytest.fixture(scope="module")
def read_with_models(migrated):
    return json.loads(manage(migrated, "shell", "--no-imports", "-c", READ_WITH_MODELS))


def by_id(rows):
    return {row[0]: row for row in rows}


def test_frozen_database_is_from_before_the_move_and_matches_its_manifest(tmp_path):
    database = unpack(tmp_path)
    with closing(sqlite3.connect(database)) as db:
        applied = {
            (app, name)
            for app, name in db.execute("SELECT app, name FROM django_migrations")
        }
    assert ("roundtable", "0003_report_session_links") in applied
    assert [name for app, name in applied if app == "publications"] == []
    assert ("roundtable", "0004_move_reports_to_publications") not in applied
    assert manifest.read(database) == OLD
    assert [label for _, label in OLD["content_types_moved"]] == [
        "roundtable.category",
        "roundtable.reportindexpage",
        "roundtable.reportpage",
        "roundtable.policypointer",
        "roundtable.checklistitem",
        "roundtable.reportauthor",
    ]
    # Something of everything the migrated database must keep.
    assert [part for part in EXPECTED if part != "counts" and not OLD[part]] == []
    assert {status for *_, status in OLD["invitations"]} == {
        "pending",
        "accepted",
        "declined",
        "revoked",
    }
    assert {row[4] for row in OLD["registrations"]} == {
        "confirmed",
        "pending_approval",
    }


@pytest.mark.parametrize("part", sorted(EXPECTED))
def test_migrating_keeps_the_rows_of(part, migrated_rows):
    assert migrated_rows[part] == EXPECTED[part]


def test_migrated_pages_are_of_todays_page_classes(read_with_models):
    assert read_with_models["pages"] == [
        [page_id, label] for page_id, *_, label in EXPECTED["pages"]
    ]
    assert [label for _, label in read_with_models["pages"]].count(
        "publications.reportpage"
    ) == len(OLD["reports"])


def test_migrated_reports_are_read_through_the_publications_models(read_with_models):
    categories = by_id(OLD["categories"])
    revisions = EXPECTED["revisions_by_type"]["publications.reportpage"]
    expected = [
        [
            page_id,
            slug,
            sorted(
                categories[category][1]
                for report, category in OLD["report_categories"]
                if report == page_id
            ),
            [person for _, page, person, _ in OLD["report_authors"] if page == page_id],
            [
                anchor
                for _, page, anchor, _ in OLD["policy_pointers"]
                if page == page_id
            ],
            len([item for item in OLD["checklist_items"] if item[1] == page_id]),
        ]
        for page_id, slug, *_ in OLD["reports"]
    ]
    reports = read_with_models["reports"]
    assert [report[:6] for report in reports] == expected
    assert sum(report[6] for report in reports) == revisions
    assert [report[7] for report in reports] == [True] * len(OLD["reports"])


def test_migrated_participants_rows_are_read_through_todays_models(read_with_models):
    users = {user_id: email for user_id, email, *_ in OLD["users"]}
    invitations = by_id(OLD["invitations"])
    sessions = by_id(OLD["sessions"])
    registrations = by_id(OLD["registrations"])
    assert read_with_models["sessions"] == [
        [session_id, slug, uid] for session_id, _, slug, uid, *_ in OLD["sessions"]
    ]
    assert read_with_models["invitations"] == [
        [invitation_id, email, status]
        for invitation_id, _, email, _, status in OLD["invitations"]
    ]
    assert read_with_models["registrations"] == [
        [registration_id, invitations[invitation][2], users[user], status]
        for registration_id, _, user, invitation, status, _ in OLD["registrations"]
    ]
    assert read_with_models["bookings"] == [
        [
            booking_id,
            sessions[session][2],
            users[registrations[registration][2]],
            status,
        ]
        for booking_id, session, registration, status, _ in OLD["bookings"]
    ]


def test_migrated_report_pages_are_served(read_with_models):
    index_paths = [
        row[3]
        for row in OLD["pages"]
        if row[0] in {i for (i,) in OLD["report_indexes"]}
    ]
    report_paths = [row[3] for row in OLD["pages"] if row[0] in by_id(OLD["reports"])]
    # url_path starts at the site's root page (/home/); the site serves it at /.
    expected = [
        ["/" + path.split("/", 2)[2], 200, True] for path in index_paths + report_paths
    ]
    assert read_with_models["served"] == expected


@pytest.mark.parametrize("module", [manifest, build_old_demo])
def test_doctests_pass(module):
    results = doctest.testmod(module)
    assert results.failed == 0
    assert results.attempted > 0
