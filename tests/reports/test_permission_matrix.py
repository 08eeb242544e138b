"""Who gets what from every page and endpoint of reports and settlement: the policy as one table.

Rows are the app's URLs (reports/urls_member.py: the organisation's platform pages under
/moje-organizacje/umowy/<agreement>/sprawozdania/; urls_office.py: the office's reports, the settlement and
the audit dossier) with ids of tenant A's prepared data (tests/agreements/matrix_helpers.py): `S` a signed
agreement (tranche paid, an approved annex) whose final report `Sub` is submitted, `R` a second signed
agreement whose final report `Dr` is a draft, `D` an agreement awaiting signatures. POSTs carry no data:
they show who reaches the endpoint, not what it saves (each cell runs in its own transaction, rolled back).

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
- someone else's agreement or report on the organisation's pages is 404, never 403 (its existence does not
  leak), to residents, officials and the platform admin alike; editors have the owner's rights;
- a draft report is saved as it is (blank fields too: the organisation fills it in over time), so the edit
  POST without data redirects back to the form (302); a report no longer editable answers the edit page,
  GET or POST, with its read-only view (200);
- starting a report without saying which one, and submitting an incomplete one, come back as a message (302);
- a draft report never submitted is the organisation's: 404 on the office's pages;
- the platform admin passes the office's rule (Django superusers hold every permission, as on the
  tenant's own office pages), so `super` reads reports like an official; the review services check the
  office role themselves, so the platform admin's acceptance and settlement come back as a message (302);
- the tenant admin is office staff here: officials and admins have the same rights;
- the settlement page of an agreement awaiting signatures shows why it cannot be settled (200), and its
  audit dossier holds what exists so far (200).
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
member.list GET              login  404    200    200    404    404    404    404    404    404
member.start POST            login  404    302    302    404    404    404    404    404    404
member.start GET             login  405    405    405    405    405    405    405    405    405
member.edit GET              login  404    200    200    404    404    404    404    404    404
member.edit POST             login  404    302    302    404    404    404    404    404    404
member.edit.Sub GET          login  404    200    200    404    404    404    404    404    404
member.edit.Sub POST         login  404    200    200    404    404    404    404    404    404
member.submit POST           login  404    302    302    404    404    404    404    404    404
member.submit GET            login  405    405    405    405    405    405    405    405    405
member.pdf GET               login  404    200    200    404    404    404    404    404    404
member.pdf.Dr GET            login  404    200    200    404    404    404    404    404    404
# Office: reports
office.overview GET          login  403    403    403    403    200    mfa    200    403    200
office.detail GET            login  403    403    403    403    200    mfa    200    403    200
office.detail.Dr GET         login  403    403    403    403    404    mfa    404    403    404
office.pdf GET               login  403    403    403    403    200    mfa    200    403    200
office.pdf.Dr GET            login  403    403    403    403    404    mfa    404    403    404
office.accept POST           login  403    403    403    403    302    mfa    302    403    302
office.accept GET            login  403    403    403    403    405    mfa    405    403    405
office.return POST           login  403    403    403    403    400    mfa    400    403    400
office.return GET            login  403    403    403    403    405    mfa    405    403    405
office.reject POST           login  403    403    403    403    400    mfa    400    403    400
office.reject GET            login  403    403    403    403    405    mfa    405    403    405
# Office: settlement and the audit dossier
office.settle GET            login  403    403    403    403    200    mfa    200    403    200
office.settle POST           login  403    403    403    403    400    mfa    400    403    302
office.settle.D GET          login  403    403    403    403    200    mfa    200    403    200
office.dossier GET           login  403    403    403    403    200    mfa    200    403    200
office.dossier.D GET         login  403    403    403    403    200    mfa    200    403    200
"""
# fmt: on


def _sub(w):
    return {"agreement_pk": w.signed.pk, "pk": w.submitted.pk}


def _dr(w):
    return {"agreement_pk": w.other.pk, "pk": w.draft_report.pk}


