"""Benchmark: the four documents printed most, each through its app's code path (target: the offer < 300 ms).

Builds a dedicated PostgreSQL database (`pozytek_bench_documents`, copied each run from a migrated template
that is rebuilt only when a migration changed) with the demo data (`load_demo_data`: the Leszno competition
carried through its commission's protocol and the agreements), and writes through the offer services a
realistic offer of one organisation to a call of its own (three actions, eleven cost lines, the results
table, a few paragraphs per section, two attachments), submitted, whose PDF has five pages. Then prints,
in process, each document the way its view or task does:

- the offer (Annex 1 of Dz.U. 2018 poz. 2057): `offers.documents.offer_document(version.snapshot,
  checksum=…)`, as the office's and the organisation's PDF views;
- the confirmation of submission: `offers.documents.confirmation_document(version)`, as the task worker;
- the agreement: `agreements.documents.agreement_document(agreement)` of the demo's signed agreement;
- the commission's protocol: `evaluation.documents.protocol_document(commission)` of the demo's closed round;
- baseline: WeasyPrint printing a one-line HTML (`<p>Pożytek</p>`), measured in the same rounds.

Each round prints every document once, in a rotating order, so the baseline shares the machine's load with
them; the figures are medians of the wall time and of the process's CPU time (which depends less on other jobs
on the machine), with the mean time spent in Python's garbage collector.

    .venv/bin/python bench/documents.py [--quick] [--repeat R] [--fresh] [--profile]

`--profile` adds a cProfile of the offer: the time per phase (template, HTML parsing, CSS cascade, boxes,
layout, drawing and writing the PDF) and the most expensive functions.

Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pozytek_bench_documents).
Last line: RESULT documents offer_pdf_ms=<n> confirmation_pdf_ms=<n> agreement_pdf_ms=<n> protocol_pdf_ms=<n>
baseline_pdf_ms=<n> …
"""

import argparse
import cProfile
import datetime as dt
import gc
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import base_env, database_from_template, migrations_fingerprint, setup_django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OFFER_TARGET_MS = 300.0
OFFER_PAGES = 6  # the full offer of the seed since III.6 is printed whether or not the call asks for it
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/pozytek_bench_documents"
ORGANISATION = "Fundacja Wolontariatu Leszczyńskiego – przykład"  # and its keeper, from the evaluation demo
AUTHOR = "wolontariat.leszno@pozytek.localhost"
OFFICIAL = "urzednik.leszno@pozytek.localhost"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

# --- Database --------------------------------------------------------------------------------------


def prepare_database(database_url: str, fresh: bool) -> str:
    """Recreate the benchmark database from its migrated template, rebuilt when a migration changed."""
    from django.core.management import call_command  # noqa: PLC0415

    return database_from_template(
        database_url, migrations_fingerprint(), fresh, lambda: call_command("migrate", verbosity=0)
    )


# --- The offer -------------------------------------------------------------------------------------

