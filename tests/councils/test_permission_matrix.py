"""Who gets what from every page and endpoint of councils and teams: the policy as one table.

Rows are the councils' URLs (GET pages and POST endpoints) with valid ids of tenant A's prepared
council (tests/councils/matrix_helpers.py): the active council, the meeting held (minutes recorded, a
public and a private document, a resolution), the meeting that took place without minutes, the
meeting still to come, a pending request for opinion and an open call for candidates. Suffixes: `.F`
the team still being formed, `.T` the team's meeting or request (nobody of the columns sits in the
team), `.past` the meeting without minutes, `.held` the meeting held, `.private` the private
document. POSTs carry no data: they show who reaches the endpoint, not what it saves (each cell runs
in its own transaction, rolled back).

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no organisation, no authenticator
    ngo      keeps an organisation listed in tenant A (nominates candidates)
    chair    the council's chair          secr   its secretary          memb   an ordinary member
             (the same persons hold the same seats in tenant B's council; all three have TOTP)
    offA     official of tenant A (TOTP)   nomfa  official of tenant A without an authenticator
    admA     tenant admin of tenant A (TOTP)        offB   official of tenant B (TOTP)
    super    platform admin (superuser, TOTP)

Outcomes: 200, 400 (form errors), 403, 404, 405; `302` a redirect inside the app (message, next
step); `login` a redirect to the login page; `mfa` a redirect to the setup of an authenticator.

Recorded as they are (acceptable, not defects):
- The secretariat asks for an authenticator before it looks at seats (as the commission's workspace
  does): a resident without one is sent to set it up (`mfa`); signed in with one, anyone who is not an
  officer of the body (nor the office) gets 404, the ordinary member included.
- The platform admin passes the office's role check (`has_perm`, Django's semantics) and sees the
  office pages of every tenant, but the services test the predicates: what the office's buttons would
  change is refused to them (403, or the refusal as a message: 302). The secretariat tests the
  predicates too: 404.
- Office endpoints that only act (transition, removal, invitations, cancelling, withdrawing) redirect
  back with a message when the POST is empty or the action is refused (302).
"""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.councils.models import BodyAct, Candidacy, MeetingAttendance
from tests import matrix_support as matrix
from tests.councils.matrix_helpers import People, prepare
from tests.factories.offers import ngo_member

COLUMNS = ("anon", "res", "ngo", "chair", "secr", "memb", "offA", "nomfa", "admA", "offB", "super")

