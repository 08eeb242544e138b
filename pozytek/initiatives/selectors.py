"""Reads of local initiatives: the criteria in force, the parameters of the resolution (smallest group, hourly
rates), what blocks a submission, the totals of contributions promised and delivered, the office's lists
and the public done pages."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.core.workflow import Problem
from pozytek.initiatives.models import (
    Contribution,
    CriteriaSet,
    Criterion,
    GroupMember,
    Initiative,
    LocalAgreement,
    Milestone,
    Photo,
    Score,
)
from pozytek.initiatives.states import ApplicantKind, ContributionKind, InitiativeState, work_rate_key
from pozytek.legal.selectors import legal_days, legal_value

ZERO = Decimal("0.00")
CONFIRMATION_SALT = "pozytek.initiatives.member-confirmation"
PUBLIC_STATES = (InitiativeState.COMPLETED,)


def today() -> dt.date:
    """Today in Europe/Warsaw."""
    return timezone.localdate()


# The council's resolution ---------------------------------------------------------------------------------


def criteria_sets(tenant: Any) -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.filter(tenant=tenant).prefetch_related("criteria").order_by("-version")


def criteria_in_force(tenant: Any, *, on: dt.date | None = None) -> CriteriaSet | None:
    """The newest version in force on `on` (today by default)."""
    day = on or today()
    return (
        CriteriaSet.objects.filter(tenant=tenant, effective_from__lte=day)
        .prefetch_related("criteria")
        .order_by("-effective_from", "-version")
        .first()
    )


def min_group_members(tenant: Any, *, on: dt.date | None = None) -> int:
    """The smallest informal group of adult residents (the resolution's number; a tenant's row wins)."""
    return int(legal_value("initiative.min_group_members", on=on, tenant=tenant))


def work_rate(tenant: Any, kind: str, *, on: dt.date | None = None) -> Decimal:
    """The value of an hour of social work of `kind`, in force on `on`."""
    return legal_value(work_rate_key(kind), on=on, tenant=tenant)


def confirmation_days(tenant: Any) -> int:
    return legal_days("initiative.member_confirmation_days", tenant=tenant)


# One application ------------------------------------------------------------------------------------------


def _initiatives(tenant: Any) -> QuerySet[Initiative]:
    return Initiative.objects.filter(tenant=tenant).select_related("organisation", "coordinator", "criteria_set")


def office_initiative(tenant: Any, pk: int) -> Initiative | None:
    return _initiatives(tenant).filter(pk=pk).first()


def coordinators_initiative(tenant: Any, user: Any, pk: int) -> Initiative | None:
    """The application if `user` coordinates it (anyone else: None, a 404)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _initiatives(tenant).filter(pk=pk, coordinator=user).first()


def initiatives_of(tenant: Any, user: Any) -> QuerySet[Initiative]:
    if not getattr(user, "is_authenticated", False):
        return Initiative.objects.none()
    return _initiatives(tenant).filter(coordinator=user).order_by("-created_at", "-pk")


def public_initiative(tenant: Any, pk: int) -> Initiative | None:
    """A done initiative: what the public may read."""
    return _initiatives(tenant).filter(pk=pk, state__in=PUBLIC_STATES).first()


def done_initiatives(tenant: Any, *, limit: int = 200) -> QuerySet[Initiative]:
    return _initiatives(tenant).filter(state__in=PUBLIC_STATES).order_by("-completed_on", "-pk")[:limit]


def members_of(initiative: Initiative) -> list[GroupMember]:
    return list(GroupMember.objects.filter(initiative=initiative).order_by("pk"))


def contributions_of(initiative: Initiative) -> list[Contribution]:
    return list(
        Contribution.objects.filter(initiative=initiative).prefetch_related("deliveries").order_by("kind", "pk")
    )


def milestones_of(initiative: Initiative) -> list[Milestone]:
    return list(Milestone.objects.filter(initiative=initiative).order_by("due_on", "pk"))


def photos_of(initiative: Initiative) -> list[Photo]:
    return list(Photo.objects.filter(initiative=initiative).order_by("pk"))


def photo_of(initiative: Initiative, pk: int) -> Photo | None:
    return Photo.objects.filter(initiative=initiative, pk=pk).first()


def agreement_of(initiative: Initiative) -> LocalAgreement | None:
    return LocalAgreement.objects.filter(initiative=initiative).prefetch_related("office_items").first()


# Totals -----------------------------------------------------------------------------------------------------


@dataclass
class Totals:
    """Promised and delivered contributions by kind, the estimate, and the office's share (Decimal sums)."""

    promised: dict[str, Decimal] = field(default_factory=dict)
    delivered: dict[str, Decimal] = field(default_factory=dict)
    hours_promised: Decimal = Decimal(0)
    hours_delivered: Decimal = Decimal(0)
    estimate: Decimal = ZERO
    office: Decimal = ZERO

    @property
    def residents(self) -> Decimal:
        return sum(self.promised.values(), ZERO)

    @property
    def residents_delivered(self) -> Decimal:
        return sum(self.delivered.values(), ZERO)


