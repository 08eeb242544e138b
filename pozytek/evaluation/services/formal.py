"""The formal check (ocena formalna): the office goes through the call's checklist for each offer.

The outcome follows from the answers: every item met → formally correct; an unmet item that cannot
be corrected → rejected (with reasons); only correctable items unmet → the offeror is asked to
correct the listed sections by a deadline (wezwanie do uzupełnienia braków formalnych). Each pass
is a `FormalCheck` round over the latest frozen version; the offer's state changes through the
offers' workflow table, whose transitions declare the e-mail that tells the offeror (after commit).

`version_changes` compares two frozen versions (what a correction changed), for the office's page.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pozytek.competitions.models import Call, ChecklistItem
from pozytek.competitions.states import CallState, is_call_officer
from pozytek.core.audit import record_event
from pozytek.core.workflow import not_allowed
from pozytek.evaluation.models import FormalCheck
from pozytek.evaluation.states import FormalOutcome
from pozytek.offers.models import Offer, OfferVersion
from pozytek.offers.sections import SECTIONS
from pozytek.offers.selectors import deadline_passed
from pozytek.offers.services import record_formal_outcome
from pozytek.offers.states import OfferState

SECTION_KEYS = tuple(s.key for s in SECTIONS)
ACTIONS = {
    FormalOutcome.PASSED: "accept_formally",
    FormalOutcome.CORRECTION: "request_correction",
    FormalOutcome.REJECTED: "reject_formally",
}
PENDING_STATES = (OfferState.SUBMITTED, OfferState.CORRECTION)
MAX_NOTE = 2000


def derive_outcome(answers: Sequence[Mapping[str, Any]]) -> FormalOutcome:
    """All met → passed; an unmet item that cannot be corrected → rejected; otherwise → correction."""
    unmet = [a for a in answers if not a["met"]]
    if not unmet:
        return FormalOutcome.PASSED
    if any(not a["correctable"] for a in unmet):
        return FormalOutcome.REJECTED
    return FormalOutcome.CORRECTION


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if value in ("1", "true", "met", 1):
        return True
    if value in ("0", "false", "not_met", 0):
        return False
    return None


def _copy_answers(call: Call, answers: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each checklist item of the call answered once, copied with its text as it is now."""
    items = list(ChecklistItem.objects.filter(call=call).order_by("order", "pk"))
    given: dict[int, Mapping[str, Any]] = {}
    for answer in answers:
        try:
            pk = int(answer["item"])
        except (KeyError, TypeError, ValueError):
            raise ValidationError({"answers": _("The answers do not match the call's checklist.")}) from None
        if pk in given:
            raise ValidationError({"answers": _("The answers do not match the call's checklist.")})
        given[pk] = answer
    if set(given) != {item.pk for item in items}:
        raise ValidationError({"answers": _("The answers do not match the call's checklist.")})
    copied = []
    for item in items:
        met = _as_bool(given[item.pk].get("met"))
        if met is None:
            raise ValidationError({"answers": _("Say for every requirement whether the offer meets it.")})
        note = str(given[item.pk].get("note") or "").strip()[:MAX_NOTE]
        copied.append({"item": item.pk, "text": item.text, "correctable": item.correctable, "met": met, "note": note})
    return copied


def _validate(
    outcome: FormalOutcome, *, sections: Sequence[str], correction_deadline: dt.datetime | None, reasons: str
) -> None:
    errors: dict[str, list[str]] = {}
    if outcome == FormalOutcome.REJECTED and not reasons:
        errors["reasons"] = [_("Give the reasons for rejecting the offer.")]
    if outcome == FormalOutcome.CORRECTION:
        if not sections:
            errors["sections"] = [_("Choose the sections the offeror must correct.")]
        elif any(s not in SECTION_KEYS for s in sections):
            errors["sections"] = [_("Choose sections from the list.")]
        if correction_deadline is None:
            errors["correction_deadline"] = [_("Enter the deadline for the correction.")]
        elif correction_deadline <= timezone.now():
            errors["correction_deadline"] = [_("The deadline for the correction must be in the future.")]
    if errors:
        raise ValidationError(errors)


def _next_round(offer: Offer) -> int:
    last = FormalCheck.objects.filter(offer=offer).order_by("-round").values_list("round", flat=True).first()
    return (last or 0) + 1


def _latest_version(offer: Offer) -> OfferVersion:
    version: OfferVersion | None = OfferVersion.objects.filter(offer=offer).order_by("-number").first()
    if version is None:  # an offer is evaluated only once submitted: a frozen version exists
        raise ValidationError(_("This offer has no submitted version."), code="no_version")
    return version


