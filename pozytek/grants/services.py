"""Writes of the grants register: a row when a grant is awarded, its status as the grant goes on."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from pozytek.core.audit import record_event
from pozytek.grants.models import Grant
from pozytek.grants.states import GrantSource, GrantStatus
from pozytek.offers.routes import route_of


@transaction.atomic
def register_awarded_grant(
    *,
    offer: Any,
    amount: Decimal,
    decision_number: str,
    published_at: Any,
    update_required: bool,
    actor: Any,
) -> Grant:
    """The register's row for a grant awarded on the offer's funding route, public from `published_at`.

    Called when the offer is awarded (grants.listeners follows the decision), in its transaction. The
    route gives the source (competition, art. 19a, …), the call (competitions only), the mode and the
    sphere (the call's first, or the offer's own outside a competition); the task's title is the offer's,
    the year the year the task starts.
    """
    route = route_of(offer)
    spheres = route.spheres(offer)
    start = offer.start_date or route.limits(offer).delivery_start or published_at.date()
    grant: Grant = Grant.objects.create(
        tenant=offer.tenant,
        organisation=offer.organisation,
        organisation_name=offer.organisation.name,
        task_title=offer.title,
        source=GrantSource(route.code.value),
        call=route.call(offer),
        offer=offer,
        mode=route.mode(offer),
        sphere=spheres[0] if spheres else None,
        year=start.year,
        amount_awarded=amount,
        status=GrantStatus.UPDATE if update_required else GrantStatus.AWARDED,
        decision_number=decision_number,
        published_at=published_at,
    )
    record_event(
        actor=actor,
        subject=grant,
        action="grant.register",
        data={"offer": offer.pk, "amount": str(amount), "status": grant.status},
    )
    return grant


@transaction.atomic
def set_grant_status(*, grant: Grant, status: str, actor: Any, amount_settled: Decimal | None = None) -> Grant:
    """Move the register's row along with the grant (update accepted, agreement signed, settled, withdrawn).

    The register mirrors states decided by the agreements' and reports' own workflows; it is not a
    workflow of its own, so the status is a plain column written here, with its audit event.
    """
    locked: Grant = Grant.objects.select_for_update().get(pk=grant.pk)
    before = locked.status
    locked.status = GrantStatus(status)
    fields = ["status", "updated_at"]
    if amount_settled is not None:
        locked.amount_settled = amount_settled
        fields.append("amount_settled")
    locked.save(update_fields=fields)
    record_event(
        actor=actor,
        subject=locked,
        action="grant.status",
        data={
            "from": before,
            "to": locked.status,
            "amount_settled": None if amount_settled is None else str(amount_settled),
        },
    )
    return locked
