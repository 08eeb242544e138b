"""Small grants outside competition (małe granty, tryb pozakonkursowy, art. 19a of the Act)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pozytek.core.models import TenantOwnedModel
from pozytek.smallgrants.states import PublicationState

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class SmallGrantScheme(TenantOwnedModel):
    """A local government's standing small-grants page for one year: spheres, the pool, how to apply.

    `grants_budget` is the year's planned funds for grants to organisations (the base of the share
    limit, art. 19a: at most `small_grant.max_budget_share_percent` of it may go out in this mode).
    """

    year = models.PositiveSmallIntegerField(_("year"))
    grants_budget = models.DecimalField(
        _("funds planned for grants to organisations this year (PLN)"),
        max_digits=12,
        decimal_places=2,
        validators=NON_NEGATIVE,
    )
    spheres = models.ManyToManyField(
        "legal.SphereOfPublicTasks", blank=True, related_name="+", verbose_name=_("spheres of public tasks")
    )
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    published = models.BooleanField(_("published on the local government's page"), default=False)

    class Meta:
        verbose_name = _("small grants scheme")
        verbose_name_plural = _("small grants schemes")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year"], name="smallgrants_scheme_one_per_year"),
            models.CheckConstraint(condition=models.Q(grants_budget__gte=0), name="smallgrants_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class Publication(TenantOwnedModel):
    """A small-grant offer made public for comments: within `small_grant.publication_working_days`
    working days of its receipt, for `small_grant.comment_period_days` days (art. 19a ust. 3–5)."""

    offer = models.OneToOneField("offers.Offer", on_delete=models.PROTECT, related_name="small_grant_publication")
    state = models.CharField(max_length=20, choices=PublicationState.choices, default=PublicationState.PENDING)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    received_on = models.DateField(_("received on"))
    publish_by = models.DateField(_("to be published by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    comments_until = models.DateField(_("comments until"), null=True, blank=True)

    class Meta:
        verbose_name = _("publication of a small grant offer")
        verbose_name_plural = _("publications of small grant offers")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return str(self.offer_id)


class SmallGrantComment(TenantOwnedModel):
    """A comment (uwaga) on a published small-grant offer, given in its window (art. 19a ust. 5)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(_("signed as"), max_length=200)
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment on a small grant offer")
        verbose_name_plural = _("comments on small grant offers")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.author_name
