"""HTTP: the member pages link to "People keeping the profile" only for those who may open it (owners)."""

import pytest
from django.urls import reverse

from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.states import MemberRole
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def org(tenant):
    return OrganisationFactory(name="Fundacja Zdrowia", listed_in=tenant)


def keeper(org, role):
    user = UserFactory()
    OrganisationMember.objects.create(organisation=org, user=user, role=role)
    return user


@pytest.mark.parametrize("page", ["organisations_member:edit", "organisations_member:list"])
def test_an_editor_is_not_shown_the_link_to_the_people_keeping_the_profile(client, org, page):
    client.force_login(keeper(org, MemberRole.EDITOR))
    members = reverse("organisations_member:members", kwargs={"pk": org.pk})

    response = client.get(reverse(page, kwargs={"pk": org.pk} if page.endswith("edit") else {}))

    assert response.status_code == 200
    assert f'href="{members}"' not in response.content.decode()
    assert client.get(members).status_code == 404  # what the link would have led to


@pytest.mark.parametrize("page", ["organisations_member:edit", "organisations_member:list"])
def test_an_owner_follows_the_link_to_the_people_keeping_the_profile(client, org, page):
    client.force_login(keeper(org, MemberRole.OWNER))
    members = reverse("organisations_member:members", kwargs={"pk": org.pk})

    response = client.get(reverse(page, kwargs={"pk": org.pk} if page.endswith("edit") else {}))

    assert f'href="{members}"' in response.content.decode()
    assert client.get(members).status_code == 200


def test_the_edit_page_offers_the_other_directories_and_listing_there_works(client, org, other_tenant):
    """Until now the form was never shown and the page said "listed in every local government"."""
    from pozytek.organisations.models import OrganisationArea
    from pozytek.tenants.states import TenantState

    assert other_tenant.state == TenantState.PUBLISHED
    client.force_login(keeper(org, MemberRole.EDITOR))
    edit = reverse("organisations_member:edit", kwargs={"pk": org.pk})
    list_in = reverse("organisations_member:list-in", kwargs={"pk": org.pk})

    page = client.get(edit).content.decode()

    assert f'action="{list_in}"' in page
    assert f'value="{other_tenant.pk}"' in page and other_tenant.name in page
    assert client.post(list_in, {"tenant": other_tenant.pk}).status_code == 302
    assert OrganisationArea._base_manager.filter(organisation=org, tenant=other_tenant).exists()
    after = client.get(edit).content.decode()
    assert f'action="{list_in}"' not in after  # listed everywhere now: nothing left to offer


def test_the_edit_page_links_only_to_public_profiles_that_open(client, org, other_tenant):
    """A deactivated organisation, or a directory of a local government still being prepared, has no
    public profile to link to."""
    from pozytek.organisations.models import Organisation, OrganisationArea
    from pozytek.organisations.states import AreaBasis, OrganisationState
    from pozytek.tenants.states import TenantState
    from tests.factories.tenants import TenantFactory

    draft = TenantFactory(name="Gmina W Przygotowaniu", slug="w-przygotowaniu", state=TenantState.DRAFT)
    OrganisationArea._base_manager.create(organisation=org, tenant=draft, basis=AreaBasis.ACTIVITY)
    client.force_login(keeper(org, MemberRole.OWNER))
    edit = reverse("organisations_member:edit", kwargs={"pk": org.pk})
    home = reverse("organisations:profile", kwargs={"tenant_slug": "testowo", "pk": org.pk})
    hidden = reverse("organisations:profile", kwargs={"tenant_slug": draft.slug, "pk": org.pk})

    page = client.get(edit).content.decode()
    assert f'href="{home}"' in page and f'href="{hidden}"' not in page and "Gmina W Przygotowaniu" in page
    assert client.get(hidden).status_code == 404

    Organisation.objects.filter(pk=org.pk).update(state=OrganisationState.INACTIVE)
    page = client.get(edit).content.decode()
    assert f'href="{home}"' not in page
    assert client.get(home).status_code == 404
