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
    super    platform admin (matrix.superuser, TOTP)

Outcomes: 200, 403, 404, 405; `login` a redirect to the login page.

Recorded as built: the pages are plain function views without a method restriction, so they are
read-only GET rows here (a POST renders the same public page; nothing is written).
"""

import json

import pytest
from django.urls import reverse

from tests import matrix_support as matrix
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import ngo_member
from tests.factories.organisations import OrganisationFactory
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
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.grants.",)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)

PUBLISHED_A = "REJESTR-TESTOWO-JAWNY"
UNPUBLISHED_A = "REJESTR-TESTOWO-NIEOPUBLIKOWANY"
PUBLISHED_B = "REJESTR-INNA-JAWNY"


def build_world() -> dict:
    """Each tenant's register with a call: tenant A has a published and an unpublished grant in its call,
    tenant B a published one in its own."""
    tenant_a, tenant_b = matrix.two_tenants()
    ngo, organisation = ngo_member(tenant=tenant_a)
    call_a = PublishedCallFactory(tenant=tenant_a)
    call_b = PublishedCallFactory(tenant=tenant_b)
    make_grant(tenant_a, organisation=organisation, call=call_a, task_title=PUBLISHED_A)
    make_grant(tenant_a, organisation=organisation, call=call_a, task_title=UNPUBLISHED_A, published=False)
    make_grant(tenant_b, organisation=OrganisationFactory(listed_in=tenant_b), call=call_b, task_title=PUBLISHED_B)
    users = matrix.people_of(COLUMNS, tenant_a, tenant_b, ngo=ngo)
    return {"a": {"call": call_a}, "b": {"call": call_b}, "users": users}


world, _fresh_cache = matrix.fixtures(build_world)


def request(client, method: str, row: str, prepared, *, tenant_slug: str = "testowo"):
    name, query = ROUTES[row]
    return matrix.send(client, method, reverse(name, kwargs={"tenant_slug": tenant_slug}), query(prepared))


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


def shows_only_tenant_a_published_rows(response, row) -> None:
    text = matrix.text_of(response)
    assert PUBLISHED_A in text
    assert UNPUBLISHED_A not in text  # not even for the office, the organisation or the platform admin
    assert PUBLISHED_B not in text


test_permission_matrix = matrix.matrix_test(
    EXPECTED,
    COLUMNS,
    lambda client, method, row, world: request(client, method, row, world["a"]),
    check=shows_only_tenant_a_published_rows,
)
CALL_ROWS = [(row, method) for (row, method) in EXPECTED if row.endswith(".call")]


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize(("row", "method"), CALL_ROWS)
def test_another_tenants_call_in_tenant_a_register_shows_nothing(client, db, world, row, method, column):
    """Tenant B's call id in tenant A's register: the page answers (200) with no row at all, neither
    tenant B's grant in that call nor tenant A's."""
    matrix.sign_in(client, world["users"][column])
    response = request(client, method, row, world["b"])
    assert matrix.outcome(response) == "200"
    text = matrix.text_of(response)
    assert PUBLISHED_B not in text
    assert PUBLISHED_A not in text
    assert UNPUBLISHED_A not in text


def test_tenant_b_register_shows_its_call(client, db, world):
    """The control of the test above: the same filter in tenant B's own register finds its grant."""
    response = request(client, "GET", "register_json.call", world["b"], tenant_slug="inna")
    assert [item["task_title"] for item in json.loads(matrix.text_of(response))["grants"]] == [PUBLISHED_B]


@pytest.mark.parametrize(("tenant_slug", "expected"), [("testowo", []), ("inna", [PUBLISHED_B])])
def test_the_api_with_another_tenants_call_shows_nothing(client, db, world, tenant_slug, expected):
    """The register's API (GET /api/v1/grants/, the grants app's router) with tenant B's call: nothing in
    tenant A's register, B's grant in B's."""
    response = client.get("/api/v1/grants/", {"tenant": tenant_slug, "call": world["b"]["call"].pk})
    assert response.status_code == 200
    assert [item["task_title"] for item in response.json()["items"]] == expected
