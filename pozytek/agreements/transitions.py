"""The agreement's workflow table: the office signs a prepared agreement, or terminates it.

Settlement (signed → settled) belongs to the reports and is added with them.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.agreements.permissions import is_agreement_officer
from pozytek.agreements.selectors import document_problems
from pozytek.agreements.states import AgreementState
from pozytek.core.workflow import Problem, Transition


def signing_problems(agreement: Any) -> list[Problem]:
    """Only a complete agreement is signed: every field the document needs, the date and the file."""
    problems = [Problem(message, "agreement") for message in document_problems(agreement)]
    if agreement.concluded_on is None:
        problems.append(Problem(_("Enter the date of conclusion."), "concluded_on"))
    if not agreement.signed_file_sha256:
        problems.append(Problem(_("Upload the signed agreement."), "upload"))
    return problems


TRANSITIONS = (
    Transition(
        "sign",
        AgreementState.DRAFT,
        AgreementState.SIGNED,
        may=is_agreement_officer,
        check=signing_problems,
        label=gettext_lazy("Record the signed agreement"),
    ),
    Transition(
        "terminate",
        AgreementState.DRAFT,
        AgreementState.TERMINATED,
        may=is_agreement_officer,
        label=gettext_lazy("Cancel the agreement"),
    ),
    Transition(
        "terminate",
        AgreementState.SIGNED,
        AgreementState.TERMINATED,
        may=is_agreement_officer,
        label=gettext_lazy("Terminate the agreement"),
    ),
)
