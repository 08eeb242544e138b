"""Who sees what through the read-only API (/api/v1/, openapi/urls.py): the policy as one table.

The API is public and read-only: signing in changes nothing, except that a platform admin may read a local
government still being prepared (as on its pages). Rows are the URLs of openapi/urls.py: our page about
the API, ninja's routes (the OpenAPI document, the directory's organisations, the grants register) and the
JSON 404 for any other address. Ids are tenant A's: `O` an organisation listed in A (it has a bank account,
an owner, an office note and a pending claim: none of them public), `X` a deactivated organisation of A;
`.D` rows ask for a draft local government. POSTs carry no data.

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no authenticator
    ngo      owner of O (no authenticator)
    offA     official of tenant A (TOTP)          offB   official of tenant B (TOTP)
    super    platform admin (matrix.superuser, TOTP, no role in any tenant)

Outcomes: status codes (every answer of ninja's routes and of the catch-all is JSON).

Recorded as built (acceptable, not defects):
- `api-index` is a plain function view without a method restriction: a GET row only;
- ninja's own `api-root` (/api/v1/) is shadowed by our page, mounted first at the same address;
- another method than GET on ninja's operations is a JSON 405, on the catch-all a JSON 404; the OpenAPI
  document is ninja's plain view without a method restriction, so a POST gets the document (200).

Checked in every cell: the private fields (bank account, office notes, claims, members' names and
e-mails), unpublished grants and tenant B's rows never appear. Another tenant's organisation id under
tenant A's slug is a JSON 404, for everyone.
"""

import pytest
from django.urls import reverse
from django_scopes import scope

from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.services import add_office_note, claim_organisation, deactivate_organisation
from pozytek.organisations.states import MemberRole
from pozytek.tenants.states import TenantState
from tests import matrix_support as matrix
from tests.factories.accounts import UserFactory
from tests.factories.competitions import PublishedCallFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import TenantFactory
from tests.grants.register_helpers import make_grant

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "ngo", "offA", "offB", "super")

# fmt: off
TABLE = """
row                          anon   res    ngo    offA   offB   super
# Our page about the API (ninja's root is shadowed by it)
index GET                    200    200    200    200    200    200
root GET                     200    200    200    200    200    200
# Ninja's routes
openapi GET                  200    200    200    200    200    200
openapi POST                 200    200    200    200    200    200
organisations GET            200    200    200    200    200    200
organisations POST           405    405    405    405    405    405
organisations.D GET          404    404    404    404    404    200
organisation GET             200    200    200    200    200    200
organisation POST            405    405    405    405    405    405
organisation.X GET           404    404    404    404    404    404
organisation.D GET           404    404    404    404    404    200
grants GET                   200    200    200    200    200    200
grants POST                  405    405    405    405    405    405
grants.D GET                 404    404    404    404    404    200
# Any other address
not_found GET                404    404    404    404    404    404
not_found POST               404    404    404    404    404    404
"""
# fmt: on

NOT_FOUND = "<unnamed ^.*>"
# row → (URL name, path kwargs, query) from the prepared world `w`
ROUTES = {
    "index": ("api-index", lambda w: {}, lambda w: {}),
    "root": ("api:api-root", lambda w: {}, lambda w: {}),
    "openapi": ("api:openapi-json", lambda w: {}, lambda w: {}),
    "organisations": ("api:list_organisations", lambda w: {"tenant_slug": "testowo"}, lambda w: {}),
    "organisations.D": ("api:list_organisations", lambda w: {"tenant_slug": "szkic"}, lambda w: {}),
    "organisation": (
        "api:get_organisation",
        lambda w: {"tenant_slug": "testowo", "id": w["org"].pk},
        lambda w: {},
    ),
    "organisation.X": (
        "api:get_organisation",
        lambda w: {"tenant_slug": "testowo", "id": w["inactive"].pk},
        lambda w: {},
    ),
    "organisation.D": (
        "api:get_organisation",
        lambda w: {"tenant_slug": "szkic", "id": w["draft_org"].pk},
        lambda w: {},
    ),
    "grants": ("api:list_grants", lambda w: {}, lambda w: {"tenant": "testowo"}),
    "grants.D": ("api:list_grants", lambda w: {}, lambda w: {"tenant": "szkic"}),
    "not_found": (NOT_FOUND, lambda w: {}, lambda w: {}),
}
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.openapi.",)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)
HTML_ROWS = ("index", "root")

BANK_ACCOUNT = "PL61109010140000071219812874"
NOTE_TEXT = "NOTATKA-URZEDU-POUFNA"
CLAIM_TEXT = "ZGLOSZENIE-PRZEJECIA-POUFNE"
OWNER_EMAIL = "wlasciciel@fundacja.example"
OWNER_NAME = "Właścicielka Poufna"
UNPUBLISHED_TASK = "NIEOPUBLIKOWANE-ZADANIE"
ORG_B = "Fundacja Innej Gminy"
GRANT_B = "ZADANIE-INNEJ-GMINY"
PRIVATE = (BANK_ACCOUNT, NOTE_TEXT, CLAIM_TEXT, OWNER_EMAIL, OWNER_NAME, UNPUBLISHED_TASK, ORG_B, GRANT_B)


