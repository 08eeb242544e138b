"""Load legal parameters, spheres of art. 4 and legal forms from DOMAIN.md."""

from django.db import migrations


def load(apps, schema_editor):
    from pozytek.legal.reference_data import sync_reference_data  # noqa: PLC0415 -- migration-time import

    sync_reference_data(apps.get_model("legal", "LegalParameter"), apps.get_model("legal", "SphereOfPublicTasks"),
                        apps.get_model("legal", "LegalForm"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
