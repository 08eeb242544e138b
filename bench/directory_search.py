"""Benchmark: directory search over 150,000 organisations in PostgreSQL (target p95 < 30 ms).

Generates organisations with realistic Polish names and addresses in a dedicated database
(`pozytek_bench`, recreated each run), then runs a fixed mix of queries — prefix, without
diacritics, with a typo, filter combinations, KRS lookups — through the selector the directory
page uses (`search_directory` + the page's count and first 20 rows), and the same queries as
hand-written SQL in the same run as the baseline. Like the page, both count at most 1,001 matches
("over 1,000 found") and fetch the first 20 by name.

    .venv/bin/python bench/directory_search.py [--quick] [--rows N]

Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pozytek_bench).
Last line: RESULT directory_search p95_ms=<n> raw_p95_ms=<n> rows=<n> …
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from _common import base_env, recreate_database, setup_django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMS = [
    ("fundacja", "Fundacja", 19),
    ("stowarzyszenie", "Stowarzyszenie", 58),
    ("stowarzyszenie-zwykle", "Stowarzyszenie Zwykłe", 5),
    ("oddzial-stowarzyszenia", "Oddział Stowarzyszenia", 17),
    ("uks", "Uczniowski Klub Sportowy", 6),
    ("klub-sportowy", "Klub Sportowy", 6),
    ("osp", "Ochotnicza Straż Pożarna w", 4),
    ("kgw", "Koło Gospodyń Wiejskich w", 3),
]
WORDS = [
    "Rozwoju",
    "Pomocy",
    "Zdrowia",
    "Kultury",
    "Edukacji",
    "Sportu",
    "Seniorów",
    "Dzieci",
    "Młodzieży",
    "Ekologii",
    "Historii",
    "Przyjaciół",
    "Wsparcia",
    "Integracji",
    "Turystyki",
    "Muzyki",
    "Teatru",
    "Rodzin",
    "Zwierząt",
    "Nauki",
    "Sztuki",
    "Dziedzictwa",
    "Aktywności",
    "Wolontariatu",
    "Osób Niepełnosprawnych",
    "Przedsiębiorczości",
    "Bezpieczeństwa",
    "Ratownictwa",
    "Tradycji",
    "Mniejszości",
]
PLACES = [
    "Łódź",
    "Poznań",
    "Białystok",
    "Leszno",
    "Gdańsk",
    "Kraków",
    "Wrocław",
    "Szczecin",
    "Lublin",
    "Rzeszów",
    "Kielce",
    "Olsztyn",
    "Opole",
    "Zielona Góra",
    "Gorzów Wielkopolski",
    "Bydgoszcz",
    "Toruń",
    "Katowice",
    "Częstochowa",
    "Radom",
    "Płock",
    "Kalisz",
    "Koszalin",
    "Słupsk",
    "Elbląg",
    "Łomża",
    "Suwałki",
    "Przemyśl",
    "Zamość",
    "Chełm",
    "Biała Podlaska",
    "Siedlce",
    "Ostrołęka",
    "Piła",
    "Konin",
    "Gniezno",
    "Włocławek",
    "Grudziądz",
    "Tarnów",
    "Nowy Sącz",
    "Jelenia Góra",
    "Wałbrzych",
    "Legnica",
    "Głogów",
    "Świnoujście",
    "Police",
    "Dobra",
    "Kołbaskowo",
    "Nowe Warpno",
    "Jeżyce",
    "Wilda",
    "Grunwald",
    "Dojlidy",
    "Bojary",
    "Antoniuk",
    "Piaski",
    "Żoliborz",
    "Mokotów",
    "Śródmieście",
    "Bałuty",
    "Widzew",
    "Górna",
    "Polesie",
]
STREETS = [
    "Długa",
    "Krótka",
    "Polna",
    "Leśna",
    "Słoneczna",
    "Ogrodowa",
    "Lipowa",
    "Brzozowa",
    "Kościuszki",
    "Mickiewicza",
    "Sienkiewicza",
    "Żeromskiego",
    "Piłsudskiego",
    "3 Maja",
    "Wojska Polskiego",
    "Źródlana",
]
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)


def nip_for(n: int) -> str:
    for step in range(10):
        base = f"{100_000_000 + n * 10 + step:09d}"
        check = sum(w * int(d) for w, d in zip(NIP_WEIGHTS, base, strict=True)) % 11
        if check < 10:
            return base + str(check)
    raise ValueError(n)


def regon_for(n: int) -> str:
    base = f"{20_000_000 + n:08d}"
    return base + str(sum(w * int(d) for w, d in zip(REGON_WEIGHTS, base, strict=True)) % 11 % 10)


def setup(database_url: str) -> None:
    recreate_database(database_url, force=False)
    setup_django(base_env(database_url))


def generate(rows: int, rng: random.Random) -> object:
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    from pozytek.legal.models import LegalForm, SphereOfPublicTasks  # noqa: PLC0415
    from pozytek.organisations.models import Organisation, OrganisationArea  # noqa: PLC0415
    from pozytek.organisations.services import learn_search_terms, refresh_search_fields  # noqa: PLC0415
    from pozytek.tenants.models import Tenant  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    tenant = Tenant.objects.create(
        name="Miasto Benchmark",
        slug="bench",
        kind="miasto_npp",
        teryt="9999999",
        state="published",
        office_name="Urząd",
        address="ul. Testowa 1",
    )
    forms = {slug: LegalForm.objects.get(slug=slug) for slug, _label, _w in FORMS}
    spheres = list(SphereOfPublicTasks.objects.all())
    weights = [w for _s, _l, w in FORMS]
    start = time.perf_counter()
    batch, areas, sphere_links = [], [], []
    through = Organisation.spheres.through
    for n in range(rows):
        slug, label, _w = rng.choices(FORMS, weights=weights)[0]
        place = rng.choice(PLACES)
        name = f"{label} {rng.choice(WORDS)} {rng.choice(WORDS) + ' ' if rng.random() < 0.3 else ''}{place}"
        org = Organisation(
            name=name,
            legal_form=forms[slug],
            krs=f"{n + 1:010d}" if slug not in ("uks", "stowarzyszenie-zwykle") else "",
            nip=nip_for(n),
            regon=regon_for(n),
            opp=rng.random() < 0.07,
            city=place,
            street=f"ul. {rng.choice(STREETS)} {rng.randint(1, 120)}",
            postal_code=f"{rng.randint(0, 99):02d}-{rng.randint(0, 999):03d}",
            email=f"kontakt{n}@example.org",
            source="office",
            state="active" if rng.random() > 0.03 else "inactive",
        )
        refresh_search_fields(org, learn=False)
        batch.append(org)
        if len(batch) == 5000:
            created = Organisation.objects.bulk_create(batch)
            areas += [OrganisationArea(tenant=tenant, organisation=o, basis="office") for o in created]
            sphere_links += [
                through(organisation_id=o.pk, sphereofpublictasks_id=rng.choice(spheres).pk) for o in created
            ]
            OrganisationArea._base_manager.bulk_create(areas)
            through.objects.bulk_create(sphere_links)
            batch, areas, sphere_links = [], [], []
    if batch:
        created = Organisation.objects.bulk_create(batch)
        OrganisationArea._base_manager.bulk_create(
            [OrganisationArea(tenant=tenant, organisation=o, basis="office") for o in created]
        )
        through.objects.bulk_create(
            [through(organisation_id=o.pk, sphereofpublictasks_id=rng.choice(spheres).pk) for o in created]
        )
    learn_search_terms(list(Organisation.objects.values_list("search_text", flat=True)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated {rows} organisations in {time.perf_counter() - start:.1f} s")
    return tenant


def pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


RAW_BASE = (
    "FROM organisations_organisation o WHERE o.state = 'active' AND o.id IN "
    "(SELECT organisation_id FROM organisations_organisationarea WHERE tenant_id = %s)"
)


def corrected(cursor: object, word: str, stem_: str) -> list[str]:
    """Raw equivalent of the selector's vocabulary lookup for a misspelt word."""
    cursor.execute("SELECT 1 FROM organisations_searchterm WHERE word LIKE %s LIMIT 1", [stem_ + "%"])
    if cursor.fetchone():
        return []
    cursor.execute(
        "SELECT word FROM organisations_searchterm WHERE word %% %s AND similarity(word, %s) >= 0.4 "
        "ORDER BY similarity(word, %s) DESC, word LIMIT 3",
        [word, word, word],
    )
    return [row[0] for row in cursor.fetchall()]


