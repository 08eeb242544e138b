"""Who gets what from every page and endpoint of agreements: the policy as one table.

Rows are the app's URLs (agreements/urls_member.py: the organisation's platform pages under
/moje-organizacje/umowy/; urls_office.py: the office's agreements, payments and annexes; urls_office_updates.py:
the office's review of offer updates) with ids of tenant A's prepared data (tests/agreements/matrix_helpers.py):
`D` an agreement awaiting signatures, `S` a signed agreement (tranche paid, signed file, an approved annex
`A` and a pending request `P`), `R` a second signed agreement with no annex request, `G` an awarded grant
without an agreement, `U` an offer whose update awaits the office, `F` an offer awarded in full (no update).
POSTs carry no data: they show who reaches the endpoint, not what it saves (each cell runs in its own
transaction, rolled back).

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no authenticator
    owner    owner of the organisations party to A's agreements      editor  editor of the same
    other    owner of the organisations party to tenant B's agreements
    offA     official of tenant A (TOTP)        offA0  official of tenant A without an authenticator
    admA     tenant admin of tenant A (TOTP)    offB   official of tenant B (TOTP)
    super    platform admin (superuser, TOTP, no role, no organisation)

Outcomes: 200, 400 (form errors), 403, 404, 405; `302` a redirect inside the app (message, next
step); `login` a redirect to the login page; `mfa` a redirect to the setup of an authenticator.

Recorded as built (acceptable, not defects):
- someone else's agreement on the organisation's pages is 404, never 403 (its existence does not leak),
  to residents, officials and the platform admin alike (the office reads agreements on its own pages);
  the organisation's pages are read-only apart from annex requests, and editors have the owner's rights;
- the platform admin passes the office's rule (Django superusers hold every permission, as on the
  tenant's own office pages), so `super` reads agreements like an official; the annex decision service
  checks the office role itself, so the platform admin's approval comes back as a message (302);
- the tenant admin is office staff here: officials and admins have the same rights;
- the annex approve/refuse and update accept/return endpoints answer GET with the page they extend (the
  annex, the review), so their GET is 200 for the office rather than 405;
- the edit/sign pages of a signed agreement, the prepare page of a grant that has its agreement and the
  annex request while another awaits the decision redirect to the page that says why (302);
- a signed file of an agreement that has none, an annex's document before its approval and the review of
  an offer that needs no update are 404.
"""

import pytest
from django.urls import reverse

from tests import matrix_support as matrix
from tests.agreements.matrix_helpers import COLUMNS, MEMBER_PREFIX, build_world, cross_tenant_cells, url_of

pytestmark = pytest.mark.integration

# fmt: off
TABLE = """
row                          anon   res    owner  editor other  offA   offA0  admA   offB   super
# The organisation's pages (platform: no tenant in the URL)
member.list GET              login  200    200    200    200    200    200    200    200    200
member.detail GET            login  404    200    200    404    404    404    404    404    404
member.detail.D GET          login  404    200    200    404    404    404    404    404    404
member.pdf GET               login  404    200    200    404    404    404    404    404    404
member.signed_file GET       login  404    200    200    404    404    404    404    404    404
member.signed_file.D GET     login  404    404    404    404    404    404    404    404    404
member.annexes GET           login  404    200    200    404    404    404    404    404    404
member.annex_request GET     login  404    200    200    404    404    404    404    404    404
member.annex_request POST    login  404    400    400    404    404    404    404    404    404
member.annex_request.S GET   login  404    302    302    404    404    404    404    404    404
member.annex GET             login  404    200    200    404    404    404    404    404    404
member.annex_withdraw POST   login  404    302    302    404    404    404    404    404    404
member.annex_withdraw GET    login  405    405    405    405    405    405    405    405    405
member.annex_pdf GET         login  404    200    200    404    404    404    404    404    404
member.annex_pdf.P GET       login  404    404    404    404    404    404    404    404    404
# Office: agreements
office.list GET              login  403    403    403    403    200    mfa    200    403    200
office.prepare GET           login  403    403    403    403    200    mfa    200    403    200
office.prepare POST          login  403    403    403    403    400    mfa    400    403    400
office.prepare.S GET         login  403    403    403    403    302    mfa    302    403    302
office.detail GET            login  403    403    403    403    200    mfa    200    403    200
office.detail.S GET          login  403    403    403    403    200    mfa    200    403    200
office.edit GET              login  403    403    403    403    200    mfa    200    403    200
office.edit POST             login  403    403    403    403    400    mfa    400    403    400
office.edit.S GET            login  403    403    403    403    302    mfa    302    403    302
office.pdf GET               login  403    403    403    403    200    mfa    200    403    200
office.docx GET              login  403    403    403    403    200    mfa    200    403    200
office.sign GET              login  403    403    403    403    200    mfa    200    403    200
office.sign POST             login  403    403    403    403    400    mfa    400    403    400
office.sign.S GET            login  403    403    403    403    302    mfa    302    403    302
office.signed_file GET       login  403    403    403    403    200    mfa    200    403    200
office.signed_file.D GET     login  403    403    403    403    404    mfa    404    403    404
office.pay GET               login  403    403    403    403    200    mfa    200    403    200
office.pay POST              login  403    403    403    403    302    mfa    302    403    302
office.terminate GET         login  403    403    403    403    200    mfa    200    403    200
office.terminate POST        login  403    403    403    403    400    mfa    400    403    400
# Office: annexes
office.annexes GET           login  403    403    403    403    200    mfa    200    403    200
office.annex GET             login  403    403    403    403    200    mfa    200    403    200
office.annex_approve POST    login  403    403    403    403    302    mfa    302    403    302
office.annex_approve GET     login  403    403    403    403    200    mfa    200    403    200
office.annex_refuse POST     login  403    403    403    403    400    mfa    400    403    400
office.annex_refuse GET      login  403    403    403    403    200    mfa    200    403    200
office.annex_pdf GET         login  403    403    403    403    200    mfa    200    403    200
office.annex_pdf.P GET       login  403    403    403    403    404    mfa    404    403    404
office.annex_docx GET        login  403    403    403    403    200    mfa    200    403    200
office.annex_docx.P GET      login  403    403    403    403    404    mfa    404    403    404
# Office: offer updates
updates.list GET             login  403    403    403    403    200    mfa    200    403    200
updates.review GET           login  403    403    403    403    200    mfa    200    403    200
updates.review.F GET         login  403    403    403    403    404    mfa    404    403    404
updates.accept POST          login  403    403    403    403    400    mfa    400    403    400
updates.accept GET           login  403    403    403    403    200    mfa    200    403    200
updates.return POST          login  403    403    403    403    400    mfa    400    403    400
updates.return GET           login  403    403    403    403    200    mfa    200    403    200
"""
# fmt: on


