"""Who gets what from every page and endpoint of the NGO directory: the policy as one table.

Rows are the app's URLs (organisations/urls.py: public directory, registration, claims;
urls_public_extra.py: statistics and the 1.5% page; urls_open_data.py: the open data files;
urls_member.py: `/moje-organizacje/`; urls_office.py and urls_office_imports.py: the office) with ids of tenant A's
prepared data: `O` an organisation listed in A, kept by an owner and an editor (bank account, an office
note, a pending profile change), `C` an organisation listed in A with a pending claim by someone else,
`X` a deactivated organisation of A, `J` a spreadsheet import of A's office (uploaded, columns not yet
mapped), an invitation to keep O sent to the resident. POSTs carry no data: they show who reaches the
endpoint, not what it saves (each cell runs in its own transaction, rolled back).

Columns:
    anon     anonymous visitor
    res      resident: signed in, no roles, no authenticator (O's invitation was sent to them)
    owner    owner of O (no authenticator)       editor  editor of O (no authenticator)
    offA     official of tenant A (TOTP)         offA0   official of tenant A without an authenticator
    offB     official of tenant B (TOTP)
    super    platform admin (matrix.superuser, TOTP, keeps no profile, no role in any tenant)

The tenant admin is left out: the directory gives officials and tenant admins the same rights.

Outcomes: 200, 400 (form errors), 403, 404, 405; `302` a redirect inside the app (message, next
step); `login` a redirect to the login page; `mfa` a redirect to the setup of an authenticator.

Recorded as built (acceptable, not defects):
- the public pages and files are plain function views without a method restriction: GET rows only
  (a POST renders the same public page; nothing is written);
- a member page of an organisation the person does not keep is 404, not 403 (no leak of existence);
- the platform admin passes the office's rule (Django superusers hold every permission), so `super`
  reads and acts like an official on the office pages; the member pages, though, test the owner/editor
  predicates themselves (as the services do), so a platform admin who keeps no profile gets 404 there;
- POST-only office and member actions answer GET with 405 only once the person is let in (the office's
  role check and the login come first);
- `office.list-existing` takes any organisation of the platform on purpose (profiles are shared; the office
  adds one it found, e.g. through the duplicate check), so it is not in the cross-tenant test;
- the invitation page shows nothing of the organisation: its GET is 200 for any signed-in person, its
  POST is 400 for everyone but the invited address.

Another tenant's ids (tenant B's organisation, claim, change, import in tenant A's URLs) and another
organisation's ids (in member URLs) give 404; private fields (bank account, office notes, claims,
members' e-mails) never appear on the public pages and files.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from pozytek.organisations.imports.services import upload_import_file
from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.services import (
    add_office_note,
    claim_organisation,
    deactivate_organisation,
    invite_member,
    update_profile,
)
from pozytek.organisations.states import MemberRole
from tests import matrix_support as matrix
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.integration

COLUMNS = ("anon", "res", "owner", "editor", "offA", "offA0", "offB", "super")

# fmt: off
TABLE = """
row                          anon   res    owner  editor offA   offA0  offB   super
# Public pages of tenant A's directory
public.directory GET         200    200    200    200    200    200    200    200
public.profile GET           200    200    200    200    200    200    200    200
public.profile.X GET         404    404    404    404    404    404    404    404
public.register GET          login  200    200    200    200    200    200    200
public.register POST         login  400    400    400    400    400    400    400
public.claim GET             login  200    200    200    200    200    200    200
public.claim POST            login  400    400    400    400    400    400    400
stats.statistics GET         200    200    200    200    200    200    200    200
stats.one_and_half GET       200    200    200    200    200    200    200    200
open_data.index GET          200    200    200    200    200    200    200    200
open_data.csv GET            200    200    200    200    200    200    200    200
open_data.xlsx GET           200    200    200    200    200    200    200    200
open_data.json GET           200    200    200    200    200    200    200    200
# Pages of people who keep profiles (/moje-organizacje/), O's
member.list GET              login  200    200    200    200    200    200    200
member.edit GET              login  404    200    200    404    404    404    404
member.edit POST             login  404    400    400    404    404    404    404
member.members GET           login  404    200    404    404    404    404    404
member.members POST          login  404    400    404    404    404    404    404
member.list_in POST          login  404    302    302    404    404    404    404
member.list_in GET           login  405    405    405    405    405    405    405
member.remove POST           login  404    302    404    404    404    404    404
member.remove GET            login  405    405    405    405    405    405    405
member.invitation GET        login  200    200    200    200    200    200    200
member.invitation POST       login  302    400    400    400    400    400    400
# Office: the directory of tenant A
office.list GET              login  403    403    403    200    mfa    403    200
office.add GET               login  403    403    403    200    mfa    403    200
office.add POST              login  403    403    403    400    mfa    403    400
office.list_existing POST    login  403    403    403    302    mfa    403    302
office.list_existing GET     login  403    403    403    405    mfa    403    405
office.queue GET             login  403    403    403    200    mfa    403    200
office.claim POST            login  403    403    403    400    mfa    403    400
office.claim GET             login  403    403    403    405    mfa    403    405
office.change POST           login  403    403    403    400    mfa    403    400
office.change GET            login  403    403    403    405    mfa    403    405
office.detail GET            login  403    403    403    200    mfa    403    200
office.verify POST           login  403    403    403    302    mfa    403    302
office.verify GET            login  403    403    403    405    mfa    403    405
office.note POST             login  403    403    403    400    mfa    403    400
office.deactivate POST       login  403    403    403    400    mfa    403    400
office.reactivate POST       login  403    403    403    400    mfa    403    400
office.merge POST            login  403    403    403    400    mfa    403    400
office.exclusion POST        login  403    403    403    400    mfa    403    400
# Office: imports of tenant A (J: uploaded, columns not mapped)
imports.list GET             login  403    403    403    200    mfa    403    200
imports.upload GET           login  403    403    403    200    mfa    403    200
imports.upload POST          login  403    403    403    400    mfa    403    400
imports.detail GET           login  403    403    403    200    mfa    403    200
imports.mapping GET          login  403    403    403    200    mfa    403    200
imports.mapping POST         login  403    403    403    400    mfa    403    400
imports.check POST           login  403    403    403    302    mfa    403    302
imports.check GET            login  403    403    403    405    mfa    403    405
imports.preview GET          login  403    403    403    302    mfa    403    302
imports.preview POST         login  403    403    403    302    mfa    403    302
imports.status GET           login  403    403    403    200    mfa    403    200
"""
# fmt: on

# row → (URL name, kwargs from the prepared tenant `w`)
ROUTES = {
    "public.directory": ("organisations:directory", lambda w: {}),
    "public.profile": ("organisations:profile", lambda w: {"pk": w["org"].pk}),
    "public.profile.X": ("organisations:profile", lambda w: {"pk": w["inactive"].pk}),
    "public.register": ("organisations_join:register", lambda w: {}),
    "public.claim": ("organisations_join:claim", lambda w: {"pk": w["claimed"].pk}),
    "stats.statistics": ("organisations_stats:statistics", lambda w: {}),
    "stats.one_and_half": ("organisations_stats:one-and-half", lambda w: {}),
    "open_data.index": ("organisations_open_data:index", lambda w: {}),
    "open_data.csv": ("organisations_open_data:csv", lambda w: {}),
    "open_data.xlsx": ("organisations_open_data:xlsx", lambda w: {}),
    "open_data.json": ("organisations_open_data:json", lambda w: {}),
    "member.list": ("organisations_member:list", lambda w: {}),
    "member.edit": ("organisations_member:edit", lambda w: {"pk": w["org"].pk}),
    "member.members": ("organisations_member:members", lambda w: {"pk": w["org"].pk}),
    "member.list_in": ("organisations_member:list-in", lambda w: {"pk": w["org"].pk}),
    "member.remove": (
        "organisations_member:remove-member",
        lambda w: {"pk": w["org"].pk, "member_pk": w["editor_seat"].pk},
    ),
    "member.invitation": ("organisations_member:accept-invitation", lambda w: {"token": w["invitation"].token}),
    "office.list": ("organisations_office:list", lambda w: {}),
    "office.add": ("organisations_office:add", lambda w: {}),
    "office.list_existing": ("organisations_office:list-existing", lambda w: {"pk": w["org"].pk}),
    "office.queue": ("organisations_office:queue", lambda w: {}),
    "office.claim": ("organisations_office:claim", lambda w: {"pk": w["claim"].pk}),
    "office.change": ("organisations_office:change", lambda w: {"pk": w["change"].pk}),
    "office.detail": ("organisations_office:detail", lambda w: {"pk": w["org"].pk}),
    "office.verify": ("organisations_office:verify", lambda w: {"pk": w["org"].pk}),
    "office.note": ("organisations_office:note", lambda w: {"pk": w["org"].pk}),
    "office.deactivate": ("organisations_office:deactivate", lambda w: {"pk": w["org"].pk}),
    "office.reactivate": ("organisations_office:reactivate", lambda w: {"pk": w["org"].pk}),
    "office.merge": ("organisations_office:merge", lambda w: {"pk": w["org"].pk}),
    "office.exclusion": ("organisations_office:exclusion", lambda w: {"pk": w["org"].pk}),
    "imports.list": ("organisations_imports:list", lambda w: {}),
    "imports.upload": ("organisations_imports:upload", lambda w: {}),
    "imports.detail": ("organisations_imports:detail", lambda w: {"pk": w["job"].pk}),
    "imports.mapping": ("organisations_imports:mapping", lambda w: {"pk": w["job"].pk}),
    "imports.check": ("organisations_imports:check", lambda w: {"pk": w["job"].pk}),
    "imports.preview": ("organisations_imports:preview", lambda w: {"pk": w["job"].pk}),
    "imports.status": ("organisations_imports:status", lambda w: {"pk": w["job"].pk}),
}
COVERED_URL_NAMES: set[str] = matrix.covered_url_names(ROUTES)
APP_URLCONFS = ("pozytek.organisations.",)
EXPECTED = matrix.parse_table(TABLE, COLUMNS)
# Paths without a tenant (the NGO's own pages).
MEMBER_PREFIX = "member."
# Words that must never appear on a public page or file of the directory.
BANK_ACCOUNT = "PL61109010140000071219812874"
NEW_BANK_ACCOUNT = "PL27114020040000300201355387"  # proposed by the owner: waits for the office
NOTE_TEXT = "NOTATKA-URZEDU-POUFNA"
CLAIM_TEXT = "ZGLOSZENIE-PRZEJECIA-POUFNE"
OWNER_EMAIL = "wlasciciel-a@fundacja.example"
SPREADSHEET = Path(__file__).parent / "data" / "organizacje_utf8.csv"


def prepare(tenant, official, *, owner, editor, claimant, invited_email: str, suffix: str) -> dict:
    """One tenant's directory as the module's docstring describes it, written through the services."""
    org = OrganisationFactory(
        name=f"Fundacja Matrycowa {suffix}", listed_in=tenant, bank_account=BANK_ACCOUNT, email=f"biuro-{suffix}@x.pl"
    )
    OrganisationMember.objects.create(organisation=org, user=owner, role=MemberRole.OWNER)
    editor_seat = OrganisationMember.objects.create(organisation=org, user=editor, role=MemberRole.EDITOR)
    claimed = OrganisationFactory(name=f"Stowarzyszenie Zgłoszone {suffix}", listed_in=tenant)
    inactive = OrganisationFactory(name=f"Fundacja Nieczynna {suffix}", listed_in=tenant)
    with scope(tenant=tenant):
        add_office_note(tenant=tenant, organisation=org, actor=official, text=f"{NOTE_TEXT} {suffix}")
        claim = claim_organisation(
            tenant=tenant, organisation=claimed, actor=claimant, message=f"{CLAIM_TEXT} {suffix}"
        )
        change = update_profile(organisation=org, actor=owner, data={"bank_account": NEW_BANK_ACCOUNT})
        deactivate_organisation(tenant=tenant, organisation=inactive, actor=official, reason="Zakończyła działalność.")
        job = upload_import_file(
            tenant=tenant, actor=official, file=SimpleUploadedFile("lista.csv", SPREADSHEET.read_bytes())
        )
        invitation = invite_member(organisation=org, actor=owner, email=invited_email, role=MemberRole.EDITOR)
    return {
        "org": org,
        "editor_seat": editor_seat,
        "claimed": claimed,
        "claim": claim,
        "change": change,
        "inactive": inactive,
        "job": job,
        "invitation": invitation,
    }


def build_world() -> dict:
    """Both tenants' directories (see the module's docstring); O's invitation is sent to the resident."""
    tenant_a, tenant_b = matrix.two_tenants()
    users = matrix.people_of(COLUMNS, tenant_a, tenant_b, owner=UserFactory(email=OWNER_EMAIL), editor=UserFactory())
    a = prepare(
        tenant_a,
        users["offA"],
        owner=users["owner"],
        editor=users["editor"],
        claimant=UserFactory(),
        invited_email=users["res"].email,
        suffix="A",
    )
    b = prepare(
        tenant_b,
        users["offB"],
        owner=UserFactory(),
        editor=UserFactory(),
        claimant=UserFactory(),
        invited_email="ktos@example.org",
        suffix="B",
    )
    return {"a": a, "b": b, "users": users}