def build_world() -> dict:
    """Tenant A's directory and register with private data around them, tenant B's and a draft tenant's rows."""
    tenant_a, tenant_b = matrix.two_tenants()
    draft = TenantFactory(slug="szkic", name="Gmina w Przygotowaniu", state=TenantState.DRAFT)
    official_a = matrix.official_of(tenant_a)
    owner = UserFactory(email=OWNER_EMAIL, full_name=OWNER_NAME)
    org = OrganisationFactory(name="Fundacja Jawna Testowa", listed_in=tenant_a, bank_account=BANK_ACCOUNT)
    OrganisationMember.objects.create(organisation=org, user=owner, role=MemberRole.OWNER)
    inactive = OrganisationFactory(name="Fundacja Zamknięta Testowa", listed_in=tenant_a)
    org_b = OrganisationFactory(name=ORG_B, listed_in=tenant_b)
    draft_org = OrganisationFactory(name="Fundacja Gminy w Przygotowaniu", listed_in=draft)
    with scope(tenant=tenant_a):
        add_office_note(tenant=tenant_a, organisation=org, actor=official_a, text=NOTE_TEXT)
        claim_organisation(tenant=tenant_a, organisation=org, actor=UserFactory(), message=CLAIM_TEXT)
        deactivate_organisation(tenant=tenant_a, organisation=inactive, actor=official_a, reason="Koniec.")
    call_a = PublishedCallFactory(tenant=tenant_a)
    make_grant(tenant_a, organisation=org, call=call_a, task_title="Zadanie Jawne Testowe")
    make_grant(tenant_a, organisation=org, call=call_a, task_title=UNPUBLISHED_TASK, published=False)
    make_grant(tenant_b, organisation=org_b, call=PublishedCallFactory(tenant=tenant_b), task_title=GRANT_B)
    make_grant(draft, organisation=draft_org, call=PublishedCallFactory(tenant=draft))
    users = matrix.people_of(COLUMNS, tenant_a, tenant_b, ngo=owner, offA=official_a)
    return {"org": org, "inactive": inactive, "draft_org": draft_org, "org_b": org_b, "users": users}


world, _fresh_cache = matrix.fixtures(build_world)


def url_of(row: str, world: dict) -> tuple[str, dict]:
    name, kwargs, query = ROUTES[row]
    if name == NOT_FOUND:
        return "/api/v1/nie-ma-takiego-adresu/", {}
    return reverse(name, kwargs=kwargs(world)), query(world)


def call(client, method: str, row: str, world: dict):
    url, query = url_of(row, world)
    return matrix.send(client, method, url, query)


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


def json_without_private_fields(response, row) -> None:
    if row not in HTML_ROWS:
        assert response["Content-Type"].startswith("application/json")
    text = matrix.text_of(response)
    for private in PRIVATE:
        assert private not in text


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, call, check=json_without_private_fields)


@pytest.mark.parametrize("column", COLUMNS)
def test_public_data_is_there_for_everyone(client, db, world, column):
    """The control of the test above: the same public rows whoever asks."""
    matrix.sign_in(client, world["users"][column])
    organisations = call(client, "GET", "organisations", world).json()
    grants = call(client, "GET", "grants", world).json()
    assert [item["name"] for item in organisations["items"]] == ["Fundacja Jawna Testowa"]
    assert set(organisations["items"][0]) == set(call(client, "GET", "organisation", world).json())
    assert [item["task_title"] for item in grants["items"]] == ["Zadanie Jawne Testowe"]


def test_no_private_field_is_in_the_schema(client, db, world):
    """The OpenAPI document describes no private field: nobody can ask for one."""
    schemas = client.get(reverse("api:openapi-json")).json()["components"]["schemas"]
    properties = {name for schema in schemas.values() for name in schema.get("properties", {})}
    assert not properties & {"bank_account", "members", "notes", "office_notes", "claims", "invitations"}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("column", COLUMNS)
def test_another_tenants_organisation_under_tenant_a_gives_json_404(client, db, world, column, method):
    matrix.sign_in(client, world["users"][column])
    url = reverse("api:get_organisation", kwargs={"tenant_slug": "testowo", "id": world["org_b"].pk})
    response = client.post(url) if method == "POST" else client.get(url)
    assert response.status_code == (404 if method == "GET" else 405)
    assert response["Content-Type"].startswith("application/json")
    assert ORG_B not in matrix.text_of(response)


@pytest.mark.parametrize("column", COLUMNS)
def test_the_draft_tenants_organisation_under_tenant_a_gives_json_404(client, db, world, column):
    """Even for the platform admin, who may read the draft under its own slug."""
    matrix.sign_in(client, world["users"][column])
    url = reverse("api:get_organisation", kwargs={"tenant_slug": "testowo", "id": world["draft_org"].pk})
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
