"""Who gets what from every page of the public grants register: the policy as one table.

Rows are the app's URLs (grants/urls.py: the register page and its CSV, XLSX and JSON), plain and
filtered by tenant A's call (`.call`). The register is public: everyone gets every row, nobody more
than the published rows of the tenant in the URL (office staff and the platform admin included).
The register has no object ids in its paths; the only id it takes is the call filter, so "another
tenant's ids" are tenant B's call id in tenant A's register: 200 with none of B's rows.

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no authenticator
    ngo      owner of the organisation awarded tenant A's grants (also the unpublished one)
    offA     official of tenant A (TOTP)          offB   official of tenant B (TOTP)
    super    platform admin (superuser, TOTP)

Outcomes: 200, 403, 404, 405; `login` a redirect to the login page.

Recorded as built: the pages are plain function views without a method restriction, so they are
read-only GET rows here (a POST renders the same public page; nothing is written).
"""

import io
import json

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from pozytek.accounts.models import Role
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import ngo_member
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import TenantFactory
from tests.grants.register_helpers import make_grant

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "ngo", "offA", "offB", "super")

# fmt: off
TABLE = """
row                     anon   res    ngo    offA   offB   super
register GET            200    200    200    200    200    200
register.call GET       200    200    200    200    200    200
register_csv GET        200    200    200    200    200    200
register_csv.call GET   200    200    200    200    200    200
register_xlsx GET       200    200    200    200    200    200
register_xlsx.call GET  200    200    200    200    200    200
register_json GET       200    200    200    200    200    200
register_json.call GET  200    200    200    200    200    200
"""
# fmt: on

# row → (URL name, query string from the prepared tenant `w`)
ROUTES = {
    "register": ("grants:register", lambda w: {}),
    "register.call": ("grants:register", lambda w: {"call": w["call"].pk}),
    "register_csv": ("grants:register_csv", lambda w: {}),
    "register_csv.call": ("grants:register_csv", lambda w: {"call": w["call"].pk}),
    "register_xlsx": ("grants:register_xlsx", lambda w: {}),
    "register_xlsx.call": ("grants:register_xlsx", lambda w: {"call": w["call"].pk}),
    "register_json": ("grants:register_json", lambda w: {}),
    "register_json.call": ("grants:register_json", lambda w: {"call": w["call"].pk}),
}
COVERED_URL_NAMES: set[str] = {name for name, _query in ROUTES.values()}
APP_URLCONFS = ("pozytek.grants.",)

PUBLISHED_A = "REJESTR-TESTOWO-JAWNY"
UNPUBLISHED_A = "REJESTR-TESTOWO-NIEOPUBLIKOWANY"
PUBLISHED_B = "REJESTR-INNA-JAWNY"


def parse_table() -> dict[tuple[str, str], dict[str, str]]:
    cells = {}
    for line in TABLE.strip().splitlines()[1:]:
        if line.startswith("#"):
            continue
        row, method, *outcomes = line.split()
        assert len(outcomes) == len(COLUMNS), line
        cells[(row, method)] = dict(zip(COLUMNS, outcomes, strict=True))
    return cells


EXPECTED = parse_table()


