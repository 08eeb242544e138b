"""Writes of local initiatives (art. 19b–19h): the council's criteria as versions, the residents' application
(group members confirming by e-mail, contributions, estimate, schedule), the office's scores and decision,
the agreement with what the office buys or lends, and the execution (milestones, delivered contributions,
photos) up to the public done page."""

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event
from pozytek.core.files import identify, sha256_of
from pozytek.core.workflow import apply_transition, not_allowed
from pozytek.initiatives.models import (
    Contribution,
    CriteriaSet,
    Criterion,
    Delivery,
    EstimateItem,
    GroupMember,
    Initiative,
    LocalAgreement,
    Milestone,
    OfficeItem,
    Photo,
    Score,
)
from pozytek.initiatives.permissions import is_coordinator, is_initiative_officer
from pozytek.initiatives.selectors import (
    CONFIRMATION_SALT,
    agreement_of,
    criteria_in_force,
    criteria_of,
    today,
    work_rate,
)
from pozytek.initiatives.states import ApplicantKind, ContributionKind, InitiativeState, Provision
from pozytek.notifications.services import queue_email_text
from pozytek.organisations.selectors import organisations_of

CENT = Decimal("0.01")
PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png"}
APPLICATION_FIELDS = ("title", "area", "description", "place", "starts_on", "ends_on")
AGREEMENT_FIELDS = (
    "number",
    "place_of_signing",
    "concluded_on",
    "starts_on",
    "ends_on",
    "office_representative",
    "residents_representative",
)


def _officer(actor: Any, tenant: Any) -> None:
    if not is_initiative_officer(actor, tenant):
        raise PermissionDenied(_("Only the office staff of this local government can do this."))


def _draft_of_coordinator(initiative: Initiative, actor: Any) -> Initiative:
    """The application locked for a change by its coordinator while it is a draft."""
    if not is_coordinator(actor, initiative):
        raise PermissionDenied(_("Only the resident who started this application can do this."))
    locked: Initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.state != InitiativeState.DRAFT:
        raise ValidationError(_("The application has been submitted: it cannot be changed any more."))
    return locked


def _in_state(initiative: Initiative, actor: Any, *states: str) -> Initiative:
    _officer(actor, initiative.tenant)
    locked: Initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.state not in states:
        raise ValidationError(_("This is not possible at this stage of the initiative."))
    return locked


# The council's resolution -----------------------------------------------------------------------------------


@transaction.atomic
def save_criteria(
    *,
    tenant: Any,
    actor: Any,
    resolution_number: str,
    resolution_date: dt.date,
    effective_from: dt.date,
    procedure: str,
    social_work_name: str,
    social_work_weight: int,
    criteria: list[tuple[str, int]],
) -> CriteriaSet:
    """A new version of the criteria from the council's resolution (art. 19c). Social work must weigh the
    most, alone (art. 19c ust. 2: the criteria take "first of all" the residents' social work into account)."""
    _officer(actor, tenant)
    errors: dict[str, list[str]] = {}
    if not resolution_number.strip():
        errors["resolution_number"] = [_("Give the number of the council's resolution.")]
    others = [(name.strip(), weight) for name, weight in criteria if name.strip()]
    if not others:
        errors["__all__"] = [_("Add at least one criterion besides social work.")]
    heaviest = max(others, key=lambda row: row[1], default=None)
    if heaviest is not None and social_work_weight <= heaviest[1]:
        errors["social_work_weight"] = [
            _(
                "Social work must weigh the most, alone (art. 19c ust. 2 of the Act): give it more than "
                "“%(name)s” (%(weight)d)."
            )
            % {"name": heaviest[0], "weight": heaviest[1]}
        ]
    if social_work_weight <= 0:
        errors["social_work_weight"] = [_("Give social work a weight greater than zero.")]
    if errors:
        raise ValidationError(errors)
    # Two versions saved at once: the unique (tenant, version) refuses the second (the message below).
    latest = CriteriaSet.objects.filter(tenant=tenant).aggregate(v=Max("version"))["v"] or 0
    try:
        with transaction.atomic():
            criteria_set: CriteriaSet = CriteriaSet.objects.create(
                tenant=tenant,
                version=latest + 1,
                resolution_number=resolution_number.strip(),
                resolution_date=resolution_date,
                effective_from=effective_from,
                procedure=procedure.strip(),
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("Someone saved another version at the same moment: try again.")) from None
    rows = [(social_work_name.strip() or _("Social work of the residents"), social_work_weight, True)]
    rows += [(name, weight, False) for name, weight in others]
    for order, (name, weight, social) in enumerate(rows):
        Criterion.objects.create(
            tenant=tenant, criteria_set=criteria_set, name=name, weight=weight, social_work=social, order=order
        )
    record_event(
        actor=actor,
        subject=criteria_set,
        action="initiatives.criteria_saved",
        data={"version": criteria_set.version, "resolution": criteria_set.resolution_number},
    )
    return criteria_set


