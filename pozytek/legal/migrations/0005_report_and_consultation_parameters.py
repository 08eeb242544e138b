"""Add the year-end return days, the report correction days and the minimum consultation length."""

from django.db import migrations


def load(apps, schema_editor):
    from pozytek.legal.reference_data import sync_reference_data  # noqa: PLC0415 -- migration-time import

    sync_reference_data(apps.get_model("legal", "LegalParameter"), apps.get_model("legal", "SphereOfPublicTasks"),
                        apps.get_model("legal", "LegalForm"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0004_agreement_parameters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
