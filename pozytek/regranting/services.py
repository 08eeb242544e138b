"""Writes of regranting (art. 16a): the office names an operator with its pool; the operator names its
committee, publishes and closes calls; residents' groups and small organisations apply; the committee
scores; the operator decides within its pool (serialised on the operator's row), signs and settles."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.accounts.permissions import is_tenant_staff
from pozytek.agreements.models import Agreement
from pozytek.agreements.states import AgreementState
from pozytek.core.audit import record_event
from pozytek.core.money import format_amount
from pozytek.core.workflow import KEEPERS_ONLY, OFFICE_ONLY, apply_transition
from pozytek.organisations.models import Organisation
from pozytek.regranting.models import Application, ApplicationScore, CommitteeMember, MicroGrant, Operator, SubCall
from pozytek.regranting.permissions import is_operator_keeper
from pozytek.regranting.selectors import (
    awarded_in_sub_call,
    awarded_sum,
    committee_seat,
    shared_out_sum,
    taking_applications,
)
from pozytek.regranting.states import ApplicantKind, ApplicationState, SubCallState

Errors = dict[str, list[str]]


def _pln(amount: Decimal) -> str:
    return format_amount(amount, currency=True)


def _require_keeper(actor: Any, obj: Any) -> None:
    if not is_operator_keeper(actor, obj):
        raise PermissionDenied(KEEPERS_ONLY)


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def name_operator(*, tenant: Any, agreement: Agreement, pool: Decimal, actor: Any) -> Operator:
    """The office names the organisation of a signed agreement (won in a regranting call) a project operator,
    with the part of the grant meant for micro-grants."""
    if not is_tenant_staff(actor, tenant):
        raise PermissionDenied(OFFICE_ONLY)
    locked = Agreement.objects.select_for_update().select_related("offer__organisation").get(pk=agreement.pk)
    errors: Errors = {}
    if locked.tenant_id != tenant.pk or locked.state != AgreementState.SIGNED:
        errors["agreement"] = [_("Choose a signed agreement of this local government.")]
    elif pool <= 0 or pool > locked.grant_amount:
        errors["pool"] = [
            _("The pool must be more than 0 and at most the agreement's grant (%(grant)s).")
            % {"grant": _pln(locked.grant_amount)}
        ]
    _raise(errors)
    organisation = locked.offer.organisation
    try:
        with transaction.atomic():
            operator: Operator = Operator.objects.create(
                tenant=tenant, agreement=locked, organisation=organisation, name=organisation.name, pool=pool
            )
    except IntegrityError:
        raise ValidationError({"agreement": [_("This agreement already has an operator.")]}) from None
    record_event(
        actor=actor,
        subject=operator,
        action="regranting.operator_named",
        data={"agreement": locked.pk, "pool": str(pool)},
    )
    return operator


@transaction.atomic
def add_committee_member(*, operator: Operator, actor: Any, email: str, name: str) -> CommitteeMember:
    """The operator names a person with an account on the platform to its committee."""
    _require_keeper(actor, operator)
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    errors: Errors = {}
    if user is None:
        errors["email"] = [_("No one has an account with this e-mail address: ask the person to sign up first.")]
    elif CommitteeMember.objects.filter(operator=operator, user=user).exists():
        errors["email"] = [_("This person is on the committee already.")]
    _raise(errors)
    member: CommitteeMember = CommitteeMember.objects.create(
        tenant=operator.tenant,
        operator=operator,
        user=user,
        name=name.strip() or getattr(user, "full_name", "") or email,
    )
    record_event(actor=actor, subject=operator, action="regranting.committee_added", data={"member": member.pk})
    return member


@transaction.atomic
def create_sub_call(
    *,
    operator: Operator,
    actor: Any,
    title: str,
    rules: str,
    deadline: dt.datetime,
    pool_share: Decimal,
    max_grant: Decimal,
) -> SubCall:
    """A draft call for micro-grants; its funds come out of the operator's pool (checked on the operator's row)."""
    _require_keeper(actor, operator)
    locked = Operator.objects.select_for_update().get(pk=operator.pk)
    errors: Errors = {}
    if deadline <= timezone.now():
        errors["deadline"] = [_("The deadline must be in the future.")]
    if max_grant > pool_share:
        errors["max_grant"] = [_("The largest micro-grant cannot be more than the funds of the call.")]
    left = locked.pool - shared_out_sum(locked)
    if pool_share > left:
        errors["pool_share"] = [
            _("The operator's pool has %(left)s not yet given to calls; this call asks for %(share)s.")
            % {"left": _pln(max(left, Decimal(0))), "share": _pln(pool_share)}
        ]
    _raise(errors)
    number = (
        SubCall.objects.filter(operator=locked).order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    sub_call: SubCall = SubCall.objects.create(
        tenant=locked.tenant,
        operator=locked,
        number=number,
        title=title.strip(),
        rules=rules.strip(),
        deadline=deadline,
        pool_share=pool_share,
        max_grant=max_grant,
    )
    record_event(actor=actor, subject=sub_call, action="regranting.sub_call_created", data={"share": str(pool_share)})
    return sub_call


@transaction.atomic
def publish_sub_call(*, sub_call: SubCall, actor: Any) -> SubCall:
    """Open the call for applications (the calls' funds checked against the pool under the operator's lock)."""
    Operator.objects.select_for_update().get(pk=sub_call.operator_id)
    moved: SubCall = apply_transition(
        sub_call, "publish", actor=actor, queryset=SubCall.objects.select_related("operator")
    )
    return moved


def close_sub_call(*, sub_call: SubCall, actor: Any) -> SubCall:
    """Close the call after its deadline: the committee scores, the operator decides."""
    moved: SubCall = apply_transition(
        sub_call, "close", actor=actor, queryset=SubCall.objects.select_related("operator")
    )
    return moved


@transaction.atomic
def submit_application(
    *,
    sub_call: SubCall,
    actor: Any,
    kind: str,
    leader_name: str,
    group_name: str,
    member_names: str,
    organisation: Organisation | None,
    organisation_name: str,
    title: str,
    description: str,
    amount: Decimal,
) -> Application:
    """A simplified application before the deadline (server clock): a group names its members, an
    organisation is chosen from the directory or named."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to apply."))
    locked = SubCall.objects.select_for_update().get(pk=sub_call.pk)
    errors: Errors = {}
    if not taking_applications(locked):
        errors["__all__"] = [_("This call does not take applications now.")]
    if amount <= 0 or amount > locked.max_grant:
        errors["amount"] = [
            _("A micro-grant in this call is more than 0 and at most %(max)s.") % {"max": _pln(locked.max_grant)}
        ]
    if not leader_name.strip():
        errors["leader_name"] = [_("Give the name of the person who leads the project.")]
    if kind == ApplicantKind.GROUP:
        if not group_name.strip():
            errors["group_name"] = [_("Give the group's name.")]
        if len([line for line in member_names.splitlines() if line.strip()]) < 2:
            errors["member_names"] = [_("Name at least two members of the group, one per line.")]
        organisation, organisation_name = None, ""
    elif kind == ApplicantKind.ORGANISATION:
        if organisation is not None:
            organisation_name = organisation.name
        elif not organisation_name.strip():
            errors["organisation_name"] = [_("Choose the organisation from the directory or give its name.")]
        group_name, member_names = "", ""
    else:
        errors["kind"] = [_("Say who applies.")]
    _raise(errors)
    application: Application = Application.objects.create(
        tenant=locked.tenant,
        sub_call=locked,
        kind=kind,
        leader=actor,
        leader_name=leader_name.strip(),
        group_name=group_name.strip(),
        member_names=member_names.strip(),
        organisation=organisation,
        organisation_name=organisation_name.strip(),
        title=title.strip(),
        description=description.strip(),
        amount_requested=amount,
    )
    record_event(actor=actor, subject=application, action="regranting.applied", data={"amount": str(amount)})
    return application


