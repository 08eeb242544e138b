"""Resolutions and opinions (uchwały i opinie), numbered per body, kind and year, and requests for opinion.

A request's due date is its delivery date plus `legal_days("council.opinion_days")` (art. 41i ust. 2:
14 days; a tenant's own row wins). An opinion adopted after it is still published and marked late
(the body has waived its right to an opinion, art. 41i ust. 2).
"""

import datetime as dt
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pozytek.core.audit import record_event
from pozytek.core.workflow import apply_transition
from pozytek.councils.models import Body, BodyAct, BodyMeeting, OpinionRequest
from pozytek.councils.permissions import acts_for_body, is_council_officer
from pozytek.councils.selectors import members_on, next_act_sequence, today
from pozytek.councils.states import ActKind, BodyState, MemberRole
from pozytek.legal.selectors import legal_days
from pozytek.notifications.services import queue_email_text

TEXT_MAX_LENGTH = 100_000


def _may_act(actor: Any, obj: Any) -> bool:
    return bool(is_council_officer(actor, obj) or acts_for_body(actor, obj))


def opinion_due_on(body: Body, delivered_on: dt.date) -> dt.date:
    return delivered_on + dt.timedelta(days=legal_days("council.opinion_days", on=delivered_on, tenant=body.tenant))


def _act_errors(
    body: Body, *, title: str, text: str, adopted_on: dt.date | None, meeting: BodyMeeting | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Enter the title.")]
    if not text.strip():
        errors["text"] = [_("Enter the text.")]
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = [_("The text can have at most %(n)d characters.") % {"n": TEXT_MAX_LENGTH}]
    if adopted_on is None:
        errors["adopted_on"] = [_("Enter the date of adoption.")]
    elif adopted_on > today():
        errors["adopted_on"] = [_("The date of adoption cannot be in the future.")]
    elif adopted_on < body.term_start:
        errors["adopted_on"] = [_("The date of adoption is before the body's term.")]
    if meeting is not None and meeting.body_id != body.pk:
        errors["meeting"] = [_("Choose a meeting of this body.")]
    return errors


def _create_act(
    *, body: Body, actor: Any, kind: str, title: str, text: str, adopted_on: dt.date, meeting: BodyMeeting | None
) -> BodyAct:
    # The body's row lock serialises numbering: two acts adopted at once get 1/2027 and 2/2027.
    Body.objects.select_for_update().get(pk=body.pk)
    sequence = next_act_sequence(body, kind, adopted_on.year)
    act: BodyAct = BodyAct.objects.create(
        tenant=body.tenant,
        body=body,
        meeting=meeting,
        kind=kind,
        year=adopted_on.year,
        sequence=sequence,
        title=title.strip(),
        text=text.strip(),
        adopted_on=adopted_on,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        subject=act,
        action=f"council.{kind}.adopt",
        data={"body": body.pk, "number": act.number, "title": act.title},
    )
    return act


@transaction.atomic
def adopt_act(
    *,
    body: Body,
    actor: Any,
    kind: str,
    title: str,
    text: str,
    adopted_on: dt.date | None,
    meeting: BodyMeeting | None = None,
) -> BodyAct:
    """Record (and publish) a resolution or opinion with the next number of the body, kind and year."""
    if not _may_act(actor, body):
        raise PermissionDenied(_("You are not allowed to do this."))
    if kind not in ActKind.values:
        raise ValidationError({"kind": [_("Choose a resolution or an opinion.")]})
    errors = _act_errors(body, title=title, text=text, adopted_on=adopted_on, meeting=meeting)
    if errors:
        raise ValidationError(errors)
    adopted_on = cast(dt.date, adopted_on)
    return _create_act(
        body=body, actor=actor, kind=kind, title=title, text=text, adopted_on=adopted_on, meeting=meeting
    )


def _body_addresses(body: Body) -> list[str]:
    addresses = {body.contact_email} if body.contact_email else set()
    for member in members_on(body, today()).filter(role__in=[MemberRole.CHAIR, MemberRole.SECRETARY]):
        if member.email:
            addresses.add(member.email)
    return sorted(addresses)


@transaction.atomic
def request_opinion(
    *,
    body: Body,
    actor: Any,
    subject: str,
    delivered_on: dt.date | None,
    link: str = "",
    description: str = "",
    consultation: Any = None,
) -> OpinionRequest:
    """Ask the body for an opinion on a draft; due `council.opinion_days` after delivery. E-mails the body."""
    if not is_council_officer(actor, body):
        raise PermissionDenied(_("You are not allowed to do this."))
    errors: dict[str, list[str]] = {}
    if body.state == BodyState.ENDED:
        errors["__all__"] = [_("The term of this body has ended.")]
    if not subject.strip():
        errors["subject"] = [_("Name the draft the body is asked about.")]
    if consultation is not None and consultation.tenant_id != body.tenant_id:
        errors["consultation"] = [_("Choose a consultation of this local government.")]
    if delivered_on is None:
        errors["delivered_on"] = [_("Enter the day the draft is delivered to the body.")]
    elif delivered_on > today() + dt.timedelta(days=365):
        errors["delivered_on"] = [_("The delivery date is too far ahead.")]
    if errors:
        raise ValidationError(errors)
    delivered_on = cast(dt.date, delivered_on)
    values: dict[str, Any] = {}
    if consultation is not None:
        values["consultation"] = consultation
    request: OpinionRequest = OpinionRequest.objects.create(
        tenant=body.tenant,
        body=body,
        subject=subject.strip(),
        link=link.strip(),
        description=description.strip(),
        delivered_on=delivered_on,
        due_on=opinion_due_on(body, delivered_on),
        requested_by=actor,
        **values,
    )
    record_event(
        actor=actor,
        subject=request,
        action="council.request.create",
        data={"body": body.pk, "subject": request.subject, "due_on": request.due_on.isoformat()},
    )
    addresses = _body_addresses(body)
    if addresses:
        queue_email_text(
            to=addresses,
            template="councils/email/opinion_request.txt",
            context={"request": request, "body": body, "tenant": body.tenant},
        )
    return request


@transaction.atomic
def record_opinion(
    *,
    request: OpinionRequest,
    actor: Any,
    title: str,
    text: str,
    adopted_on: dt.date | None,
    meeting: BodyMeeting | None = None,
) -> OpinionRequest:
    """Record the opinion the body adopted on a request; it is numbered and published, the request answered."""
    if not _may_act(actor, request):
        raise PermissionDenied(_("You are not allowed to do this."))
    request = OpinionRequest.objects.select_for_update().select_related("body").get(pk=request.pk)
    body = request.body
    errors = _act_errors(body, title=title, text=text, adopted_on=adopted_on, meeting=meeting)
    if adopted_on is not None and "adopted_on" not in errors and adopted_on < request.delivered_on:
        errors["adopted_on"] = [_("The opinion cannot be adopted before the draft was delivered.")]
    if errors:
        raise ValidationError(errors)
    if request.opinion_id is not None:
        raise ValidationError(_("The opinion on this request has already been recorded."))
    adopted_on = cast(dt.date, adopted_on)
    act = _create_act(
        body=body, actor=actor, kind=ActKind.OPINION, title=title, text=text, adopted_on=adopted_on, meeting=meeting
    )
    request.opinion = act
    request.save(update_fields=["opinion", "updated_at"])
    return apply_transition(
        request,
        "answer",
        actor=actor,
        data={"opinion": act.number, "late": adopted_on > request.due_on},
    )


def withdraw_request(*, request: OpinionRequest, actor: Any, reason: str) -> OpinionRequest:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the request is withdrawn.")]})
    return apply_transition(request, "withdraw", actor=actor, reason=reason.strip())
