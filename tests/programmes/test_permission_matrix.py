"""Who gets what from every page and endpoint of the cooperation programme and its realisation report: the
policy as one table.

Rows are the programmes' URLs (GET pages and POST endpoints) with valid ids of tenant A's prepared
programmes (tests/programmes/matrix_helpers.py): `F` the programme for 2026 in force (its goal, form, task,
indicator, a recorded activity with an attachment, an assignment, the draft report on 2026), `D` the draft
for 2027 (not public; its goal, form, task, indicator), `P` the programme for 2025, reported, whose report
is published. Rows without a suffix use F (office rows editing the content: D; report rows: the draft
report). POSTs carry no data: they show who reaches the endpoint, not what it saves (each cell runs in its
own transaction, rolled back).

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no organisation, no authenticator
    ngo      keeps an organisation listed in tenant A
    offA     official of tenant A (TOTP)          offA0  official of tenant A without an authenticator
    admA     tenant admin of tenant A (TOTP)      offB   official of tenant B (TOTP)
    super    platform admin (superuser, TOTP)

Outcomes: 200, 400 (form errors), 403, 404, 405; `302` a redirect inside the app (message, next step);
`login` a redirect to the login page; `mfa` a redirect to the setup of an authenticator.

Recorded as they are (acceptable, not defects):
- The public pages show only what the council adopted and the office published: the draft programme and
  the draft report give 404 to everyone, the office included (the office reads them on its own pages).
- An adopted programme's content is not edited: the office's forms on F send the official back to the
  programme's page with the reason (302), for GET and POST alike.
- The actions without a form page (coming into force, preparing and publishing the report, clearing an
  assignment) answer only POST (405 to a GET); an action refused in the programme's state (F is already in
  force) is told by a message on the page it redirects to (302).
- The platform admin passes the office's role check (`has_perm`, Django's semantics) and so sees the
  office pages of every tenant, but the services let only the tenant's office staff write: where a view
  does not turn that refusal into a message, the admin's POST gives 403, where it does (preparing and
  publishing the report, the coming into force), 302 with the reason.
"""

import pytest
from django_scopes import scopes_disabled

from pozytek.programmes.models import Activity, Attribution, Goal, RealisationReport
from tests import matrix_support as matrix
from tests.programmes.matrix_helpers import YEAR, People, prepare

COLUMNS = ("anon", "res", "ngo", "offA", "offA0", "admA", "offB", "super")

