"""Writes of an import: upload, column mapping, dry run, and the import itself (all rows or none).

An import moves along `IMPORT_TRANSITIONS` (uploaded → mapped → previewed → [queued →] running →
done | failed). Every row is checked before anything is written: identifiers, required name,
legal form, duplicates inside the file, and which organisation already in the platform it
updates (by KRS, then NIP, then REGON; rows without any number by the starosta's register number
or the name within this local government's directory). The writes then run in one transaction:
one blocking problem, or any error while writing, and nothing is imported.

`execute_import` is the one service that is not a single transaction: it commits the progress of
its checking (so the progress bar of a background import moves) before the writing transaction.
"""

import logging
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from pozytek.core.audit import field_diff, record_event
from pozytek.core.workflow import OFFICE_ONLY, Problem, Transition, apply_transition, refuses
from pozytek.legal.models import LegalForm, SphereOfPublicTasks
from pozytek.legal.selectors import legal_forms, spheres_in_force
from pozytek.organisations.identifiers import clean_krs, clean_nip, clean_regon
from pozytek.organisations.imports.krs import KRS_LEGAL_FORMS, looks_like_json, normalise_regon, parse_extracts
from pozytek.organisations.imports.rows import FIELD_KEYS, FIELD_LABELS, MAX_BYTES, ImportFileError, SourceRow
from pozytek.organisations.imports.spreadsheet import Table, apply_mapping, is_xlsx, read_table
from pozytek.organisations.imports.tasks import run_import
from pozytek.organisations.models import ImportJob, Organisation, OrganisationArea
from pozytek.organisations.selectors import find_duplicate
from pozytek.organisations.services import refresh_search_fields
from pozytek.organisations.states import AreaBasis, ImportState, OrganisationState, Source
from pozytek.organisations.text import fold

logger = logging.getLogger(__name__)

# Files with more rows than this are imported by the task worker, not in the request.
BACKGROUND_ROWS = 200
# The background check commits its progress every this many rows.
PROGRESS_EVERY = 100
MAX_DESCRIPTION = 5000
IDENTIFIERS = ("krs", "nip", "regon")
# Contact and address data a KRS extract may carry in a form we cannot keep: dropped with a note.
KRS_LENIENT_FIELDS = frozenset({"legal_form", "email", "website", "phone", "street", "postal_code", "city"})
OPP_YES = frozenset({"tak", "t", "1", "x", "yes", "y", "true", "prawda", "opp"})
OPP_NO = frozenset({"nie", "n", "0", "no", "false", "falsz", "-"})
# Extra ways people write legal forms in municipal spreadsheets (folded).
SPREADSHEET_LEGAL_FORMS = {
    "stowarzyszenie rejestrowe": "stowarzyszenie",
    "stowarzyszenie zwykle": "stowarzyszenie-zwykle",
    "uks": "uks",
    "osp": "osp",
    "kgw": "kgw",
    "klub sportowy": "klub-sportowy",
}
_SPHERE_SEPARATORS = re.compile(r"[;,\s]+")
_POSTAL_CODE = re.compile(r"^(\d{2})\s*-?\s*(\d{3})$")


@refuses(OFFICE_ONLY)
def _is_office_of_job(actor: Any, job: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.has_perm("tenants.view_office", job.tenant))


def _is_krs_job(job: Any) -> list[Problem]:
    return [] if job.kind == Source.KRS else [Problem(_("Choose the columns of the spreadsheet first."), "mapping")]


# The workflow of an import (kept here, next to its only user; it may move to states.py).
IMPORT_TRANSITIONS = (
    Transition("map", ImportState.UPLOADED, ImportState.MAPPED, may=_is_office_of_job),
    Transition("map", ImportState.MAPPED, ImportState.MAPPED, may=_is_office_of_job),
    Transition("map", ImportState.PREVIEWED, ImportState.MAPPED, may=_is_office_of_job),
    Transition("map", ImportState.FAILED, ImportState.MAPPED, may=_is_office_of_job),
    Transition("preview", ImportState.UPLOADED, ImportState.PREVIEWED, may=_is_office_of_job, check=_is_krs_job),
    Transition("preview", ImportState.MAPPED, ImportState.PREVIEWED, may=_is_office_of_job),
    Transition("preview", ImportState.PREVIEWED, ImportState.PREVIEWED, may=_is_office_of_job),
    Transition("preview", ImportState.FAILED, ImportState.PREVIEWED, may=_is_office_of_job),
    Transition("queue", ImportState.PREVIEWED, ImportState.QUEUED, may=_is_office_of_job),
    Transition("start", ImportState.PREVIEWED, ImportState.RUNNING, may=_is_office_of_job),
    Transition("start", ImportState.QUEUED, ImportState.RUNNING, may=_is_office_of_job),
    Transition("run", ImportState.RUNNING, ImportState.DONE, may=_is_office_of_job),
    Transition("fail", ImportState.RUNNING, ImportState.FAILED, may=_is_office_of_job),
    Transition("fail", ImportState.QUEUED, ImportState.FAILED, may=_is_office_of_job),
)


