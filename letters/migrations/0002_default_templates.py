"""The site-wide visa-support letter and certificate templates, published."""

from django.db import migrations

from letters import defaults


def create(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind, title, body in [
        ("visa-letter", defaults.VISA_LETTER_TITLE, defaults.VISA_LETTER_BODY),
        ("certificate", defaults.CERTIFICATE_TITLE, defaults.CERTIFICATE_BODY),
    ]:
        if not LetterTemplate.objects.filter(kind=kind, event=None).exists():
            LetterTemplate.objects.create(
                kind=kind, event=None, title=title, body=body, live=True
            )


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
