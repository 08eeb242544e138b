"""Reads of regranting: operators and what is left of their pools, sub-calls, applications with their average
score, micro-grants (the public list and the programme's report read them here)."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.agreements.models import Agreement
from pozytek.agreements.states import AgreementState
from pozytek.grants.sub_grants import SubGrant
from pozytek.organisations.models import OrganisationMember
from pozytek.regranting.models import Application, ApplicationScore, CommitteeMember, MicroGrant, Operator, SubCall
from pozytek.regranting.states import ApplicationState, SubCallState

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def money(value: Decimal | float | None) -> Decimal:
    """Two decimal places (SQLite sums decimals as floats)."""
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def operator_of(obj: Any) -> Operator:
    """The operator an object belongs to: the operator itself, a sub-call, an application, a micro-grant."""
    if isinstance(obj, Operator):
        return obj
    if isinstance(obj, Application):
        return obj.sub_call.operator
    return obj.operator  # type: ignore[no-any-return]


def is_committee_member(user: Any, operator: Operator) -> bool:
    return CommitteeMember.objects.filter(operator=operator, user=user).exists()


def committee_seat(user: Any, operator: Operator) -> CommitteeMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CommitteeMember.objects.filter(operator=operator, user=user).first()


# Operators -----------------------------------------------------------------------------------------------


def _operators(tenant: Any) -> QuerySet[Operator]:
    return Operator.objects.filter(tenant=tenant).select_related(
        "organisation", "agreement", "agreement__offer", "agreement__offer__call"
    )


def operators_of_tenant(tenant: Any) -> QuerySet[Operator]:
    return (
        _operators(tenant)
        .annotate(awarded=Sum("micro_grants__amount"), micro_grant_count=Count("micro_grants"))
        .order_by("name", "pk")
    )


def operator_in(tenant: Any, pk: int) -> Operator | None:
    return _operators(tenant).filter(pk=pk).first()


def operators_kept_by(user: Any, tenant: Any) -> QuerySet[Operator]:
    """The operators of `tenant` whose organisation the person keeps, or on whose committee they sit."""
    if not getattr(user, "is_authenticated", False):
        return Operator.objects.none()
    kept = OrganisationMember.objects.filter(user=user).values("organisation")
    seats = CommitteeMember.objects.filter(tenant=tenant, user=user).values("operator")
    return _operators(tenant).filter(organisation__in=kept) | _operators(tenant).filter(pk__in=seats)


def agreements_to_name_operators(tenant: Any) -> QuerySet[Agreement]:
    """Signed agreements of competition offers whose organisation is not yet an operator under them."""
    taken = Operator.objects.filter(tenant=tenant).values("agreement")
    return (
        Agreement.objects.filter(tenant=tenant, state=AgreementState.SIGNED, offer__call__isnull=False)
        .exclude(pk__in=taken)
        .select_related("offer", "offer__organisation", "offer__call")
        .order_by("-concluded_on", "-pk")
    )


@dataclass(frozen=True)
class PoolUse:
    """An operator's pool: what its micro-grants take, what its calls set aside, what is left."""

    pool: Decimal
    awarded: Decimal
    shared_out: Decimal

    @property
    def left(self) -> Decimal:
        return max(self.pool - self.awarded, ZERO)

    @property
    def unshared(self) -> Decimal:
        return max(self.pool - self.shared_out, ZERO)


def awarded_sum(operator: Operator) -> Decimal:
    return money(MicroGrant.objects.filter(operator=operator).aggregate(t=Sum("amount"))["t"])


def shared_out_sum(operator: Operator, *, excluding: SubCall | None = None) -> Decimal:
    """The funds the operator's calls set aside (drafts included: a draft cannot be published past the pool)."""
    calls = SubCall.objects.filter(operator=operator)
    if excluding is not None:
        calls = calls.exclude(pk=excluding.pk)
    return money(calls.aggregate(t=Sum("pool_share"))["t"])


def pool_use(operator: Operator) -> PoolUse:
    return PoolUse(pool=operator.pool, awarded=awarded_sum(operator), shared_out=shared_out_sum(operator))


# Sub-calls and applications --------------------------------------------------------------------------------


def sub_calls_of(operator: Operator) -> QuerySet[SubCall]:
    calls: QuerySet[SubCall] = (
        SubCall.objects.filter(operator=operator)
        .annotate(awarded=Sum("applications__micro_grant__amount"), application_count=Count("applications"))
        .order_by("-number")
    )
    return calls


def public_sub_calls(operator: Operator) -> QuerySet[SubCall]:
    return SubCall.objects.filter(operator=operator).exclude(state=SubCallState.DRAFT).order_by("-number")


def sub_call_of(operator: Operator, pk: int) -> SubCall | None:
    return SubCall.objects.filter(operator=operator, pk=pk).select_related("operator", "tenant").first()


def public_sub_call(operator: Operator, pk: int) -> SubCall | None:
    return public_sub_calls(operator).select_related("operator").filter(pk=pk).first()