@dataclass
class RowProblem:
    """Something wrong with a row (or the file, when `row` is None); blocking ones stop the import."""

    row: int | None
    field: str
    message: str
    blocking: bool = True

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message, "blocking": self.blocking}

    @property
    def field_label(self) -> str:
        return str(FIELD_LABELS.get(self.field, ""))


@dataclass
class RowCheck:
    """The outcome of checking one row: its cleaned values, problems and what the import would do."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    spheres: list[SphereOfPublicTasks] | None = None
    problems: list[RowProblem] = field(default_factory=list)
    representation: dict[str, Any] | None = None
    representation_as_of: date | None = None
    target: Organisation | None = None
    changes: list[str] = field(default_factory=list)
    list_in_directory: bool = False

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    BLOCKED = "blocked"

    @property
    def name(self) -> str:
        return str(self.values.get("name", ""))

    @property
    def blocking(self) -> bool:
        return any(problem.blocking for problem in self.problems)

    @property
    def action(self) -> str:
        if self.blocking:
            return self.BLOCKED
        if self.target is None:
            return self.CREATE
        return self.UPDATE if self.changes or self.list_in_directory else self.UNCHANGED

    @property
    def action_label(self) -> str:
        return {
            self.CREATE: _("will be added"),
            self.UPDATE: _("will update an existing organisation"),
            self.UNCHANGED: _("already in the directory, nothing to change"),
            self.BLOCKED: _("cannot be imported"),
        }[self.action]

    @property
    def change_labels(self) -> list[str]:
        labels = [str(FIELD_LABELS.get(change, change)) for change in self.changes]
        if self.list_in_directory:
            labels.append(_("listing in this directory"))
        return labels

    def problem(self, field_name: str, message: str, *, blocking: bool = True) -> None:
        self.problems.append(RowProblem(self.number, field_name, message, blocking))


@dataclass
class Report:
    """Every row of a file, checked; what a dry run shows and what the import writes."""

    rows: list[RowCheck]
    file_problems: list[RowProblem] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return any(p.blocking for p in self.file_problems) or any(row.blocking for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        actions = (RowCheck.CREATE, RowCheck.UPDATE, RowCheck.UNCHANGED, RowCheck.BLOCKED)
        return {action: self.count(action) for action in actions}

    @property
    def problems(self) -> list[RowProblem]:
        return [*self.file_problems, *(problem for row in self.rows for problem in row.problems)]

    def problems_json(self) -> list[dict[str, Any]]:
        return [problem.as_json() for problem in self.problems]


class ImportChanged(Exception):
    """The directory changed between the check and the writing of a row."""

    def __init__(self, number: int) -> None:
        self.number = number
        super().__init__(number)


# --- Upload, mapping, dry run -------------------------------------------------------------------


@transaction.atomic
def upload_import_file(*, tenant: Any, actor: Any, file: Any) -> ImportJob:
    """Store an uploaded KRS extract (JSON) or spreadsheet (CSV/XLSX) after reading it once.

    A file that cannot be imported at all (too large, not a KRS extract, unreadable encoding, too
    many rows) raises ValidationError on `file` and nothing is stored.
    """
    _require_office(actor, tenant)
    size = getattr(file, "size", None) or 0
    if size > MAX_BYTES:
        raise ValidationError({"file": _too_large_message(size)})
    file.seek(0)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": _too_large_message(len(data))})
    if not data.strip():
        raise ValidationError({"file": _("The file is empty.")})
    name = PurePath(str(getattr(file, "name", "") or "")).name[:255]
    encoding = delimiter = ""
    try:
        if looks_like_json(data, name):
            kind, extension, total = Source.KRS, ".json", len(parse_extracts(data))
        else:
            table = read_table(data)
            kind, total = Source.SPREADSHEET, len(table.rows)
            extension = ".xlsx" if is_xlsx(data) else ".csv"
            encoding, delimiter = table.encoding, table.delimiter
    except ImportFileError as error:
        raise ValidationError({"file": str(error)}) from error
    job = ImportJob(
        tenant=tenant,
        kind=kind,
        original_name=name,
        encoding=encoding,
        delimiter=delimiter,
        total_rows=total,
        created_by=actor,
    )
    # A random stored name: the upload may hold personal data and must not be guessable.
    job.file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(data), save=False)
    job.save()
    record_event(
        actor=actor,
        subject=job,
        action="importjob.upload",
        tenant=tenant,
        data={"file": name, "kind": kind, "rows": total, "encoding": encoding, "delimiter": delimiter},
    )
    return job


@transaction.atomic
def map_columns(*, job: ImportJob, actor: Any, mapping: dict[str, int]) -> ImportJob:
    """Save which column of the spreadsheet feeds which field (the name is required)."""
    _require_office(actor, job.tenant)
    if job.kind != Source.SPREADSHEET:
        raise ValidationError(_("A KRS extract needs no column mapping."))
    clean = {key: int(index) for key, index in mapping.items() if key in FIELD_KEYS and index is not None}
    if "name" not in clean:
        raise ValidationError({"name": _("Choose the column with the names of the organisations.")})
    ImportJob._base_manager.filter(pk=job.pk).update(mapping=clean)
    job = _transition(job, "map", actor, data={"mapping": clean})
    return job


@transaction.atomic
def dry_run(*, job: ImportJob, actor: Any) -> Report:
    """Check every row without writing any organisation; keep the problems on the job."""
    _require_office(actor, job.tenant)
    report = check_job(job)
    ImportJob._base_manager.filter(pk=job.pk).update(
        problems=report.problems_json(), total_rows=len(report.rows), processed_rows=len(report.rows)
    )
    _transition(job, "preview", actor, data={"rows": len(report.rows), **report.counts})
    job.refresh_from_db()
    return report


def start_import(*, job: ImportJob, actor: Any) -> ImportJob:
    """Import a checked file: small files at once, large ones queued for the task worker."""
    _require_office(actor, job.tenant)
    if job.total_rows > BACKGROUND_ROWS:
        return _queue(job=job, actor=actor)
    return execute_import(job=job, actor=actor)


@transaction.atomic
def _queue(*, job: ImportJob, actor: Any) -> ImportJob:
    job = _transition(job, "queue", actor)
    job_pk, actor_pk = job.pk, actor.pk
    transaction.on_commit(lambda: run_import.enqueue(job_pk=job_pk, actor_pk=actor_pk))
    return job


def execute_import(*, job: ImportJob, actor: Any) -> ImportJob:
    """Check every row again (committing progress), then write all of them in one transaction.

    Ends in DONE with the counts, or in FAILED with the problems and nothing written.
    """
    job = _transition(job, "start", actor)
    job_pk = job.pk

    def progress(count: int) -> None:
        ImportJob._base_manager.filter(pk=job_pk).update(processed_rows=count)

    try:
        report = check_job(job, on_progress=progress)
    except ImportFileError as error:
        return _fail(job, actor, [RowProblem(None, "", str(error))])
    if report.blocking:
        return _fail(job, actor, report.problems)
    try:
        with transaction.atomic():
            created, updated = _write_rows(job, actor, report)
            ImportJob._base_manager.filter(pk=job_pk).update(
                created_count=created,
                updated_count=updated,
                processed_rows=len(report.rows),
                problems=report.problems_json(),
            )
            job = _transition(
                job,
                "run",
                actor,
                data={
                    "rows": len(report.rows),
                    "created": created,
                    "updated": updated,
                    "unchanged": len(report.rows) - created - updated,
                },
            )
    except ImportChanged as changed:
        message = _(
            "The directory changed while this file was being imported (row %(row)s). Nothing has been "
            "imported; check the file again."
        ) % {"row": changed.number}
        return _fail(job, actor, [*report.problems, RowProblem(changed.number, "", message)])
    except (ValidationError, IntegrityError) as error:
        logger.warning("Import %s failed while writing: %s", job_pk, error)
        message = _("An organisation could not be saved (%(error)s). Nothing has been imported.") % {
            "error": "; ".join(getattr(error, "messages", [str(error)]))
        }
        return _fail(job, actor, [*report.problems, RowProblem(None, "", message)])
    except Exception:  # an unexpected error must not leave the import "running" for ever
        logger.exception("Import %s failed while writing", job_pk)
        message = _(
            "The import stopped because of an error in the platform. Nothing has been imported. Try again "
            "later or tell the platform administrator."
        )
        return _fail(job, actor, [*report.problems, RowProblem(None, "", message)])
    job.refresh_from_db()
    return job


def fail_import(*, job: ImportJob, actor: Any, message: str) -> ImportJob:
    """Mark a queued or running import as failed (e.g. after an unexpected error in the worker)."""
    return _fail(job, actor, [RowProblem(None, "", message)])


@transaction.atomic
def _fail(job: ImportJob, actor: Any, problems: Sequence[RowProblem]) -> ImportJob:
    ImportJob._base_manager.filter(pk=job.pk).update(
        problems=[problem.as_json() for problem in problems], created_count=0, updated_count=0
    )
    job = _transition(job, "fail", actor, data={"problems": sum(1 for p in problems if p.blocking)})
    job.refresh_from_db()
    return job


def _transition(job: ImportJob, action: str, actor: Any, data: dict[str, Any] | None = None) -> ImportJob:
    with scope(tenant=job.tenant):
        return apply_transition(job, action, actor=actor, transitions=IMPORT_TRANSITIONS, data=data)


def _require_office(actor: Any, tenant: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm("tenants.view_office", tenant):
        raise PermissionDenied(_("Only officials of this local government can do this."))


def _too_large_message(size: int) -> str:
    return _("The file is too large (%(size)s MB): the limit is %(limit)s MB. Split it into smaller files.") % {
        "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
        "limit": MAX_BYTES // (1024 * 1024),
    }


# --- Reading and checking rows ------------------------------------------------------------------


def read_file(job: ImportJob) -> bytes:
    try:
        with job.file.open("rb") as handle:
            return bytes(handle.read())
    except OSError as error:
        raise ImportFileError(_("The uploaded file can no longer be read. Upload it again.")) from error


def read_job_table(job: ImportJob, *, limit: int | None = None) -> Table:
    """The spreadsheet of a job as stored (its encoding and separator as detected at upload)."""
    return read_table(read_file(job), encoding=job.encoding, delimiter=job.delimiter, limit=limit)


def read_rows(job: ImportJob) -> list[SourceRow]:
    """The rows of the job's file, with the job's column mapping for a spreadsheet."""
    if job.kind == Source.KRS:
        return parse_extracts(read_file(job))
    mapping = {key: int(index) for key, index in (job.mapping or {}).items() if key in FIELD_KEYS}
    return apply_mapping(read_job_table(job), mapping)


def check_job(job: ImportJob, *, on_progress: Callable[[int], None] | None = None) -> Report:
    """Check every row of the job's file against the rules and the directory; writes nothing."""
    return check_rows(read_rows(job), tenant=job.tenant, strict=job.kind != Source.KRS, on_progress=on_progress)


