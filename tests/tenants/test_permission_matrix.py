"""Who gets what from the public pages of the platform and of a local government (tenants/urls.py) and from
the office's dashboard and data (office/urls.py): the policy as one table.

Rows are the URLs of both apps in tenant A (`testowo`); `.D` rows are the same pages of a local government
still being prepared (`draft`: unpublished, only the platform admin may preview it). The office's data
form is posted with no data: it shows who reaches the endpoint, not what it saves (each cell runs in its
own transaction, rolled back).

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no authenticator
    ngo      owner of an organisation listed in tenant A (no office role, no authenticator)
    offA     official of tenant A (TOTP)          offA0  official of tenant A without an authenticator
    admA     tenant admin of tenant A (TOTP)      offB   official of tenant B (TOTP)
    super    platform admin (matrix.superuser, TOTP, no role in any tenant)

Outcomes: 200, 400 (form errors), 403, 404, 405; `login` a redirect to the login page; `mfa` a redirect
to the setup of an authenticator.

Recorded as built (acceptable, not defects):
- the public pages are plain function views without a method restriction: GET rows only (a POST renders
  the same page; nothing is written);
- the office data (`office.profile`) is the tenant admin's: an official is refused (403) before the
  authenticator is asked for, so `offA0` gets 403 there, not `mfa`;
- every field of the office data is optional (a draft tenant has none yet), so the empty POST is a valid
  form and saves (302 back to the dashboard);
- the platform admin passes the office's rules (Django superusers hold every permission), so `super`
  reads the dashboard and edits the office data like a tenant admin, also of a draft tenant (which is 404
  for everyone else, its own staff included, until it is published).

No URL of these apps holds an object id; "another tenant's ids" are covered by what A's pages show:
tenant A's staff and data, never tenant B's (see the tests after the matrix).
"""

import pytest
from django.urls import reverse

from pozytek.accounts.models import Role
from pozytek.tenants.states import TenantState
from tests import matrix_support as matrix
from tests.conftest import with_totp
from tests.factories.accounts import MembershipFactory
from tests.factories.offers import ngo_member
from tests.factories.tenants import DistrictFactory, TenantFactory

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "ngo", "offA", "offA0", "admA", "offB", "super")

# fmt: off
TABLE = """
row                           anon   res    ngo    offA   offA0  admA   offB   super
# The platform's pages (no tenant)
platform.home GET             200    200    200    200    200    200    200    200
platform.access GET           200    200    200    200    200    200    200    200
platform.access_pdf GET       200    200    200    200    200    200    200    200
# A local government's public pages
tenant.home GET               200    200    200    200    200    200    200    200
tenant.home.D GET             404    404    404    404    404    404    404    200
tenant.contact GET            200    200    200    200    200    200    200    200
tenant.contact.D GET          404    404    404    404    404    404    404    200
tenant.contact_pdf GET        200    200    200    200    200    200    200    200
tenant.access GET             200    200    200    200    200    200    200    200
tenant.access_pdf GET         200    200    200    200    200    200    200    200
# The office: dashboard and office data
office.dashboard GET          login  403    403    200    mfa    200    403    200
office.dashboard POST         login  403    403    405    mfa    405    403    405
office.dashboard.D GET        404    404    404    404    404    404    404    200
office.profile GET            login  403    403    403    403    200    403    200
office.profile POST           login  403    403    403    403    302    403    302
office.profile.D GET          404    404    404    404    404    404    404    200
"""
# fmt: on

