"""The platform administrator manages tenants and office roles in /admin/, always through services."""

import pytest
from django_scopes import scopes_disabled

from pozytek.accounts.models import Membership
from pozytek.core.models import AuditEvent
from pozytek.tenants.models import Tenant
from pozytek.tenants.states import TenantState
from tests.conftest import login_with_mfa
from tests.factories.accounts import UserFactory
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def admin_client(client, platform_admin):
    login_with_mfa(client, platform_admin)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/tenants/tenant/",
        "/admin/tenants/tenant/add/",
        "/admin/accounts/membership/",
        "/admin/accounts/membership/add/",
        "/admin/legal/legalparameter/",
        "/admin/core/auditevent/",
        "/admin/accounts/user/",
    ],
)
def test_admin_pages_open_for_the_platform_admin(admin_client, tenant, path):
    assert admin_client.get(path).status_code == 200


def test_admin_is_closed_to_office_staff(client, official):
    login_with_mfa(client, official)

    assert client.get("/admin/tenants/tenant/").status_code == 302


def test_admin_adds_a_tenant_in_preparation_with_audit(admin_client, platform_admin):
    response = admin_client.post(
        "/admin/tenants/tenant/add/",
        {
            "name": "Gmina Nowa",
            "slug": "gmina-nowa",
            "kind": "gmina",
            "teryt": "3201011",
            "office_name": "Urząd Gminy Nowa",
            "address": "ul. Główna 1",
            "districts-TOTAL_FORMS": "1",
            "districts-INITIAL_FORMS": "0",
            "districts-0-name": "Sołectwo Stare",
            "districts-0-kind": "solectwo",
        },
    )

    assert response.status_code == 302
    tenant = Tenant.objects.get(slug="gmina-nowa")
    assert tenant.state == TenantState.DRAFT
    assert [e.action for e in AuditEvent.objects.filter(tenant=tenant).order_by("id")] == [
        "tenant.create",
        "district.add",
    ]


def test_admin_refuses_a_reserved_slug_and_a_wrong_teryt(admin_client):
    response = admin_client.post(
        "/admin/tenants/tenant/add/",
        {
            "name": "Zła",
            "slug": "admin",
            "kind": "powiat",
            "teryt": "3201011",
            "districts-TOTAL_FORMS": "0",
            "districts-INITIAL_FORMS": "0",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ten adres jest zarezerwowany przez platformę" in html
    assert "Liczba cyfr kodu TERYT dla tego rodzaju jednostki samorządu terytorialnego: 4." in html
    assert not Tenant.objects.filter(name="Zła").exists()


def test_admin_publishes_tenants_with_the_workflow(admin_client):
    ready = TenantFactory(state=TenantState.DRAFT)
    incomplete = TenantFactory(state=TenantState.DRAFT, address="")

    admin_client.post("/admin/tenants/tenant/", {"action": "publish", "_selected_action": [ready.pk, incomplete.pk]})

    ready.refresh_from_db()
    incomplete.refresh_from_db()
    assert (ready.state, incomplete.state) == (TenantState.PUBLISHED, TenantState.DRAFT)


def test_admin_grants_and_revokes_an_office_role_with_audit(admin_client, tenant):
    person = UserFactory()

    admin_client.post("/admin/accounts/membership/add/", {"user": person.pk, "tenant": tenant.pk, "role": "official"})
    with scopes_disabled():
        membership = Membership.objects.get(user=person)
    admin_client.post(f"/admin/accounts/membership/{membership.pk}/delete/", {"post": "yes"})

    with scopes_disabled():
        assert not Membership.objects.filter(user=person).exists()
    assert [e.action for e in AuditEvent.objects.filter(tenant=tenant).order_by("id")] == [
        "membership.grant",
        "membership.revoke",
    ]