def check_rows(
    rows: Sequence[SourceRow], *, tenant: Any, strict: bool = True, on_progress: Callable[[int], None] | None = None
) -> Report:
    """Clean each row, find duplicates inside the file, then match rows to existing organisations.

    `strict` (spreadsheets) makes every problem blocking; a KRS extract (not strict) drops contact
    data it cannot keep with a note, but identity problems still block.
    """
    cleaner = _RowCleaner(strict=strict)
    checks = []
    for index, row in enumerate(rows, start=1):
        checks.append(cleaner.clean(row))
        if on_progress is not None and index % PROGRESS_EVERY == 0:
            on_progress(index)
    _mark_duplicates_in_file(checks)
    _Matcher(tenant, checks).match_all()
    if on_progress is not None:
        on_progress(len(checks))
    return Report(rows=checks)


class _RowCleaner:
    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        self.forms = _legal_form_index()
        self.spheres = {sphere.code.lower(): sphere for sphere in spheres_in_force()}

    def clean(self, row: SourceRow) -> RowCheck:
        check = RowCheck(
            number=row.number,
            representation=row.representation,
            representation_as_of=date.fromisoformat(row.as_of) if row.as_of else None,
        )
        for note in row.notes:
            check.problem("", note, blocking=False)
        raw = {
            key: " ".join(str(value).split()) if key != "description" else str(value).strip()
            for key, value in row.values.items()
        }
        name = raw.get("name", "")
        if not name:
            check.problem("name", _("The name is missing."))
        elif len(name) > 300:
            check.problem("name", _("The name is too long (at most 300 characters)."))
        else:
            check.values["name"] = name
        for key in IDENTIFIERS:
            self._identifier(check, key, raw.get(key, ""))
        for key, value in raw.items():
            if value and key not in ("name", *IDENTIFIERS):
                getattr(self, f"_{key}")(check, value)
        if check.values.get("opp") is False:
            check.values["opp_since"] = None  # no status, no date of it
        return check

    def _drop(self, check: RowCheck, key: str, message: str) -> None:
        """A value that cannot be kept: blocks a spreadsheet row; a KRS row imports without it."""
        if self.strict or key not in KRS_LENIENT_FIELDS:
            check.problem(key, message)
        else:
            check.problem(
                key, _("%(problem)s It is imported without this value.") % {"problem": message}, blocking=False
            )

    def _identifier(self, check: RowCheck, key: str, value: str) -> None:
        if key == "regon":
            value = normalise_regon(value)
        cleaner = {"krs": clean_krs, "nip": clean_nip, "regon": clean_regon}[key]
        try:
            cleaned = cleaner(value)
        except ValidationError as error:
            check.problem(key, f"{' '.join(error.messages)} ({value})")
            return
        if cleaned:
            check.values[key] = cleaned

    def _legal_form(self, check: RowCheck, value: str) -> None:
        form = self.forms.get(fold(value))
        if form is None:
            self._drop(check, "legal_form", _("Unknown legal form “%(value)s”.") % {"value": value})
        else:
            check.values["legal_form"] = form

    def _register_number(self, check: RowCheck, value: str) -> None:
        self._text(check, "register_number", value, 50)

    def _email(self, check: RowCheck, value: str) -> None:
        if value == value.upper():  # the register writes everything in capitals
            value = value.lower()
        local, at, domain = value.rpartition("@")
        email = f"{local}{at}{domain.lower()}" if at else value
        try:
            validate_email(email)
        except ValidationError:
            self._drop(check, "email", _("“%(value)s” is not a valid e-mail address.") % {"value": value})
            return
        self._text(check, "email", email, 254)

    def _phone(self, check: RowCheck, value: str) -> None:
        self._text(check, "phone", value, 50)

    def _website(self, check: RowCheck, value: str) -> None:
        url = value if "://" in value else f"https://{value}"
        try:
            parts = urlsplit(url)
            url = urlunsplit(parts._replace(netloc=parts.netloc.lower(), scheme=parts.scheme.lower()))
            URLValidator(schemes=["http", "https"])(url)
        except (ValueError, ValidationError):
            self._drop(check, "website", _("“%(value)s” is not a valid website address.") % {"value": value})
            return
        self._text(check, "website", url, 200)

    def _street(self, check: RowCheck, value: str) -> None:
        self._text(check, "street", value, 200)

    def _postal_code(self, check: RowCheck, value: str) -> None:
        match = _POSTAL_CODE.match(value)
        if match is None:
            self._drop(check, "postal_code", _("“%(value)s” is not a postal code like 60-101.") % {"value": value})
        else:
            check.values["postal_code"] = f"{match.group(1)}-{match.group(2)}"

    def _city(self, check: RowCheck, value: str) -> None:
        self._text(check, "city", value, 100)

    def _description(self, check: RowCheck, value: str) -> None:
        self._text(check, "description", value, MAX_DESCRIPTION)

    def _opp(self, check: RowCheck, value: str) -> None:
        folded = fold(value) or value.strip()
        if folded in OPP_YES:
            check.values["opp"] = True
        elif folded in OPP_NO:
            check.values["opp"] = False
        else:
            check.problem(
                "opp",
                _("Write “tak” or “nie” (or 1 / 0), not “%(value)s”.") % {"value": value},
            )

    def _opp_since(self, check: RowCheck, value: str) -> None:
        """The day the status was entered in the KRS (ISO, as `krs.parse_extract` gives it)."""
        check.values["opp_since"] = date.fromisoformat(value)

    def _spheres(self, check: RowCheck, value: str) -> None:
        found, unknown = [], []
        for code in _SPHERE_SEPARATORS.split(value.lower()):
            code = code.strip().rstrip(".").removeprefix("pkt").strip()
            if not code:
                continue
            sphere = self.spheres.get(code)
            if sphere is None:
                unknown.append(code)
            elif sphere not in found:
                found.append(sphere)
        if unknown:
            check.problem(
                "spheres",
                _("Unknown sphere of public tasks: %(codes)s. Use the point numbers of art. 4 ust. 1, e.g. “17; 32”.")
                % {"codes": ", ".join(unknown)},
            )
        elif found:
            check.spheres = found

    def _text(self, check: RowCheck, key: str, value: str, limit: int) -> None:
        if len(value) > limit:
            self._drop(check, key, _("Too long: at most %(limit)s characters.") % {"limit": limit})
        else:
            check.values[key] = value


