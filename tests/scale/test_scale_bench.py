"""bench/scale.py builds its event and measures every target (the small size).

Not a timed test: it checks that the bench runs, that each target answers 200
(the bench raises otherwise) and what the printed table holds.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import scale  # noqa: E402 - bench/ is not a package
import scale_build  # noqa: E402
import scale_sends  # noqa: E402

LABELS = [
    "home",
    "events index",
    "event page",
    "programme",
    "session page",
    "speakers",
    "report index",
    "report page",
    "search ?q=protection",
    "invitation link",
    "programme calendar.ics",
    "publications feed",
    "personal calendar feed",
    "/my/",
    "participants' area",
    "admin dashboard",
    "admin timetable",
    "admin event desk",
    "admin check-in desk",
    "admin invitations",
    "admin registrations",
    "admin bookings",
    "admin attendance",
    "admin sessions",
    "export invitations CSV",
    "export registrations CSV",
    "export bookings CSV",
    "export attendance CSV",
    "export sessions CSV",
]


@pytest.mark.django_db
def test_the_small_size_builds_and_measures(settings):
    settings.PAGE_CACHE_TIMEOUT = 0
    built = scale_build.build(counts=scale_build.SIZES["small"])
    results = scale.measure(built=built, runs=1)
    sends = scale_sends.measure(built=built, size="small", host=scale.HOST)
    assert list(results) == LABELS
    assert list(sends) == [
        "import confirm (50 rows)",
        "import worker: invitations",
        "import worker: emails",
        "message send (40 people)",
        "message worker: emails",
    ]
    assert [sends[label]["kind"] for label in sends] == [
        "request",
        "rate",
        "rate",
        "request",
        "rate",
    ]
    exports = [label for label in LABELS if label.startswith("export")]
    assert [label for label in LABELS if "first_byte_ms" in results[label]] == exports
    assert all(results[label]["queries"] > 0 for label in LABELS)
    text, _ = scale.table(
        backend="sqlite",
        runs_by_size={
            "small": {
                "migrate_s": 0,
                "build_s": 0,
                "build_steps_s": built["timings"],
                "results": results,
                "sends": sends,
            }
        },
    )
    lines = text.splitlines()
    assert any(line.startswith("imports and sends") for line in lines)
    assert lines[0] == "== sqlite =="
    assert [line.split()[0] for line in lines[2 : 2 + len(LABELS)]] == [
        label.split()[0] for label in LABELS
    ]


def test_the_sizes_are_the_issues():
    assert scale_build.SIZES == {
        "small": {
            "sessions": 20,
            "invitations": 50,
            "registrations": 40,
            "reports": 10,
        },
        "medium": {
            "sessions": 200,
            "invitations": 2000,
            "registrations": 500,
            "reports": 100,
        },
        "large": {
            "sessions": 1000,
            "invitations": 20000,
            "registrations": 5000,
            "reports": 1000,
        },
    }
