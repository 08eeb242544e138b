"""An offer in an open competition on the 2018 template (Annex 1 of Dz.U. 2018 poz. 2057)."""

from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar
from uuid import uuid4

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes import ScopedManager

from pozytek.competitions.states import CallMode
from pozytek.core.files import private_storage as private_storage  # re-exported: its migrations name it
from pozytek.core.models import TenantOwnedModel, scoped_through
from pozytek.offers.states import ACTIVE_STATES, CostCategory, FundingRoute, OfferState, PaidActivity

NON_NEGATIVE = [MinValueValidator(Decimal(0))]
CALL_ROUTES = (FundingRoute.COMPETITION, FundingRoute.SPORT)


def _money(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE, **kwargs
    )


def _not_negative(*names: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{n}__isnull": True}) | Q(**{f"{n}__gte": 0}), name=f"%(class)s_{n}_not_negative"
        )
        for n in names
    ]


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name (the original one is kept in the database, never used on disk)."""
    return f"offers/{instance.offer_id}/{uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class Offer(TenantOwnedModel):
    """An offer (oferta) or joint offer (oferta wspólna) written by an organisation on a funding route.

    An open competition's offer answers its call (`call`); the other routes (small grant, an operator's
    sub-call, local initiative, Sport Act call) have no `Call`: their rules are in offers/routes.py, and
    the mode and sphere of the task are the offer's own (`mode`, `sphere`).
    """

    route = models.CharField(
        _("funding route"), max_length=20, choices=FundingRoute.choices, default=FundingRoute.COMPETITION
    )
    call = models.ForeignKey(
        "competitions.Call", null=True, blank=True, on_delete=models.PROTECT, related_name="offers"
    )
    # Outside a competition (the call says these otherwise): wspieranie / powierzanie and the art. 4 sphere.
    mode = models.CharField(_("mode"), max_length=20, choices=CallMode.choices, blank=True)
    sphere = models.ForeignKey(
        "legal.SphereOfPublicTasks",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sphere of public tasks"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="offers", verbose_name=_("offeror")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=20, choices=OfferState.choices, default=OfferState.DRAFT)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # II.2 person authorised to give explanations
    contact_name = models.CharField(_("name of the contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    # III. task
    title = models.CharField(_("title of the public task"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    summary = models.TextField(
        _("summary of the task"),
        blank=True,
        help_text=_(
            "Place of delivery, target group, the need or problem and how the task addresses it, "
            "complementarity with other activities."
        ),
    )
    expected_results = models.TextField(
        _("expected results"),
        blank=True,
        help_text=_("Direct effects, the change achieved, and whether the results will be sustained after the task."),
    )
    # IV. offeror characteristics
    previous_activity = models.TextField(_("previous activity, especially in the field of the task"), blank=True)
    resources = models.TextField(_("human, material and financial resources"), blank=True)
    # V.B funding sources (the sum of all costs comes from the cost lines of V.A)
    requested_grant = _money(_("planned grant"))
    own_financial = _money(_("own financial contribution"))
    own_personal = _money(_("own personal contribution (work of volunteers and members)"))
    own_in_kind = _money(_("own in-kind contribution"))
    beneficiary_fees = _money(_("cash payments from the task's beneficiaries"))
    other_public_funds = _money(_("other public funds"))
    # VI. other information
    paid_activity = models.CharField(_("delivery of the task"), max_length=10, choices=PaidActivity.choices, blank=True)
    joint_arrangements = models.TextField(
        _("actions of each offeror and how they are represented (joint offer)"), blank=True
    )
    other_info = models.TextField(_("other information relevant to the assessment"), blank=True)
    # VII. statements
    statement_public_benefit = models.BooleanField(
        _("the task falls only within the offeror's public benefit activity"), default=False
    )
    statement_fees = models.BooleanField(
        _("payments from beneficiaries are charged only within paid public benefit activity"), default=False
    )
    tax_arrears = models.BooleanField(_("the offeror has tax arrears"), null=True, blank=True)
    social_insurance_arrears = models.BooleanField(_("the offeror has social insurance arrears"), null=True, blank=True)
    statement_register = models.BooleanField(_("the data in part II match the register"), default=False)
    statement_true = models.BooleanField(_("all information in the offer is true and current"), default=False)
    statement_gdpr = models.BooleanField(
        _("people whose personal data appear in the offer have made the required declarations"), default=False
    )
    section_versions = models.JSONField(default=dict, blank=True, editable=False)
    # Set by the formal check when it asks for corrections (wezwanie do uzupełnienia braków formalnych):
    # only these sections may change, and only until the deadline.
    correction_sections = models.JSONField(_("sections to correct"), default=list, blank=True, editable=False)
    correction_deadline = models.DateTimeField(_("correction deadline"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            *_not_negative(
                "requested_grant",
                "own_financial",
                "own_personal",
                "own_in_kind",
                "beneficiary_fees",
                "other_public_funds",
            ),
            models.UniqueConstraint(
                fields=["call", "organisation"],
                condition=Q(state__in=[s.value for s in ACTIVE_STATES]),
                name="offer_one_active_per_organisation_and_call",
            ),
            # An offer answers a call exactly on the routes that have one: the open competition and a Sport Act
            # call (ustawa o sporcie, art. 28); the other routes (small grant, sub-call, …) have none.
            models.CheckConstraint(
                condition=(Q(route__in=CALL_ROUTES) & Q(call__isnull=False))
                | (~Q(route__in=CALL_ROUTES) & Q(call__isnull=True)),
                name="offer_call_iff_call_route",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(_("Offer #%(pk)s") % {"pk": self.pk})


class Offeror(models.Model):
    """One offeror of section II; the first row is the organisation writing the offer."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="offerors")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=300)
    legal_form = models.CharField(_("legal form"), max_length=200, blank=True)
    register_number = models.CharField(_("KRS or other register number"), max_length=60, blank=True)
    address = models.CharField(_("registered address"), max_length=300, blank=True)
    correspondence_address = models.CharField(_("correspondence address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["Offeror"]] = scoped_through("offer")

    class Meta:
        verbose_name = _("offeror")
        verbose_name_plural = _("offerors")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """A row of III.4, the plan and schedule of actions for one year of the task."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="actions")
    year = models.PositiveSmallIntegerField(_("year"))
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name of the action"), max_length=300)
    description = models.TextField(_("description of the action"), blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    period = models.CharField(_("planned period"), max_length=100, blank=True)
    external_part = models.CharField(
        _("part delivered by an entity that is not a party to the agreement"), max_length=300, blank=True
    )
    offeror = models.ForeignKey(
        Offeror, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions", verbose_name=_("offeror")
    )
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["Action"]] = scoped_through("offer")

    class Meta:
        verbose_name = pgettext_lazy("part of a public task", "action")
        verbose_name_plural = _("actions")
        ordering = ["year", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class CostLine(models.Model):
    """A row of V.A: a cost under an action (I) or an administrative cost (II), with values per year.

    In the simplified offer (art. 19a) a row of IV.1: type of cost, its value (`unit_cost` × 1, no unit)
    and the part of it paid from the grant (`grant`)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="cost_lines")
    category = models.CharField(_("category"), max_length=10, choices=CostCategory.choices)
    action = models.ForeignKey(
        Action,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cost_lines",
        verbose_name=pgettext_lazy("part of a public task", "action"),
    )
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("type of cost"), max_length=300)
    unit = models.CharField(_("unit of measure"), max_length=50, blank=True)  # the simplified offer has none
    unit_cost = models.DecimalField(_("unit cost (PLN)"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE)
    quantity = models.DecimalField(_("number of units"), max_digits=10, decimal_places=2, validators=NON_NEGATIVE)
    year1 = _money(_("year 1"))
    year2 = _money(_("year 2"))
    year3 = _money(_("year 3"))
    grant = _money(_("of which from the grant"))  # the simplified offer's IV.1 only
    offeror = models.ForeignKey(
        Offeror, null=True, blank=True, on_delete=models.SET_NULL, related_name="cost_lines", verbose_name=_("offeror")
    )
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["CostLine"]] = scoped_through("offer")

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["category", "order", "pk"]
        constraints = _not_negative("unit_cost", "quantity", "year1", "year2", "year3", "grant")

    def __str__(self) -> str:
        return self.name


