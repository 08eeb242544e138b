"""Regranting (art. 16a of the Act): a project operator chosen in an open competition runs its own
sub-calls for micro-grants to groups of residents and small organisations, out of a pool of its agreement."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pozytek.core.models import TenantOwnedModel
from pozytek.regranting.states import ApplicantKind, ApplicationState, MicroGrantState, SubCallState

POSITIVE = [MinValueValidator(Decimal("0.01"))]


class Operator(TenantOwnedModel):
    """A project operator (operator projektu, art. 2 pkt 5 and art. 16a): the organisation whose offer won a
    regranting call, with its signed agreement and the part of it meant for micro-grants (the pool)."""

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="+", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("operator"), max_length=300)
    pool = models.DecimalField(_("pool for micro-grants (PLN)"), max_digits=12, decimal_places=2, validators=POSITIVE)

    class Meta:
        verbose_name = _("regranting operator")
        verbose_name_plural = _("regranting operators")
        ordering = ["name", "pk"]
        constraints = [models.CheckConstraint(condition=Q(pool__gt=0), name="regranting_pool_positive")]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(TenantOwnedModel):
    """A person the operator names to its committee: each scores the applications of its sub-calls."""

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("member of an operator's committee")
        verbose_name_plural = _("members of an operator's committee")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["operator", "user"], name="regranting_committee_once")]

    def __str__(self) -> str:
        return self.name


class SubCall(TenantOwnedModel):
    """An operator's call for micro-grants (nabór): rules, deadline, its share of the pool, the largest grant."""

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="sub_calls")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    rules = models.TextField(_("rules"))
    deadline = models.DateTimeField(_("applications until"))
    pool_share = models.DecimalField(
        _("funds of this call (PLN)"), max_digits=12, decimal_places=2, validators=POSITIVE
    )
    max_grant = models.DecimalField(
        _("largest micro-grant (PLN)"), max_digits=12, decimal_places=2, validators=POSITIVE
    )
    state = models.CharField(_("state"), max_length=20, choices=SubCallState.choices, default=SubCallState.DRAFT)
    state_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("operator's call")
        verbose_name_plural = _("operator's calls")
        ordering = ["-deadline", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["operator", "number"], name="regranting_subcall_number_once"),
            models.CheckConstraint(condition=Q(pool_share__gt=0), name="regranting_subcall_share_positive"),
            models.CheckConstraint(
                condition=Q(max_grant__gt=0) & Q(max_grant__lte=models.F("pool_share")),
                name="regranting_subcall_max_within_share",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Application(TenantOwnedModel):
    """A simplified application for a micro-grant: a group of residents (a named leader with an account and
    the members' names) or a small organisation (from the directory or by name)."""

    sub_call = models.ForeignKey(SubCall, on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(_("who applies"), max_length=20, choices=ApplicantKind.choices)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    leader_name = models.CharField(_("leader"), max_length=200)
    group_name = models.CharField(_("name of the group"), max_length=200, blank=True)
    member_names = models.TextField(_("members of the group"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    title = models.CharField(_("title of the project"), max_length=300)
    description = models.TextField(_("what you will do"))
    amount_requested = models.DecimalField(
        _("micro-grant requested (PLN)"), max_digits=12, decimal_places=2, validators=POSITIVE
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.SUBMITTED
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("micro-grant application")
        verbose_name_plural = _("micro-grant applications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="regranting_application_amount_positive")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def applicant(self) -> str:
        """Who applies, as the lists show it."""
        return self.group_name if self.kind == ApplicantKind.GROUP else self.organisation_name


class ApplicationScore(TenantOwnedModel):
    """One committee member's points (0–100) for one application, with a justification."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, related_name="scores")
    points = models.PositiveSmallIntegerField(_("points"), validators=[MaxValueValidator(100)])
    comment = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("score of a micro-grant application")
        verbose_name_plural = _("scores of micro-grant applications")
        ordering = ["application", "member"]
        constraints = [
            models.UniqueConstraint(fields=["application", "member"], name="regranting_score_once"),
            models.CheckConstraint(condition=Q(points__lte=100), name="regranting_points_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.member_id}: {self.points}"


class MicroGrant(TenantOwnedModel):
    """A micro-grant awarded by the operator: its agreement (signed on a day) and its settlement (spent and
    returned add up to the grant)."""

    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="micro_grants")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="micro_grant")
    number = models.CharField(_("number"), max_length=60)
    recipient = models.CharField(_("recipient"), max_length=300)
    title = models.CharField(_("project"), max_length=300)
    amount = models.DecimalField(_("micro-grant (PLN)"), max_digits=12, decimal_places=2, validators=POSITIVE)
    state = models.CharField(
        _("state"), max_length=20, choices=MicroGrantState.choices, default=MicroGrantState.AWARDED
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    awarded_on = models.DateField(_("awarded on"))
    signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    amount_spent = models.DecimalField(_("spent (PLN)"), max_digits=12, decimal_places=2, null=True, blank=True)
    amount_returned = models.DecimalField(_("returned (PLN)"), max_digits=12, decimal_places=2, null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("micro-grant")
        verbose_name_plural = _("micro-grants")
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["operator", "number"], name="regranting_microgrant_number_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="regranting_microgrant_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.number
