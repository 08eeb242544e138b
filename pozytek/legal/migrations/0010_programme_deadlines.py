"""The cooperation programme's deadlines (art. 5a ust. 1 and 3) as day-of-year parameters."""

from django.db import migrations, models


def load(apps, schema_editor):
    from pozytek.legal.reference_data import sync_reference_data  # noqa: PLC0415 -- migration-time import

    sync_reference_data(apps.get_model("legal", "LegalParameter"), apps.get_model("legal", "SphereOfPublicTasks"),
                        apps.get_model("legal", "LegalForm"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0009_parameter_key_with_dots")]
    operations = [
        migrations.AlterField(
            model_name="legalparameter",
            name="unit",
            field=models.CharField(
                choices=[("pln", "PLN"), ("days", "calendar days"), ("working_days", "working days"),
                         ("percent", "percent"), ("years", "years"), ("month_day", "day of the year (MM.DD)")],
                max_length=20,
                verbose_name="unit",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
