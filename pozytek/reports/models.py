"""Reports on the delivery of a public task (Annex 5 of Dz.U. 2018 poz. 2057) and the settlement of the grant.

A report copies the cost lines, funding sources and results of the agreement's terms in force when it is
started (`planned_*`), so later annexes never change what an accepted report compared against.
"""

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pozytek.core.models import TenantOwnedModel, scoped_through
from pozytek.reports.states import ReminderStage, ReportKind, ReportState

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


def _money(verbose_name: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, default=Decimal("0.00"), validators=NON_NEGATIVE
    )


class Report(TenantOwnedModel):
    """A partial (one budget year) or final report (sprawozdanie częściowe / końcowe) on an agreement."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind of report"), max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    period_start = models.DateField(_("reporting period from"))
    period_end = models.DateField(_("reporting period to"))
    due_date = models.DateField(_("due by"))
    annex_number = models.PositiveSmallIntegerField(_("terms as of annex"), default=0)
    cost_shift_percent = models.DecimalField(max_digits=5, decimal_places=2)
    state = models.CharField(_("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Part I: narrative report (sprawozdanie merytoryczne).
    results_summary = models.TextField(
        _("results achieved and the extent to which the task's goal was met"), blank=True
    )
    actions_description = models.TextField(_("description of the actions carried out against the schedule"), blank=True)
    # Part II.2: funding as actually spent, per source (planned values copied from the terms).
    planned_grant = _money(_("grant (agreement)"))
    planned_own_financial = _money(_("own financial contribution (agreement)"))
    planned_own_personal = _money(_("own personal contribution (agreement)"))
    planned_own_in_kind = _money(_("own in-kind contribution (agreement)"))
    planned_beneficiary_fees = _money(_("payments from beneficiaries (agreement)"))
    planned_other_public_funds = _money(_("other public funds (agreement)"))
    actual_grant = _money(_("grant"))
    actual_own_financial = _money(_("own financial contribution"))
    actual_own_personal = _money(_("own personal contribution"))
    actual_own_in_kind = _money(_("own in-kind contribution"))
    actual_beneficiary_fees = _money(_("payments from beneficiaries"))
    actual_other_public_funds = _money(_("other public funds"))
    # Part II.3: other revenue (including interest on the grant) and payments charged.
    other_revenue = _money(_("interest and other revenue earned on the grant"))
    other_revenue_info = models.TextField(_("how the interest and other revenue were used"), blank=True)
    beneficiary_fees_info = models.TextField(_("payments charged to beneficiaries"), blank=True)
    documents_list = models.TextField(_("list of financial documents"), blank=True)
    # Part III and the statements.
    additional_info = models.TextField(_("additional information"), blank=True)
    statement_status_unchanged = models.BooleanField(
        _("the legal status of the organisation has not changed since the agreement was signed"), default=False
    )
    statement_true = models.BooleanField(_("all information in the report is true and complete"), default=False)
    statement_procurement = models.BooleanField(
        _("public procurement rules were followed where they apply"), default=False
    )
    statement_gdpr = models.BooleanField(
        _("people whose personal data appear in the report have made the required declarations"), default=False
    )
    # Submission and review.
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    corrections_reason = models.TextField(_("what must be corrected"), blank=True)
    corrections_deadline = models.DateField(_("corrections due by"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_to_return = models.DecimalField(
        _("amount to return"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    return_deadline = models.DateField(_("to be returned by"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["agreement", "period_end", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "year"],
                condition=Q(state__in=["draft", "submitted", "corrections", "accepted"]),
                name="report_one_open_per_agreement_kind_year",
            ),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(kind="final", state__in=["draft", "submitted", "corrections", "accepted"]),
                name="report_one_open_final_per_agreement",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="report_period_ordered"),
            models.CheckConstraint(condition=Q(kind="final") | Q(year__isnull=False), name="report_partial_has_year"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year or ''} ({self.agreement_id})".strip()


class ReportVersion(TenantOwnedModel):
    """One submission of a report, frozen: the canonical JSON and its SHA-256 (kept for every version, so
    an inspection sees what was submitted before corrections too)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField()
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("version of a report")
        verbose_name_plural = _("versions of a report")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_once")]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class ReportCostLine(models.Model):
    """A row of II.1: a cost line of the agreement's calculation, the value agreed and the cost incurred."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(_("no."), max_length=20)
    name = models.CharField(_("type of cost"), max_length=300)
    category = models.CharField(max_length=10)
    group = models.CharField(max_length=300, blank=True)
    planned = _money(_("costs under the agreement"))
    actual = _money(_("costs incurred"))
    actual_grant = _money(_("of which from the grant"))
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["ReportCostLine"]] = scoped_through("report")

    class Meta:
        verbose_name = _("cost line of a report")
        verbose_name_plural = _("cost lines of a report")
        ordering = ["report", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_line_once"),
            models.CheckConstraint(condition=Q(actual_grant__lte=models.F("actual")), name="report_line_grant_in_cost"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class ReportResult(models.Model):
    """A row of I.3: a result of the agreement, its planned level and the level achieved."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="results")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("result"), max_length=300)
    target = models.CharField(_("planned level"), max_length=300, blank=True)
    monitoring = models.CharField(_("how it is monitored"), max_length=300, blank=True)
    achieved = models.CharField(_("level achieved"), max_length=300, blank=True)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["ReportResult"]] = scoped_through("report")

    class Meta:
        verbose_name = _("result of a report")
        verbose_name_plural = _("results of a report")
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Settlement(TenantOwnedModel):
    """Settlement of the grant (rozliczenie dotacji): the return, if any, and the amount settled."""

    agreement = models.OneToOneField("agreements.Agreement", on_delete=models.PROTECT, related_name="settlement")
    final_report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="+")
    grant_paid = models.DecimalField(_("grant paid"), max_digits=12, decimal_places=2)
    amount_to_return = models.DecimalField(_("amount to return"), max_digits=12, decimal_places=2)
    returned_amount = models.DecimalField(_("amount returned"), max_digits=12, decimal_places=2)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    amount_settled = models.DecimalField(_("amount settled"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        constraints = [
            models.CheckConstraint(condition=Q(returned_amount__gte=0), name="settlement_returned_not_negative"),
            models.CheckConstraint(condition=Q(amount_settled__gte=0), name="settlement_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.amount_settled}"


class ReportReminder(TenantOwnedModel):
    """A reminder e-mailed about a report (due soon / overdue), kept so each is sent once."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(default=0)  # 0 for the final report
    due_date = models.DateField()
    stage = models.CharField(max_length=10, choices=ReminderStage.choices)
    sent_to = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "year", "due_date", "stage"], name="report_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.kind} {self.year} {self.stage}"
