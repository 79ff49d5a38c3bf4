"""The report models, moved from the roundtable app with their tables and rows.

The tables keep their names (`roundtable_reportpage` and the others, set as
`Meta.db_table`), so this migration only tells Django's state about the models;
the database is left as it is. The content types of the moved models are
renamed in place (app label `roundtable` to `publications`), so their ids stay:
every page row, revision, log entry, permission and reference-index row that
points at them keeps pointing at the same model. roundtable 0004 removes the
models from the roundtable app's state.
"""

import django.db.models.deletion
import modelcluster.fields
import modelsearch.index
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


MOVED_MODELS = [
    "category",
    "reportindexpage",
    "reportpage",
    "policypointer",
    "checklistitem",
    "reportauthor",
]


def _relabel_content_types(apps, schema_editor, old_label, new_label):
    """Give the moved models' content types their new app label, keeping their ids.

    A content type made for the new label before the move (by a stray
    `ContentType.objects.get_for_model`) is removed first, as long as no page
    is of that type; otherwise the move stops rather than lose a page.
    """
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    for model in MOVED_MODELS:
        old = ContentType.objects.using(db).filter(app_label=old_label, model=model)
        if not old.exists():
            continue
        stray = ContentType.objects.using(db).filter(app_label=new_label, model=model)
        if Page.objects.using(db).filter(content_type__in=stray).exists():
            raise RuntimeError(
                f"Pages use both {old_label}.{model} and {new_label}.{model}; "
                "merge them by hand before migrating."
            )
        stray.delete()
        old.update(app_label=new_label)
    LiveContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _relabel_content_types(apps, schema_editor, "roundtable", "publications")


