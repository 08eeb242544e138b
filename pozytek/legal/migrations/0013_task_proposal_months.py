"""Months and persons as units of a legal parameter (the latter for a local initiative's smallest group), and the term for answering an organisation's own-initiative
proposal of a public task (art. 12 ust. 2: one month)."""

from django.db import migrations, models


def load(apps, schema_editor):
    from pozytek.legal.reference_data import sync_reference_data  # noqa: PLC0415 -- migration-time import

    sync_reference_data(
        apps.get_model("legal", "LegalParameter"),
        apps.get_model("legal", "SphereOfPublicTasks"),
        apps.get_model("legal", "LegalForm"),
    )


class Migration(migrations.Migration):
    dependencies = [("legal", "0012_local_initiative_parameters")]
    operations = [
        migrations.AlterField(
            model_name="legalparameter",
            name="unit",
            field=models.CharField(
                choices=[
                    ("pln", "PLN"),
                    ("days", "calendar days"),
                    ("working_days", "working days"),
                    ("percent", "percent"),
                    ("years", "years"),
                    ("months", "months"),
                    ("persons", "persons"),
                    ("month_day", "day of the year (MM.DD)"),
                ],
                max_length=20,
                verbose_name="unit",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