# fmt: off
TABLE = """
row                            anon   res    ngo    chair  secr   memb   offA   nomfa  admA   offB   super
# Public pages: the list, the call, the council (the team being formed: F), the meeting held, its minutes
# (the meeting without minutes: past), the resolution, the public and the private document
public.list GET                200    200    200    200    200    200    200    200    200    200    200
public.call GET                200    200    200    200    200    200    200    200    200    200    200
public.call POST               login  400    400    400    400    400    400    400    400    400    400
public.body GET                200    200    200    200    200    200    200    200    200    200    200
public.body.F GET              404    404    404    404    404    404    404    404    404    404    404
public.meeting GET             200    200    200    200    200    200    200    200    200    200    200
public.minutes GET             200    200    200    200    200    200    200    200    200    200    200
public.minutes.past GET        404    404    404    404    404    404    404    404    404    404    404
public.minutes-pdf GET         200    200    200    200    200    200    200    200    200    200    200
public.act GET                 200    200    200    200    200    200    200    200    200    200    200
public.document GET            200    200    200    200    200    200    200    200    200    200    200
public.document.private GET    404    404    404    404    404    404    404    404    404    404    404
# Office: the list, a new body, the council and the team, the council's data, term, members (the ordinary member)
office.list GET                login  403    403    403    403    403    200    mfa    200    403    200
office.body-new GET            login  403    403    403    403    403    200    mfa    200    403    200
office.body-new POST           login  403    403    403    403    403    400    mfa    400    403    400
office.body GET                login  403    403    403    403    403    200    mfa    200    403    200
office.body.F GET              login  403    403    403    403    403    200    mfa    200    403    200
office.body-edit GET           login  403    403    403    403    403    200    mfa    200    403    200
office.body-edit POST          login  403    403    403    403    403    400    mfa    400    403    400
office.body-transition GET     login  403    403    403    403    403    405    mfa    405    403    405
office.body-transition POST    login  403    403    403    403    403    302    mfa    302    403    302
office.member-add GET          login  403    403    403    403    403    200    mfa    200    403    200
office.member-add POST         login  403    403    403    403    403    400    mfa    400    403    400
office.member-edit GET         login  403    403    403    403    403    200    mfa    200    403    200
office.member-edit POST        login  403    403    403    403    403    400    mfa    400    403    400
office.member-remove GET       login  403    403    403    403    403    405    mfa    405    403    405
office.member-remove POST      login  403    403    403    403    403    302    mfa    302    403    403
office.member-end GET          login  403    403    403    403    403    200    mfa    200    403    200
office.member-end POST         login  403    403    403    403    403    400    mfa    400    403    400
# Office: new meeting, resolution, request for opinion, call for candidates
office.meeting-new GET         login  403    403    403    403    403    200    mfa    200    403    200
office.meeting-new POST        login  403    403    403    403    403    400    mfa    400    403    400
office.act-new GET             login  403    403    403    403    403    200    mfa    200    403    200
office.act-new POST            login  403    403    403    403    403    400    mfa    400    403    400
office.request-new GET         login  403    403    403    403    403    200    mfa    200    403    200
office.request-new POST        login  403    403    403    403    403    400    mfa    400    403    400
office.call-new GET            login  403    403    403    403    403    200    mfa    200    403    200
office.call-new POST           login  403    403    403    403    403    400    mfa    400    403    400
# Office: the meeting to come, its invitations, cancelling, a document; minutes of the past meeting;
# the private document; the pending request; the open call
office.meeting GET             login  403    403    403    403    403    200    mfa    200    403    200
office.meeting-invite GET      login  403    403    403    403    403    405    mfa    405    403    405
office.meeting-invite POST     login  403    403    403    403    403    302    mfa    302    403    403
office.meeting-cancel GET      login  403    403    403    403    403    405    mfa    405    403    405
office.meeting-cancel POST     login  403    403    403    403    403    302    mfa    302    403    302
office.document-upload GET     login  403    403    403    403    403    405    mfa    405    403    405
office.document-upload POST    login  403    403    403    403    403    400    mfa    400    403    400
office.minutes GET             login  403    403    403    403    403    200    mfa    200    403    200
office.minutes POST            login  403    403    403    403    403    400    mfa    400    403    400
office.document GET            login  403    403    403    403    403    200    mfa    200    403    200
office.opinion GET             login  403    403    403    403    403    200    mfa    200    403    200
office.opinion POST            login  403    403    403    403    403    400    mfa    400    403    400
office.request-withdraw GET    login  403    403    403    403    403    405    mfa    405    403    405
office.request-withdraw POST   login  403    403    403    403    403    302    mfa    302    403    302
office.call GET                login  403    403    403    403    403    200    mfa    200    403    200
office.call POST               login  403    403    403    403    403    400    mfa    400    403    400
# The secretariat: the council's past meeting, the meeting held (minutes recorded already), the pending
# request; T: the meeting and the request of the team being formed (nobody here sits in it)
secretariat.home GET           login  mfa    mfa    200    200    404    200    mfa    200    404    404
secretariat.minutes GET        login  mfa    mfa    200    200    404    200    mfa    200    404    404
secretariat.minutes POST       login  mfa    mfa    400    400    404    400    mfa    400    404    404
secretariat.minutes.held GET   login  mfa    mfa    200    200    404    200    mfa    200    404    404
secretariat.minutes.held POST  login  mfa    mfa    400    400    404    400    mfa    400    404    404
secretariat.minutes.T GET      login  mfa    mfa    404    404    404    200    mfa    200    404    404
secretariat.minutes.T POST     login  mfa    mfa    404    404    404    400    mfa    400    404    404
secretariat.opinion GET        login  mfa    mfa    200    200    404    200    mfa    200    404    404
secretariat.opinion POST       login  mfa    mfa    400    400    404    400    mfa    400    404    404
secretariat.opinion.T GET      login  mfa    mfa    404    404    404    200    mfa    200    404    404
secretariat.opinion.T POST     login  mfa    mfa    404    404    404    400    mfa    400    404    404
"""
# fmt: on


def _b(w):
    return {"pk": w.body.pk}


