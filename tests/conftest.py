"""Shared fixtures: a tenant, one user per role, and a helper to give someone TOTP."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from pozytek.accounts.models import Role
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.tenants import TenantFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app would show now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_totp(user):
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def tenant(db):
    return TenantFactory(name="Miasto Testowo", slug="testowo")


@pytest.fixture
def other_tenant(db):
    return TenantFactory(name="Gmina Inna", slug="inna")


@pytest.fixture
def resident(db):
    return UserFactory()


@pytest.fixture
def official(tenant):
    return with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)


@pytest.fixture
def tenant_admin(tenant):
    return with_totp(MembershipFactory(tenant=tenant, role=Role.TENANT_ADMIN).user)


@pytest.fixture
def platform_admin(db):
    return UserFactory(is_superuser=True, is_staff=True)


def login_with_mfa(client, user) -> None:
    """Log in through the test client as if MFA was passed (the MFA stage is tested separately)."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": 0},
        {"method": "mfa", "type": "totp", "at": 0},
    ]
    session.save()


@pytest.fixture(autouse=True)
def _database_before_the_cache(request):
    """The cache is a database table, as in production (config/settings_test.py): a test that uses the
    database gets it before any autouse fixture of its module clears the cache (login rate limits)."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests flush every table, including the legal reference data migrations load."""
    marker = request.node.get_closest_marker("django_db")
    transactional_marker = marker is not None and marker.kwargs.get("transaction", False)
    if transactional_marker or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        from pozytek.legal.models import LegalForm, LegalParameter, SphereOfPublicTasks
        from pozytek.legal.reference_data import sync_reference_data

        sync_reference_data(LegalParameter, SphereOfPublicTasks, LegalForm)


@pytest.fixture(scope="session", autouse=True)
def _reference_data_back_after_every_flush():
    """A transactional test flushes every table when it ends, the legal reference data included (its data
    migrations loaded it). Django sends `post_migrate` after that flush: load the reference data again
    there, so the next test on the same database (pytest-xdist runs files in any order per worker)
    finds the spheres, legal forms and parameters the migrations guarantee."""
    from django.db.models.signals import post_migrate

    def reload(sender, using="default", **kwargs):
        if getattr(sender, "name", "") != "pozytek.legal":
            return
        from pozytek.legal.models import LegalForm, LegalParameter, SphereOfPublicTasks
        from pozytek.legal.reference_data import sync_reference_data

        sync_reference_data(LegalParameter, SphereOfPublicTasks, LegalForm)

    post_migrate.connect(reload, weak=False, dispatch_uid="tests-reference-data-after-flush")
    yield
    post_migrate.disconnect(dispatch_uid="tests-reference-data-after-flush")
