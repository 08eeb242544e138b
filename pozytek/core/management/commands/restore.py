"""Bring a backup archive back into an empty database and empty storage."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pozytek.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into a new database (after `migrate`) and empty MEDIA_ROOT and "
        "PRIVATE_MEDIA_ROOT. Every checksum is verified before anything is written; rows per model are checked."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path, help="The archive written by `manage.py backup`.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No such archive: {path}")
        try:
            result = restore_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            f"Restored {result.rows} rows and {result.files} files from {path} "
            f"(made {manifest.created_at} by version {manifest.platform_version} on {manifest.database_engine}); "
            "rows per model match the manifest."
        )