world, _fresh_cache = matrix.fixtures(build_world)


def url_of(row: str, prepared: dict, *, tenant_slug: str = "testowo") -> str:
    return matrix.row_url(ROUTES, row, prepared, tenant_slug=tenant_slug, platform=(MEMBER_PREFIX,))


test_every_route_is_in_the_table = matrix.route_test(EXPECTED, ROUTES, APP_URLCONFS)


test_permission_matrix = matrix.matrix_test(EXPECTED, COLUMNS, matrix.in_tenant_a(ROUTES, platform=(MEMBER_PREFIX,)))


PUBLIC_ROWS = [
    (row, method)
    for (row, method), cells in EXPECTED.items()
    if row.startswith(("public.", "stats.", "open_data.")) and cells["anon"] == "200"
]


@pytest.mark.parametrize("column", ["anon", "owner", "offA", "super"])
@pytest.mark.parametrize(("row", "method"), PUBLIC_ROWS)
def test_public_pages_and_files_show_no_private_field(client, db, world, row, method, column):
    """Not even to the people who keep the profile, the office or the platform admin: public pages are the
    same for everyone."""
    matrix.sign_in(client, world["users"][column])
    text = matrix.text_of(matrix.send(client, method, url_of(row, world["a"])))
    for private in (BANK_ACCOUNT, NEW_BANK_ACCOUNT, NOTE_TEXT, CLAIM_TEXT, OWNER_EMAIL):
        assert private not in text


