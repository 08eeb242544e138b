"""The framework agreement's periods in years (records kept, control after the task, ban on selling what
the grant bought) as parameters, not constants of the document."""

from django.db import migrations


def load(apps, schema_editor):
    from pozytek.legal.reference_data import sync_reference_data  # noqa: PLC0415 -- migration-time import

    sync_reference_data(
        apps.get_model("legal", "LegalParameter"),
        apps.get_model("legal", "SphereOfPublicTasks"),
        apps.get_model("legal", "LegalForm"),
    )


class Migration(migrations.Migration):
    dependencies = [("legal", "0010_programme_deadlines")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
