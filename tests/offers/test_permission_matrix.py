"""Who gets what from every page and endpoint of offers: the policy as one table.

Rows are the app's URLs (offers/urls.py: the organisation writing an offer; urls_office.py: the office;
urls_member.py: the platform page of one's offers) with ids of tenant A's prepared data (built through
the competition path's factories and services): `P` a published call open for offers, `S` the offer
organisation 1 submitted in P (version 1, its attachment), `D` a draft organisation 2 started in P
(with an attachment); `Dcall` a call still in draft. POSTs carry no data: they show who reaches the
endpoint, not what it saves (each cell runs in its own transaction, rolled back).

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no authenticator
    owner    owner of organisation 1 (S)          editor  editor of organisation 1
    other    owner of organisation 2 (D)
    offA     official of tenant A (TOTP)          offA0   official of tenant A without an authenticator
    offB     official of tenant B (TOTP)
    super    platform admin (matrix.superuser, TOTP, no role, no organisation)

Outcomes: 200, 400 (form errors), 403, 404, 405; `302` a redirect inside the app (message, next
step); `login` a redirect to the login page; `mfa` a redirect to the setup of an authenticator.

Recorded as built (acceptable, not defects):
- an offer of someone else's organisation is 404, never 403 (its existence does not leak), to
  residents, officials and the platform admin alike: drafts and the writing pages are the
  organisation's own; the office reads submitted offers on its own pages;
- the submit/withdraw/correction/reopen/update endpoints answer GET with the offer's overview (the
  views extend it), so their GET is 200 for the organisation rather than 405;
- the platform admin passes the office's rule (Django superusers hold every permission, as on the
  tenant's own office pages), so `super` reads submitted offers like an official;
- a draft is 404 on the office pages too (drafts are counted, never shown).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.offers import services
from pozytek.offers.models import Offer
from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.states import MemberRole
from tests import matrix_support as matrix
from tests.factories.competitions import CallFactory, PublishedCallFactory
from tests.factories.offers import complete_offer, ngo_member, pdf_upload, start

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "owner", "editor", "other", "offA", "offA0", "offB", "super")

# fmt: off
TABLE = """
row                          anon   res    owner  editor other  offA   offA0  offB   super
# The organisation writing an offer: start in P, then S (submitted)
start GET                    login  200    200    200    200    200    200    200    200
start POST                   login  400    400    400    400    400    400    400    400
start.Dcall GET              login  404    404    404    404    404    404    404    404
overview GET                 login  404    200    200    404    404    404    404    404
overview.D GET               login  404    404    404    200    404    404    404    404
section GET                  login  404    200    200    404    404    404    404    404
section POST                 login  404    400    400    404    404    404    404    404
budget_preview POST          login  404    200    200    404    404    404    404    404
budget_preview GET           login  405    405    405    405    405    405    405    405
attachments GET              login  404    200    200    404    404    404    404    404
attachments POST             login  404    400    400    404    404    404    404    404
attachment GET               login  404    200    200    404    404    404    404    404
attachment.xD GET            login  404    404    404    404    404    404    404    404
pdf GET                      login  404    200    200    404    404    404    404    404
version_pdf GET              login  404    200    200    404    404    404    404    404
version_json GET             login  404    200    200    404    404    404    404    404
confirmation_pdf GET         login  404    200    200    404    404    404    404    404
submit POST                  login  404    302    302    404    404    404    404    404
submit GET                   login  404    200    200    404    404    404    404    404
withdraw POST                login  404    302    302    404    404    404    404    404
submit_correction POST       login  404    302    302    404    404    404    404    404
reopen POST                  login  404    302    302    404    404    404    404    404
submit_update POST           login  404    302    302    404    404    404    404    404
# The platform page of one's offers
member.list GET              login  200    200    200    200    200    200    200    200
# Office: the offers of P, the submitted S (D is a draft: not the office's)
office.call GET              login  403    403    403    403    200    mfa    403    200
office.call_xlsx GET         login  403    403    403    403    200    mfa    403    200
office.detail GET            login  403    403    403    403    200    mfa    403    200
office.detail.D GET          login  403    403    403    403    404    mfa    403    404
office.version_pdf GET       login  403    403    403    403    200    mfa    403    200
office.version_json GET      login  403    403    403    403    200    mfa    403    200
office.attachment GET        login  403    403    403    403    200    mfa    403    200
office.attachment.xD GET     login  403    403    403    403    404    mfa    403    404
"""
# fmt: on


def _s(w):
    return {"pk": w.submitted.pk}


# row → (URL name, kwargs from the prepared tenant `w`)
ROUTES = {
    "start": ("offers:start", lambda w: {"call_pk": w.call.pk}),
    "start.Dcall": ("offers:start", lambda w: {"call_pk": w.draft_call.pk}),
    "overview": ("offers:overview", _s),
    "overview.D": ("offers:overview", lambda w: {"pk": w.draft.pk}),
    "section": ("offers:section", lambda w: {**_s(w), "slug": "zadanie"}),
    "budget_preview": ("offers:budget_preview", lambda w: {**_s(w), "slug": "koszty"}),
    "attachments": ("offers:attachments", _s),
    "attachment": ("offers:attachment", lambda w: {**_s(w), "attachment_pk": w.attachment.pk}),
    "attachment.xD": ("offers:attachment", lambda w: {**_s(w), "attachment_pk": w.draft_attachment.pk}),
    "pdf": ("offers:pdf", _s),
    "version_pdf": ("offers:version_pdf", lambda w: {**_s(w), "number": 1}),
    "version_json": ("offers:version_json", lambda w: {**_s(w), "number": 1}),
    "confirmation_pdf": ("offers:confirmation_pdf", lambda w: {**_s(w), "number": 1}),
    "submit": ("offers:submit", _s),
    "withdraw": ("offers:withdraw", _s),
    "submit_correction": ("offers:submit_correction", _s),
    "reopen": ("offers:reopen", _s),
    "submit_update": ("offers:submit_update", _s),
    "member.list": ("offers_member:list", lambda w: {}),
    "office.call": ("offers_office:call", lambda w: {"call_pk": w.call.pk}),
    "office.call_xlsx": ("offers_office:call_xlsx", lambda w: {"call_pk": w.call.pk}),
    "office.detail": ("offers_office:detail", _s),
    "office.detail.D": ("offers_office:detail", lambda w: {"pk": w.draft.pk}),
    "office.version_pdf": ("offers_office:version_pdf", lambda w: {**_s(w), "number": 1}),
    "office.version_json": ("offers_office:version_json", lambda w: {**_s(w), "number": 1}),
    "office.attachment": ("offers_office:attachment", lambda w: {**_s(w), "attachment_pk": w.attachment.pk}),
    "office.attachment.xD": (
        "offers_office:attachment",
        lambda w: {**_s(w), "attachment_pk": w.draft_attachment.pk},
    ),
}
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.offers.",)
PLATFORM_ROWS = ("member.list",)  # no tenant in the URL
OFFICE_PREFIX = "office."
EXPECTED = matrix.parse_table(TABLE, COLUMNS)


def prepare(tenant, owner, organisation) -> SimpleNamespace:
    """In `tenant`: a published call, `organisation`'s submitted offer with its attachment, and a draft of a
    second organisation (returned as `draft_owner`) with an attachment of its own."""
    call = PublishedCallFactory(
        tenant=tenant, offer_deadline=timezone.now() + dt.timedelta(days=10), required_attachments="Statut"
    )
    offer, _author = complete_offer(call, organisation=organisation, actor=owner)
    draft, draft_owner = start(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=owner)
        draft_attachment = services.add_attachment(
            offer=draft, label="Statut", upload=pdf_upload("statut-2.pdf"), actor=draft_owner
        )
        submitted = Offer.objects.get(pk=offer.pk)
        return SimpleNamespace(
            call=call,
            draft_call=CallFactory(tenant=tenant),
            submitted=submitted,
            attachment=submitted.attachments.get(),
            draft=Offer.objects.get(pk=draft.pk),
            draft_attachment=draft_attachment,
            draft_owner=draft_owner,
        )


def build_world() -> dict:
    """Both tenants prepared. Organisation 1 (listed in A) also submitted an offer in tenant B: its members
    keep that offer too, so B's ids in A's URLs test the tenant, not only the membership."""
    tenant_a, tenant_b = matrix.two_tenants()
    owner, organisation = ngo_member(tenant=tenant_a)
    editor, _organisation = ngo_member(organisation, role=MemberRole.EDITOR)
    a = prepare(tenant_a, owner, organisation)
    b = prepare(tenant_b, owner, organisation)
    users = matrix.people_of(COLUMNS, tenant_a, tenant_b, owner=owner, editor=editor, other=a.draft_owner)
    assert OrganisationMember.objects.filter(organisation=organisation).count() == 2
    return {"a": a, "b": b, "users": users}


world, _fresh_cache = matrix.fixtures(build_world)


def url_of(row: str, prepared, *, tenant_slug: str = "testowo") -> str:
    return matrix.row_url(ROUTES, row, prepared, tenant_slug=tenant_slug, platform=PLATFORM_ROWS)


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES, platform=PLATFORM_ROWS))

CROSS_TENANT = matrix.cells_reaching_objects(EXPECTED, COLUMNS, ROUTES)


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's call, offer and attachment ids in tenant A's URLs: 404 for everyone who gets as far as
    the objects, although organisation 1's members keep B's offer too."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.send(client, method, url_of(row, world["b"]))
    assert matrix.outcome(response) == "404"


MEMBER_ROWS = [
    (row, method)
    for (row, method) in EXPECTED
    if matrix.has_ids(ROUTES, row)
    and not row.startswith(OFFICE_PREFIX)
    and not row.startswith("start")
    and not row.endswith("D")
    and EXPECTED[(row, method)]["owner"] != "405"
]


@pytest.mark.parametrize("column", ["owner", "editor"])
@pytest.mark.parametrize(("row", "method"), MEMBER_ROWS)
def test_another_organisations_ids_give_404(client, db, world, row, method, column):
    """Organisation 2's draft (and its attachment) in the URLs organisation 1's members use: 404."""
    a = world["a"]
    theirs = SimpleNamespace(
        call=a.call, submitted=a.draft, attachment=a.draft_attachment, draft=a.draft, draft_attachment=a.attachment
    )
    matrix.sign_in(client, world["users"][column])
    response = matrix.send(client, method, url_of(row, theirs))
    assert matrix.outcome(response) == "404"


def test_the_list_of_ones_offers_shows_only_ones_organisations_offers(client, db, world):
    """The platform page lists organisation 1's offers in both tenants, never organisation 2's draft."""
    a, b = world["a"], world["b"]
    matrix.sign_in(client, world["users"]["owner"])
    page = client.get(reverse("offers_member:list")).text
    assert url_of("overview", a) in page
    assert url_of("overview", b, tenant_slug="inna") in page
    assert url_of("overview.D", a) not in page


def test_an_attachment_whose_file_is_gone_is_404_not_500(client, db, world):
    """The row outlived its file (a restored backup): the organisation's download says 404, as the office's does."""
    a = world["a"]
    other = world["users"]["other"]
    with scopes_disabled():
        attachment = services.add_attachment(
            offer=a.draft, label="Sprawozdanie", upload=pdf_upload("sprawozdanie.pdf"), actor=other
        )
    attachment.file.storage.delete(attachment.file.name)
    client.raise_request_exception = False
    matrix.sign_in(client, other)
    url = reverse(
        "offers:attachment", kwargs={"tenant_slug": "testowo", "pk": a.draft.pk, "attachment_pk": attachment.pk}
    )
    assert client.get(url).status_code == 404
