"""Writes of annexes (aneksy do umowy): the organisation requests a change of a signed agreement, the office
approves or refuses it, the organisation may withdraw a request awaiting the decision.

Rules, checked before anything is saved (a `ValidationError` keyed by the request form's fields:
"justification", "start_date", "end_date", "line:<number>" (e.g. "line:I.1.2"), "result:<i>:name",
"result:<i>:target", "other_changes", "reason", "__all__"):

- only a signed agreement, one request awaiting a decision at a time (a repeated submit finds it);
- the requesting user keeps an organisation that is a party to the agreement;
- dates ordered, within the call's delivery period and the agreement's budget years, and still covering
  the due dates of the unpaid tranches;
- cost lines (V.A numbering) ≥ 0 with at most two decimals (`core.money.parse_amount`); the grant never
  rises: the cost total may neither exceed the agreed total (the extra would need more grant) nor fall
  below the grant; a lower total lowers the organisation's other sources;
- a change of cost lines only, within the allowed shift of the agreement (`cost_shift_percent`), needs no
  annex: `AnnexNotNeeded` says so (information, not an error).

Approval numbers the annex (1, 2, … per agreement), freezes the resulting terms and the document's data
with their SHA-256, moves the agreement's dates and recomputes the deadlines that follow from its end.
"""

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.agreements.models import Agreement, AgreementYear, Annex, Tranche
from pozytek.agreements.permissions import is_agreement_officer, is_party_member
from pozytek.agreements.selectors import office_addresses, party_organisation_ids
from pozytek.agreements.selectors_annexes import (
    apply_changes,
    compare,
    pending_annex,
    requested_changes,
    within_allowed_shift,
)
from pozytek.agreements.selectors_terms import Terms, terms_in_force, terms_to_json
from pozytek.agreements.services.agreements import compute_deadlines
from pozytek.agreements.states import AgreementState, AnnexState
from pozytek.core.audit import record_event
from pozytek.core.money import parse_amount
from pozytek.core.workflow import apply_transition, not_allowed
from pozytek.notifications.services import queue_email_text
from pozytek.offers.routes import route_of
from pozytek.offers.snapshot import canonical_json
from pozytek.organisations.models import OrganisationMember

TEXT_MAX_LENGTH = 5000
RESULT_MAX_LENGTH = 500
SNAPSHOT_FORMAT = "pozytek.annex/1"


class AnnexNotNeeded(Exception):
    """The proposed change stays within the shift the agreement allows: no annex is needed."""

    def __init__(self, percent: Decimal) -> None:
        self.percent = percent
        super().__init__(
            _(
                "These changes stay within the allowed increase of a cost line (%(percent)s%%) and keep the total: "
                "no annex is needed. Apply them and explain them in the report."
            )
            % {"percent": f"{percent:.2f}"}
        )


@dataclass
class Proposal:
    """A cleaned request: only what changes, or the errors found."""

    justification: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    lines: dict[str, Decimal] = field(default_factory=dict)
    results: list[dict[str, Any]] = field(default_factory=list)
    other_changes: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)


def _text(proposal: Proposal, key: str, value: Any, *, required: str = "") -> str:
    text = str(value or "").strip()
    if required and not text:
        proposal.error(key, required)
    elif len(text) > TEXT_MAX_LENGTH:
        proposal.error(key, _("This text can have at most %(n)d characters.") % {"n": TEXT_MAX_LENGTH})
    return text


def _budget_years(agreement: Agreement, base: Terms) -> list[int]:
    with scopes_disabled():
        years = sorted(AgreementYear.objects.filter(agreement_id=agreement.pk).values_list("year", flat=True))
    return years or sorted(base.years) or [base.start_date.year]