def _legal_form_index() -> dict[str, LegalForm]:
    """Folded names, slugs and the KRS wording of legal forms -> LegalForm."""
    forms = list(legal_forms())
    by_slug = {form.slug: form for form in forms}
    index: dict[str, LegalForm] = {}
    for aliases in (KRS_LEGAL_FORMS, SPREADSHEET_LEGAL_FORMS):
        for alias, slug in aliases.items():
            if slug in by_slug:
                index[alias] = by_slug[slug]
    for form in forms:
        index[fold(form.slug)] = form
        index[fold(form.name)] = form
    return index


def _mark_duplicates_in_file(checks: Sequence[RowCheck]) -> None:
    """A number seen in an earlier row blocks the later row; so does, for a row without KRS, NIP and
    REGON, a name or register number that another row of the file has (it would update that one)."""
    seen: dict[tuple[str, str], int] = {}
    for check in checks:
        for key in IDENTIFIERS:
            value = check.values.get(key)
            if not value:
                continue
            first = seen.setdefault((key, value), check.number)
            if first != check.number:
                check.problem(
                    key,
                    _("The same %(field)s as in row %(row)s: each organisation may appear once.")
                    % {"field": FIELD_LABELS[key], "row": first},
                )
    names: dict[str, list[int]] = {}
    registers: dict[str, list[int]] = {}
    for check in checks:
        if check.name:
            names.setdefault(fold(check.name)[:300], []).append(check.number)
        if check.values.get("register_number"):
            registers.setdefault(check.values["register_number"], []).append(check.number)
    for check in checks:
        if not check.name or any(check.values.get(key) for key in IDENTIFIERS):
            continue
        others = [n for n in names[fold(check.name)[:300]] if n != check.number]
        if others:
            check.problem(
                "name",
                _("The same name as in row %(row)s, and this row has no KRS, NIP or REGON to tell them apart.")
                % {"row": others[0]},
            )
        others = [n for n in registers.get(check.values.get("register_number", ""), []) if n != check.number]
        if others:
            check.problem(
                "register_number",
                _(
                    "The same register number as in row %(row)s, and this row has no "
                    "KRS, NIP or REGON to tell them apart."
                )
                % {"row": others[0]},
            )


