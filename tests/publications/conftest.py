import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from publications.models import ReportPage
from tests.factories import ReportIndexPageFactory


@pytest.fixture
def report_index(home_page):
    return ReportIndexPageFactory(parent=home_page)


def embargoed_report(parent, **kwargs):
    """A report scheduled to go live tomorrow, as an editor schedules one."""
    report = ReportPage(
        title=kwargs.pop("title", "Embargoed zebracorn findings"),
        slug=kwargs.pop("slug", "embargoed"),
        publication_date=datetime.date(2015, 3, 1),
        summary="<p>Zebracorn findings under embargo.</p>",
        go_live_at=timezone.now() + datetime.timedelta(days=1),
        **kwargs,
    )
    parent.add_child(instance=report)
    report.save_revision().publish()
    report.refresh_from_db()
    return report


def end_embargo(report):
    """Move the report's scheduled time into the past and publish what is due."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = report.latest_revision
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled", verbosity=0)
