"""Local governments (JST) served by the platform and their districts."""

from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from pozytek.core.models import TimeStampedModel
from pozytek.tenants.states import TenantState

# Slugs that would collide with platform-level URLs.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "konto",
        "accounts",
        "static",
        "media",
        "i18n",
        "api",
        "deklaracja-dostepnosci",
        "gminy",
        "jezyk",
        "healthz",
    }
)


class TenantKind(models.TextChoices):
    GMINA = "gmina", _("municipality (gmina)")
    MIASTO_NA_PRAWACH_POWIATU = "miasto_npp", _("city with county rights")
    POWIAT = "powiat", _("county (powiat)")
    WOJEWODZTWO = "wojewodztwo", _("voivodeship (województwo)")


TERYT_LENGTH = {
    TenantKind.GMINA: 7,
    TenantKind.MIASTO_NA_PRAWACH_POWIATU: 7,
    TenantKind.POWIAT: 4,
    TenantKind.WOJEWODZTWO: 2,
}


class Tenant(TimeStampedModel):
    """A local government (jednostka samorządu terytorialnego, JST) that runs its cooperation here."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address in the platform"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TenantKind.choices)
    teryt = models.CharField(
        _("TERYT code"),
        max_length=7,
        unique=True,
        validators=[RegexValidator(r"^\d{2}(\d{2}(\d{3})?)?$", _("A TERYT code has 2, 4 or 7 digits."))],
    )
    state = models.CharField(_("state"), max_length=20, choices=TenantState.choices, default=TenantState.DRAFT)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    office_name = models.CharField(_("office"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    bip_url = models.URLField(_("Public Information Bulletin (BIP)"), blank=True)
    ngo_contact_name = models.CharField(
        _("NGO liaison"),
        max_length=200,
        blank=True,
        help_text=_("Person or unit responsible for cooperation with NGOs."),
    )
    ngo_contact_details = models.TextField(_("NGO liaison contact"), blank=True)
    coat_of_arms = models.ImageField(_("coat of arms or logo"), upload_to="tenants/", blank=True)
    accessibility_coordinator = models.CharField(_("accessibility coordinator"), max_length=200, blank=True)
    accessibility_email = models.EmailField(_("accessibility contact e-mail"), blank=True)
    accessibility_published_on = models.DateField(_("website published on"), null=True, blank=True)
    accessibility_reviewed_on = models.DateField(_("accessibility statement reviewed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tenants:home", kwargs={"tenant_slug": self.slug})

    @property
    def initials(self) -> str:
        """First letter of the proper name ("Miasto Poznań" -> "P"), shown when no emblem is uploaded."""
        return (self.name.split() or ["?"])[-1][:1].upper()


class DistrictKind(models.TextChoices):
    OSIEDLE = "osiedle", _("housing estate (osiedle)")
    DZIELNICA = "dzielnica", _("district (dzielnica)")
    GMINA = "gmina", _("municipality of the county")
    SOLECTWO = "solectwo", _("village (sołectwo)")


class District(TimeStampedModel):
    """An auxiliary unit or area of a local government (osiedle, dzielnica, sołectwo; gmina of a powiat)."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="districts", verbose_name=_("local government")
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=DistrictKind.choices)

    objects: ClassVar[models.Manager["District"]] = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="district_name_unique_in_tenant")]

    def __str__(self) -> str:
        return self.name