class _Matcher:
    """Finds, in a few queries for the whole file, the organisation each row would update."""

    def __init__(self, tenant: Any, checks: Sequence[RowCheck]) -> None:
        self.tenant, self.checks = tenant, checks
        self.by_identifier: dict[str, dict[str, Organisation]] = {}
        for key in IDENTIFIERS:
            values = {check.values[key] for check in checks if check.values.get(key)}
            self.by_identifier[key] = {getattr(o, key): o for o in _in_chunks(_candidates(), key, values)}
        names = {fold(check.name)[:300] for check in checks if check.name}
        numbers = {check.values["register_number"] for check in checks if check.values.get("register_number")}
        listed = _candidates().filter(areas__tenant=tenant).exclude(state=OrganisationState.MERGED)
        self.by_name: dict[str, list[Organisation]] = {}
        for organisation in _in_chunks(listed, "sort_name", names):
            self.by_name.setdefault(organisation.sort_name, []).append(organisation)
        self.by_register: dict[str, list[Organisation]] = {}
        for organisation in _in_chunks(listed, "register_number", numbers):
            self.by_register.setdefault(organisation.register_number, []).append(organisation)
        found = {o.pk for group in self.by_identifier.values() for o in group.values()}
        found |= {o.pk for group in (*self.by_name.values(), *self.by_register.values()) for o in group}
        self.listed = set(
            _in_chunks(
                OrganisationArea._base_manager.filter(tenant_id=tenant.pk),
                "organisation_id",
                found,
                flat="organisation_id",
            )
        )

    def match_all(self) -> None:
        for check in self.checks:
            if check.name:
                self.match(check)

    def match(self, check: RowCheck) -> None:
        numbers = {key: check.values[key] for key in IDENTIFIERS if check.values.get(key)}
        if numbers:
            found = [(key, self.by_identifier[key].get(value)) for key, value in numbers.items()]
            matches = [(key, organisation) for key, organisation in found if organisation is not None]
            if len({organisation.pk for _key, organisation in matches}) > 1:
                check.problem(
                    "",
                    _(
                        "Its numbers belong to different organisations in the directory: %(list)s. "
                        "Correct the file or merge those profiles first."
                    )
                    % {"list": "; ".join(f"{FIELD_LABELS[key]} \u2192 {o.name}" for key, o in matches)},
                )
                return
            if matches:
                self._set_target(check, matches[0][1], matched_by=matches[0][0])
                return
            same_name = self.by_name.get(fold(check.name)[:300], [])
            if same_name:
                check.problem(
                    "name",
                    _(
                        "An organisation with the same name (and other numbers, or none) is already "
                        "in the directory: check that it is not the same one."
                    ),
                    blocking=False,
                )
            return
        by_register = self.by_register.get(check.values.get("register_number", ""), [])
        candidates = by_register or self.by_name.get(fold(check.name)[:300], [])
        if len(candidates) > 1:
            check.problem(
                "name",
                _(
                    "Several organisations in the directory have this name or register number. "
                    "Add the KRS, NIP or REGON to this row."
                ),
            )
        elif candidates:
            self._set_target(check, candidates[0], matched_by="")

    def _set_target(self, check: RowCheck, organisation: Organisation, *, matched_by: str) -> None:
        for key in IDENTIFIERS:
            ours, theirs = check.values.get(key), getattr(organisation, key)
            if ours and theirs and ours != theirs:
                check.problem(
                    key,
                    _(
                        "The organisation found by %(by)s (%(name)s) has a different %(field)s: "
                        "%(theirs)s. Correct the file or that profile first."
                    )
                    % {
                        "by": FIELD_LABELS.get(matched_by, _("name")),
                        "name": organisation.name,
                        "field": FIELD_LABELS[key],
                        "theirs": theirs,
                    },
                )
        check.target = organisation
        check.changes = _changes(organisation, check)
        check.list_in_directory = organisation.pk not in self.listed


