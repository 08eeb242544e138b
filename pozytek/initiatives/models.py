"""Local initiative (inicjatywa lokalna, art. 19b–19h of the Act): residents and the local government carry
out a public task together; the residents give work, things or money, the office buys or lends the rest."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pozytek.core.files import private_storage as private_storage  # re-exported: its migrations name it
from pozytek.core.models import TenantOwnedModel
from pozytek.initiatives.states import (
    ApplicantKind,
    ContributionKind,
    InitiativeState,
    Provision,
    TaskArea,
    WorkKind,
)

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


def _money(label: Any) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(label, max_digits=12, decimal_places=2, validators=NON_NEGATIVE)


class CriteriaSet(TenantOwnedModel):
    """One version of the council's resolution on the procedure and criteria (art. 19c); never changed once
    saved: a new resolution is a new version, and each application is scored against the one it was filed under."""

    version = models.PositiveIntegerField(_("version"))
    resolution_number = models.CharField(_("number of the council's resolution"), max_length=60)
    resolution_date = models.DateField(_("date of the resolution"))
    effective_from = models.DateField(_("in force from"))
    procedure = models.TextField(_("procedure (as the resolution sets it)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("criteria of local initiative")
        verbose_name_plural = _("criteria of local initiative")
        ordering = ["-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "version"], name="initiatives_criteria_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.resolution_number} (v{self.version})"


class Criterion(TenantOwnedModel):
    """A weighted criterion of a set: its weight is the most points it gives; social work weighs the most."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=300)
    weight = models.PositiveSmallIntegerField(_("weight (most points)"))
    social_work = models.BooleanField(_("the residents' social work"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion of local initiative")
        verbose_name_plural = _("criteria of local initiative")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Initiative(TenantOwnedModel):
    """A residents' application for a local initiative, then its agreement, execution and done page."""

    title = models.CharField(_("title of the initiative"), max_length=300)
    area = models.CharField(_("task (art. 19b ust. 1)"), max_length=30, choices=TaskArea.choices)
    description = models.TextField(_("what will be done and for whom"), blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    applicant_kind = models.CharField(_("who applies"), max_length=20, choices=ApplicantKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=20, choices=InitiativeState.choices, default=InitiativeState.DRAFT)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    completed_on = models.DateField(_("done on"), null=True, blank=True)
    public_summary = models.TextField(_("what was done (public)"), blank=True)

    class Meta:
        verbose_name = _("local initiative")
        verbose_name_plural = _("local initiatives")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class GroupMember(TenantOwnedModel):
    """A resident in an informal group's application; confirms through a signed e-mail link, declaring to be an
    adult resident of the municipality."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member of a residents' group")
        verbose_name_plural = _("members of a residents' group")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "email"], name="initiatives_member_email_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Contribution(TenantOwnedModel):
    """One item of the residents' contribution (art. 19d): hours of a kind of work at its rate, or a value."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    description = models.CharField(_("what"), max_length=300)
    work_kind = models.CharField(_("kind of work"), max_length=20, choices=WorkKind.choices, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=1, null=True, blank=True)
    rate = models.DecimalField(_("rate (PLN per hour)"), max_digits=8, decimal_places=2, null=True, blank=True)
    value = _money(_("value (PLN)"))

    class Meta:
        verbose_name = _("residents' contribution")
        verbose_name_plural = _("residents' contributions")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.description


class Delivery(TenantOwnedModel):
    """Part of a promised contribution actually delivered (work logged in hours, things or money by value)."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="deliveries")
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=1, null=True, blank=True)
    value = _money(_("value (PLN)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("delivered contribution")
        verbose_name_plural = _("delivered contributions")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on}: {self.value}"


class EstimateItem(TenantOwnedModel):
    """A line of the cost estimate (kosztorys) of the whole task."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="estimate")
    description = models.CharField(_("cost item"), max_length=300)
    amount = _money(_("amount (PLN)"))

    class Meta:
        verbose_name = _("cost estimate item")
        verbose_name_plural = _("cost estimate items")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class Milestone(TenantOwnedModel):
    """A step of the schedule (harmonogram): planned in the application, marked done in the execution."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("step"), max_length=300)
    due_on = models.DateField(_("planned by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Score(TenantOwnedModel):
    """The office's points for one criterion of the set the application was filed under."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("points"))
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "criterion"], name="initiatives_score_unique"),
        ]

    def __str__(self) -> str:
        return str(self.points)


class LocalAgreement(TenantOwnedModel):
    """The agreement (umowa o wykonanie inicjatywy lokalnej, art. 19e): fixed term, schedule, and the office's
    share as things it buys or lends."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="agreement")
    number = models.CharField(_("number"), max_length=60)
    place_of_signing = models.CharField(_("place of signing"), max_length=100)
    concluded_on = models.DateField(_("concluded on"))
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"))
    office_representative = models.CharField(_("for the local government"), max_length=300)
    residents_representative = models.CharField(_("for the residents"), max_length=300)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("local initiative agreement")
        verbose_name_plural = _("local initiative agreements")

    def __str__(self) -> str:
        return self.number


class OfficeItem(TenantOwnedModel):
    """What the office gives: a thing or a service it buys, or something it lends, with its value."""

    agreement = models.ForeignKey(LocalAgreement, on_delete=models.CASCADE, related_name="office_items")
    description = models.CharField(_("item"), max_length=300)
    provision = models.CharField(_("how"), max_length=10, choices=Provision.choices)
    value = _money(_("value (PLN)"))

    class Meta:
        verbose_name = _("office's share item")
        verbose_name_plural = _("office's share items")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class Photo(TenantOwnedModel):
    """A photo of the work, shown on the done page; kept in private storage, served by the app's views."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(storage=private_storage, upload_to="initiatives/photos/")
    content_type = models.CharField(max_length=50)
    caption = models.CharField(_("caption"), max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption
