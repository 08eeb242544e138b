"""Reads of offers: for their organisation's members, for the office, totals and the frozen snapshot."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.offers.budget import Budget, Line, Sources, build_budget, money, task_years
from pozytek.offers.models import Action, Attachment, CostLine, Offer, OfferVersion
from pozytek.offers.states import CostCategory, OfferState


def _member_filter(user: Any) -> Q:
    return Q(organisation__members__user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])


def offers_for_member(user: Any) -> QuerySet[Offer]:
    """Offers of every organisation the user keeps, in every local government (platform page)."""
    with scopes_disabled():
        offers: QuerySet[Offer] = (
            Offer.objects.filter(_member_filter(user))
            .select_related("call", "tenant", "organisation")
            .order_by("-updated_at", "-pk")
            .distinct()
        )
        return offers


def member_offer(tenant: Any, pk: int, user: Any) -> Offer:
    """An offer of this tenant kept by one of the user's organisations, or 404 (never 403: no leak)."""
    # No DISTINCT: a person is a member of an organisation once (member_unique), so the join gives at
    # most one row; PostgreSQL spent ~5 ms planning a DISTINCT over every selected column on each request.
    offers = Offer.objects.filter(tenant=tenant).filter(_member_filter(user))
    offer: Offer = get_object_or_404(offers.select_related("call", "organisation", "tenant"), pk=pk)
    return offer


def active_offer_of(call: Any, organisation: Any) -> Offer | None:
    """The organisation's draft or submitted offer in the call, if any."""
    return (
        Offer.objects.filter(call=call, organisation=organisation, state__in=[OfferState.DRAFT, OfferState.SUBMITTED])
        .order_by("-pk")
        .first()
    )


def office_offer(tenant: Any, pk: int) -> Offer:
    """An offer of this tenant that has been submitted at least once (drafts are the NGO's own), or 404."""
    offers = Offer.objects.filter(tenant=tenant, versions__isnull=False).distinct()
    offer: Offer = get_object_or_404(offers.select_related("call", "organisation"), pk=pk)
    return offer


def offers_of_call(call: Any) -> QuerySet[Offer]:
    """Offers submitted (or submitted and withdrawn) in a call, for the office, with their latest version."""
    offers: QuerySet[Offer] = (
        Offer.objects.filter(call=call, versions__isnull=False)
        .exclude(state=OfferState.DRAFT, submitted_at__isnull=True)
        .select_related("organisation")
        .annotate(version_count=Count("versions"))
        .order_by("submitted_at", "pk")
    )
    return offers


def call_offer_summary(call: Any) -> dict[str, Any]:
    """Counts per state, requested grants of submitted offers vs the call's funds."""
    offers = Offer.objects.filter(call=call)
    submitted = offers.filter(state=OfferState.SUBMITTED)
    requested = submitted.aggregate(total=Sum("requested_grant"))["total"] or Decimal(0)
    funds = call.total_funds or Decimal(0)
    return {
        "drafts": offers.filter(state=OfferState.DRAFT).count(),
        "submitted": submitted.count(),
        "withdrawn": offers.filter(state=OfferState.WITHDRAWN).count(),
        "requested": money(requested),
        "funds": money(funds),
        "oversubscription": (requested / funds).quantize(Decimal("0.01")) if funds else None,
    }


def latest_version(offer: Offer) -> OfferVersion | None:
    return OfferVersion.objects.filter(offer=offer).order_by("-number").first()


def attachments_of(offer: Offer) -> QuerySet[Attachment]:
    """The offer's current attachments (files kept only for an earlier version are left out)."""
    return Attachment.objects.filter(offer=offer, removed_at__isnull=True).order_by("created_at", "pk")


def version_attachments(version: OfferVersion) -> QuerySet[Attachment]:
    """The files a frozen version lists, found by their SHA-256 (still there even if a draft dropped them)."""
    hashes = [a["sha256"] for a in version.snapshot.get("attachments", [])]
    return Attachment.objects.filter(offer_id=version.offer_id, sha256__in=hashes).order_by("created_at", "pk")


