"""Organisers are recognised by a permission: declare it, give it to the group."""

from django.db import migrations

ORGANISERS_GROUP = "Organisers"  # as in roundtable.access, frozen here


def grant_to_organisers(apps, schema_editor):
    """An existing Organisers group gets `organise_events` (made here if need be).

    Django creates a model's permissions only after `migrate`, so this makes the
    row itself; the later post-migrate step finds it and leaves it alone.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name=ORGANISERS_GROUP).first()
    if group is None:
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="roundtable", model="eventpage"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="organise_events",
        defaults={"name": "Can organise events"},
    )
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("roundtable", "0004_move_reports_to_publications"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="eventpage",
            options={
                "permissions": [("organise_events", "Can organise events")],
                "verbose_name": "event",
            },
        ),
        migrations.RunPython(grant_to_organisers, migrations.RunPython.noop),
    ]