# row → (URL name, kwargs from the prepared tenant `w`)
ROUTES = {
    "member.list": ("reports_member:list", lambda w: {"agreement_pk": w.signed.pk}),
    "member.start": ("reports_member:start", lambda w: {"agreement_pk": w.other.pk}),
    "member.edit": ("reports_member:edit", _dr),
    "member.edit.Sub": ("reports_member:edit", _sub),
    "member.submit": ("reports_member:submit", _dr),
    "member.pdf": ("reports_member:pdf", _sub),
    "member.pdf.Dr": ("reports_member:pdf", _dr),
    "office.overview": ("reports_office:overview", lambda w: {}),
    "office.detail": ("reports_office:detail", lambda w: {"pk": w.submitted.pk}),
    "office.detail.Dr": ("reports_office:detail", lambda w: {"pk": w.draft_report.pk}),
    "office.pdf": ("reports_office:pdf", lambda w: {"pk": w.submitted.pk}),
    "office.pdf.Dr": ("reports_office:pdf", lambda w: {"pk": w.draft_report.pk}),
    "office.accept": ("reports_office:accept", lambda w: {"pk": w.submitted.pk}),
    "office.return": ("reports_office:return", lambda w: {"pk": w.submitted.pk}),
    "office.reject": ("reports_office:reject", lambda w: {"pk": w.submitted.pk}),
    "office.settle": ("reports_office:settle", lambda w: {"agreement_pk": w.signed.pk}),
    "office.settle.D": ("reports_office:settle", lambda w: {"agreement_pk": w.draft.pk}),
    "office.dossier": ("reports_office:dossier", lambda w: {"agreement_pk": w.signed.pk}),
    "office.dossier.D": ("reports_office:dossier", lambda w: {"agreement_pk": w.draft.pk}),
}
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.reports.",)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)

world, _fresh_cache = matrix.fixtures(lambda: build_world(reports=True))


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES, platform=(MEMBER_PREFIX,)))


@pytest.mark.parametrize(("row", "method", "column"), cross_tenant_cells(EXPECTED, ROUTES))
def test_another_tenants_ids_give_404(client, db, world, row, method, column):
    """Tenant B's agreements and reports in tenant A's office URLs, and in the organisation's URLs (B's
    agreements are another organisation's): 404 for everyone who gets as far as the objects."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.send(client, method, url_of(ROUTES, row, world["b"]))
    assert matrix.outcome(response) == "404"


MIXED = {
    # A report of another agreement under this agreement's id (the organisation keeps both).
    "member.edit": lambda w: {"agreement_pk": w.signed.pk, "pk": w.draft_report.pk},
    "member.edit.Sub": lambda w: {"agreement_pk": w.other.pk, "pk": w.submitted.pk},
    "member.submit": lambda w: {"agreement_pk": w.signed.pk, "pk": w.draft_report.pk},
    "member.pdf": lambda w: {"agreement_pk": w.other.pk, "pk": w.submitted.pk},
}


@pytest.mark.parametrize(
    ("row", "method"), [(r, m) for (r, m), cells in EXPECTED.items() if r in MIXED and cells["owner"] != "405"]
)
def test_a_report_of_another_agreement_gives_404(client, db, world, row, method):
    name, _kwargs = ROUTES[row]
    matrix.sign_in(client, world["users"]["owner"])
    response = matrix.send(client, method, reverse(name, kwargs=MIXED[row](world["a"])))
    assert matrix.outcome(response) == "404"


def test_the_offices_overview_shows_only_the_tenants_reports(client, db, world):
    a, b = world["a"], world["b"]
    matrix.sign_in(client, world["users"]["offA"])
    page = client.get(reverse("reports_office:overview", kwargs={"tenant_slug": "testowo"})).text
    assert url_of(ROUTES, "office.detail", a) in page
    assert url_of(ROUTES, "office.settle", a) in page
    assert url_of(ROUTES, "office.detail", b) not in page
    assert url_of(ROUTES, "office.settle", b) not in page


def test_the_organisations_list_shows_only_the_agreements_reports(client, db, world):
    """The reports of the agreement in the URL, never those of the organisation's other agreement."""
    a = world["a"]
    matrix.sign_in(client, world["users"]["owner"])
    page = client.get(url_of(ROUTES, "member.list", a)).text
    assert url_of(ROUTES, "member.edit.Sub", a) in page
    assert url_of(ROUTES, "member.edit", a) not in page
