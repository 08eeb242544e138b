"""The local initiative's defaults (art. 19b–19h): the smallest group of residents, the hourly values of
social work by kind, the life of a member's confirmation link; each local government sets its own rows."""

from django.db import migrations


def load(apps, schema_editor):
    from pozytek.legal.reference_data import sync_reference_data  # noqa: PLC0415 -- migration-time import

    sync_reference_data(
        apps.get_model("legal", "LegalParameter"),
        apps.get_model("legal", "SphereOfPublicTasks"),
        apps.get_model("legal", "LegalForm"),
    )


class Migration(migrations.Migration):
    dependencies = [("legal", "0011_agreement_periods")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