# row → (URL name, tenant slug or None for platform pages)
ROUTES = {
    "platform.home": ("tenants:platform-home", None),
    "platform.access": ("tenants:platform-accessibility", None),
    "platform.access_pdf": ("tenants:platform-accessibility-pdf", None),
    "tenant.home": ("tenants:home", "testowo"),
    "tenant.home.D": ("tenants:home", "szkic"),
    "tenant.contact": ("tenants:contact", "testowo"),
    "tenant.contact.D": ("tenants:contact", "szkic"),
    "tenant.contact_pdf": ("tenants:contact-pdf", "testowo"),
    "tenant.access": ("tenants:accessibility", "testowo"),
    "tenant.access_pdf": ("tenants:accessibility-pdf", "testowo"),
    "office.dashboard": ("office:dashboard", "testowo"),
    "office.dashboard.D": ("office:dashboard", "szkic"),
    "office.profile": ("office:profile", "testowo"),
    "office.profile.D": ("office:profile", "szkic"),
}
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.tenants.", "pozytek.office.")
EXPECTED = matrix.parse_table(TABLE, COLUMNS)

OFFICIAL_A = "Urzędniczka Testowa Alicja"
OFFICIAL_B = "Urzędnik Inny Bogdan"
DISTRICT_A = "Osiedle Testowe Północ"
DISTRICT_B = "Sołectwo Inne Zachód"


def build_world() -> dict:
    """Tenants A (published), B (published) and a draft with their staff."""
    tenant_a, tenant_b = matrix.two_tenants()
    draft = TenantFactory(slug="szkic", name="Gmina w Przygotowaniu", state=TenantState.DRAFT)
    DistrictFactory(tenant=tenant_a, name=DISTRICT_A)
    DistrictFactory(tenant=tenant_b, name=DISTRICT_B)
    ngo, _organisation = ngo_member(tenant=tenant_a)
    official_a = MembershipFactory(tenant=tenant_a, role=Role.OFFICIAL, user__full_name=OFFICIAL_A).user
    official_b = MembershipFactory(tenant=tenant_b, role=Role.OFFICIAL, user__full_name=OFFICIAL_B).user
    users = matrix.people_of(
        COLUMNS, tenant_a, tenant_b, ngo=ngo, offA=with_totp(official_a), offB=with_totp(official_b)
    )
    # The draft's own staff: they wait for the publication like everybody else.
    return {"users": users, "draft_admin": matrix.official_of(draft, role=Role.TENANT_ADMIN)}


world, _fresh_cache = matrix.fixtures(build_world)


def url_of(row: str) -> str:
    name, slug = ROUTES[row]
    return reverse(name, kwargs={} if slug is None else {"tenant_slug": slug})


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(
    EXPECTED, COLUMNS, lambda client, method, row, world: matrix.send(client, method, url_of(row))
)


@pytest.mark.parametrize("column", ["offA", "admA", "super"])
def test_the_dashboard_shows_tenant_a_staff_only(client, db, world, column):
    matrix.sign_in(client, world["users"][column])
    html = client.get(url_of("office.dashboard")).content.decode()
    assert OFFICIAL_A in html
    assert OFFICIAL_B not in html
    assert "urzad@testowo.example" in html
    assert "urzad@inna.example" not in html


def test_the_office_data_form_is_tenant_a_s(client, db, world):
    matrix.sign_in(client, world["users"]["admA"])
    html = client.get(url_of("office.profile")).content.decode()
    assert "urzad@testowo.example" in html
    assert "urzad@inna.example" not in html


@pytest.mark.parametrize("column", COLUMNS)
def test_the_tenant_home_shows_tenant_a_districts_only(client, db, world, column):
    matrix.sign_in(client, world["users"][column])
    html = client.get(url_of("tenant.home")).content.decode()
    assert DISTRICT_A in html
    assert DISTRICT_B not in html


def test_the_platform_home_lists_published_tenants_only(client, db, world):
    html = client.get(url_of("platform.home")).content.decode()
    assert "Miasto Testowo" in html
    assert "Gmina Inna" in html
    assert "Gmina w Przygotowaniu" not in html


@pytest.mark.parametrize("row", ["tenant.home.D", "office.dashboard.D", "office.profile.D"])
def test_the_draft_tenants_own_admin_waits_for_the_publication(client, db, world, row):
    matrix.sign_in(client, world["draft_admin"])
    assert matrix.outcome(client.get(url_of(row))) == "404"