def _candidates() -> QuerySet[Organisation]:
    return Organisation.objects.exclude(state=OrganisationState.MERGED).prefetch_related("spheres")


def _in_chunks(queryset: QuerySet[Any], field_name: str, values: Iterable[Any], *, flat: str = "") -> list[Any]:
    """Rows whose `field_name` is one of `values`, queried 500 values at a time (SQLite's limits)."""
    items: list[Any] = sorted(values)
    found: list[Any] = []
    for start in range(0, len(items), 500):
        chunk = queryset.filter(**{f"{field_name}__in": items[start : start + 500]})
        found.extend(chunk.values_list(flat, flat=True) if flat else chunk)
    return found


def _changes(organisation: Organisation, check: RowCheck) -> list[str]:
    changed = []
    for key, value in check.values.items():
        current = organisation.legal_form_id if key == "legal_form" else getattr(organisation, key)
        new = value.pk if key == "legal_form" else value
        if current != new:
            changed.append(key)
    if check.spheres is not None:
        current_spheres = {sphere.pk for sphere in organisation.spheres.all()}
        if current_spheres != {sphere.pk for sphere in check.spheres}:
            changed.append("spheres")
    return changed


# --- Writing ------------------------------------------------------------------------------------


def _write_rows(job: ImportJob, actor: Any, report: Report) -> tuple[int, int]:
    """Create or update every row (inside the caller's transaction); returns (created, updated)."""
    tenant, source, now = job.tenant, job.kind, timezone.now()
    created = updated = 0
    for check in report.rows:
        target = _find_target(check, tenant)
        if (target.pk if target else None) != (check.target.pk if check.target else None):
            raise ImportChanged(check.number)
        extra: dict[str, Any] = {"import": job.pk, "row": check.number}
        if check.representation:
            extra["representation"] = check.representation
        if target is None:
            target = _create(check, tenant=tenant, actor=actor, source=source, now=now, extra=extra)
            created += 1
        elif _update(check, target, tenant=tenant, actor=actor, extra=extra):
            updated += 1
        if check.representation:
            # Kept as the register shows it: names and functions of the representing body (no PESEL),
            # as of the day the extract shows (the day of the import when the extract does not say).
            Organisation.objects.filter(pk=target.pk).update(
                representation=check.representation, representation_as_of=check.representation_as_of or now.date()
            )
    return created, updated


