"""Reads of small grants: the year's pool and what is left of it, an organisation's yearly sum, the
offers awaiting publication and those open for comments. The sums come from the grants register."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from pozytek.grants.models import Grant
from pozytek.grants.states import GrantSource, GrantStatus
from pozytek.legal.selectors import LegalParameterMissing, legal_value
from pozytek.offers.states import OfferState
from pozytek.smallgrants.models import Publication, SmallGrantComment, SmallGrantScheme
from pozytek.smallgrants.states import PublicationState

ZERO = Decimal("0.00")
# An offer the office may still publish and decide on.
DECIDABLE_STATES = (OfferState.SUBMITTED, OfferState.FORMALLY_ACCEPTED)


def today() -> dt.date:
    """Today in Europe/Warsaw: the windows are whole days there."""
    return timezone.localdate()


def scheme_of(tenant: Any, year: int) -> SmallGrantScheme | None:
    return SmallGrantScheme.objects.filter(tenant=tenant, year=year).first()


def published_scheme(tenant: Any, year: int) -> SmallGrantScheme | None:
    return SmallGrantScheme.objects.filter(tenant=tenant, year=year, published=True).prefetch_related("spheres").first()


def published_scheme_years(tenant: Any) -> list[int]:
    """The years whose small-grants rules the office has published, newest first."""
    return list(
        SmallGrantScheme.objects.filter(tenant=tenant, published=True).order_by("-year").values_list("year", flat=True)
    )


def _live_small_grants(tenant: Any, year: int) -> QuerySet[Grant]:
    return Grant.objects.filter(tenant=tenant, year=year, source=GrantSource.SMALL_GRANT).exclude(
        status=GrantStatus.WITHDRAWN
    )


def _optional(key: str, on: dt.date, tenant: Any) -> Decimal | None:
    try:
        return legal_value(key, on=on, tenant=tenant)
    except LegalParameterMissing:
        return None


@dataclass(frozen=True)
class PoolMeter:
    """The year's small-grants pool: the cap (a share of the funds planned for grants), what the grants
    register holds in this mode, and what is left; `per_organisation` is the yearly limit per organisation."""

    year: int
    grants_budget: Decimal | None
    share_percent: Decimal | None
    cap: Decimal | None
    used: Decimal
    per_organisation: Decimal | None

    @property
    def left(self) -> Decimal | None:
        return None if self.cap is None else max(self.cap - self.used, ZERO)


def pool_meter(tenant: Any, year: int, *, on: dt.date | None = None) -> PoolMeter:
    """The meter of `year` with the limits in force on `on` (today by default)."""
    day = on or today()
    scheme = scheme_of(tenant, year)
    share = _optional("small_grant.max_budget_share_percent", day, tenant)
    budget = scheme.grants_budget if scheme is not None else None
    cap = (budget * share / 100).quantize(Decimal("0.01")) if budget is not None and share is not None else None
    used = _live_small_grants(tenant, year).aggregate(total=Sum("amount_awarded"))["total"] or ZERO
    return PoolMeter(
        year=year,
        grants_budget=budget,
        share_percent=share,
        cap=cap,
        used=used,
        per_organisation=_optional("small_grant.max_per_organisation_year", day, tenant),
    )


def organisation_year_sum(tenant: Any, organisation: Any, year: int) -> Decimal:
    """What the organisation got in small grants from this local government in `year` (the register)."""
    total = _live_small_grants(tenant, year).filter(organisation=organisation).aggregate(t=Sum("amount_awarded"))["t"]
    return total or ZERO


def organisation_sums(tenant: Any, year: int) -> list[Any]:
    """Each organisation's yearly sum of small grants (the public meter), largest first."""
    return list(
        _live_small_grants(tenant, year)
        .values("organisation_id", "organisation_name")
        .annotate(total=Sum("amount_awarded"))
        .order_by("-total", "organisation_name")
    )


def organisation_history(tenant: Any, organisation: Any) -> QuerySet[Grant]:
    """The organisation's grants from this local government (any mode), newest first: what the office
    weighs beside the comments (past grants, settled reports, returns)."""
    return Grant.objects.filter(tenant=tenant, organisation=organisation).order_by("-year", "-pk")


def _publications(tenant: Any) -> QuerySet[Publication]:
    return Publication.objects.filter(tenant=tenant).select_related("offer", "offer__organisation", "offer__sphere")


def publications_for_office(tenant: Any) -> QuerySet[Publication]:
    return _publications(tenant).order_by("state", "publish_by", "pk")


def awaiting_publication(tenant: Any) -> QuerySet[Publication]:
    """Offers received and not yet published (or taken down), the earliest term first."""
    return _publications(tenant).filter(state=PublicationState.PENDING).order_by("publish_by", "pk")


def awaits_decision(offer: Any) -> bool:
    """The offer is still before the office's decision (submitted or found formally correct)."""
    return offer.state in DECIDABLE_STATES


def awaiting_decision(tenant: Any, *, on: dt.date | None = None) -> QuerySet[Publication]:
    """Offers whose comment window has ended and that still wait for the decision on purposefulness."""
    day = on or today()
    return (
        _publications(tenant)
        .filter(
            state=PublicationState.PUBLISHED,
            comments_until__lt=day,
            offer__state__in=DECIDABLE_STATES,
        )
        .order_by("comments_until", "pk")
    )


def open_publications(tenant: Any, *, on: dt.date | None = None) -> QuerySet[Publication]:
    """Offers whose comment window is open today (the public list)."""
    day = on or today()
    return (
        _publications(tenant)
        .filter(state=PublicationState.PUBLISHED, comments_until__gte=day)
        .order_by("comments_until", "pk")
    )


def published_publications(tenant: Any, *, limit: int = 200) -> QuerySet[Publication]:
    """Every offer published for comments (window open or closed), newest first (bounded)."""
    return _publications(tenant).filter(state=PublicationState.PUBLISHED).order_by("-published_at", "-pk")[:limit]


def public_publication(tenant: Any, pk: int) -> Publication | None:
    """A published offer (its window open or closed): what the public may read."""
    return _publications(tenant).filter(pk=pk, state=PublicationState.PUBLISHED).first()


def office_publication(tenant: Any, pk: int) -> Publication | None:
    return _publications(tenant).filter(pk=pk).first()


def comments_of(publication: Publication) -> QuerySet[SmallGrantComment]:
    return SmallGrantComment.objects.filter(publication=publication).order_by("created_at", "pk")


def window_open(publication: Publication, *, on: dt.date | None = None) -> bool:
    day = on or today()
    return (
        publication.state == PublicationState.PUBLISHED
        and publication.comments_until is not None
        and publication.published_at is not None
        and timezone.localdate(publication.published_at) <= day <= publication.comments_until
    )


def is_late(publication: Publication, *, on: dt.date | None = None) -> bool:
    """Published after its statutory term, or still waiting with the term passed (flagged to the office)."""
    if publication.published_at is not None:
        return timezone.localdate(publication.published_at) > publication.publish_by
    return publication.state == PublicationState.PENDING and (on or today()) > publication.publish_by
