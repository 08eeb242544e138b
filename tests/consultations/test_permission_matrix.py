"""Who gets what from every consultation page and endpoint: the policy as one table.

Rows are the consultations' URLs (GET pages and POST endpoints) with valid ids of tenant A's prepared
consultations (tests/consultations/matrix_helpers.py): `O` is open and addressed to organisations (a
survey, a meeting with registration, an attachment, a comment of the organisation of `ngo`), `C` is
open and addressed to the council, `D` a draft (with an attachment), `R` reported. Rows without a
suffix use O (office rows on drafts: D). POSTs carry no data: they show who reaches the endpoint, not
what it saves (each cell runs in its own transaction, rolled back).

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no organisation, no authenticator
    ngo      keeps an organisation listed in tenant A
    cllr     holds a seat in tenant A's council (the one C consults)
    offA     official of tenant A (TOTP)          nomfa  official of tenant A without an authenticator
    admA     tenant admin of tenant A (TOTP)      offB   official of tenant B (TOTP)
    super    platform admin (superuser, TOTP)

Outcomes: 200, 400 (form errors), 403, 404, 405; `302` a redirect inside the app (message, next
step); `login` a redirect to the login page; `mfa` a redirect to the setup of an authenticator.

Recorded as they are (acceptable, not defects):
- The participation pages (comment, survey, registration) show signed-in people who may not take
  part the page with the reason (200) and refuse their POST (403); people who may take part get the
  form, and an empty POST gives its errors (400).
- The office's forms of actions (attach, meeting, publish, close, cancel) are also reachable by GET:
  they show the consultation's office page (200).
- The platform admin passes the office's role check (`has_perm`, Django's semantics) and so sees the
  office pages of every tenant.
"""

import pytest
from django_scopes import scopes_disabled

from pozytek.consultations.models import Comment, Consultation, MeetingRegistration, SurveyResponse
from tests import matrix_support as matrix
from tests.consultations.consultation_helpers import data as consultation_data
from tests.consultations.matrix_helpers import People, prepare
from tests.factories.offers import ngo_member

COLUMNS = ("anon", "res", "ngo", "cllr", "offA", "nomfa", "admA", "offB", "super")

# fmt: off
TABLE = """
row                      anon   res    ngo    cllr   offA   nomfa  admA   offB   super
# Public pages: the list, O and the draft D (not public)
list GET                 200    200    200    200    200    200    200    200    200
feed GET                 200    200    200    200    200    200    200    200    200
detail GET               200    200    200    200    200    200    200    200    200
detail.D GET             404    404    404    404    404    404    404    404    404
# Taking part in O (for organisations) and C (for the council)
comment GET              login  200    200    200    200    200    200    200    200
comment POST             login  403    400    403    403    403    403    403    403
comment.C GET            login  200    200    200    200    200    200    200    200
comment.C POST           login  403    403    400    403    403    403    403    403
survey GET               login  200    200    200    200    200    200    200    200
survey POST              login  403    400    403    403    403    403    403    403
register GET             login  200    200    200    200    200    200    200    200
register POST            login  403    400    403    403    403    403    403    403
# O's attachment, the draft's, the report of R (O has none yet)
attachment GET           200    200    200    200    200    200    200    200    200
attachment.D GET         404    404    404    404    404    404    404    404    404
report GET               200    200    200    200    200    200    200    200    200
report.O GET             404    404    404    404    404    404    404    404    404
report_pdf GET           200    200    200    200    200    200    200    200    200
report_docx GET          200    200    200    200    200    200    200    200    200
# Office: the list, a new consultation, O's page, the draft D's data, text and attachments
office.list GET          login  403    403    403    200    mfa    200    403    200
office.create GET        login  403    403    403    200    mfa    200    403    200
office.create POST       login  403    403    403    400    mfa    400    403    400
office.detail GET        login  403    403    403    200    mfa    200    403    200
office.edit GET          login  403    403    403    200    mfa    200    403    200
office.edit POST         login  403    403    403    400    mfa    400    403    400
office.draft GET         login  403    403    403    200    mfa    200    403    200
office.draft POST        login  403    403    403    400    mfa    400    403    400
office.attach GET        login  403    403    403    200    mfa    200    403    200
office.attach POST       login  403    403    403    400    mfa    400    403    400
office.detach GET        login  403    403    403    405    mfa    405    403    405
office.detach POST       login  403    403    403    302    mfa    302    403    403
# Office: D's survey, O's meetings and minutes
office.survey GET        login  403    403    403    200    mfa    200    403    200
office.survey POST       login  403    403    403    400    mfa    400    403    400
office.meeting GET       login  403    403    403    200    mfa    200    403    200
office.meeting POST      login  403    403    403    400    mfa    400    403    400
office.minutes GET       login  403    403    403    200    mfa    200    403    200
office.minutes POST      login  403    403    403    400    mfa    400    403    400
# Office: publishing D, closing O (not ended: refused), cancelling, comments, answers, the report
office.publish GET       login  403    403    403    200    mfa    200    403    200
office.publish POST      login  403    403    403    302    mfa    302    403    403
office.close GET         login  403    403    403    200    mfa    200    403    200
office.close POST        login  403    403    403    400    mfa    400    403    403
office.cancel GET        login  403    403    403    200    mfa    200    403    200
office.cancel POST       login  403    403    403    400    mfa    400    403    400
office.comments GET      login  403    403    403    200    mfa    200    403    200
office.answer GET        login  403    403    403    200    mfa    200    403    200
office.answer POST       login  403    403    403    400    mfa    400    403    400
office.report GET        login  403    403    403    200    mfa    200    403    200
office.report POST       login  403    403    403    400    mfa    400    403    403
"""
# fmt: on


