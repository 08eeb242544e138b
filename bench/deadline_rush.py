"""Benchmark: the last minutes before a call's deadline, under gunicorn against PostgreSQL, with the task worker.

Starts the application under gunicorn (DEBUG off, the django-tasks database backend as in
production) and `manage.py db_worker` at the idle CPU priority, seeds one published call and N
organisations, each with a complete offer that is not yet submitted, then plays the rush over
loopback as an open loop: a new NGO user arrives every 1 / --rate seconds whatever the server does,
autosaves section VI (htmx, each save a unique text) --autosaves times --step seconds apart and
submits. An offer's requests are sequential, as a browser's are; latency is measured from the time
a request was due, so waiting for a connection or a server counts. Some users double-click "submit"
(two concurrent submissions of one offer) and some have the section open in two tabs (two
concurrent saves with the same version: one must win, the other must get the conflict message).

The worker renders and e-mails every confirmation (PDF attached) while the rush goes on; what is
still queued when the last offer is submitted (the backlog) and the time the worker takes to drain
it are printed. Afterwards the database and the mailbox are checked: every acknowledged submission
froze exactly one version, got one confirmation task run once and one e-mail with its PDF; no offer
has two; every acknowledged autosave is what the database and the frozen version hold.

Baseline in the same run, interleaved: after every few seconds of rush the load pauses and GET
/healthz (the same middleware stack and one `SELECT 1`) is driven by --clients closed-loop clients
for a second; CPU per request is printed for both.

    .venv/bin/python bench/deadline_rush.py [--quick] [--rate R] [--autosaves K] [--step S]
        [--duration D] [--senders N] [--workers W] [--threads T] [--fresh] [--profile]

Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pozytek_bench_rush);
the database is dropped and recreated each run from a migrated template database
(`<name>_template`, rebuilt when any migration file changed, or with --fresh). Collected static files
are cached in var/bench/static (DEBUG off needs whitenoise's manifest).
Targets (issue 16): >= 200 autosaves/s and >= 50 submissions/s together at p95 < 250 ms on 2 cores,
no errors, nothing lost or duplicated. Last line:
RESULT deadline_rush autosave_rps= submit_rps= p95_ms= errors= lost= duplicates= backlog_drain_s=
    cpu_ms_per_request= baseline_rps= …
"""

import argparse
import contextlib
import datetime as dt
import heapq
import http.client
import logging
import os
import queue
import random
import re
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlencode

from _common import (
    SECRET_KEY,
    database_from_template,
    gunicorn,
    migrations_fingerprint,
    prepare_static,
    stop_process_group,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TENANT_SLUG = "pospiech"
CSRF_CHARS = string.ascii_letters + string.digits
VERSION_RE = re.compile(rb'name="section-version" value="(\d+)"')
SUCCESS_MARK = b"message--success"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
CLK_TCK = os.sysconf("SC_CLK_TCK")
CORES = len(os.sched_getaffinity(0))
T = TypeVar("T")


# --- Environment, database, static files -------------------------------------------------------


def server_env(database_url: str, var_dir: str) -> dict[str, str]:
    """The environment of gunicorn, and of this process for seeding and checking."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "POZYTEK_SECURE": "0",
        "POZYTEK_VAR_DIR": var_dir,
        "POZYTEK_STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
        # As in production: the request only queues the confirmation; `db_worker` renders and sends it.
        "POZYTEK_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": "dummy://",
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def prepare_database(database_url: str, fresh: bool) -> str:
    """Recreate the benchmark database from the migrated template, rebuilt when a migration changed."""
    import django  # noqa: PLC0415 -- after the environment is set

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    return database_from_template(
        database_url, migrations_fingerprint(), fresh, lambda: call_command("migrate", verbosity=0)
    )


# --- Seeding ---------------------------------------------------------------------------------------


@dataclass
class Draft:
    """One NGO user's offer as the load generator sees it."""

    offer: int
    cookie: str
    csrf: str
    version: int  # section VI's version as last acknowledged by the server
    sent: list[str] = field(default_factory=list)  # values of acknowledged autosaves, in order
    submitted: bool = False


def _nip(n: int) -> str:
    for step in range(10):
        base = f"{700_000_000 + n * 10 + step:09d}"
        check = sum(w * int(d) for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), base, strict=True)) % 11
        if check < 10:
            return base + str(check)
    raise ValueError(n)


def _regon(n: int) -> str:
    base = f"{30_000_000 + n:08d}"
    return base + str(sum(w * int(d) for w, d in zip((8, 9, 2, 3, 4, 5, 6, 7), base, strict=True)) % 11 % 10)


def write_offer(call: object, organisation: object, user: object) -> object:
    """A complete offer written section by section through the services, as an NGO writes it."""
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    from pozytek.offers import services  # noqa: PLC0415
    from pozytek.offers.models import Offer  # noqa: PLC0415

    def save(offer: Offer, section: str, **kwargs: object) -> Offer:
        version = services.section_version(offer, section)
        return services.save_section(offer=offer, section=section, actor=user, version=version, **kwargs)

    offer = services.start_offer(call=call, organisation=organisation, actor=user)
    lead = offer.offerors.get(order=0)
    offeror = {"id": lead.pk, **{f: getattr(lead, f) for f in services.OFFEROR_FIELDS}}
    offer = save(offer, "offerors", data={"contact_name": "Anna Nowak", "contact_phone": "600 100 200"}, rows=[offeror])
    offer = save(
        offer,
        "task",
        data={
            "title": "Sportowe wakacje",
            "start_date": call.delivery_start,
            "end_date": call.delivery_end,
            "summary": "Zajęcia sportowe dla 60 dzieci z osiedla.",
            "expected_results": "60 dzieci regularnie ćwiczy.",
        },
    )
    offer = save(
        offer,
        "actions",
        rows=[
            {"year": call.delivery_start.year, "name": "Zajęcia sportowe", "description": "Treningi", "period": "rok"}
        ],
    )
    action = offer.actions.get()
    line = {"unit": "godz.", "category": "action", "action": action.pk}
    offer = save(
        offer,
        "costs",
        rows=[
            {**line, "name": "Wynagrodzenie trenera", "unit_cost": Decimal(80), "quantity": Decimal(100)},
            {**line, "name": "Wynajem sali", "unit_cost": Decimal(100), "quantity": Decimal(20)},
            {"category": "admin", "name": "Koordynacja", "unit": "usługa", "unit_cost": Decimal(500), "quantity": 1},
        ],
    )
    offer = save(offer, "characteristics", data={"previous_activity": "Od 2010 r.", "resources": "Dwóch trenerów."})
    offer = save(
        offer,
        "sources",
        data={"requested_grant": Decimal(9000), "own_financial": Decimal(1000), "own_personal": Decimal(500)},
    )
    offer = save(offer, "other", data={"paid_activity": "free", "other_info": ""})
    offer = save(
        offer,
        "statements",
        data={
            "statement_public_benefit": True,
            "statement_fees": True,
            "tax_arrears": False,
            "social_insurance_arrears": False,
            "statement_register": True,
            "statement_true": True,
            "statement_gdpr": True,
        },
    )
    for label in call.attachment_list:
        upload = SimpleUploadedFile("statut.pdf", PDF_BYTES, content_type="application/pdf")
        services.add_attachment(offer=offer, label=label, upload=upload, actor=user)
    return Offer.objects.get(pk=offer.pk)