SUMMARY = (
    "Zadanie będzie realizowane w Lesznie, w czterech domach kultury i na Rynku, od czerwca do września. "
    "Odbiorcami są mieszkańcy miasta w wieku 16–70 lat, którzy chcą działać jako wolontariusze przy "
    "wydarzeniach kulturalnych, oraz publiczność tych wydarzeń, w tym osoby z niepełnosprawnościami.\n"
    "Potrzeba wynika z diagnozy Leszczyńskiego Centrum Wolontariatu: w ubiegłym roku organizatorzy 14 "
    "wydarzeń miejskich zgłosili brak przeszkolonej obsługi widowni, a 38% ankietowanych widzów wskazało "
    "trudności z dostępnością (brak informacji, brak asysty, kolejki).\n"
    "Zadanie odpowiada na ten problem trzema działaniami: cyklem szkoleń, koordynacją dyżurów przy "
    "wydarzeniach oraz przygotowaniem materiałów dostępnościowych. Jest komplementarne z miejskim programem "
    "„Leszno dostępne” i z działaniami Miejskiego Ośrodka Pomocy Rodzinie, z którym fundacja współpracuje "
    "przy rekrutacji seniorów."
)
RESULTS = (
    "Bezpośrednim efektem będzie 40 przeszkolonych wolontariuszy, którzy obsłużą co najmniej 10 wydarzeń "
    "kulturalnych w mieście, oraz komplet materiałów dostępnościowych (plany wydarzeń, tekst łatwy do "
    "czytania, pętla indukcyjna).\n"
    "Zmiana społeczna: organizatorzy wydarzeń zyskają stałą, przeszkoloną grupę wolontariuszy, a widzowie "
    "ze szczególnymi potrzebami – asystę i informację. Rezultaty zostaną utrzymane po zakończeniu zadania: "
    "baza wolontariuszy i materiały pozostaną w Leszczyńskim Centrum Wolontariatu i będą udostępniane "
    "nieodpłatnie organizatorom wydarzeń."
)
ACTIONS = [
    (
        "Szkolenia wolontariuszy",
        "Cztery szkolenia po 5 godzin: obsługa widowni, bezpieczeństwo imprez masowych, asysta osób z "
        "niepełnosprawnościami, pierwsza pomoc. Szkolenia prowadzą trenerzy z uprawnieniami; każdy uczestnik "
        "otrzymuje zaświadczenie.",
        "mieszkańcy Leszna w wieku 16–70 lat",
        "06.{year}",
    ),
    (
        "Dyżury przy wydarzeniach",
        "Koordynacja dyżurów wolontariuszy przy co najmniej 10 wydarzeniach miejskich: grafik, odprawy przed "
        "wydarzeniem, punkt informacyjny, asysta przy wejściach, zbieranie opinii widzów.",
        "organizatorzy i widzowie wydarzeń",
        "07–09.{year}",
    ),
    (
        "Materiały dostępnościowe",
        "Przygotowanie planów wydarzeń, tekstów łatwych do czytania i nagrań w polskim języku migowym; "
        "wypożyczenie pętli indukcyjnej na czas wydarzeń.",
        "osoby z niepełnosprawnościami",
        "06–09.{year}",
    ),
]
COSTS = [
    (0, "Wynagrodzenie trenerów", "godz.", "150", "20"),
    (0, "Wynajem sali szkoleniowej", "godz.", "80", "20"),
    (0, "Materiały szkoleniowe i zaświadczenia", "kpl.", "35", "40"),
    (0, "Praca wolontariuszy – przygotowanie szkoleń", "godz.", "40", "30"),
    (1, "Koordynator wolontariatu", "mies.", "2750", "4"),
    (1, "Koszulki i identyfikatory wolontariuszy", "szt.", "45", "40"),
    (1, "Ubezpieczenie NNW wolontariuszy", "os.", "25", "40"),
    (1, "Praca wolontariuszy – dyżury", "godz.", "40", "100"),
    (2, "Opracowanie tekstów łatwych do czytania", "usługa", "1800", "1"),
    (2, "Nagrania w polskim języku migowym", "min", "120", "15"),
    (None, "Obsługa księgowa", "mies.", "400", "4"),
]