# row → (URL name, kwargs from the prepared tenant `w`)
ROUTES = {
    "public.list": ("councils:list", lambda w: {}),
    "public.call": ("councils:call", lambda w: {"pk": w.call.pk}),
    "public.body": ("councils:body", lambda w: {"slug": w.body.slug}),
    "public.body.F": ("councils:body", lambda w: {"slug": w.forming.slug}),
    "public.meeting": ("councils:meeting", lambda w: {"slug": w.body.slug, "pk": w.held.pk}),
    "public.minutes": ("councils:minutes", lambda w: {"slug": w.body.slug, "pk": w.held.pk}),
    "public.minutes.past": ("councils:minutes", lambda w: {"slug": w.body.slug, "pk": w.past.pk}),
    "public.minutes-pdf": ("councils:minutes-pdf", lambda w: {"slug": w.body.slug, "pk": w.held.pk}),
    "public.act": ("councils:act", lambda w: {"slug": w.body.slug, "pk": w.act.pk}),
    "public.document": ("councils:document", lambda w: {"slug": w.body.slug, "pk": w.public_document.pk}),
    "public.document.private": (
        "councils:document",
        lambda w: {"slug": w.body.slug, "pk": w.private_document.pk},
    ),
    "office.list": ("councils_office:list", lambda w: {}),
    "office.body-new": ("councils_office:body-new", lambda w: {}),
    "office.body": ("councils_office:body", _b),
    "office.body.F": ("councils_office:body", lambda w: {"pk": w.forming.pk}),
    "office.body-edit": ("councils_office:body-edit", _b),
    "office.body-transition": ("councils_office:body-transition", _b),
    "office.member-add": ("councils_office:member-add", _b),
    "office.member-edit": ("councils_office:member-edit", lambda w: {**_b(w), "member_pk": w.member.pk}),
    "office.member-remove": ("councils_office:member-remove", lambda w: {**_b(w), "member_pk": w.member.pk}),
    "office.member-end": ("councils_office:member-end", lambda w: {**_b(w), "member_pk": w.member.pk}),
    "office.meeting-new": ("councils_office:meeting-new", _b),
    "office.act-new": ("councils_office:act-new", _b),
    "office.request-new": ("councils_office:request-new", _b),
    "office.call-new": ("councils_office:call-new", _b),
    "office.meeting": ("councils_office:meeting", lambda w: {"pk": w.future.pk}),
    "office.meeting-invite": ("councils_office:meeting-invite", lambda w: {"pk": w.future.pk}),
    "office.meeting-cancel": ("councils_office:meeting-cancel", lambda w: {"pk": w.future.pk}),
    "office.document-upload": ("councils_office:document-upload", lambda w: {"pk": w.future.pk}),
    "office.minutes": ("councils_office:minutes", lambda w: {"pk": w.past.pk}),
    "office.document": ("councils_office:document", lambda w: {"pk": w.private_document.pk}),
    "office.opinion": ("councils_office:opinion", lambda w: {"pk": w.request.pk}),
    "office.request-withdraw": ("councils_office:request-withdraw", lambda w: {"pk": w.request.pk}),
    "office.call": ("councils_office:call", lambda w: {"pk": w.call.pk}),
    "secretariat.home": ("councils_workspace:home", lambda w: {}),
    "secretariat.minutes": ("councils_workspace:minutes", lambda w: {"pk": w.past.pk}),
    "secretariat.minutes.held": ("councils_workspace:minutes", lambda w: {"pk": w.held.pk}),
    "secretariat.minutes.T": ("councils_workspace:minutes", lambda w: {"pk": w.other_meeting.pk}),
    "secretariat.opinion": ("councils_workspace:opinion", lambda w: {"pk": w.request.pk}),
    "secretariat.opinion.T": ("councils_workspace:opinion", lambda w: {"pk": w.other_request.pk}),
}
# Rows whose URL names the body and an object of it: tenant A's body with tenant B's object.
CHILD_IDS = {
    "public.meeting": ("slug", "body", "pk", "held"),
    "public.minutes": ("slug", "body", "pk", "held"),
    "public.minutes-pdf": ("slug", "body", "pk", "held"),
    "public.act": ("slug", "body", "pk", "act"),
    "public.document": ("slug", "body", "pk", "public_document"),
    "office.member-edit": ("pk", "body", "member_pk", "member"),
    "office.member-remove": ("pk", "body", "member_pk", "member"),
    "office.member-end": ("pk", "body", "member_pk", "member"),
}

# The same rows with tenant A's council and an object of the team being formed (also tenant A's).
SIBLING_IDS = {
    "public.meeting": "other_meeting",
    "public.minutes": "other_meeting",
    "public.minutes-pdf": "other_meeting",
    "public.act": "other_act",
    "public.document": "other_document",
    "office.member-edit": "other_member",
    "office.member-remove": "other_member",
    "office.member-end": "other_member",
}

COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)


EXPECTED = matrix.parse_table(TABLE, COLUMNS)
APP_URLCONFS = ("pozytek.councils.",)


COUNCIL_NAMES = {"testowo": "Rada Działalności Pożytku Publicznego", "inna": "Gminna Rada Pożytku"}


def prepare_council(tenant, official, people):
    return prepare(tenant, official, people, name=COUNCIL_NAMES[tenant.slug])


