"""Who gets what from every page of regranting: the policy as one table.

Rows use tenant A's prepared records (tests/regranting/regranting_helpers.awarded_world): an operator, `closed`
a closed call whose application got a micro-grant, `open` a call taking applications, `draft` a call not yet
published. POSTs carry no data: they show who reaches the endpoint, not what it saves.

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no organisation
    keeper   keeps the operator organisation's profile (runs the workspace)
    cttee    on the operator's committee (scores)
    offA     official of tenant A (TOTP)          offA0  official of tenant A without an authenticator
    offB     official of tenant B (TOTP)          super  platform admin (superuser, TOTP)

Outcomes: 200, 302 (back to the page with a message), 400 (form errors), 403, 404, 405; `login`; `mfa`.

Recorded as they are: the workspace is the operator's: anyone else, the office and the platform admin
included, gets 404 (the office reads everything on its own pages); the committee reads calls and
applications but not the micro-grants' pages (403). An empty POST on a call's page is "choose an action"
(302). The platform admin passes the office's role check (Django's `has_perm`).
"""

import pytest

from tests import matrix_support as matrix
from tests.factories.accounts import UserFactory
from tests.regranting.regranting_helpers import awarded_world, operator_for

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "keeper", "cttee", "offA", "offA0", "offB", "super")

# fmt: off
TABLE = """
row                      anon   res    keeper cttee  offA   offA0  offB   super
public.list GET          200    200    200    200    200    200    200    200
public.list POST         405    405    405    405    405    405    405    405
public.operator GET      200    200    200    200    200    200    200    200
public.sub_call GET      200    200    200    200    200    200    200    200
public.sub_call.D GET    404    404    404    404    404    404    404    404
public.apply GET         login  200    200    200    200    200    200    200
public.apply POST        login  400    400    400    400    400    400    400
member.home GET          login  404    200    200    404    404    404    404
member.home POST         login  404    405    405    404    404    404    404
member.committee GET     login  404    200    403    404    404    404    404
member.committee POST    login  404    400    403    404    404    404    404
member.sub_call_new GET  login  404    200    403    404    404    404    404
member.sub_call_new POST login  404    400    403    404    404    404    404
member.sub_call GET      login  404    200    200    404    404    404    404
member.sub_call POST     login  404    302    302    404    404    404    404
member.application GET   login  404    200    200    404    404    404    404
member.application POST  login  404    400    400    404    404    404    404
member.micro_grant GET   login  404    200    403    404    404    404    404
member.micro_grant POST  login  404    400    403    404    404    404    404
member.agreement GET     login  404    200    403    404    404    404    404
office.list GET          login  403    403    403    200    mfa    403    200
office.list POST         login  403    403    403    400    mfa    403    400
office.operator GET      login  403    403    403    200    mfa    403    200
office.operator POST     login  403    403    403    405    mfa    403    405
"""
# fmt: on


def _op(w) -> dict:
    return {"operator": w["operator"].pk}


ROUTES = {
    "public.list": ("regranting:list", lambda w: {}),
    "public.operator": ("regranting:operator", _op),
    "public.sub_call": ("regranting:sub_call", lambda w: {**_op(w), "pk": w["open"].pk}),
    "public.sub_call.D": ("regranting:sub_call", lambda w: {**_op(w), "pk": w["draft"].pk}),
    "public.apply": ("regranting:apply", lambda w: {**_op(w), "pk": w["open"].pk}),
    "member.home": ("regranting_operator:home", _op),
    "member.committee": ("regranting_operator:committee", _op),
    "member.sub_call_new": ("regranting_operator:sub_call_new", _op),
    "member.sub_call": ("regranting_operator:sub_call", lambda w: {**_op(w), "pk": w["closed"].pk}),
    "member.application": ("regranting_operator:application", lambda w: {**_op(w), "pk": w["application"].pk}),
    "member.micro_grant": ("regranting_operator:micro_grant", lambda w: {**_op(w), "pk": w["micro_grant"].pk}),
    "member.agreement": ("regranting_operator:agreement_pdf", lambda w: {**_op(w), "pk": w["micro_grant"].pk}),
    "office.list": ("regranting_office:list", lambda w: {}),
    "office.operator": ("regranting_office:operator", lambda w: {"pk": w["operator"].pk}),
}
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)
APP_URLCONFS = ("pozytek.regranting.",)
# The workspace refuses a committee member's keepers-only page only after finding the operator.
REFUSED_FIRST = ("office.",)


def prepare(tenant, official, number: int) -> dict:
    return {"official": official, **awarded_world(tenant, official, number=number)}


def build_world() -> dict:
    tenant_a, tenant_b = matrix.two_tenants()
    a = prepare(tenant_a, matrix.official_of(tenant_a), 1)
    b = prepare(tenant_b, matrix.official_of(tenant_b), 7)
    # A second operator of tenant A: its ids in the first operator's URLs are another operator's.
    other, _keeper = operator_for(tenant_a, a["official"], pool="1000.00", number=2)
    users = matrix.people_of(
        COLUMNS, tenant_a, tenant_b, offA=a["official"], offB=b["official"], keeper=a["keeper"], cttee=a["member"]
    )
    return {"a": a, "b": b, "other": other, "users": users}


world, _fresh_cache = matrix.fixtures(build_world)

test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)

test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES))

CROSS_TENANT = matrix.cells_reaching_objects(EXPECTED, COLUMNS, ROUTES, refused_first=REFUSED_FIRST)


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's operator, calls, applications and micro-grants in tenant A's URLs: 404."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.request_row(client, method, ROUTES, row, world["b"])
    assert matrix.outcome(response) == "404"


CHILD_ROWS = [row for row in ROUTES if row.startswith("member.") and "pk" in ROUTES[row][1](matrix.AnyObject())]


@pytest.mark.parametrize("row", CHILD_ROWS)
def test_another_operators_ids_give_404_to_the_keeper(client, db, world, row):
    """The keeper of operator A with operator A's records under the second operator's id: 404."""
    matrix.sign_in(client, world["users"]["keeper"])
    name, kwargs = ROUTES[row]
    url = matrix.tenant_url(name, {**kwargs(world["a"]), "operator": world["other"].pk})
    assert client.get(url).status_code == 404


def test_another_tenants_operator_is_not_on_tenant_a_pages(client, db, world):
    matrix.sign_in(client, world["users"]["offA"])
    for row in ("public.list", "office.list"):
        text = matrix.text_of(matrix.request_row(client, "GET", ROUTES, row, world["a"]))
        assert world["a"]["micro_grant"].number.split("/M/")[0] in text
        assert world["b"]["micro_grant"].number.split("/M/")[0] not in text


def test_a_stranger_sees_no_workspace_link_or_name(client, db, world):
    """The 404 of the workspace tells a stranger nothing of the operator."""
    client.force_login(UserFactory())
    response = matrix.request_row(client, "GET", ROUTES, "member.home", world["a"])
    assert response.status_code == 404
    assert world["a"]["operator"].name not in response.content.decode()