# fmt: off
TABLE = """
row                          anon   res    ngo    offA   offA0  admA   offB   super
# Public pages: the programmes adopted (F, P), the draft D (not public), documents and open data
public.list GET              200    200    200    200    200    200    200    200
public.detail GET            200    200    200    200    200    200    200    200
public.detail.P GET          200    200    200    200    200    200    200    200
public.detail.D GET          404    404    404    404    404    404    404    404
public.pdf GET               200    200    200    200    200    200    200    200
public.pdf.D GET             404    404    404    404    404    404    404    404
public.docx GET              200    200    200    200    200    200    200    200
public.docx.D GET            404    404    404    404    404    404    404    404
public.json GET              200    200    200    200    200    200    200    200
public.json.D GET            404    404    404    404    404    404    404    404
# Public: F's recorded activity and its attachment
public.activity GET          200    200    200    200    200    200    200    200
public.activity_file GET     200    200    200    200    200    200    200    200
# Public: P's published report; the draft report on F's year is not public
public.report GET            200    200    200    200    200    200    200    200
public.report.D GET          404    404    404    404    404    404    404    404
public.report_pdf GET        200    200    200    200    200    200    200    200
public.report_pdf.D GET      404    404    404    404    404    404    404    404
public.report_docx GET       200    200    200    200    200    200    200    200
public.report_docx.D GET     404    404    404    404    404    404    404    404
public.report_json GET       200    200    200    200    200    200    200    200
public.report_json.D GET     404    404    404    404    404    404    404    404
# Office: the list, a new draft, F's and D's pages, a copy of F, D's elements (F's: back with the reason)
office.list GET              login  403    403    200    mfa    200    403    200
office.create GET            login  403    403    200    mfa    200    403    200
office.create POST           login  403    403    400    mfa    400    403    400
office.detail GET            login  403    403    200    mfa    200    403    200
office.detail.D GET          login  403    403    200    mfa    200    403    200
office.copy GET              login  403    403    200    mfa    200    403    200
office.copy POST             login  403    403    400    mfa    400    403    400
office.edit GET              login  403    403    200    mfa    200    403    200
office.edit POST             login  403    403    400    mfa    400    403    400
office.edit.F GET            login  403    403    302    mfa    302    403    302
office.edit.F POST           login  403    403    302    mfa    302    403    302
# Office: D's goals, forms, priority tasks and indicators (adding, editing, removing)
office.goal_add GET          login  403    403    200    mfa    200    403    200
office.goal_add POST         login  403    403    400    mfa    400    403    400
office.goal_add.F POST       login  403    403    302    mfa    302    403    302
office.goal_edit GET         login  403    403    200    mfa    200    403    200
office.goal_edit POST        login  403    403    400    mfa    400    403    400
office.goal_remove GET       login  403    403    200    mfa    200    403    200
office.goal_remove POST      login  403    403    302    mfa    302    403    403
office.goal_remove.F POST    login  403    403    302    mfa    302    403    302
office.form_add GET          login  403    403    200    mfa    200    403    200
office.form_add POST         login  403    403    400    mfa    400    403    400
office.form_edit GET         login  403    403    200    mfa    200    403    200
office.form_edit POST        login  403    403    400    mfa    400    403    400
office.form_remove GET       login  403    403    200    mfa    200    403    200
office.form_remove POST      login  403    403    302    mfa    302    403    403
office.task_add GET          login  403    403    200    mfa    200    403    200
office.task_add POST         login  403    403    400    mfa    400    403    400
office.task_edit GET         login  403    403    200    mfa    200    403    200
office.task_edit POST        login  403    403    400    mfa    400    403    400
office.task_remove GET       login  403    403    200    mfa    200    403    200
office.task_remove POST      login  403    403    302    mfa    302    403    403
office.indicator_add GET     login  403    403    200    mfa    200    403    200
office.indicator_add POST    login  403    403    400    mfa    400    403    400
office.indicator_edit GET    login  403    403    200    mfa    200    403    200
office.indicator_edit POST   login  403    403    400    mfa    400    403    400
office.indicator_remove GET  login  403    403    200    mfa    200    403    200
office.indicator_remove POST login  403    403    302    mfa    302    403    403
# Office: the value reached by F's indicator (entered while in force; empty: not known yet)
office.indicator_value GET   login  403    403    200    mfa    200    403    200
office.indicator_value POST  login  403    403    302    mfa    302    403    403
# Office: D into consultation, D's adoption, F into force (already: refused with a message)
office.consult GET           login  403    403    200    mfa    200    403    200
office.consult POST          login  403    403    400    mfa    400    403    400
office.adopt GET             login  403    403    200    mfa    200    403    200
office.adopt POST            login  403    403    400    mfa    400    403    400
office.force GET             login  403    403    405    mfa    405    403    405
office.force POST            login  403    403    302    mfa    302    403    302
# Office: F's recorded activities, a new one, removing one, the attachment
office.activities GET        login  403    403    200    mfa    200    403    200
office.activity_add GET      login  403    403    200    mfa    200    403    200
office.activity_add POST     login  403    403    400    mfa    400    403    400
office.activity_remove GET   login  403    403    200    mfa    200    403    200
office.activity_remove POST  login  403    403    302    mfa    302    403    403
office.activity_file GET     login  403    403    200    mfa    200    403    200
# Office: F's records of 2026 assigned to forms and goals (no record named: back with the reason)
office.assign GET            login  403    403    200    mfa    200    403    200
office.assign POST           login  403    403    302    mfa    302    403    302
office.unassign GET          login  403    403    405    mfa    405    403    405
office.unassign POST         login  403    403    302    mfa    302    403    403
# Office: F's realisation in 2026, preparing its report (opens the draft), the draft's narrative,
# publishing it, its PDF preview; P's published report (frozen)
reports.live GET             login  403    403    200    mfa    200    403    200
reports.start GET            login  403    403    405    mfa    405    403    405
reports.start POST           login  403    403    302    mfa    302    403    302
reports.edit GET             login  403    403    200    mfa    200    403    200
reports.edit POST            login  403    403    302    mfa    302    403    403
reports.edit.P GET           login  403    403    200    mfa    200    403    200
reports.edit.P POST          login  403    403    302    mfa    302    403    302
reports.publish GET          login  403    403    405    mfa    405    403    405
reports.publish POST         login  403    403    302    mfa    302    403    302
reports.pdf GET              login  403    403    200    mfa    200    403    200
"""
# fmt: on


def _programme(w) -> dict:
    return {"pk": w.programme.pk}


