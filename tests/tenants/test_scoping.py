"""Tenant scoping fails loudly and never shows one municipality another's data."""

import pytest
from django.test import override_settings
from django_scopes import ScopeError, scope, scopes_disabled

from pozytek.accounts.models import Membership
from pozytek.tenants.models import District
from pozytek.tenants.states import TenantState
from tests.factories.tenants import DistrictFactory, TenantFactory

pytestmark = pytest.mark.integration


def test_query_on_tenant_owned_model_without_scope_raises(tenant):
    with scopes_disabled():
        DistrictFactory(tenant=tenant)

    with pytest.raises(ScopeError):
        list(District.objects.all())
    with pytest.raises(ScopeError):
        Membership.objects.count()


def test_scoped_query_returns_only_the_tenants_rows(tenant, other_tenant):
    with scopes_disabled():
        mine = DistrictFactory(tenant=tenant, name="Jeżyce")
        DistrictFactory(tenant=other_tenant, name="Wilda")

    with scope(tenant=tenant):
        assert list(District.objects.all()) == [mine]


def test_tenant_page_shows_only_its_own_districts(client, tenant, other_tenant):
    with scopes_disabled():
        DistrictFactory(tenant=tenant, name="Jeżyce")
        DistrictFactory(tenant=other_tenant, name="Wilda-Inna")

    response = client.get(f"/{tenant.slug}/")

    assert response.status_code == 200
    assert "Jeżyce" in response.content.decode()
    assert "Wilda-Inna" not in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/no-such-gmina/", "/no-such-gmina/kontakt/", "/no-such-gmina/urzad/", "/no-such-gmina/kontakt.pdf"]
)
def test_unknown_tenant_slug_gives_polish_404(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.content.decode()


@pytest.mark.parametrize("state", [TenantState.DRAFT, TenantState.SUSPENDED])
def test_unpublished_tenant_is_hidden_from_the_public(client, db, state):
    hidden = TenantFactory(state=state)

    assert client.get(f"/{hidden.slug}/").status_code == 404
    assert hidden.name not in client.get("/").content.decode()


def test_unpublished_tenant_is_previewable_by_platform_admin(client, platform_admin):
    hidden = TenantFactory(state=TenantState.DRAFT)
    client.force_login(platform_admin)

    response = client.get(f"/{hidden.slug}/")

    assert response.status_code == 200
    assert hidden.name in response.content.decode()


@override_settings(POZYTEK_SINGLE_TENANT="testowo")
def test_single_tenant_installation_sends_root_to_its_tenant(client, tenant):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/testowo/"