def _find_target(check: RowCheck, tenant: Any) -> Organisation | None:
    """The organisation a row updates, looked up again inside the writing transaction."""
    numbers = {key: check.values[key] for key in IDENTIFIERS if check.values.get(key)}
    if numbers:
        return find_duplicate(**numbers)
    listed = Organisation.objects.filter(areas__tenant=tenant).exclude(state=OrganisationState.MERGED)
    if check.values.get("register_number"):
        found = list(listed.filter(register_number=check.values["register_number"])[:2])
        if found:
            return found[0] if len(found) == 1 else None
    found = list(listed.filter(sort_name=fold(check.name)[:300])[:2])
    return found[0] if len(found) == 1 else None


# Numbers were checked against the directory in this transaction; the database constraints catch a race.
_CLEAN_EXCLUDE = ["search_text", "sort_name"]


def _full_clean(organisation: Organisation) -> None:
    """Field validation only: uniqueness is the upsert's own business (matched by KRS, NIP, REGON)."""
    organisation.full_clean(exclude=_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)


def _create(check: RowCheck, *, tenant: Any, actor: Any, source: str, now: Any, extra: dict[str, Any]) -> Organisation:
    organisation = Organisation(source=source, verified_at=now, **check.values)
    refresh_search_fields(organisation)
    _full_clean(organisation)
    organisation.save()
    if check.spheres:
        organisation.spheres.set(check.spheres)
    with scopes_disabled():  # a new organisation is not listed anywhere yet
        OrganisationArea.objects.create(tenant=tenant, organisation=organisation, basis=AreaBasis.OFFICE)
    record_event(
        actor=actor,
        subject=organisation,
        action="organisation.import_create",
        tenant=tenant,
        data={**_plain(check), **extra},
    )
    return organisation