# row → (URL name, kwargs from the prepared tenant `w`)
ROUTES = {
    "list": ("consultations:list", lambda w: {}),
    "feed": ("consultations:feed", lambda w: {}),
    "detail": ("consultations:detail", lambda w: {"pk": w.open.pk}),
    "detail.D": ("consultations:detail", lambda w: {"pk": w.draft.pk}),
    "comment": ("consultations:comment", lambda w: {"pk": w.open.pk}),
    "comment.C": ("consultations:comment", lambda w: {"pk": w.council.pk}),
    "survey": ("consultations:survey", lambda w: {"pk": w.open.pk}),
    "register": ("consultations:register", lambda w: {"pk": w.open.pk, "meeting_pk": w.meeting.pk}),
    "attachment": ("consultations:attachment", lambda w: {"pk": w.open.pk, "attachment_pk": w.attachment.pk}),
    "attachment.D": (
        "consultations:attachment",
        lambda w: {"pk": w.draft.pk, "attachment_pk": w.draft_attachment.pk},
    ),
    "report": ("consultations:report", lambda w: {"pk": w.reported.pk}),
    "report.O": ("consultations:report", lambda w: {"pk": w.open.pk}),
    "report_pdf": ("consultations:report_pdf", lambda w: {"pk": w.reported.pk}),
    "report_docx": ("consultations:report_docx", lambda w: {"pk": w.reported.pk}),
    "office.list": ("consultations_office:list", lambda w: {}),
    "office.create": ("consultations_office:create", lambda w: {}),
    "office.detail": ("consultations_office:detail", lambda w: {"pk": w.open.pk}),
    "office.edit": ("consultations_office:edit", lambda w: {"pk": w.draft.pk}),
    "office.draft": ("consultations_office:draft", lambda w: {"pk": w.draft.pk}),
    "office.attach": ("consultations_office:attach", lambda w: {"pk": w.draft.pk}),
    "office.detach": (
        "consultations_office:detach",
        lambda w: {"pk": w.draft.pk, "attachment_pk": w.draft_attachment.pk},
    ),
    "office.survey": ("consultations_office:survey", lambda w: {"pk": w.draft.pk}),
    "office.meeting": ("consultations_office:meeting", lambda w: {"pk": w.open.pk}),
    "office.minutes": ("consultations_office:minutes", lambda w: {"pk": w.open.pk, "meeting_pk": w.meeting.pk}),
    "office.publish": ("consultations_office:publish", lambda w: {"pk": w.draft.pk}),
    "office.close": ("consultations_office:close", lambda w: {"pk": w.open.pk}),
    "office.cancel": ("consultations_office:cancel", lambda w: {"pk": w.open.pk}),
    "office.comments": ("consultations_office:comments", lambda w: {"pk": w.open.pk}),
    "office.answer": ("consultations_office:answer", lambda w: {"pk": w.open.pk, "comment_pk": w.comment.pk}),
    "office.report": ("consultations_office:report", lambda w: {"pk": w.open.pk}),
}

# Rows whose URL has a second id: tenant A's consultation with tenant B's meeting / attachment / comment.
CHILD_IDS = {
    "register": ("pk", "open", "meeting_pk", "meeting"),
    "attachment": ("pk", "open", "attachment_pk", "attachment"),
    "office.detach": ("pk", "draft", "attachment_pk", "draft_attachment"),
    "office.minutes": ("pk", "open", "meeting_pk", "meeting"),
    "office.answer": ("pk", "open", "comment_pk", "comment"),
}