def attachment_of(offer: Offer, pk: int) -> Attachment:
    attachment: Attachment = get_object_or_404(Attachment.objects.filter(offer=offer), pk=pk)
    return attachment


def version_of(offer: Offer, number: int) -> OfferVersion:
    version: OfferVersion = get_object_or_404(OfferVersion.objects.filter(offer=offer), number=number)
    return version


def actions_of(offer: Offer) -> QuerySet[Action]:
    return offer.actions.select_related("offeror").order_by("year", "order", "pk")


def cost_lines_of(offer: Offer) -> QuerySet[CostLine]:
    return offer.cost_lines.select_related("action", "offeror").order_by("category", "order", "pk")


def action_label(action: Action | None) -> str:
    return action.name if action is not None else ""


def budget_of(offer: Offer) -> Budget:
    """Section V of a saved offer, every sum computed from its lines and sources."""
    offerors = [o.name for o in offer.offerors.all()]
    actions = list(actions_of(offer))
    lines = [
        Line(
            name=line.name,
            unit=line.unit,
            unit_cost=line.unit_cost,
            quantity=line.quantity,
            years=(line.year1, line.year2, line.year3),
            category=line.category,
            action=action_label(line.action) if line.category == CostCategory.ACTION else "",
            offeror=line.offeror.name if line.offeror else "",
        )
        for line in cost_lines_of(offer)
    ]
    return build_budget(
        years=task_years(offer.start_date, offer.end_date),
        lines=lines,
        sources=sources_of(offer),
        action_labels=list(dict.fromkeys(a.name for a in actions)),
        offerors=offerors,
    )


def sources_of(offer: Offer) -> Sources:
    return Sources(
        grant=money(offer.requested_grant),
        own_financial=money(offer.own_financial),
        own_personal=money(offer.own_personal),
        own_in_kind=money(offer.own_in_kind),
        beneficiary_fees=money(offer.beneficiary_fees),
        other_public_funds=money(offer.other_public_funds),
    )


def deadline_passed(call: Any, *, now: dt.datetime | None = None) -> bool:
    """True from the deadline's exact second on (server clock, time zone aware)."""
    return call.offer_deadline is not None and (now or timezone.now()) >= call.offer_deadline


def require_same_tenant(offer: Offer, tenant: Any) -> None:
    if offer.tenant_id != tenant.pk:
        raise Http404


def listed_offers_of_call(call: Any) -> list[tuple[Offer, OfferVersion | None]]:
    """Submitted and withdrawn offers of a call for the office, each with its latest frozen version.

    Offers reopened as drafts are left out like every draft (a draft is the organisation's own;
    `call_offer_summary` counts them). Two queries, whatever the number of offers.
    """
    offers = list(offers_of_call(call).filter(state__in=[OfferState.SUBMITTED, OfferState.WITHDRAWN]))
    newest = OfferVersion.objects.filter(offer=OuterRef("offer")).order_by("-number").values("number")[:1]
    versions = OfferVersion.objects.filter(offer__in=[o.pk for o in offers], number=Subquery(newest))
    by_offer = {v.offer_id: v for v in versions}
    return [(offer, by_offer.get(offer.pk)) for offer in offers]


def versions_of(offer: Offer) -> QuerySet[OfferVersion]:
    """Every frozen version of an offer, newest first."""
    return OfferVersion.objects.filter(offer=offer).select_related("submitted_by").order_by("-number")


def submitted_offer_contacts(call: Any) -> list[tuple[Any, list[str]]]:
    """(organisation, e-mail addresses) for each organisation with a submitted offer in the call.

    The addresses are the organisation's own and the offer's contact person (section II), without
    duplicates or blanks (an organisation has at most one active offer in a call).
    """
    offers = (
        Offer.objects.filter(call=call, state=OfferState.SUBMITTED)
        .select_related("organisation")
        .order_by("organisation_id", "pk")
    )
    contacts: dict[int, tuple[Any, list[str]]] = {}
    for offer in offers:
        organisation, addresses = contacts.setdefault(offer.organisation_id, (offer.organisation, []))
        for address in (organisation.email, offer.contact_email):
            if address and address.lower() not in {a.lower() for a in addresses}:
                addresses.append(address)
    return list(contacts.values())