def _s(w):
    return {"pk": w.signed.pk}


def _d(w):
    return {"pk": w.draft.pk}


def _pending(w):
    return {"pk": w.signed.pk, "annex_pk": w.pending.pk}


def _approved(w):
    return {"pk": w.signed.pk, "annex_pk": w.approved.pk}


# row → (URL name, kwargs from the prepared tenant `w`)
ROUTES = {
    "member.list": ("agreements_member:list", lambda w: {}),
    "member.detail": ("agreements_member:detail", _s),
    "member.detail.D": ("agreements_member:detail", _d),
    "member.pdf": ("agreements_member:pdf", _s),
    "member.signed_file": ("agreements_member:signed_file", _s),
    "member.signed_file.D": ("agreements_member:signed_file", _d),
    "member.annexes": ("agreements_member:annexes", _s),
    "member.annex_request": ("agreements_member:annex_request", lambda w: {"pk": w.other.pk}),
    "member.annex_request.S": ("agreements_member:annex_request", _s),
    "member.annex": ("agreements_member:annex", _pending),
    "member.annex_withdraw": ("agreements_member:annex_withdraw", _pending),
    "member.annex_pdf": ("agreements_member:annex_pdf", _approved),
    "member.annex_pdf.P": ("agreements_member:annex_pdf", _pending),
    "office.list": ("agreements_office:list", lambda w: {}),
    "office.prepare": ("agreements_office:prepare", lambda w: {"grant_pk": w.grant.pk}),
    "office.prepare.S": ("agreements_office:prepare", lambda w: {"grant_pk": w.signed.grant_id}),
    "office.detail": ("agreements_office:detail", _d),
    "office.detail.S": ("agreements_office:detail", _s),
    "office.edit": ("agreements_office:edit", _d),
    "office.edit.S": ("agreements_office:edit", _s),
    "office.pdf": ("agreements_office:pdf", _d),
    "office.docx": ("agreements_office:docx", _d),
    "office.sign": ("agreements_office:sign", _d),
    "office.sign.S": ("agreements_office:sign", _s),
    "office.signed_file": ("agreements_office:signed_file", _s),
    "office.signed_file.D": ("agreements_office:signed_file", _d),
    "office.pay": ("agreements_office:pay", lambda w: {"pk": w.signed.pk, "tranche_pk": w.tranche.pk}),
    "office.terminate": ("agreements_office:terminate", _s),
    "office.annexes": ("agreements_office:annexes", lambda w: {}),
    "office.annex": ("agreements_office:annex", _pending),
    "office.annex_approve": ("agreements_office:annex_approve", _pending),
    "office.annex_refuse": ("agreements_office:annex_refuse", _pending),
    "office.annex_pdf": ("agreements_office:annex_pdf", _approved),
    "office.annex_pdf.P": ("agreements_office:annex_pdf", _pending),
    "office.annex_docx": ("agreements_office:annex_docx", _approved),
    "office.annex_docx.P": ("agreements_office:annex_docx", _pending),
    "updates.list": ("agreements_office_updates:list", lambda w: {"call_pk": w.call.pk}),
    "updates.review": ("agreements_office_updates:review", lambda w: {"offer_pk": w.update.pk}),
    "updates.review.F": ("agreements_office_updates:review", lambda w: {"offer_pk": w.full.pk}),
    "updates.accept": ("agreements_office_updates:accept", lambda w: {"offer_pk": w.update.pk}),
    "updates.return": ("agreements_office_updates:return", lambda w: {"offer_pk": w.update.pk}),
}
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.agreements.",)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)