def test_the_public_directory_and_open_data_list_the_organisation(client, db, world):
    """The control of the test above: the pages do show tenant A's organisation, and not tenant B's."""
    for row in ("public.directory", "open_data.json"):
        text = matrix.text_of(client.get(url_of(row, world["a"])))
        assert world["a"]["org"].name in text
        assert world["b"]["org"].name not in text


def test_the_office_detail_shows_the_note_only_to_its_own_office(client, db, world):
    matrix.sign_in(client, world["users"]["offA"])
    html = client.get(url_of("office.detail", world["a"])).content.decode()
    assert f"{NOTE_TEXT} A" in html
    assert f"{NOTE_TEXT} B" not in html


# Office pages and imports refuse (403) before they read the objects.
REACHING = matrix.cells_reaching_objects(EXPECTED, COLUMNS, ROUTES, refused_first=("office.", "imports."))
# The invitation is found by its token (B's token is the row's 400: "no longer valid" for others).
NOT_CROSS_TENANT = {"office.list_existing", "member.invitation", "public.profile.X"}
CROSS_TENANT = [
    (row, method, column)
    for row, method, column in REACHING
    if row not in NOT_CROSS_TENANT and not row.startswith(MEMBER_PREFIX)
]


@pytest.mark.parametrize(("row", "method", "column"), CROSS_TENANT)
def test_another_tenants_ids_in_tenant_a_urls_give_404(client, db, world, row, method, column):
    """Tenant B's organisation, claim, profile change and import ids in tenant A's URLs: 404 for everyone
    who gets as far as the objects (B's organisation is not in A's directory)."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.send(client, method, url_of(row, world["b"]))
    assert matrix.outcome(response) == "404"


CROSS_ORGANISATION = [
    (row, method, column)
    for row, method, column in REACHING
    if row.startswith(MEMBER_PREFIX) and row != "member.invitation"
]


@pytest.mark.parametrize(("row", "method", "column"), CROSS_ORGANISATION)
def test_another_organisations_ids_in_member_urls_give_404(client, db, world, row, method, column):
    """The owner and the editor of O with tenant B's organisation (kept by other people): 404."""
    matrix.sign_in(client, world["users"][column])
    response = matrix.send(client, method, url_of(row, world["b"]))
    assert matrix.outcome(response) == "404"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_removing_another_organisations_member_through_ones_own_organisation_is_404(client, db, world, method):
    """O's owner with O's id and a membership of tenant B's organisation: 404, and nobody is removed."""
    matrix.sign_in(client, world["users"]["owner"])
    seat = world["b"]["editor_seat"]
    url = reverse("organisations_member:remove-member", kwargs={"pk": world["a"]["org"].pk, "member_pk": seat.pk})
    response = client.post(url) if method == "POST" else client.get(url)
    assert matrix.outcome(response) == ("404" if method == "POST" else "405")
    assert OrganisationMember.objects.filter(pk=seat.pk).exists()
