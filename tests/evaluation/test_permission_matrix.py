"""Who gets what from every evaluation page and endpoint: the policy as one table.

Rows are the evaluation's URLs (GET pages and POST endpoints) with valid ids of tenant A's prepared
calls (tests/evaluation/matrix_helpers.py): `S` is the call being scored (commission appointed),
`F` the resolved call (commission closed, decision recorded, a request for justification waiting),
`C` a cancelled call. The offer in URLs is the first offer of S (or F), the one the excluded member
declared a conflict with. POSTs carry no data: they show who reaches the endpoint, not what it
saves (each cell runs in its own transaction, rolled back).

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no authenticator
    ngo      keeps the organisation that submitted the first offer (has TOTP)
    offA     official of tenant A (TOTP)         offB   official of tenant B (TOTP)
    chair    chair of both commissions            memb   member (voting)
    expert   expert (advisory vote)               excl   member who declared a conflict with the offer
    undecl   member who has not signed the declaration in S (in F everyone signed)

Outcomes: 200, 400 (form errors), 403, 404, 405; `302` a redirect inside the app (message, next
step); `login` a redirect to the login page; `mfa` a redirect to the setup of an authenticator.
"""

import pytest

from tests import matrix_support as matrix
from tests.evaluation.matrix_helpers import People, prepare

COLUMNS = ("anon", "res", "ngo", "offA", "offB", "chair", "memb", "expert", "excl", "undecl")

# fmt: off
TABLE = """
row                            anon   res    ngo    offA   offB   chair  memb   expert excl   undecl
# Office: formal check of S and its offer
formal.call GET                login  403    403    200    403    403    403    403    403    403
formal.check GET               login  403    403    200    403    403    403    403    403    403
formal.check POST              login  403    403    302    403    403    403    403    403    403
formal.reject POST             login  403    403    302    403    403    403    403    403    403
formal.publish POST            login  403    403    302    403    403    403    403    403    403
formal.publish GET             login  403    403    405    403    403    403    403    403    403
# Office: forming the commission of S (appointed already: forms refuse, actions say why)
commission.detail GET          login  403    403    200    403    403    403    403    403    403
commission.recruitment POST    login  403    403    400    403    403    403    403    403    403
commission.close_recr POST     login  403    403    302    403    403    403    403    403    403
commission.add_member POST     login  403    403    400    403    403    403    403    403    403
commission.remove POST         login  403    403    302    403    403    403    403    403    403
commission.without_ngo POST    login  403    403    400    403    403    403    403    403    403
commission.appoint POST        login  403    403    400    403    403    403    403    403    403
commission.appoint GET         login  403    403    405    403    403    403    403    403    403
# Office: the decision on F and the requests for justification
decision.form GET              login  403    403    200    403    403    403    403    403    403
decision.form POST             login  403    403    302    403    403    403    403    403    403
decision.requests GET          login  403    403    200    403    403    403    403    403    403
decision.answer GET            login  403    403    200    403    403    403    403    403    403
decision.answer POST           login  403    403    400    403    403    403    403    403    403
# Commission workspace (S: scoring)
member.index GET               login  mfa    200    200    200    200    200    200    200    200
member.commission GET          login  mfa    404    404    404    200    200    200    200    302
member.declare GET             login  mfa    404    404    404    302    302    302    302    200
member.declare POST            login  mfa    404    404    404    302    302    302    302    400
member.offer GET               login  mfa    404    404    404    200    200    200    404    404
member.offer POST              login  mfa    404    404    404    302    302    302    404    404
member.offer.F GET             login  mfa    404    404    404    200    200    200    404    200
member.nominate GET            login  403    200    403    403    403    403    403    403    403
member.nominate POST           login  403    400    403    403    403    403    403    403    403
# The chair's round (S) and the protocol (F; S has none yet)
protocol.progress GET          login  mfa    404    200    404    200    403    403    403    403
protocol.progress POST         login  mfa    404    403    404    302    403    403    403    403
protocol.close POST            login  mfa    404    403    404    302    403    403    403    403
protocol.close GET             login  mfa    405    405    405    405    405    405    405    405
protocol.protocol GET          login  mfa    404    200    404    200    200    200    200    200
protocol.protocol.S GET        login  mfa    404    404    404    404    404    404    404    404
protocol.pdf GET               login  mfa    404    200    404    200    200    200    200    200
protocol.cards_pdf GET         login  mfa    404    200    404    200    200    200    200    200
protocol.sign POST             login  mfa    404    404    404    302    302    302    302    302
# Public pages
public.formal_results GET      200    200    200    200    200    200    200    200    200    200
public.results GET             200    200    200    200    200    200    200    200    200    200
public.results.S GET           404    404    404    404    404    404    404    404    404    404
public.results_pdf GET         200    200    200    200    200    200    200    200    200    200
public.results_csv GET         200    200    200    200    200    200    200    200    200    200
public.results_json GET        200    200    200    200    200    200    200    200    200    200
public.cancellation GET        200    200    200    200    200    200    200    200    200    200
public.cancellation_pdf GET    200    200    200    200    200    200    200    200    200    200
public.justification GET       200    200    200    200    200    200    200    200    200    200
public.justification POST      400    400    400    400    400    400    400    400    400    400
"""
# fmt: on


