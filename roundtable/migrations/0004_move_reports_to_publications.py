"""The report models now belong to the publications app (publications 0001).

Their tables stay as they are, with every row: this only removes the models
from the roundtable app's state.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("roundtable", "0003_report_session_links"),
        ("publications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="ReportAuthor"),
                migrations.DeleteModel(name="ChecklistItem"),
                migrations.DeleteModel(name="PolicyPointer"),
                migrations.DeleteModel(name="ReportPage"),
                migrations.DeleteModel(name="ReportIndexPage"),
                migrations.DeleteModel(name="Category"),
            ],
        ),
    ]
