"""Reads of the audit trail."""

from django.db.models import Model, QuerySet

from pozytek.core.models import AuditEvent


def audit_events_of_tenant(tenant: Model, *, limit: int = 50) -> QuerySet[AuditEvent]:
    """The latest events recorded in a local government, newest first."""
    return AuditEvent.objects.filter(tenant_id=tenant.pk).select_related("actor")[:limit]


def audit_events_of(subject: Model) -> QuerySet[AuditEvent]:
    """Every event about one record, oldest first."""
    return AuditEvent.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk)).order_by(
        "created_at", "id"
    )
