"""What offers put on an organisation's dashboard (core.worklist), across every local government: drafts with
the time left to their call's deadline, corrections of formal defects asked for (with their deadline), offer
updates asked for, and the offers under evaluation with their state. The office's side of offers (the
formal check, updates) is the evaluation's and the agreements' work."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pozytek.core.worklist import WorkEntry, WorkItem, WorkSource, entries, is_past, register_source, time_left
from pozytek.offers.models import Offer
from pozytek.offers.selectors import open_offers_of_member_across_tenants
from pozytek.offers.states import OfferState

IN_EVALUATION = (OfferState.SUBMITTED, OfferState.FORMALLY_ACCEPTED, OfferState.UPDATE_SUBMITTED)


def _title(offer: Offer) -> str:
    return offer.title or gettext("Offer no. %(pk)d") % {"pk": offer.pk}


def _entry(offer: Offer, *, deadline: Any = None, state: str = "") -> WorkEntry:
    call = str(offer.call) if offer.call is not None else ""
    context = " · ".join(part for part in (offer.tenant.name, offer.organisation.name, call) if part)
    return WorkEntry(
        title=_title(offer),
        url=reverse("offers:overview", kwargs={"tenant_slug": offer.tenant.slug, "pk": offer.pk}),
        due=deadline,
        overdue=is_past(deadline),
        countdown=time_left(deadline) if deadline is not None else "",
        state=state,
        context=context,
    )


def _by_deadline(offers: list[Offer], deadline: Any) -> list[Offer]:
    far = [o for o in offers if deadline(o) is None]
    return sorted((o for o in offers if deadline(o) is not None), key=deadline) + far


def member_items(user: Any) -> Sequence[WorkItem]:
    """One query: every offer of the person's organisations still in progress."""
    offers = open_offers_of_member_across_tenants(user)
    if not offers:
        return []

    def call_deadline(offer: Offer) -> Any:
        return offer.call.offer_deadline if offer.call is not None else None

    def correction_deadline(offer: Offer) -> Any:
        return offer.correction_deadline

    drafts = _by_deadline([o for o in offers if o.state == OfferState.DRAFT], call_deadline)
    # A draft whose call has closed can no longer be submitted: it is not work waiting.
    drafts = [o for o in drafts if call_deadline(o) is None or not is_past(call_deadline(o))]
    corrections = _by_deadline([o for o in offers if o.state == OfferState.CORRECTION], correction_deadline)
    updates = [o for o in offers if o.state == OfferState.UPDATE_REQUIRED]
    evaluated = [o for o in offers if o.state in IN_EVALUATION]
    return [
        WorkItem(
            kind="corrections",
            label=_("Corrections of formal defects asked for"),
            count=len(corrections),
            url=reverse("offers_member:list"),
            entries=entries([_entry(o, deadline=o.correction_deadline) for o in corrections]),
            hint=_("Correct the sections listed on the offer's page and submit the correction before the deadline."),
        ),
        WorkItem(
            kind="drafts",
            label=_("Drafts to submit"),
            count=len(drafts),
            url=reverse("offers_member:list"),
            entries=entries([_entry(o, deadline=call_deadline(o)) for o in drafts]),
        ),
        WorkItem(
            kind="updates",
            label=_("Offer updates asked for"),
            count=len(updates),
            url=reverse("offers_member:list"),
            entries=entries([_entry(o, state=o.get_state_display()) for o in updates]),
            hint=_("The grant awarded is lower than requested: update the schedule, costs and results."),
        ),
        WorkItem(
            kind="submitted",
            label=_("Offers under evaluation"),
            count=len(evaluated),
            url=reverse("offers_member:list"),
            entries=entries([_entry(o, state=o.get_state_display()) for o in evaluated]),
        ),
    ]


OFFERS = WorkSource(key="offers", label=_("Offers"), member_items=member_items, order=20)

register_source(OFFERS)  # imported by the app's ready(): see core/worklist.py