def _update(check: RowCheck, target: Organisation, *, tenant: Any, actor: Any, extra: dict[str, Any]) -> bool:
    """Overwrite the fields the row has a value for; True if anything changed (or it got listed)."""
    organisation = Organisation.objects.select_for_update().get(pk=target.pk)
    keys = list(check.values)
    before = _plain_values({key: getattr(organisation, key) for key in keys})
    for key, value in check.values.items():
        setattr(organisation, key, value)
    after = _plain_values({key: getattr(organisation, key) for key in keys})
    changes = field_diff(before, after)
    if check.spheres is not None:
        old = sorted(organisation.spheres.values_list("code", flat=True))
        new = sorted(sphere.code for sphere in check.spheres)
        if old != new:
            organisation.spheres.set(check.spheres)
            changes["spheres"] = {"from": old, "to": new}
    if changes:
        refresh_search_fields(organisation)
        _full_clean(organisation)
        organisation.save()
    with scopes_disabled():
        _area, listed = OrganisationArea.objects.get_or_create(
            tenant=tenant, organisation=organisation, defaults={"basis": AreaBasis.OFFICE}
        )
    if not changes and not listed:
        return False
    record_event(
        actor=actor,
        subject=organisation,
        action="organisation.import_update",
        tenant=tenant,
        data={"changes": changes, "listed": listed, **extra},
    )
    return True


def _plain(check: RowCheck) -> dict[str, Any]:
    data = _plain_values(check.values)
    if check.spheres:
        data["spheres"] = [sphere.code for sphere in check.spheres]
    return data


def _plain_values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.pk if hasattr(value, "pk") else value.isoformat() if isinstance(value, date) else value
        for key, value in values.items()
    }
