"""Reads of the audit trail."""

from django.db.models import QuerySet

from pozytek.core.models import AuditEvent


def audit_events_of_tenant(tenant: object, *, limit: int = 50) -> QuerySet[AuditEvent]:
    """The latest events recorded in a local government, newest first."""
    return AuditEvent.objects.filter(tenant_id=getattr(tenant, "pk", None)).select_related("actor")[:limit]


def audit_events_of(subject: object) -> QuerySet[AuditEvent]:
    """Every event about one record, oldest first."""
    meta = subject._meta  # type: ignore[attr-defined]
    return AuditEvent.objects.filter(subject_type=meta.label_lower, subject_id=str(subject.pk)).order_by("created_at", "id")  # type: ignore[attr-defined]