def write_offer(call: Any, organisation: Any, author: Any) -> Any:
    """A complete one-year offer written section by section through the services, as an NGO writes it."""
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    from pozytek.offers import services  # noqa: PLC0415
    from pozytek.offers.models import Offer  # noqa: PLC0415

    def save(offer: Offer, section: str, **kwargs: Any) -> Offer:
        version = services.section_version(offer, section)
        return services.save_section(offer=offer, section=section, actor=author, version=version, **kwargs)

    year = call.delivery_start.year
    offer = services.start_offer(call=call, organisation=organisation, actor=author)
    lead = offer.offerors.get(order=0)
    offeror = {"id": lead.pk, **{f: getattr(lead, f) for f in services.OFFEROR_FIELDS}}
    offeror.update(
        address=offeror["address"] or "ul. Przykładowa 7, 64-100 Leszno",
        correspondence_address="skr. poczt. 12, 64-100 Leszno",
        website="https://wolontariat.leszno.example.org",
        email="biuro@wolontariat.leszno.example.org",
        phone="65 520 00 00",
    )
    contact = {"contact_name": "Joanna Przykładowa", "contact_phone": "600 000 000", "contact_email": author.email}
    offer = save(offer, "offerors", data=contact, rows=[offeror])
    task = {
        "title": "Wolontariusze kultury – dostępne wydarzenia miejskie",
        "start_date": call.delivery_start,
        "end_date": call.delivery_end,
        "summary": SUMMARY,
        "expected_results": RESULTS,
    }
    offer = save(offer, "task", data=task)
    rows = [
        {"year": year, "name": n, "description": d, "target_group": g, "period": p.format(year=year)}
        for n, d, g, p in ACTIONS
    ]
    offer = save(offer, "actions", rows=rows)
    actions = list(offer.actions.order_by("order", "pk"))
    results = [
        {"name": "Przeszkoleni wolontariusze", "target": "40 osób", "monitoring": "listy obecności, zaświadczenia"},
        {"name": "Wydarzenia z obsługą wolontariuszy", "target": "10 wydarzeń", "monitoring": "grafik dyżurów"},
        {"name": "Materiały dostępnościowe", "target": "10 planów, 3 teksty ETR", "monitoring": "publikacje"},
    ]
    offer = save(offer, "results", rows=results)
    costs = [
        {
            "category": "admin" if action is None else "action",
            **({} if action is None else {"action": actions[action].pk}),
            "name": name,
            "unit": unit,
            "unit_cost": Decimal(unit_cost),
            "quantity": Decimal(quantity),
            "year1": Decimal(unit_cost) * Decimal(quantity),
        }
        for action, name, unit, unit_cost, quantity in COSTS
    ]
    offer = save(offer, "costs", rows=costs)
    characteristics = {
        "previous_activity": (
            "Fundacja od 2012 r. prowadzi Leszczyńskie Centrum Wolontariatu. W latach 2023–2025 zrealizowała "
            "sześć zadań publicznych na zlecenie Miasta Leszna, w tym „Wolontariat przy Dniach Leszna” (2024, "
            "dotacja 18 000 zł) i „Senior – wolontariusz” (2025, 22 000 zł), rozliczone bez uwag. Co roku "
            "szkoli 60–80 wolontariuszy i współpracuje z 12 organizatorami wydarzeń."
        ),
        "resources": (
            "Zasoby kadrowe: koordynatorka wolontariatu (umowa zlecenie), dwoje trenerów z uprawnieniami "
            "ratownika i asystenta osoby z niepełnosprawnością, 10 doświadczonych wolontariuszy-liderów "
            "(praca społeczna, wyceniona jako wkład osobowy).\n"
            "Zasoby rzeczowe: sala szkoleniowa fundacji (użyczana nieodpłatnie poza godzinami zajęć), baza 200 "
            "wolontariuszy, sprzęt nagłośnieniowy i rzutnik."
        ),
    }
    offer = save(offer, "characteristics", data=characteristics)
    offer = save(
        offer,
        "sources",
        data={
            "requested_grant": Decimal("24000"),
            "own_financial": Decimal("1000"),
            "own_personal": Decimal("5200"),
        },
    )
    other = {
        "paid_activity": "free",
        "other_info": (
            "Zadanie nie przewiduje świadczeń pieniężnych od odbiorców; wolontariusze działają na podstawie "
            "porozumień (art. 44 ustawy)."
        ),
    }
    offer = save(offer, "other", data=other)
    statements = {
        "statement_public_benefit": True,
        "statement_fees": True,
        "tax_arrears": False,
        "social_insurance_arrears": False,
        "statement_register": True,
        "statement_true": True,
        "statement_gdpr": True,
    }
    offer = save(offer, "statements", data=statements)
    for n, label in enumerate(call.attachment_list):
        upload = SimpleUploadedFile(f"zalacznik-{n + 1}-{label[:20]}.pdf", PDF_BYTES, content_type="application/pdf")
        services.add_attachment(offer=offer, label=label, upload=upload, actor=author)
    return Offer.objects.get(pk=offer.pk)


