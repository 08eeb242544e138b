"""Add the default deadline for answering a request for the justification of a competition result."""

from django.db import migrations


def load(apps, schema_editor):
    from pozytek.legal.reference_data import sync_reference_data  # noqa: PLC0415 -- migration-time import

    sync_reference_data(apps.get_model("legal", "LegalParameter"), apps.get_model("legal", "SphereOfPublicTasks"),
                        apps.get_model("legal", "LegalForm"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
