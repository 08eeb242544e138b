"""The offer's workflow table: submit and withdraw only before the route's deadline (a competition's call
deadline, to the second; see offers/routes.py)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.competitions.states import is_call_officer
from pozytek.core.workflow import Notification, Problem, Transition, TransitionEvent
from pozytek.offers import completeness
from pozytek.offers.deadlines import correction_closed_message, correction_deadline_passed
from pozytek.offers.models import OfferVersion
from pozytek.offers.permissions import is_offer_editor
from pozytek.offers.routes import route_of
from pozytek.offers.sections import BY_KEY
from pozytek.offers.selectors import offer_contacts, offeror_addresses
from pozytek.offers.states import OfferState


def deadline_problems(offer: Any) -> list[Problem]:
    """The route's deadline (a competition's call deadline, to the second; none outside a competition)."""
    return route_of(offer).deadline_problems(offer)


def open_problems(offer: Any) -> list[Problem]:
    """The deadline, then whether the route takes offers (a competition's call must be published):
    both tied to the "deadline" section."""
    return route_of(offer).open_problems(offer)


def submission_problems(offer: Any) -> list[Problem]:
    """The deadline and the call's state first (nothing else matters then), then completeness and the
    route's own limits (e.g. a small grant's duration and yearly sums)."""
    return open_problems(offer) or completeness.problems(offer) + route_of(offer).submission_problems(offer)


def after_deadline_problems(offer: Any) -> list[Problem]:
    """The formal check starts only once offers can no longer be submitted (in a competition)."""
    return route_of(offer).evaluation_problems(offer)


def correction_problems(offer: Any) -> list[Problem]:
    """A correction is submitted before its deadline, complete like the first submission."""
    if correction_deadline_passed(offer):
        return [Problem(correction_closed_message(offer), "deadline")]
    return completeness.problems(offer)


def missed_correction_problems(offer: Any) -> list[Problem]:
    """An offer waiting for corrections is rejected for not correcting only after the deadline."""
    if not correction_deadline_passed(offer):
        return [Problem(_("The offeror can still correct the offer; wait for the correction deadline."), "deadline")]
    return []


def update_problems(offer: Any) -> list[Problem]:
    """An update keeps the offer complete and asks for exactly the awarded grant (the call's rules apply
    as on submission). The awarded amount is read through the reverse relation `offer.award` (set by the
    evaluation's decision), so this module imports nothing from the evaluation app."""
    problems = completeness.problems(offer)
    award = getattr(offer, "award", None)
    if award is not None and (offer.requested_grant or 0) != award.amount:
        problems.append(
            Problem(
                _("The updated offer must request exactly the awarded grant: %(amount)s PLN.")
                % {"amount": award.amount},
                "sources",
            )
        )
    return problems


# E-mails. The formal check's result goes to the offer's contacts when the evaluation recorded a check
# round (`data["round"]`; a direct route's formal acceptance has none and sends nothing); the check is read
# through the reverse relation `offer.formal_checks`, so nothing is imported from the evaluation app.


def _formal_check(event: TransitionEvent) -> Any:
    round_ = event.data.get("round")
    return None if round_ is None else event.obj.formal_checks.filter(round=round_).first()


def _formal_recipients(event: TransitionEvent) -> list[str]:
    return offer_contacts(event.obj) if _formal_check(event) is not None else []


def _formal_context(event: TransitionEvent) -> dict[str, Any]:
    offer, check = event.obj, _formal_check(event)
    return {
        "offer": offer,
        "call": offer.call,
        "tenant": offer.tenant,
        "check": check,
        "defects": [a for a in check.answers if not a["met"]],
        "sections": [BY_KEY[s].title for s in check.sections_to_correct if s in BY_KEY],
        "deadline": check.correction_deadline,
        "path": reverse("offers:overview", kwargs={"tenant_slug": offer.tenant.slug, "pk": offer.pk}),
    }


FORMAL_PASSED_MAIL = Notification("offers/email/formal_passed.txt", _formal_recipients, _formal_context)
FORMAL_CORRECTION_MAIL = Notification("offers/email/formal_correction.txt", _formal_recipients, _formal_context)
FORMAL_REJECTED_MAIL = Notification("offers/email/formal_rejected.txt", _formal_recipients, _formal_context)


def _offeror(event: TransitionEvent) -> list[str]:
    return offeror_addresses(event.obj)


def _update_context(event: TransitionEvent) -> dict[str, Any]:
    """The office's answer to an update: the awarded grant and, once accepted, the update's version
    (`data["version"]`, its number, given by the agreements' service that accepts it)."""
    offer = event.obj
    award = getattr(offer, "award", None)
    number = event.data.get("version")
    version = OfferVersion.objects.filter(offer=offer, number=number).first() if number else None
    return {
        "offer": offer,
        "call": offer.call,
        "tenant": offer.tenant,
        "amount": award.amount if award is not None else None,
        "version": version,
        "reasons": event.reason,
    }


TRANSITIONS = (
    Transition(
        "submit",
        OfferState.DRAFT,
        OfferState.SUBMITTED,
        may=is_offer_editor,
        check=submission_problems,
        label=gettext_lazy("Submit"),
    ),
    Transition(
        "withdraw",
        OfferState.SUBMITTED,
        OfferState.WITHDRAWN,
        may=is_offer_editor,
        check=deadline_problems,
        label=gettext_lazy("Withdraw"),
    ),
    Transition(
        "reopen",
        OfferState.WITHDRAWN,
        OfferState.DRAFT,
        may=is_offer_editor,
        check=open_problems,
        label=gettext_lazy("Edit again"),
    ),
    # Formal check (ocena formalna) by the office, after the deadline.
    Transition(
        "accept_formally",
        OfferState.SUBMITTED,
        OfferState.FORMALLY_ACCEPTED,
        may=is_call_officer,
        check=after_deadline_problems,
        label=gettext_lazy("Formally correct"),
        notify=(FORMAL_PASSED_MAIL,),
    ),
    Transition(
        "request_correction",
        OfferState.SUBMITTED,
        OfferState.CORRECTION,
        may=is_call_officer,
        check=after_deadline_problems,
        label=gettext_lazy("Request correction"),
        notify=(FORMAL_CORRECTION_MAIL,),
    ),
    Transition(
        "reject_formally",
        OfferState.SUBMITTED,
        OfferState.FORMALLY_REJECTED,
        may=is_call_officer,
        check=after_deadline_problems,
        label=gettext_lazy("Reject on formal grounds"),
        notify=(FORMAL_REJECTED_MAIL,),
    ),
    Transition(
        "reject_formally",
        OfferState.CORRECTION,
        OfferState.FORMALLY_REJECTED,
        may=is_call_officer,
        check=missed_correction_problems,
        label=gettext_lazy("Reject: not corrected in time"),
        notify=(FORMAL_REJECTED_MAIL,),
    ),
    # The offeror corrects the listed sections and submits again: a new frozen version.
    Transition(
        "submit_correction",
        OfferState.CORRECTION,
        OfferState.SUBMITTED,
        may=is_offer_editor,
        check=correction_problems,
        label=gettext_lazy("Submit the correction"),
    ),
    # The executive's decision (rozstrzygnięcie), recorded by the office for every formally correct offer.
    Transition(
        "award", OfferState.FORMALLY_ACCEPTED, OfferState.AWARDED, may=is_call_officer, label=gettext_lazy("Award")
    ),
    Transition(
        "award_less",
        OfferState.FORMALLY_ACCEPTED,
        OfferState.UPDATE_REQUIRED,
        may=is_call_officer,
        label=gettext_lazy("Award less than requested"),
    ),
    Transition(
        "not_award",
        OfferState.FORMALLY_ACCEPTED,
        OfferState.NOT_AWARDED,
        may=is_call_officer,
        label=gettext_lazy("Do not award"),
    ),
    # Offer update (aktualizacja) after a lower award: the offeror revises, the office accepts or returns it.
    Transition(
        "submit_update",
        OfferState.UPDATE_REQUIRED,
        OfferState.UPDATE_SUBMITTED,
        may=is_offer_editor,
        check=update_problems,
        label=gettext_lazy("Submit the update"),
    ),
    Transition(
        "accept_update",
        OfferState.UPDATE_SUBMITTED,
        OfferState.AWARDED,
        may=is_call_officer,
        label=gettext_lazy("Accept the update"),
        notify=(Notification("offers/email/update_accepted.txt", _offeror, _update_context),),
    ),
    Transition(
        "return_update",
        OfferState.UPDATE_SUBMITTED,
        OfferState.UPDATE_REQUIRED,
        may=is_call_officer,
        label=gettext_lazy("Return the update for changes"),
        notify=(Notification("offers/email/update_returned.txt", _offeror, _update_context),),
    ),
)
