import pytest
from django.db import transaction

from pozytek.core.audit import MASK, field_diff, record_event
from pozytek.core.models import AuditEvent, AuditEventImmutable

pytestmark = pytest.mark.integration


def test_record_event_outside_transaction_is_refused(transactional_db):
    from tests.factories.tenants import TenantFactory

    tenant = TenantFactory()

    with pytest.raises(RuntimeError):
        record_event(actor=None, subject=tenant, action="tenant.test")
    assert AuditEvent.objects.count() == 0


def test_record_event_masks_sensitive_values(tenant, resident):
    with transaction.atomic():
        event = record_event(
            actor=resident,
            subject=tenant,
            action="tenant.test",
            data={"password": "tajne", "nested": {"bank_account": "PL61109010140000071219812874"}, "name": "x"},
        )

    assert event.data == {"password": MASK, "nested": {"bank_account": MASK}, "name": "x"}
    assert event.tenant_id == tenant.pk
    assert event.actor_id == resident.pk


def test_audit_event_cannot_be_changed_or_deleted(tenant):
    with transaction.atomic():
        event = record_event(actor=None, subject=tenant, action="tenant.test")

    event.action = "forged"
    with pytest.raises(AuditEventImmutable):
        event.save()
    with pytest.raises(AuditEventImmutable):
        event.delete()
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "tenant.test"


def test_field_diff_lists_only_changed_fields():
    assert field_diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {
        "b": {"from": 2, "to": 3},
        "c": {"from": None, "to": 4},
    }
