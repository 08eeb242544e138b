"""Agreements on the framework template of the 2018 regulation, their yearly amounts and payment tranches."""

from decimal import Decimal
from pathlib import Path
from typing import ClassVar
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pozytek.agreements.states import AgreementState, AnnexState
from pozytek.core.files import private_storage as private_storage  # re-exported: its migrations name it
from pozytek.core.models import TenantOwnedModel, scoped_through

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


def signed_file_path(instance: "Agreement", filename: str) -> str:
    return f"agreements/{instance.pk}/{uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class Agreement(TenantOwnedModel):
    """An agreement for a grant (umowa): parties, task, dates, amounts and the clauses the template needs.

    The parties' data are copied when the agreement is prepared (`parties`: the organisations of the
    offer with their representatives from the profile/KRS), so later profile edits never change it.
    """

    grant = models.OneToOneField("grants.Grant", on_delete=models.PROTECT, related_name="agreement")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="agreements")
    version = models.ForeignKey("offers.OfferVersion", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=60)
    state = models.CharField(_("state"), max_length=20, choices=AgreementState.choices, default=AgreementState.DRAFT)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(_("place of conclusion"), max_length=100, blank=True)
    concluded_on = models.DateField(_("date of conclusion"), null=True, blank=True)
    office_representatives = models.TextField(_("representatives of the local government"), blank=True)
    # [{"name": …, "address": …, "register_number": …, "representatives": [{"name": …, "function": …}]}, …]
    parties = models.JSONField(_("the organisations and their representatives"), default=list)
    start_date = models.DateField(_("task starts"))
    end_date = models.DateField(_("task ends"))
    grant_amount = models.DecimalField(_("grant"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    bank_account = models.CharField(_("bank account for the grant"), max_length=40, blank=True)
    cost_shift_percent = models.DecimalField(
        _("allowed increase of a cost line financed by the grant (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    grant_use_deadline = models.DateField(_("grant to be used by"))
    return_deadline = models.DateField(_("unused grant to be returned by"))
    final_report_due = models.DateField(_("final report due"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_file = models.FileField(storage=private_storage, upload_to=signed_file_path, max_length=200, blank=True)
    signed_file_name = models.CharField(_("file name"), max_length=200, blank=True)
    signed_file_sha256 = models.CharField(max_length=64, blank=True)
    signed_file_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="agreement_number_unique_per_tenant"),
            models.CheckConstraint(condition=Q(grant_amount__gte=0), name="agreement_grant_not_negative"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="agreement_dates_ordered"),
            models.CheckConstraint(
                condition=Q(cost_shift_percent__gte=0) & Q(cost_shift_percent__lte=100),
                name="agreement_cost_shift_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class AgreementYear(models.Model):
    """The grant of one budget year of a multi-year agreement (up to agreement.max_years)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("grant in the year"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    partial_report_due = models.DateField(_("partial report due"), null=True, blank=True)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["AgreementYear"]] = scoped_through("agreement")

    class Meta:
        verbose_name = _("year of an agreement")
        verbose_name_plural = _("years of an agreement")
        ordering = ["agreement", "year"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="agreement_year_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="agreement_year_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}/{self.year}: {self.amount}"


class Tranche(TenantOwnedModel):
    """A planned payment of the grant (transza) and, once paid, when and how much."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    due_date = models.DateField(_("to be paid by"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("amount paid"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="tranche_number_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive"),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True) | Q(paid_amount__gt=0), name="tranche_paid_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} #{self.number}"


class Annex(TenantOwnedModel):
    """An annex to a signed agreement (aneks do umowy): the organisation's request and the office's decision.

    The request names the proposed changes: new task dates (optional), new planned values of cost lines
    by their number (`line_changes`: [{"number": "I.1.2", "value": "2500.00"}]), changed results
    (`result_changes`: [{"index": 0, "name": …, "target": …}]) and other changes (text). An approved
    annex gets its number (1, 2, … per agreement) and a frozen snapshot of the resulting terms and of
    its document (`snapshot`, canonical JSON) with its SHA-256 (`checksum`): the version of the terms.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="annexes")
    number = models.PositiveSmallIntegerField(_("annex number"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=AnnexState.choices, default=AnnexState.REQUESTED)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    justification = models.TextField(_("justification"))
    new_start_date = models.DateField(_("new start of the task"), null=True, blank=True)
    new_end_date = models.DateField(_("new end of the task"), null=True, blank=True)
    line_changes = models.JSONField(_("new planned values of cost lines"), default=list, blank=True)
    result_changes = models.JSONField(_("changed results"), default=list, blank=True)
    other_changes = models.TextField(_("other changes"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    snapshot = models.JSONField(_("frozen terms after the annex"), default=dict, blank=True)
    checksum = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("annex")
        verbose_name_plural = _("annexes")
        ordering = ["agreement", "-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="annex_number_once_per_agreement"),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(state=AnnexState.REQUESTED),
                name="annex_one_request_pending_per_agreement",
            ),
            models.CheckConstraint(
                condition=Q(new_start_date__isnull=True)
                | Q(new_end_date__isnull=True)
                | Q(new_end_date__gte=models.F("new_start_date")),
                name="annex_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(state=AnnexState.REFUSED) | ~Q(decision_reason=""), name="annex_refusal_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(state=AnnexState.APPROVED) | (Q(number__isnull=False) & ~Q(checksum="")),
                name="annex_approved_is_numbered_and_frozen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}/{self.number or '-'}"