world, _fresh_cache = matrix.fixtures(lambda: build_world(updates=True))


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES, platform=(MEMBER_PREFIX,)))


@pytest.mark.parametrize(("row", "method", "column"), cross_tenant_cells(EXPECTED, ROUTES))
def test_another_tenants_ids_give_404(client, db, world, row, method, column):
    """Tenant B's agreements, tranches, annexes, grants, calls and offers in tenant A's office URLs, and in the
    organisation's URLs (B's agreements are another organisation's): 404 for everyone who gets as far as the
    objects."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.send(client, method, url_of(ROUTES, row, world["b"]))
    assert matrix.outcome(response) == "404"


MIXED = {
    # An annex or a tranche of another agreement under this agreement's id.
    "member.annex": lambda w: {"pk": w.other.pk, "annex_pk": w.pending.pk},
    "member.annex_withdraw": lambda w: {"pk": w.other.pk, "annex_pk": w.pending.pk},
    "member.annex_pdf": lambda w: {"pk": w.other.pk, "annex_pk": w.approved.pk},
    "office.annex": lambda w: {"pk": w.other.pk, "annex_pk": w.pending.pk},
    "office.annex_approve": lambda w: {"pk": w.other.pk, "annex_pk": w.pending.pk},
    "office.annex_refuse": lambda w: {"pk": w.other.pk, "annex_pk": w.pending.pk},
    "office.annex_pdf": lambda w: {"pk": w.other.pk, "annex_pk": w.approved.pk},
    "office.annex_docx": lambda w: {"pk": w.other.pk, "annex_pk": w.approved.pk},
    "office.pay": lambda w: {"pk": w.draft.pk, "tranche_pk": w.tranche.pk},
}


def _column_of(row: str) -> str:
    return "owner" if row.startswith(MEMBER_PREFIX) else "offA"


@pytest.mark.parametrize(
    ("row", "method"), [(r, m) for (r, m), cells in EXPECTED.items() if r in MIXED and cells[_column_of(r)] != "405"]
)
def test_a_child_of_another_agreement_gives_404(client, db, world, row, method):
    """The annex or tranche is read through the agreement of the URL: another agreement's child is 404, to the
    organisation that keeps both agreements and to the office alike."""
    name, _kwargs = ROUTES[row]
    column = _column_of(row)
    tenant = {} if row.startswith(MEMBER_PREFIX) else {"tenant_slug": "testowo"}
    matrix.sign_in(client, world["users"][column])
    response = matrix.send(client, method, reverse(name, kwargs={**tenant, **MIXED[row](world["a"])}))
    assert matrix.outcome(response) == "404"


def test_the_list_of_ones_agreements_shows_only_ones_organisations_agreements(client, db, world):
    a, b = world["a"], world["b"]
    matrix.sign_in(client, world["users"]["owner"])
    page = client.get(reverse("agreements_member:list")).text
    for agreement in (a.draft, a.signed, a.other):
        assert reverse("agreements_member:detail", kwargs={"pk": agreement.pk}) in page
    for agreement in (b.draft, b.signed, b.other):
        assert reverse("agreements_member:detail", kwargs={"pk": agreement.pk}) not in page


def test_the_offices_lists_show_only_the_tenants_agreements_and_annexes(client, db, world):
    a, b = world["a"], world["b"]
    matrix.sign_in(client, world["users"]["offA"])
    agreements = client.get(reverse("agreements_office:list", kwargs={"tenant_slug": "testowo"})).text
    annexes = client.get(reverse("agreements_office:annexes", kwargs={"tenant_slug": "testowo"})).text
    for prepared, shown in ((a, True), (b, False)):
        detail = url_of(ROUTES, "office.detail.S", prepared)
        prepare = url_of(ROUTES, "office.prepare", prepared)
        pending = url_of(ROUTES, "office.annex", prepared)
        assert (detail in agreements, prepare in agreements, pending in annexes) == (shown, shown, shown)
