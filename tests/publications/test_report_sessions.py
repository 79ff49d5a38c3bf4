"""Policy pointers and check-list items cite the sessions they came from."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from programme.models import Session
from publications.models import ChecklistItem, PolicyPointer
from tests.factories import (
    EventPageFactory,
    ProgrammePageFactory,
    ReportPageFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def breakout(event, slug, *, hour=14, publish=True):
    start = datetime.datetime(2014, 6, 27, hour, tzinfo=event.tzinfo)
    return SessionFactory(
        event=event,
        slug=slug,
        title=f"Breakout {slug}",
        kind=Session.Kind.BREAKOUT,
        start=start,
        end=start + datetime.timedelta(hours=1),
        capacity=15,
        publish=publish,
    )


def test_report_links_each_pointer_and_item_to_its_session_page(
    client, report_index, event_page
):
    ProgrammePageFactory(parent=event_page)
    plenary = SessionFactory(event=event_page, slug="frameworks", title="Frameworks")
    children = breakout(event_page, "children")
    report = ReportPageFactory(
        parent=report_index,
        related_event=event_page,
        policy_pointers=[
            PolicyPointer(title="Standardise", text="Words.", sessions=[plenary])
        ],
        checklist_items=[
            ChecklistItem(need="Trust", responses="Listen.", session=children)
        ],
    )

    html = client.get(report.url).content.decode()

    programme = f"{event_page.url}programme/sessions/"
    assert (
        f'<p class="pointer__sources">From \n<a href="{programme}frameworks/">'
        "Frameworks</a>\n</p>"
    ) in html
    assert (
        f'<dt>From the breakout</dt><dd>\n<a href="{programme}children/">'
        "Breakout children</a>\n</dd>"
    ) in html


def test_report_hides_sessions_that_are_not_published(client, report_index, event_page):
    draft = breakout(event_page, "draft-breakout", publish=False)
    report = ReportPageFactory(
        parent=report_index,
        related_event=event_page,
        policy_pointers=[PolicyPointer(title="P", text="T.", sessions=[draft])],
        checklist_items=[ChecklistItem(need="N", responses="R.", session=draft)],
    )
    html = client.get(report.url).content.decode()
    assert "Breakout draft-breakout" not in html
    assert "From the breakout" not in html
    assert 'class="pointer__sources"' not in html


def test_session_titles_are_plain_text_without_a_programme_page(
    client, report_index, event_page
):
    children = breakout(event_page, "children")
    report = ReportPageFactory(
        parent=report_index,
        related_event=event_page,
        checklist_items=[ChecklistItem(need="N", responses="R.", session=children)],
    )
    html = client.get(report.url).content.decode()
    assert "<dt>From the breakout</dt><dd>\nBreakout children\n</dd>" in html


@pytest.mark.parametrize("hidden_by", ["restriction", "unpublishing"])
def test_session_titles_are_plain_text_when_the_programme_is_not_public(
    client, report_index, event_page, hidden_by
):
    programme = ProgrammePageFactory(parent=event_page)
    if hidden_by == "restriction":
        PageViewRestriction.objects.create(
            page=programme, restriction_type=PageViewRestriction.LOGIN
        )
    else:
        programme.unpublish()
    children = breakout(event_page, "children")
    report = ReportPageFactory(
        parent=report_index,
        related_event=event_page,
        checklist_items=[ChecklistItem(need="N", responses="R.", session=children)],
    )
    response = client.get(report.url)
    assert response.context["event"] == event_page
    assert "<dt>From the breakout</dt><dd>\nBreakout children\n</dd>" in (
        response.content.decode()
    )


def test_report_may_not_cite_sessions_of_another_event(report_index, event_page):
    other_event = EventPageFactory(parent=event_page.get_parent())
    stray = breakout(other_event, "elsewhere")
    report = ReportPageFactory.build(
        title="R",
        slug="r",
        related_event=event_page,
        publication_date=datetime.date(2015, 2, 1),
        checklist_items=[ChecklistItem(need="N", responses="R.", session=stray)],
    )
    with pytest.raises(ValidationError) as excinfo:
        report.clean()
    assert excinfo.value.message_dict == {
        "related_event": [
            "Policy pointers and check-list items may only cite sessions of the "
            "related event; these are not: Breakout elsewhere."
        ]
    }


@pytest.mark.usefixtures("no_page_cache")
def test_report_page_queries_do_not_grow_with_cited_sessions(
    client, report_index, event_page
):
    ProgrammePageFactory(parent=event_page)

    def queries_for(count):
        sessions = [
            breakout(event_page, f"b{count}-{n}", hour=8 + n) for n in range(count)
        ]
        report = ReportPageFactory(
            parent=report_index,
            related_event=event_page,
            policy_pointers=[
                PolicyPointer(title=f"P{n}", text="T.", sessions=sessions)
                for n in range(count)
            ],
            checklist_items=[
                ChecklistItem(need=f"N{n}", responses="R.", session=session)
                for n, session in enumerate(sessions)
            ],
        )
        client.get(report.url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(report.url)
        assert response.status_code == 200
        assert response.content.decode().count("From the breakout") == count
        return len(context.captured_queries)

    assert queries_for(1) == queries_for(8)


def test_report_editor_offers_only_the_related_events_saved_sessions(
    client, organiser, report_index, event_page, event_index
):
    own = breakout(event_page, "own", hour=10)
    draft = breakout(event_page, "draft", publish=False)
    plenary = SessionFactory(
        event=event_page,
        title="Opening plenary",
        start=datetime.datetime(2014, 6, 26, 9, tzinfo=event_page.tzinfo),
        end=datetime.datetime(2014, 6, 26, 10, tzinfo=event_page.tzinfo),
    )
    elsewhere = breakout(EventPageFactory(parent=event_index), "elsewhere")
    report = ReportPageFactory(
        parent=report_index,
        related_event=event_page,
        policy_pointers=[PolicyPointer(title="Shelters", text="Fund them.")],
    )
    client.force_login(organiser)
    form = client.get(f"/admin/pages/{report.pk}/edit/").context["form"]

    def offered(formset_name, field_name):
        formset = form.formsets[formset_name]
        fields = [f.fields[field_name] for f in formset.forms]
        fields.append(formset.empty_form.fields[field_name])  # an added row
        return [[label for value, label in field.choices if value] for field in fields]

    pointer_choices = offered("policy_pointers", "sessions")
    assert (
        pointer_choices
        == [
            [
                "Thursday 26 June 2014, 09:00 · Opening plenary",
                "Friday 27 June 2014, 10:00 · Breakout own",
            ]
        ]
        * 2
    )
    assert offered("checklist_items", "session") == [
        ["Friday 27 June 2014, 10:00 · Breakout own"]
    ]
    for absent in (draft, elsewhere):
        assert all(absent.title not in labels for labels in pointer_choices)
    assert own.pk and plenary.pk