def open_sub_calls(tenant: Any, *, now: dt.datetime | None = None) -> QuerySet[SubCall]:
    """The tenant's sub-calls taking applications now."""
    moment = now or timezone.now()
    return (
        SubCall.objects.filter(tenant=tenant, state=SubCallState.PUBLISHED, deadline__gt=moment)
        .select_related("operator")
        .order_by("deadline", "pk")
    )


def taking_applications(sub_call: SubCall, *, now: dt.datetime | None = None) -> bool:
    return sub_call.state == SubCallState.PUBLISHED and sub_call.deadline > (now or timezone.now())


def awarded_in_sub_call(sub_call: SubCall) -> Decimal:
    return money(MicroGrant.objects.filter(application__sub_call=sub_call).aggregate(t=Sum("amount"))["t"])


def applications_of(sub_call: SubCall) -> QuerySet[Application]:
    """The call's applications with their average score and the number of scores."""
    applications: QuerySet[Application] = (
        Application.objects.filter(sub_call=sub_call)
        .annotate(average=Avg("scores__points"), score_count=Count("scores"))
        .select_related("micro_grant")
        .order_by("created_at", "pk")
    )
    return applications


def applications_of_operator(operator: Operator) -> QuerySet[Application]:
    applications: QuerySet[Application] = (
        Application.objects.filter(sub_call__operator=operator)
        .annotate(average=Avg("scores__points"), score_count=Count("scores"))
        .select_related("sub_call")
        .order_by("sub_call__number", "created_at", "pk")
    )
    return applications


def application_of(operator: Operator, pk: int) -> Application | None:
    return (
        Application.objects.filter(sub_call__operator=operator, pk=pk)
        .select_related("sub_call", "sub_call__operator", "organisation", "tenant")
        .first()
    )


def scores_of(application: Application) -> QuerySet[ApplicationScore]:
    return (
        ApplicationScore.objects.filter(application=application).select_related("member").order_by("member__name", "pk")
    )


def average_score(application: Application) -> Decimal | None:
    average = ApplicationScore.objects.filter(application=application).aggregate(a=Avg("points"))["a"]
    return None if average is None else money(average)


def committee_of(operator: Operator) -> QuerySet[CommitteeMember]:
    return CommitteeMember.objects.filter(operator=operator).select_related("user").order_by("name", "pk")


# Micro-grants ---------------------------------------------------------------------------------------------


def micro_grants_of(operator: Operator) -> QuerySet[MicroGrant]:
    return MicroGrant.objects.filter(operator=operator).select_related("application").order_by("-awarded_on", "-pk")


def micro_grant_of(operator: Operator, pk: int) -> MicroGrant | None:
    return (
        MicroGrant.objects.filter(operator=operator, pk=pk)
        .select_related("operator", "operator__organisation", "operator__agreement", "application", "tenant")
        .first()
    )


def micro_grants_of_year(tenant: Any, year: int) -> QuerySet[MicroGrant]:
    """The tenant's micro-grants awarded in `year` (every operator), for the programme's report."""
    return (
        MicroGrant.objects.filter(tenant=tenant, awarded_on__year=year)
        .select_related("operator", "application__sub_call")
        .order_by("awarded_on", "pk")
    )


# Work waiting ---------------------------------------------------------------------------------------------


def applications_to_decide_across_tenants(user: Any) -> list[Application]:
    """Applications of closed calls awaiting the decision of an operator the person keeps, in every local
    government (the organisations' dashboard); one query."""
    if not getattr(user, "is_authenticated", False):
        return []
    kept = OrganisationMember.objects.filter(user=user).values("organisation")
    with scopes_disabled():
        return list(
            Application.objects.filter(
                sub_call__operator__organisation__in=kept,
                sub_call__state=SubCallState.CLOSED,
                state=ApplicationState.SUBMITTED,
            )
            .select_related("tenant", "sub_call", "sub_call__operator")
            .order_by("sub_call__deadline", "pk")
        )


def micro_grants_under_grants(tenant: Any, grant_ids: list[int]) -> dict[int, list[SubGrant]]:
    """The micro-grants given out of each of these register grants (the operators' agreements' grants), by
    grant, for the register page (one query; grants.sub_grants)."""
    rows = (
        MicroGrant.objects.filter(tenant=tenant, operator__agreement__grant_id__in=grant_ids)
        .select_related("operator__agreement")
        .order_by("awarded_on", "pk")
    )
    found: dict[int, list[SubGrant]] = {}
    for grant in rows:
        found.setdefault(grant.operator.agreement.grant_id, []).append(
            SubGrant(
                number=grant.number,
                recipient=grant.recipient,
                title=grant.title,
                amount=grant.amount,
                status=str(grant.get_state_display()),
                url=reverse("regranting:operator", kwargs={"tenant_slug": tenant.slug, "operator": grant.operator_id}),
            )
        )
    return found
