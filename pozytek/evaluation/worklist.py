"""What the evaluation puts on the office dashboard (core.worklist): offers awaiting the formal check,
corrections due back, commissions scoring (cards submitted / expected) and requests for the justification
of results awaiting an answer. Office staff only (`evaluation.manage_evaluation`, as the pages linked)."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pozytek.core.worklist import (
    MAX_ENTRIES,
    Progress,
    WorkEntry,
    WorkItem,
    WorkSource,
    entries,
    is_past,
    register_source,
)
from pozytek.evaluation.selectors import (
    calls_awaiting_formal_check,
    commissions_scoring,
    offers_awaiting_correction,
    open_justification_requests,
)

PERMISSION = "evaluation.manage_evaluation"


def office_items(tenant: Any, user: Any) -> Sequence[WorkItem]:
    """Ten queries whatever the number of offers and commissions."""
    if not user.has_perm(PERMISSION, tenant):
        return []
    slug = tenant.slug
    calls = calls_awaiting_formal_check(tenant)
    formal = WorkItem(
        kind="formal-check",
        label=_("Offers awaiting the formal check"),
        count=sum(c.count for c in calls),
        url=reverse("evaluation_office_formal:call", kwargs={"tenant_slug": slug, "call_pk": calls[0].call.pk})
        if calls
        else "",
        entries=entries(
            [
                WorkEntry(
                    title=str(row.call),
                    url=reverse("evaluation_office_formal:call", kwargs={"tenant_slug": slug, "call_pk": row.call.pk}),
                    due=row.call.offer_deadline,
                    state=gettext("%(count)d to check") % {"count": row.count},
                )
                for row in calls
            ]
        ),
    )
    count, offers = offers_awaiting_correction(tenant, limit=MAX_ENTRIES)
    corrections = WorkItem(
        kind="corrections",
        label=_("Corrections due back from organisations"),
        count=count,
        url=reverse("evaluation_office_formal:call", kwargs={"tenant_slug": slug, "call_pk": offers[0].call_id})
        if offers
        else "",
        entries=tuple(
            WorkEntry(
                title=offer.title or gettext("Offer no. %(pk)d") % {"pk": offer.pk},
                url=reverse(
                    "evaluation_office_formal:check",
                    kwargs={"tenant_slug": slug, "call_pk": offer.call_id, "offer_pk": offer.pk},
                ),
                due=offer.correction_deadline,
                overdue=is_past(offer.correction_deadline),
                context=offer.organisation.name,
            )
            for offer in offers
        ),
        hint=_("After the deadline an uncorrected offer is rejected on the offer's page."),
    )
    scoring = commissions_scoring(tenant)
    commissions = WorkItem(
        kind="commissions",
        label=_("Commissions scoring"),
        count=len(scoring),
        url=reverse(
            "evaluation_office_commission:detail",
            kwargs={"tenant_slug": slug, "call_pk": scoring[0].commission.call_id},
        )
        if scoring
        else "",
        entries=entries(
            [
                WorkEntry(
                    title=str(work.commission.call),
                    url=reverse(
                        "evaluation_office_commission:detail",
                        kwargs={"tenant_slug": slug, "call_pk": work.commission.call_id},
                    ),
                    state=gettext("%(done)d of %(expected)d score cards submitted")
                    % {"done": work.submitted, "expected": work.expected},
                )
                for work in scoring
            ]
        ),
        progress=Progress(sum(w.submitted for w in scoring), sum(w.expected for w in scoring)) if scoring else None,
    )
    count, asked = open_justification_requests(tenant)
    requests = WorkItem(
        kind="justification-requests",
        label=_("Requests for the justification of results"),
        count=count,
        url=reverse("evaluation_office_decision:requests", kwargs={"tenant_slug": slug, "call_pk": asked[0].call.pk})
        if asked
        else "",
        entries=entries(
            [
                WorkEntry(
                    title=str(row.call),
                    url=reverse(
                        "evaluation_office_decision:requests", kwargs={"tenant_slug": slug, "call_pk": row.call.pk}
                    ),
                    due=row.first_due,
                    overdue=is_past(row.first_due),
                    state=gettext("%(count)d awaiting an answer") % {"count": row.count},
                )
                for row in asked
            ]
        ),
    )
    return [formal, corrections, commissions, requests]


EVALUATION = WorkSource(key="evaluation", label=_("Evaluation of offers"), office_items=office_items, order=20)

register_source(EVALUATION)  # imported by the app's ready(): see core/worklist.py
