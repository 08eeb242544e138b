"""The account page links only to office pages that open for the person."""

import pytest
from django.urls import reverse

from pozytek.accounts.models import Role
from pozytek.tenants.states import TenantState
from tests.conftest import with_totp
from tests.factories.accounts import MembershipFactory
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.integration


def test_a_role_in_a_local_government_still_being_prepared_is_listed_without_a_dead_link(client, tenant):
    draft = TenantFactory(name="Gmina W Przygotowaniu", slug="w-przygotowaniu", state=TenantState.DRAFT)
    official = with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)
    MembershipFactory(tenant=draft, user=official, role=Role.OFFICIAL)
    client.force_login(official)

    html = client.get(reverse("accounts:profile")).content.decode()

    published_office = reverse("office:dashboard", kwargs={"tenant_slug": tenant.slug})
    draft_office = reverse("office:dashboard", kwargs={"tenant_slug": draft.slug})
    assert f'href="{published_office}"' in html
    assert "Gmina W Przygotowaniu" in html and f'href="{draft_office}"' not in html
    assert client.get(draft_office).status_code == 404  # what the link would have led to
