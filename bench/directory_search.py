"""Benchmark: the directory search page at 15,000 and at 150,000 organisations in PostgreSQL.

Targets (issue 16): p95 < 30 ms for the page at 150,000 organisations, at most 2x the raw SQL baseline,
and a p95 that grows at most 1.5x from 15,000 to 150,000 organisations.

Generates organisations with realistic Polish names and addresses into two databases, recreated each
run: `pozytek_bench` with 150,000 and `pozytek_bench_small` with the first 15,000 of the same
sequence, each vacuumed and analysed as autovacuum would leave a table after such an import. A fixed
mix of queries — prefix, without diacritics, with a typo, filter combinations, KRS and NIP lookups —
is asked of the directory page itself (the view, its form, its queries and its template, through
Django's test client), of its selector alone (`directory_results(…)`: the count and
the first 20 rows), and, as the baseline in the same run, of hand-written SQL doing the same work
with the same joins: the vocabulary lookups of a misspelt word, up to 1,001 matching ids ("over
1,000 found"), the first 20 rows by name with their legal form (over the matching ids, or walking
the name order when there are more than 1,000), and the spheres of those 20. The two sizes take
turns in four blocks, so that other load on the machine falls on both alike.

    .venv/bin/python bench/directory_search.py [--quick] [--rows N] [--small N] [--repeat N]

Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pozytek_bench;
the small directory is `<name>_small`).
Last line: RESULT directory_search page_p95_ms=<n> raw_p95_ms=<n> growth_p95=<n> rows=<n> …
(growth_p95 = the page's p95 at `--rows` over its p95 at `--small` organisations).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from _common import base_env, production_cache, recreate_database, setup_django

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
    """Recreate the large directory's database and the small one's (`<name>_small`); Django on the large one."""
    recreate_database(database_url, force=False)
    recreate_database(database_url + "_small", force=False)
    setup_django(
        {
            **base_env(database_url),
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "EMAIL_URL": "dummy://",
            "DJANGO_LOG_LEVEL": "ERROR",
            "POZYTEK_ACCESS_LOG": "0",  # one line per request on the console would drown the figures
            **production_cache(),
        }
    )
    from django.conf import settings  # noqa: PLC0415 -- after django.setup()

    # No collected manifest needed: the page's {% static %} links are not what is measured.
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"


def use_database(name: str) -> None:
    """Point Django's connection (the test client's too) at another database; it reconnects on next use."""
    from django.db import connection  # noqa: PLC0415

    connection.close()
    connection.settings_dict["NAME"] = name


def create_tenant() -> object:
    from django.core.management import call_command  # noqa: PLC0415

    from pozytek.tenants.models import Tenant  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    return Tenant.objects.create(
        name="Miasto Benchmark",
        slug="bench",
        kind="miasto_npp",
        teryt="9999999",
        state="published",
        office_name="Urząd",
        address="ul. Testowa 1",
    )


def generate(tenant: object, start: int, stop: int, rng: random.Random) -> None:
    """Organisations number `start` to `stop` - 1, listed in the tenant's directory, then VACUUM ANALYZE."""
    from django.db import connection  # noqa: PLC0415

    from pozytek.legal.models import LegalForm, SphereOfPublicTasks  # noqa: PLC0415
    from pozytek.organisations.models import Organisation, OrganisationArea  # noqa: PLC0415
    from pozytek.organisations.services import learn_search_terms, refresh_search_fields  # noqa: PLC0415

    forms = {slug: LegalForm.objects.get(slug=slug) for slug, _label, _w in FORMS}
    spheres = list(SphereOfPublicTasks.objects.all())
    weights = [w for _s, _l, w in FORMS]
    through = Organisation.spheres.through
    started = time.perf_counter()
    batch: list = []

    def flush() -> None:
        created = Organisation.objects.bulk_create(batch)
        OrganisationArea._base_manager.bulk_create(
            [OrganisationArea(tenant=tenant, organisation=o, basis="office") for o in created]
        )
        through.objects.bulk_create(
            [through(organisation_id=o.pk, sphereofpublictasks_id=rng.choice(spheres).pk) for o in created]
        )
        learn_search_terms(created)
        batch.clear()

    for n in range(start, stop):
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
            flush()
    if batch:
        flush()
    seeded = time.perf_counter()
    with connection.cursor() as cursor:
        for table in (
            "organisations_organisation",
            "organisations_organisationarea",
            "organisations_organisation_spheres",
            "organisations_searchterm",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(
        f"generated organisations {start:,}–{stop - 1:,} in {seeded - started:.1f} s, "
        f"VACUUM ANALYZE {time.perf_counter() - seeded:.1f} s"
    )


def pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


RAW_COLUMNS = (
    "o.id, o.name, o.city, o.krs, o.opp, o.excluded_art_3_4, o.legal_form_id, l.id, l.name, l.name_en, l.name_uk"
)
RAW_FROM = "FROM organisations_organisation o LEFT JOIN legal_legalform l ON l.id = o.legal_form_id"
RAW_WHERE = (
    "WHERE o.state = 'active' AND EXISTS (SELECT 1 FROM organisations_organisationarea a "
    "WHERE a.tenant_id = %s AND a.organisation_id = o.id)"
)


def corrected(cursor: object, word: str, stem_: str, first: str | None) -> tuple[list[str], str | None]:
    """Raw equivalent of the selector's vocabulary lookup, given the earliest first name of the known words
    the stem begins (None: none): the corrections of a misspelt word and the first name in name order
    that the word's matches can have."""
    boundable = len(stem_) >= 3 and not stem_.isdigit()
    if first is not None:
        return [], first if boundable else None
    cursor.execute(
        "SELECT word, MIN(first_sort_name) OVER () FROM organisations_searchterm "
        "WHERE word %% %s AND similarity(word, %s) >= 0.4 ORDER BY similarity(word, %s) DESC, word LIMIT 3",
        [word, word, word],
    )
    rows = cursor.fetchall()
    return [row[0] for row in rows], rows[0][1] if rows and boundable else None


def typo_condition(cursor: object, words: list[tuple[str, str]], extra: str = "") -> tuple[str, list]:
    """Raw equivalent of the selector's text match: the stems' first names (one query), one tsquery on the
    word index, and the matches' lower bound in name order (the latest first name of the words)."""
    cursor.execute(
        " UNION ALL ".join(
            f"SELECT {n}, MIN(first_sort_name) FROM organisations_searchterm WHERE word LIKE %s"
            for n in range(len(words))
        ),
        [stem_ + "%" for _word, stem_ in words],
    )
    known = dict(cursor.fetchall())
    terms, firsts = [], []
    for n, (word, stem_) in enumerate(words):
        alternatives, first = corrected(cursor, word, stem_, known.get(n))
        terms.append("(" + " | ".join([f"{stem_}:*", *alternatives]) + ")")
        if first:
            firsts.append(first)
    condition, params = "AND o.search_vector @@ to_tsquery('simple', %s)", [" & ".join(terms)]
    if firsts:
        condition, params = condition + " AND o.sort_name >= %s", [*params, max(firsts)]
    return condition + extra, params


def raw_search(cursor: object, tenant_id: int, spec: object) -> int:
    """The page's search as hand-written SQL: capped ids, the first 20 rows with their legal form, their spheres."""
    condition, params = spec(cursor) if callable(spec) else spec
    where = f"{RAW_WHERE} {condition}"
    cursor.execute(f"SELECT o.id FROM organisations_organisation o {where} LIMIT 1001", [tenant_id, *params])
    ids = [row[0] for row in cursor.fetchall()]
    if len(ids) > 1000:  # more than the cap: the rows of the page's ids, found by walking the name order
        cursor.execute(
            f"SELECT {RAW_COLUMNS} {RAW_FROM} WHERE o.id IN (SELECT o.id FROM organisations_organisation o {where} "
            "ORDER BY o.sort_name, o.id LIMIT 20) ORDER BY o.sort_name, o.id",
            [tenant_id, *params],
        )
    else:  # the rows of the matching ids, by primary key, with what the page shows
        cursor.execute(
            f"SELECT {RAW_COLUMNS} {RAW_FROM} WHERE o.id = ANY(%s) ORDER BY o.sort_name, o.id LIMIT 20", [ids]
        )
    page = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT s.organisation_id, p.id, p.short_name, p.short_name_en, p.short_name_uk "
        "FROM organisations_organisation_spheres s "
        "JOIN legal_sphereofpublictasks p ON p.id = s.sphereofpublictasks_id WHERE s.organisation_id = ANY(%s)",
        [page],
    )
    cursor.fetchall()
    return len(ids)


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
            lambda c: typo_condition(
                c,
                [("klub", "klub")],
                " AND o.search_vector @@ (SELECT string_agg(quote_literal('#' || id), ' | ')::tsquery "
                "FROM legal_sphereofpublictasks WHERE code = '17')",
            ),
        ),
        ("KRS lookup", {"text": "12345"}, ("AND (o.search_text LIKE %s OR o.krs = %s)", ["% 12345%", "0000012345"])),
        ("full KRS", {"text": "0000098765"}, ("AND (o.nip = %s OR o.regon = %s OR o.krs = %s)", ["0000098765"] * 3)),
        ("NIP lookup", {"text": nip}, ("AND (o.nip = %s OR o.regon = %s OR o.krs = %s)", [nip, nip, nip.zfill(10)])),
    ]