# The application ------------------------------------------------------------------------------------------


@transaction.atomic
def start_initiative(
    *, tenant: Any, actor: Any, title: str, area: str, applicant_kind: str, organisation: Any = None
) -> Initiative:
    """A resident starts an application: as a group (they are its first member) or through an organisation
    whose profile they keep."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to apply."))
    if applicant_kind == ApplicantKind.ORGANISATION:
        kept = {m.organisation_id for m in organisations_of(actor)}
        if organisation is None or organisation.pk not in kept:
            raise ValidationError({"organisation": [_("Choose an organisation whose profile you keep.")]})
    else:
        organisation = None
    initiative: Initiative = Initiative.objects.create(
        tenant=tenant,
        title=title.strip(),
        area=area,
        applicant_kind=applicant_kind,
        organisation=organisation,
        coordinator=actor,
    )
    record_event(actor=actor, subject=initiative, action="initiatives.started", data={"kind": applicant_kind})
    if applicant_kind == ApplicantKind.GROUP:
        _invite(initiative, actor, full_name=actor.full_name or actor.email, email=actor.email)
    return initiative


@transaction.atomic
def update_application(*, initiative: Initiative, actor: Any, data: dict[str, Any]) -> Initiative:
    """The coordinator changes the task, place and dates of a draft."""
    locked = _draft_of_coordinator(initiative, actor)
    starts, ends = data.get("starts_on", locked.starts_on), data.get("ends_on", locked.ends_on)
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": [_("The end cannot be before the start.")]})
    for name in APPLICATION_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.save()
    record_event(actor=actor, subject=locked, action="initiatives.changed", data={})
    return locked


def confirmation_token(member: GroupMember) -> str:
    return signing.dumps({"m": member.pk, "e": member.email}, salt=CONFIRMATION_SALT)


def _invite(initiative: Initiative, actor: Any, *, full_name: str, email: str) -> GroupMember:
    email = email.strip().lower()
    if GroupMember.objects.filter(initiative=initiative, email__iexact=email).exists():
        raise ValidationError({"email": [_("This person is in the group already.")]})
    member: GroupMember = GroupMember.objects.create(
        tenant=initiative.tenant, initiative=initiative, full_name=full_name.strip(), email=email
    )
    _send_invitation(member, initiative)
    record_event(actor=actor, subject=initiative, action="initiatives.member_added", data={"member": member.pk})
    return member


def _send_invitation(member: GroupMember, initiative: Initiative) -> None:
    path = reverse(
        "initiatives:confirm", kwargs={"tenant_slug": initiative.tenant.slug, "token": confirmation_token(member)}
    )
    member.invited_at = timezone.now()
    member.save(update_fields=["invited_at", "updated_at"])
    queue_email_text(
        to=[member.email],
        template="initiatives/emails/member_confirmation.txt",
        context={"initiative": initiative, "member": member, "tenant": initiative.tenant, "path": path},
    )


@transaction.atomic
def add_member(*, initiative: Initiative, actor: Any, full_name: str, email: str) -> GroupMember:
    """Add a resident to the group; they get an e-mail with a signed link to confirm."""
    locked = _draft_of_coordinator(initiative, actor)
    if locked.applicant_kind != ApplicantKind.GROUP:
        raise ValidationError(_("An organisation's application has no group of residents."))
    if not full_name.strip():
        raise ValidationError({"full_name": [_("Give the member's full name.")]})
    return _invite(locked, actor, full_name=full_name, email=email)


@transaction.atomic
def resend_invitation(*, member: GroupMember, actor: Any) -> GroupMember:
    locked = _draft_of_coordinator(member.initiative, actor)
    if member.confirmed_at is None:
        _send_invitation(member, locked)
    return member


@transaction.atomic
def confirm_member(*, member: GroupMember, adult: bool, resident: bool) -> GroupMember:
    """The member confirms through the signed link, declaring to be an adult resident of the municipality;
    someone who is not is refused (and stays unconfirmed)."""
    locked: GroupMember = (
        GroupMember.objects.select_for_update().select_related("initiative", "tenant").get(pk=member.pk)
    )
    errors: dict[str, list[str]] = {}
    name = locked.tenant.name
    if not resident:
        errors["resident"] = [
            _("Only residents of %(name)s can apply for its local initiative: you cannot join this group.")
            % {"name": name}
        ]
    if not adult:
        errors["adult"] = [_("Only adult residents can join the group.")]
    if errors:
        raise ValidationError(errors)
    if locked.initiative.state != InitiativeState.DRAFT:
        raise ValidationError(_("The application has been submitted already."))
    if locked.confirmed_at is None:
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at", "updated_at"])
        record_event(
            actor=None,
            subject=locked.initiative,
            action="initiatives.member_confirmed",
            data={"member": locked.pk, "declared": "adult resident"},
        )
    return locked


@transaction.atomic
def add_contribution(
    *,
    initiative: Initiative,
    actor: Any,
    kind: str,
    description: str,
    work_kind: str = "",
    hours: Decimal | None = None,
    value: Decimal | None = None,
) -> Contribution:
    """An item of the residents' contribution: social work as hours × the rate of its kind in force today,
    in kind or cash by value."""
    locked = _draft_of_coordinator(initiative, actor)
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [_("Say what is given.")]
    rate: Decimal | None = None
    if kind == ContributionKind.WORK:
        if not work_kind:
            errors["work_kind"] = [_("Choose the kind of work.")]
        if hours is None or hours <= 0:
            errors["hours"] = [_("Give the number of hours.")]
        if not errors:
            rate = work_rate(locked.tenant, work_kind)
            value = (Decimal(hours or 0) * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        work_kind, hours = "", None
        if value is None or value <= 0:
            errors["value"] = [_("Give the value in PLN.")]
    if errors:
        raise ValidationError(errors)
    contribution: Contribution = Contribution.objects.create(
        tenant=locked.tenant,
        initiative=locked,
        kind=kind,
        description=description.strip(),
        work_kind=work_kind,
        hours=hours,
        rate=rate,
        value=value,
    )
    record_event(
        actor=actor, subject=locked, action="initiatives.contribution_added", data={"value": str(contribution.value)}
    )
    return contribution


@transaction.atomic
def add_estimate_item(*, initiative: Initiative, actor: Any, description: str, amount: Decimal) -> EstimateItem:
    locked = _draft_of_coordinator(initiative, actor)
    item: EstimateItem = EstimateItem.objects.create(
        tenant=locked.tenant, initiative=locked, description=description.strip(), amount=amount
    )
    record_event(actor=actor, subject=locked, action="initiatives.estimate_added", data={"amount": str(amount)})
    return item


@transaction.atomic
def add_milestone(*, initiative: Initiative, actor: Any, title: str, due_on: dt.date) -> Milestone:
    locked = _draft_of_coordinator(initiative, actor)
    milestone: Milestone = Milestone.objects.create(
        tenant=locked.tenant, initiative=locked, title=title.strip(), due_on=due_on
    )
    record_event(actor=actor, subject=locked, action="initiatives.milestone_added", data={"due_on": str(due_on)})
    return milestone


REMOVABLE = {"member": GroupMember, "contribution": Contribution, "estimate": EstimateItem, "milestone": Milestone}


@transaction.atomic
def remove_item(*, initiative: Initiative, actor: Any, kind: str, pk: int) -> None:
    """Take a member, a contribution, a cost or a step out of a draft (the coordinator stays in the group)."""
    locked = _draft_of_coordinator(initiative, actor)
    model = REMOVABLE.get(kind)
    row = model.objects.filter(initiative=locked, pk=pk).first() if model is not None else None
    if row is None:
        raise ValidationError(_("There is no such item in this application."))
    if kind == "member" and row.email.lower() == (actor.email or "").lower():
        raise ValidationError(_("The coordinator stays in the group."))
    row.delete()
    record_event(actor=actor, subject=locked, action="initiatives.item_removed", data={"kind": kind, "pk": pk})


def submit_initiative(*, initiative: Initiative, actor: Any) -> Initiative:
    """The coordinator submits a complete application; it is scored against the criteria in force today."""
    criteria_set = criteria_in_force(initiative.tenant)
    moved: Initiative = apply_transition(
        initiative,
        "submit",
        actor=actor,
        changes={"submitted_at": timezone.now(), "criteria_set": criteria_set},
        data={"criteria_set": criteria_set.pk if criteria_set else None},
    )
    return moved


# The office's assessment ------------------------------------------------------------------------------------


@transaction.atomic
def score_initiative(*, initiative: Initiative, actor: Any, points: Mapping[int, int | None]) -> list[Score]:
    """The office's points on each criterion of the set the application was filed under (0 to its weight)."""
    locked = _in_state(initiative, actor, InitiativeState.SUBMITTED)
    criteria = criteria_of(locked)
    errors: dict[str, list[str]] = {}
    for criterion in criteria:
        given = points.get(criterion.pk)
        if given is None:
            errors[f"criterion_{criterion.pk}"] = [_("Give the points.")]
        elif not 0 <= given <= criterion.weight:
            errors[f"criterion_{criterion.pk}"] = [_("Give from 0 to %(max)d points.") % {"max": criterion.weight}]
    if errors:
        raise ValidationError(errors)
    scores = []
    for criterion in criteria:
        score, _created = Score.objects.update_or_create(
            initiative=locked,
            criterion=criterion,
            defaults={"tenant": locked.tenant, "points": points[criterion.pk], "scored_by": actor},
        )
        scores.append(score)
    record_event(
        actor=actor,
        subject=locked,
        action="initiatives.scored",
        data={"total": sum(s.points for s in scores), "criteria_set": locked.criteria_set_id},
    )
    return scores


