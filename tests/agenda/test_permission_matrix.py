"""Who gets what from the calendar's pages (agenda/urls.py): the policy as one table.

Rows: a municipality's public iCal feed (`feed`, tenant A's); the person's own page (`my.page`), the reset
of the secret address of their feed (`my.reset`, POST), and the private feed itself, at offA's current
secret (`my.feed`), at offA's retired secret (`my.feed_old`) and at a made-up one (`my.feed_unknown`).

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no authenticator
    offA     official of tenant A (TOTP)          offA0  official of tenant A without an authenticator
    offB     official of tenant B (TOTP)
    super    platform admin (matrix.superuser, TOTP, no role in any tenant)

Outcomes: 200, 302 (a new address, back to the page), 404, 405; `login` a redirect to the login page.

Recorded as built: the page is the person's own, so it asks for no authenticator (it lists what the person
may read anyway: public items and their organisations' deadlines). The private feed is opened by its
secret alone, whoever asks (a calendar app signs in to nothing): the secret is the permission, and a
retired or unknown one is not found. The page and the reset hold no id: each person reads and resets only
their own (see tests/agenda/test_calendar.py for the feeds' contents).
"""

import pytest

from pozytek.agenda.services import reset_calendar_token
from tests import matrix_support as matrix

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "offA", "offA0", "offB", "super")

# fmt: off
TABLE = """
row                  anon   res    offA   offA0  offB   super
feed GET             200    200    200    200    200    200
feed POST            405    405    405    405    405    405
my.page GET          login  200    200    200    200    200
my.page POST         login  405    405    405    405    405
my.reset POST        login  302    302    302    302    302
my.reset GET         login  405    405    405    405    405
my.feed GET          200    200    200    200    200    200
my.feed_old GET      404    404    404    404    404    404
my.feed_unknown GET  404    404    404    404    404    404
"""
# fmt: on

# row → (URL name, kwargs from the prepared world `w`); rows starting with "my." are the platform's.
ROUTES = {
    "feed": ("agenda:tenant_feed", lambda w: {}),
    "my.page": ("agenda:own", lambda w: {}),
    "my.reset": ("agenda:reset", lambda w: {}),
    "my.feed": ("agenda:private_feed", lambda w: {"token": w["token"]}),
    "my.feed_old": ("agenda:private_feed", lambda w: {"token": w["old_token"]}),
    "my.feed_unknown": ("agenda:private_feed", lambda w: {"token": "nieznany-adres"}),
}
PLATFORM = ("my.",)
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.agenda.",)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)


def build_world() -> dict:
    """Two tenants with their people; offA has a calendar address, reset once (the old one retired)."""
    tenant_a, tenant_b = matrix.two_tenants()
    users = matrix.people_of(COLUMNS, tenant_a, tenant_b)
    old = reset_calendar_token(actor=users["offA"]).token
    new = reset_calendar_token(actor=users["offA"]).token
    return {"users": users, "a": {"token": new, "old_token": old}}


world, _fresh_cache = matrix.fixtures(build_world)


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES, platform=PLATFORM))
