"""Writes about people and their office roles."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.accounts.models import Membership, Role, User
from pozytek.core.audit import record_event


@transaction.atomic
def update_own_profile(*, user: User, full_name: str) -> User:
    """A person changes their own display name."""
    before = user.full_name
    user.full_name = full_name.strip()
    user.save(update_fields=["full_name"])
    record_event(
        actor=user,
        subject=user,
        action="user.update_profile",
        data={"full_name": {"from": before, "to": user.full_name}},
    )
    return user


@transaction.atomic
def grant_role(*, tenant: Any, user: User, role: str, actor: Any, position: str = "") -> Membership:
    """Give a person a staff role in a local government's office (platform admin only)."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a platform administrator can grant office roles."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with scopes_disabled():
        membership: Membership
        membership, created = Membership.objects.get_or_create(
            tenant=tenant, user=user, role=role, defaults={"position": position}
        )
    if not created:
        raise ValidationError({"role": _("This person already has this role in this office.")})
    record_event(
        actor=actor,
        subject=membership,
        action="membership.grant",
        tenant=tenant,
        data={"user": user.email, "role": role},
    )
    return membership


@transaction.atomic
def revoke_role(*, membership: Membership, actor: Any) -> None:
    """Take a staff role away; the audit trail keeps who held it."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a platform administrator can revoke office roles."))
    record_event(
        actor=actor,
        subject=membership,
        action="membership.revoke",
        tenant=membership.tenant,
        data={"user": membership.user.email, "role": membership.role},
    )
    with scopes_disabled():
        Membership.objects.filter(pk=membership.pk).delete()