@transaction.atomic
def score_application(*, application: Application, actor: Any, points: int, comment: str) -> ApplicationScore:
    """A committee member's points for an application of a closed call (a second score replaces the first)."""
    seat = committee_seat(actor, application.sub_call.operator)
    if seat is None:
        raise PermissionDenied(_("Only the operator's committee scores applications."))
    locked = Application.objects.select_for_update().select_related("sub_call").get(pk=application.pk)
    errors: Errors = {}
    if locked.sub_call.state != SubCallState.CLOSED:
        errors["__all__"] = [_("Applications are scored after the call is closed.")]
    elif locked.state != ApplicationState.SUBMITTED:
        errors["__all__"] = [_("This application has been decided already.")]
    if not 0 <= points <= 100:
        errors["points"] = [_("Give from 0 to 100 points.")]
    _raise(errors)
    score: ApplicationScore
    score, _created = ApplicationScore.objects.update_or_create(
        application=locked,
        member=seat,
        defaults={"tenant": locked.tenant, "points": points, "comment": comment.strip()},
    )
    record_event(actor=actor, subject=locked, action="regranting.scored", data={"points": points})
    return score


def _pool_errors(application: Application, operator: Operator, amount: Decimal) -> Errors:
    sub_call = application.sub_call
    problems = []
    if amount <= 0:
        problems.append(_("Give the amount of the micro-grant."))
    if amount > application.amount_requested:
        problems.append(
            _("The micro-grant cannot be more than requested (%(requested)s).")
            % {"requested": _pln(application.amount_requested)}
        )
    if amount > sub_call.max_grant:
        problems.append(_("The call's largest micro-grant is %(max)s.") % {"max": _pln(sub_call.max_grant)})
    in_call = awarded_in_sub_call(sub_call)
    if in_call + amount > sub_call.pool_share:
        problems.append(
            _("The call's funds (%(share)s) have %(left)s left; this micro-grant needs %(amount)s.")
            % {
                "share": _pln(sub_call.pool_share),
                "left": _pln(max(sub_call.pool_share - in_call, Decimal(0))),
                "amount": _pln(amount),
            }
        )
    awarded = awarded_sum(operator)
    if awarded + amount > operator.pool:
        problems.append(
            _("The operator's pool (%(pool)s) has %(left)s left; this micro-grant needs %(amount)s.")
            % {
                "pool": _pln(operator.pool),
                "left": _pln(max(operator.pool - awarded, Decimal(0))),
                "amount": _pln(amount),
            }
        )
    return {"amount": problems} if problems else {}