def _check_dates(proposal: Proposal, agreement: Agreement, base: Terms) -> None:
    start = proposal.start_date or base.start_date
    end = proposal.end_date or base.end_date
    limits = route_of(agreement.offer).limits(agreement.offer)
    low, high = limits.delivery_start, limits.delivery_end
    if proposal.start_date and low and proposal.start_date < low:
        proposal.error(
            "start_date",
            _("The task cannot start before %(date)s (the call's delivery period).") % {"date": low.isoformat()},
        )
    if proposal.end_date and high and proposal.end_date > high:
        proposal.error(
            "end_date",
            _("The task cannot end after %(date)s (the call's delivery period).") % {"date": high.isoformat()},
        )
    if end < start:
        key = "end_date" if proposal.end_date else "start_date"
        proposal.error(key, _("The task cannot end before it starts."))
        return
    with scopes_disabled():
        unpaid = list(Tranche.objects.filter(agreement_id=agreement.pk, paid_on__isnull=True).order_by("number"))
    for tranche in unpaid:
        if proposal.end_date and tranche.due_date > end:
            proposal.error(
                "end_date",
                _("Tranche %(n)d is to be paid by %(date)s: the task cannot end before that.")
                % {"n": tranche.number, "date": tranche.due_date.isoformat()},
            )
        if proposal.start_date and tranche.due_date < start:
            proposal.error(
                "start_date",
                _("Tranche %(n)d is to be paid by %(date)s: the task cannot start after that.")
                % {"n": tranche.number, "date": tranche.due_date.isoformat()},
            )
    years = _budget_years(agreement, base)
    if start.year < years[0] or end.year > years[-1]:
        key = "end_date" if end.year > years[-1] else "start_date"
        proposal.error(
            key,
            _("The task must stay within the agreement's budget years (%(first)s–%(last)s).")
            % {"first": years[0], "last": years[-1]},
        )


def _check_lines(proposal: Proposal, base: Terms, lines: Mapping[str, Any]) -> None:
    known = {line.number: line for line in base.lines}
    for number, raw in lines.items():
        line = known.get(number)
        if line is None:
            proposal.error("__all__", _("The form does not match the agreement's cost plan. Reload the page."))
            continue
        value, message = parse_amount(raw, missing=_("Enter the amount (0 to remove the line)."))
        if value is None:
            proposal.error(f"line:{number}", message)
        elif value != line.planned:
            proposal.lines[number] = value
    if not proposal.lines or any(key.startswith("line:") for key in proposal.errors):
        return
    total = sum((proposal.lines.get(line.number, line.planned) for line in base.lines), Decimal("0.00"))
    rising = [n for n, v in proposal.lines.items() if v > known[n].planned]
    falling = [n for n, v in proposal.lines.items() if v < known[n].planned]
    if total > base.total:
        proposal.error(
            f"line:{(rising or list(proposal.lines))[0]}",
            _(
                "The costs would total %(total)s PLN, %(extra)s PLN more than agreed (%(agreed)s PLN): that would "
                "need more grant than the agreement's %(grant)s PLN, and the grant cannot rise. Lower other lines "
                "by the same amount."
            )
            % {
                "total": f"{total:.2f}",
                "extra": f"{total - base.total:.2f}",
                "agreed": f"{base.total:.2f}",
                "grant": f"{base.grant:.2f}",
            },
        )
    elif total < base.grant:
        proposal.error(
            f"line:{(falling or list(proposal.lines))[0]}",
            _(
                "The costs would total %(total)s PLN, less than the grant of %(grant)s PLN: the grant cannot "
                "exceed the costs of the task."
            )
            % {"total": f"{total:.2f}", "grant": f"{base.grant:.2f}"},
        )