def _s(w):
    return w.scoring


def _f(w):
    return w.finished


# row → (URL name, kwargs from the prepared tenant `w`)
ROUTES = {
    "formal.call": ("evaluation_office_formal:call", lambda w: {"call_pk": _s(w).call.pk}),
    "formal.check": (
        "evaluation_office_formal:check",
        lambda w: {"call_pk": _s(w).call.pk, "offer_pk": _s(w).offers[0].pk},
    ),
    "formal.reject": (
        "evaluation_office_formal:reject",
        lambda w: {"call_pk": _s(w).call.pk, "offer_pk": _s(w).offers[0].pk},
    ),
    "formal.publish": ("evaluation_office_formal:publish", lambda w: {"call_pk": _s(w).call.pk}),
    "commission.detail": ("evaluation_office_commission:detail", lambda w: {"call_pk": _s(w).call.pk}),
    "commission.recruitment": ("evaluation_office_commission:open_recruitment", lambda w: {"call_pk": _s(w).call.pk}),
    "commission.close_recr": ("evaluation_office_commission:close_recruitment", lambda w: {"call_pk": _s(w).call.pk}),
    "commission.add_member": ("evaluation_office_commission:add_member", lambda w: {"call_pk": _s(w).call.pk}),
    "commission.remove": (
        "evaluation_office_commission:remove_member",
        lambda w: {"call_pk": _s(w).call.pk, "member_pk": _s(w).seats["member"].pk},
    ),
    "commission.without_ngo": ("evaluation_office_commission:without_ngo", lambda w: {"call_pk": _s(w).call.pk}),
    "commission.appoint": ("evaluation_office_commission:appoint", lambda w: {"call_pk": _s(w).call.pk}),
    "decision.form": ("evaluation_office_decision:form", lambda w: {"call_pk": _f(w).call.pk}),
    "decision.requests": ("evaluation_office_decision:requests", lambda w: {"call_pk": _f(w).call.pk}),
    "decision.answer": ("evaluation_office_decision:answer", lambda w: {"request_pk": w.request.pk}),
    "member.index": ("evaluation_workspace:index", lambda w: {}),
    "member.commission": ("evaluation_workspace:commission", lambda w: {"commission_pk": _s(w).commission.pk}),
    "member.declare": ("evaluation_workspace:declare", lambda w: {"commission_pk": _s(w).commission.pk}),
    "member.offer": (
        "evaluation_workspace:offer",
        lambda w: {"commission_pk": _s(w).commission.pk, "offer_pk": _s(w).offers[0].pk},
    ),
    "member.offer.F": (
        "evaluation_workspace:offer",
        lambda w: {"commission_pk": _f(w).commission.pk, "offer_pk": _f(w).offers[0].pk},
    ),
    "member.nominate": ("evaluation_workspace:nominate", lambda w: {"recruitment_pk": w.recruitment.pk}),
    "protocol.progress": ("evaluation_protocol:progress", lambda w: {"commission_pk": _s(w).commission.pk}),
    "protocol.close": ("evaluation_protocol:close", lambda w: {"commission_pk": _s(w).commission.pk}),
    "protocol.protocol": ("evaluation_protocol:protocol", lambda w: {"commission_pk": _f(w).commission.pk}),
    "protocol.protocol.S": ("evaluation_protocol:protocol", lambda w: {"commission_pk": _s(w).commission.pk}),
    "protocol.pdf": ("evaluation_protocol:protocol_pdf", lambda w: {"commission_pk": _f(w).commission.pk}),
    "protocol.cards_pdf": ("evaluation_protocol:cards_pdf", lambda w: {"commission_pk": _f(w).commission.pk}),
    "protocol.sign": ("evaluation_protocol:sign", lambda w: {"commission_pk": _f(w).commission.pk}),
    "public.formal_results": ("evaluation_public_formal:results", lambda w: {"call_pk": _s(w).call.pk}),
    "public.results": ("evaluation_public_results:results", lambda w: {"call_pk": _f(w).call.pk}),
    "public.results.S": ("evaluation_public_results:results", lambda w: {"call_pk": _s(w).call.pk}),
    "public.results_pdf": ("evaluation_public_results:results_pdf", lambda w: {"call_pk": _f(w).call.pk}),
    "public.results_csv": ("evaluation_public_results:results_csv", lambda w: {"call_pk": _f(w).call.pk}),
    "public.results_json": ("evaluation_public_results:results_json", lambda w: {"call_pk": _f(w).call.pk}),
    "public.cancellation": ("evaluation_public_results:cancellation", lambda w: {"call_pk": w.cancelled.pk}),
    "public.cancellation_pdf": ("evaluation_public_results:cancellation_pdf", lambda w: {"call_pk": w.cancelled.pk}),
    "public.justification": ("evaluation_public_results:justification", lambda w: {"call_pk": _f(w).call.pk}),
}


COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.evaluation.",)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)
# Office pages refuse before reading any object (a role in the tenant comes first).
OFFICE_PREFIXES = ("formal.", "commission.", "decision.")


def build_world() -> dict:
    """Both tenants prepared; the same people sit in the commissions of both."""
    seats = {
        "res": "resident",
        "ngo": "ngo",
        "chair": "chair",
        "memb": "member",
        "expert": "expert",
        "excl": "excluded",
        "undecl": "undeclared",
    }
    return matrix.same_people_in_both_tenants(People.create, prepare, COLUMNS, seats)


world, _fresh_cache = matrix.fixtures(build_world)


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES))

CROSS_TENANT = matrix.cells_reaching_objects(EXPECTED, COLUMNS, ROUTES, refused_first=OFFICE_PREFIXES)


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's call, offer, commission, seat, recruitment and request ids in tenant A's URLs: 404
    for everyone who gets as far as the objects, although the same people sit in B's commissions."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.request_row(client, method, ROUTES, row, world["b"])
    assert matrix.outcome(response) == "404"


@pytest.mark.parametrize(
    ("row", "method"),
    [("member.commission", "GET"), ("member.offer", "GET"), ("member.offer", "POST"), ("member.declare", "GET")],
)
def test_platform_admin_cannot_see_or_score_offers(client, db, world, row, method):
    """A superuser passes every has_perm check, but has no seat: the commission's pages are 404."""
    matrix.sign_in(client, world["people"].superuser)
    response = matrix.request_row(client, method, ROUTES, row, world["a"])
    assert matrix.outcome(response) == "404"


def test_platform_admin_post_with_scores_saves_nothing(client, db, world):
    from django_scopes import scopes_disabled

    from pozytek.evaluation.models import ScoreCard

    prepared = world["a"]
    matrix.sign_in(client, world["people"].superuser)
    with scopes_disabled():
        criteria = list(prepared.scoring.call.criteria.order_by("pk"))
        before = ScoreCard.objects.count()
    data = {f"points_{c.pk}": "5" for c in criteria} | {"justification": "x", "submit": "1"}
    response = client.post(matrix.row_url(ROUTES, "member.offer", prepared), data)
    assert response.status_code == 404
    with scopes_disabled():
        assert ScoreCard.objects.count() == before
