"""Reads of agreements: the office's (filtered by the tenant), the organisation's (across tenants),
payment totals computed in the database, what a prepared agreement starts from, and the fields the
agreement's documents need."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import DecimalField, F, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.accounts.models import STAFF_ROLES, Membership
from pozytek.agreements.models import Agreement, AgreementYear, Annex, Tranche
from pozytek.agreements.states import AgreementState, AnnexState
from pozytek.grants.models import Grant
from pozytek.legal.selectors import LegalParameterMissing, legal_days, legal_value
from pozytek.offers.models import Offer, Offeror, OfferVersion
from pozytek.offers.states import OfferState
from pozytek.organisations.models import Organisation, OrganisationMember

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _paid_total() -> Coalesce:
    return Coalesce(Sum("tranches__paid_amount"), Value(ZERO), output_field=MONEY)


def agreements_of_tenant(tenant: Any) -> QuerySet[Agreement]:
    """Every agreement of the local government with its grant and organisation, and the amount paid."""
    agreements: QuerySet[Agreement] = (
        Agreement.objects.filter(tenant=tenant)
        .select_related("grant", "offer", "offer__organisation", "offer__call")
        .annotate(paid_total=_paid_total())
        .order_by("-created_at", "-pk")
    )
    return agreements


def agreement_of_tenant(tenant: Any, pk: int) -> Agreement:
    """An agreement of this tenant, or 404 (another tenant's id never leaks)."""
    agreement: Agreement = get_object_or_404(
        Agreement.objects.filter(tenant=tenant).select_related(
            "tenant", "grant", "offer", "offer__organisation", "offer__call", "version", "signed_by"
        ),
        pk=pk,
    )
    return agreement


def grant_of_tenant(tenant: Any, pk: int) -> Grant:
    grant: Grant = get_object_or_404(
        Grant.objects.filter(tenant=tenant).select_related("tenant", "offer", "offer__call", "organisation"), pk=pk
    )
    return grant


def agreement_of_grant(grant: Grant) -> Agreement | None:
    return Agreement.objects.filter(grant=grant).first()


def grants_awaiting_agreement(tenant: Any) -> QuerySet[Grant]:
    """Grants whose offer is awarded (updated when it had to be) and that have no agreement yet."""
    return (
        Grant.objects.filter(tenant=tenant, offer__state=OfferState.AWARDED, agreement__isnull=True)
        .select_related("offer", "call")
        .order_by("organisation_name", "pk")
    )


def tranches_of(agreement: Agreement) -> QuerySet[Tranche]:
    return Tranche.objects.filter(agreement=agreement).order_by("number")


def tranche_of(agreement: Agreement, pk: int) -> Tranche:
    tranche: Tranche = get_object_or_404(Tranche.objects.filter(agreement=agreement), pk=pk)
    return tranche


def years_of(agreement: Agreement) -> QuerySet[AgreementYear]:
    return AgreementYear.objects.filter(agreement=agreement).order_by("year")


@dataclass(frozen=True)
class PaymentTotals:
    planned: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.paid


def payment_totals(agreement: Agreement) -> PaymentTotals:
    """Planned and paid sums of the agreement's tranches, summed by the database."""
    totals = Tranche.objects.filter(agreement=agreement).aggregate(
        planned=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY),
        paid=Coalesce(Sum("paid_amount"), Value(ZERO), output_field=MONEY),
    )
    return PaymentTotals(planned=totals["planned"], paid=totals["paid"])


def latest_version(offer: Offer) -> OfferVersion | None:
    return OfferVersion.objects.filter(offer=offer).order_by("-number").first()


# The organisation's side: platform pages, every tenant (explicit membership filter) -------------


def _member_filter(user: Any) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    organisations = OrganisationMember.objects.filter(user=user).values("organisation_id")
    partner_offers = Offeror.objects.filter(organisation_id__in=organisations).values("offer_id")
    return Q(offer__organisation_id__in=organisations) | Q(offer_id__in=partner_offers)


def agreements_of_member_across_tenants(user: Any) -> list[Agreement]:
    """Agreements of the user's organisations (lead or partner), in every local government."""
    with scopes_disabled():
        return list(
            Agreement.objects.filter(_member_filter(user))
            .select_related("tenant", "grant", "offer", "offer__organisation")
            .annotate(paid_total=_paid_total())
            .order_by("-created_at", "-pk")
        )


