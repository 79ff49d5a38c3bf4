"""A database made before the move to the publications app keeps every report.

The test unapplies the move (roundtable 0004, publications 0001), writes pages,
reports and their parts through the models as they were, then migrates forward
and finds the same rows through the publications models.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page, ReferenceIndex, Revision

from publications.models import (
    Category,
    ChecklistItem,
    PolicyPointer,
    ReportAuthor,
    ReportIndexPage,
    ReportPage,
)

BEFORE_MOVE = [("roundtable", "0003_report_session_links"), ("publications", None)]
MOVED = {
    "category",
    "reportindexpage",
    "reportpage",
    "policypointer",
    "checklistitem",
    "reportauthor",
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


def latest_migrations():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def page_fields(old_apps, *, title, slug, path, depth, content_type, numchild=0):
    locale, _ = old_apps.get_model("wagtailcore", "Locale").objects.get_or_create(
        language_code="en"
    )
    return {
        "title": title,
        "draft_title": title,
        "slug": slug,
        "path": path,
        "depth": depth,
        "numchild": numchild,
        "url_path": f"/{slug}/",
        "content_type": content_type,
        "locale": locale,
        "live": True,
    }


def write_old_rows(old_apps):
    """Pages, a report with every part, a revision and an index row, the old way."""
    old_type = old_apps.get_model("contenttypes", "ContentType").objects
    page_type, _ = old_type.get_or_create(app_label="wagtailcore", model="page")
    index_type, _ = old_type.get_or_create(
        app_label="roundtable", model="reportindexpage"
    )
    report_type, _ = old_type.get_or_create(app_label="roundtable", model="reportpage")
    person_type, _ = old_type.get_or_create(app_label="programme", model="person")

    top = old_apps.get_model("wagtailcore", "Page").objects.create(
        **page_fields(
            old_apps,
            title="Old home",
            slug="old-home",
            path="0099",
            depth=1,
            numchild=1,
            content_type=page_type,
        )
    )
    index = old_apps.get_model("roundtable", "ReportIndexPage").objects.create(
        introduction="Every report.",
        **page_fields(
            old_apps,
            title="Publications",
            slug="publications",
            path="00990001",
            depth=2,
            numchild=1,
            content_type=index_type,
        ),
    )
    OldReport = old_apps.get_model("roundtable", "ReportPage")
    report = OldReport.objects.create(
        publication_date=datetime.date(2015, 3, 1),
        summary="<p>What the roundtable agreed.</p>",
        body=[],
        **page_fields(
            old_apps,
            title="Old report",
            slug="old-report",
            path="009900010001",
            depth=3,
            content_type=report_type,
        ),
    )
    category = old_apps.get_model("roundtable", "Category").objects.create(
        name="Migration", slug="migration", kind="topic"
    )
    OldReport.categories.through.objects.create(reportpage=report, category=category)
    person = old_apps.get_model("programme", "Person").objects.create(
        name="Margareth Sembiring"
    )
    author = old_apps.get_model("roundtable", "ReportAuthor").objects.create(
        page=report, person=person, sort_order=0
    )
    pointer = old_apps.get_model("roundtable", "PolicyPointer").objects.create(
        page=report, title="Protect first", text="Victims first.", anchor="protect"
    )
    item = old_apps.get_model("roundtable", "ChecklistItem").objects.create(
        page=report, need="Shelter", responses="Safe houses."
    )
    revision = old_apps.get_model("wagtailcore", "Revision").objects.create(
        content_type=report_type,
        base_content_type=page_type,
        object_id=str(report.pk),
        object_str=report.title,
        content={"pk": report.pk, "title": report.title},
        created_at=datetime.datetime(2015, 3, 1, tzinfo=datetime.UTC),
    )
    reference = old_apps.get_model("wagtailcore", "ReferenceIndex").objects.create(
        content_type=report_type,
        base_content_type=page_type,
        object_id=str(report.pk),
        to_content_type=person_type,
        to_object_id=str(person.pk),
        model_path="authors.item.person",
        content_path=f"authors.{author.pk}.person",
        content_path_hash="5c0b3f0e-7a6a-5a8e-9a5b-4e8f0a1b2c3d",
    )
    return {
        "top": top.pk,
        "index": index.pk,
        "report": report.pk,
        "category": category.pk,
        "person": person.pk,
        "author": author.pk,
        "pointer": pointer.pk,
        "item": item.pk,
        "revision": revision.pk,
        "reference": reference.pk,
        "content_types": {
            "reportindexpage": index_type.pk,
            "reportpage": report_type.pk,
        },
    }


@pytest.mark.django_db(transaction=True)
def test_reports_of_a_database_made_before_the_move_are_found_after_it():
    latest = latest_migrations()
    try:
        executor = migrate(BEFORE_MOVE)
        old_apps = executor.loader.project_state(BEFORE_MOVE[:1]).apps
        old = write_old_rows(old_apps)
    finally:
        migrate(latest)

    # The content types kept their ids and now name the publications app.
    assert not ContentType.objects.filter(
        app_label="roundtable", model__in=MOVED
    ).exists()
    for pk in old["content_types"].values():
        assert ContentType.objects.get(pk=pk).app_label == "publications"
    assert (
        ContentType.objects.get_for_model(ReportPage).pk
        == (old["content_types"]["reportpage"])
    )

    index = ReportIndexPage.objects.get(pk=old["index"])
    assert index.introduction == "Every report."
    assert Page.objects.get(pk=old["index"]).specific == index
    report = Page.objects.get(pk=old["report"]).specific
    assert isinstance(report, ReportPage)
    assert list(ReportPage.objects.child_of(index)) == [report]
    assert report.summary == "<p>What the roundtable agreed.</p>"
    assert report.publication_date == datetime.date(2015, 3, 1)
    assert list(report.categories.all()) == [Category.objects.get(pk=old["category"])]
    assert Category.objects.get(pk=old["category"]).slug == "migration"
    assert list(report.authors.all()) == [ReportAuthor.objects.get(pk=old["author"])]
    assert report.authors.get().person.pk == old["person"]
    assert list(report.policy_pointers.all()) == [
        PolicyPointer.objects.get(pk=old["pointer"])
    ]
    assert report.policy_pointers.get().anchor == "protect"
    assert list(report.checklist_items.all()) == [
        ChecklistItem.objects.get(pk=old["item"])
    ]

    revision = Revision.objects.get(pk=old["revision"])
    assert revision.content_type.model_class() is ReportPage
    assert revision.base_content_type.model_class() is Page
    assert list(Revision.objects.for_instance(report)) == [revision]
    reference = ReferenceIndex.objects.get(pk=old["reference"])
    assert reference.content_type.model_class() is ReportPage
    assert reference.base_content_type.model_class() is Page


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_unapplied_and_applied_again():
    report_type = ContentType.objects.get_for_model(ReportPage).pk
    latest = latest_migrations()
    try:
        migrate(BEFORE_MOVE)
        assert ContentType.objects.get(pk=report_type).app_label == "roundtable"
    finally:
        migrate(latest)
    assert ContentType.objects.get(pk=report_type).app_label == "publications"
    assert ContentType.objects.get_for_model(ReportPage).pk == report_type
