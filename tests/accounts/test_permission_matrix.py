"""Who gets what from the accounts app's own pages: the policy as one table.

Rows are the URLs of accounts/urls.py: the person's own account page at /konto/profil/ (GET, and POST
with no data: the name is optional, so the empty form saves and comes back to the page; each cell runs
in its own transaction, rolled back).

Left out on purpose: allauth's own URLs under /konto/ (login, logout, sign-up, password, e-mail addresses,
the authenticator: `allauth.urls`) are a third-party package's, tested by allauth and by
tests/accounts/test_auth.py and test_rate_limits.py; `test_every_route_is_in_the_table` looks at the
URL modules of `pozytek.accounts` only.

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no authenticator
    ngo      owner of an organisation listed in tenant A (no office role)
    offA     official of tenant A (TOTP)          offA0  official of tenant A without an authenticator
    offB     official of tenant B (TOTP)
    super    platform admin (superuser, TOTP, no role in any tenant)

Outcomes: 200, 302 (saved, back to the page), `login` a redirect to the login page.

Recorded as built: the page is the person's own, so it asks for no authenticator (an official without one
gets the page with a warning that office pages need one). The URL holds no id: "another tenant's ids" are
covered by what the page lists, each person's own office roles and never another person's (see the tests
after the matrix).
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from pozytek.accounts.models import Role, User
from tests.conftest import with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.offers import ngo_member
from tests.factories.tenants import TenantFactory
from tests.matrix_support import app_url_names, outcome, parse_table, sign_in

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "ngo", "offA", "offA0", "offB", "super")

# fmt: off
TABLE = """
row                 anon   res    ngo    offA   offA0  offB   super
profile GET         login  200    200    200    200    200    200
profile POST        login  302    302    302    302    302    302
"""
# fmt: on

ROUTES = {"profile": "accounts:profile"}
COVERED_URL_NAMES: set[str] = set(ROUTES.values())
APP_URLCONFS = ("pozytek.accounts.",)
EXPECTED = parse_table(TABLE, COLUMNS)

OFFICE_A = "/testowo/urzad/"
OFFICE_B = "/inna/urzad/"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Two tenants with their officials, built once for the module inside a transaction rolled back at its
    end (every test adds its own savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        tenant_a = TenantFactory(slug="testowo", name="Miasto Testowo")
        tenant_b = TenantFactory(slug="inna", name="Gmina Inna")
        ngo, _organisation = ngo_member(tenant=tenant_a)
        users = {
            "anon": None,
            "res": UserFactory(),
            "ngo": ngo,
            "offA": with_totp(MembershipFactory(tenant=tenant_a, role=Role.OFFICIAL).user),
            "offA0": MembershipFactory(tenant=tenant_a, role=Role.OFFICIAL).user,
            "offB": with_totp(MembershipFactory(tenant=tenant_b, role=Role.OFFICIAL).user),
            "super": with_totp(UserFactory(is_superuser=True, is_staff=True)),
        }
        yield {"users": users}
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    cache.clear()


def test_every_route_is_in_the_table():
    assert {row for row, _method in EXPECTED} == set(ROUTES)
    assert app_url_names(APP_URLCONFS) == COVERED_URL_NAMES


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize(("row", "method"), list(EXPECTED))
def test_permission_matrix(client, db, world, row, method, column):
    sign_in(client, world["users"][column])
    url = reverse(ROUTES[row])
    response = client.post(url, {}) if method == "POST" else client.get(url)
    assert outcome(response) == EXPECTED[(row, method)][column]


@pytest.mark.parametrize(
    ("column", "shown", "hidden"),
    [
        ("res", (), (OFFICE_A, OFFICE_B)),
        ("ngo", (), (OFFICE_A, OFFICE_B)),
        ("offA", (OFFICE_A,), (OFFICE_B,)),
        ("offA0", (OFFICE_A,), (OFFICE_B,)),
        ("offB", (OFFICE_B,), (OFFICE_A,)),
        ("super", (), (OFFICE_A, OFFICE_B)),
    ],
)
def test_the_page_lists_ones_own_office_roles_only(client, db, world, column, shown, hidden):
    sign_in(client, world["users"][column])
    html = client.get(reverse("accounts:profile")).content.decode()
    for link in shown:
        assert f'href="{link}"' in html
    for link in hidden:
        assert f'href="{link}"' not in html


def test_a_post_changes_only_ones_own_name(client, db, world):
    """The form has no id to aim at someone else: whatever is posted, only the signed-in person changes."""
    users = world["users"]
    before = {u.pk: u.full_name for u in User.objects.filter(pk__in=[users["offB"].pk, users["super"].pk])}
    sign_in(client, users["offA"])
    response = client.post(reverse("accounts:profile"), {"full_name": "Nowe Imię", "user": users["offB"].pk})
    assert outcome(response) == "302"
    assert User.objects.get(pk=users["offA"].pk).full_name == "Nowe Imię"
    assert {u.pk: u.full_name for u in User.objects.filter(pk__in=before)} == before