@transaction.atomic
def decide_application(
    *, application: Application, actor: Any, award: bool, amount: Decimal | None, reason: str
) -> Application:
    """The operator's decision with a reason, after the call is closed. An award becomes a micro-grant within
    the call's funds and the operator's pool; awards of one operator are serialised on its row, so two at the
    same moment cannot both pass the pool."""
    _require_keeper(actor, application)
    operator = Operator.objects.select_for_update().select_related("agreement").get(pk=application.sub_call.operator_id)
    errors: Errors = {}
    if not reason.strip():
        errors["reason"] = [_("Give the reason for the decision.")]
    if award:
        errors.update(_pool_errors(application, operator, amount or Decimal(0)))
    _raise(errors)
    moved: Application = apply_transition(
        application,
        "award" if award else "reject",
        actor=actor,
        reason=reason.strip(),
        queryset=Application.objects.select_related("sub_call", "sub_call__operator"),
        changes={"decision_reason": reason.strip()},
        data={"amount": str(amount) if award else "0"},
    )
    if award and amount is not None:
        sequence = MicroGrant.objects.filter(operator=operator).count() + 1
        micro_grant = MicroGrant.objects.create(
            tenant=operator.tenant,
            operator=operator,
            application=moved,
            number=f"{operator.agreement.number}/M/{sequence}",
            recipient=moved.applicant,
            title=moved.title,
            amount=amount,
            awarded_on=timezone.localdate(),
        )
        record_event(
            actor=actor, subject=micro_grant, action="regranting.micro_grant_awarded", data={"amount": str(amount)}
        )
    return moved


def sign_micro_grant(*, micro_grant: MicroGrant, actor: Any, signed_on: dt.date) -> MicroGrant:
    """Record the micro-grant agreement as signed by both sides on `signed_on`."""
    if signed_on > timezone.localdate() or signed_on < micro_grant.awarded_on:
        raise ValidationError({"signed_on": [_("The date of signing is between the award and today.")]})
    moved: MicroGrant = apply_transition(
        micro_grant,
        "sign",
        actor=actor,
        queryset=MicroGrant.objects.select_related("operator"),
        changes={"signed_on": signed_on},
    )
    return moved


def settle_micro_grant(
    *, micro_grant: MicroGrant, actor: Any, amount_spent: Decimal, amount_returned: Decimal
) -> MicroGrant:
    """Settle the micro-grant: what was spent and what was returned add up to the grant."""
    errors: Errors = {}
    if amount_spent < 0:
        errors["amount_spent"] = [_("The amount cannot be negative.")]
    if amount_returned < 0:
        errors["amount_returned"] = [_("The amount cannot be negative.")]
    if not errors and amount_spent + amount_returned != micro_grant.amount:
        errors["__all__"] = [
            _("Spent and returned must add up to the micro-grant (%(amount)s); they make %(total)s.")
            % {"amount": _pln(micro_grant.amount), "total": _pln(amount_spent + amount_returned)}
        ]
    _raise(errors)
    moved: MicroGrant = apply_transition(
        micro_grant,
        "settle",
        actor=actor,
        queryset=MicroGrant.objects.select_related("operator"),
        changes={"amount_spent": amount_spent, "amount_returned": amount_returned, "settled_on": timezone.localdate()},
    )
    return moved