def app_url_names(prefixes: tuple[str, ...]) -> set[str]:
    """Every URL pattern mounted from a URL module whose dotted name starts with one of `prefixes`, as
    "namespace:name" (a pattern without a name is reported as such, so it cannot hide)."""
    names: set[str] = set()

    def walk(patterns, namespace: str, inside: bool) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", str(pattern.urlconf_name))
                walk(pattern.url_patterns, pattern.namespace or namespace, inside or module.startswith(prefixes))
            elif inside:
                names.add(f"{namespace}:{pattern.name or f'<unnamed {pattern.pattern}>'}")

    walk(get_resolver().url_patterns, "", False)
    return names


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Each tenant's register with a call: tenant A has a published and an unpublished grant in its call,
    tenant B a published one in its own. Built once for the module inside a transaction rolled back at its
    end (every test adds its own savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        tenant_a = TenantFactory(slug="testowo", name="Miasto Testowo", email="urzad@testowo.example")
        tenant_b = TenantFactory(slug="inna", name="Gmina Inna", email="urzad@inna.example")
        ngo, organisation = ngo_member(tenant=tenant_a)
        call_a = PublishedCallFactory(tenant=tenant_a)
        call_b = PublishedCallFactory(tenant=tenant_b)
        make_grant(tenant_a, organisation=organisation, call=call_a, task_title=PUBLISHED_A)
        make_grant(tenant_a, organisation=organisation, call=call_a, task_title=UNPUBLISHED_A, published=False)
        make_grant(tenant_b, organisation=OrganisationFactory(listed_in=tenant_b), call=call_b, task_title=PUBLISHED_B)
        users = {
            "anon": None,
            "res": UserFactory(),
            "ngo": ngo,
            "offA": with_totp(MembershipFactory(tenant=tenant_a, role=Role.OFFICIAL).user),
            "offB": with_totp(MembershipFactory(tenant=tenant_b, role=Role.OFFICIAL).user),
            "super": with_totp(UserFactory(is_superuser=True, is_staff=True)),
        }
        yield {"a": {"call": call_a}, "b": {"call": call_b}, "users": users}
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    cache.clear()


def sign_in(client, user) -> None:
    if user is None:
        return
    if user.authenticator_set.exists():
        login_with_mfa(client, user)
    else:
        client.force_login(user)


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return "login"
    return str(response.status_code)


def request(client, method: str, row: str, prepared, *, tenant_slug: str = "testowo"):
    name, query = ROUTES[row]
    url = reverse(name, kwargs={"tenant_slug": tenant_slug})
    return client.post(url, query(prepared)) if method == "POST" else client.get(url, query(prepared))


def text_of(response) -> str:
    """What a person reads in the response: the page, the CSV or JSON text, the XLSX's cells."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
        )
    return content.decode()


def test_every_route_is_in_the_table():
    assert {row for row, _method in EXPECTED} == set(ROUTES)
    assert app_url_names(APP_URLCONFS) == COVERED_URL_NAMES


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize(("row", "method"), list(EXPECTED))
def test_permission_matrix(client, db, world, row, method, column):
    sign_in(client, world["users"][column])
    response = request(client, method, row, world["a"])
    assert outcome(response) == EXPECTED[(row, method)][column]
    text = text_of(response)
    assert PUBLISHED_A in text
    assert UNPUBLISHED_A not in text  # not even for the office, the organisation or the platform admin
    assert PUBLISHED_B not in text


CALL_ROWS = [(row, method) for (row, method) in EXPECTED if row.endswith(".call")]


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize(("row", "method"), CALL_ROWS)
def test_another_tenants_call_in_tenant_a_register_shows_nothing(client, db, world, row, method, column):
    """Tenant B's call id in tenant A's register: the page answers (200) with no row at all, neither
    tenant B's grant in that call nor tenant A's."""
    sign_in(client, world["users"][column])
    response = request(client, method, row, world["b"])
    assert outcome(response) == "200"
    text = text_of(response)
    assert PUBLISHED_B not in text
    assert PUBLISHED_A not in text
    assert UNPUBLISHED_A not in text


def test_tenant_b_register_shows_its_call(client, db, world):
    """The control of the test above: the same filter in tenant B's own register finds its grant."""
    response = request(client, "GET", "register_json.call", world["b"], tenant_slug="inna")
    assert [item["task_title"] for item in json.loads(text_of(response))["grants"]] == [PUBLISHED_B]


@pytest.mark.parametrize(("tenant_slug", "expected"), [("testowo", []), ("inna", [PUBLISHED_B])])
def test_the_api_with_another_tenants_call_shows_nothing(client, db, world, tenant_slug, expected):
    """The register's API (GET /api/v1/grants/, the grants app's router) with tenant B's call: nothing in
    tenant A's register, B's grant in B's."""
    response = client.get("/api/v1/grants/", {"tenant": tenant_slug, "call": world["b"]["call"].pk})
    assert response.status_code == 200
    assert [item["task_title"] for item in response.json()["items"]] == expected
