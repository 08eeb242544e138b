"""The machinery every permission matrix (tests/<app>/test_permission_matrix.py) shares: reading the table,
listing an app's URL names from the resolver, the two tenants and the usual kinds of person, signing a
column's person in, naming an outcome, the module's prepared world rolled back at its end, the matrix's
test itself and the helpers of the "another tenant's ids" tests.

A matrix is a TABLE string whose rows are `row METHOD` and whose columns are kinds of person; outcomes are
status codes, `login` (a redirect to the login page) and `mfa` (a redirect to the setup of an
authenticator). Each module keeps its TABLE, its ROUTES (row → URL name, and what the URL takes from the
prepared world), its world and its own tests, and exposes `COVERED_URL_NAMES` (tests/test_route_coverage.py).
"""

import io
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from pozytek.accounts.models import Role
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.tenants import TenantFactory

TENANT_A = "testowo"
TENANT_B = "inna"
# Outcomes that stop a request before it reads the objects of its URL.
STOPPED_BEFORE_OBJECTS = ("login", "mfa", "405")

Expected = dict[tuple[str, str], dict[str, str]]


# The table and the routes -------------------------------------------------------------------------------


def parse_table(table: str, columns: tuple[str, ...]) -> Expected:
    """`{(row, method): {column: outcome}}`; the first line is the header, `#` lines are comments."""
    lines = table.strip().splitlines()
    assert tuple(lines[0].split()[1:]) == columns, lines[0]
    cells = {}
    for line in lines[1:]:
        if line.startswith("#"):
            continue
        row, method, *outcomes = line.split()
        assert len(outcomes) == len(columns), line
        assert (row, method) not in cells, f"twice in the table: {row} {method}"
        cells[(row, method)] = dict(zip(columns, outcomes, strict=True))
    return cells


def app_url_names(prefixes: tuple[str, ...]) -> set[str]:
    """Every URL pattern mounted from a URL module whose dotted name starts with one of `prefixes` (and
    every pattern included from it), as "namespace:name", or "name" outside a namespace; a pattern without
    a name is reported as "<unnamed PATTERN>", so it cannot hide."""
    names: set[str] = set()

    def walk(patterns, namespace: str, inside: bool) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", str(pattern.urlconf_name))
                walk(pattern.url_patterns, pattern.namespace or namespace, inside or module.startswith(prefixes))
            elif inside:
                name = pattern.name or f"<unnamed {pattern.pattern}>"
                names.add(f"{namespace}:{name}" if namespace else name)

    walk(get_resolver().url_patterns, "", False)
    return names


def covered_url_names(routes: dict) -> set[str]:
    """The URL names of a matrix's ROUTES (row → URL name, or a tuple that starts with it)."""
    return {route if isinstance(route, str) else route[0] for route in routes.values()}


def route_test(expected: Expected, routes: dict, prefixes: tuple[str, ...]):
    """The test that every row of the table has its route and every route its row, and that the app's URL
    modules (those whose dotted name starts with one of `prefixes`) hold no route, named or not, that the
    matrix does not cover."""

    def test_every_route_is_in_the_table():
        rows = {row for row, _method in expected}
        assert rows == set(routes), (
            f"rows without a route: {rows - set(routes)}; routes without a row: {set(routes) - rows}"
        )
        names, covered = app_url_names(prefixes), covered_url_names(routes)
        assert names == covered, f"routes not in the table: {names - covered}; not routes of the app: {covered - names}"

    return test_every_route_is_in_the_table


# The world and its people -------------------------------------------------------------------------------


def two_tenants():
    """Tenant A ("testowo", the one the matrices ask) and tenant B ("inna", whose ids must not leak)."""
    return (
        TenantFactory(slug=TENANT_A, name="Miasto Testowo", email="urzad@testowo.example"),
        TenantFactory(slug=TENANT_B, name="Gmina Inna", email="urzad@inna.example"),
    )


def official_of(tenant, *, role=Role.OFFICIAL, totp: bool = True):
    """A member of `tenant`'s office (an official unless `role` says otherwise), with an authenticator
    unless `totp` is false."""
    user = MembershipFactory(tenant=tenant, role=role).user
    return with_totp(user) if totp else user


def superuser():
    """The platform admin: a superuser with an authenticator, no role in any tenant, no organisation."""
    return with_totp(UserFactory(is_superuser=True, is_staff=True))