def page_url(kwargs: dict) -> str:
    """The directory page's address for a DirectoryQuery's arguments (the form's GET parameters)."""
    names = {"text": "q", "legal_form": "legal_form", "sphere": "sphere", "opp": "opp"}
    params = {names[key]: ("1" if value else "0") if key == "opp" else value for key, value in kwargs.items()}
    return "/bench/organizacje/?" + urlencode(params)


KINDS = ("page", "selector", "raw")


def runners(tenant: object, kwargs: dict, spec: object) -> dict[str, object]:
    """The page, the selector and the raw SQL of one query of the mix, each a function returning nothing."""
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from pozytek.organisations.selectors import DirectoryQuery, directory_results  # noqa: PLC0415

    client, url = Client(), page_url(kwargs)

    def page() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")

    def selector() -> None:
        directory_results(tenant, DirectoryQuery(**kwargs))[0:20]

    def raw() -> None:
        with connection.cursor() as cursor:
            raw_search(cursor, tenant.pk, spec)

    return {"page": page, "selector": selector, "raw": raw}


def describe(tenant: object, kwargs: dict) -> tuple[int, int]:
    """Matches (capped at 1,001) and the number of queries of the page."""
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from pozytek.organisations.selectors import DirectoryQuery, directory_results  # noqa: PLC0415

    queries: list[str] = []

    def count_query(execute: object, sql: str, *args: object) -> object:
        queries.append(sql)
        return execute(sql, *args)

    Client().get(page_url(kwargs))  # the filters' choices into the shared cache, as for every later request
    with connection.execute_wrapper(count_query):
        Client().get(page_url(kwargs))
    return len(directory_results(tenant, DirectoryQuery(**kwargs))), len(queries)


