"""The law as data: dated legal parameters and versioned reference lists of the Act."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ParameterUnit(models.TextChoices):
    PLN = "pln", _("PLN")
    DAYS = "days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")
    PERCENT = "percent", _("percent")
    YEARS = "years", _("years")
    MONTHS = "months", _("months")
    PERSONS = "persons", _("persons")
    MONTH_DAY = "month_day", _("day of the year (MM.DD)")


class ParameterKind(models.TextChoices):
    """Who sets the number: the statute, or a default that a local government or an agreement replaces."""

    STATUTORY = "statutory", _("set by statute")
    TENANT_DEFAULT = "tenant_default", _("default; the local government sets its own")
    AGREEMENT_DEFAULT = "agreement_default", _("default; each agreement may set its own")


def in_active_language(polish: str, english: str, ukrainian: str) -> str:
    """The name in the interface's language; the Polish wording (the Act's, canonical) when none is given."""
    translated = {"en": english, "uk": ukrainian}.get((get_language() or "pl").split("-")[0], "")
    return translated or polish


class LegalParameter(models.Model):
    """A number from the Act (kwota, liczba dni, procent) valid from a given date.

    A change in the law is a new row with a later `effective_from`, never an edit of an old
    one, so decisions taken under the old value can still be explained. `tenant` is set only
    for values a municipality sets itself in its own resolutions (e.g. consultation periods);
    `kind` says whether the national row is the statute's number or only a default. A rule the
    law repeals without replacing gets `valid_to` (its last day): after it, no value is in force.
    """

    # Dotted keys name the area and the number ("small_grant.max_amount"): a slug would refuse the dot.
    key = models.CharField(
        _("key"),
        max_length=100,
        db_index=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9_]+(\.[a-z0-9_]+)*$",
                message=_("Use lower-case letters, digits and underscores, parts joined by dots."),
            )
        ],
        help_text=_("E.g. small_grant.max_amount: the key the code reads the value by."),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, choices=ParameterUnit.choices)
    effective_from = models.DateField(_("effective from"))
    valid_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("The last day of the rule when the law repeals it without a new value."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ParameterKind.choices, default=ParameterKind.STATUTORY)
    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("local government")
    )
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    needs_verification = models.BooleanField(
        _("needs verification"),
        default=False,
        help_text=_("The value or its date has not been confirmed in the official text of the Act."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("legal parameter")
        verbose_name_plural = _("legal parameters")
        ordering = ["key", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from", "tenant"], name="legal_parameter_unique_per_date"),
            models.UniqueConstraint(
                fields=["key", "effective_from"],
                condition=models.Q(tenant=None),
                name="legal_parameter_unique_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.get_unit_display()}) od {self.effective_from:%Y-%m-%d}"

    def clean(self) -> None:
        if self.valid_to is not None and self.effective_from is not None and self.valid_to < self.effective_from:
            raise ValidationError({"valid_to": _("The last day cannot be before the first day.")})


class SphereOfPublicTasks(models.Model):
    """A sphere of public tasks (sfera zadań publicznych) from art. 4 ust. 1 of the Act.

    Point codes are strings ("1a", "32a"); a renumbering by a new act is a new row with its
    own validity dates, so old calls keep pointing at the sphere they were announced under.
    """

    code = models.CharField(_("point"), max_length=10)
    name = models.TextField(_("name"))
    short_name = models.CharField(_("short name"), max_length=150)
    short_name_en = models.CharField(_("short name in English"), max_length=150, blank=True)
    short_name_uk = models.CharField(_("short name in Ukrainian"), max_length=150, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    needs_verification = models.BooleanField(_("needs verification"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sphere of public tasks")
        verbose_name_plural = _("spheres of public tasks")
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="sphere_code_unique_per_version")]

    def __str__(self) -> str:
        return f"{self.code}. {self.display_name}"

    @property
    def display_name(self) -> str:
        """The short name in the interface's language (the Polish one is the Act's wording)."""
        return in_active_language(self.short_name, self.short_name_en, self.short_name_uk)


class Register(models.TextChoices):
    KRS = "krs", _("National Court Register (KRS)")
    STAROSTA = "starosta", _("register kept by the starosta")
    CHURCH = "church", _("church register")
    KGW = "kgw", _("register of rural housewives' circles (ARiMR)")
    OTHER = "other", _("other register")


class NgoStatus(models.TextChoices):
    NGO = "ngo", _("non-governmental organisation (art. 3 ust. 2)")
    ART_3_3 = "art_3_3", _("entity listed in art. 3 ust. 3")


class LegalForm(models.Model):
    """A legal form of an organisation (forma prawna): foundation, association, UKS…"""

    slug = models.SlugField(_("identifier"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=150, blank=True)
    register = models.CharField(_("register"), max_length=20, choices=Register.choices)
    has_legal_personality = models.BooleanField(_("has legal personality"), null=True)
    status = models.CharField(_("status under the Act"), max_length=20, choices=NgoStatus.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("legal form")
        verbose_name_plural = _("legal forms")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the interface's language (the Polish one is canonical)."""
        return in_active_language(self.name, self.name_en, self.name_uk)
