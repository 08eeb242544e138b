"""What agreements put on the dashboards (core.worklist).

The office (`agreements.manage_agreements`, the permission of every page linked): offer updates
(aktualizacje) to review, agreements to prepare for awarded grants and to sign, tranches due within two
weeks or overdue, annex requests to decide. An organisation, across every local government: agreements
awaiting signature, signed agreements with their next tranche, annex requests awaiting the office.
"""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pozytek.agreements.selectors import (
    TRANCHE_HORIZON_DAYS,
    agreements_of_member_across_tenants,
    agreements_to_sign,
    grants_awaiting_agreement,
    next_tranches_of_agreements_across_tenants,
    offers_with_update_to_review,
    overdue_tranche_count,
    pending_annexes_of_agreements_across_tenants,
    tranches_due,
)
from pozytek.agreements.selectors_annexes import annex_requests_of_tenant
from pozytek.agreements.states import AgreementState
from pozytek.core.money import format_amount
from pozytek.core.worklist import MAX_ENTRIES, WorkEntry, WorkItem, WorkSource, entries, is_past, register_source

PERMISSION = "agreements.manage_agreements"


def office_items(tenant: Any, user: Any) -> Sequence[WorkItem]:
    """Eleven queries: a count and the first few of each kind."""
    if not user.has_perm(PERMISSION, tenant):
        return []
    slug = tenant.slug
    updates = offers_with_update_to_review(tenant)
    grants = grants_awaiting_agreement(tenant)
    drafts = agreements_to_sign(tenant)
    tranches = tranches_due(tenant)
    annexes = annex_requests_of_tenant(tenant)
    return [
        WorkItem(
            kind="updates",
            label=_("Offer updates to review"),
            count=updates.count(),
            entries=tuple(
                WorkEntry(
                    title=offer.title or str(offer.organisation),
                    url=reverse("agreements_office_updates:review", kwargs={"tenant_slug": slug, "offer_pk": offer.pk}),
                    context=offer.organisation.name,
                )
                for offer in updates[:MAX_ENTRIES]
            ),
        ),
        WorkItem(
            kind="to-prepare",
            label=_("Agreements to prepare"),
            count=grants.count(),
            url=reverse("agreements_office:list", kwargs={"tenant_slug": slug}),
            entries=tuple(
                WorkEntry(
                    title=grant.task_title,
                    url=reverse("agreements_office:prepare", kwargs={"tenant_slug": slug, "grant_pk": grant.pk}),
                    context=grant.organisation_name,
                    state=format_amount(grant.amount_awarded, currency=True),
                )
                for grant in grants[:MAX_ENTRIES]
            ),
        ),
        WorkItem(
            kind="to-sign",
            label=_("Agreements to sign"),
            count=drafts.count(),
            url=reverse("agreements_office:list", kwargs={"tenant_slug": slug}),
            entries=tuple(
                WorkEntry(
                    title=str(agreement),
                    url=reverse("agreements_office:sign", kwargs={"tenant_slug": slug, "pk": agreement.pk}),
                    context=agreement.offer.organisation.name,
                )
                for agreement in drafts[:MAX_ENTRIES]
            ),
        ),
        WorkItem(
            kind="tranches",
            label=_("Tranches to pay"),
            count=tranches.count(),
            overdue=overdue_tranche_count(tenant),
            url=reverse("agreements_office:list", kwargs={"tenant_slug": slug}),
            entries=tuple(
                WorkEntry(
                    title=gettext("Tranche %(number)d of agreement %(agreement)s")
                    % {"number": tranche.number, "agreement": tranche.agreement},
                    url=reverse("agreements_office:detail", kwargs={"tenant_slug": slug, "pk": tranche.agreement_id}),
                    due=tranche.due_date,
                    overdue=is_past(tranche.due_date),
                    state=format_amount(tranche.amount, currency=True),
                    context=tranche.agreement.offer.organisation.name,
                )
                for tranche in tranches[:MAX_ENTRIES]
            ),
            hint=_("Due within %(days)d days or overdue.") % {"days": TRANCHE_HORIZON_DAYS},
        ),
        WorkItem(
            kind="annexes",
            label=_("Annex requests to decide"),
            count=annexes.count(),
            url=reverse("agreements_office:annexes", kwargs={"tenant_slug": slug}),
            entries=tuple(
                WorkEntry(
                    title=gettext("Annex to agreement %(agreement)s") % {"agreement": annex.agreement},
                    url=reverse(
                        "agreements_office:annex",
                        kwargs={"tenant_slug": slug, "pk": annex.agreement_id, "annex_pk": annex.pk},
                    ),
                    context=annex.organisation.name if annex.organisation_id else "",
                )
                for annex in annexes[:MAX_ENTRIES]
            ),
        ),
    ]


def member_items(user: Any) -> Sequence[WorkItem]:
    """Three queries: the agreements, their next unpaid tranches, their pending annex requests."""
    agreements = agreements_of_member_across_tenants(user)
    if not agreements:
        return []
    signed = [a for a in agreements if a.state == AgreementState.SIGNED]
    drafts = [a for a in agreements if a.state == AgreementState.DRAFT]
    ids = [a.pk for a in signed]
    tranches = next_tranches_of_agreements_across_tenants(ids)
    annexes = pending_annexes_of_agreements_across_tenants(ids)

    def context(agreement: Any) -> str:
        return f"{agreement.tenant.name} · {agreement.offer.organisation.name}"

    def detail(agreement: Any) -> str:
        return reverse("agreements_member:detail", kwargs={"pk": agreement.pk})

    in_force = []
    for agreement in sorted(signed, key=lambda a: tranches[a.pk].due_date if a.pk in tranches else a.end_date):
        tranche = tranches.get(agreement.pk)
        in_force.append(
            WorkEntry(
                title=str(agreement),
                url=detail(agreement),
                due=tranche.due_date if tranche else None,
                state=gettext("next tranche: %(amount)s") % {"amount": format_amount(tranche.amount, currency=True)}
                if tranche
                else gettext("every tranche paid"),
                context=context(agreement),
            )
        )
    return [
        WorkItem(
            kind="to-sign",
            label=_("Agreements awaiting signature"),
            count=len(drafts),
            url=reverse("agreements_member:list"),
            entries=entries([WorkEntry(title=str(a), url=detail(a), context=context(a)) for a in drafts]),
        ),
        WorkItem(
            kind="in-force",
            label=_("Agreements in force and their next tranche"),
            count=len(signed),
            url=reverse("agreements_member:list"),
            entries=entries(in_force),
        ),
        WorkItem(
            kind="annexes",
            label=_("Annex requests awaiting the office"),
            count=len(annexes),
            entries=entries(
                [
                    WorkEntry(
                        title=gettext("Annex to agreement %(agreement)s") % {"agreement": a},
                        url=reverse("agreements_member:annex", kwargs={"pk": a.pk, "annex_pk": annexes[a.pk].pk}),
                        context=context(a),
                    )
                    for a in signed
                    if a.pk in annexes
                ]
            ),
        ),
    ]


AGREEMENTS = WorkSource(
    key="agreements", label=_("Agreements"), office_items=office_items, member_items=member_items, order=30
)

register_source(AGREEMENTS)  # imported by the app's ready(): see core/worklist.py