def typo_condition(cursor: object, words: list[tuple[str, str]]) -> tuple[str, list]:
    """Raw equivalent of the selector's text match: one tsquery on the word index."""
    terms = []
    for word, stem_ in words:
        terms.append("(" + " | ".join([f"{stem_}:*", *corrected(cursor, word, stem_)]) + ")")
    return "AND o.search_vector @@ to_tsquery('simple', %s)", [" & ".join(terms)]


def query_mix() -> list[tuple[str, dict, object]]:
    """(label, DirectoryQuery kwargs, condition: SQL string + params, or a function of the cursor)."""
    nip = nip_for(4242)
    return [
        ("prefix", {"text": "fund"}, lambda c: typo_condition(c, [("fund", "fund")])),
        ("no diacritics", {"text": "lodz"}, lambda c: typo_condition(c, [("lodz", "lodz")])),
        (
            "inflected words",
            {"text": "fundacja zdrowie"},
            lambda c: typo_condition(c, [("fundacja", "fundac"), ("zdrowie", "zdrow")]),
        ),
        ("typo", {"text": "stowarzyszneie"}, lambda c: typo_condition(c, [("stowarzyszneie", "stowarzyszne")])),
        (
            "typo + place",
            {"text": "fundcja gdansk"},
            lambda c: typo_condition(c, [("fundcja", "fundc"), ("gdansk", "gdan")]),
        ),
        (
            "form + opp",
            {"legal_form": "fundacja", "opp": True},
            ("AND o.opp AND o.legal_form_id = (SELECT id FROM legal_legalform WHERE slug = 'fundacja')", []),
        ),
        (
            "sphere + text",
            {"sphere": "17", "text": "klub"},
            lambda c: (
                typo_condition(c, [("klub", "klub")])[0] + " AND o.id IN (SELECT organisation_id FROM "
                "organisations_organisation_spheres s JOIN legal_sphereofpublictasks p ON "
                "p.id = s.sphereofpublictasks_id WHERE p.code = '17')",
                typo_condition(c, [("klub", "klub")])[1],
            ),
        ),
        ("KRS lookup", {"text": "12345"}, ("AND (o.search_text LIKE %s OR o.krs = %s)", ["% 12345%", "0000012345"])),
        ("full KRS", {"text": "0000098765"}, ("AND (o.nip = %s OR o.regon = %s OR o.krs = %s)", ["0000098765"] * 3)),
        ("NIP lookup", {"text": nip}, ("AND (o.nip = %s OR o.regon = %s OR o.krs = %s)", [nip, nip, nip.zfill(10)])),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="10,000 organisations, fewer repetitions")
    parser.add_argument("--rows", type=int, default=None)
    args = parser.parse_args()
    rows = args.rows or (10_000 if args.quick else 150_000)
    repeat = 10 if args.quick else 40
    setup(os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pozytek_bench"))
    from django.db import connection  # noqa: PLC0415

    from pozytek.organisations.selectors import DirectoryQuery, count_capped, search_directory  # noqa: PLC0415

    tenant = generate(rows, random.Random(2026))  # noqa: S311 -- reproducible test data, not security
    mix = query_mix()
    selector_all, raw_all = [], []
    print(f"{'query':18} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'raw p50':>8} {'raw p95':>8}")
    for label, kwargs, spec in mix:

        def run_selector(kwargs: dict = kwargs) -> int:
            queryset = search_directory(tenant, DirectoryQuery(**kwargs))
            total = count_capped(queryset)
            list(queryset[:20])
            return total

        def run_raw(spec: object = spec) -> int:
            with connection.cursor() as cursor:
                condition, params = spec(cursor) if callable(spec) else spec
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 {RAW_BASE} {condition} LIMIT 1001) capped", [tenant.pk, *params]
                )
                total = cursor.fetchone()[0]
                cursor.execute(
                    f"SELECT o.id, o.name {RAW_BASE} {condition} ORDER BY o.sort_name, o.id LIMIT 20",
                    [tenant.pk, *params],
                )
                cursor.fetchall()
            return total

        matches = run_selector()
        run_raw()
        selector_samples, raw_samples = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            run_selector()
            selector_samples.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            run_raw()
            raw_samples.append((time.perf_counter() - start) * 1000)
        selector_all += selector_samples
        raw_all += raw_samples
        print(
            f"{label:18} {matches:>8} {statistics.median(selector_samples):>8.2f} {pct(selector_samples, 95):>8.2f} "
            f"{statistics.median(raw_samples):>8.2f} {pct(raw_samples, 95):>8.2f}"
        )
    print(
        f"RESULT directory_search p95_ms={pct(selector_all, 95):.2f} raw_p95_ms={pct(raw_all, 95):.2f} rows={rows} "
        f"p50_ms={statistics.median(selector_all):.2f} p99_ms={pct(selector_all, 99):.2f} "
        f"raw_p50_ms={statistics.median(raw_all):.2f} raw_p99_ms={pct(raw_all, 99):.2f}"
    )


if __name__ == "__main__":
    main()
