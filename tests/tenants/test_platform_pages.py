"""Pages outside tenant URLs (the member's pages, the account, the API, the platform home) run with no
tenant scope: they read tenant-owned rows only through selectors named for crossing tenants, filtered by
the person's organisations or roles. They work for the right people and show nobody else's rows."""

import pytest
from django_scopes import scopes_disabled

from pozytek.accounts.models import Role
from pozytek.organisations.models import OrganisationArea
from pozytek.organisations.states import AreaBasis
from tests.agreements.agreement_helpers import awarded_grant, member_of, signed
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import start

pytestmark = pytest.mark.integration


@pytest.fixture
def case(tenant, other_tenant, official):
    """A person keeping an organisation with a signed agreement in `tenant` and a draft offer in
    `other_tenant`, also an official in both; another organisation's offer in `tenant`."""
    grant = awarded_grant(tenant, official)
    agreement = signed(grant, official)
    person = member_of(grant)
    with scopes_disabled():
        organisation = grant.organisation
        awarded_call = grant.offer.call
        OrganisationArea.objects.create(tenant=other_tenant, organisation=organisation, basis=AreaBasis.ACTIVITY)
    other_call = PublishedCallFactory(tenant=other_tenant, title="Kultura w Gminie Innej")
    start(other_call, organisation=organisation, actor=person)
    start(PublishedCallFactory(tenant=tenant, title="Konkurs cudzej organizacji"))
    MembershipFactory(user=person, tenant=tenant, role=Role.OFFICIAL)
    MembershipFactory(user=person, tenant=other_tenant, role=Role.TENANT_ADMIN)
    return {
        "person": person,
        "organisation": organisation,
        "agreement": agreement,
        "calls": [awarded_call.title, other_call.title],
    }


def test_the_platform_home_works_for_everyone(client, case):
    assert client.get("/").status_code == 200
    client.force_login(case["person"])
    assert client.get("/").status_code == 200


def test_my_offers_lists_the_organisations_offers_in_every_tenant_and_no_other(client, case):
    client.force_login(case["person"])

    response = client.get("/moje-organizacje/oferty/")

    page = response.content.decode()
    assert response.status_code == 200
    assert all(title in page for title in case["calls"])
    assert "Konkurs cudzej organizacji" not in page


def test_my_organisations_and_the_profile_list_every_directory(client, case, tenant, other_tenant):
    client.force_login(case["person"])
    organisation = case["organisation"]

    assert client.get("/moje-organizacje/").status_code == 200
    response = client.get(f"/moje-organizacje/{organisation.pk}/")

    assert response.status_code == 200
    assert tenant.name in response.content.decode()
    assert other_tenant.name in response.content.decode()


@pytest.mark.parametrize("page", ["", "pdf/", "aneksy/", "sprawozdania/"])
def test_the_agreement_pages_work_for_the_organisation_and_are_404_for_others(client, case, page):
    url = f"/moje-organizacje/umowy/{case['agreement'].pk}/{page}"
    client.force_login(case["person"])

    assert client.get(url).status_code == 200

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_the_agreement_list_shows_the_organisations_agreements_only(client, case):
    client.force_login(case["person"])
    assert case["agreement"].number in client.get("/moje-organizacje/umowy/").content.decode()

    client.force_login(UserFactory())
    response = client.get("/moje-organizacje/umowy/")
    assert response.status_code == 200
    assert case["agreement"].number not in response.content.decode()


def test_the_account_page_lists_office_roles_in_every_tenant(client, case, tenant, other_tenant):
    client.force_login(case["person"])

    response = client.get("/konto/profil/")

    assert response.status_code == 200
    assert tenant.name in response.content.decode()
    assert other_tenant.name in response.content.decode()


def test_the_api_works_without_a_tenant_in_the_url(client, case):
    assert client.get("/api/v1/").status_code == 200

    grants = client.get("/api/v1/grants/?tenant=testowo")
    organisations = client.get("/api/v1/testowo/organisations")

    assert grants.status_code == organisations.status_code == 200
    assert [item["decision_number"] for item in grants.json()["items"]] == ["ZAR/1/2027"]
    assert case["organisation"].pk in [item["id"] for item in organisations.json()["items"]]