def open_call(tenant: Any, official: Any) -> Any:
    """A published call of the demo's Leszno office taking offers for next summer."""
    from django.utils import timezone  # noqa: PLC0415

    from pozytek.competitions.demo_data import CHECKLIST, CRITERIA  # noqa: PLC0415
    from pozytek.competitions.services import create_call, publish_call  # noqa: PLC0415
    from pozytek.legal.models import SphereOfPublicTasks  # noqa: PLC0415

    year = timezone.localdate().year + 1
    deadline = (timezone.localtime() + dt.timedelta(days=22)).replace(hour=15, minute=30, second=0, microsecond=0)
    call = create_call(
        tenant=tenant,
        actor=official,
        data={
            "title": "Wolontariat przy wydarzeniach kulturalnych – benchmark dokumentów",
            "task_type": "Kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego; wolontariat.",
            "mode": "support",
            "total_funds": Decimal("80000.00"),
            "award_rules": "Dotacje przyznaje Prezydent Miasta Leszna po zapoznaniu się z opinią komisji.",
            "delivery_start": dt.date(year, 6, 1),
            "delivery_end": dt.date(year, 9, 30),
            "delivery_conditions": "Wydarzenia w przestrzeni publicznej Leszna, dostępne dla wszystkich.",
            "offer_deadline": deadline,
            "procedure": "Ocena formalna w biurze, ocena merytoryczna komisji konkursowej.",
            "choice_deadline": timezone.localdate() + dt.timedelta(days=60),
            "previous_tasks": "W roku bieżącym: 2 zadania, 52 000 zł.",
            "min_grant": Decimal("5000.00"),
            "max_grant": Decimal("40000.00"),
            "min_own_total": Decimal("10.00"),
            "admin_costs_cap": Decimal("10.00"),
            "required_attachments": "Statut\nSprawozdanie merytoryczne za poprzedni rok",
            "eligible_entities": ["ngo", "art3_3"],
            "spheres": list(SphereOfPublicTasks.objects.filter(code__in=["16"])),
        },
        criteria=CRITERIA,
        checklist=CHECKLIST,
    )
    return publish_call(call=call, actor=official)


def seed() -> tuple[Any, Any, Any]:
    """The demo data, then the benchmark's offer submitted: (its version, an agreement, a commission)."""
    from django.core.management import call_command  # noqa: PLC0415
    from django_scopes import scopes_disabled  # noqa: PLC0415

    from pozytek.accounts.models import User  # noqa: PLC0415
    from pozytek.agreements.models import Agreement  # noqa: PLC0415
    from pozytek.agreements.states import AgreementState  # noqa: PLC0415
    from pozytek.evaluation.models import Commission  # noqa: PLC0415
    from pozytek.evaluation.states import CommissionState  # noqa: PLC0415
    from pozytek.offers import services  # noqa: PLC0415
    from pozytek.offers.models import OfferVersion  # noqa: PLC0415
    from pozytek.organisations.models import Organisation  # noqa: PLC0415
    from pozytek.tenants.models import Tenant  # noqa: PLC0415

    start = time.perf_counter()
    call_command("load_demo_data", quiet=True)
    demo_s = time.perf_counter() - start
    start = time.perf_counter()
    with scopes_disabled():
        official = User.objects.get(email=OFFICIAL)
        call = open_call(Tenant.objects.get(slug="leszno"), official)
        offer = write_offer(call, Organisation.objects.get(name=ORGANISATION), User.objects.get(email=AUTHOR))
        version = services.submit_offer(offer=offer, actor=offer.created_by)
        version = OfferVersion.objects.select_related("offer__call", "tenant", "submitted_by").get(pk=version.pk)
        agreement = (
            Agreement.objects.select_related("tenant", "offer", "version")
            .filter(state=AgreementState.SIGNED)
            .order_by("pk")
            .first()
        )
        commission = Commission.objects.select_related("call", "closed_by").filter(state=CommissionState.CLOSED).first()
    print(f"demo data loaded in {demo_s:.1f} s; offer written and submitted in {time.perf_counter() - start:.1f} s")
    if agreement is None or commission is None:
        raise SystemExit("the demo data has no signed agreement or no closed commission")
    return version, agreement, commission


