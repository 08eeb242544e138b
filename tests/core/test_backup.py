"""`manage.py backup` and `restore`: the demo comes back row for row, file for file, every frozen document with
its SHA-256; a restore refuses data or files already there and an archive that does not match its manifest."""

import hashlib
import io
import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from pozytek.agreements.models import Agreement, Annex
from pozytek.core.backup import MANIFEST, ROWS, backed_up_models, row_counts
from pozytek.offers.models import Attachment, OfferVersion
from pozytek.offers.snapshot import canonical_json
from pozytek.programmes.models import RealisationReport
from pozytek.programmes.services.reports import canonical_json as programme_canonical_json
from pozytek.reports.models import Report, ReportVersion
from tests.factories.tenants import TenantFactory


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def frozen_documents() -> dict[str, str]:
    """Every frozen document's SHA-256 recomputed from what is stored: snapshots and signed or attached files."""
    found: dict[str, str] = {}
    with scopes_disabled():
        for version in OfferVersion.objects.all():
            found[f"offer version {version.pk}"] = sha256(canonical_json(version.snapshot))
            assert found[f"offer version {version.pk}"] == version.checksum
        for report_version in ReportVersion.objects.all():
            found[f"report version {report_version.pk}"] = sha256(canonical_json(report_version.snapshot))
            assert found[f"report version {report_version.pk}"] == report_version.checksum
        for report in Report.objects.exclude(checksum=""):
            found[f"report {report.pk}"] = sha256(canonical_json(report.snapshot))
            assert found[f"report {report.pk}"] == report.checksum
        for annex in Annex.objects.exclude(checksum=""):
            found[f"annex {annex.pk}"] = sha256(canonical_json(annex.snapshot))
            assert found[f"annex {annex.pk}"] == annex.checksum
        for realisation in RealisationReport.objects.exclude(checksum=""):
            found[f"realisation report {realisation.pk}"] = sha256(programme_canonical_json(realisation.snapshot))
            assert found[f"realisation report {realisation.pk}"] == realisation.checksum
        for agreement in Agreement.objects.exclude(signed_file=""):
            with agreement.signed_file.open("rb") as signed:
                found[f"signed agreement {agreement.pk}"] = sha256(signed.read())
            assert found[f"signed agreement {agreement.pk}"] == agreement.signed_file_sha256
        for attachment in Attachment.objects.all():
            with attachment.file.open("rb") as attached:
                found[f"offer attachment {attachment.pk}"] = sha256(attached.read())
            assert found[f"offer attachment {attachment.pk}"] == attachment.sha256
    return found


def every_row() -> dict[str, list[dict]]:
    """Every backed-up row as Django serialises it (many-to-many keys sorted), per model."""
    rows = {}
    with scopes_disabled():
        for model in backed_up_models():
            many = {f.name for f in model._meta.many_to_many}
            rows[model._meta.label_lower] = [
                {**item, "fields": {k: sorted(v) if k in many else v for k, v in item["fields"].items()}}
                for item in serializers.serialize("python", model._base_manager.order_by("pk"))
            ]
    return rows


def stored_files() -> dict[str, str]:
    return {
        f"{root.name}/{path.relative_to(root)}": sha256(path.read_bytes())
        for root in (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT))
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def empty_storage() -> None:
    for root in (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)):
        for child in root.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()


@pytest.mark.integration
def test_the_demo_comes_back_row_for_row_with_every_frozen_document(transactional_db, tmp_path):
    empty_storage()  # the storage roots of this test process: files of earlier tests are not the demo's
    call_command("load_demo_data", quiet=True)
    counts, documents, rows, files = row_counts(), frozen_documents(), every_row(), stored_files()
    assert counts["offers.offerversion"] > 0 and counts["reports.reportversion"] > 0
    assert any(name.startswith("signed agreement") for name in documents)
    assert any(name.startswith("realisation report") for name in documents)
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=archive, stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    empty_storage()
    assert row_counts()["accounts.user"] == 0 and stored_files() == {}
    out = io.StringIO()
    call_command("restore", archive, stdout=out)

    assert "rows per model match the manifest" in out.getvalue()
    assert row_counts() == counts
    assert frozen_documents() == documents
    assert every_row() == rows
    assert stored_files() == files


@pytest.fixture
def storage(settings, tmp_path):
    """Storage roots of the test's own (a restore refuses storage that holds files)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT.mkdir()
    settings.PRIVATE_MEDIA_ROOT.mkdir()
    return settings


@pytest.fixture
def empty_archive(db, storage, tmp_path):
    """The archive of a database as `migrate` leaves it, with one public and one private file."""
    (storage.MEDIA_ROOT / "logos").mkdir()
    (storage.MEDIA_ROOT / "logos" / "herb.png").write_bytes(b"png")
    (storage.PRIVATE_MEDIA_ROOT / "umowa.pdf").write_bytes(b"%PDF-1.7")
    archive = tmp_path / "empty.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    empty_storage()
    return archive


@pytest.mark.integration
def test_the_manifest_lists_every_file_with_its_checksum_the_rows_and_the_schema(empty_archive):
    with tarfile.open(empty_archive) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile(MANIFEST))
        rows = archive.extractfile(ROWS).read()

    assert names == [ROWS, "media/logos/herb.png", "private/umowa.pdf", MANIFEST]
    assert manifest["files"] == {
        ROWS: {"sha256": sha256(rows), "size": len(rows)},
        "media/logos/herb.png": {"sha256": sha256(b"png"), "size": 3},
        "private/umowa.pdf": {"sha256": sha256(b"%PDF-1.7"), "size": 8},
    }
    assert manifest["counts"]["legal.sphereofpublictasks"] > 0
    assert manifest["counts"]["accounts.user"] == 0
    assert manifest["migrations"]["core"].startswith("00")
    assert manifest["format"] == "pozytek.backup/1"
    assert {"created_at", "platform_version", "database_engine"} <= manifest.keys()


@pytest.mark.integration
def test_a_restore_brings_back_the_files_and_the_rows_migrate_wrote(empty_archive, storage):
    call_command("restore", empty_archive, stdout=io.StringIO())

    assert (storage.MEDIA_ROOT / "logos" / "herb.png").read_bytes() == b"png"
    assert (storage.PRIVATE_MEDIA_ROOT / "umowa.pdf").read_bytes() == b"%PDF-1.7"


@pytest.mark.integration
def test_a_restore_refuses_a_database_that_holds_data(empty_archive):
    TenantFactory()

    with pytest.raises(CommandError, match=re.escape("The database is not empty (tenants.tenant)")):
        call_command("restore", empty_archive)


@pytest.mark.integration
def test_a_restore_refuses_storage_that_holds_files(empty_archive, storage):
    (storage.PRIVATE_MEDIA_ROOT / "left-over.pdf").write_bytes(b"x")

    with pytest.raises(CommandError, match="holds files"):
        call_command("restore", empty_archive)
    assert not (storage.MEDIA_ROOT / "logos").exists()


@pytest.mark.integration
def test_a_changed_archive_is_refused_before_anything_is_written(empty_archive, storage, tmp_path):
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(empty_archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == ROWS:  # one more user, as if someone edited the dump
                user = {"model": "accounts.user", "pk": 999, "fields": {"email": "intruder@example.com"}}
                data += json.dumps(user).encode() + b"\n"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))

    with pytest.raises(
        CommandError, match=re.escape("Checksums do not match the manifest (1 member(s): database/rows.jsonl)")
    ):
        call_command("restore", tampered)
    assert not (storage.MEDIA_ROOT / "logos").exists()
    assert row_counts()["accounts.user"] == 0