def backwards(apps, schema_editor):
    _relabel_content_types(apps, schema_editor, "publications", "roundtable")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("programme", "0002_sessions_programme_and_speaker_pages"),
        ("roundtable", "0003_report_session_links"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already: roundtable 0002 and 0003 made them.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Category",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=255)),
                        ("slug", models.SlugField(max_length=255, unique=True)),
                        (
                            "kind",
                            models.CharField(
                                choices=[("topic", "Topic"), ("region", "Region")],
                                default="topic",
                                max_length=16,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "categories",
                        "db_table": "roundtable_category",
                        "ordering": ["kind", "name"],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name="ReportIndexPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        ("introduction", models.TextField(blank=True)),
                    ],
                    options={
                        "verbose_name": "publications index",
                        "db_table": "roundtable_reportindexpage",
                    },
                    bases=(
                        wagtail.contrib.routable_page.models.RoutablePageMixin,
                        "wagtailcore.page",
                    ),
                ),
                migrations.CreateModel(
                    name="ReportPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        ("publication_date", models.DateField()),
                        (
                            "last_updated",
                            models.DateField(
                                blank=True,
                                help_text="When the report was last revised.",
                                null=True,
                            ),
                        ),
                        (
                            "report_type",
                            models.CharField(
                                choices=[
                                    ("event-report", "Commemorative / Event Report"),
                                    ("policy-report", "Policy Report"),
                                    ("policy-brief", "Policy Brief"),
                                    ("working-paper", "Working Paper"),
                                ],
                                default="event-report",
                                max_length=32,
                            ),
                        ),
                        (
                            "summary",
                            wagtail.fields.RichTextField(
                                verbose_name="executive summary"
                            ),
                        ),
                        (
                            "body",
                            wagtail.fields.StreamField(
                                [
                                    ("heading", 2),
                                    ("paragraph", 3),
                                    ("quote", 6),
                                    ("list", 10),
                                ],
                                blank=True,
                                block_lookup={
                                    0: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"max_length": 200},
                                    ),
                                    1: (
                                        "wagtail.blocks.ChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("h2", "Section heading"),
                                                ("h3", "Subheading"),
                                            ]
                                        },
                                    ),
                                    2: (
                                        "wagtail.blocks.StructBlock",
                                        [[("text", 0), ("level", 1)]],
                                        {},
                                    ),
                                    3: (
                                        "wagtail.blocks.RichTextBlock",
                                        (),
                                        {
                                            "description": "Paragraphs of text with links.",
                                            "features": [
                                                "bold",
                                                "italic",
                                                "link",
                                                "document-link",
                                                "ol",
                                                "ul",
                                            ],
                                            "icon": "pilcrow",
                                            "preview_value": "<p>The roundtable brings together experts and officials.</p>",
                                            "template": "blocks/paragraph_block.html",
                                        },
                                    ),
                                    4: ("wagtail.blocks.TextBlock", (), {}),
                                    5: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"max_length": 255, "required": False},
                                    ),
                                    6: (
                                        "wagtail.blocks.StructBlock",
                                        [[("quote", 4), ("attribution", 5)]],
                                        {},
                                    ),
                                    7: (
                                        "wagtail.blocks.ChoiceBlock",
                                        [],
                                        {
                                            "choices": [
                                                ("ul", "Bulleted"),
                                                ("ol", "Numbered"),
                                            ]
                                        },
                                    ),
                                    8: (
                                        "wagtail.blocks.CharBlock",
                                        (),
                                        {"max_length": 1000},
                                    ),
                                    9: ("wagtail.blocks.ListBlock", (8,), {}),
                                    10: (
                                        "wagtail.blocks.StructBlock",
                                        [[("style", 7), ("items", 9)]],
                                        {},
                                    ),
                                },
                            ),
                        ),
                        ("pointers_introduction", models.TextField(blank=True)),
                        ("checklist_introduction", models.TextField(blank=True)),
                        ("conclusion", wagtail.fields.RichTextField(blank=True)),
                        (
                            "categories",
                            modelcluster.fields.ParentalManyToManyField(
                                blank=True,
                                related_name="reports",
                                to="publications.category",
                            ),
                        ),
                        (
                            "pdf",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtaildocs.document",
                                verbose_name="PDF",
                            ),
                        ),
                        (
                            "related_event",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="reports",
                                to="roundtable.eventpage",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "report",
                        "db_table": "roundtable_reportpage",
                    },
                    bases=("wagtailcore.page",),
                ),
                migrations.CreateModel(
                    name="PolicyPointer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "sort_order",
                            models.IntegerField(blank=True, editable=False, null=True),
                        ),
                        (
                            "title",
                            models.CharField(help_text="A few words.", max_length=255),
                        ),
                        ("text", models.TextField()),
                        (
                            "anchor",
                            models.SlugField(
                                blank=True,
                                help_text="The pointer's address on the page (…/#anchor). Filled in from the title when empty; change it only if no one links to it yet.",
                                max_length=80,
                            ),
                        ),
                        (
                            "sessions",
                            modelcluster.fields.ParentalManyToManyField(
                                blank=True,
                                help_text="The sessions of the related event this pointer came from.",
                                related_name="policy_pointers",
                                to="programme.session",
                            ),
                        ),
                        (
                            "page",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="policy_pointers",
                                to="publications.reportpage",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "roundtable_policypointer",
                        "ordering": ["sort_order"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="ChecklistItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "sort_order",
                            models.IntegerField(blank=True, editable=False, null=True),
                        ),
                        ("need", models.CharField(max_length=255)),
                        (
                            "responses",
                            models.TextField(help_text="How the need can be met."),
                        ),
                        (
                            "practices",
                            models.TextField(
                                blank=True,
                                help_text="Good practices participants shared.",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                blank=True,
                                help_text="The breakout session that produced this item.",
                                limit_choices_to={"kind": "breakout"},
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="checklist_items",
                                to="programme.session",
                            ),
                        ),
                        (
                            "page",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="checklist_items",
                                to="publications.reportpage",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "roundtable_checklistitem",
                        "ordering": ["sort_order"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="ReportAuthor",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "sort_order",
                            models.IntegerField(blank=True, editable=False, null=True),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="report_authorships",
                                to="programme.person",
                            ),
                        ),
                        (
                            "page",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="authors",
                                to="publications.reportpage",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "roundtable_reportauthor",
                        "ordering": ["sort_order"],
                        "abstract": False,
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("page", "person"), name="unique_report_author"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
