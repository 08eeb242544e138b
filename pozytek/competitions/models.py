"""A call for offers (art. 13 of the Act) with its criteria and formal checklist."""

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.states import CallMode, CallRoute, CallState, ProposalState
from pozytek.core.models import TenantOwnedModel, scoped_through

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
NON_NEGATIVE = [MinValueValidator(Decimal(0))]


def _percent(name: str) -> Q:
    return Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0, f"{name}__lte": 100})


def _non_negative(name: str) -> Q:
    return Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0})


class Call(TenantOwnedModel):
    """An open competition's announcement; every element art. 13 ust. 2 requires is a field."""

    number = models.CharField(_("number"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=300)
    # The order (zarządzenie) of the mayor that announces the call: the announcement is its annex.
    order_number = models.CharField(_("number of the order announcing the call"), max_length=60, blank=True)
    order_date = models.DateField(_("date of the order announcing the call"), null=True, blank=True)
    task_type = models.TextField(_("type of task"), blank=True)
    # The act the call is announced under; a Sport Act call (art. 27–28 of the Act on sport) takes its
    # conditions from the council's resolution, recorded by number and date (required to publish it).
    route = models.CharField(
        _("legal basis of the call"), max_length=20, choices=CallRoute.choices, default=CallRoute.COMPETITION
    )
    resolution_number = models.CharField(_("number of the council resolution (Sport Act)"), max_length=60, blank=True)
    resolution_date = models.DateField(_("date of the council resolution (Sport Act)"), null=True, blank=True)
    spheres = models.ManyToManyField(
        "legal.SphereOfPublicTasks", blank=True, related_name="calls", verbose_name=_("spheres of public tasks")
    )
    mode = models.CharField(_("mode"), max_length=20, choices=CallMode.choices, blank=True)
    priority_task = models.ForeignKey(
        "programmes.PriorityTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
        verbose_name=_("priority task of the cooperation programme"),
    )
    total_funds = models.DecimalField(
        _("public funds for the task (PLN)"),
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        max_digits=12,
        decimal_places=2,
    )
    award_rules = models.TextField(_("rules for awarding grants"), blank=True)
    delivery_start = models.DateField(_("delivery starts no earlier than"), null=True, blank=True)
    delivery_end = models.DateField(_("delivery ends no later than"), null=True, blank=True)
    delivery_conditions = models.TextField(_("conditions of delivery"), blank=True)
    offer_deadline = models.DateTimeField(_("offer deadline"), null=True, blank=True)
    procedure = models.TextField(_("procedure for choosing offers"), blank=True)
    choice_deadline = models.DateField(_("deadline for the choice of offers"), null=True, blank=True)
    previous_tasks = models.TextField(_("same tasks this year and last year, with their costs"), blank=True)
    min_grant = models.DecimalField(
        _("minimum grant per offer (PLN)"),
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        max_digits=12,
        decimal_places=2,
    )
    max_grant = models.DecimalField(
        _("maximum grant per offer (PLN)"),
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        max_digits=12,
        decimal_places=2,
    )
    min_own_total = models.DecimalField(
        # xgettext:no-python-format
        _("minimum own contribution, total (% of costs)"),
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        max_digits=5,
        decimal_places=2,
    )
    min_own_financial = models.DecimalField(
        # xgettext:no-python-format
        _("minimum own financial contribution (% of costs)"),
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        max_digits=5,
        decimal_places=2,
    )
    min_own_personal = models.DecimalField(
        # xgettext:no-python-format
        _("minimum own personal contribution (% of costs)"),
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        max_digits=5,
        decimal_places=2,
    )
    admin_costs_cap = models.DecimalField(
        # xgettext:no-python-format
        _("cap on administrative costs (% of costs)"),
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        max_digits=5,
        decimal_places=2,
    )
    requires_results_table = models.BooleanField(
        _("offers must fill in the results table (III.6)"),
        default=False,
        help_text=_("Offerors then give each result's target value and how it will be monitored."),
    )
    required_attachments = models.TextField(_("required attachments"), blank=True, help_text=_("One per line."))
    eligible_entities = models.JSONField(_("who may submit offers"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=CallState.choices, default=CallState.DRAFT)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    formal_results_published_at = models.DateTimeField(
        _("formal results published at"), null=True, blank=True, editable=False
    )
    cloned_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("call for offers")
        verbose_name_plural = _("calls for offers")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "number"], condition=~Q(number=""), name="call_unique_number_per_tenant"
            ),
            models.CheckConstraint(condition=_non_negative("total_funds"), name="call_total_funds_non_negative"),
            models.CheckConstraint(condition=_non_negative("min_grant"), name="call_min_grant_non_negative"),
            models.CheckConstraint(condition=_non_negative("max_grant"), name="call_max_grant_non_negative"),
            models.CheckConstraint(
                condition=Q(min_grant__isnull=True) | Q(max_grant__isnull=True) | Q(min_grant__lte=F("max_grant")),
                name="call_min_grant_not_above_max",
            ),
            models.CheckConstraint(condition=_percent("min_own_total"), name="call_min_own_total_percent"),
            models.CheckConstraint(condition=_percent("min_own_financial"), name="call_min_own_financial_percent"),
            models.CheckConstraint(condition=_percent("min_own_personal"), name="call_min_own_personal_percent"),
            models.CheckConstraint(condition=_percent("admin_costs_cap"), name="call_admin_costs_cap_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def is_sport_act(self) -> bool:
        """Announced under the Sport Act (art. 27–28), not as an open competition of the Act (art. 11–15)."""
        return self.route == CallRoute.SPORT

    @property
    def attachment_list(self) -> list[str]:
        return [line.strip() for line in self.required_attachments.splitlines() if line.strip()]


class Criterion(models.Model):
    """A criterion for choosing offers (art. 13 ust. 2 pkt 6) with its maximum score."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=300)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), validators=[MinValueValidator(1)])
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["Criterion"]] = scoped_through("call")

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(max_points__gte=1), name="criterion_max_points_positive")]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """An item of the formal check; `correctable` defects may be fixed after a call to correct them."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("requirement"), max_length=300)
    correctable = models.BooleanField(_("can be corrected"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["ChecklistItem"]] = scoped_through("call")

    class Meta:
        verbose_name = _("formal checklist item")
        verbose_name_plural = _("formal checklist items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class TaskProposal(TenantOwnedModel):
    """An organisation's proposal to carry out a public task on its own initiative (wniosek z własnej
    inicjatywy, art. 12): the office must consider it within the statutory term and say, with a reason,
    whether it will announce a competition (art. 12 ust. 2); the competition that follows is linked."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="task_proposals"
    )
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=20, choices=ProposalState.choices, default=ProposalState.SUBMITTED)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField(_("title of the public task"), max_length=300)
    sphere = models.ForeignKey(
        "legal.SphereOfPublicTasks",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sphere of public tasks"),
    )
    description = models.TextField(_("description of the task"))
    expected_results = models.TextField(_("expected results"), blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost (PLN)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    received_on = models.DateField(_("received on"))
    answer_due = models.DateField(_("to be answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_reason = models.TextField(_("reason"), blank=True)
    call = models.ForeignKey(
        Call,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("competition that followed"),
    )

    class Meta:
        verbose_name = _("own-initiative proposal")
        verbose_name_plural = _("own-initiative proposals")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0), name="competitions_proposal_cost"
            )
        ]

    def __str__(self) -> str:
        return self.title
