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
