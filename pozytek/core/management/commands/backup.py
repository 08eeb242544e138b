"""Write one archive of the installation: database rows, public and private files, manifest with checksums."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pozytek.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a .tar.gz with every row of the database, MEDIA_ROOT, PRIVATE_MEDIA_ROOT and a manifest "
        "(SHA-256 of every file, rows per model, last migration per app). Restore it with `restore`."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive (or folder) to write; default: pozytek-backup-<UTC time>.tar.gz in the current folder.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        default_name = f"pozytek-backup-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz"
        output: Path = options["output"] or Path(default_name)
        if output.is_dir():
            output = output / default_name
        try:
            manifest = create_backup(output.resolve())
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.counts.values())
        self.stdout.write(
            f"Backup written to {output}: {rows} rows of {len(manifest.counts)} tables, "
            f"{manifest.file_count} files, {output.stat().st_size} bytes."
        )
