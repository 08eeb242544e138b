"""Permission matrix of the office roles; later apps add their rows here."""

import pytest

from pozytek.accounts.models import Role
from tests.factories.accounts import MembershipFactory, UserFactory

pytestmark = pytest.mark.integration

PERMS = ["tenants.view_office", "tenants.view_audit_log", "tenants.view_members", "tenants.change_profile"]
EXPECTED = {
    "resident": set(),
    "official": {"tenants.view_office", "tenants.view_audit_log", "tenants.view_members"},
    "tenant_admin": set(PERMS),
    "official_of_other_tenant": set(),
    "inactive_tenant_admin": set(),
}


def user_for(who, tenant, other_tenant):
    if who == "resident":
        return UserFactory()
    if who == "official_of_other_tenant":
        return MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user
    if who == "inactive_tenant_admin":
        user = MembershipFactory(tenant=tenant, role=Role.TENANT_ADMIN).user
        user.is_active = False
        user.save()
        return user
    return MembershipFactory(tenant=tenant, role=Role(who)).user


@pytest.mark.parametrize("who", EXPECTED)
def test_role_permission_matrix(tenant, other_tenant, who):
    user = user_for(who, tenant, other_tenant)

    granted = {perm for perm in PERMS if user.has_perm(perm, tenant)}

    assert granted == EXPECTED[who]
