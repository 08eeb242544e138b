"""The cooperation programme (program współpracy, art. 5a) as structured data, and its realisation report.

Every element of art. 5a ust. 4 is a field or a child table: the main goal and specific goals (cele),
principles (zasady), subject scope, forms of cooperation (formy współpracy, each bound to goals and to
kinds of record the platform keeps, see `pozytek.core.record_kinds`), priority public tasks per sphere
with planned funds, the period, implementation, planned funds in total, evaluation with indicators,
how it was created and consulted, and how competition commissions are appointed and work.
"""

from pathlib import Path
from typing import Any, ClassVar
from uuid import uuid4

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pozytek.core.files import private_storage
from pozytek.core.models import TenantOwnedModel, scoped_through
from pozytek.programmes.states import ActivityKind, ProgrammeKind, ProgrammeState, ReportState

# The elements of art. 5a ust. 4 kept as text, in the order of the Act (field, label, point).
TEXT_ELEMENTS: tuple[tuple[str, Any, int], ...] = (
    ("main_goal", _("Main goal"), 1),
    ("principles", _("Principles of cooperation"), 2),
    ("subject_scope", _("Subject scope"), 3),
    ("implementation", _("How the programme is implemented"), 7),
    ("evaluation_method", _("How the implementation is evaluated"), 9),
    ("creation_and_consultation", _("How the programme was created and how the consultation went"), 10),
    ("commission_rules", _("How competition commissions are appointed and work"), 11),
)