def totals_of(
    initiative: Initiative,
    *,
    contributions: list[Contribution] | None = None,
    agreement: LocalAgreement | None = None,
) -> Totals:
    rows = contributions if contributions is not None else contributions_of(initiative)
    totals = Totals(
        promised=dict.fromkeys(ContributionKind.values, ZERO),
        delivered=dict.fromkeys(ContributionKind.values, ZERO),
    )
    for row in rows:
        totals.promised[row.kind] += row.value
        for delivery in row.deliveries.all():
            totals.delivered[row.kind] += delivery.value
            if row.kind == ContributionKind.WORK:
                totals.hours_delivered += delivery.hours or 0
        if row.kind == ContributionKind.WORK:
            totals.hours_promised += row.hours or 0
    totals.estimate = sum((item.amount for item in initiative.estimate.all()), ZERO)
    if agreement is not None:
        totals.office = sum((item.value for item in agreement.office_items.all()), ZERO)
    return totals


# What blocks a move ---------------------------------------------------------------------------------------


def submission_problems(initiative: Initiative) -> list[Problem]:
    """Everything an application needs before it can be submitted, each tied to its section."""
    problems: list[Problem] = []
    if not initiative.description.strip() or not initiative.place.strip():
        problems.append(Problem(_("Describe the task and give its place."), "task"))
    if initiative.starts_on is None or initiative.ends_on is None:
        problems.append(Problem(_("Give the start and end of the task."), "task"))
    elif initiative.ends_on < initiative.starts_on:
        problems.append(Problem(_("The end cannot be before the start."), "task"))
    if not Milestone.objects.filter(initiative=initiative).exists():
        problems.append(Problem(_("Add at least one step of the schedule."), "schedule"))
    if not initiative.estimate.exists():
        problems.append(Problem(_("Add the cost estimate."), "estimate"))
    if not Contribution.objects.filter(initiative=initiative).exists():
        problems.append(Problem(_("Add the residents' contribution: social work, in kind or cash."), "contribution"))
    if criteria_in_force(initiative.tenant) is None:
        problems.append(
            Problem(_("The office has not yet entered the council's criteria: applications cannot be filed."), "")
        )
    if initiative.applicant_kind == ApplicantKind.ORGANISATION:
        if initiative.organisation_id is None:
            problems.append(Problem(_("Choose the organisation that applies."), "task"))
        return problems
    members = members_of(initiative)
    smallest = min_group_members(initiative.tenant)
    if len(members) < smallest:
        problems.append(
            Problem(
                _("A group of residents needs at least %(min)d adult residents; it has %(count)d.")
                % {"min": smallest, "count": len(members)},
                "members",
            )
        )
    waiting = [m.full_name for m in members if m.confirmed_at is None]
    if waiting:
        problems.append(
            Problem(
                _("Not every member has confirmed by e-mail yet: %(names)s.") % {"names": ", ".join(waiting)},
                "members",
            )
        )
    return problems


def scoring_problems(initiative: Initiative) -> list[Problem]:
    """The application is scored on every criterion of the set it was filed under."""
    if initiative.criteria_set_id is None:
        return [Problem(_("The application has no criteria to be scored against."), "score")]
    wanted = set(Criterion.objects.filter(criteria_set_id=initiative.criteria_set_id).values_list("pk", flat=True))
    scored = set(Score.objects.filter(initiative=initiative).values_list("criterion_id", flat=True))
    if wanted - scored:
        return [Problem(_("Score every criterion before approving."), "score")]
    return []


def agreement_problems(initiative: Initiative) -> list[Problem]:
    agreement = agreement_of(initiative)
    if agreement is None:
        return [Problem(_("Prepare the agreement first."), "agreement")]
    if not agreement.office_items.exists():
        return [Problem(_("List what the office buys or lends."), "agreement")]
    return []


def scores_of(initiative: Initiative) -> dict[int, int]:
    """Points given, by criterion."""
    return dict(Score.objects.filter(initiative=initiative).values_list("criterion_id", "points"))


def criteria_of(initiative: Initiative) -> list[Criterion]:
    if initiative.criteria_set_id is None:
        return []
    return list(Criterion.objects.filter(criteria_set_id=initiative.criteria_set_id).order_by("order", "pk"))


# The office's lists ---------------------------------------------------------------------------------------


def initiatives_for_office(tenant: Any) -> QuerySet[Initiative]:
    return _initiatives(tenant).exclude(state=InitiativeState.DRAFT).order_by("state", "-submitted_at", "-pk")


def awaiting_assessment(tenant: Any) -> QuerySet[Initiative]:
    return _initiatives(tenant).filter(state=InitiativeState.SUBMITTED).order_by("submitted_at", "pk")


def awaiting_agreement(tenant: Any) -> QuerySet[Initiative]:
    return _initiatives(tenant).filter(state=InitiativeState.APPROVED).order_by("decided_at", "pk")


def in_progress(tenant: Any) -> QuerySet[Initiative]:
    return _initiatives(tenant).filter(state=InitiativeState.CONTRACTED).order_by("ends_on", "pk")


# The member's confirmation link ---------------------------------------------------------------------------


def member_from_token(tenant: Any, token: str) -> GroupMember | None:
    """The member a signed link names, while it is valid and in this local government; None otherwise."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=dt.timedelta(days=confirmation_days(tenant)))
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        GroupMember.objects.filter(tenant=tenant, pk=data.get("m"), email=data.get("e"))
        .select_related("initiative__coordinator", "tenant")
        .first()
    )