def seed(count: int) -> tuple[object, list[Draft], float]:
    """One call and `count` organisations, each with one owner, a session and a complete draft.

    The first offer is written through the services (start, every section, attachment); the
    others are row-for-row copies of it made with bulk inserts, because writing thousands of
    offers through the services would take longer than the benchmark itself. Returns the call,
    the drafts and the seconds one offer took through the services.
    """
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: PLC0415
    from django.contrib.auth.hashers import make_password  # noqa: PLC0415
    from django.contrib.sessions.backends.db import SessionStore  # noqa: PLC0415
    from django.contrib.sessions.models import Session  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415
    from django.utils.crypto import get_random_string  # noqa: PLC0415
    from django_scopes import scopes_disabled  # noqa: PLC0415

    from pozytek.accounts.models import User  # noqa: PLC0415
    from pozytek.competitions.models import Call  # noqa: PLC0415
    from pozytek.legal.models import LegalForm, SphereOfPublicTasks  # noqa: PLC0415
    from pozytek.offers import completeness  # noqa: PLC0415
    from pozytek.offers.models import Action, Attachment, CostLine, Offer, Offeror  # noqa: PLC0415
    from pozytek.organisations.models import Organisation, OrganisationArea, OrganisationMember  # noqa: PLC0415
    from pozytek.organisations.services import learn_search_terms, refresh_search_fields  # noqa: PLC0415
    from pozytek.tenants.models import Tenant  # noqa: PLC0415

    with scopes_disabled():
        tenant = Tenant.objects.create(
            name="Gmina Pośpiech",
            slug=TENANT_SLUG,
            kind="gmina",
            teryt="9999998",
            state="published",
            office_name="Urząd Gminy Pośpiech",
            address="ul. Rynek 1, 00-001 Pośpiech",
            email="urzad@pospiech.example",
        )
        year = timezone.localdate().year + 1
        call = Call.objects.create(
            tenant=tenant,
            number="1/2099",
            title="Wspieranie kultury fizycznej",
            task_type="Organizacja zajęć sportowych dla dzieci i młodzieży.",
            mode="support",
            total_funds=Decimal(10_000_000),
            award_rules="Dotacje przyznaje Wójt po opinii komisji konkursowej.",
            delivery_start=dt.date(year, 1, 1),
            delivery_end=dt.date(year, 12, 31),
            delivery_conditions="Zadanie realizuje się na terenie gminy.",
            offer_deadline=timezone.now() + dt.timedelta(hours=6),  # the last minutes, but never during the run
            procedure="Oferty ocenia komisja konkursowa.",
            choice_deadline=dt.date(year - 1, 12, 20),
            previous_tasks="Brak.",
            min_grant=Decimal(1000),
            max_grant=Decimal(20000),
            min_own_total=Decimal(10),
            required_attachments="Statut",
            eligible_entities=["ngo", "art_3_3"],
            state="published",
            published_at=timezone.now(),
        )
        call.spheres.set([SphereOfPublicTasks.objects.order_by("order", "code").first()])
        form = LegalForm.objects.get(slug="fundacja")
        organisations = []
        for n in range(count):
            organisation = Organisation(
                name=f"Fundacja Ostatniej Chwili {n}",
                legal_form=form,
                krs=f"{900_000 + n:010d}",
                nip=_nip(n),
                regon=_regon(n),
                city="Pośpiech",
                street=f"ul. Długa {n % 200 + 1}",
                postal_code="00-001",
                email=f"biuro{n}@fundacja.example",
                source="office",
                state="active",
            )
            refresh_search_fields(organisation, learn=False)
            organisations.append(organisation)
        organisations = Organisation.objects.bulk_create(organisations, batch_size=1000)
        learn_search_terms(organisations)  # the vocabulary and its first names, as a bulk import must
        OrganisationArea.objects.bulk_create(
            [OrganisationArea(tenant=tenant, organisation=o, basis="office") for o in organisations], batch_size=1000
        )
        users = User.objects.bulk_create(
            [
                User(email=f"osoba{n}@fundacja.example", full_name=f"Osoba {n}", password=make_password(None))
                for n in range(count)
            ],
            batch_size=1000,
        )
        OrganisationMember.objects.bulk_create(
            [
                OrganisationMember(organisation=o, user=u, role="owner")
                for o, u in zip(organisations, users, strict=True)
            ],
            batch_size=1000,
        )

        start = time.perf_counter()
        template = write_offer(call, organisations[0], users[0])
        services_seconds = time.perf_counter() - start
        problems = completeness.problems(template)
        if problems:  # a new completeness rule: teach write_offer to satisfy it
            raise RuntimeError(f"the seeded offer is not complete: {[p.message for p in problems]}")
        skip = {"id", "organisation_id", "created_by_id", "created_at", "updated_at", "contact_email"}
        copied = [f.attname for f in Offer._meta.concrete_fields if f.attname not in skip]
        copies = Offer.objects.bulk_create(
            [
                Offer(
                    **{name: getattr(template, name) for name in copied},
                    organisation=o,
                    created_by=u,
                    contact_email=u.email,
                )
                for o, u in zip(organisations[1:], users[1:], strict=True)
            ],
            batch_size=500,
        )
        offers = [template, *copies]
        lead = template.offerors.get()
        Offeror.objects.bulk_create(
            [
                Offeror(
                    offer=offer,
                    organisation=o,
                    order=0,
                    name=o.name,
                    legal_form=lead.legal_form,
                    register_number=f"KRS {o.krs}",
                    address=f"{o.street}, {o.postal_code} {o.city}",
                    email=o.email,
                )
                for offer, o in zip(offers[1:], organisations[1:], strict=True)
            ],
            batch_size=1000,
        )
        action = template.actions.get()
        action_fields = ("year", "order", "name", "description", "target_group", "period", "external_part")
        actions = Action.objects.bulk_create(
            [Action(offer=offer, **{f: getattr(action, f) for f in action_fields}) for offer in offers[1:]],
            batch_size=1000,
        )
        line_fields = ("category", "order", "name", "unit", "unit_cost", "quantity", "year1", "year2", "year3")
        CostLine.objects.bulk_create(
            [
                CostLine(
                    offer=offer, action=copy if line.action_id else None, **{f: getattr(line, f) for f in line_fields}
                )
                for offer, copy in zip(offers[1:], actions, strict=True)
                for line in template.cost_lines.all()
            ],
            batch_size=1000,
        )
        attachment_fields = ("label", "file", "original_name", "content_type", "size", "sha256")
        Attachment.objects.bulk_create(
            [
                Attachment(tenant=tenant, offer=offer, uploaded_by=u, **{f: getattr(a, f) for f in attachment_fields})
                for offer, u in zip(offers[1:], users[1:], strict=True)
                for a in template.attachments.all()
            ],
            batch_size=1000,
        )

        store = SessionStore()
        expire = timezone.now() + dt.timedelta(days=1)
        keys = [get_random_string(32, CSRF_CHARS.lower()) for _ in users]
        Session.objects.bulk_create(
            [
                Session(
                    session_key=key,
                    session_data=store.encode(
                        {
                            SESSION_KEY: str(u.pk),
                            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                            HASH_SESSION_KEY: u.get_session_auth_hash(),
                        }
                    ),
                    expire_date=expire,
                )
                for key, u in zip(keys, users, strict=True)
            ],
            batch_size=1000,
        )
        version = template.section_versions["other"]["v"]
        drafts = []
        for offer, key in zip(offers, keys, strict=True):
            csrf = get_random_string(32, CSRF_CHARS)
            drafts.append(Draft(offer.pk, f"sessionid={key}; csrftoken={csrf}", csrf, version))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return call, drafts, services_seconds


