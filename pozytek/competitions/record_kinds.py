"""What open competitions report into the cooperation programme (core.record_kinds): calls announced.

The calls themselves are listed as the record kind `open_competition` by the grants register, which
knows what was awarded under each call (it sits above this app)."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pozytek.competitions.selectors import calls_announced_in, proposals_in
from pozytek.core.record_kinds import Cooperation, Measure, Record, RecordKind


def calls_announced(tenant: Any, year: int) -> int:
    return calls_announced_in(tenant, year).count()


CALLS_ANNOUNCED = Measure(
    key="calls.announced",
    label=_("Open competitions announced"),
    cooperation=Cooperation.FINANCIAL,
    compute=calls_announced,
    order=10,
    help_text=_("Calls for offers published in the year (a call cancelled later counts too)."),
)

MEASURES = (CALLS_ANNOUNCED,)


def proposal_records(tenant: Any, year: int) -> Sequence[Record]:
    """Own-initiative proposals received in the year, with their answer (one query)."""
    return [
        Record(
            kind="task_proposal",
            pk=proposal.pk,
            title=f"{proposal.title} ({proposal.organisation.name}: {proposal.get_state_display()})",
            on=proposal.received_on,
            url=reverse("competitions:proposal", kwargs={"tenant_slug": tenant.slug, "pk": proposal.pk}),
            amount=proposal.estimated_cost,
            spheres=(proposal.sphere_id,),
        )
        for proposal in proposals_in(tenant, year).order_by("received_on", "pk")
    ]


TASK_PROPOSAL = RecordKind(
    key="task_proposal",
    label=_("Own-initiative proposals of public tasks"),
    cooperation=Cooperation.NON_FINANCIAL,
    list_records=proposal_records,
    description=_(
        "Proposals organisations made on their own initiative (art. 12) and the office's answer: whether a "
        "competition was announced."
    ),
    model_label="competitions.TaskProposal",
    order=15,
)
