"""Who gets what from every page and endpoint of small grants: the policy as one table.

Rows use tenant A's prepared records: the year's published scheme, `P` an offer published for comments
(its window open) and `Q` an offer received and not yet published. POSTs carry no data: they show who
reaches the endpoint, not what it saves.

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no organisation, no authenticator
    ngo      keeps an organisation listed in tenant A
    offA     official of tenant A (TOTP)          offA0  official of tenant A without an authenticator
    admA     tenant admin of tenant A (TOTP)      offB   official of tenant B (TOTP)
    super    platform admin (superuser, TOTP)

Outcomes: 200, 400 (form errors), 403, 404, 405; `login` a redirect to the login page; `mfa` a redirect to
the setup of an authenticator.

Recorded as they are: an offer not yet published is not public (404 to everyone, the office included: the
office reads it on its own page). Anyone signed in may comment in the window (an empty comment: 400). The
start page is open to everyone signed in; without an organisation it says how to get one, and an empty
POST is a form error. The platform admin passes the office's role check (Django's `has_perm`).
"""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.competitions.states import CallMode
from pozytek.offers import services as offer_services
from pozytek.offers.states import FundingRoute
from pozytek.smallgrants.models import Publication
from pozytek.smallgrants.services import publish_for_comments, save_scheme
from tests import matrix_support as matrix
from tests.factories.offers import fill, ngo_member
from tests.grants.register_helpers import sphere

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "ngo", "offA", "offA0", "admA", "offB", "super")
YEAR = timezone.localdate().year

# fmt: off
TABLE = """
row                   anon   res    ngo    offA   offA0  admA   offB   super
public.scheme GET     200    200    200    200    200    200    200    200
public.scheme POST    405    405    405    405    405    405    405    405
public.offer GET      200    200    200    200    200    200    200    200
public.offer POST     login  400    400    400    400    400    400    400
public.offer.Q GET    404    404    404    404    404    404    404    404
public.notice GET     200    200    200    200    200    200    200    200
public.notice.Q GET   404    404    404    404    404    404    404    404
public.json GET       200    200    200    200    200    200    200    200
public.offer.Q POST   404    404    404    404    404    404    404    404
member.start GET      login  200    200    200    200    200    200    200
member.start POST     login  400    400    400    400    400    400    400
office.list GET       login  403    403    200    mfa    200    403    200
office.list POST      login  403    403    405    mfa    405    403    405
office.detail GET     login  403    403    200    mfa    200    403    200
office.detail POST    login  403    403    400    mfa    400    403    400
office.detail.Q GET   login  403    403    200    mfa    200    403    200
office.scheme GET     login  403    403    200    mfa    200    403    200
office.scheme POST    login  403    403    400    mfa    400    403    400
"""
# fmt: on

ROUTES = {
    "public.scheme": ("smallgrants:scheme", lambda w: {}),
    "public.offer": ("smallgrants:publication", lambda w: {"pk": w["published"].pk}),
    "public.offer.Q": ("smallgrants:publication", lambda w: {"pk": w["pending"].pk}),
    "public.notice": ("smallgrants:notice", lambda w: {"pk": w["published"].pk}),
    "public.notice.Q": ("smallgrants:notice", lambda w: {"pk": w["pending"].pk}),
    "public.json": ("smallgrants:json", lambda w: {}),
    "member.start": ("smallgrants:start", lambda w: {}),
    "office.list": ("smallgrants_office:list", lambda w: {}),
    "office.detail": ("smallgrants_office:detail", lambda w: {"pk": w["published"].pk}),
    "office.detail.Q": ("smallgrants_office:detail", lambda w: {"pk": w["pending"].pk}),
    "office.scheme": ("smallgrants_office:scheme", lambda w: {"year": YEAR}),
}
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)
APP_URLCONFS = ("pozytek.smallgrants.",)
REFUSED_FIRST = ("office.",)


def _received(tenant, author, organisation, title):
    with scopes_disabled():
        offer = offer_services.start_offer(
            route=FundingRoute.SMALL_GRANT,
            tenant=tenant,
            organisation=organisation,
            actor=author,
            mode=CallMode.SUPPORT,
            sphere=sphere("1"),
            title=title,
        )
    offer = fill(offer, author)
    with scopes_disabled():
        offer_services.submit_offer(offer=offer, actor=author)
        return Publication.objects.select_related("offer", "tenant").get(offer=offer)


def prepare(tenant, official) -> dict:
    author, organisation = ngo_member(tenant=tenant)
    with scopes_disabled():
        save_scheme(tenant=tenant, year=YEAR, actor=official, data={"grants_budget": 100000, "published": True})
    published = _received(tenant, author, organisation, f"Mały grant: festyn w {tenant.name}")
    pending = _received(tenant, author, organisation, f"Mały grant: warsztaty w {tenant.name}")
    with scopes_disabled():
        published = publish_for_comments(publication=published, actor=official)
    return {"official": official, "published": published, "pending": pending, "ngo": author}


def build_world() -> dict:
    tenant_a, tenant_b = matrix.two_tenants()
    a = prepare(tenant_a, matrix.official_of(tenant_a))
    b = prepare(tenant_b, matrix.official_of(tenant_b))
    users = matrix.people_of(COLUMNS, tenant_a, tenant_b, offA=a["official"], offB=b["official"], ngo=a["ngo"])
    return {"a": a, "b": b, "users": users}


world, _fresh_cache = matrix.fixtures(build_world)

test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)

test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES))

# The scheme's page takes a year, not another tenant's id: every tenant has its own scheme of the year.
CROSS_TENANT = [
    cell
    for cell in matrix.cells_reaching_objects(EXPECTED, COLUMNS, ROUTES, refused_first=REFUSED_FIRST)
    if cell[0] != "office.scheme"
]


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's published and pending offers in tenant A's URLs: 404 for everyone who gets that far."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.request_row(client, method, ROUTES, row, world["b"])
    assert matrix.outcome(response) == "404"


def test_tenant_a_pages_list_nothing_of_tenant_b(client, db, world):
    """The public page and the office's list of tenant A name A's offers and never B's."""
    matrix.sign_in(client, world["users"]["offA"])
    for row, shown in (("public.scheme", ("published",)), ("office.list", ("published", "pending"))):
        text = matrix.text_of(matrix.request_row(client, "GET", ROUTES, row, world["a"]))
        for key in shown:
            assert world["a"][key].offer.organisation.name in text
            assert world["b"][key].offer.organisation.name not in text