# --- gunicorn ----------------------------------------------------------------------------------------


SOCKET_DIR = "/var/run/postgresql"


def worker_database_url(database_url: str) -> str:
    """The same database over the Unix socket when there is one, so that the worker's backend is told apart."""
    if not Path(SOCKET_DIR, ".s.PGSQL.5432").exists() or "@127.0.0.1" not in database_url:
        return database_url
    user, rest = database_url.split("@", 1)
    return f"{user}@%2Fvar%2Frun%2Fpostgresql/{rest.rsplit('/', 1)[1]}"


@contextlib.contextmanager
def task_worker(env: dict[str, str], mail_dir: Path, log: Path) -> Iterator[int]:
    """`manage.py db_worker` at the idle scheduling priority, as deploy/ runs it: the web servers answer
    first and the worker uses what CPU they leave; confirmations queue up and drain after the peak."""
    mail_dir.mkdir(parents=True, exist_ok=True)
    # SCHED_IDLE (systemd: CPUSchedulingPolicy=idle): the worker runs only on CPU time nobody else wants.
    command = [
        "chrt",
        "--idle",
        "0",
        str(ROOT / ".venv" / "bin" / "python"),
        "manage.py",
        "db_worker",
        "--interval=0.2",
        "--no-startup-delay",
        "--no-reload",
    ]
    worker_env = {
        **os.environ,
        **env,
        "DATABASE_URL": worker_database_url(env["DATABASE_URL"]),
        "EMAIL_URL": f"file://{mail_dir}",
    }
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 -- fixed command line, our own manage.py
            command, cwd=ROOT, env=worker_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        time.sleep(0.5)
        if process.poll() is not None:
            raise RuntimeError(f"db_worker exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        if os.sched_getscheduler(process.pid) != os.SCHED_IDLE:
            raise RuntimeError("the task worker is not at the idle scheduling priority")
        # With the kernel's autogroups (one per session: the worker has its own), the scheduler shares the
        # CPU between groups first and SCHED_IDLE counts only inside the group: the worker's group is given
        # the lowest weight too (systemd: CPUWeight=1 on the worker's cgroup, deploy/).
        autogroup = Path(f"/proc/{process.pid}/autogroup")
        if autogroup.exists():
            autogroup.write_text("19")
        yield process.pid
    finally:
        stop_process_group(process)


def confirmation_tasks() -> Counter[str]:
    """The confirmation tasks by status."""
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    rows = DBTaskResult.objects.filter(task_path__endswith="send_submission_confirmation").values_list("status")
    return Counter(status for (status,) in rows)


def drain(timeout: float) -> tuple[int, float]:
    """Wait until the worker has run every confirmation: (tasks pending at the start, seconds it took)."""
    from django.db import connection  # noqa: PLC0415

    start = time.perf_counter()
    backlog = None
    while time.perf_counter() - start < timeout:
        statuses = confirmation_tasks()
        pending = statuses["READY"] + statuses["RUNNING"]
        backlog = pending if backlog is None else backlog
        if pending == 0:
            break
        connection.close()
        time.sleep(0.2)
    return backlog or 0, time.perf_counter() - start


def check_deliveries(mail_dir: Path, versions: int) -> tuple[dict[str, int], list[str]]:
    """Every frozen version got one confirmation task, run once, and one e-mail with the PDF attached."""
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    tasks = list(
        DBTaskResult.objects.filter(task_path__endswith="send_submission_confirmation").values_list(
            "status", "args_kwargs", "return_value"
        )
    )
    per_version = Counter(args["kwargs"]["version_id"] for _s, args, _r in tasks)
    found = {
        "confirmations sent": sum(1 for status, _a, value in tasks if status == "SUCCESSFUL" and value == 1),
        "confirmations failed": sum(1 for status, _a, _v in tasks if status == "FAILED"),
        "confirmations pending": sum(1 for status, _a, _v in tasks if status in ("READY", "RUNNING")),
        "confirmations duplicated": sum(n - 1 for n in per_version.values() if n > 1),
    }
    messages = [p.read_bytes() for p in sorted(mail_dir.iterdir())] if mail_dir.exists() else []
    found["e-mails"] = sum(m.count(b"\nSubject: ") for m in messages)
    found["PDFs attached"] = sum(m.count(b"Content-Type: application/pdf") for m in messages)
    notes = []
    if found["confirmations sent"] != versions or found["e-mails"] != versions or found["PDFs attached"] != versions:
        notes.append(f"{versions} versions, but {found}")
    failed = DBTaskResult.objects.filter(task_path__endswith="send_submission_confirmation", status="FAILED")
    notes += [f"failed: {r.exception_class_path}: {r.traceback[-300:]}" for r in failed[:3]]
    return found, notes


# --- CPU accounting -------------------------------------------------------------------------------


def _proc_stat(pid: str) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a process, or None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLK_TCK


class CpuMeter:
    """CPU seconds used during a phase by this process, gunicorn (master + workers), the task worker,
    the PostgreSQL backends of each and the whole box. The web servers connect over TCP and the worker
    over the Unix socket, so their backends are told apart ("127.0.0.1(port)" against "[local]").
    /proc is sampled every half second so that backends replaced during the phase (DATABASE_CONN_MAX_AGE)
    still count."""

    KINDS = ("gunicorn", "postgres", "worker", "worker postgres")

    def __init__(self, server_pids: list[int], database: str, worker_pid: int | None = None) -> None:
        self.server_pids, self.worker_pid, self.marker = set(server_pids), worker_pid, f" {database} ".encode()
        self.first: dict[int, tuple[str, float]] = {}
        self.last: dict[int, float] = {}
        self.stop_event = threading.Event()

    def _box(self) -> float:
        total = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        return (sum(int(v) for v in total) - int(total[3]) - int(total[4])) / CLK_TCK

    def _kind(self, entry: Path, pid: int, parent: int) -> str:
        if pid in self.server_pids or parent in self.server_pids:
            return "gunicorn"
        if self.worker_pid is not None and self.worker_pid in (pid, parent):
            return "worker"
        with contextlib.suppress(OSError):
            cmdline = (entry / "cmdline").read_bytes()
            if cmdline.startswith(b"postgres: ") and self.marker in cmdline:
                return "worker postgres" if b"[local]" in cmdline else "postgres"
        return ""

    def _sample(self, starting: bool) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            stat = _proc_stat(entry.name)
            if stat is None:
                continue
            if pid not in self.first:
                kind = self._kind(entry, pid, stat[0])
                if not kind:
                    continue
                self.first[pid] = (kind, stat[1] if starting else 0.0)
            self.last[pid] = stat[1]

    def _run(self) -> None:
        while not self.stop_event.wait(0.5):
            self._sample(starting=False)

    def __enter__(self) -> "CpuMeter":
        self._sample(starting=True)
        self.started = {"client": time.process_time(), "box": self._box()}
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        self.thread.join()
        self._sample(starting=False)
        self.used = {"client": time.process_time() - self.started["client"], "box": self._box() - self.started["box"]}
        for kind in self.KINDS:
            self.used[kind] = sum(self.last[pid] - first for pid, (k, first) in self.first.items() if k == kind)


class CpuTotal:
    """CPU seconds and wall time summed over several phases of one kind (the rush or the baseline blocks)."""

    def __init__(self) -> None:
        self.used: Counter[str] = Counter()
        self.wall = 0.0

    def add(self, meter: CpuMeter, wall: float) -> None:
        self.used.update(meter.used)
        self.wall += wall

    def ms_per_request(self, requests: int) -> float:
        """gunicorn and its PostgreSQL backends: what one request costs the web side."""
        return (self.used["gunicorn"] + self.used["postgres"]) * 1000 / max(requests, 1)

    def line(self, requests: int) -> str:
        wall, used = max(self.wall, 1e-9), self.used
        cores = ", ".join(f"{k} {used[k] / wall:.2f}" for k in ("gunicorn", "postgres", "worker", "client", "box"))
        per = ", ".join(f"{k} {used[k] * 1000 / max(requests, 1):.1f}" for k in ("gunicorn", "postgres", "client"))
        return f"cores used: {cores} (of {CORES}; box = all processes); CPU ms per request: {per}"


# --- Load generator ---------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str  # "autosave", "submit", "healthz"
    latency_ms: float
    outcome: str  # "ok", "conflict", or what went wrong


class Http:
    """One keep-alive connection (reopened by http.client when the server closes it).

    A connection idle for over a second is closed before the next request, as browsers retire
    idle connections: otherwise a request can race gthread's keep-alive timeout (2 s) and meet a
    socket the server has just closed (the second-tab connection is used only now and then).
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.used = time.monotonic()

    def request(self, method: str, path: str, body: str | None, headers: dict[str, str]) -> tuple:
        if time.monotonic() - self.used > 1.0:
            self.conn.close()
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        finally:
            self.used = time.monotonic()
        return response, content, (time.perf_counter() - start) * 1000


class Rush:
    """NGO users at the deadline: each takes a draft, autosaves it a few times, then submits it."""

    def __init__(self, port: int, autosaves: int, rng: random.Random, conflict_share: float, double_share: float):
        from django.contrib.messages import constants  # noqa: PLC0415
        from django.contrib.messages.storage.cookie import CookieStorage  # noqa: PLC0415
        from django.utils import translation  # noqa: PLC0415
        from django.utils.html import escape  # noqa: PLC0415
        from django.utils.translation import gettext  # noqa: PLC0415

        self.port, self.autosaves, self.rng = port, autosaves, rng
        self.conflict_share, self.double_share = conflict_share, double_share
        self.messages = CookieStorage(None)
        self.success_level = constants.SUCCESS
        with translation.override("pl"):
            self.conflict_mark = escape(gettext("Someone else saved this section in the meantime")).encode()
        self.lock = threading.Lock()
        self.counter = self.two_tabs = self.double_clicks = 0
        self.problems: list[str] = []

    def _headers(self, draft: Draft, htmx: bool = False) -> dict[str, str]:
        headers = {
            "Cookie": draft.cookie,
            "X-CSRFToken": draft.csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        if htmx:
            headers["HX-Request"] = "true"
        return headers

    def _note(self, text: str) -> None:
        with self.lock:
            if len(self.problems) < 20:
                self.problems.append(text)

    def autosave_request(self, conn: Http, draft: Draft, value: str) -> tuple[Sample, int | None]:
        body = urlencode({"section-version": draft.version, "f-paid_activity": "free", "f-other_info": value})
        path = f"/{TENANT_SLUG}/oferty/{draft.offer}/inne/"
        try:
            response, content, ms = conn.request("POST", path, body, self._headers(draft, htmx=True))
        except (OSError, http.client.HTTPException) as error:
            self._note(f"autosave {draft.offer}: {error!r}")
            return Sample("autosave", 0.0, f"exception {type(error).__name__}"), None
        match = VERSION_RE.search(content)
        new_version = int(match.group(1)) if match else None
        if response.status == 200 and SUCCESS_MARK in content:
            return Sample("autosave", ms, "ok"), new_version
        if response.status == 200 and self.conflict_mark in content:
            return Sample("autosave", ms, "conflict"), new_version
        self._note(f"autosave {draft.offer}: HTTP {response.status} {content[:300]!r}")
        return Sample("autosave", ms, f"HTTP {response.status}" if response.status != 200 else "not saved"), None

    def submit_request(self, conn: Http, draft: Draft) -> Sample:
        path = f"/{TENANT_SLUG}/oferty/{draft.offer}/zloz/"
        try:
            response, content, ms = conn.request("POST", path, "", self._headers(draft))
        except (OSError, http.client.HTTPException) as error:
            self._note(f"submit {draft.offer}: {error!r}")
            return Sample("submit", 0.0, f"exception {type(error).__name__}")
        if response.status != 302:
            self._note(f"submit {draft.offer}: HTTP {response.status} {content[:300]!r}")
            return Sample("submit", ms, f"HTTP {response.status}")
        cookies = SimpleCookie()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookies.load(header)
        messages = self.messages._decode(cookies["messages"].value) if "messages" in cookies else None
        if messages and all(m.level == self.success_level for m in messages):
            return Sample("submit", ms, "ok")
        self._note(f"submit {draft.offer}: redirected with {[m.message for m in messages or []]}")
        return Sample("submit", ms, "refused")

    def _pair(self, first: Callable[[], T], second: Callable[[], T]) -> tuple[T, T]:
        """Run two requests at once (two tabs, a double click): `second` on a helper thread."""
        result: list[T] = []
        helper = threading.Thread(daemon=True, target=lambda: result.append(second()))
        helper.start()
        mine = first()
        helper.join()
        return mine, result[0]

    def autosave_step(self, conn: Http, tab: Http, draft: Draft, two_tabs: bool) -> list[Sample]:
        """One autosave of section VI (from two tabs at once when `two_tabs`: one must win, one must conflict)."""
        with self.lock:
            self.counter += 1
            number = self.counter
        value = f"autosave {draft.offer} {number}"
        if two_tabs:
            with self.lock:
                self.two_tabs += 1
            other = f"{value} (second tab)"
            (a, va), (b, vb) = self._pair(
                lambda: self.autosave_request(conn, draft, value), lambda: self.autosave_request(tab, draft, other)
            )
            outcomes = sorted([a.outcome, b.outcome])
            if outcomes != ["conflict", "ok"]:
                self._note(f"two tabs on {draft.offer}: {outcomes}")
                for sample in (a, b):
                    if sample.outcome == "conflict":
                        sample.outcome = "conflict without a winner"
            if a.outcome == "ok":
                draft.sent.append(value)
                draft.version = va if va is not None else draft.version + 1
            elif b.outcome == "ok":
                draft.sent.append(other)
                draft.version = vb if vb is not None else draft.version + 1
            return [a, b]
        sample, new_version = self.autosave_request(conn, draft, value)
        if sample.outcome == "ok":
            if new_version != draft.version + 1:
                self._note(f"autosave {draft.offer}: version {draft.version} -> {new_version}")
                sample.outcome = "wrong version"
            draft.sent.append(value)
            draft.version = new_version if new_version is not None else draft.version + 1
        elif sample.outcome == "conflict":
            sample.outcome = "unexpected conflict"
        return [sample]

    def submit_step(self, conn: Http, tab: Http, draft: Draft, double: bool) -> list[Sample]:
        """The submission (double-clicked when `double`: both answers must be the success redirect)."""
        if double:
            with self.lock:
                self.double_clicks += 1
            a, b = self._pair(lambda: self.submit_request(conn, draft), lambda: self.submit_request(tab, draft))
            draft.submitted = a.outcome == "ok" or b.outcome == "ok"
            return [a, b]
        sample = self.submit_request(conn, draft)
        draft.submitted = sample.outcome == "ok"
        return [sample]


# --- Open-loop load ---------------------------------------------------------------------------------


@dataclass(order=True)
class Job:
    """The next request of one offer's chain, due at `due` seconds of rush time."""

    due: float
    seq: int
    draft: Draft = field(compare=False)
    step: int = field(compare=False)  # 0 … autosaves - 1: autosaves; == autosaves: the submission
    start: float = field(compare=False)  # rush time at which this offer's chain began


class OpenLoop:
    """Requests arrive on a fixed schedule whatever the server does (open loop).

    A new offer arrives every 1 / `rate` seconds of rush time; it autosaves `autosaves` times,
    `step` seconds apart, then submits: in the steady state, `autosaves × rate` autosaves and
    `rate` submissions a second. An offer's requests are sequential, as a browser's are (htmx
    queues the next save behind the one in flight): a request is due at its planned time, or when
    the previous one of its offer answered if that was later. Latency is measured from the due
    time, so a request waiting for a free connection or a free server counts its wait.

    Rush time stops during the baseline blocks (`pause`): requests due in a pause are shifted by it.
    """

    def __init__(
        self, rush: Rush, port: int, senders: int, rate: float, autosaves: int, step: float, max_lag: float = 10.0
    ) -> None:
        self.rush, self.port, self.senders = rush, port, senders
        self.rate, self.autosaves, self.step = rate, autosaves, step
        self.heap: list[Job] = []
        self.cond = threading.Condition()
        self.work: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self.in_flight = 0
        self.idle = threading.Condition()
        self.paused_total = 0.0
        self.paused_at: float | None = None
        self.holding = False  # no dispatching: a baseline block is about to start
        self.t0 = 0.0
        self.seq = 0
        self.offers_started = 0
        # Past this lag the server has lost the race: later arrivals would only stretch the run.
        self.max_lag = max_lag
        self.fell_behind_at: float | None = None
        self.samples: list[tuple[Sample, float, float]] = []  # (sample, due in rush time, done in rush time)
        self.rng = random.Random(rush.rng.random())  # noqa: S311 -- reproducible load, not security

    def now(self) -> float:
        """Rush time: seconds since the start, pauses excluded."""
        paused = self.paused_total + (time.perf_counter() - self.paused_at if self.paused_at is not None else 0.0)
        return time.perf_counter() - self.t0 - paused

    def _push(self, job: Job) -> None:
        with self.cond:
            heapq.heappush(self.heap, job)
            self.cond.notify()

    def _next_seq(self) -> int:
        with self.cond:
            self.seq += 1
            return self.seq

    def _dispatch(self, drafts: "queue.SimpleQueue[Draft]", until: float) -> None:
        """Feed due jobs to the senders; start a new offer every 1 / rate seconds until `until`."""
        next_offer = 0
        while True:
            with self.cond:
                now = self.now() if self.paused_at is None and not self.holding else None
                arrival = next_offer / self.rate
                if self.fell_behind_at is not None and arrival < until:
                    self.rush._note(f"{self.max_lag:g} s behind at {self.fell_behind_at:.0f} s: no more new offers")
                    until = arrival
                if now is not None and arrival <= now and arrival < until:
                    try:
                        draft = drafts.get_nowait()
                    except queue.Empty:
                        self.rush._note("ran out of drafts: raise --offers")
                        until = arrival
                        continue
                    next_offer += 1
                    self.offers_started += 1
                    self.seq += 1
                    heapq.heappush(self.heap, Job(arrival, self.seq, draft, 0, arrival))
                    continue
                if now is not None and self.heap and self.heap[0].due <= now:
                    job = heapq.heappop(self.heap)
                    with self.idle:
                        self.in_flight += 1
                    self.work.put(job)
                    continue
                if arrival >= until and not self.heap:
                    with self.idle:
                        if self.in_flight == 0:
                            return
                wait = 0.05
                if now is not None:
                    candidates = [arrival] if arrival < until else []
                    if self.heap:
                        candidates.append(self.heap[0].due)
                    if candidates:
                        wait = max(0.0, min(candidates) - now)
                self.cond.wait(min(wait, 0.05))

    def _send(self) -> None:
        conn, tab = Http(self.port), Http(self.port)
        while (job := self.work.get()) is not None:
            due_real = self.t0 + self.paused_total + job.due
            lag = self.now() - job.due
            if lag > self.max_lag and self.fell_behind_at is None:
                self.fell_behind_at = self.now()
            if job.step < self.autosaves:
                two_tabs = self.rng.random() < self.rush.conflict_share
                samples = self.rush.autosave_step(conn, tab, job.draft, two_tabs)
            else:
                samples = self.rush.submit_step(conn, tab, job.draft, self.rng.random() < self.rush.double_share)
            done_real = time.perf_counter()
            done = self.now()
            for sample in samples:  # latency from the due time: a wait for a connection or a server counts
                if sample.outcome != "ok" and sample.latency_ms == 0.0:
                    continue
                sample.latency_ms = (done_real - due_real) * 1000
            with self.cond:
                self.samples += [(sample, job.due, done) for sample in samples]
            if job.step < self.autosaves:
                planned = job.start + (job.step + 1) * self.step
                self._push(Job(max(planned, done), self._next_seq(), job.draft, job.step + 1, job.start))
            with self.idle:
                self.in_flight -= 1
                self.idle.notify_all()

    def pause(self) -> None:
        """Stop dispatching, wait for the requests in flight (rush time runs on: the server is still
        busy with the rush), then stop rush time for the baseline block that follows."""
        with self.cond:
            self.holding = True
        with self.idle:
            self.idle.wait_for(lambda: self.in_flight == 0)
        with self.cond:
            self.paused_at = time.perf_counter()

    def resume(self) -> None:
        with self.cond:
            if self.paused_at is not None:
                self.paused_total += time.perf_counter() - self.paused_at
                self.paused_at = None
            self.holding = False
            self.cond.notify()

    def start(self, drafts: list[Draft], until: float) -> threading.Thread:
        """Start the senders and the dispatcher; new offers arrive until `until` seconds of rush time."""
        work: queue.SimpleQueue[Draft] = queue.SimpleQueue()
        for draft in drafts:
            work.put(draft)
        self.senders_threads = [threading.Thread(daemon=True, target=self._send) for _ in range(self.senders)]
        for thread in self.senders_threads:
            thread.start()
        self.t0 = time.perf_counter()
        dispatcher = threading.Thread(daemon=True, target=self._dispatch, args=(work, until))
        dispatcher.start()
        return dispatcher

    def stop(self) -> None:
        for _ in self.senders_threads:
            self.work.put(None)
        for thread in self.senders_threads:
            thread.join()


def healthz_load(port: int, clients: int, duration: float) -> tuple[list[Sample], float]:
    """The baseline: `clients` keep-alive clients GET /healthz for `duration` seconds."""
    per_client: list[list[Sample]] = [[] for _ in range(clients)]

    def client(samples: list[Sample], stop_at: float) -> None:
        conn = Http(port)
        while time.monotonic() < stop_at:
            try:
                response, _content, ms = conn.request("GET", "/healthz", None, {})
            except (OSError, http.client.HTTPException) as error:
                samples.append(Sample("healthz", 0.0, f"exception {type(error).__name__}"))
                continue
            samples.append(Sample("healthz", ms, "ok" if response.status == 200 else f"HTTP {response.status}"))

    start = time.monotonic()
    threads = [
        threading.Thread(daemon=True, target=client, args=(per_client[i], start + duration)) for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [s for samples in per_client for s in samples], time.monotonic() - start


# --- Checks -------------------------------------------------------------------------------------------


LOST = ("lost submissions", "lost drafts", "lost drafts in frozen versions")
WRONG = (
    "duplicate versions",
    "unacknowledged versions",
    "bad checksums",
    "section version mismatches",
    "state mismatches",
    "audit events missing or extra",
    "confirmations not queued once",
)
CHECKS = ("versions", "acknowledged submissions", "acknowledged autosaves", *LOST, *WRONG)


def check_database(call: object, drafts: list[Draft], seeded_version: int) -> tuple[dict[str, int], list[str]]:
    """Compare what the clients were told with what the database holds."""
    from django_scopes import scopes_disabled  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    from pozytek.core.models import AuditEvent  # noqa: PLC0415
    from pozytek.offers.models import Offer, OfferVersion  # noqa: PLC0415
    from pozytek.offers.snapshot import checksum  # noqa: PLC0415

    found: dict[str, int] = Counter(dict.fromkeys(CHECKS, 0))
    notes: list[str] = []
    with scopes_disabled():
        versions = list(OfferVersion.objects.filter(offer__call=call).values_list("offer_id", "snapshot", "checksum"))
        per_offer = Counter(offer for offer, _s, _c in versions)
        acknowledged = {d.offer for d in drafts if d.submitted}
        accepted = set(per_offer)
        found["versions"] = len(versions)
        found["acknowledged submissions"] = len(acknowledged)
        found["duplicate versions"] = sum(1 for n in per_offer.values() if n > 1)
        found["lost submissions"] = len(acknowledged - accepted)
        found["unacknowledged versions"] = len(accepted - acknowledged)
        found["bad checksums"] = sum(1 for _o, snapshot, digest in versions if checksum(snapshot) != digest)
        by_offer = {d.offer: d for d in drafts}
        for offer, snapshot, _c in versions:
            draft = by_offer.get(offer)
            if draft and draft.sent and snapshot["other"]["other_info"] != draft.sent[-1]:
                found["lost drafts in frozen versions"] += 1
                notes.append(
                    f"offer {offer}: version has {snapshot['other']['other_info']!r}, last save {draft.sent[-1]!r}"
                )
        rows = Offer.objects.filter(pk__in=by_offer).values_list("pk", "other_info", "section_versions", "state")
        saves = 0
        for pk, other_info, section_versions, state in rows:
            draft = by_offer[pk]
            saves += len(draft.sent)
            if draft.sent and other_info != draft.sent[-1]:
                found["lost drafts"] += 1
                notes.append(f"offer {pk}: database has {other_info!r}, last save {draft.sent[-1]!r}")
            if section_versions["other"]["v"] != seeded_version + len(draft.sent):
                found["section version mismatches"] += 1
            if (state == "submitted") != (pk in accepted):
                found["state mismatches"] += 1
        found["acknowledged autosaves"] = saves
        audit = Counter(
            AuditEvent.objects.filter(subject_type="offers.offer", subject_id__in=[str(pk) for pk in by_offer])
            .filter(action__in=["offer.save_other", "offer.freeze"])
            .values_list("action", flat=True)
        )
        # The template offer was written through the services: one save of section VI before the rush.
        if audit["offer.save_other"] - 1 != saves:
            found["audit events missing or extra"] += abs(audit["offer.save_other"] - 1 - saves)
        if audit["offer.freeze"] != len(versions):
            found["audit events missing or extra"] += abs(audit["offer.freeze"] - len(versions))
        queued = DBTaskResult.objects.filter(task_path__endswith="send_submission_confirmation").count()
        if queued != len(versions):
            found["confirmations not queued once"] = abs(queued - len(versions))
    return found, notes


# --- Report -------------------------------------------------------------------------------------------


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def summary(samples: list[Sample], kind: str, wall: float) -> dict[str, float]:
    done = [s.latency_ms for s in samples if s.kind == kind and s.outcome in ("ok", "conflict")]
    return {
        "count": len(done),
        "rps": len(done) / wall if wall else 0.0,
        "p50": statistics.median(done) if done else 0.0,
        "p95": pct(done, 95),
        "p99": pct(done, 99),
        "max": max(done, default=0.0),
    }


def row(label: str, s: dict[str, float]) -> str:
    return (
        f"{label:22} {s['count']:>7.0f} {s['rps']:>8.1f} {s['p50']:>8.1f} {s['p95']:>8.1f} {s['p99']:>8.1f} "
        f"{s['max']:>8.1f}"
    )


def in_process_costs(drafts: list[Draft], profile: bool) -> None:
    """Time and queries of autosaves and a submit through Django's test client (first draft warms up).

    With `profile`, cProfile the requests of every draft but the first and print the top functions of our code.
    """
    import cProfile  # noqa: PLC0415
    import pstats  # noqa: PLC0415

    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    logging.getLogger("pozytek.access").setLevel(logging.WARNING)  # gunicorn's went to its log; these would flood
    profiler = cProfile.Profile()
    client = Client()  # one handler: its first request loads the middleware (whitenoise scans the static files)
    for n, draft in enumerate(drafts):
        measured = profile and n > 0
        client.cookies["sessionid"] = draft.cookie.split(";")[0].split("=")[1]
        path = f"/{TENANT_SLUG}/oferty/{draft.offer}/"
        requests = [
            ("autosave", f"{path}inne/", {"section-version": draft.version + i, "f-paid_activity": "free"}, True)
            for i in range(3)
        ]
        timings = []
        for kind, url, data, htmx in [*requests, ("submit", f"{path}zloz/", {}, False)]:
            with CaptureQueriesContext(connection) as queries:
                if measured:
                    profiler.enable()
                start = time.perf_counter()
                response = client.post(
                    url, {**data, "f-other_info": "in process"}, headers={"HX-Request": "true"} if htmx else {}
                )
                elapsed = (time.perf_counter() - start) * 1000
                if measured:
                    profiler.disable()
            timings.append(f"{kind} {elapsed:.0f} ms, {len(queries)} queries, HTTP {response.status_code}")
    print("in-process (django.test.Client, one request at a time): " + "; ".join(timings[-2:]))
    if profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"pozytek/", 30)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def window_summary(samples: list[tuple[Sample, float, float]], kind: str, begin: float, end: float) -> dict[str, float]:
    """The rate at which requests of `kind` were answered during [begin, end) of rush time (what the
    server delivered: the offered rate if it kept up, its capacity if not) and the latency of those
    due in that window (which grows without bound when the server cannot follow an open loop)."""
    ok = [(s, due, finished) for s, due, finished in samples if s.kind == kind and s.outcome in ("ok", "conflict")]
    latencies = [s.latency_ms for s, due, _f in ok if begin <= due < end]
    answered = sum(1 for _s, _d, finished in ok if begin <= finished < end)
    return {
        "count": len(latencies),
        "rps": answered / (end - begin) if end > begin else 0.0,
        "p50": statistics.median(latencies) if latencies else 0.0,
        "p95": pct(latencies, 95),
        "p99": pct(latencies, 99),
        "max": max(latencies, default=0.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="an 8 s rush at 20 offers/s, under a minute")
    parser.add_argument("--rate", type=float, help="new offers (so submissions) a second (default 50, --quick 20)")
    parser.add_argument("--autosaves", type=int, default=4, help="autosaves per offer before submitting (default 4)")
    parser.add_argument("--step", type=float, default=1.0, help="seconds between an offer's requests (default 1)")
    parser.add_argument("--duration", type=float, help="seconds during which offers arrive (default 60, --quick 8)")
    parser.add_argument("--offers", type=int, help="drafts seeded (default: enough for the rate and duration)")
    parser.add_argument("--senders", type=int, default=64, help="client threads, each a connection (default 64)")
    parser.add_argument("--clients", type=int, default=16, help="closed-loop clients of the baseline (default 16)")
    parser.add_argument("--workers", type=int, default=2 * CORES + 1, help="gunicorn workers (default 2 × cores + 1)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker; > 1 uses gthread (default 1: sync)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the template database (migrate from scratch)")
    parser.add_argument("--profile", action="store_true", help="cProfile autosaves and submits through the test client")
    args = parser.parse_args()
    args.rate = args.rate or (20.0 if args.quick else 50.0)
    duration = args.duration or (8.0 if args.quick else 60.0)
    ramp = args.autosaves * args.step  # until then fewer offers are autosaving than in the steady state
    offers = args.offers or int(args.rate * duration * 1.05) + 20
    rush_block, base_block = (2.5, 0.5) if args.quick else (5.0, 1.0)
    spare = 9 if args.profile else 3  # drafts kept out of the rush for the in-process measurement
    warm = 2 * args.workers * args.threads
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pozytek_bench_rush")
    database = database_url.rsplit("/", 1)[1]
    began = time.perf_counter()
    print(f"load average before: {load_average()}")

    with tempfile.TemporaryDirectory(prefix="pozytek-rush-") as var_dir:
        env = server_env(database_url, var_dir)
        os.environ.update(env)
        print(f"database {database}: {prepare_database(database_url, args.fresh)}")
        print(f"static files: {prepare_static()}")
        start = time.perf_counter()
        call, drafts, one_offer = seed(offers + warm + spare)
        print(
            f"seeded {len(drafts)} complete drafts in {time.perf_counter() - start:.1f} s "
            f"(the first through the services: {one_offer * 1000:.0f} ms; the rest copied)"
        )
        seeded_version = drafts[0].version
        warm_drafts, rush_drafts, spare_drafts = drafts[:warm], drafts[warm : warm + offers], drafts[warm + offers :]
        rng = random.Random(2026)  # noqa: S311 -- reproducible load, not security
        log, mail_dir = Path(var_dir) / "gunicorn.log", Path(var_dir) / "mail"
        from django.db import connection  # noqa: PLC0415

        connection.close()
        kind = f"gthread, {args.threads} threads each" if args.threads > 1 else "sync"
        rush = Rush(0, args.autosaves, rng, conflict_share=0.05, double_share=0.10)
        with (
            gunicorn(env, args.workers, log, args.threads) as (port, pid),
            task_worker(env, mail_dir, Path(var_dir) / "worker.log") as worker_pid,
        ):
            print(
                f"gunicorn: {args.workers} workers ({kind}) on 127.0.0.1:{port}; task worker (SCHED_IDLE): {worker_pid}"
            )
            print(
                f"open loop: {args.rate:g} new offers/s for {duration:g} s, each {args.autosaves} autosaves "
                f"{args.step:g} s apart then a submission ({args.autosaves * args.rate:g} autosaves/s and "
                f"{args.rate:g} submissions/s from {ramp:g} s); {args.senders} client connections; baseline "
                f"/healthz ({args.clients} closed-loop clients) for {base_block:g} s after every {rush_block:g} s"
            )
            rush.port = port
            healthz_load(port, args.clients, 1.0)  # warm every worker's connection
            warmer = OpenLoop(rush, port, 8, rate=len(warm_drafts) / 2, autosaves=args.autosaves, step=0.2)
            warmer.start(warm_drafts, until=2.0).join()
            warmer.stop()
            warm_samples = [sample for sample, _d, _f in warmer.samples]

            loop = OpenLoop(rush, port, args.senders, args.rate, args.autosaves, args.step)
            meters = {"rush": CpuTotal(), "baseline": CpuTotal()}
            base: list[Sample] = []
            servers = [pid]
            dispatcher = loop.start(rush_drafts, until=duration)
            block_end = rush_block
            while dispatcher.is_alive():
                wall = time.perf_counter()
                with CpuMeter(servers, database, worker_pid) as meter:
                    while dispatcher.is_alive() and loop.now() < block_end:
                        dispatcher.join(0.05)
                    loop.pause()
                meters["rush"].add(meter, time.perf_counter() - wall)
                if dispatcher.is_alive():
                    with CpuMeter(servers, database, worker_pid) as meter:
                        samples, wall = healthz_load(port, args.clients, base_block)
                    meters["baseline"].add(meter, wall)
                    base += samples
                loop.resume()
                block_end += rush_block
            loop.stop()
            rush_wall = meters["rush"].wall
            with CpuMeter(servers, database, worker_pid) as meter:
                backlog, drain_s = drain(timeout=900)
            drain_cpu = meter.used["worker"] + meter.used["worker postgres"]
            connection.close()
        found, notes = check_database(call, warm_drafts + rush_drafts, seeded_version)
        delivered, delivery_notes = check_deliveries(mail_dir, found["versions"])
        in_process_costs(spare_drafts, args.profile)

    samples = loop.samples
    rush_samples = [sample for sample, _d, _f in samples]
    errors = Counter(s.outcome for s in [*warm_samples, *rush_samples, *base] if s.outcome not in ("ok", "conflict"))
    base_stats = summary(base, "healthz", meters["baseline"].wall)
    # When the server fell behind, no offer arrived after that moment: the window ends there.
    window_end = min(duration, loop.fell_behind_at) if loop.fell_behind_at is not None else duration
    autosave = window_summary(samples, "autosave", ramp, window_end)
    submit = window_summary(samples, "submit", ramp, window_end)
    print()
    print(f"{'':22} {'count':>7} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    print(row("/healthz (baseline)", base_stats))
    print(row("autosave (htmx)", autosave))
    print(row("submit", submit))
    print(
        f"rush: {loop.offers_started} offers arrived; the window measured is {ramp:g}–{window_end:.0f} s of rush time "
        f"(requests due then); {rush.two_tabs} saves from two tabs at once (one conflict each, intended), "
        f"{rush.double_clicks} double-clicked submissions; {rush_wall:.1f} s of rush blocks in all"
    )
    rush_requests = len(rush_samples)
    worker_cpu = meters["rush"].used["worker"] + meters["rush"].used["worker postgres"] + drain_cpu
    print(f"baseline {meters['baseline'].line(len(base))}")
    print(f"rush     {meters['rush'].line(rush_requests)}")
    print(
        f"task worker: {backlog} confirmations pending when the rush ended, drained in {drain_s:.1f} s; "
        f"{worker_cpu * 1000 / max(found['versions'], 1):.0f} CPU ms per confirmation (PDF + e-mail, with its "
        f"PostgreSQL backend)"
    )
    for outcome, n in sorted(errors.items()):
        print(f"error: {n} × {outcome}")
    for note in rush.problems[:10]:
        print(f"  {note}")
    print("database: " + ", ".join(f"{k} {found[k]}" for k in CHECKS))
    print("deliveries: " + ", ".join(f"{k} {v}" for k, v in delivered.items()))
    for note in [*notes, *delivery_notes][:10]:
        print(f"  {note}")
    lost = sum(found[k] for k in LOST) + abs(found["versions"] - delivered["e-mails"])
    duplicates = found["duplicate versions"] + delivered["confirmations duplicated"]
    wrong = sum(found[k] for k in WRONG) - found["duplicate versions"]
    error_count = sum(errors.values()) + wrong + delivered["confirmations failed"]
    p95 = max(autosave["p95"], submit["p95"])
    cpu_ms = meters["rush"].ms_per_request(rush_requests)
    print(f"total {time.perf_counter() - began:.0f} s; load average after: {load_average()}")
    print(
        f"RESULT deadline_rush autosave_rps={autosave['rps']:.1f} submit_rps={submit['rps']:.1f} p95_ms={p95:.1f} "
        f"errors={error_count} lost={lost} duplicates={duplicates} backlog_drain_s={drain_s:.1f} "
        f"cpu_ms_per_request={cpu_ms:.1f} baseline_rps={base_stats['rps']:.1f} "
        f"baseline_cpu_ms_per_request={meters['baseline'].ms_per_request(len(base)):.2f} backlog={backlog} "
        f"autosave_p95_ms={autosave['p95']:.1f} submit_p95_ms={submit['p95']:.1f} offered_rate={args.rate:g} "
        f"workers={args.workers}"
    )


if __name__ == "__main__":
    main()