def people_of(columns: tuple[str, ...], tenant_a, tenant_b, **own) -> dict:
    """One person per column: the ones in `own` as given, the usual kinds made here (in the columns' order):
    anon nobody; res signed in, no roles, no authenticator; offA / offB an official of tenant A / B with an
    authenticator; offA0 (or nomfa) an official of tenant A without one; admA a tenant admin of A with one;
    super the platform admin."""
    usual = {
        "anon": lambda: None,
        "res": UserFactory,
        "offA": lambda: official_of(tenant_a),
        "offA0": lambda: official_of(tenant_a, totp=False),
        "nomfa": lambda: official_of(tenant_a, totp=False),
        "admA": lambda: official_of(tenant_a, role=Role.TENANT_ADMIN),
        "offB": lambda: official_of(tenant_b),
        "super": superuser,
    }
    return {column: own[column] if column in own else usual[column]() for column in columns}


def same_people_in_both_tenants(create_people, prepare, columns: tuple[str, ...], seats: dict[str, str]) -> dict:
    """Tenants A and B, each prepared by `prepare(tenant, its official, people)` around the same `people`
    (`create_people(tenant_a)`: e.g. the members of both commissions or councils); the columns of `seats`
    are those people (column → attribute), offA / offB the officials who prepared A and B, the rest the
    usual kinds (`people_of`)."""
    tenant_a, tenant_b = two_tenants()
    people = create_people(tenant_a)
    a = prepare(tenant_a, official_of(tenant_a), people)
    b = prepare(tenant_b, official_of(tenant_b), people)
    seated = {column: getattr(people, attribute) for column, attribute in seats.items()}
    users = people_of(columns, tenant_a, tenant_b, offA=a.official, offB=b.official, **seated)
    return {"a": a, "b": b, "people": people, "users": users}


def fixtures(build: Callable[[], object]) -> tuple:
    """The module's fixtures: `world`, `build()` once for the module inside a transaction rolled back at its
    end (every test adds its own savepoint, so a cell's POST never leaks into the next cell), and an autouse
    `_fresh_cache` that empties the cache before each test (rate limits, cached pages)."""

    @pytest.fixture(scope="module", name="world")
    def world(django_db_setup, django_db_blocker) -> Iterator[object]:
        with django_db_blocker.unblock(), transaction.atomic():
            yield build()
            transaction.set_rollback(True)

    @pytest.fixture(autouse=True, name="_fresh_cache")
    def _fresh_cache(db) -> None:
        cache.clear()

    return world, _fresh_cache


# One cell ---------------------------------------------------------------------------------------------


def sign_in(client, user) -> None:
    """Nobody for None; a person with an authenticator as if the second step was passed."""
    if user is None:
        return
    if user.authenticator_set.exists():
        login_with_mfa(client, user)
    else:
        client.force_login(user)


