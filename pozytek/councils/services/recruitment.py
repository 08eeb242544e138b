"""Calls for candidates (nabór): organisations nominate, the office records the vote or appointment.

Recording the result appoints the chosen candidates as NGO members for the body's term (or the
given term), with the same checks as any appointment.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event
from pozytek.core.workflow import apply_transition
from pozytek.councils.models import Body, Candidacy, CandidateCall
from pozytek.councils.permissions import is_council_officer, may_nominate
from pozytek.councils.services.bodies import add_member
from pozytek.councils.states import BodyState, CandidacyOutcome, CandidateCallState, DecisionMethod, MemberSide


@transaction.atomic
def open_call(
    *, body: Body, actor: Any, title: str, seats: int | None, deadline: dt.datetime | None, description: str = ""
) -> CandidateCall:
    if not is_council_officer(actor, body):
        raise PermissionDenied(_("You are not allowed to do this."))
    errors: dict[str, list[str]] = {}
    if body.state == BodyState.ENDED:
        errors["__all__"] = [_("The term of this body has ended.")]
    if not title.strip():
        errors["title"] = [_("Enter the title of the call.")]
    if not seats or seats < 1:
        errors["seats"] = [_("Enter how many seats organisations fill (at least 1).")]
    if deadline is None:
        errors["deadline"] = [_("Enter the deadline for nominations.")]
    elif deadline <= timezone.now():
        errors["deadline"] = [_("The deadline for nominations must be in the future.")]
    if errors:
        raise ValidationError(errors)
    call: CandidateCall = CandidateCall.objects.create(
        tenant=body.tenant,
        body=body,
        title=title.strip(),
        description=description.strip(),
        seats=seats,
        deadline=deadline,
        opened_by=actor,
    )
    record_event(
        actor=actor,
        subject=call,
        action="council.call.open",
        data={"body": body.pk, "seats": seats, "deadline": deadline.isoformat()},  # type: ignore[union-attr]
    )
    return call


@transaction.atomic
def nominate(
    *,
    call: CandidateCall,
    actor: Any,
    organisation: Any,
    candidate_name: str,
    candidate_email: str,
    statement: str = "",
) -> Candidacy:
    """An owner or editor nominates one candidate per organisation, before the deadline."""
    if organisation is None or not may_nominate(actor, organisation):
        raise ValidationError({"organisation": [_("Choose an organisation you keep the profile of.")]})
    call = CandidateCall.objects.select_for_update().get(pk=call.pk)
    if call.state != CandidateCallState.OPEN or call.deadline <= timezone.now():
        raise ValidationError(_("Nominations to this call are closed."))
    errors: dict[str, list[str]] = {}
    if not candidate_name.strip():
        errors["candidate_name"] = [_("Enter the candidate's name.")]
    try:
        validate_email((candidate_email or "").strip())
    except ValidationError:
        errors["candidate_email"] = [_("Enter a valid e-mail address.")]
    if call.candidacies.filter(organisation=organisation).exists():
        errors["organisation"] = [_("This organisation has already nominated a candidate in this call.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            candidacy: Candidacy = Candidacy.objects.create(
                tenant=call.tenant,
                call=call,
                organisation=organisation,
                candidate_name=candidate_name.strip(),
                candidate_email=candidate_email.strip(),
                statement=statement.strip(),
                nominated_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"organisation": [_("This organisation has already nominated a candidate in this call.")]}
        ) from exc
    record_event(
        actor=actor,
        subject=call,
        action="council.call.nominate",
        data={"organisation": organisation.pk, "candidate": candidacy.candidate_name},
    )
    return candidacy


def close_call(*, call: CandidateCall, actor: Any) -> CandidateCall:
    """Close nominations once the deadline has passed (TransitionBlocked before it)."""
    return apply_transition(call, "close", actor=actor)


@transaction.atomic
def record_result(
    *,
    call: CandidateCall,
    actor: Any,
    method: str,
    chosen: list[int],
    note: str,
    votes: dict[int, int] | None = None,
) -> CandidateCall:
    """Record the vote or the appointment: the chosen candidacies become NGO members for the body's term."""
    if not is_council_officer(actor, call):
        raise PermissionDenied(_("You are not allowed to do this."))
    call = CandidateCall.objects.select_for_update().select_related("body").get(pk=call.pk)
    errors: dict[str, list[str]] = {}
    if method not in DecisionMethod.values:
        errors["method"] = [_("Choose how the members were chosen.")]
    if not (note or "").strip():
        errors["note"] = [_("Describe the result (the vote count or the appointing act).")]
    candidacies = {c.pk: c for c in call.candidacies.select_related("organisation")}
    if not chosen:
        errors["chosen"] = [_("Choose at least one candidate.")]
    elif set(chosen) - set(candidacies):
        errors["chosen"] = [_("Choose only candidates nominated in this call.")]
    elif len(chosen) > call.seats:
        errors["chosen"] = [_("At most %(n)d candidates can be chosen.") % {"n": call.seats}]
    if errors:
        raise ValidationError(errors)
    call.method = method
    call.decision_note = note.strip()
    call.save(update_fields=["method", "decision_note", "updated_at"])
    for pk, candidacy in candidacies.items():
        candidacy.outcome = CandidacyOutcome.APPOINTED if pk in chosen else CandidacyOutcome.NOT_APPOINTED
        candidacy.votes = (votes or {}).get(pk)
        candidacy.save(update_fields=["outcome", "votes", "updated_at"])
        if pk in chosen:
            try:
                add_member(
                    body=call.body,
                    actor=actor,
                    full_name=candidacy.candidate_name,
                    email=candidacy.candidate_email,
                    side=MemberSide.NGO,
                    organisation=candidacy.organisation,
                    candidacy=candidacy,
                )
            except ValidationError as exc:
                messages = [m for msgs in exc.message_dict.values() for m in msgs]
                raise ValidationError({"chosen": [f"{candidacy.candidate_name}: {m}" for m in messages]}) from exc
    return apply_transition(call, "decide", actor=actor, data={"chosen": chosen})
