"""Backup and restore of a whole installation: one .tar.gz with the database, the files and a manifest.

The database goes in as Django's serialisation (JSON lines, one row a line, every model of every app read
through the app registry, primary keys kept), not as `pg_dump`: the same archive comes from and goes into
PostgreSQL or SQLite, needs no client tools matching the server's version, and the rows counted in the
manifest are the rows written. A restore runs `migrate` first (the schema comes from the migrations, e.g.
PostgreSQL's generated search column), then inserts every row as it was, timestamps to the microsecond.

Layout: `database/rows.jsonl`, `media/…` (MEDIA_ROOT), `private/…` (PRIVATE_MEDIA_ROOT) and, last,
`manifest.json`: the SHA-256 and size of every other member, the rows per model, the last migration per
app, the time, the database engine and the platform's version.
"""

import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, router, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Prefetch
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django_scopes import scopes_disabled

FORMAT = "pozytek.backup/1"
MANIFEST = "manifest.json"
ROWS = "database/rows.jsonl"
MEDIA = "media"
PRIVATE = "private"

# Rows that `migrate` itself writes into an empty database: content types and permissions (post_migrate)
# and the legal reference data (legal's data migrations). They do not make a database "not empty"; a
# restore replaces them with the archive's rows, key for key, so every reference to them stays right.
CREATED_BY_MIGRATE = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "legal.legalparameter",
        "legal.sphereofpublictasks",
        "legal.legalform",
    }
)
# Sessions are not kept: after a restore everyone signs in again (a session names a user by key).
NOT_BACKED_UP = frozenset({"sessions.session"})
CHUNK = 1 << 20


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why, for the operator."""


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    size: int


@dataclass
class Manifest:
    """What the archive holds; `files` lists every member but the manifest itself."""

    created_at: str
    platform_version: str
    database_engine: str
    migrations: dict[str, str]
    counts: dict[str, int]
    files: dict[str, FileEntry] = field(default_factory=dict)

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "created_at": self.created_at,
            "platform_version": self.platform_version,
            "database_engine": self.database_engine,
            "migrations": self.migrations,
            "counts": self.counts,
            "files": {name: {"sha256": e.sha256, "size": e.size} for name, e in sorted(self.files.items())},
        }
        return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> "Manifest":
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError(f"Not a Pożytek backup of format {FORMAT}: {data.get('format')!r}.")
            return cls(
                created_at=str(data["created_at"]),
                platform_version=str(data["platform_version"]),
                database_engine=str(data["database_engine"]),
                migrations={str(k): str(v) for k, v in data["migrations"].items()},
                counts={str(k): int(v) for k, v in data["counts"].items()},
                files={str(k): FileEntry(str(v["sha256"]), int(v["size"])) for k, v in data["files"].items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(f"The manifest is unreadable: {error}.") from error

    @property
    def file_count(self) -> int:
        return sum(1 for name in self.files if name != ROWS)


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds; a backup keeps them to the microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def platform_version() -> str:
    try:
        return importlib.metadata.version("pozytek")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# --- What is backed up


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """Every concrete model of every installed app whose rows live in this database (sessions aside)."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and model._meta.managed
        and model._meta.label_lower not in NOT_BACKED_UP
        and router.allow_migrate_model(using, model)
    ]


def counted_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """The backed-up models and their many-to-many tables: what the manifest counts."""
    result: list[type[models.Model]] = []
    for model in backed_up_models(using):
        result.append(model)
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through is not None and through._meta.auto_created:
                result.append(through)
    return result


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    with scopes_disabled():
        return {m._meta.label_lower: m._base_manager.using(using).count() for m in counted_models(using)}