def outcome(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return "login"
        if location.startswith(reverse("mfa_activate_totp")):
            return "mfa"
    return str(response.status_code)


def send(client, method: str, url: str, data: dict | None = None):
    """A POST of `data` (none: an empty form) or a GET with `data` as its query."""
    return client.post(url, data or {}) if method == "POST" else client.get(url, data)


def request_row(client, method: str, routes: dict, row: str, prepared, *, platform: tuple[str, ...] = ()):
    """The row's request (an empty POST or a GET) with the ids of `prepared` in tenant A's URL (`row_url`)."""
    return send(client, method, row_url(routes, row, prepared, platform=platform))


def in_tenant_a(routes: dict, *, platform: tuple[str, ...] = ()) -> Callable:
    """A matrix's `request` (see `matrix_test`) for routes (URL name, kwargs from the prepared objects):
    the row's request with the ids of tenant A's prepared objects, `world["a"]`."""
    return lambda client, method, row, world: request_row(client, method, routes, row, world["a"], platform=platform)


def row_url(routes: dict, row: str, prepared, *, tenant_slug: str = TENANT_A, platform: tuple[str, ...] = ()) -> str:
    """The URL of a row whose route is (URL name, kwargs from `prepared`); rows starting with one of
    `platform` are the platform's (no tenant in the URL)."""
    name, kwargs = routes[row][:2]
    if row.startswith(platform):
        return reverse(name, kwargs=kwargs(prepared))
    return tenant_url(name, kwargs(prepared), tenant_slug=tenant_slug)


def tenant_url(name: str, kwargs: dict, *, tenant_slug: str = TENANT_A) -> str:
    """The URL named `name` in the tenant `tenant_slug`, with `kwargs`."""
    return reverse(name, kwargs={"tenant_slug": tenant_slug, **kwargs})


def text_of(response) -> str:
    """What a person reads in a response: the page, the CSV or JSON text (strictly UTF-8), the cells of an
    XLSX; other binary bodies, e.g. PDFs, decoded leniently (a search in them finds only uncompressed text)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
        )
    if content_type.startswith("text/") or "json" in content_type:
        return content.decode("utf-8")
    return content.decode("utf-8", errors="replace")


def matrix_test(
    expected: Expected,
    columns: tuple[str, ...],
    request: Callable,
    *,
    check: Callable | None = None,
):
    """The matrix's test, one per cell: the column's person (`world["users"][column]`) signed in,
    `request(client, method, row, world)` answers with the cell's outcome; `check(response, row)` adds what
    every cell must also hold (e.g. no private field in the answer)."""

    @pytest.mark.parametrize("column", columns)
    @pytest.mark.parametrize(("row", "method"), list(expected))
    def test_permission_matrix(client, db, world, row, method, column):
        sign_in(client, world["users"][column])
        response = request(client, method, row, world)
        got, want = outcome(response), expected[(row, method)][column]
        assert got == want, f"{row} {method} as {column}: {got}, the table says {want}"
        if check is not None:
            check(response, row)

    return test_permission_matrix


# Another tenant's ids ------------------------------------------------------------------------------------


class AnyObject:
    """Stands for any prepared object (attribute or key), to see which kwargs a row's URL takes."""

    pk = 1
    token = "x"

    def __getattr__(self, name: str) -> "AnyObject":
        return AnyObject()

    def __getitem__(self, key: str) -> "AnyObject":
        return AnyObject()


def has_ids(routes: dict, row: str) -> bool:
    """Whether the row's URL takes anything from the prepared objects (an id, a slug, a token)."""
    return bool(routes[row][1](AnyObject()))


def reaches_objects(expected: str, *, refused_first: bool) -> bool:
    """Whether a request with this outcome got as far as reading the objects of its URL: not when it was
    stopped before (login, authenticator, method), nor by a 403 of a page that refuses before it reads
    anything (`refused_first`: the office's role check)."""
    return expected not in STOPPED_BEFORE_OBJECTS and not (refused_first and expected == "403")


def cells_where(expected: Expected, columns: tuple[str, ...], keep: Callable[[str, str, str], bool]) -> list:
    """The cells (row, method, column) for which `keep(row, column, outcome)` holds."""
    return [
        (row, method, column)
        for (row, method), cells in expected.items()
        for column in columns
        if keep(row, column, cells[column])
    ]


def cells_reaching_objects(
    expected: Expected, columns: tuple[str, ...], routes: dict, *, refused_first: tuple[str, ...] = ("office.",)
) -> list:
    """The cells whose URL takes ids and whose request gets as far as the objects (`reaches_objects`), the
    pages whose row starts with one of `refused_first` refusing (403) before they read anything: the
    cells to ask again with another tenant's (or organisation's) ids."""
    return cells_where(
        expected,
        columns,
        lambda row, column, cell: (
            has_ids(routes, row) and reaches_objects(cell, refused_first=row.startswith(refused_first))
        ),
    )


def parent_with_child(child_ids: tuple[str, str, str, str], parent_of, child_of, child: str | None = None) -> dict:
    """The kwargs of a URL that names a parent object and a child of it: `child_ids` is (parent's kwarg,
    parent's attribute, child's kwarg, child's attribute), the parent taken from `parent_of` and the child
    (its attribute `child` if given) from `child_of`, e.g. tenant A's consultation with tenant B's meeting.
    A `slug` kwarg takes the parent's slug, any other its pk."""
    parent_key, parent, child_key, own_child = child_ids
    parent_object = getattr(parent_of, parent)
    return {
        parent_key: parent_object.slug if parent_key == "slug" else parent_object.pk,
        child_key: getattr(child_of, child or own_child).pk,
    }
