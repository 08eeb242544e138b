"""The agreement's lifecycle: the office signs a prepared agreement or terminates it, and settles it
once the reports are done (the reports app asks through `services.agreements.settle_agreement`, having
recorded the settlement; the guard reads it through the reverse relation, importing nothing from it).
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.agreements.permissions import is_agreement_officer, is_party_member
from pozytek.agreements.selectors import document_problems, office_addresses, party_addresses
from pozytek.agreements.states import AgreementState, AnnexState
from pozytek.core.workflow import KEEPERS_ONLY, Notification, Problem, Transition, TransitionEvent, refuses


def signing_problems(agreement: Any) -> list[Problem]:
    """Only a complete agreement is signed: every field the document needs, the date and the file."""
    problems = [Problem(message, "agreement") for message in document_problems(agreement)]
    if agreement.concluded_on is None:
        problems.append(Problem(_("Enter the date of conclusion."), "concluded_on"))
    if not agreement.signed_file_sha256:
        problems.append(Problem(_("Upload the signed agreement."), "upload"))
    return problems


def settlement_problems(agreement: Any) -> list[Problem]:
    """The agreement is settled only with its settlement (rozliczenie) recorded."""
    if getattr(agreement, "settlement", None) is None:
        return [Problem(_("The final report has not been accepted yet."), "__all__")]
    return []


def _parties(event: TransitionEvent) -> list[str]:
    return party_addresses(event.obj)


def _agreement_context(event: TransitionEvent) -> dict[str, Any]:
    agreement = event.obj
    return {"agreement": agreement, "tenant": agreement.tenant, "offer": agreement.offer}


# The organisation is told when its agreement is signed, and when it is cancelled or terminated (why).
SIGNED_MAIL = Notification("agreements/email/agreement_signed.txt", _parties, _agreement_context)
TERMINATED_MAIL = Notification("agreements/email/agreement_terminated.txt", _parties, _agreement_context)


TRANSITIONS = (
    Transition(
        "sign",
        AgreementState.DRAFT,
        AgreementState.SIGNED,
        may=is_agreement_officer,
        check=signing_problems,
        label=gettext_lazy("Record the signed agreement"),
        notify=(SIGNED_MAIL,),
    ),
    Transition(
        "terminate",
        AgreementState.DRAFT,
        AgreementState.TERMINATED,
        may=is_agreement_officer,
        label=gettext_lazy("Cancel the agreement"),
        notify=(TERMINATED_MAIL,),
    ),
    Transition(
        "terminate",
        AgreementState.SIGNED,
        AgreementState.TERMINATED,
        may=is_agreement_officer,
        label=gettext_lazy("Terminate the agreement"),
        notify=(TERMINATED_MAIL,),
    ),
    Transition(
        "settle",
        AgreementState.SIGNED,
        AgreementState.SETTLED,
        may=is_agreement_officer,
        check=settlement_problems,
        label=gettext_lazy("Settle the grant"),
    ),
)


# Annexes (aneksy): the organisation requests, the office approves or refuses; the organisation may
# withdraw its request while it awaits the decision. Requesting creates the record (no transition).


@refuses(KEEPERS_ONLY)
def _annex_requester(user: Any, annex: Any) -> bool:
    return is_party_member(user, annex.agreement)


def annex_approval_problems(annex: Any) -> list[Problem]:
    """An annex changes only a signed agreement, and only once numbered and frozen."""
    problems = []
    if annex.agreement.state != AgreementState.SIGNED:
        problems.append(Problem(_("Only a signed agreement can be changed by an annex."), "agreement"))
    if not annex.number or not annex.checksum:
        problems.append(Problem(_("The annex has not been numbered and frozen."), "annex"))
    return problems


def annex_refusal_problems(annex: Any) -> list[Problem]:
    if not (annex.decision_reason or "").strip():
        return [Problem(_("Give the reason for refusing the annex."), "reason")]
    return []


def _annex_office(event: TransitionEvent) -> list[str]:
    return office_addresses(event.obj.agreement)


def _annex_members(event: TransitionEvent) -> list[str]:
    return sorted(party_addresses(event.obj.agreement, organisations=False, members=True), key=str.lower)


def _annex_context(event: TransitionEvent) -> dict[str, Any]:
    annex = event.obj
    return {"annex": annex, "agreement": annex.agreement, "tenant": annex.agreement.tenant}


# The organisation's members learn the office's decision; the office learns that a request was withdrawn.
ANNEX_DECIDED_MAIL = Notification("agreements/annex_email_decided.txt", _annex_members, _annex_context)
ANNEX_WITHDRAWN_MAIL = Notification("agreements/annex_email_withdrawn.txt", _annex_office, _annex_context)


ANNEX_TRANSITIONS = (
    Transition(
        "approve",
        AnnexState.REQUESTED,
        AnnexState.APPROVED,
        may=is_agreement_officer,
        check=annex_approval_problems,
        label=gettext_lazy("Approve the annex"),
        notify=(ANNEX_DECIDED_MAIL,),
    ),
    Transition(
        "refuse",
        AnnexState.REQUESTED,
        AnnexState.REFUSED,
        may=is_agreement_officer,
        check=annex_refusal_problems,
        label=gettext_lazy("Refuse the annex"),
        notify=(ANNEX_DECIDED_MAIL,),
    ),
    Transition(
        "withdraw",
        AnnexState.REQUESTED,
        AnnexState.WITHDRAWN,
        may=_annex_requester,
        label=gettext_lazy("Withdraw the request"),
        notify=(ANNEX_WITHDRAWN_MAIL,),
    ),
)
