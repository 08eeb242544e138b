"""Reads for the office's review of offer updates (aktualizacja oferty) after a lower award.

Offers are looked up within the request's local government (another tenant's id gives 404). The
"original" version is the last one submitted before the decision was published (the one evaluated);
the "update" is the latest version submitted after it.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet
from django.http import Http404

from pozytek.competitions.models import Call
from pozytek.offers.models import Offer, OfferVersion
from pozytek.offers.states import OfferState

# An offer awarded less than it asked for waits for its update, or its update waits for the office.
UPDATE_STATES = (OfferState.UPDATE_REQUIRED, OfferState.UPDATE_SUBMITTED)


def _money(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def snapshot_grant(snapshot: dict[str, Any]) -> Decimal | None:
    """The grant a frozen version asks for (V.B row "grant")."""
    for row in snapshot.get("sources", []):
        if row.get("key") == "grant":
            return _money(row.get("value"))
    return None


def snapshot_total(snapshot: dict[str, Any]) -> Decimal | None:
    """The sum of all costs of a frozen version (V.A)."""
    return _money(snapshot.get("costs", {}).get("total"))


@dataclass(frozen=True)
class UpdateVersions:
    """The version the decision was made on and the update submitted after it (None before the first)."""

    original: OfferVersion | None
    update: OfferVersion | None


def split_versions(versions: list[OfferVersion], published_at: Any) -> UpdateVersions:
    """`versions` newest first; those submitted after the decision's publication are updates."""
    update = next((v for v in versions if published_at is not None and v.submitted_at > published_at), None)
    original = next((v for v in versions if published_at is None or v.submitted_at <= published_at), None)
    return UpdateVersions(original=original, update=update)


@dataclass(frozen=True)
class UpdateRow:
    offer: Offer
    requested: Decimal | None
    awarded: Decimal | None
    updated_grant: Decimal | None
    updated_total: Decimal | None
    update: OfferVersion | None


def call_for_updates(tenant: Any, pk: int) -> Call:
    """A call of this local government, or 404."""
    try:
        call: Call = Call.objects.get(tenant=tenant, pk=pk)
    except Call.DoesNotExist as error:
        raise Http404 from error
    return call


def updated_offers(tenant: Any) -> QuerySet[Offer]:
    """Offers of the local government that were awarded less than they asked for (they need an update)."""
    offers: QuerySet[Offer] = Offer.objects.filter(
        tenant=tenant, award__isnull=False, award__amount__gt=0, award__amount__lt=F("award__requested")
    ).select_related("call", "organisation", "award__decision")
    return offers


def update_rows(call: Call) -> list[UpdateRow]:
    """The call's offers awaiting their update or its review: requested, awarded, the update's figures.

    Two queries whatever the number of offers (the offers with their awards, then their versions).
    """
    offers = list(updated_offers(call.tenant).filter(call=call, state__in=UPDATE_STATES).order_by("title", "pk"))
    by_offer: dict[int, list[OfferVersion]] = {}
    for version in OfferVersion.objects.filter(offer__in=[o.pk for o in offers]).order_by("offer_id", "-number"):
        by_offer.setdefault(version.offer_id, []).append(version)
    rows = []
    for offer in offers:
        award: Any = offer.award
        update = split_versions(by_offer.get(offer.pk, []), award.decision.published_at).update
        rows.append(
            UpdateRow(
                offer=offer,
                requested=award.requested,
                awarded=award.amount,
                updated_grant=snapshot_grant(update.snapshot) if update is not None else None,
                updated_total=snapshot_total(update.snapshot) if update is not None else None,
                update=update,
            )
        )
    return rows


def offer_for_update_review(tenant: Any, pk: int) -> Offer:
    """An offer of this local government awarded less than requested (at any stage of its update), or 404."""
    try:
        offer: Offer = updated_offers(tenant).get(pk=pk)
    except Offer.DoesNotExist as error:
        raise Http404 from error
    offer.tenant = tenant
    return offer


def update_versions(offer: Offer) -> UpdateVersions:
    """The offer's evaluated version and its latest update."""
    versions = list(OfferVersion.objects.filter(offer=offer).select_related("submitted_by").order_by("-number"))
    award: Any = getattr(offer, "award", None)
    published_at = award.decision.published_at if award is not None else None
    return split_versions(versions, published_at)
