"""The one writer of the audit trail."""

from typing import Any

from django.db import models, transaction

from pozytek.core.models import AuditEvent

# Values of these keys never reach the audit trail (as pretalx masks them).
SENSITIVE_KEYS = frozenset({"password", "password1", "password2", "secret", "token", "totp", "code", "bank_account"})
MASK = "********"
TENANT_MODEL = "tenants.tenant"


def mask_sensitive(data: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of `data` with sensitive values replaced by a mask, recursively."""
    masked: dict[str, Any] = {}
    for key, value in data.items():
        if key.lower() in SENSITIVE_KEYS:
            masked[key] = MASK
        elif isinstance(value, dict):
            masked[key] = mask_sensitive(value)
        else:
            masked[key] = value
    return masked


def record_event(
    *,
    actor: models.Model | None,
    subject: models.Model,
    action: str,
    data: dict[str, Any] | None = None,
    tenant: models.Model | None = None,
) -> AuditEvent:
    """Append an audit event about `subject`; must run inside the transaction of the change."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("record_event() must be called inside the transaction of the change it records.")
    if tenant is None:
        is_tenant = subject._meta.label_lower == TENANT_MODEL
        tenant = subject if is_tenant else getattr(subject, "tenant", None)
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        tenant_id=tenant.pk if tenant is not None else None,
        actor_id=actor_id,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        action=action,
        data=mask_sensitive(data or {}),
    )


def field_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Changed fields as {"field": {"from": old, "to": new}}, for audit data of an edit."""
    return {
        key: {"from": before.get(key), "to": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