def schema_state(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The last migration of each app; refuses a database with migrations not applied yet."""
    executor = MigrationExecutor(connections[using])
    leaves = executor.loader.graph.leaf_nodes()
    if executor.migration_plan(leaves):
        raise BackupError("The database has migrations not applied yet: run `manage.py migrate` first.")
    state: dict[str, list[str]] = {}
    for app_label, name in leaves:
        state.setdefault(app_label, []).append(name)
    return {app_label: ",".join(sorted(names)) for app_label, names in sorted(state.items())}


def storage_roots() -> dict[str, Path]:
    """The archive's folder for each storage root. Static files are not kept: `collectstatic` makes them."""
    roots = {MEDIA: Path(settings.MEDIA_ROOT).resolve(), PRIVATE: Path(settings.PRIVATE_MEDIA_ROOT).resolve()}
    if roots[MEDIA].is_relative_to(roots[PRIVATE]) or roots[PRIVATE].is_relative_to(roots[MEDIA]):
        raise BackupError("MEDIA_ROOT and PRIVATE_MEDIA_ROOT must be separate folders, neither inside the other.")
    return roots


def stored_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under `root` (symbolic links are not followed) with its path relative to it."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path, path.relative_to(root).as_posix()


# --- Backup


def create_backup(output: Path, *, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Write the archive to `output` (atomically: a partial file is removed on failure)."""
    schema = schema_state(using)
    roots = storage_roots()
    if any(output.resolve().is_relative_to(root) for root in roots.values()):
        raise BackupError("Write the archive outside MEDIA_ROOT and PRIVATE_MEDIA_ROOT (it would hold itself).")
    output.parent.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(
        created_at=timezone.now().isoformat(),
        platform_version=platform_version(),
        database_engine=connections[using].vendor,
        migrations=schema,
        counts={},
    )
    partial = output.with_name(output.name + ".partial")
    try:
        with tempfile.TemporaryFile() as rows:
            manifest.counts = _dump_rows(rows, using)
            with _private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                rows.seek(0)
                manifest.files[ROWS] = _add(archive, ROWS, rows, os.fstat(rows.fileno()).st_size)
                for folder, root in roots.items():
                    for path, relative in stored_files(root):
                        with path.open("rb") as source:
                            name = f"{folder}/{relative}"
                            manifest.files[name] = _add(archive, name, source, os.fstat(source.fileno()).st_size)
                content = manifest.to_json()
                _add(archive, MANIFEST, io.BytesIO(content), len(content))
        partial.replace(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _private_file(path: Path) -> IO[bytes]:
    """The archive holds password hashes and private files: readable by its owner only."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def _dump_rows(stream: IO[bytes], using: str) -> dict[str, int]:
    """Every row as one JSON line, in one consistent snapshot of the database; returns the rows per model."""
    serializer = serializers.get_serializer("jsonl")()
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    counts: Counter[str] = Counter()
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with scopes_disabled(), transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the first statement of the transaction: one snapshot
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in backed_up_models(using):
            queryset = model._base_manager.using(using).order_by("pk")
            links = [
                Prefetch(m2m.name, queryset=m2m.related_model._base_manager.only("pk"))
                for m2m in model._meta.local_many_to_many
                if m2m.remote_field.through is not None and m2m.remote_field.through._meta.auto_created
            ]
            if links:  # one query per 2,000 rows, not one per row and field
                queryset = queryset.prefetch_related(*links)
            serializer.serialize(_counted(queryset.iterator(chunk_size=2000), counts), stream=text, cls=_ExactEncoder)
        for model in counted_models(using):
            if model._meta.auto_created:
                counts[model._meta.label_lower] = model._base_manager.using(using).count()
    text.flush()
    text.detach()
    return {m._meta.label_lower: counts[m._meta.label_lower] for m in counted_models(using)}


def _counted(rows: Iterable[models.Model], counts: Counter[str]) -> Iterator[models.Model]:
    for row in rows:
        counts[row._meta.label_lower] += 1
        yield row


class _Hashing(io.RawIOBase):
    """A readable stream that hashes and counts what is read through it."""

    def __init__(self, source: IO[bytes]) -> None:
        super().__init__()
        self.source = source
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        block = self.source.read(len(buffer))
        buffer[: len(block)] = block
        self.digest.update(block)
        self.size += len(block)
        return len(block)

    def drain(self) -> FileEntry:
        """Read what is left (a reader may stop before the end) and give the member's checksum and size."""
        while self.read(CHUNK):
            pass
        return FileEntry(self.digest.hexdigest(), self.size)


def _add(archive: tarfile.TarFile, name: str, source: IO[bytes], size: int) -> FileEntry:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    hashing = _Hashing(source)
    archive.addfile(info, hashing)
    if hashing.size != size or source.read(1):
        raise BackupError(f"{name} changed while it was being archived; run the backup again.")
    return FileEntry(hashing.digest.hexdigest(), size)


# --- Restore


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    rows: int
    files: int


def restore_backup(archive_path: Path, *, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Bring an archive back into an empty database and empty storage.

    Nothing is written before every member's SHA-256 matches the manifest, the schema matches the
    archive's and the database and storage are found empty. The rows are then inserted in one transaction
    and the files written; any failure (a count that differs included) undoes both.
    """
    manifest = verify_archive(archive_path)
    current = schema_state(using)
    if current != manifest.migrations:
        differing = sorted(
            a for a in current.keys() | manifest.migrations.keys() if current.get(a) != manifest.migrations.get(a)
        )
        raise BackupError(
            "The archive was made with another schema (platform version "
            f"{manifest.platform_version}); apps whose last migration differs: {', '.join(differing)}. "
            "Install the same version and run `manage.py migrate` before restoring."
        )
    roots = storage_roots()
    _refuse_if_not_empty(roots, using)
    written: list[Path] = []
    try:
        with scopes_disabled(), transaction.atomic(using=using):
            rows = _restore_members(archive_path, manifest, roots, written, using)
            counts = row_counts(using)
            differing = sorted(
                k for k in manifest.counts.keys() | counts.keys() if manifest.counts.get(k) != counts.get(k)
            )
            if differing:
                raise BackupError(f"Rows restored differ from the manifest for: {', '.join(differing)}.")
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    finally:
        ContentType.objects.clear_cache()
    return RestoreResult(manifest=manifest, rows=rows, files=len(written))


def verify_archive(archive_path: Path) -> Manifest:
    """Read the whole archive once, writing nothing: every member must be listed with its SHA-256."""
    found: dict[str, FileEntry] = {}
    manifest: Manifest | None = None
    try:
        with tarfile.open(archive_path, mode="r|gz") as archive:
            for member in archive:
                name = _safe_name(member)
                source = archive.extractfile(member)
                if source is None:
                    raise BackupError(f"Unreadable member in the archive: {name}.")
                if name == MANIFEST:
                    manifest = Manifest.from_json(source.read())
                    continue
                if name in found:
                    raise BackupError(f"The archive holds {name} twice.")
                digest = hashlib.sha256()
                while block := source.read(CHUNK):
                    digest.update(block)
                found[name] = FileEntry(digest.hexdigest(), member.size)
    except (OSError, tarfile.TarError, EOFError) as error:
        raise BackupError(f"Cannot read {archive_path}: {error}.") from error
    if manifest is None:
        raise BackupError("The archive has no manifest.json.")
    problems = [name for name, entry in manifest.files.items() if found.get(name) != entry]
    problems += [name for name in found if name not in manifest.files]
    if problems:
        listed = ", ".join(sorted(problems)[:10])
        raise BackupError(
            f"Checksums do not match the manifest ({len(problems)} member(s): {listed}); nothing was restored."
        )
    if ROWS not in manifest.files:
        raise BackupError("The archive holds no database rows.")
    return manifest


def _safe_name(member: tarfile.TarInfo) -> str:
    path = PurePosixPath(member.name)
    if not member.isfile() or path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Refusing the archive member {member.name!r}: only plain files with relative names.")
    if path.as_posix() not in (MANIFEST, ROWS) and path.parts[0] not in (MEDIA, PRIVATE):
        raise BackupError(f"Unexpected member in the archive: {member.name!r}.")
    return path.as_posix()


def _refuse_if_not_empty(roots: dict[str, Path], using: str) -> None:
    counts = row_counts(using)
    holding = sorted(label for label, count in counts.items() if count and label not in CREATED_BY_MIGRATE)
    with scopes_disabled():
        holding += [label for label in sorted(NOT_BACKED_UP) if _has_rows(label, using)]
    if holding:
        listed = ", ".join(holding[:10]) + (" …" if len(holding) > 10 else "")
        raise BackupError(
            f"The database is not empty ({listed}): restore only into a new database after `manage.py migrate`."
        )
    for root in roots.values():
        if next(stored_files(root), None) is not None:
            raise BackupError(f"{root} holds files: restore only into empty storage.")


def _has_rows(label: str, using: str) -> bool:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return False
    return bool(model._base_manager.using(using).exists())


def _restore_members(
    archive_path: Path, manifest: Manifest, roots: dict[str, Path], written: list[Path], using: str
) -> int:
    """Second pass over the archive, inside the restore's transaction; checked again while writing."""
    rows = 0
    with tarfile.open(archive_path, mode="r|gz") as archive:
        for member in archive:
            name = _safe_name(member)
            if name == MANIFEST:
                continue
            source = archive.extractfile(member)
            if source is None:
                raise BackupError(f"Unreadable member in the archive: {name}.")
            hashing = _Hashing(source)
            if name == ROWS:
                try:
                    rows = _load_rows(hashing, using)
                except (DatabaseError, DeserializationError) as error:
                    raise BackupError(f"The rows could not be loaded, nothing was restored: {error}") from error
            else:
                folder, relative = name.split("/", 1)
                written.append(_write_file(roots[folder], relative, hashing))
            if hashing.drain() != manifest.files[name]:
                raise BackupError(f"{name} changed since it was verified; nothing was restored.")
    return rows


def _write_file(root: Path, relative: str, source: _Hashing) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise BackupError(f"Refusing to write outside {root}: {relative}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as out:  # storage was empty: an existing file means someone else is writing
        shutil.copyfileobj(source, out, CHUNK)
    return target


def _load_rows(stream: _Hashing, using: str) -> int:
    """Insert every row as it was (keys, timestamps), replacing what `migrate` wrote; never an update."""
    connection = connections[using]
    try:
        for label in sorted(CREATED_BY_MIGRATE, key=lambda label: label != "auth.permission"):
            model = apps.get_model(label)
            model._base_manager.using(using).all().delete()
    except (LookupError, ProtectedError) as error:
        raise BackupError(f"Cannot clear the rows `migrate` wrote: {error}.") from error
    inserter = _Inserter(using)
    lines = io.TextIOWrapper(io.BufferedReader(stream, CHUNK), encoding="utf-8")
    with connection.constraint_checks_disabled():  # references are checked once every row is in
        for item in serializers.deserialize("jsonl", lines, using=using):
            inserter.add(item.object)
            for name, keys in (item.m2m_data or {}).items():
                inserter.link(item.object, name, keys)
        inserter.flush()
    lines.detach()
    statements = connection.ops.sequence_reset_sql(no_style(), list(inserter.rows))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    connection.check_constraints(table_names=[m._meta.db_table for m in inserter.rows | inserter.links])
    return inserter.count


class _Inserter:
    """Plain INSERTs of deserialised rows in batches, every value as given: what `loaddata`'s
    `save_base(raw=True)` does a row at a time (no auto_now, no defaults, no signals), without its UPDATE
    attempt first and its round trip per row. Many-to-many links go in batches to their tables too."""

    BATCH = 1000

    def __init__(self, using: str) -> None:
        self.using = using
        self.pending: dict[type[models.Model], list[models.Model]] = {}
        self.rows: set[type[models.Model]] = set()
        self.links: set[type[models.Model]] = set()
        self.count = 0

    def add(self, row: models.Model) -> None:
        batch = self.pending.setdefault(type(row), [])
        batch.append(row)
        self.count += 1
        if len(batch) >= self.BATCH:
            self._write(type(row))

    def link(self, row: models.Model, name: str, keys: Sequence[Any]) -> None:
        m2m = row._meta.get_field(name)
        through: type[models.Model] = m2m.remote_field.through  # type: ignore[union-attr]
        source = through._meta.get_field(m2m.m2m_field_name()).attname  # type: ignore[union-attr]
        target = through._meta.get_field(m2m.m2m_reverse_field_name()).attname  # type: ignore[union-attr]
        for key in keys:
            self.add(through(**{source: row.pk, target: key}))
        self.links.add(through)

    def flush(self) -> None:
        for model in list(self.pending):
            self._write(model)

    def _write(self, model: type[models.Model]) -> None:
        batch = self.pending.pop(model, [])
        if not batch:
            return
        fields = [f for f in model._meta.local_concrete_fields if not f.generated]
        if model._meta.auto_created:  # a many-to-many table: its own key is new, as `add()` would make it
            fields = [f for f in fields if not f.primary_key]
        else:
            self.rows.add(model)
        size = max(1, connections[self.using].ops.bulk_batch_size(fields, batch))
        manager = model._base_manager.using(self.using)
        for start in range(0, len(batch), size):
            # QuerySet._insert with raw=True: the INSERT that save_base(raw=True) runs, for many rows at once.
            manager._insert(batch[start : start + size], fields=fields, raw=True, using=self.using)  # type: ignore[attr-defined]
