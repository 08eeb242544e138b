"""Evaluation of offers in an open competition (art. 15): formal check, commission, scores, decision."""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pozytek.core.models import TenantOwnedModel, scoped_through
from pozytek.evaluation.states import (
    CardState,
    CommissionState,
    FormalOutcome,
    MemberKind,
    MemberRole,
    RecruitmentState,
    RequestState,
    WithoutNgoReason,
)

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class FormalCheck(TenantOwnedModel):
    """One pass of the call's formal checklist (ocena formalna) over one submitted version of an offer.

    `answers` copies each checklist item as it was (text, correctable) with the official's finding,
    so a later change of the call's checklist never rewrites what was decided.
    """

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="formal_checks")
    version = models.ForeignKey("offers.OfferVersion", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=FormalOutcome.choices)
    # [{"item": pk, "text": str, "correctable": bool, "met": bool, "note": str}, …]
    answers = models.JSONField(default=list)
    sections_to_correct = models.JSONField(_("sections to correct"), default=list, blank=True)
    correction_deadline = models.DateTimeField(_("correction deadline"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("formal check")
        verbose_name_plural = _("formal checks")
        ordering = ["offer", "round"]
        constraints = [models.UniqueConstraint(fields=["offer", "round"], name="formal_check_unique_round")]

    def __str__(self) -> str:
        return f"{self.offer_id}/{self.round}: {self.outcome}"


class Commission(TenantOwnedModel):
    """The competition commission (komisja konkursowa) that gives its opinion on a call's offers."""

    call = models.OneToOneField("competitions.Call", on_delete=models.PROTECT, related_name="commission")
    state = models.CharField(
        _("state"), max_length=20, choices=CommissionState.choices, default=CommissionState.FORMING
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    # The executive's order appointing the commission (zarządzenie w sprawie powołania komisji).
    appointment_number = models.CharField(_("number of the appointing order"), max_length=60, blank=True)
    appointment_date = models.DateField(_("date of the appointing order"), null=True, blank=True)
    without_ngo_reason = models.CharField(
        _("why the commission works without NGO members"),
        max_length=20,
        choices=WithoutNgoReason.choices,
        blank=True,
    )
    without_ngo_note = models.TextField(_("details"), blank=True)
    opinion = models.TextField(_("opinion of the commission"), blank=True)
    closed_at = models.DateTimeField(_("scoring closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The ranking as computed when the chair closed the round (selectors.compute_ranking), frozen.
    result = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("competition commission")
        verbose_name_plural = _("competition commissions")

    def __str__(self) -> str:
        return str(_("Commission for %(call)s") % {"call": self.call})


class Recruitment(TenantOwnedModel):
    """A call for NGO candidates to the commission (nabór przedstawicieli organizacji)."""

    commission = models.OneToOneField(Commission, on_delete=models.CASCADE, related_name="recruitment")
    state = models.CharField(_("state"), max_length=20, choices=RecruitmentState.choices, default=RecruitmentState.OPEN)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(_("nominations until"))
    description = models.TextField(_("information for candidates"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("recruitment of commission members")
        verbose_name_plural = _("recruitments of commission members")

    def __str__(self) -> str:
        return str(self.commission)


class Nomination(TenantOwnedModel):
    """A person an organisation nominates to the commission (wskazanie kandydata)."""

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="nominations")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("candidate")
    )
    statement = models.TextField(_("experience of the candidate"), blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["recruitment", "organisation"], name="nomination_one_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} ({self.organisation})"


class CommissionMember(TenantOwnedModel):
    """A seat in the commission: chair, member, or expert with an advisory vote only."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commission_seats")
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    kind = models.CharField(_("represents"), max_length=10, choices=MemberKind.choices)
    nomination = models.ForeignKey(Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    represents = models.CharField(_("office or organisation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        ordering = ["commission", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "user"], name="commission_member_once"),
            models.UniqueConstraint(
                fields=["commission"], condition=Q(role=MemberRole.CHAIR), name="commission_one_chair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def votes(self) -> bool:
        """Experts have an advisory vote only: their points never count."""
        return self.role != MemberRole.EXPERT


class ConflictDeclaration(TenantOwnedModel):
    """A member's declaration on the grounds of art. 24 KPA for one call (oświadczenie o bezstronności).

    Signed once, before the member sees any offer; `conflicted_offers` are the offers whose offerors
    the member declared a tie with: the member is excluded from them.
    """

    member = models.OneToOneField(CommissionMember, on_delete=models.CASCADE, related_name="declaration")
    conflicted_offers = models.ManyToManyField("offers.Offer", blank=True, related_name="+")
    # The offerors listed to the member when signing: [{"offer": pk, "offerors": [names]}, …]
    listed = models.JSONField(default=list)
    statement = models.TextField(_("statement"))
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("conflict of interest declaration")
        verbose_name_plural = _("conflict of interest declarations")

    def __str__(self) -> str:
        return str(self.member)


class ScoreCard(TenantOwnedModel):
    """One member's assessment of one offer (karta oceny): points per criterion and a justification."""

    member = models.ForeignKey(CommissionMember, on_delete=models.PROTECT, related_name="cards")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="score_cards")
    version = models.ForeignKey("offers.OfferVersion", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=20, choices=CardState.choices, default=CardState.DRAFT)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("score card")
        verbose_name_plural = _("score cards")
        constraints = [models.UniqueConstraint(fields=["member", "offer"], name="score_card_once")]

    def __str__(self) -> str:
        return f"{self.member} → {self.offer_id}"


class Score(models.Model):
    """Points for one criterion on a score card."""

    card = models.ForeignKey(ScoreCard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("competitions.Criterion", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, validators=NON_NEGATIVE)
    note = models.TextField(_("comment"), blank=True)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["Score"]] = scoped_through("card")

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["card", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_points_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class Proposal(TenantOwnedModel):
    """The commission's proposed grant for an offer (propozycja kwoty dotacji), set by the chair."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="proposals")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("proposed amount"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    note = models.TextField(_("remarks"), blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["commission", "offer"], name="proposal_once_per_offer"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="proposal_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.amount}"


class ProtocolSignature(TenantOwnedModel):
    """A member's acceptance of the protocol in the system (podpis protokołu)."""

    member = models.OneToOneField(CommissionMember, on_delete=models.PROTECT, related_name="signature")
    signed_at = models.DateTimeField(_("accepted at"))

    class Meta:
        verbose_name = _("protocol signature")
        verbose_name_plural = _("protocol signatures")

    def __str__(self) -> str:
        return f"{self.member} {self.signed_at:%Y-%m-%d}"


class Decision(TenantOwnedModel):
    """The executive's order choosing the offers (zarządzenie w sprawie rozstrzygnięcia konkursu)."""

    call = models.OneToOneField("competitions.Call", on_delete=models.PROTECT, related_name="decision")
    number = models.CharField(_("number of the order"), max_length=60)
    date = models.DateField(_("date of the order"))
    note = models.TextField(_("remarks"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("results published at"))

    class Meta:
        verbose_name = _("decision on the results")
        verbose_name_plural = _("decisions on the results")

    def __str__(self) -> str:
        return self.number


class Award(TenantOwnedModel):
    """The amount the decision gives an offer (0 = not chosen); the reason when it departs from the proposal."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="awards")
    offer = models.OneToOneField("offers.Offer", on_delete=models.PROTECT, related_name="award")
    amount = models.DecimalField(_("awarded amount"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    requested = models.DecimalField(_("requested amount"), max_digits=12, decimal_places=2)
    proposed = models.DecimalField(_("proposed amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("reason for departing from the proposal"), blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["decision", "-amount", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="award_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.amount}"


class JustificationRequest(TenantOwnedModel):
    """Anyone's demand for the reasons a result (żądanie uzasadnienia wyboru lub odrzucenia oferty)."""

    call = models.ForeignKey("competitions.Call", on_delete=models.PROTECT, related_name="justification_requests")
    offer = models.ForeignKey(
        "offers.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("offer")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    question = models.TextField(_("request"))
    state = models.CharField(_("state"), max_length=20, choices=RequestState.choices, default=RequestState.OPEN)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    answer_due = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("request for justification")
        verbose_name_plural = _("requests for justification")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.call_id}"