# The same rows with tenant A's consultation and an object of another consultation of tenant A (the
# draft's attachment through the open consultation's URL would publish it early).
SIBLING_IDS = {
    "register": "council_meeting",
    "attachment": "draft_attachment",
    "office.detach": "attachment",
    "office.minutes": "council_meeting",
    "office.answer": "council_comment",
}

COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)


EXPECTED = matrix.parse_table(TABLE, COLUMNS)
APP_URLCONFS = ("pozytek.consultations.",)


def build_world() -> dict:
    """Both tenants prepared; the councillor holds a seat in the council of both."""
    seats = {"res": "resident", "ngo": "ngo", "cllr": "councillor", "super": "superuser"}
    return matrix.same_people_in_both_tenants(People.create, prepare, COLUMNS, seats)


world, _fresh_cache = matrix.fixtures(build_world)


def url_of(row: str, kwargs: dict) -> str:
    """The row's URL in tenant A with `kwargs` (ids of any tenant's objects)."""
    return matrix.tenant_url(ROUTES[row][0], kwargs)


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES))

CROSS_TENANT = matrix.cells_reaching_objects(EXPECTED, COLUMNS, ROUTES)


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's consultation, meeting, attachment and comment ids in tenant A's URLs: 404 for everyone
    who gets as far as the objects (the councillor and the platform admin included)."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.request_row(client, method, ROUTES, row, world["b"])
    assert matrix.outcome(response) == "404"


CHILD_CROSS_TENANT = [(row, method, column) for row, method, column in CROSS_TENANT if row in CHILD_IDS]


@pytest.mark.parametrize(("row", "method", "column"), CHILD_CROSS_TENANT)
def test_tenant_a_consultation_with_tenant_b_child_ids_gives_404(client, db, world, row, method, column):
    """Tenant A's consultation with the meeting, attachment or comment of tenant B's: 404."""
    kwargs = matrix.parent_with_child(CHILD_IDS[row], world["a"], world["b"])
    matrix.sign_in(client, world["users"][column])
    assert matrix.outcome(matrix.send(client, method, url_of(row, kwargs))) == "404"


@pytest.mark.parametrize(("row", "method", "column"), CHILD_CROSS_TENANT)
def test_an_object_of_another_consultation_gives_404(client, db, world, row, method, column):
    """Tenant A's consultation with the meeting, attachment or comment of another of A's consultations: 404."""
    kwargs = matrix.parent_with_child(CHILD_IDS[row], world["a"], world["a"], SIBLING_IDS[row])
    matrix.sign_in(client, world["users"][column])
    assert matrix.outcome(matrix.send(client, method, url_of(row, kwargs))) == "404"


def _counts(prepared):
    with scopes_disabled():
        return (
            Comment.objects.filter(consultation=prepared.open).count(),
            SurveyResponse.objects.filter(consultation=prepared.open).count(),
            MeetingRegistration.objects.filter(meeting=prepared.meeting).count(),
        )


@pytest.mark.parametrize("row", ["comment", "survey", "register"])
def test_speaking_for_another_organisation_is_refused(client, db, world, row):
    """The organisation's keeper posts on behalf of an organisation someone else keeps: a form error,
    nothing saved."""
    prepared = world["a"]
    _other_keeper, other = ngo_member(tenant=prepared.tenant)
    with scopes_disabled():
        question = prepared.open.questions.get()
    data = {
        "organisation": other.pk,
        "unit": "whole",
        "justification": "W imieniu cudzej organizacji.",
        f"q{question.pk}": "Tak",
    }
    before = _counts(prepared)
    matrix.sign_in(client, world["people"].ngo)
    response = client.post(url_of(row, ROUTES[row][1](prepared)), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["organisation"]
    assert _counts(prepared) == before


def test_a_consultation_cannot_name_another_tenants_council(client, db, world):
    """Tenant B's council in the data of tenant A's new consultation: a form error, nothing saved."""
    with scopes_disabled():
        before = Consultation.objects.count()
    data = consultation_data(audience="council", council=world["b"].council.council_id)
    data = {key: value for key, value in data.items() if value is not False}
    matrix.sign_in(client, world["users"]["offA"])
    response = client.post(url_of("office.create", {}), data)
    assert response.status_code == 400
    assert "council" in response.context["form"].errors
    with scopes_disabled():
        assert Consultation.objects.count() == before
