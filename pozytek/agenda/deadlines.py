"""What a person's organisations owe and expect, put into their own calendar (core.deadlines): the call's
deadline of each draft offer and the dates of each signed agreement (partial reports due, tranches to be paid,
grant used by, unused grant returned by, final report due). Read across every local government through the
selectors named for it."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pozytek.agreements.selectors import (
    agreements_of_member_across_tenants,
    partial_reports_due_across_tenants,
    unpaid_tranches_across_tenants,
)
from pozytek.agreements.states import AgreementState
from pozytek.core.deadlines import DatedItem, DeadlineSource, item_uid, start_day
from pozytek.offers.selectors import offers_of_member_across_tenants
from pozytek.offers.states import OfferState

OFFER_DEADLINE = "offer-deadline"
GRANT_USE = "agreement-grant-use"
GRANT_RETURN = "agreement-return"
FINAL_REPORT = "agreement-final-report"
PARTIAL_REPORT = "agreement-partial-report"
TRANCHE = "agreement-tranche"


def organisation_items(user: Any, start: dt.date, end: dt.date) -> Sequence[DatedItem]:
    """Four queries: the draft offers with their calls, the signed agreements, their partial reports due and
    their tranches not paid yet."""
    items: list[DatedItem] = []
    for offer in offers_of_member_across_tenants(user).filter(state=OfferState.DRAFT, call__isnull=False):
        call = offer.call
        if call is None or call.offer_deadline is None or not start <= start_day(call.offer_deadline) <= end:
            continue
        items.append(
            DatedItem(
                kind=OFFER_DEADLINE,
                uid=item_uid(OFFER_DEADLINE, offer.pk),
                title=gettext("Submit the offer by: %(call)s (%(organisation)s)")
                % {"call": str(call), "organisation": offer.organisation.name},
                start=call.offer_deadline,
                url=reverse("offers:overview", kwargs={"tenant_slug": offer.tenant.slug, "pk": offer.pk}),
                tenant_name=offer.tenant.name,
            )
        )
    signed = {a.pk: a for a in agreements_of_member_across_tenants(user) if a.state == AgreementState.SIGNED}
    items += _agreement_items(signed, start, end)
    return items


def _agreement_items(signed: dict[int, Any], start: dt.date, end: dt.date) -> list[DatedItem]:
    items: list[DatedItem] = []
    for agreement in signed.values():
        url = reverse("agreements_member:detail", kwargs={"pk": agreement.pk})
        days = (
            (GRANT_USE, agreement.grant_use_deadline, gettext("Use the grant by: agreement %(agreement)s")),
            (GRANT_RETURN, agreement.return_deadline, gettext("Return the unused grant by: agreement %(agreement)s")),
            (FINAL_REPORT, agreement.final_report_due, gettext("Final report due: agreement %(agreement)s")),
        )
        items.extend(
            DatedItem(
                kind=kind,
                uid=item_uid(kind, agreement.pk),
                title=title % {"agreement": str(agreement)},
                start=day,
                all_day=True,
                url=url,
                tenant_name=agreement.tenant.name,
            )
            for kind, day, title in days
            if start <= day <= end
        )
    for year in partial_reports_due_across_tenants(list(signed)):
        agreement = signed[year.agreement_id]
        if year.partial_report_due is not None and start <= year.partial_report_due <= end:
            items.append(
                DatedItem(
                    kind=PARTIAL_REPORT,
                    uid=item_uid(PARTIAL_REPORT, year.pk),
                    title=gettext("Partial report for %(year)s due: agreement %(agreement)s")
                    % {"year": year.year, "agreement": str(agreement)},
                    start=year.partial_report_due,
                    all_day=True,
                    url=reverse("agreements_member:detail", kwargs={"pk": agreement.pk}),
                    tenant_name=agreement.tenant.name,
                )
            )
    for tranche in unpaid_tranches_across_tenants(list(signed)):
        agreement = signed[tranche.agreement_id]
        if start <= tranche.due_date <= end:
            items.append(
                DatedItem(
                    kind=TRANCHE,
                    uid=item_uid(TRANCHE, tranche.pk),
                    title=gettext("Tranche %(number)s of the grant to be paid: agreement %(agreement)s")
                    % {"number": tranche.number, "agreement": str(agreement)},
                    start=tranche.due_date,
                    all_day=True,
                    url=reverse("agreements_member:detail", kwargs={"pk": agreement.pk}),
                    tenant_name=agreement.tenant.name,
                    description=gettext("%(amount)s zł") % {"amount": tranche.amount},
                )
            )
    return items


ORGANISATIONS = DeadlineSource(
    key="organisations",
    label=_("Deadlines of my organisations"),  # its own: none in a municipality's public calendar
    person_items=organisation_items,
    order=50,
)
