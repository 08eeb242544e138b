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
    super    platform admin (matrix.superuser, TOTP, no role in any tenant)

Outcomes: 200, 302 (saved, back to the page), `login` a redirect to the login page.

Recorded as built: the page is the person's own, so it asks for no authenticator (an official without one
gets the page with a warning that office pages need one). The URL holds no id: "another tenant's ids" are
covered by what the page lists, each person's own office roles and never another person's (see the tests
after the matrix).
"""

import pytest
from django.urls import reverse

from pozytek.accounts.models import User
from tests import matrix_support as matrix
from tests.factories.offers import ngo_member

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
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.accounts.",)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)

OFFICE_A = "/testowo/urzad/"
OFFICE_B = "/inna/urzad/"


def build_world() -> dict:
    """Two tenants with their officials."""
    tenant_a, tenant_b = matrix.two_tenants()
    ngo, _organisation = ngo_member(tenant=tenant_a)
    users = matrix.people_of(COLUMNS, tenant_a, tenant_b, ngo=ngo)
    return {"users": users}


world, _fresh_cache = matrix.fixtures(build_world)


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(
    EXPECTED, COLUMNS, lambda client, method, row, world: matrix.send(client, method, reverse(ROUTES[row]))
)


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
    matrix.sign_in(client, world["users"][column])
    html = client.get(reverse("accounts:profile")).content.decode()
    for link in shown:
        assert f'href="{link}"' in html
    for link in hidden:
        assert f'href="{link}"' not in html


def test_a_post_changes_only_ones_own_name(client, db, world):
    """The form has no id to aim at someone else: whatever is posted, only the signed-in person changes."""
    users = world["users"]
    before = {u.pk: u.full_name for u in User.objects.filter(pk__in=[users["offB"].pk, users["super"].pk])}
    matrix.sign_in(client, users["offA"])
    response = client.post(reverse("accounts:profile"), {"full_name": "Nowe Imię", "user": users["offB"].pk})
    assert matrix.outcome(response) == "302"
    assert User.objects.get(pk=users["offA"].pk).full_name == "Nowe Imię"
    assert {u.pk: u.full_name for u in User.objects.filter(pk__in=before)} == before
