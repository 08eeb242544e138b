"""HTTP: the public directory and profile, NGO registration and claims, member pages, office pages."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from pozytek.accounts.models import Role
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.organisations.models import Claim, Organisation, OrganisationMember, ProfileChange
from pozytek.organisations.states import MemberRole, OrganisationState
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def org(tenant):
    return OrganisationFactory(
        name="Fundacja Zdrowia",
        listed_in=tenant,
        description="<script>alert('xss')</script>Pomoc",
        bank_account="PL61109010140000071219812874",
    )


@pytest.fixture
def owner(org):
    user = UserFactory()
    OrganisationMember.objects.create(organisation=org, user=user, role=MemberRole.OWNER)
    return user


# --- public


@pytest.mark.parametrize("count", [1, 3])
def test_directory_page_query_count_does_not_grow(client, tenant, django_assert_num_queries, count):
    OrganisationFactory.create_batch(count, listed_in=tenant)
    client.get("/testowo/organizacje/")  # the filters' choices into the cache

    # tenant, the filters' choices (cached), vocabulary, count, rows (on PostgreSQL with their spheres' names),
    # elsewhere the spheres
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 6):
        response = client.get("/testowo/organizacje/?q=fundacja&sort=name")

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("language", "names"),
    [("pl", "Kultura i sztuka, Pomoc społeczna"), ("en", "Culture and art, Pomoc społeczna")],
)
def test_a_result_names_its_spheres_in_their_order_and_the_visitors_language(client, tenant, language, names):
    culture = SphereOfPublicTasks.objects.create(
        code="T1",
        short_name="Kultura i sztuka",
        short_name_en="Culture and art",
        name="Kultura",
        order=1,
        valid_from="2020-01-01",
    )
    welfare = SphereOfPublicTasks.objects.create(
        code="T2", short_name="Pomoc społeczna", name="Pomoc", order=2, valid_from="2020-01-01"
    )
    organisation = OrganisationFactory(name="Fundacja Sfer", listed_in=tenant)
    organisation.spheres.set([welfare, culture])

    page = client.get("/testowo/organizacje/?q=sfer", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'<p class="result__spheres">{names}</p>' in page


def test_a_result_shows_its_link_form_town_krs_badges_and_spheres_escaped(client, tenant):
    sphere = SphereOfPublicTasks.objects.create(
        code="T3", short_name="Sport & <rekreacja>", name="Sport", order=1, valid_from="2020-01-01"
    )
    full = OrganisationFactory(
        name="Fundacja <Pełna> & Spółka",
        city="Leszno",
        krs="0000123456",
        opp=True,
        excluded_art_3_4=True,
        listed_in=tenant,
        spheres=[sphere],
    )
    bare = OrganisationFactory(name="Fundacja Goła", legal_form=None, krs="", listed_in=tenant)

    page = client.get("/testowo/organizacje/?q=fundacja").content.decode()

    assert (
        f'<li class="result">\n  <h3><a href="/testowo/organizacje/{full.pk}/">Fundacja &lt;Pełna&gt; &amp; Spółka</a>'
        '</h3>\n  <p class="result__meta">Fundacja · Leszno · KRS 0000123456 · <span class="badge">OPP</span> · '
        '<span class="badge badge--warn">nie może otrzymywać dotacji</span></p>\n'
        '  <p class="result__spheres">Sport &amp; &lt;rekreacja&gt;</p>\n</li>'
    ) in page
    assert (
        f'<li class="result">\n  <h3><a href="/testowo/organizacje/{bare.pk}/">Fundacja Goła</a></h3>\n'
        '  <p class="result__meta">nie podano formy prawnej</p>\n</li>'
    ) in page


def test_directory_search_is_a_bookmarkable_get_with_pagination(client, tenant):
    OrganisationFactory.create_batch(25, listed_in=tenant)

    first = client.get("/testowo/organizacje/?q=fundacja&sort=-name").content.decode()
    second = client.get("/testowo/organizacje/?q=fundacja&sort=-name&page=2").content.decode()

    assert "Znaleziono 25 organizacji" in first
    assert 'href="?q=fundacja&amp;sort=-name&amp;page=2"' in first
    assert "Fundacja Testowa" in second


def test_directory_ignores_invalid_filter_values(client, tenant, org):
    response = client.get("/testowo/organizacje/?district=abc&legal_form=nonsense&opp=7&page=999")

    assert response.status_code == 200


def test_profile_escapes_html_and_hides_private_fields(client, tenant, org):
    html = client.get(f"/testowo/organizacje/{org.pk}/").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "PL61109010140000071219812874" not in html
    assert "1090 1014" not in html


def test_profile_of_another_tenants_or_inactive_organisation_is_404(client, tenant, other_tenant):
    foreign = OrganisationFactory(listed_in=other_tenant)
    inactive = OrganisationFactory(listed_in=tenant, state=OrganisationState.INACTIVE)

    assert client.get(f"/testowo/organizacje/{foreign.pk}/").status_code == 404
    assert client.get(f"/testowo/organizacje/{inactive.pk}/").status_code == 404
    assert client.get("/testowo/organizacje/999999/").status_code == 404


# --- NGO


def test_register_requires_login(client, tenant):
    assert client.get("/testowo/organizacje/zarejestruj/")["Location"].startswith("/konto/login/")


def test_register_organisation_through_the_form(client, tenant, resident):
    client.force_login(resident)

    response = client.post(
        "/testowo/organizacje/zarejestruj/",
        {"name": "Stowarzyszenie Nowe", "legal_form": "", "krs": "", "nip": "8567346215", "basis": "activity"},
    )

    org = Organisation.objects.get(name="Stowarzyszenie Nowe")
    assert response["Location"] == f"/moje-organizacje/{org.pk}/"
    assert OrganisationMember.objects.get(organisation=org).user == resident


def test_register_with_a_known_krs_offers_to_claim(client, tenant, resident, org):
    client.force_login(resident)

    response = client.post("/testowo/organizacje/zarejestruj/", {"name": "Kopia", "krs": org.krs, "basis": "seat"})

    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="/testowo/organizacje/{org.pk}/przejmij/"' in html
    assert 'id="id_krs_errors"' in html
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "basis": "seat"}, "name"),
        ({"name": "X", "nip": "1234567890", "basis": "seat"}, "nip"),
        ({"name": "X", "regon": "192598183", "basis": "seat"}, "regon"),
        ({"name": "X", "krs": "abc", "basis": "seat"}, "krs"),
        ({"name": "X", "bank_account": "PL00", "basis": "seat"}, "bank_account"),
        ({"name": "X" * 301, "basis": "seat"}, "name"),
        ({"name": "X", "description": "x" * 100_000, "basis": "seat"}, "description"),
        ({"name": "X", "postal_code": "6010", "basis": "seat"}, "postal_code"),
    ],
)
def test_invalid_registration_shows_the_error_next_to_the_field(client, tenant, resident, data, field):
    client.force_login(resident)

    response = client.post("/testowo/organizacje/zarejestruj/", data)

    assert response.status_code == 400
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert Organisation.objects.count() == 0


def test_claim_through_the_form_and_a_second_claim_is_explained(client, tenant, resident, org):
    client.force_login(resident)

    first = client.post(f"/testowo/organizacje/{org.pk}/przejmij/", {"message": "Prezes zarządu wg KRS"})
    second = client.post(f"/testowo/organizacje/{org.pk}/przejmij/", {"message": "Jeszcze raz"})

    assert first.status_code == 302
    assert second.status_code == 400
    assert 'id="id_message_errors"' in second.content.decode()
    with scopes_disabled():
        assert Claim.objects.count() == 1


def test_member_pages_are_404_for_non_members(client, resident, org):
    client.force_login(resident)

    assert client.get(f"/moje-organizacje/{org.pk}/").status_code == 404
    assert client.get(f"/moje-organizacje/{org.pk}/zespol/").status_code == 404


def test_member_edit_shows_bank_account_and_pending_changes(client, tenant, org, owner):
    client.force_login(owner)
    data = {
        "name": "Fundacja Zdrowia i Ruchu",
        "krs": org.krs,
        "nip": org.nip,
        "regon": org.regon,
        "legal_form": org.legal_form_id,
        "bank_account": org.bank_account,
        "description": "Nowy opis",
    }

    response = client.post(f"/moje-organizacje/{org.pk}/", data)
    page = client.get(f"/moje-organizacje/{org.pk}/").content.decode()

    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.name, org.description) == ("Fundacja Zdrowia", "Nowy opis")
    assert ProfileChange.objects.get().data == {"name": "Fundacja Zdrowia i Ruchu"}
    assert "Fundacja Zdrowia i Ruchu" in page
    assert "PL61109010140000071219812874" in page


def test_editor_cannot_manage_members(client, org):
    editor = UserFactory()
    OrganisationMember.objects.create(organisation=org, user=editor, role=MemberRole.EDITOR)
    client.force_login(editor)

    assert client.get(f"/moje-organizacje/{org.pk}/").status_code == 200
    assert client.get(f"/moje-organizacje/{org.pk}/zespol/").status_code == 404


# --- office

OFFICE_PAGES = [
    "/testowo/urzad/organizacje/",
    "/testowo/urzad/organizacje/dodaj/",
    "/testowo/urzad/organizacje/weryfikacja/",
]


@pytest.mark.parametrize("path", OFFICE_PAGES)
@pytest.mark.parametrize(("who", "status"), [("resident", 403), ("official", 200), ("other_official", 403)])
def test_office_pages_permission_matrix(client, tenant, other_tenant, org, path, who, status):
    if who == "resident":
        user = UserFactory()
    else:
        user = with_totp(
            MembershipFactory(tenant=tenant if who == "official" else other_tenant, role=Role.OFFICIAL).user
        )
    login_with_mfa(client, user)

    assert client.get(path).status_code == status


def test_office_detail_of_an_organisation_not_in_this_directory_is_404(client, tenant, other_tenant, official):
    foreign = OrganisationFactory(listed_in=other_tenant)
    login_with_mfa(client, official)

    assert client.get(f"/testowo/urzad/organizacje/{foreign.pk}/").status_code == 404
    assert client.post(f"/testowo/urzad/organizacje/{foreign.pk}/dezaktywuj/", {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_office_list_query_count_does_not_grow(client, tenant, official, django_assert_num_queries, count):
    OrganisationFactory.create_batch(count, listed_in=tenant)
    login_with_mfa(client, official)
    client.get("/testowo/urzad/organizacje/")  # warm the session and permission caches

    with django_assert_num_queries(10):
        assert client.get("/testowo/urzad/organizacje/").status_code == 200


def test_official_verifies_a_claim_in_the_queue(client, tenant, official, resident, org):
    claimant = Client()
    claimant.force_login(resident)
    claimant.post(f"/testowo/organizacje/{org.pk}/przejmij/", {"message": "Prezes"})
    with scopes_disabled():
        claim = Claim.objects.get()
    login_with_mfa(client, official)

    assert "Prezes" in client.get("/testowo/urzad/organizacje/weryfikacja/").content.decode()
    refused = client.post(f"/testowo/urzad/organizacje/zgloszenia/{claim.pk}/", {"decision": "refuse", "reason": ""})
    assert refused.status_code == 400
    accepted = client.post(f"/testowo/urzad/organizacje/zgloszenia/{claim.pk}/", {"decision": "accept"})
    assert accepted.status_code == 302
    assert OrganisationMember.objects.filter(organisation=org, user=resident).exists()
    again = client.post(f"/testowo/urzad/organizacje/zgloszenia/{claim.pk}/", {"decision": "accept"}, follow=True)
    assert again.status_code == 200


def test_office_adds_note_deactivates_and_merges(client, tenant, official, org):
    other = OrganisationFactory(listed_in=tenant, name="Fundacja Zdrowia duplikat")
    login_with_mfa(client, official)
    base = f"/testowo/urzad/organizacje/{other.pk}/"

    assert client.post(base + "notatka/", {"text": "Duplikat profilu"}).status_code == 302
    assert client.post(base + "dezaktywuj/", {"reason": ""}).status_code == 400
    assert client.post(base + "scal/", {"keep": 999999}).status_code == 400
    assert client.post(base + "scal/", {"keep": org.pk}).status_code == 302
    other.refresh_from_db()
    assert other.state == OrganisationState.MERGED
    assert "Duplikat profilu" in client.get(f"/testowo/urzad/organizacje/{org.pk}/").content.decode()


def test_member_lists_the_organisation_in_another_directory(client, tenant, other_tenant, org, owner):
    client.force_login(owner)

    response = client.post(f"/moje-organizacje/{org.pk}/bazy/", {"tenant": other_tenant.pk})
    again = client.post(f"/moje-organizacje/{org.pk}/bazy/", {"tenant": other_tenant.pk}, follow=True)

    assert response.status_code == 302
    assert client.get(f"/inna/organizacje/{org.pk}/").status_code == 200
    assert again.status_code == 200


def test_office_adds_an_existing_organisation_to_its_directory(client, tenant, other_tenant, official):
    foreign = OrganisationFactory(listed_in=other_tenant, name="Fundacja Sąsiednia")
    login_with_mfa(client, official)

    duplicate = client.post("/testowo/urzad/organizacje/dodaj/", {"name": "Fundacja Sąsiednia", "krs": foreign.krs})
    assert f'action="/testowo/urzad/organizacje/dodaj/{foreign.pk}/"' in duplicate.content.decode()
    listed = client.post(f"/testowo/urzad/organizacje/dodaj/{foreign.pk}/")

    assert listed["Location"] == f"/testowo/urzad/organizacje/{foreign.pk}/"
    assert client.get(f"/testowo/organizacje/{foreign.pk}/").status_code == 200


def test_office_flags_an_art_3_4_entity_with_a_reason(client, tenant, official, org):
    login_with_mfa(client, official)

    missing_reason = client.post(f"/testowo/urzad/organizacje/{org.pk}/wykluczenie/", {"excluded": "on"})
    flagged = client.post(
        f"/testowo/urzad/organizacje/{org.pk}/wykluczenie/", {"excluded": "on", "reason": "Związek zawodowy"}
    )

    assert missing_reason.status_code == 400
    assert flagged.status_code == 302
    org.refresh_from_db()
    assert org.excluded_art_3_4 is True
    profile = client.get(f"/testowo/organizacje/{org.pk}/").content.decode()
    assert "Ten podmiot jest wyłączony na podstawie art. 3 ust. 4 ustawy" in profile


@pytest.mark.parametrize("count", [1, 3])
def test_verification_queue_query_count_does_not_grow(client, tenant, official, django_assert_num_queries, count):
    for org in OrganisationFactory.create_batch(count, listed_in=tenant):
        claimant = UserFactory()
        with scopes_disabled():
            Claim.objects.create(tenant=tenant, organisation=org, user=claimant, message="Prezes")
        ProfileChange.objects.create(organisation=org, author=claimant, data={"name": "Nowa"})
    login_with_mfa(client, official)
    client.get("/testowo/urzad/organizacje/weryfikacja/")

    with django_assert_num_queries(9):
        assert client.get("/testowo/urzad/organizacje/weryfikacja/").status_code == 200


def test_my_organisations_query_count_does_not_grow(client, resident):
    """The page (with the organisations' work waiting, tests/organisations/test_member_dashboard.py) takes the
    same queries for one organisation as for three."""
    counts = []
    for batch in (1, 2):
        for org in OrganisationFactory.create_batch(batch):
            OrganisationMember.objects.create(organisation=org, user=resident, role=MemberRole.OWNER)
        client.force_login(resident)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/moje-organizacje/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
