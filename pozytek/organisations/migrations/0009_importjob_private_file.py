"""Import files move from the public media folder to the private one (issue 16, found building deploy/).

An office's upload holds people's names, addresses and e-mails; under MEDIA_ROOT it had a URL (behind a
random name, and refused by the deploy nginx, but a URL all the same). The files already uploaded move
with their names unchanged, so every job's `file` still points at its file.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import pozytek.organisations.models


def _move(apps, source: Path, target: Path) -> None:
    ImportJob = apps.get_model("organisations", "ImportJob")
    names = ImportJob._base_manager.exclude(file="").values_list("file", flat=True)
    for name in names.iterator():
        old, new = source / name, target / name
        if old.is_file() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(old, new)


def to_private(apps, schema_editor):
    _move(apps, Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT))


def to_public(apps, schema_editor):
    _move(apps, Path(settings.PRIVATE_MEDIA_ROOT), Path(settings.MEDIA_ROOT))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0008_search_vector_spheres")]
    operations = [
        migrations.AlterField(
            model_name="importjob",
            name="file",
            field=models.FileField(
                storage=pozytek.organisations.models.private_storage, upload_to="imports/", verbose_name="file"
            ),
        ),
        migrations.RunPython(to_private, to_public),
    ]