def _lock_offer(offer: Offer) -> Offer:
    locked: Offer = (
        Offer.objects.select_for_update(of=("self",)).select_related("call", "organisation", "tenant").get(pk=offer.pk)
    )
    return locked


@transaction.atomic
def check_offer(
    *,
    offer: Offer,
    actor: Any,
    answers: list[dict[str, Any]],
    sections: list[str],
    correction_deadline: dt.datetime | None,
    reasons: str,
) -> FormalCheck:
    """Record one round of the formal check of a submitted offer and move it to the outcome's state.

    Raises ValidationError (keys: answers, sections, correction_deadline, reasons), TransitionNotAllowed
    when the offer is no longer waiting for a check (e.g. the same form sent twice), TransitionBlocked
    before the offer deadline, PermissionDenied for anyone but the call's office staff.
    """
    locked = _lock_offer(offer)
    if not is_call_officer(actor, locked):  # the office of the offer's local government
        raise PermissionDenied(_("You are not allowed to do this."))
    if locked.state != OfferState.SUBMITTED:
        raise not_allowed(locked, "formal_check")
    if locked.call is None:  # the call's checklist: outside a competition the office decides directly
        raise not_allowed(locked, "formal_check")
    reasons = reasons.strip()
    copied = _copy_answers(locked.call, answers)
    outcome = derive_outcome(copied)
    _validate(outcome, sections=sections, correction_deadline=correction_deadline, reasons=reasons)
    correcting = outcome == FormalOutcome.CORRECTION
    chosen = [s for s in SECTION_KEYS if s in sections] if correcting else []
    deadline = correction_deadline if correcting else None
    version = _latest_version(locked)
    round_ = _next_round(locked)
    # The check is recorded first and the offer then moved (in this transaction: a blocked move keeps
    # nothing): the result's e-mail, declared with the offer's transition, reads the round's check.
    check: FormalCheck = FormalCheck.objects.create(
        tenant=locked.tenant,
        offer=locked,
        version=version,
        round=round_,
        outcome=outcome,
        answers=copied,
        sections_to_correct=chosen,
        correction_deadline=deadline,
        reasons=reasons,
        checked_by=actor,
        checked_at=timezone.now(),
    )
    moved = record_formal_outcome(
        offer=locked,
        outcome=ACTIONS[outcome],
        actor=actor,
        reasons=reasons,
        data={"round": round_, "version": version.number},
        queryset=Offer.objects.select_related("call", "organisation", "tenant"),
    )
    moved.correction_sections = chosen
    moved.correction_deadline = deadline
    moved.save(update_fields=["correction_sections", "correction_deadline", "updated_at"])
    check.offer = moved
    record_event(
        actor=actor,
        subject=check,
        action="formal_check.record",
        data={
            "offer": moved.pk,
            "round": round_,
            "version": version.number,
            "outcome": str(outcome),
            "unmet": [a["item"] for a in copied if not a["met"]],
            "sections": chosen,
            "correction_deadline": deadline.isoformat() if deadline else None,
            "reasons": reasons,
        },
    )
    return check


@transaction.atomic
def reject_uncorrected(*, offer: Offer, actor: Any) -> FormalCheck:
    """Reject an offer whose correction deadline passed without a corrected version (art. 15)."""
    locked = _lock_offer(offer)
    if not is_call_officer(actor, locked):  # the office of the offer's local government
        raise PermissionDenied(_("You are not allowed to do this."))
    if locked.state != OfferState.CORRECTION:
        raise not_allowed(locked, "reject_formally")
    previous = FormalCheck.objects.filter(offer=locked).order_by("-round").first()
    version = _latest_version(locked)
    round_ = _next_round(locked)
    reasons = _("The formal defects were not corrected by the deadline.")
    check: FormalCheck = FormalCheck.objects.create(
        tenant=locked.tenant,
        offer=locked,
        version=version,
        round=round_,
        outcome=FormalOutcome.REJECTED,
        answers=list(previous.answers) if previous is not None else [],
        reasons=reasons,
        checked_by=actor,
        checked_at=timezone.now(),
    )
    moved = record_formal_outcome(
        offer=locked,
        outcome="reject_formally",
        actor=actor,
        reasons=reasons,
        data={"round": round_, "version": version.number},
        queryset=Offer.objects.select_related("call", "organisation", "tenant"),
    )
    moved.correction_sections = []
    moved.correction_deadline = None
    moved.save(update_fields=["correction_sections", "correction_deadline", "updated_at"])
    check.offer = moved
    record_event(
        actor=actor,
        subject=check,
        action="formal_check.reject_uncorrected",
        data={"offer": moved.pk, "round": round_, "version": version.number, "reasons": reasons},
    )
    return check