class Result(models.Model):
    """A row of III.6, additional information on results (when the call asks for it)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="results")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("result"), max_length=300)
    target = models.CharField(_("planned level (target value)"), max_length=300)
    monitoring = models.CharField(_("how it is monitored (source of information)"), max_length=300)
    # No tenant column of its own: scoped through its parent's tenant (core.models.scoped_through).
    objects: ClassVar[models.Manager["Result"]] = scoped_through("offer")

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Attachment(TenantOwnedModel):
    """A file attached to an offer; identified by its content, stored privately, served by a view."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(_("attachment"), max_length=300)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set when a draft drops a file that a submitted version lists: the file stays for that version.
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class OfferVersionImmutable(Exception):
    """A frozen version of an offer cannot be changed."""


class OfferVersionQuerySet(models.QuerySet["OfferVersion"]):
    def update(self, **kwargs: Any) -> int:
        raise OfferVersionImmutable

    def delete(self) -> tuple[int, dict[str, int]]:
        raise OfferVersionImmutable


OfferVersionBaseManager = models.Manager.from_queryset(OfferVersionQuerySet)


class OfferVersion(TenantOwnedModel):
    """A frozen, submitted version of an offer: canonical JSON and its SHA-256 checksum."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField()
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # Tenant-scoped like every tenant-owned model, and refusing bulk update or delete.
    objects: ClassVar[models.Manager[Any]] = ScopedManager(OfferVersionBaseManager, tenant="tenant")

    class Meta:
        verbose_name = _("submitted version of an offer")
        verbose_name_plural = _("submitted versions of offers")
        ordering = ["offer", "number"]
        constraints = [models.UniqueConstraint(fields=["offer", "number"], name="offer_version_unique_number")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise OfferVersionImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise OfferVersionImmutable
