"""Forming the competition commission (art. 15 ust. 2a–2da): recruitment of NGO candidates,
nominations, members, the reason for working without NGO members, and the appointing order.

Every write checks the actor (office staff of the call's local government; for a nomination an
owner or editor of the nominating organisation), runs in one transaction and records an audit
event. E-mails are queued after commit.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.accounts.models import User
from pozytek.accounts.permissions import is_tenant_staff
from pozytek.competitions.models import Call
from pozytek.competitions.selectors import organisations_to_notify
from pozytek.core.audit import record_event
from pozytek.core.workflow import apply_transition
from pozytek.evaluation.models import Commission, CommissionMember, Nomination, Recruitment
from pozytek.evaluation.selectors import members_of, participating_organisation_ids
from pozytek.evaluation.states import (
    CommissionState,
    MemberKind,
    MemberRole,
    RecruitmentState,
    WithoutNgoReason,
)
from pozytek.notifications.services import queue_email_text
from pozytek.organisations.permissions import is_member

NUMBER_MAX_LENGTH = 60

# Reads used by the commission's pages -----------------------------------------------------------
# (Tenant-filtered lookups by id: another tenant's id gives 404.)


def recruitment_of_tenant(tenant: Any, pk: int) -> Recruitment:
    """A recruitment of this local government, with its commission and call, or 404."""
    recruitment: Recruitment | None = (
        Recruitment.objects.filter(tenant=tenant, pk=pk).select_related("commission__call", "commission").first()
    )
    if recruitment is None:
        raise Http404
    return recruitment


def recruitment_of(commission: Commission) -> Recruitment | None:
    return Recruitment.objects.filter(commission=commission).first()


def member_of_commission(commission: Commission, pk: int) -> CommissionMember:
    member: CommissionMember | None = (
        CommissionMember.objects.filter(commission=commission, pk=pk).select_related("user").first()
    )
    if member is None:
        raise Http404
    return member


def nomination_of_commission(commission: Commission, pk: int) -> Nomination | None:
    return (
        Nomination.objects.filter(recruitment__commission=commission, pk=pk)
        .select_related("organisation", "candidate")
        .first()
    )


def recruitment_is_open(recruitment: Recruitment, now: dt.datetime | None = None) -> bool:
    moment = now or timezone.now()
    return recruitment.state == RecruitmentState.OPEN and moment < recruitment.deadline


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


# Writes ------------------------------------------------------------------------------------------


def _check_officer(actor: Any, tenant: Any) -> None:
    if not is_tenant_staff(actor, tenant):
        raise PermissionDenied(_("You do not have a role in this office that allows this."))


def _lock(commission: Commission) -> Commission:
    locked: Commission = Commission.objects.select_for_update(of=("self",)).select_related("call").get(pk=commission.pk)
    return locked


def _check_forming(commission: Commission) -> None:
    if commission.state != CommissionState.FORMING:
        raise ValidationError(_("The commission has already been appointed: its composition can no longer change."))


@transaction.atomic
def ensure_commission(*, call: Call, actor: Any) -> Commission:
    """The call's commission, created (state: being formed) the first time the office opens it."""
    _check_officer(actor, call.tenant)
    existing: Commission | None = Commission.objects.filter(call=call).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            commission: Commission = Commission.objects.create(tenant=call.tenant, call=call)
    except IntegrityError:  # created by a parallel request in between
        created: Commission = Commission.objects.get(call=call)
        return created
    record_event(actor=actor, subject=commission, action="commission.create", data={"call": call.pk})
    return commission


@transaction.atomic
def open_recruitment(*, commission: Commission, actor: Any, deadline: dt.datetime, description: str) -> Recruitment:
    """Open the call for NGO candidates and e-mail the organisations of the call's spheres (one message each)."""
    _check_officer(actor, commission.tenant)
    locked = _lock(commission)
    _check_forming(locked)
    if Recruitment.objects.filter(commission=locked).exists():
        raise ValidationError(_("The recruitment has already been opened."))
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline for nominations must be in the future.")})
    recruitment: Recruitment = Recruitment.objects.create(
        tenant=locked.tenant,
        commission=locked,
        deadline=deadline,
        description=description.strip(),
        opened_by=actor,
    )
    record_event(
        actor=actor,
        subject=locked,
        action="commission.open_recruitment",
        data={"recruitment": recruitment.pk, "deadline": deadline.isoformat()},
    )
    call = locked.call
    for organisation in organisations_to_notify(call):
        queue_email_text(
            to=[organisation.email],
            template="evaluation/email/commission_recruitment.txt",
            context={"recruitment": recruitment, "call": call, "tenant": locked.tenant, "organisation": organisation},
        )
    return recruitment