def _check_results(proposal: Proposal, base: Terms, results: Sequence[Mapping[str, Any]]) -> None:
    for row in results:
        try:
            index = int(row.get("index"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            index = -1
        if not 0 <= index < len(base.results):
            proposal.error("__all__", _("The form does not match the agreement's results. Reload the page."))
            continue
        current = base.results[index]
        name = str(row.get("name") or "").strip()
        target = str(row.get("target") or "").strip()
        if not name:
            proposal.error(f"result:{index}:name", _("Give the name of the result."))
        elif len(name) > RESULT_MAX_LENGTH:
            proposal.error(f"result:{index}:name", _("At most %(n)d characters.") % {"n": RESULT_MAX_LENGTH})
        if not target:
            proposal.error(f"result:{index}:target", _("Give the planned value of the result."))
        elif len(target) > RESULT_MAX_LENGTH:
            proposal.error(f"result:{index}:target", _("At most %(n)d characters.") % {"n": RESULT_MAX_LENGTH})
        if name and target and (name, target) != (current.name, current.target):
            proposal.results.append({"index": index, "name": name, "target": target})


def clean_request(
    *,
    agreement: Agreement,
    base: Terms,
    justification: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
    lines: Mapping[str, Any],
    results: Sequence[Mapping[str, Any]],
    other_changes: str,
) -> Proposal:
    """Check a request against the terms in force (`base`), the call and the agreement."""
    proposal = Proposal()
    proposal.justification = _text(
        proposal, "justification", justification, required=_("Explain why the agreement must change.")
    )
    proposal.other_changes = _text(proposal, "other_changes", other_changes)
    proposal.start_date = start_date if start_date and start_date != base.start_date else None
    proposal.end_date = end_date if end_date and end_date != base.end_date else None
    _check_dates(proposal, agreement, base)
    _check_lines(proposal, base, lines)
    _check_results(proposal, base, results)
    changed = proposal.start_date or proposal.end_date or proposal.lines or proposal.results
    if not proposal.errors and not changed and not proposal.other_changes:
        proposal.error("__all__", _("Propose at least one change: dates, cost lines, results or other changes."))
    return proposal


def _after(base: Terms, proposal: Proposal, number: int = 0) -> Terms:
    return apply_changes(
        base,
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        lines=proposal.lines,
        results=proposal.results,
        annex_number=number,
    )


def _requesting_organisation(actor: Any, agreement: Agreement) -> int:
    ids = party_organisation_ids(agreement)
    if not is_party_member(actor, agreement):
        raise PermissionDenied(_("Only a member of an organisation that is a party may request an annex."))
    lead = agreement.offer.organisation_id
    mine = set(
        OrganisationMember.objects.filter(user=actor, organisation_id__in=ids).values_list("organisation_id", flat=True)
    )
    return lead if lead in mine else min(mine)


# E-mail ---------------------------------------------------------------------------------------------------


def _mail(addresses: list[str], template: str, annex: Annex, **extra: Any) -> None:
    """A request is not a transition (it creates the annex), so its e-mail is sent here; the decisions and
    the withdrawal declare theirs in `agreements.transitions`."""
    if addresses:
        agreement = annex.agreement
        queue_email_text(
            to=addresses,
            template=template,
            context={"annex": annex, "agreement": agreement, "tenant": agreement.tenant, **extra},
        )


# Request, withdraw ------------------------------------------------------------------------------------


def _locked_agreement(agreement: Agreement) -> Agreement:
    with scopes_disabled():
        locked: Agreement = (
            Agreement.objects.select_for_update(of=("self",))
            .select_related("tenant", "offer", "offer__call", "version", "grant")
            .get(pk=agreement.pk)
        )
    return locked


@transaction.atomic
def request_annex(
    *,
    agreement: Agreement,
    actor: Any,
    justification: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
    lines: Mapping[str, Any],
    results: Sequence[Mapping[str, Any]] = (),
    other_changes: str = "",
) -> Annex:
    """The organisation asks for an annex. Raises PermissionDenied (not a party's member), ValidationError
    (keys as in the module's docstring; "__all__" for an unsigned agreement or a request already pending)
    and AnnexNotNeeded (the change stays within the allowed shift)."""
    organisation_id = _requesting_organisation(actor, agreement)
    locked = _locked_agreement(agreement)
    if locked.state != AgreementState.SIGNED:
        raise ValidationError({"__all__": [_("An annex can be requested only for a signed agreement.")]})
    if pending_annex(locked) is not None:
        raise ValidationError(
            {"__all__": [_("A request for an annex to this agreement already awaits the office's decision.")]}
        )
    base = terms_in_force(locked)
    proposal = clean_request(
        agreement=locked,
        base=base,
        justification=justification,
        start_date=start_date,
        end_date=end_date,
        lines=lines,
        results=results,
        other_changes=other_changes,
    )
    if proposal.errors:
        raise ValidationError(proposal.errors)
    if not proposal.other_changes and within_allowed_shift(
        compare(base, _after(base, proposal)), locked.cost_shift_percent
    ):
        raise AnnexNotNeeded(locked.cost_shift_percent)
    try:
        with transaction.atomic(), scopes_disabled():
            annex: Annex = Annex.objects.create(
                tenant=locked.tenant,
                agreement=locked,
                organisation_id=organisation_id,
                requested_by=actor,
                requested_at=timezone.now(),
                justification=proposal.justification,
                new_start_date=proposal.start_date,
                new_end_date=proposal.end_date,
                line_changes=[{"number": n, "value": f"{v:.2f}"} for n, v in proposal.lines.items()],
                result_changes=proposal.results,
                other_changes=proposal.other_changes,
            )
    except IntegrityError as error:  # a parallel submit created it first
        raise ValidationError(
            {"__all__": [_("A request for an annex to this agreement already awaits the office's decision.")]}
        ) from error
    record_event(
        actor=actor,
        subject=annex,
        action="annex.request",
        data={
            "agreement": locked.pk,
            "start_date": proposal.start_date.isoformat() if proposal.start_date else None,
            "end_date": proposal.end_date.isoformat() if proposal.end_date else None,
            "lines": annex.line_changes,
            "results": proposal.results,
            "other_changes": bool(proposal.other_changes),
        },
    )
    _mail(office_addresses(locked), "agreements/annex_email_requested.txt", annex)
    return annex


def _annex_queryset() -> Any:
    return Annex.objects.select_related("agreement", "agreement__tenant", "agreement__offer", "tenant")


@transaction.atomic
def withdraw_annex(*, annex: Annex, actor: Any) -> Annex:
    """The organisation withdraws its request while it awaits the decision (TransitionNotAllowed after)."""
    with scopes_disabled():
        withdrawn: Annex = apply_transition(annex, "withdraw", actor=actor, queryset=_annex_queryset())
    return withdrawn


# The office's decision ----------------------------------------------------------------------------------


def _require_officer(actor: Any, annex: Annex) -> None:
    if not is_agreement_officer(actor, annex):
        raise PermissionDenied(_("You do not have a role in this office that allows this."))


def _locked_request(annex: Annex, action: str) -> Annex:
    with scopes_disabled():
        locked: Annex = _annex_queryset().select_for_update(of=("self",)).get(pk=annex.pk)
    if locked.state != AnnexState.REQUESTED:
        raise not_allowed(locked, action)
    return locked


def _deadlines_json(agreement: Agreement) -> dict[str, str]:
    return {
        "grant_use_deadline": agreement.grant_use_deadline.isoformat(),
        "return_deadline": agreement.return_deadline.isoformat(),
        "final_report_due": agreement.final_report_due.isoformat(),
    }


def annex_snapshot(
    annex: Annex, agreement: Agreement, before: Terms, after: Terms, deadlines: dict[str, Any]
) -> dict[str, Any]:
    """Everything the annex's document says, frozen: the agreement's identity, the parties, the terms
    before and after, the deadlines before and after."""
    task = (agreement.version.snapshot.get("task") or {}).get("title") or agreement.offer.title
    return {
        "format": SNAPSHOT_FORMAT,
        "annex": {
            "number": annex.number,
            "requested_at": annex.requested_at.isoformat(),
            "approved_at": annex.decided_at.isoformat() if annex.decided_at else None,
            "justification": annex.justification,
            "other_changes": annex.other_changes,
        },
        "agreement": {
            "id": agreement.pk,
            "number": agreement.number,
            "concluded_on": agreement.concluded_on.isoformat() if agreement.concluded_on else None,
            "place": agreement.place,
            "authority": agreement.tenant.name,
            "office_representatives": agreement.office_representatives,
            "parties": agreement.parties,
            "task": task,
            "cost_shift_percent": f"{agreement.cost_shift_percent:.2f}",
        },
        "before": terms_to_json(before),
        "terms": terms_to_json(after),
        "deadlines": deadlines,
    }


@transaction.atomic
def approve_annex(*, annex: Annex, actor: Any) -> Annex:
    """Approve the request: number the annex, freeze its terms and document (SHA-256), change the agreement's
    dates and deadlines, e-mail the organisation's members. Raises PermissionDenied, TransitionNotAllowed
    (decided already) and ValidationError (the request no longer fits the terms, e.g. the agreement ended)."""
    _require_officer(actor, annex)
    agreement = _locked_agreement(annex.agreement)
    locked = _locked_request(annex, "approve")
    locked.agreement = agreement
    if agreement.state != AgreementState.SIGNED:
        raise ValidationError({"__all__": [_("Only a signed agreement can be changed by an annex.")]})
    before = terms_in_force(agreement)
    changes = requested_changes(locked)
    proposal = clean_request(
        agreement=agreement,
        base=before,
        justification=locked.justification,
        start_date=changes["start_date"],
        end_date=changes["end_date"],
        lines={line.number: changes["lines"].get(line.number, line.planned) for line in before.lines},
        results=changes["results"],
        other_changes=locked.other_changes,
    )
    if proposal.errors:
        raise ValidationError({"__all__": [m for messages in proposal.errors.values() for m in messages]})
    with scopes_disabled():
        last = Annex.objects.filter(agreement_id=agreement.pk).aggregate(n=Max("number"))["n"] or 0
    number = last + 1
    after = _after(before, proposal, number)
    deadlines_before = _deadlines_json(agreement)
    with scopes_disabled():
        years = list(AgreementYear.objects.filter(agreement_id=agreement.pk).order_by("year"))
    on = timezone.localdate(agreement.created_at) if agreement.created_at else timezone.localdate()
    deadlines = compute_deadlines(
        end_date=after.end_date, years=[y.year for y in years], tenant=agreement.tenant, on=on
    )
    agreement.start_date, agreement.end_date = after.start_date, after.end_date
    agreement.grant_use_deadline = deadlines.grant_use
    agreement.return_deadline = deadlines.unused_return
    agreement.final_report_due = deadlines.final_report
    locked.number = number
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    snapshot = annex_snapshot(
        locked, agreement, before, after, {"before": deadlines_before, "after": _deadlines_json(agreement)}
    )
    locked.snapshot = snapshot
    locked.checksum = hashlib.sha256(canonical_json(snapshot)).hexdigest()
    with scopes_disabled():
        locked.save(update_fields=["number", "decided_by", "decided_at", "snapshot", "checksum", "updated_at"])
        # The agreement's new dates are saved first: the approval's e-mail (declared with it) states them.
        agreement.save(
            update_fields=[
                "start_date",
                "end_date",
                "grant_use_deadline",
                "return_deadline",
                "final_report_due",
                "updated_at",
            ]
        )
        for year in years:
            due = deadlines.partial_reports.get(year.year)
            if year.partial_report_due != due:
                year.partial_report_due = due
                year.save(update_fields=["partial_report_due"])
        approved: Annex = apply_transition(
            locked,
            "approve",
            actor=actor,
            queryset=_annex_queryset(),
            data={"agreement": agreement.pk, "number": number, "sha256": locked.checksum},
        )
    record_event(
        actor=actor,
        subject=agreement,
        action="agreement.annex",
        data={
            "annex": number,
            "sha256": locked.checksum,
            "before": snapshot["before"]["start_date"] + "/" + snapshot["before"]["end_date"],
            "deadlines": snapshot["deadlines"],
        },
    )
    approved.agreement = agreement
    return approved


@transaction.atomic
def refuse_annex(*, annex: Annex, actor: Any, reason: str) -> Annex:
    """Refuse the request with the reason (required), e-mail the organisation's members."""
    _require_officer(actor, annex)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for refusing the annex.")]})
    if len(reason) > TEXT_MAX_LENGTH:
        raise ValidationError({"reason": [_("The reason can have at most %(n)d characters.") % {"n": TEXT_MAX_LENGTH}]})
    locked = _locked_request(annex, "refuse")
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    with scopes_disabled():
        locked.save(update_fields=["decided_by", "decided_at", "decision_reason", "updated_at"])
        refused: Annex = apply_transition(locked, "refuse", actor=actor, reason=reason, queryset=_annex_queryset())
    return refused