def _draft(w) -> dict:
    return {"pk": w.draft.pk}


# row → (URL name, kwargs from the prepared tenant `w`)
ROUTES = {
    "public.list": ("programmes:list", lambda w: {}),
    "public.detail": ("programmes:detail", _programme),
    "public.detail.P": ("programmes:detail", lambda w: {"pk": w.past.pk}),
    "public.detail.D": ("programmes:detail", _draft),
    "public.pdf": ("programmes:pdf", _programme),
    "public.pdf.D": ("programmes:pdf", _draft),
    "public.docx": ("programmes:docx", _programme),
    "public.docx.D": ("programmes:docx", _draft),
    "public.json": ("programmes:json", _programme),
    "public.json.D": ("programmes:json", _draft),
    "public.activity": ("programmes:activity", lambda w: {"pk": w.programme.pk, "activity": w.activity.pk}),
    "public.activity_file": (
        "programmes:activity_file",
        lambda w: {"pk": w.programme.pk, "activity": w.activity.pk},
    ),
    "public.report": ("programmes:report", lambda w: {"report": w.report.pk}),
    "public.report.D": ("programmes:report", lambda w: {"report": w.draft_report.pk}),
    "public.report_pdf": ("programmes:report_pdf", lambda w: {"report": w.report.pk}),
    "public.report_pdf.D": ("programmes:report_pdf", lambda w: {"report": w.draft_report.pk}),
    "public.report_docx": ("programmes:report_docx", lambda w: {"report": w.report.pk}),
    "public.report_docx.D": ("programmes:report_docx", lambda w: {"report": w.draft_report.pk}),
    "public.report_json": ("programmes:report_json", lambda w: {"report": w.report.pk}),
    "public.report_json.D": ("programmes:report_json", lambda w: {"report": w.draft_report.pk}),
    "office.list": ("programmes_office:list", lambda w: {}),
    "office.create": ("programmes_office:create", lambda w: {}),
    "office.detail": ("programmes_office:detail", _programme),
    "office.detail.D": ("programmes_office:detail", _draft),
    "office.copy": ("programmes_office:copy", _programme),
    "office.edit": ("programmes_office:edit", _draft),
    "office.edit.F": ("programmes_office:edit", _programme),
    "office.goal_add": ("programmes_office:goal_add", _draft),
    "office.goal_add.F": ("programmes_office:goal_add", _programme),
    "office.goal_edit": ("programmes_office:goal_edit", lambda w: {"pk": w.draft.pk, "goal": w.draft_goal.pk}),
    "office.goal_remove": ("programmes_office:goal_remove", lambda w: {"pk": w.draft.pk, "goal": w.draft_goal.pk}),
    "office.goal_remove.F": ("programmes_office:goal_remove", lambda w: {"pk": w.programme.pk, "goal": w.goal.pk}),
    "office.form_add": ("programmes_office:form_add", _draft),
    "office.form_edit": ("programmes_office:form_edit", lambda w: {"pk": w.draft.pk, "form": w.draft_form.pk}),
    "office.form_remove": ("programmes_office:form_remove", lambda w: {"pk": w.draft.pk, "form": w.draft_form.pk}),
    "office.task_add": ("programmes_office:task_add", _draft),
    "office.task_edit": ("programmes_office:task_edit", lambda w: {"pk": w.draft.pk, "task": w.draft_task.pk}),
    "office.task_remove": ("programmes_office:task_remove", lambda w: {"pk": w.draft.pk, "task": w.draft_task.pk}),
    "office.indicator_add": ("programmes_office:indicator_add", _draft),
    "office.indicator_edit": (
        "programmes_office:indicator_edit",
        lambda w: {"pk": w.draft.pk, "indicator": w.draft_indicator.pk},
    ),
    "office.indicator_remove": (
        "programmes_office:indicator_remove",
        lambda w: {"pk": w.draft.pk, "indicator": w.draft_indicator.pk},
    ),
    "office.indicator_value": (
        "programmes_office:indicator_value",
        lambda w: {"pk": w.programme.pk, "indicator": w.indicator.pk},
    ),
    "office.consult": ("programmes_office:consult", _draft),
    "office.adopt": ("programmes_office:adopt", _draft),
    "office.force": ("programmes_office:force", _programme),
    "office.activities": ("programmes_office:activities", _programme),
    "office.activity_add": ("programmes_office:activity_add", _programme),
    "office.activity_remove": (
        "programmes_office:activity_remove",
        lambda w: {"pk": w.programme.pk, "activity": w.spare.pk},
    ),
    "office.activity_file": (
        "programmes_office:activity_file",
        lambda w: {"pk": w.programme.pk, "activity": w.activity.pk},
    ),
    "office.assign": ("programmes_office:assign", lambda w: {"pk": w.programme.pk, "year": YEAR}),
    "office.unassign": (
        "programmes_office:unassign",
        lambda w: {"pk": w.programme.pk, "year": YEAR, "attribution": w.attribution.pk},
    ),
    "reports.live": ("programmes_reports:live", lambda w: {"pk": w.programme.pk, "year": YEAR}),
    "reports.start": ("programmes_reports:start", lambda w: {"pk": w.programme.pk, "year": YEAR}),
    "reports.edit": ("programmes_reports:edit", lambda w: {"report": w.draft_report.pk}),
    "reports.edit.P": ("programmes_reports:edit", lambda w: {"report": w.report.pk}),
    "reports.publish": ("programmes_reports:publish", lambda w: {"report": w.draft_report.pk}),
    "reports.pdf": ("programmes_reports:pdf", lambda w: {"report": w.draft_report.pk}),
}