def publication_problems(call: Call) -> list[str]:
    """Why the list of formal results cannot be published yet (empty when it can)."""
    if call.state not in (CallState.PUBLISHED, CallState.CLOSED, CallState.RESOLVED):
        return [_("The results of this call cannot be published.")]
    if not deadline_passed(call):
        return [_("The formal check starts after the offer deadline.")]
    pending = Offer.objects.filter(call=call, state__in=PENDING_STATES).count()
    if pending:
        message = ngettext(
            "%(count)d offer is still waiting for the formal check or for its correction.",
            "%(count)d offers are still waiting for the formal check or for their correction.",
            pending,
        )
        return [message % {"count": pending}]
    return []


@transaction.atomic
def publish_formal_results(*, call: Call, actor: Any) -> Call:
    """Publish the list of formal results once every offer has its outcome; publishing again changes nothing."""
    if not is_call_officer(actor, call):
        raise PermissionDenied(_("You are not allowed to do this."))
    locked: Call = Call.objects.select_for_update().get(pk=call.pk)
    if locked.formal_results_published_at is not None:
        return locked
    problems = publication_problems(locked)
    if problems:
        raise ValidationError(problems, code="not_ready")
    locked.formal_results_published_at = timezone.now()
    locked.save(update_fields=["formal_results_published_at", "updated_at"])
    counts = dict.fromkeys([OfferState.FORMALLY_ACCEPTED, OfferState.FORMALLY_REJECTED], 0)
    for state in Offer.objects.filter(call=locked, state__in=list(counts)).values_list("state", flat=True):
        counts[OfferState(state)] += 1
    record_event(
        actor=actor,
        subject=locked,
        action="call.publish_formal_results",
        data={"accepted": counts[OfferState.FORMALLY_ACCEPTED], "rejected": counts[OfferState.FORMALLY_REJECTED]},
    )
    return locked


# What a correction changed ------------------------------------------------------------------------

# The snapshot's top-level keys (see offers/snapshot.py) by the section of the template they belong to;
# the rest (format, version, time, the call) describe the version, not the offer's content.
SNAPSHOT_SECTIONS = {
    "offerors": "offerors",
    "joint": "offerors",
    "contact": "offerors",
    "task": "task",
    "years": "task",
    "actions": "actions",
    "results": "results",
    "characteristics": "characteristics",
    "costs": "costs",
    "split": "costs",
    "sources": "sources",
    "other": "other",
    "statements": "statements",
    "attachments": "attachments",
}


@dataclass(frozen=True)
class Change:
    section: str
    path: str
    before: Any
    after: Any


@dataclass(frozen=True)
class SectionChanges:
    key: str
    title: Any
    changes: list[Change]


_MISSING = object()


def _flatten(value: Any, path: str, into: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        for key in value:
            _flatten(value[key], f"{path}.{key}" if path else str(key), into)
    elif isinstance(value, list):
        if not value:
            into[path] = []
        for i, item in enumerate(value, start=1):
            _flatten(item, f"{path}[{i}]", into)
    else:
        into[path] = value


def version_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[SectionChanges]:
    """Changed fields between two snapshots, grouped by section in the template's order.

    Each change has its path (e.g. `task.title`, `actions[2].name`; rows are numbered from 1) and the
    values before and after (None when the row did not exist on that side).
    """
    by_section: dict[str, list[Change]] = {}
    for key in sorted(set(before) | set(after)):
        section = SNAPSHOT_SECTIONS.get(key)
        if section is None:
            continue
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        _flatten(_comparable(key, before.get(key, _MISSING)), key, old)
        _flatten(_comparable(key, after.get(key, _MISSING)), key, new)
        for path in sorted(set(old) | set(new), key=_path_order):
            was, now = old.get(path), new.get(path)
            was = None if was is _MISSING else was
            now = None if now is _MISSING else now
            if was != now:
                by_section.setdefault(section, []).append(Change(section, path, was, now))
    return [SectionChanges(s.key, s.title, by_section[s.key]) for s in SECTIONS if s.key in by_section]


def _comparable(key: str, value: Any) -> Any:
    """Attachments have no order of their own (a replaced file goes to the end): compare them by label,
    so replacing the statute shows as one changed file, not as every row after it changing."""
    if key == "attachments" and isinstance(value, list):
        return sorted(value, key=lambda a: (str(a.get("label", "")), str(a.get("name", ""))))
    return value


def _path_order(path: str) -> list[Any]:
    """Sort `actions[10].name` after `actions[9].name`: numbers compare as numbers."""
    parts: list[Any] = []
    for token in path.replace("[", ".[").split("."):
        if token.startswith("[") and token.endswith("]") and token[1:-1].isdigit():
            parts.append((0, int(token[1:-1]), ""))
        else:
            parts.append((1, 0, token))
    return parts
