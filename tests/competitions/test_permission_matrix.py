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
    super    platform admin (matrix.superuser, TOTP, no role in any tenant)

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
from django.urls import reverse
from django_scopes import scopes_disabled

from pozytek.competitions.services import submit_proposal, withdraw_proposal
from pozytek.legal.models import SphereOfPublicTasks
from tests import matrix_support as matrix
from tests.factories.competitions import CallFactory, PublishedCallFactory
from tests.factories.offers import ngo_member

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
office.task POST     login  403    403    302    mfa    302    403    302
office.task GET      login  403    403    200    mfa    200    403    200
# Own-initiative proposals (art. 12): Q submitted by ngo's organisation, W withdrawn (not public)
proposals GET        200    200    200    200    200    200    200    200
proposals.new GET    login  200    200    200    200    200    200    200
proposals.new POST   login  400    400    400    400    400    400    400
proposal GET         200    200    200    200    200    200    200    200
proposal.W GET       404    404    404    404    404    404    404    404
proposal.wd POST     login  403    302    403    403    403    403    403
proposal.wd GET      405    405    405    405    405    405    405    405
office.props GET     login  403    403    200    mfa    200    403    200
office.prop GET      login  403    403    200    mfa    200    403    200
office.prop POST     login  403    403    400    mfa    400    403    400
office.prop.W GET    login  403    403    200    mfa    200    403    200
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
    "office.task": ("competitions_office:priority_task", lambda w: {"pk": w["published"].pk}),
    "proposals": ("competitions:proposals", lambda w: {}),
    "proposals.new": ("competitions:proposal_new", lambda w: {}),
    "proposal": ("competitions:proposal", lambda w: {"pk": w["proposal"].pk}),
    "proposal.W": ("competitions:proposal", lambda w: {"pk": w["withdrawn"].pk}),
    "proposal.wd": ("competitions:proposal_withdraw", lambda w: {"pk": w["proposal"].pk}),
    "office.props": ("competitions_office:proposals", lambda w: {}),
    "office.prop": ("competitions_office:proposal", lambda w: {"pk": w["proposal"].pk}),
    "office.prop.W": ("competitions_office:proposal", lambda w: {"pk": w["withdrawn"].pk}),
}
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.competitions.",)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)


def proposals(tenant, author, organisation) -> dict:
    """A proposal awaiting the answer and a withdrawn one (art. 12)."""
    with scopes_disabled():
        made = [
            submit_proposal(
                tenant=tenant,
                organisation=organisation,
                actor=author,
                title=title,
                sphere=SphereOfPublicTasks.objects.get(code="1"),
                description="Opis zadania.",
            )
            for title in ("Wniosek oczekujący", "Wniosek wycofany")
        ]
        withdrawn = withdraw_proposal(proposal=made[1], actor=author)
    return {"proposal": made[0], "withdrawn": withdrawn}


def build_world() -> dict:
    """Two tenants with a draft and a published call each."""
    tenant_a, tenant_b = matrix.two_tenants()
    ngo, organisation = ngo_member(tenant=tenant_a)
    users = matrix.people_of(COLUMNS, tenant_a, tenant_b, ngo=ngo)
    other, other_organisation = ngo_member(tenant=tenant_b)
    a = {
        "draft": CallFactory(tenant=tenant_a, title="Szkic Testowa"),
        "published": PublishedCallFactory(tenant=tenant_a, title="Ogłoszony Testowa"),
        **proposals(tenant_a, ngo, organisation),
    }
    b = {
        "draft": CallFactory(tenant=tenant_b, title="Szkic Innej gminy"),
        "published": PublishedCallFactory(tenant=tenant_b, title="Ogłoszony Innej gminy"),
        **proposals(tenant_b, other, other_organisation),
    }
    return {"a": a, "b": b, "users": users}


world, _fresh_cache = matrix.fixtures(build_world)


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES))

CROSS_TENANT = matrix.cells_reaching_objects(EXPECTED, COLUMNS, ROUTES)


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's call ids in tenant A's URLs: 404 for everyone who gets as far as the call."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.request_row(client, method, ROUTES, row, world["b"])
    assert matrix.outcome(response) == "404"


def test_the_office_list_shows_only_the_tenants_calls(client, db, world):
    matrix.sign_in(client, world["users"]["offA"])
    response = client.get(reverse("competitions_office:list", kwargs={"tenant_slug": "testowo"}))
    assert world["a"]["draft"].title in response.text
    assert world["b"]["draft"].title not in response.text
    assert world["b"]["published"].title not in response.text