# Rows whose URL names a programme and a child of it: (programme's kwarg, attribute, child's kwarg, attribute).
# (office.goal_remove.F is not one of them: F is adopted, so the page refuses before it reads the goal, 302.)
CHILD_IDS = {
    "public.activity": ("pk", "programme", "activity", "activity"),
    "public.activity_file": ("pk", "programme", "activity", "activity"),
    "office.goal_edit": ("pk", "draft", "goal", "draft_goal"),
    "office.goal_remove": ("pk", "draft", "goal", "draft_goal"),
    "office.form_edit": ("pk", "draft", "form", "draft_form"),
    "office.form_remove": ("pk", "draft", "form", "draft_form"),
    "office.task_edit": ("pk", "draft", "task", "draft_task"),
    "office.task_remove": ("pk", "draft", "task", "draft_task"),
    "office.indicator_edit": ("pk", "draft", "indicator", "draft_indicator"),
    "office.indicator_remove": ("pk", "draft", "indicator", "draft_indicator"),
    "office.indicator_value": ("pk", "programme", "indicator", "indicator"),
    "office.activity_remove": ("pk", "programme", "activity", "spare"),
    "office.activity_file": ("pk", "programme", "activity", "activity"),
}

# The same rows with tenant A's programme and the child of another programme of tenant A (F's goal through
# D's URL would edit an adopted programme; P's activity through F's URL would show it under F).
SIBLING_IDS = {
    "public.activity": "past_activity",
    "public.activity_file": "past_activity",
    "office.goal_edit": "goal",
    "office.goal_remove": "goal",
    "office.form_edit": "form",
    "office.form_remove": "form",
    "office.task_edit": "task",
    "office.task_remove": "task",
    "office.indicator_edit": "indicator",
    "office.indicator_remove": "indicator",
    "office.indicator_value": "draft_indicator",
    "office.activity_remove": "past_activity",
    "office.activity_file": "past_activity",
}

COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)


EXPECTED = matrix.parse_table(TABLE, COLUMNS)
APP_URLCONFS = ("pozytek.programmes.",)
# The office's pages refuse (403) before they read their objects.
REFUSED_FIRST = ("office.", "reports.")


def build_world() -> dict:
    """Both tenants prepared; the resident and the organisation's keeper are the same in both."""
    seats = {"res": "resident", "ngo": "ngo"}
    return matrix.same_people_in_both_tenants(People.create, prepare, COLUMNS, seats)


world, _fresh_cache = matrix.fixtures(build_world)


def url_of(row: str, kwargs: dict) -> str:
    """The row's URL in tenant A with `kwargs` (ids of any tenant's objects)."""
    return matrix.tenant_url(ROUTES[row][0], kwargs)


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES))

CROSS_TENANT = matrix.cells_reaching_objects(EXPECTED, COLUMNS, ROUTES, refused_first=REFUSED_FIRST)


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's programme, report, activity, goal, form, task, indicator and assignment ids in tenant A's
    URLs: 404 for everyone who gets as far as the objects (the platform admin included)."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.request_row(client, method, ROUTES, row, world["b"])
    assert matrix.outcome(response) == "404"


CHILD_CROSS_TENANT = [(row, method, column) for row, method, column in CROSS_TENANT if row in CHILD_IDS]


