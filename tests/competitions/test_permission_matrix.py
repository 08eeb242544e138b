"""Who gets what from every page and endpoint of open competitions (calls): the policy as one table.

Rows are the app's URLs (competitions/urls.py: public pages; urls_office.py: the office) with ids of
tenant A's calls: `D` a complete draft (passes the publish guard), `P` a call published and open for
offers (deadline in a month). POSTs carry no data: they show who reaches the endpoint, not what it
saves (each cell runs in its own transaction, rolled back).

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no authenticator
    ngo      owner of an organisation listed in tenant A (no office role)
    offA     official of tenant A (TOTP)          offA0  official of tenant A without an authenticator
    admA     tenant admin of tenant A (TOTP)      offB   official of tenant B (TOTP)
    super    platform admin (superuser, TOTP, no role in any tenant)

Outcomes: 200, 400 (form errors), 403, 404, 405; `302` a redirect inside the app (message, next
step); `login` a redirect to the login page; `mfa` a redirect to the setup of an authenticator.

Recorded as built (acceptable, not defects):
- the platform admin passes the office's rule (Django superusers hold every permission, as on the
  tenant's own office pages), so `super` reads and acts like an official;
- the tenant admin is office staff here: the app gives officials and admins the same rights;
- publish/close/cancel answer GET with the call's preview page (the views extend the preview), so
  their GET is 200 for staff rather than 405;
- the public pages of a draft are 404 for everyone, the office included (the office has the preview).
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse

from pozytek.accounts.models import Role
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.competitions import CallFactory, PublishedCallFactory
from tests.factories.offers import ngo_member
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "ngo", "offA", "offA0", "admA", "offB", "super")

# fmt: off
TABLE = """
row                  anon   res    ngo    offA   offA0  admA   offB   super
# Public pages
public.list GET      200    200    200    200    200    200    200    200
public.detail GET    200    200    200    200    200    200    200    200
public.detail.D GET  404    404    404    404    404    404    404    404
public.pdf GET       200    200    200    200    200    200    200    200
public.pdf.D GET     404    404    404    404    404    404    404    404
# Office: list, create, the draft D
office.list GET      login  403    403    200    mfa    200    403    200
office.create GET    login  403    403    200    mfa    200    403    200
office.create POST   login  403    403    400    mfa    400    403    400
office.preview GET   login  403    403    200    mfa    200    403    200
office.edit GET      login  403    403    200    mfa    200    403    200
office.edit POST     login  403    403    400    mfa    400    403    400
office.publish POST  login  403    403    302    mfa    302    403    302
office.publish GET   login  403    403    200    mfa    200    403    200
# Office: the published call P (not editable; closing refused before the deadline)
office.preview.P GET login  403    403    200    mfa    200    403    200
office.edit.P GET    login  403    403    302    mfa    302    403    302
office.edit.P POST   login  403    403    400    mfa    400    403    400
office.clone POST    login  403    403    302    mfa    302    403    302
office.clone GET     login  403    403    405    mfa    405    403    405
office.close POST    login  403    403    302    mfa    302    403    302
office.close GET     login  403    403    200    mfa    200    403    200
office.cancel POST   login  403    403    400    mfa    400    403    400
office.cancel GET    login  403    403    200    mfa    200    403    200
"""
# fmt: on

# row → (URL name, kwargs from the prepared tenant `w`)
ROUTES = {
    "public.list": ("competitions:list", lambda w: {}),
    "public.detail": ("competitions:detail", lambda w: {"pk": w["published"].pk}),
    "public.detail.D": ("competitions:detail", lambda w: {"pk": w["draft"].pk}),
    "public.pdf": ("competitions:pdf", lambda w: {"pk": w["published"].pk}),
    "public.pdf.D": ("competitions:pdf", lambda w: {"pk": w["draft"].pk}),
    "office.list": ("competitions_office:list", lambda w: {}),
    "office.create": ("competitions_office:create", lambda w: {}),
    "office.preview": ("competitions_office:preview", lambda w: {"pk": w["draft"].pk}),
    "office.edit": ("competitions_office:edit", lambda w: {"pk": w["draft"].pk}),
    "office.publish": ("competitions_office:publish", lambda w: {"pk": w["draft"].pk}),
    "office.preview.P": ("competitions_office:preview", lambda w: {"pk": w["published"].pk}),
    "office.edit.P": ("competitions_office:edit", lambda w: {"pk": w["published"].pk}),
    "office.clone": ("competitions_office:clone", lambda w: {"pk": w["published"].pk}),
    "office.close": ("competitions_office:close", lambda w: {"pk": w["published"].pk}),
    "office.cancel": ("competitions_office:cancel", lambda w: {"pk": w["published"].pk}),
}
COVERED_URL_NAMES: set[str] = {name for name, _kwargs in ROUTES.values()}
APP_URLCONFS = ("pozytek.competitions.",)


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
    """Two tenants with a draft and a published call each, built once for the module inside a
    transaction rolled back at its end (every test adds its own savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        tenant_a = TenantFactory(slug="testowo", name="Miasto Testowo", email="urzad@testowo.example")
        tenant_b = TenantFactory(slug="inna", name="Gmina Inna", email="urzad@inna.example")
        ngo, _organisation = ngo_member(tenant=tenant_a)
        users = {
            "anon": None,
            "res": UserFactory(),
            "ngo": ngo,
            "offA": with_totp(MembershipFactory(tenant=tenant_a, role=Role.OFFICIAL).user),
            "offA0": MembershipFactory(tenant=tenant_a, role=Role.OFFICIAL).user,
            "admA": with_totp(MembershipFactory(tenant=tenant_a, role=Role.TENANT_ADMIN).user),
            "offB": with_totp(MembershipFactory(tenant=tenant_b, role=Role.OFFICIAL).user),
            "super": with_totp(UserFactory(is_superuser=True, is_staff=True)),
        }
        a = {
            "draft": CallFactory(tenant=tenant_a, title="Szkic Testowa"),
            "published": PublishedCallFactory(tenant=tenant_a, title="Ogłoszony Testowa"),
        }
        b = {
            "draft": CallFactory(tenant=tenant_b, title="Szkic Innej gminy"),
            "published": PublishedCallFactory(tenant=tenant_b, title="Ogłoszony Innej gminy"),
        }
        yield {"a": a, "b": b, "users": users}
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
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return "login"
        if location.startswith(reverse("mfa_activate_totp")):
            return "mfa"
    return str(response.status_code)


def request(client, method: str, row: str, prepared, *, tenant_slug: str = "testowo"):
    name, kwargs = ROUTES[row]
    url = reverse(name, kwargs={"tenant_slug": tenant_slug, **kwargs(prepared)})
    return client.post(url, {}) if method == "POST" else client.get(url)


def test_every_route_is_in_the_table():
    assert {row for row, _method in EXPECTED} == set(ROUTES)
    assert app_url_names(APP_URLCONFS) == COVERED_URL_NAMES


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize(("row", "method"), list(EXPECTED))
def test_permission_matrix(client, db, world, row, method, column):
    sign_in(client, world["users"][column])
    response = request(client, method, row, world["a"])
    assert outcome(response) == EXPECTED[(row, method)][column]


class AnyObject:
    """Stands for any prepared object (attribute or key), to see which kwargs a row's URL takes."""

    pk = 1

    def __getattr__(self, name: str) -> "AnyObject":
        return AnyObject()

    def __getitem__(self, key: str) -> "AnyObject":
        return AnyObject()


def has_ids(row: str) -> bool:
    _name, kwargs = ROUTES[row]
    return bool(kwargs(AnyObject()))


def reaches_objects(row: str, expected: str) -> bool:
    """Whether the request gets as far as reading the call of the URL (office pages refuse first)."""
    return has_ids(row) and expected not in ("login", "mfa", "403", "405")


CROSS_TENANT = [
    (row, method, column)
    for (row, method), cells in EXPECTED.items()
    for column in COLUMNS
    if reaches_objects(row, cells[column])
]


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's call ids in tenant A's URLs: 404 for everyone who gets as far as the call."""
    sign_in(client, world["users"][column])
    response = request(client, method, row, world["b"])
    assert outcome(response) == "404"


def test_the_office_list_shows_only_the_tenants_calls(client, db, world):
    sign_in(client, world["users"]["offA"])
    response = client.get(reverse("competitions_office:list", kwargs={"tenant_slug": "testowo"}))
    assert world["a"]["draft"].title in response.text
    assert world["b"]["draft"].title not in response.text
    assert world["b"]["published"].title not in response.text
