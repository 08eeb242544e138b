"""An import's uploaded file is private: under PRIVATE_MEDIA_ROOT, never under MEDIA_ROOT (issue 16)."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from pozytek.organisations.imports.services import upload_import_file
from pozytek.organisations.models import ImportJob

pytestmark = pytest.mark.integration

CSV = "nazwa;krs\nFundacja Przykładowa;0000123456\n".encode()


def uploaded(tenant, official) -> ImportJob:
    with scopes_disabled():
        job = upload_import_file(tenant=tenant, actor=official, file=SimpleUploadedFile("lista.csv", CSV))
        return ImportJob.objects.get(pk=job.pk)


def test_an_uploaded_import_file_is_kept_in_the_private_folder(tenant, official):
    job = uploaded(tenant, official)

    stored = Path(job.file.path)
    assert stored.read_bytes() == CSV
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not (Path(settings.MEDIA_ROOT) / job.file.name).exists()  # nothing a web server's /media/ could send


def test_the_migration_moves_files_already_uploaded(tenant, official):
    name = uploaded(tenant, official).file.name
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
    (media / name).parent.mkdir(parents=True, exist_ok=True)
    (private / name).rename(media / name)  # where an earlier version kept it

    migration = importlib.import_module("pozytek.organisations.migrations.0009_importjob_private_file")
    migration.to_private(apps, None)
    assert (private / name).read_bytes() == CSV
    assert not (media / name).exists()

    migration.to_public(apps, None)  # and back, when the migration is reversed
    assert (media / name).read_bytes() == CSV
    assert not (private / name).exists()
