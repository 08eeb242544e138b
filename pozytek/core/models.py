"""Shared kernel models: timestamps, tenant ownership and the append-only audit trail."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class TimeStampedModel(models.Model):
    """Adds creation and modification times."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TenantOwnedModel(TimeStampedModel):
    """A record that belongs to exactly one local government (JST).

    `objects` raises ScopeError unless a tenant scope is active, so a query that forgets its
    tenant fails loudly instead of leaking another municipality's data.
    """

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, verbose_name=_("local government"))

    objects: ClassVar[models.Manager[Any]] = ScopedManager(tenant="tenant")

    class Meta:
        abstract = True


def scoped_through(parent: str) -> models.Manager[Any]:
    """The manager of a child row that has no tenant of its own but is reachable only through a
    tenant-owned parent (`parent` is the lookup path to it, e.g. "offer" or "response__consultation").

    Like TenantOwnedModel's: without an active tenant scope a query raises ScopeError; with one it is
    filtered by the parent's tenant, so even `Child.objects.all()` never returns another municipality's rows.
    """
    return ScopedManager(tenant=f"{parent}__tenant")  # type: ignore[no-any-return]


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditEventImmutable

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditEventImmutable


class AuditEventImmutable(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEvent(models.Model):
    """One recorded change (zdarzenie w dzienniku zmian): who did what to which record, when.

    Append-only: written only by `pozytek.core.audit.record_event` inside the transaction of the
    change it describes; never updated or deleted.
    """

    tenant = models.ForeignKey(
        "tenants.Tenant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("local government"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    subject_type = models.CharField(_("record type"), max_length=100)
    subject_id = models.CharField(_("record id"), max_length=64)
    action = models.CharField(_("action"), max_length=100)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"]), models.Index(fields=["tenant", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.subject_type}#{self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AuditEventImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditEventImmutable
