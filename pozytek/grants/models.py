"""The public register of grants (rejestr dotacji): one row per grant, whatever the way it was given."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.states import CallMode
from pozytek.core.models import TenantOwnedModel
from pozytek.grants.states import GrantSource, GrantStatus

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class Grant(TenantOwnedModel):
    """A grant as the public register shows it, kept by the services that award, contract and settle it.

    The public columns are copied when the grant is awarded (the organisation's name and the task's
    title as they were then), so renaming an organisation never rewrites history. Rows appear in the
    register only once `published_at` is set (the results were published); nothing internal is stored.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="grants", verbose_name=_("organisation")
    )
    organisation_name = models.CharField(_("organisation"), max_length=300)
    task_title = models.CharField(_("task"), max_length=300)
    source = models.CharField(_("how it was given"), max_length=20, choices=GrantSource.choices)
    call = models.ForeignKey(
        "competitions.Call", null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    offer = models.OneToOneField("offers.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="grant")
    mode = models.CharField(_("mode"), max_length=20, choices=CallMode.choices, blank=True)
    sphere = models.ForeignKey(
        "legal.SphereOfPublicTasks",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sphere of public tasks"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_awarded = models.DecimalField(_("amount awarded"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    amount_settled = models.DecimalField(
        _("amount settled"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    status = models.CharField(_("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.AWARDED)
    decision_number = models.CharField(_("decision"), max_length=60, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-year", "organisation_name", "pk"]
        indexes = [
            models.Index(fields=["tenant", "year"], name="grant_tenant_year"),
            models.Index(fields=["tenant", "status"], name="grant_tenant_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_awarded__gte=0), name="grant_awarded_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_settled__isnull=True) | Q(amount_settled__gte=0), name="grant_settled_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name}: {self.task_title}"
