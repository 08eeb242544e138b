"""Office pages: permission matrix, MFA requirement, editing the office data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pozytek.accounts.models import Role
from pozytek.core.models import AuditEvent
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory, UserFactory

pytestmark = pytest.mark.integration

DASHBOARD = "/testowo/urzad/"
EDIT = "/testowo/urzad/dane/"


def make_user(who: str, tenant, other_tenant):
    """One user per row of the permission matrix."""
    if who == "anonymous":
        return None
    if who == "resident":
        return UserFactory()
    if who == "platform_admin":
        return with_totp(UserFactory(is_superuser=True, is_staff=True))
    if who == "official_of_other_tenant":
        return with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    role = Role.TENANT_ADMIN if who == "tenant_admin" else Role.OFFICIAL
    return with_totp(MembershipFactory(tenant=tenant, role=role).user)


# who → expected status for (dashboard GET, edit GET)
MATRIX = {
    "anonymous": (302, 302),
    "resident": (403, 403),
    "official_of_other_tenant": (403, 403),
    "platform_admin": (200, 200),  # Django superusers hold every permission
    "official": (200, 403),
    "tenant_admin": (200, 200),
}


@pytest.mark.parametrize(("who", "expected"), MATRIX.items())
def test_office_permission_matrix(client, tenant, other_tenant, who, expected):
    user = make_user(who, tenant, other_tenant)
    if user is not None:
        login_with_mfa(client, user)

    statuses = (client.get(DASHBOARD).status_code, client.get(EDIT).status_code)

    assert statuses == expected


def test_anonymous_is_sent_to_login(client, tenant):
    response = client.get(DASHBOARD)

    assert response["Location"].startswith("/konto/login/?next=/testowo/urzad/")


def test_official_without_mfa_is_sent_to_set_it_up(client, tenant):
    user = MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user
    client.force_login(user)

    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/totp/activate/")


def test_dashboard_shows_members_and_events_but_no_legal_parameters(client, tenant, tenant_admin):
    login_with_mfa(client, tenant_admin)

    html = client.get(DASHBOARD).content.decode()

    assert tenant_admin.full_name in html
    assert "Miasto Testowo" in html
    # The parameters' verification state is the platform administrator's business (Django admin).
    assert "Minimalny termin na składanie ofert od ostatniej publikacji ogłoszenia" not in html
    assert "do weryfikacji" not in html


def test_tenant_admin_edits_office_data_with_audit(client, tenant, tenant_admin):
    login_with_mfa(client, tenant_admin)

    response = client.post(
        EDIT,
        {"office_name": "Urząd Miasta Testowo", "address": "ul. Nowa 2, 00-002 Testowo", "email": "ngo@testowo.pl"},
    )

    assert response.status_code == 302
    tenant.refresh_from_db()
    assert tenant.address == "ul. Nowa 2, 00-002 Testowo"
    event = AuditEvent.objects.get(action="tenant.update_profile")
    assert event.actor == tenant_admin
    assert event.data["changes"]["address"] == {
        "from": "ul. Rynek 1, 00-001 Testowo",
        "to": "ul. Nowa 2, 00-002 Testowo",
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"office_name": "x" * 201, "address": "a"},
            "office_name",
            "Upewnij się, że ta wartość ma co najwyżej 200 znaków",
        ),
        ({"office_name": "Urząd", "address": "a", "email": "nie-email"}, "email", "Wprowadź poprawny adres email."),
        ({"office_name": "Urząd", "address": "a", "bip_url": "javascript:alert(1)"}, "bip_url", "Wpisz poprawny URL."),
    ],
)
def test_invalid_office_data_gets_polish_message_next_to_the_field_and_changes_nothing(
    client, tenant, tenant_admin, data, field, message
):
    login_with_mfa(client, tenant_admin)

    response = client.post(EDIT, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'id="id_{field}_errors"' in html
    assert f'aria-describedby="id_{field}_errors"' in html
    tenant.refresh_from_db()
    assert tenant.office_name != data["office_name"]
    assert AuditEvent.objects.filter(action="tenant.update_profile").count() == 0


def test_oversized_or_non_image_logo_is_refused(client, tenant, tenant_admin):
    login_with_mfa(client, tenant_admin)
    fake = SimpleUploadedFile("herb.png", b"<svg onload=alert(1)>", content_type="image/png")

    response = client.post(EDIT, {"office_name": "Urząd", "address": "a", "coat_of_arms": fake})

    assert response.status_code == 400
    assert 'id="id_coat_of_arms_errors"' in response.content.decode()
    tenant.refresh_from_db()
    assert not tenant.coat_of_arms


def test_forged_post_without_csrf_token_is_refused_in_polish(tenant, tenant_admin):
    client = Client(enforce_csrf_checks=True)
    login_with_mfa(client, tenant_admin)

    response = client.post(EDIT, {"office_name": "Podrobione", "address": "x"})

    assert response.status_code == 403
    assert "Formularz wygasł" in response.content.decode()
    tenant.refresh_from_db()
    assert tenant.office_name != "Podrobione"


def test_official_cannot_edit_another_tenants_data_through_its_url(client, tenant, other_tenant):
    outsider = with_totp(MembershipFactory(tenant=other_tenant, role=Role.TENANT_ADMIN).user)
    login_with_mfa(client, outsider)

    response = client.post(EDIT, {"office_name": "Przejęte", "address": "x"})

    assert response.status_code == 403
    tenant.refresh_from_db()
    assert tenant.office_name != "Przejęte"
