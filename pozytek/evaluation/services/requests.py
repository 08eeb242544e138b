"""Requests for the justification of a result (żądanie uzasadnienia, art. 15 ust. 2j) and their answers.

Anyone may ask, without an account, from the publication of the results until the number of days
of the legal parameter `competition.justification_request_days` after it. The office answers within
`competition.justification_answer_days` (a tenant may set its own value); the answer is recorded once
and e-mailed to the person who asked.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from pozytek.competitions.models import Call
from pozytek.core.audit import record_event
from pozytek.core.workflow import apply_transition, not_allowed
from pozytek.evaluation.models import JustificationRequest
from pozytek.evaluation.selectors import decision_of
from pozytek.evaluation.selectors_results import (
    answer_due_date,
    justification_deadline,
    justification_open,
    offers_with_award,
)
from pozytek.evaluation.states import RequestState
from pozytek.notifications.services import queue_email_text
from pozytek.offers.models import Offer

QUESTION_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 200
ANSWER_MAX_LENGTH = 20000


@transaction.atomic
def request_justification(
    *, call: Call, name: str, email: str, offer: Offer | None, question: str, actor: Any = None
) -> JustificationRequest:
    """Record a request for the justification of the call's result and tell the office.

    `actor` is the signed-in person, if any (the request is open to anyone). Raises ValidationError
    (keys "name", "email", "offer", "question", "__all__") when the results are not published, the
    period for requests has ended, or a field is wrong.
    """
    # A decision exists exactly when the call is resolved (record_decision saves both at once).
    decision = decision_of(call)
    if decision is None:
        raise ValidationError({"__all__": [_("The results of this call have not been published.")]})
    if not justification_open(call, decision):
        deadline = justification_deadline(call, decision)
        raise ValidationError(
            {
                "__all__": [
                    _("Requests for the justification of the results could be made until %(date)s.")
                    % {"date": formats.date_format(deadline, "j E Y")}
                ]
            }
        )
    errors: dict[str, list[str]] = {}
    name, email, question = (name or "").strip(), (email or "").strip(), (question or "").strip()
    if not name:
        errors["name"] = [_("Enter your name or the name of your organisation.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("The name can have at most %(n)d characters.") % {"n": NAME_MAX_LENGTH}]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid e-mail address for the answer.")]
    if not question:
        errors["question"] = [_("Write what you are asking about.")]
    elif len(question) > QUESTION_MAX_LENGTH:
        errors["question"] = [_("The request can have at most %(n)d characters.") % {"n": QUESTION_MAX_LENGTH}]
    if offer is not None and not offers_with_award(call).filter(pk=offer.pk).exists():
        errors["offer"] = [_("Choose one of the offers of this call.")]
    if errors:
        raise ValidationError(errors)

    request: JustificationRequest = JustificationRequest.objects.create(
        tenant=call.tenant,
        call=call,
        offer=offer,
        name=name,
        email=email,
        question=question,
        answer_due=answer_due_date(call),
    )
    record_event(
        actor=actor,
        subject=request,
        action="justificationrequest.create",
        data={"call": call.pk, "offer": offer.pk if offer else None, "answer_due": request.answer_due.isoformat()},
    )
    context: dict[str, object] = {"call": call, "tenant": call.tenant, "request": request, "decision": decision}
    if call.tenant.email:
        queue_email_text(
            to=[call.tenant.email], template="evaluation/email/request_received_office.txt", context=context
        )
    queue_email_text(to=[email], template="evaluation/email/request_confirmation.txt", context=context)
    return request


@transaction.atomic
def answer_request(*, request: JustificationRequest, actor: Any, answer: str) -> JustificationRequest:
    """Record the office's answer (once) and e-mail it to the person who asked, after commit.

    Raises ValidationError ("answer") for an empty or overlong answer, PermissionDenied for someone
    outside the office, TransitionNotAllowed when the request has already been answered.
    """
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("Write the answer.")]})
    if len(answer) > ANSWER_MAX_LENGTH:
        raise ValidationError(
            {"answer": [_("The answer can have at most %(n)d characters.") % {"n": ANSWER_MAX_LENGTH}]}
        )
    # The answer is written first and the request then answered (in this transaction: a refused or repeated
    # answer keeps nothing): the e-mail declared with the transition carries it.
    queryset = JustificationRequest.objects.select_related("call", "tenant")
    locked: JustificationRequest = queryset.select_for_update(of=("self",)).get(pk=request.pk)
    if locked.state != RequestState.OPEN:
        raise not_allowed(locked, "answer")
    locked.answer = answer
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.save(update_fields=["answer", "answered_at", "answered_by"])
    answered: JustificationRequest = apply_transition(
        locked, "answer", actor=actor, queryset=queryset, data={"length": len(answer)}
    )
    record_event(actor=actor, subject=answered, action="justificationrequest.answer_text", data={"answer": answer})
    return answered