class Programme(TenantOwnedModel):
    """A cooperation programme of a local government with NGOs (program współpracy), annual or multi-year."""

    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.ANNUAL)
    title = models.CharField(_("title"), max_length=300)
    year_from = models.PositiveIntegerField(_("first year"), validators=[MinValueValidator(2004)])
    year_to = models.PositiveIntegerField(_("last year"), validators=[MinValueValidator(2004)])
    main_goal = models.TextField(_("main goal"), blank=True)
    principles = models.TextField(_("principles of cooperation"), blank=True)
    subject_scope = models.TextField(_("subject scope"), blank=True)
    implementation = models.TextField(_("how the programme is implemented"), blank=True)
    evaluation_method = models.TextField(_("how the implementation is evaluated"), blank=True)
    creation_and_consultation = models.TextField(
        _("how the programme was created and how the consultation went"), blank=True
    )
    commission_rules = models.TextField(_("how competition commissions are appointed and work"), blank=True)
    planned_funds = models.DecimalField(
        _("planned funds in total (PLN)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    state = models.CharField(_("state"), max_length=20, choices=ProgrammeState.choices, default=ProgrammeState.DRAFT)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    adopting_body = models.CharField(
        _("adopted by"), max_length=200, blank=True, help_text=_("E.g. Rada Miasta Leszna.")
    )
    resolution_number = models.CharField(_("resolution number"), max_length=100, blank=True)
    resolution_date = models.DateField(_("resolution date"), null=True, blank=True)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("consultation of the draft"),
    )
    opinion_request = models.ForeignKey(
        "councils.OpinionRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("request for the council's opinion"),
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("copied from")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("cooperation programme")
        verbose_name_plural = _("cooperation programmes")
        ordering = ["-year_from", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(year_to__gte=F("year_from")), name="programme_year_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)

    @property
    def period_label(self) -> str:
        return str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"


class Goal(models.Model):
    """A specific goal (cel szczegółowy) of the programme, numbered in its order."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("specific goal"))

    objects: ClassVar[models.Manager[Any]] = scoped_through("programme")

    class Meta:
        verbose_name = _("specific goal")
        verbose_name_plural = _("specific goals")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class CooperationForm(models.Model):
    """A form of cooperation (forma współpracy, art. 5 ust. 2): serves one or more goals and is bound to
    one or more kinds of record (`core.record_kinds`) by which the report finds what was done under it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="forms")
    position = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("form of cooperation"))
    kinds = models.JSONField(_("kinds of record"), default=list, blank=True)
    goals = models.ManyToManyField(Goal, related_name="forms", blank=True, verbose_name=_("goals it serves"))

    objects: ClassVar[models.Manager[Any]] = scoped_through("programme")

    class Meta:
        verbose_name = _("form of cooperation")
        verbose_name_plural = _("forms of cooperation")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class PriorityTask(models.Model):
    """A priority public task (priorytetowe zadanie publiczne) in a sphere of art. 4, with its planned funds."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="priority_tasks")
    position = models.PositiveIntegerField(_("number"))
    sphere = models.ForeignKey(
        "legal.SphereOfPublicTasks",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sphere of public tasks"),
    )
    title = models.TextField(_("priority task"))
    planned_funds = models.DecimalField(
        _("planned funds (PLN)"), max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    objects: ClassVar[models.Manager[Any]] = scoped_through("programme")

    class Meta:
        verbose_name = _("priority public task")
        verbose_name_plural = _("priority public tasks")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """An evaluation indicator (wskaźnik oceny realizacji programu) with a baseline and a target.

    Computed from a registered measure when `measure` names one, otherwise the office enters the value."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators", verbose_name=_("goal")
    )
    position = models.PositiveIntegerField(_("number"))
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    measure = models.CharField(_("computed from"), max_length=100, blank=True)
    actual = models.DecimalField(
        _("value achieved (entered by the office)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    previous_target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    previous_actual = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    objects: ClassVar[models.Manager[Any]] = scoped_through("programme")

    class Meta:
        verbose_name = _("evaluation indicator")
        verbose_name_plural = _("evaluation indicators")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def previous_unmet(self) -> bool:
        """Copied from last year's programme whose target was not reached."""
        return self.previous_target is not None and (
            self.previous_actual is None or self.previous_actual < self.previous_target
        )


def activity_path(instance: "Activity", filename: str) -> str:
    return f"programmes/{instance.programme_id}/{uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class Activity(TenantOwnedModel):
    """An activity recorded by hand under a form (other recorded activity): for forms no module keeps yet."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    form = models.ForeignKey(
        CooperationForm, on_delete=models.CASCADE, related_name="activities", verbose_name=_("form of cooperation")
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("goal")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices, default=ActivityKind.OTHER)
    on = models.DateField(_("date"))
    # The end of a service, project or agreement that lasts (empty: a one-day activity).
    ends_on = models.DateField(_("until"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="+", verbose_name=_("organisations involved")
    )
    # A partner or contractor not in the directory (e.g. a social cooperative, a foreign partner).
    partner = models.CharField(_("other partner or contractor"), max_length=300, blank=True)
    value = models.DecimalField(
        _("value (PLN)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    social_clauses = models.BooleanField(_("with social clauses"), default=False)
    attachment = models.FileField(storage=private_storage, upload_to=activity_path, max_length=200, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("recorded activity")
        verbose_name_plural = _("recorded activities")
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("on")), name="programmes_activity_ends_after"
            ),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="programmes_activity_value"),
        ]

    def __str__(self) -> str:
        return self.title


class Attribution(TenantOwnedModel):
    """The goal and form a record serves, chosen by an official (przypisanie do celu i formy).

    Without one, the report puts a record under the programme's first form bound to its kind."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="attributions")
    kind = models.CharField(_("kind of record"), max_length=50)
    object_id = models.PositiveBigIntegerField()
    form = models.ForeignKey(
        CooperationForm, on_delete=models.CASCADE, related_name="attributions", verbose_name=_("form of cooperation")
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("goal")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("assignment to a goal and form")
        verbose_name_plural = _("assignments to goals and forms")
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "object_id"], name="programme_attribution_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class RealisationReport(TenantOwnedModel):
    """The report on the programme's realisation in one year (sprawozdanie z realizacji programu, art. 5a
    ust. 3): computed from the records while prepared, frozen (snapshot + SHA-256) when published."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveIntegerField(_("year"))
    narrative = models.JSONField(_("narrative per section"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("programme realisation report")
        verbose_name_plural = _("programme realisation reports")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programme_report_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.year})"
