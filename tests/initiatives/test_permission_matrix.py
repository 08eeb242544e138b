"""Who gets what from every page of local initiative: the policy as one table.

Rows use tenant A's prepared records: `S` an application submitted to the office, `G` a group's draft whose
coordinator is the `coord` column (one member still to confirm through the link), `D` an initiative done, with
its agreement and a photo. POSTs carry no data: they show who reaches the endpoint, not what it saves.

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no organisation, no authenticator
    coord    the resident coordinating the draft G
    offA     official of tenant A (TOTP)          offA0  official of tenant A without an authenticator
    admA     tenant admin of tenant A (TOTP)      offB   official of tenant B (TOTP)
    super    platform admin (superuser, TOTP)

Outcomes: 200, 400 (form errors), 403, 404, 405; `login` a redirect to the login page; `mfa` a redirect to
the setup of an authenticator.

Recorded as they are: an application is read only by its coordinator (everyone else: 404, the office reads it
on its own pages once submitted); the confirmation link is the member's key, open to whoever holds it (an empty
POST lacks the statements: 400); only a done initiative is public. An empty POST on a page of several forms
names no action and shows the page again (200).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image

from pozytek.initiatives.models import GroupMember
from pozytek.initiatives.services import add_photo, confirmation_token
from tests import matrix_support as matrix
from tests.factories.accounts import UserFactory
from tests.initiatives.helpers import add_members, completed, criteria, draft, submitted

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "coord", "offA", "offA0", "admA", "offB", "super")

# fmt: off
TABLE = """
row                     anon   res    coord  offA   offA0  admA   offB   super
public.index GET        200    200    200    200    200    200    200    200
public.index POST       405    405    405    405    405    405    405    405
public.confirm GET      200    200    200    200    200    200    200    200
public.confirm POST     400    400    400    400    400    400    400    400
public.done GET         200    200    200    200    200    200    200    200
public.done POST        405    405    405    405    405    405    405    405
public.done.S GET       404    404    404    404    404    404    404    404
public.photo GET        200    200    200    200    200    200    200    200
member.start GET        login  200    200    200    200    200    200    200
member.start POST       login  400    400    400    400    400    400    400
member.application GET  login  404    200    404    404    404    404    404
member.application POST login  404    200    404    404    404    404    404
office.list GET         login  403    403    200    mfa    200    403    200
office.list POST        login  403    403    405    mfa    405    403    405
office.criteria GET     login  403    403    200    mfa    200    403    200
office.criteria POST    login  403    403    400    mfa    400    403    400
office.detail GET       login  403    403    200    mfa    200    403    200
office.detail POST      login  403    403    200    mfa    200    403    200
office.agreement GET    login  403    403    200    mfa    200    403    200
office.agreement POST   login  403    403    200    mfa    200    403    200
office.pdf GET          login  403    403    200    mfa    200    403    200
office.execution GET    login  403    403    200    mfa    200    403    200
office.execution POST   login  403    403    200    mfa    200    403    200
office.photo GET        login  403    403    200    mfa    200    403    200
"""
# fmt: on

ROUTES = {
    "public.index": ("initiatives:index", lambda w: {}),
    "public.confirm": ("initiatives:confirm", lambda w: {"token": w["token"]}),
    "public.done": ("initiatives:done", lambda w: {"pk": w["done"].pk}),
    "public.done.S": ("initiatives:done", lambda w: {"pk": w["submitted"].pk}),
    "public.photo": ("initiatives:photo", lambda w: {"pk": w["done"].pk, "photo_pk": w["photo"].pk}),
    "member.start": ("initiatives:start", lambda w: {}),
    "member.application": ("initiatives:application", lambda w: {"pk": w["draft"].pk}),
    "office.list": ("initiatives_office:list", lambda w: {}),
    "office.criteria": ("initiatives_office:criteria", lambda w: {}),
    "office.detail": ("initiatives_office:detail", lambda w: {"pk": w["submitted"].pk}),
    "office.agreement": ("initiatives_office:agreement", lambda w: {"pk": w["done"].pk}),
    "office.pdf": ("initiatives_office:agreement_pdf", lambda w: {"pk": w["done"].pk}),
    "office.execution": ("initiatives_office:execution", lambda w: {"pk": w["done"].pk}),
    "office.photo": ("initiatives_office:photo", lambda w: {"pk": w["done"].pk, "photo_pk": w["photo"].pk}),
}
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)
APP_URLCONFS = ("pozytek.initiatives.",)


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def prepare(tenant, official, coordinator) -> dict:
    criteria(tenant, official)
    done = completed(tenant, official, title=f"Skwer zrobiony w {tenant.name}")
    pending = submitted(tenant, official, title=f"Boisko w {tenant.name}")
    group = draft(tenant, coordinator, title=f"Łąka w {tenant.name}")
    add_members(group, names=("Daria Sąsiadka",), confirm=False)
    with scopes_disabled():
        photo = add_photo(initiative=done, actor=official, upload=_png(), caption="Skwer")
        member = GroupMember.objects.get(initiative=group, full_name="Daria Sąsiadka")
    return {
        "official": official,
        "done": done,
        "submitted": pending,
        "draft": group,
        "photo": photo,
        "token": confirmation_token(member),
    }


def build_world() -> dict:
    tenant_a, tenant_b = matrix.two_tenants()
    coordinator = UserFactory(full_name="Koordynatorka Grupy")
    a = prepare(tenant_a, matrix.official_of(tenant_a), coordinator)
    b = prepare(tenant_b, matrix.official_of(tenant_b), coordinator)
    users = matrix.people_of(COLUMNS, tenant_a, tenant_b, offA=a["official"], offB=b["official"], coord=coordinator)
    return {"a": a, "b": b, "users": users}


world, _fresh_cache = matrix.fixtures(build_world)

test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)

test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES))

CROSS_TENANT = matrix.cells_reaching_objects(EXPECTED, COLUMNS, ROUTES)


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's initiatives, photos and confirmation links in tenant A's URLs: 404 for everyone who gets that
    far (the coordinator of both drafts included)."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.request_row(client, method, ROUTES, row, world["b"])
    assert matrix.outcome(response) == "404"


def test_tenant_a_pages_list_nothing_of_tenant_b(client, db, world):
    """The public page and the office's list of tenant A name A's initiatives and never B's."""
    matrix.sign_in(client, world["users"]["offA"])
    for row, keys in (("public.index", ("done",)), ("office.list", ("done", "submitted"))):
        text = matrix.text_of(matrix.request_row(client, "GET", ROUTES, row, world["a"]))
        for key in keys:
            assert world["a"][key].title in text
            assert world["b"][key].title not in text