@transaction.atomic
def close_recruitment(*, recruitment: Recruitment, actor: Any) -> Recruitment:
    """No more nominations (the office may close it before the deadline too)."""
    return apply_transition(recruitment, "close", actor=actor)


@transaction.atomic
def nominate_candidate(
    *, recruitment: Recruitment, organisation: Any, actor: Any, candidate_email: str, statement: str
) -> Nomination:
    """An organisation nominates a person (with an account) while the recruitment is open; one per organisation.

    A nominee of an organisation taking part in the call is accepted, but cannot be appointed (art. 15 ust. 2d).
    """
    if not is_member(actor, organisation):
        raise PermissionDenied(_("Only owners and editors of the organisation can nominate on its behalf."))
    locked: Recruitment = (
        Recruitment.objects.select_for_update(of=("self",)).select_related("commission").get(pk=recruitment.pk)
    )
    if not recruitment_is_open(locked) or locked.commission.state != CommissionState.FORMING:
        raise ValidationError(_("The recruitment of candidates is closed."))
    candidate = user_by_email(candidate_email)
    if candidate is None:
        raise ValidationError(
            {
                "candidate_email": _(
                    "There is no account with this e-mail address. Ask the candidate to create an account "
                    "first, then nominate them."
                )
            }
        )
    try:
        with transaction.atomic():
            nomination: Nomination = Nomination.objects.create(
                tenant=locked.tenant,
                recruitment=locked,
                organisation=organisation,
                candidate=candidate,
                statement=statement.strip(),
                nominated_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"organisation": _("This organisation has already nominated a candidate in this recruitment.")}
        ) from error
    record_event(
        actor=actor,
        subject=locked.commission,
        action="commission.nominate",
        data={"nomination": nomination.pk, "organisation": organisation.pk, "candidate": candidate.pk},
    )
    return nomination


@transaction.atomic
def add_member(
    *,
    commission: Commission,
    actor: Any,
    user_email: str,
    role: str,
    kind: str,
    represents: str,
    nomination: Nomination | None = None,
) -> CommissionMember:
    """Give someone a seat while the commission is being formed.

    NGO members come only from a nomination of an organisation that takes part in no offer of the call;
    experts (advisory vote) are of the kind "expert" and only they; one chair; a person sits once.
    """
    _check_officer(actor, commission.tenant)
    locked = _lock(commission)
    _check_forming(locked)
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if kind not in MemberKind.values:
        raise ValidationError({"kind": _("Choose whom the member represents.")})
    if (role == MemberRole.EXPERT) != (kind == MemberKind.EXPERT):
        raise ValidationError(
            {"role": _("Experts with specialist knowledge sit with an advisory vote: choose “expert” for both.")}
        )
    user = user_by_email(user_email) if user_email.strip() else None
    if kind == MemberKind.NGO:
        if nomination is None or nomination.recruitment.commission_id != locked.pk:
            raise ValidationError({"nomination": _("A person representing organisations must come from a nomination.")})
        if nomination.organisation_id in participating_organisation_ids(locked.call):
            raise ValidationError(
                {
                    "nomination": _(
                        "%(organisation)s takes part in this call: the person it nominated cannot sit in the "
                        "commission (art. 15 ust. 2d)."
                    )
                    % {"organisation": nomination.organisation.name}
                }
            )
        if user is not None and user.pk != nomination.candidate_id:
            raise ValidationError({"user_email": _("This is not the e-mail address of the nominated person.")})
        user = nomination.candidate
        represents = represents.strip() or nomination.organisation.name
    elif nomination is not None:
        raise ValidationError({"nomination": _("Only persons representing organisations come from a nomination.")})
    if user is None:
        raise ValidationError(
            {
                "user_email": _(
                    "There is no account with this e-mail address. Ask the person to create an account first."
                )
            }
        )
    if kind == MemberKind.OFFICE and not represents.strip():
        represents = locked.tenant.name
    if role == MemberRole.CHAIR and CommissionMember.objects.filter(commission=locked, role=MemberRole.CHAIR).exists():
        raise ValidationError({"role": _("The commission already has a chair.")})
    if CommissionMember.objects.filter(commission=locked, user=user).exists():
        raise ValidationError({"user_email": _("This person already sits in the commission.")})
    try:
        with transaction.atomic():
            member: CommissionMember = CommissionMember.objects.create(
                tenant=locked.tenant,
                commission=locked,
                user=user,
                role=role,
                kind=kind,
                nomination=nomination,
                represents=represents.strip()[:300],
            )
    except IntegrityError as error:  # a parallel request added the same person or a second chair
        raise ValidationError(_("This person already sits in the commission, or it already has a chair.")) from error
    record_event(
        actor=actor,
        subject=locked,
        action="commission.add_member",
        data={
            "member": member.pk,
            "user": user.pk,
            "role": role,
            "kind": kind,
            "nomination": getattr(nomination, "pk", None),
        },
    )
    return member