def build_world() -> dict:
    """Both tenants prepared; the chair, the secretary and the member hold the same seats in both councils."""
    seats = {
        "res": "resident",
        "ngo": "ngo",
        "chair": "chair",
        "secr": "secretary",
        "memb": "member",
        "super": "superuser",
    }
    return matrix.same_people_in_both_tenants(People.create, prepare_council, COLUMNS, seats)


world, _fresh_cache = matrix.fixtures(build_world)


def url_of(row: str, kwargs: dict) -> str:
    """The row's URL in tenant A with `kwargs` (ids of any tenant's objects)."""
    return matrix.tenant_url(ROUTES[row][0], kwargs)


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES))

CROSS_TENANT = matrix.cells_reaching_objects(EXPECTED, COLUMNS, ROUTES)


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's body, meeting, member, document, act, request and call ids (and B's body's slug) in
    tenant A's URLs: 404 for everyone who gets as far as the objects, although the chair, the secretary
    and the member hold the same seats in B's council."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.request_row(client, method, ROUTES, row, world["b"])
    assert matrix.outcome(response) == "404"


CHILD_CROSS_TENANT = [(row, method, column) for row, method, column in CROSS_TENANT if row in CHILD_IDS]


@pytest.mark.parametrize(("row", "method", "column"), CHILD_CROSS_TENANT)
def test_tenant_a_body_with_tenant_b_child_ids_gives_404(client, db, world, row, method, column):
    """Tenant A's body with tenant B's meeting, act, document or member: 404."""
    kwargs = matrix.parent_with_child(CHILD_IDS[row], world["a"], world["b"])
    matrix.sign_in(client, world["users"][column])
    assert matrix.outcome(matrix.send(client, method, url_of(row, kwargs))) == "404"


@pytest.mark.parametrize(("row", "method", "column"), CHILD_CROSS_TENANT)
def test_an_object_of_another_body_gives_404(client, db, world, row, method, column):
    """Tenant A's council with the meeting, act, document or member of A's team being formed: 404."""
    kwargs = matrix.parent_with_child(CHILD_IDS[row], world["a"], world["a"], SIBLING_IDS[row])
    matrix.sign_in(client, world["users"][column])
    assert matrix.outcome(matrix.send(client, method, url_of(row, kwargs))) == "404"


def test_nominating_for_another_organisation_is_refused(client, db, world):
    """The organisation's keeper nominates on behalf of an organisation someone else keeps: a form
    error, no candidacy."""
    prepared = world["a"]
    _other_keeper, other = ngo_member(tenant=prepared.tenant)
    with scopes_disabled():
        before = Candidacy.objects.count()
    matrix.sign_in(client, world["people"].ngo)
    data = {"organisation": other.pk, "candidate_name": "Ewa Kandydatka", "candidate_email": "ewa@example.org"}
    response = client.post(url_of("public.call", ROUTES["public.call"][1](prepared)), data)
    assert response.status_code == 400
    with scopes_disabled():
        assert Candidacy.objects.count() == before


def _valid_act(meeting_pk) -> dict:
    today = timezone.localdate().isoformat()
    return {"kind": "resolution", "title": "Uchwała", "adopted_on": today, "text": "§ 1.", "meeting": meeting_pk}


@pytest.mark.parametrize(
    ("column", "row", "data", "field"),
    [
        ("offA", "office.act-new", lambda a, b: _valid_act(b.held.pk), "meeting"),
        ("offA", "office.act-new", lambda a, b: _valid_act(a.other_meeting.pk), "meeting"),
        ("offA", "office.opinion", lambda a, b: _valid_act(a.other_meeting.pk), "meeting"),
        ("secr", "secretariat.opinion", lambda a, b: _valid_act(b.past.pk), "meeting"),
        ("secr", "secretariat.minutes", lambda a, b: {"minutes": "Obrady.", "present": [b.member.pk]}, "present"),
        ("offA", "office.minutes", lambda a, b: {"minutes": "Obrady.", "present": [a.other_member.pk]}, "present"),
    ],
)
def test_forms_refuse_objects_of_another_body(client, db, world, column, row, data, field):
    """A meeting or member of another body (tenant B's, or A's team being formed) in the data: a form
    error, nothing saved."""
    a, b = world["a"], world["b"]
    with scopes_disabled():
        before = (BodyAct.objects.count(), MeetingAttendance.objects.count())
    matrix.sign_in(client, world["users"][column])
    response = client.post(url_of(row, ROUTES[row][1](a)), data(a, b))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    with scopes_disabled():
        assert (BodyAct.objects.count(), MeetingAttendance.objects.count()) == before