def decide_initiative(*, initiative: Initiative, actor: Any, approve: bool, reason: str) -> Initiative:
    """The executive's decision with its reason: approved (the agreement follows) or not."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the decision.")]})
    with transaction.atomic():
        moved: Initiative = apply_transition(
            initiative,
            "approve" if approve else "reject",
            actor=actor,
            reason=reason.strip(),
            changes={"decision_reason": reason.strip(), "decided_at": timezone.now()},
        )
        queue_email_text(
            to=[moved.coordinator.email],
            template="initiatives/emails/decision.txt",
            context={"initiative": moved, "tenant": moved.tenant, "approved": approve},
        )
    return moved


# The agreement ------------------------------------------------------------------------------------------------


@transaction.atomic
def prepare_agreement(*, initiative: Initiative, actor: Any, data: dict[str, Any]) -> LocalAgreement:
    """Write (or change, until it is signed) the agreement of an approved initiative."""
    locked = _in_state(initiative, actor, InitiativeState.APPROVED)
    if data["ends_on"] < data["starts_on"]:
        raise ValidationError({"ends_on": [_("The end cannot be before the start.")]})
    agreement = agreement_of(locked)
    created = agreement is None
    if agreement is None:
        agreement = LocalAgreement(tenant=locked.tenant, initiative=locked)
    for name in AGREEMENT_FIELDS:
        setattr(agreement, name, data[name])
    agreement.save()
    record_event(
        actor=actor,
        subject=locked,
        action="initiatives.agreement_prepared" if created else "initiatives.agreement_changed",
        data={"number": agreement.number},
    )
    return agreement


@transaction.atomic
def add_office_item(
    *, initiative: Initiative, actor: Any, description: str, provision: str, value: Decimal
) -> OfficeItem:
    """What the office buys or lends for the initiative, with its value (never a grant, art. 19e)."""
    locked = _in_state(initiative, actor, InitiativeState.APPROVED)
    agreement = agreement_of(locked)
    if agreement is None:
        raise ValidationError(_("Prepare the agreement first."))
    if provision not in Provision.values:
        raise ValidationError({"provision": [_("Choose whether the office buys or lends it.")]})
    item: OfficeItem = OfficeItem.objects.create(
        tenant=locked.tenant, agreement=agreement, description=description.strip(), provision=provision, value=value
    )
    record_event(actor=actor, subject=locked, action="initiatives.office_item_added", data={"value": str(value)})
    return item


@transaction.atomic
def remove_office_item(*, initiative: Initiative, actor: Any, pk: int) -> None:
    locked = _in_state(initiative, actor, InitiativeState.APPROVED)
    deleted, _rows = OfficeItem.objects.filter(agreement__initiative=locked, pk=pk).delete()
    if not deleted:
        raise ValidationError(_("There is no such item in this agreement."))
    record_event(actor=actor, subject=locked, action="initiatives.office_item_removed", data={"pk": pk})


def sign_agreement(*, initiative: Initiative, actor: Any) -> Initiative:
    """The agreement has been signed by both sides: the initiative goes ahead."""
    with transaction.atomic():
        moved: Initiative = apply_transition(initiative, "sign", actor=actor)
        LocalAgreement.objects.filter(initiative=moved).update(signed_at=timezone.now())
    return moved


# The execution --------------------------------------------------------------------------------------------


@transaction.atomic
def mark_milestone_done(*, milestone: Milestone, actor: Any, done_on: dt.date) -> Milestone:
    _in_state(milestone.initiative, actor, InitiativeState.CONTRACTED)
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on", "updated_at"])
    record_event(
        actor=actor, subject=milestone.initiative, action="initiatives.milestone_done", data={"pk": milestone.pk}
    )
    return milestone


@transaction.atomic
def record_delivery(
    *,
    contribution: Contribution,
    actor: Any,
    on: dt.date,
    hours: Decimal | None = None,
    value: Decimal | None = None,
    note: str = "",
) -> Delivery:
    """What the residents actually gave: hours of work (valued at the promised rate) or a value."""
    locked = _in_state(contribution.initiative, actor, InitiativeState.CONTRACTED)
    if contribution.kind == ContributionKind.WORK:
        if hours is None or hours <= 0:
            raise ValidationError({"hours": [_("Give the number of hours worked.")]})
        value = (hours * (contribution.rate or 0)).quantize(CENT, rounding=ROUND_HALF_UP)
    elif value is None or value <= 0:
        raise ValidationError({"value": [_("Give the value in PLN.")]})
    else:
        hours = None
    if on > today():
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    delivery: Delivery = Delivery.objects.create(
        tenant=locked.tenant,
        contribution=contribution,
        on=on,
        hours=hours,
        value=value,
        note=note.strip(),
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        subject=locked,
        action="initiatives.delivered",
        data={"contribution": contribution.pk, "hours": str(hours or ""), "value": str(value)},
    )
    return delivery


@transaction.atomic
def add_photo(*, initiative: Initiative, actor: Any, upload: Any, caption: str) -> Photo:
    """A photo of the work (JPG or PNG, recognised by its content, within the attachment size limit)."""
    locked = _in_state(initiative, actor, InitiativeState.CONTRACTED, InitiativeState.COMPLETED)
    try:
        content_type = identify(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    if content_type not in PHOTO_TYPES:
        raise ValidationError({"file": [_("A photo must be a JPG or PNG image.")]})
    photo = Photo(
        tenant=locked.tenant, initiative=locked, content_type=content_type, caption=caption.strip(), uploaded_by=actor
    )
    photo.file.save(f"{sha256_of(upload)[:32]}{PHOTO_TYPES[content_type]}", upload, save=False)
    photo.save()
    record_event(actor=actor, subject=locked, action="initiatives.photo_added", data={"photo": photo.pk})
    return photo


def complete_initiative(
    *, initiative: Initiative, actor: Any, completed_on: dt.date, public_summary: str
) -> Initiative:
    """The initiative is done: its public page shows what was done, the work given and the photos."""
    if not public_summary.strip():
        raise ValidationError({"public_summary": [_("Say what was done: it is shown on the public page.")]})
    if completed_on > today():
        raise ValidationError({"completed_on": [_("The date cannot be in the future.")]})
    if initiative.state != InitiativeState.CONTRACTED:
        raise not_allowed(initiative, "complete")
    moved: Initiative = apply_transition(
        initiative,
        "complete",
        actor=actor,
        changes={"completed_on": completed_on, "public_summary": public_summary.strip()},
    )
    return moved