@pytest.mark.parametrize(("row", "method", "column"), CHILD_CROSS_TENANT)
def test_tenant_a_programme_with_tenant_b_child_ids_gives_404(client, db, world, row, method, column):
    """Tenant A's programme with tenant B's goal, form, task, indicator or activity: 404."""
    kwargs = matrix.parent_with_child(CHILD_IDS[row], world["a"], world["b"])
    matrix.sign_in(client, world["users"][column])
    assert matrix.outcome(matrix.send(client, method, url_of(row, kwargs))) == "404"


@pytest.mark.parametrize(("row", "method", "column"), CHILD_CROSS_TENANT)
def test_a_child_of_another_programme_gives_404(client, db, world, row, method, column):
    """Tenant A's programme with the goal, form, task, indicator or activity of another of A's programmes:
    404."""
    kwargs = matrix.parent_with_child(CHILD_IDS[row], world["a"], world["a"], SIBLING_IDS[row])
    matrix.sign_in(client, world["users"][column])
    assert matrix.outcome(matrix.send(client, method, url_of(row, kwargs))) == "404"


UNASSIGN_CELLS = [("offA", "b"), ("offA", "past"), ("admA", "b"), ("super", "past")]


@pytest.mark.parametrize(("column", "whose"), UNASSIGN_CELLS)
def test_an_assignment_of_another_programme_or_tenant_is_not_cleared(client, db, world, column, whose):
    """Tenant A's programme with tenant B's assignment, or with the assignment of A's reported programme:
    404, the assignment kept."""
    attribution = world["b"].attribution if whose == "b" else world["a"].past_attribution
    kwargs = {"pk": world["a"].programme.pk, "year": YEAR, "attribution": attribution.pk}
    matrix.sign_in(client, world["users"][column])
    assert matrix.outcome(client.post(url_of("office.unassign", kwargs))) == "404"
    with scopes_disabled():
        assert Attribution.objects.filter(pk=attribution.pk).exists()


@pytest.mark.parametrize(
    ("row", "kwargs"),
    [
        ("reports.live", lambda a, b: {"pk": a.programme.pk, "year": YEAR + 5}),
        ("office.assign", lambda a, b: {"pk": a.programme.pk, "year": YEAR - 1}),
        ("reports.start", lambda a, b: {"pk": b.programme.pk, "year": YEAR}),
    ],
)
def test_a_year_outside_the_programme_or_another_tenants_programme_gives_no_report(client, db, world, row, kwargs):
    """A year outside F's period on its realisation or assignment page: 404; preparing the report on tenant
    B's programme in tenant A's office: 404, no report started."""
    with scopes_disabled():
        before = RealisationReport.objects.count()
    matrix.sign_in(client, world["users"]["offA"])
    method = "POST" if row == "reports.start" else "GET"
    response = matrix.send(client, method, url_of(row, kwargs(world["a"], world["b"])))
    assert matrix.outcome(response) == "404"
    with scopes_disabled():
        assert RealisationReport.objects.count() == before


def test_removal_refused_to_the_platform_admin_keeps_the_rows(client, db, world):
    """The platform admin reaches the office's pages but not its services: the goal and the activity stay."""
    prepared = world["a"]
    matrix.sign_in(client, world["users"]["super"])
    for row in ("office.goal_remove", "office.activity_remove"):
        assert matrix.outcome(client.post(url_of(row, ROUTES[row][1](prepared)))) == "403"
    with scopes_disabled():
        assert Goal.objects.filter(pk=prepared.draft_goal.pk).exists()
        assert Activity.objects.filter(pk=prepared.spare.pk).exists()


@pytest.mark.parametrize("column", ["anon", "offA", "super"])
def test_the_public_pages_name_no_draft_and_nothing_of_another_tenant(client, db, world, column):
    """The public list and F's public page link the adopted programmes and the published report only: neither
    the draft programme nor the draft report, nor tenant B's programmes, whoever is signed in."""
    a, b = world["a"], world["b"]
    matrix.sign_in(client, world["users"][column])
    listing = matrix.text_of(client.get(url_of("public.list", {})))
    page = matrix.text_of(client.get(url_of("public.detail", {"pk": a.programme.pk})))
    assert a.programme.title in listing and a.past.title in listing
    assert url_of("public.report", {"report": a.report.pk}) in listing
    for text in (listing, page):
        assert a.draft.title not in text
        assert url_of("public.report", {"report": a.draft_report.pk}) not in text
        assert b.programme.title not in text and b.past.title not in text