# --- Measuring -------------------------------------------------------------------------------------


class Samples:
    """Wall and CPU seconds of each run of a job, and the time Python's garbage collector took in it."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.gc: list[float] = []


def rounds(jobs: dict[str, Callable[[], Any]], repeat: int) -> dict[str, Samples]:
    """Run every job once per round, in an order rotated each round (so the baseline shares the load)."""
    samples = {name: Samples() for name in jobs}
    collecting = {"since": 0.0, "total": 0.0}

    def collector(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            collecting["since"] = time.perf_counter()
        else:
            collecting["total"] += time.perf_counter() - collecting["since"]

    names = list(jobs)
    gc.callbacks.append(collector)
    try:
        for n in range(repeat):
            for name in names[n % len(names) :] + names[: n % len(names)]:
                collecting["total"] = 0.0
                start, start_cpu = time.perf_counter(), time.process_time()
                jobs[name]()
                samples[name].cpu.append(time.process_time() - start_cpu)
                samples[name].wall.append(time.perf_counter() - start)
                samples[name].gc.append(collecting["total"])
    finally:
        gc.callbacks.remove(collector)
    return samples


# Phases of a WeasyPrint render and Django's template rendering, by the function that starts each.
PHASES = [
    ("template (Django)", "django/template/loader.py", "render_to_string"),
    ("HTML parsing", "weasyprint/__init__.py", "__init__"),
    ("stylesheet", "weasyprint/__init__.py", "__init__"),  # CSS(); told apart by the line number below
    ("CSS cascade", "weasyprint/css/__init__.py", "get_all_computed_styles"),
    ("boxes", "weasyprint/formatting_structure/build.py", "build_formatting_structure"),
    ("layout", "weasyprint/layout/__init__.py", "layout_document"),
    ("drawing + PDF", "weasyprint/document.py", "write_pdf"),
]


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint cuts the embedded fonts with HarfBuzz (libharfbuzz-subset0) rather than fontTools,
    which makes a one-line PDF about five times slower: the figures are not comparable across the two."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset  # noqa: PLC0415

    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def profile(render: Callable[[], Any], count: int) -> None:
    """cProfile `count` renders: time per phase and the functions that take the most time themselves."""
    from weasyprint import CSS, HTML  # noqa: PLC0415

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        render()
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_cc, _nc, _tt, ct, _callers) in entries.values())
    lines = {"HTML parsing": HTML.__init__.__code__.co_firstlineno, "stylesheet": CSS.__init__.__code__.co_firstlineno}
    print(f"profile of {count} offer renders (cProfile slows them down; shares are what matters):")
    for label, path, function in PHASES:
        cumulative = sum(
            ct
            for (file, line, name), (_cc, _nc, _tt, ct, _callers) in entries.items()
            if file.endswith(path) and name == function and (label not in lines or line == lines[label])
        )
        print(f"  {label:20s} {cumulative / count * 1000:7.1f} ms  {cumulative / total * 100:5.1f} %")
    print("  functions by own time:")
    top = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)[:12]
    for (file, line, name), (_cc, calls, own, _ct, _callers) in top:
        where = file.split("site-packages/")[-1] if file != "~" else "(C)"
        print(f"    {own / count * 1000:6.1f} ms  {calls // count:6d} calls  {name}  {where}:{line}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 15")
    parser.add_argument("--repeat", type=int, default=None, help="rounds (each prints every document once)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the migrated template database")
    parser.add_argument("--profile", action="store_true", help="add a cProfile of the offer's render")
    args = parser.parse_args()
    repeat = args.repeat or (5 if args.quick else 15)
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    var_dir = tempfile.TemporaryDirectory(prefix="pozytek-bench-documents-")
    env = {**base_env(database_url), "EMAIL_URL": "dummy://", "DJANGO_LOG_LEVEL": "ERROR"}
    setup_django({**env, "POZYTEK_VAR_DIR": var_dir.name})
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} ({os.cpu_count()} cores)")
    print(f"database: {prepare_database(database_url, args.fresh)}")
    harfbuzz = harfbuzz_subset_available()
    print(
        "font subsetting: "
        + ("HarfBuzz" if harfbuzz else "fontTools (no libharfbuzz-subset0: every PDF is slower; make pdf-deps)")
    )

    from django.template.loader import render_to_string  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415
    from django_scopes import scopes_disabled  # noqa: PLC0415
    from pypdf import PdfReader  # noqa: PLC0415
    from weasyprint import HTML  # noqa: PLC0415

    from pozytek.agreements.documents import agreement_document  # noqa: PLC0415
    from pozytek.evaluation.documents import protocol_document  # noqa: PLC0415
    from pozytek.offers.documents import OFFER_BODY, confirmation_document, offer_context, offer_document  # noqa: PLC0415

    translation.activate("pl")
    version, agreement, commission = seed()

    def offer() -> bytes:
        return offer_document(version.snapshot, checksum=version.checksum).pdf

    def template() -> str:
        context = offer_context(version.snapshot, checksum=version.checksum)
        return render_to_string(
            "documents/base_document.html",
            {**context, "body_template": OFFER_BODY, "document_title": "x", "for_print": True},
        )

    jobs: dict[str, Callable[[], Any]] = {
        "offer": offer,
        "confirmation": lambda: confirmation_document(version).pdf,
        "agreement": lambda: agreement_document(agreement).pdf,
        "protocol": lambda: protocol_document(commission).pdf,
        "baseline": lambda: HTML(string="<p>Pożytek</p>").write_pdf(),
    }
    with scopes_disabled():  # the views find these through their tenant; the documents read no tenant rows
        first = {name: job() for name, job in jobs.items()}  # warm up: imports, templates, fonts, query plans
        samples = rounds({**jobs, "offer template": template}, repeat)
        if args.profile:
            profile(offer, 3 if args.quick else 5)
    pages = {name: len(PdfReader(io.BytesIO(pdf)).pages) for name, pdf in first.items()}
    ms = {name: statistics.median(s.wall) * 1000 for name, s in samples.items()}
    cpu_ms = {name: statistics.median(s.cpu) * 1000 for name, s in samples.items()}
    print(
        f"documents ({repeat} rounds; wall time median and min, CPU time of this process median, time in Python's "
        "garbage collector mean):"
    )
    for name, s in samples.items():
        size = f"{pages[name]} p., {len(first[name]) / 1024:5.1f} KiB" if name in first else "(HTML of the offer)"
        print(
            f"  {name:15s} {ms[name]:7.1f} ms  min {min(s.wall) * 1000:7.1f}  cpu {cpu_ms[name]:7.1f}  "
            f"gc {statistics.fmean(s.gc) * 1000:5.1f}  {size}"
        )
    if pages["offer"] != OFFER_PAGES:
        print(f"  NOTE: the offer has {pages['offer']} pages, not {OFFER_PAGES}")
    print(f"  target: the offer < {OFFER_TARGET_MS:.0f} ms")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(
        f"RESULT documents offer_pdf_ms={ms['offer']:.1f} confirmation_pdf_ms={ms['confirmation']:.1f} "
        f"agreement_pdf_ms={ms['agreement']:.1f} protocol_pdf_ms={ms['protocol']:.1f} "
        f"baseline_pdf_ms={ms['baseline']:.1f} offer_cpu_ms={cpu_ms['offer']:.1f} "
        f"offer_template_ms={ms['offer template']:.1f} offer_pages={pages['offer']} "
        f"confirmation_pages={pages['confirmation']} agreement_pages={pages['agreement']} "
        f"protocol_pages={pages['protocol']} rounds={repeat} harfbuzz_subset={int(harfbuzz)} "
        f"offer_ok={int(ms['offer'] < OFFER_TARGET_MS)}"
    )
    var_dir.cleanup()


if __name__ == "__main__":
    main()