@transaction.atomic
def remove_member(*, member: CommissionMember, actor: Any) -> None:
    """Take a seat back while the commission is being formed."""
    _check_officer(actor, member.tenant)
    locked = _lock(member.commission)
    _check_forming(locked)
    data = {"member": member.pk, "user": member.user_id, "role": member.role, "kind": member.kind}
    CommissionMember.objects.filter(pk=member.pk, commission=locked).delete()
    record_event(actor=actor, subject=locked, action="commission.remove_member", data=data)


@transaction.atomic
def set_without_ngo_reason(*, commission: Commission, actor: Any, reason: str, note: str) -> Commission:
    """Record (or clear, with an empty reason) why the commission works without NGO members (art. 15 ust. 2da)."""
    _check_officer(actor, commission.tenant)
    locked = _lock(commission)
    _check_forming(locked)
    if reason and reason not in WithoutNgoReason.values:
        raise ValidationError({"reason": _("Choose one of the cases the law allows.")})
    if reason and any(m.kind == MemberKind.NGO for m in members_of(locked)):
        raise ValidationError(
            {"reason": _("The commission has members nominated by organisations: remove them first.")}
        )
    locked.without_ngo_reason = reason
    locked.without_ngo_note = note.strip() if reason else ""
    locked.save(update_fields=["without_ngo_reason", "without_ngo_note", "updated_at"])
    record_event(
        actor=actor,
        subject=locked,
        action="commission.without_ngo_reason",
        data={"reason": reason, "note": locked.without_ngo_note},
    )
    return locked


@transaction.atomic
def appoint_commission(*, commission: Commission, actor: Any, number: str, date: dt.date) -> Commission:
    """Record the executive's appointing order and appoint the commission (guard: `appointment_problems`).

    Members are e-mailed a link to their workspace after commit.
    """
    _check_officer(actor, commission.tenant)
    locked = _lock(commission)
    if locked.state == CommissionState.FORMING:
        if len(number.strip()) > NUMBER_MAX_LENGTH:
            raise ValidationError({"number": _("The number is too long.")})
        if date > timezone.localdate():
            raise ValidationError({"date": _("The date of the order cannot be in the future.")})
        locked.appointment_number = number.strip()
        locked.appointment_date = date
        locked.save(update_fields=["appointment_number", "appointment_date", "updated_at"])
    appointed = apply_transition(
        locked,
        "appoint",
        actor=actor,
        data={"number": number.strip(), "date": date.isoformat()},
    )
    for member in members_of(appointed):
        if member.user.email:
            queue_email_text(
                to=[member.user.email],
                template="evaluation/email/commission_appointed.txt",
                context={"commission": appointed, "call": appointed.call, "tenant": appointed.tenant, "member": member},
            )
    return appointed