def measure(tenant: object, databases: dict[int, str], repeat: int, blocks: int) -> dict[int, dict]:
    """Samples (ms) of page, selector and raw SQL per directory size and query.

    The sizes take turns in `blocks` blocks (each query `repeat / blocks` times per block, the three
    kinds interleaved), so that the machine's other load falls on both sizes alike.
    """
    mix = query_mix()
    samples = {size: {label: {kind: [] for kind in KINDS} for label, _k, _s in mix} for size in databases}
    described: dict[int, dict[str, tuple[int, int]]] = {}
    for block in range(blocks):
        for size, name in databases.items():
            use_database(name)
            if size not in described:
                described[size] = {label: describe(tenant, kwargs) for label, kwargs, _s in mix}
            for label, kwargs, spec in mix:
                run = runners(tenant, kwargs, spec)
                for kind in KINDS:
                    run[kind]()  # warm: the connection, the plans, the cache
                for _ in range(repeat // blocks + (block < repeat % blocks)):
                    for kind in KINDS:
                        started = time.perf_counter()
                        run[kind]()
                        samples[size][label][kind].append((time.perf_counter() - started) * 1000)
        print(f"  block {block + 1}/{blocks} done (load average {load_average()})")
    for size in databases:
        print(f"-- {size:,} organisations in the directory")
        print(
            f"{'query':16} {'matches':>7} {'queries':>7} {'page p50':>9} {'p95':>7} {'selector p50':>13} {'p95':>7} "
            f"{'raw p50':>8} {'p95':>7}"
        )
        for label, _kwargs, _spec in mix:
            matches, queries = described[size][label]
            one = samples[size][label]
            print(
                f"{label:16} {matches:>7} {queries:>7} {statistics.median(one['page']):>9.2f} "
                f"{pct(one['page'], 95):>7.2f} {statistics.median(one['selector']):>13.2f} "
                f"{pct(one['selector'], 95):>7.2f} {statistics.median(one['raw']):>8.2f} {pct(one['raw'], 95):>7.2f}"
            )
        for kind in KINDS:
            every = [ms for one in samples[size].values() for ms in one[kind]]
            print(f"  all queries, {kind:8}: p50 {statistics.median(every):.2f} ms, p95 {pct(every, 95):.2f} ms")
    return {
        size: {kind: [ms for one in per_query.values() for ms in one[kind]] for kind in KINDS}
        for size, per_query in samples.items()
    }


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1,500 and 15,000 organisations, fewer repetitions")
    parser.add_argument("--rows", type=int, default=None, help="the large directory (150,000)")
    parser.add_argument("--small", type=int, default=None, help="the small directory (a tenth of --rows)")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions of each query per size (40)")
    args = parser.parse_args()
    rows = args.rows or (15_000 if args.quick else 150_000)
    small = args.small or rows // 10
    repeat = args.repeat or (10 if args.quick else 40)
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pozytek_bench")
    name = database_url.rsplit("/", 1)[1]
    databases = {small: name + "_small", rows: name}
    setup(database_url)
    print(f"load average before: {load_average()} ({os.cpu_count()} cores)")
    for size, database in databases.items():
        use_database(database)
        tenant = create_tenant()  # the same primary key in both databases
        # The same seed: the small directory is the first tenth of the large one.
        generate(tenant, 0, size, random.Random(2026))  # noqa: S311 -- reproducible test data, not security
    results = measure(tenant, databases, repeat, blocks=min(4, repeat))
    large, little = results[rows], results[small]
    page_p95, raw_p95, small_p95 = pct(large["page"], 95), pct(large["raw"], 95), pct(little["page"], 95)
    print(f"load average after: {load_average()}")
    print(
        f"RESULT directory_search page_p95_ms={page_p95:.2f} raw_p95_ms={raw_p95:.2f} "
        f"growth_p95={page_p95 / small_p95:.2f} rows={rows} small_rows={small} small_page_p95_ms={small_p95:.2f} "
        f"small_raw_p95_ms={pct(little['raw'], 95):.2f} page_raw_ratio={page_p95 / raw_p95:.2f} "
        f"selector_p95_ms={pct(large['selector'], 95):.2f} page_p50_ms={statistics.median(large['page']):.2f} "
        f"raw_p50_ms={statistics.median(large['raw']):.2f} page_p99_ms={pct(large['page'], 99):.2f}"
    )


if __name__ == "__main__":
    main()