def agreement_of_member_across_tenants(user: Any, pk: int) -> Agreement:
    """One agreement of the user's organisations, or 404 (never 403: no leak)."""
    with scopes_disabled():
        agreement = (
            Agreement.objects.filter(_member_filter(user))
            .select_related("tenant", "grant", "offer", "offer__organisation", "offer__call", "version")
            .filter(pk=pk)
            .first()
        )
    if agreement is None:
        raise Http404
    return agreement  # type: ignore[no-any-return]


def member_tranches(agreement: Agreement) -> list[Tranche]:
    with scopes_disabled():
        return list(tranches_of(agreement))


def member_payment_totals(agreement: Agreement) -> PaymentTotals:
    with scopes_disabled():
        return payment_totals(agreement)


def party_organisation_ids(agreement: Agreement) -> set[int]:
    """The lead organisation and the partners of a joint offer that are in the directory."""
    ids = {agreement.offer.organisation_id}
    with scopes_disabled():
        ids.update(
            pk
            for pk in Offeror.objects.filter(offer_id=agreement.offer_id, organisation__isnull=False).values_list(
                "organisation_id", flat=True
            )
            if pk is not None
        )
    return ids


# What a prepared agreement starts from ------------------------------------------------------------


def representatives_of(organisation: Any) -> list[dict[str, str]]:
    """People who represent the organisation (KRS section 2 as imported into its profile)."""
    representation = getattr(organisation, "representation", None) or {}
    members = representation.get("members") if isinstance(representation, dict) else None
    people: list[dict[str, str]] = []
    for person in members or []:
        if isinstance(person, dict) and (person.get("name") or person.get("function")):
            people.append({"name": str(person.get("name") or ""), "function": str(person.get("function") or "")})
    return people


def manner_of(organisation: Any) -> str:
    representation = getattr(organisation, "representation", None) or {}
    return str(representation.get("manner") or "") if isinstance(representation, dict) else ""


def parties_from_offer(offer: Offer, version: OfferVersion) -> list[dict[str, Any]]:
    """The offerors as the frozen version states them; representatives from each organisation's profile."""
    offerors = version.snapshot.get("offerors") or []
    linked = {o.order: o.organisation for o in Offeror.objects.filter(offer=offer).select_related("organisation")}
    parties = []
    for index, offeror in enumerate(offerors):
        organisation = offer.organisation if index == 0 else linked.get(index)
        parties.append(
            {
                "name": str(offeror.get("name") or (organisation.name if organisation else "")),
                "legal_form": str(offeror.get("legal_form") or ""),
                "register_number": str(offeror.get("register_number") or ""),
                "address": str(offeror.get("address") or ""),
                "manner": manner_of(organisation) if organisation else "",
                "representatives": representatives_of(organisation) if organisation else [],
            }
        )
    if not parties:
        organisation = offer.organisation
        parties.append(
            {
                "name": organisation.name,
                "legal_form": "",
                "register_number": organisation.krs,
                "address": " ".join(p for p in (organisation.street, organisation.postal_code, organisation.city) if p),
                "manner": manner_of(organisation),
                "representatives": representatives_of(organisation),
            }
        )
    return parties


def task_dates(version: OfferVersion) -> tuple[dt.date | None, dt.date | None]:
    task = version.snapshot.get("task") or {}
    start, end = task.get("start_date"), task.get("end_date")
    return (dt.date.fromisoformat(start) if start else None, dt.date.fromisoformat(end) if end else None)


def is_updated(agreement: Agreement) -> bool:
    """The agreement's version is an update (aktualizacja): submitted after the award was published."""
    published = agreement.grant.published_at
    return published is not None and agreement.version.submitted_at > published


# Fields the documents need -----------------------------------------------------------------------


def document_problems(agreement: Agreement) -> list[str]:
    """What must be filled in before the agreement is printed (PDF, DOCX) or signed."""
    problems = []
    if not agreement.number.strip():
        problems.append(_("The agreement has no number."))
    if not agreement.place.strip():
        problems.append(_("Enter the place of conclusion."))
    if not agreement.office_representatives.strip():
        problems.append(_("Enter who represents the local government."))
    if not agreement.bank_account.strip():
        problems.append(_("Enter the bank account the grant is paid to."))
    if not agreement.parties:
        problems.append(_("The agreement names no organisation."))
    for party in agreement.parties or []:
        if not (party.get("representatives") or []):
            problems.append(_("Enter who represents %(name)s.") % {"name": party.get("name") or _("the organisation")})
    if agreement.state == AgreementState.DRAFT and agreement.pk is not None:
        with scopes_disabled():  # the agreement itself was found through the tenant or the membership
            planned = Tranche.objects.filter(agreement=agreement).exists()
        if not planned:
            problems.append(_("Plan at least one tranche of the grant."))
    return problems


def preparation_initial(grant: Grant) -> dict[str, Any]:
    """What the preparation form starts from: the offer's dates and parties (representatives from the
    profiles), the organisation's account, the grant in each year (evenly, the rest in the last year)
    and one tranche of the whole grant when the task starts."""
    offer = grant.offer
    version = latest_version(offer) if offer is not None else None
    start, end = task_dates(version) if version is not None else (None, None)
    parties = parties_from_offer(offer, version) if offer is not None and version is not None else []
    amount = grant.amount_awarded
    years: dict[int, Decimal] = {}
    if start is not None and end is not None and end >= start:
        span = list(range(start.year, end.year + 1))
        share = (amount / len(span)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        years = dict.fromkeys(span, share)
        years[span[-1]] = amount - share * (len(span) - 1)
    return {
        "parties": parties,
        "bank_account": getattr(getattr(offer, "organisation", None), "bank_account", "") or "",
        "start_date": start,
        "end_date": end,
        "cost_shift_percent": legal_value("agreement.default_cost_shift_percent", tenant=grant.tenant),
        "years": years,
        "tranches": [(start, amount)] if start is not None else [],
    }


def _unique(addresses: list[str]) -> list[str]:
    """Each address once (case-insensitive), in the order given, without empty ones."""
    seen: set[str] = set()
    result = []
    for address in addresses:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result


def party_addresses(agreement: Agreement, *, organisations: bool = True, members: bool = False) -> list[str]:
    """Where to e-mail the organisations party to the agreement: their own addresses and the offer's contact
    (`organisations`) and, with `members`, their active members' addresses; each once."""
    ids = party_organisation_ids(agreement)
    found: list[str] = []
    with scopes_disabled():
        if organisations:
            found += Organisation.objects.filter(pk__in=ids).values_list("email", flat=True)
            found.append(agreement.offer.contact_email)
        if members:
            found += OrganisationMember.objects.filter(organisation_id__in=ids, user__is_active=True).values_list(
                "user__email", flat=True
            )
    return _unique(found)


def office_addresses(agreement: Agreement) -> list[str]:
    """The active office staff of the agreement's local government (its general address when it has none)."""
    with scopes_disabled():
        emails = list(
            Membership.objects.filter(tenant_id=agreement.tenant_id, role__in=STAFF_ROLES, user__is_active=True)
            .order_by("user__email")
            .values_list("user__email", flat=True)
        )
    if not emails and agreement.tenant.email:
        emails = [agreement.tenant.email]
    return sorted(_unique(emails), key=str.lower)


# Work waiting (core.worklist: agreements/worklist.py) -----------------------------------------------------

# Tranches to be paid within this many days (and those overdue) are the office's work waiting.
TRANCHE_HORIZON_DAYS = 14


def offers_with_update_to_review(tenant: Any) -> QuerySet[Offer]:
    """Offer updates (aktualizacje) submitted and awaiting the office, oldest first: offers awarded less than
    requested, as the review page finds them (selectors_updates.updated_offers)."""
    return (
        Offer.objects.filter(
            tenant=tenant,
            state=OfferState.UPDATE_SUBMITTED,
            award__isnull=False,
            award__amount__gt=0,
            award__amount__lt=F("award__requested"),
        )
        .select_related("organisation", "call")
        .order_by("state_changed_at", "pk")
    )


def agreements_to_sign(tenant: Any) -> QuerySet[Agreement]:
    """Agreements prepared and awaiting signatures, oldest first."""
    return (
        Agreement.objects.filter(tenant=tenant, state=AgreementState.DRAFT)
        .select_related("offer__organisation")
        .order_by("created_at", "pk")
    )


def tranches_due(tenant: Any, *, horizon: int = TRANCHE_HORIZON_DAYS) -> QuerySet[Tranche]:
    """Unpaid tranches of signed agreements due within `horizon` days or overdue, the earliest first."""
    until = timezone.localdate() + dt.timedelta(days=horizon)
    return (
        Tranche.objects.filter(
            tenant=tenant, agreement__state=AgreementState.SIGNED, paid_on__isnull=True, due_date__lte=until
        )
        .select_related("agreement__offer__organisation")
        .order_by("due_date", "pk")
    )


def overdue_tranche_count(tenant: Any) -> int:
    return tranches_due(tenant).filter(due_date__lt=timezone.localdate()).count()


def next_tranches_of_agreements_across_tenants(agreement_ids: list[int]) -> dict[int, Tranche]:
    """Per agreement: its earliest unpaid tranche (two queries for any number of agreements). Crosses
    tenants on purpose, for the agreements a selector found through the person's memberships."""
    with scopes_disabled():
        firsts = (
            Tranche.objects.filter(agreement_id__in=agreement_ids, paid_on__isnull=True)
            .values("agreement_id")
            .annotate(first=Min("number"))
            .order_by()
        )
        wanted = Q(pk__in=[])
        for row in firsts:
            wanted |= Q(agreement_id=row["agreement_id"], number=row["first"])
        if not firsts:
            return {}
        return {t.agreement_id: t for t in Tranche.objects.filter(wanted)}


def pending_annexes_of_agreements_across_tenants(agreement_ids: list[int]) -> dict[int, Annex]:
    """Per agreement: its annex request awaiting the office (one query). Crosses tenants on purpose, for the
    agreements a selector found through the person's memberships."""
    with scopes_disabled():
        return {
            a.agreement_id: a for a in Annex.objects.filter(agreement_id__in=agreement_ids, state=AnnexState.REQUESTED)
        }


def partial_reports_due_across_tenants(agreement_ids: list[int]) -> list[AgreementYear]:
    """The partial reports (one per budget year of a multi-year agreement) due under these agreements, by
    date: for the organisations' own calendar, read across local governments by the agreements' ids."""
    if not agreement_ids:
        return []
    with scopes_disabled():
        return list(
            AgreementYear.objects.filter(agreement_id__in=agreement_ids, partial_report_due__isnull=False).order_by(
                "partial_report_due", "pk"
            )
        )


def unpaid_tranches_across_tenants(agreement_ids: list[int]) -> list[Tranche]:
    """Tranches of these agreements not paid yet, by the date they are due (what an organisation expects)."""
    if not agreement_ids:
        return []
    with scopes_disabled():
        return list(
            Tranche.objects.filter(agreement_id__in=agreement_ids, paid_on__isnull=True).order_by("due_date", "pk")
        )


def prepared_on(agreement: Agreement) -> dt.date:
    """The day the deadlines were computed from the legal parameters: when the agreement was prepared."""
    created = getattr(agreement, "created_at", None)
    return timezone.localdate(created) if created else timezone.localdate()


def legal_days_as_prepared(key: str, agreement: Agreement) -> int | None:
    """A day count of the law in force when the agreement was prepared (None: no value then)."""
    try:
        return legal_days(key, on=prepared_on(agreement), tenant=agreement.tenant)
    except LegalParameterMissing:
        return None


def date_problems(agreement: Agreement, years: list[Any], tranches: list[Any]) -> list[str]:
    """Dates of the agreement that do not agree with each other or with the legal parameters: notes for the
    office's lawyer on its screen, never on the document."""
    problems = []
    start, end, use = agreement.start_date, agreement.end_date, agreement.grant_use_deadline
    if use < end:
        problems.append(_("The deadline to use the grant is before the task ends."))
    if use > dt.date(end.year, 12, 31):
        problems.append(_("The deadline to use the grant is after 31 December of the year the task ends."))
    if agreement.return_deadline <= use:
        problems.append(_("The deadline to return the unused grant is not after the deadline to use it."))
    return_days = legal_days_as_prepared("agreement.unused_return_days", agreement)
    if return_days is not None and agreement.return_deadline != use + dt.timedelta(days=return_days):
        problems.append(
            _("The deadline to return the unused grant is not %(days)s days after the deadline to use it.")
            % {"days": return_days}
        )
    report_days = legal_days_as_prepared("agreement.final_report_days", agreement)
    if report_days is not None and agreement.final_report_due != end + dt.timedelta(days=report_days):
        problems.append(_("The final report is not due %(days)s days after the task ends.") % {"days": report_days})
    for year in years:
        if year.partial_report_due and not (dt.date(year.year, 12, 31) < year.partial_report_due <= end):
            problems.append(
                _("The partial report for %(year)s is not due after that year and before the task ends.")
                % {"year": year.year}
            )
    for tranche in tranches:
        if tranche.due_date > use:
            problems.append(
                _("Tranche %(number)s is due after the deadline to use the grant.") % {"number": tranche.number}
            )
    if start > end:  # the database refuses it; kept for an agreement built in memory
        problems.append(_("The task ends before it starts."))
    return problems
