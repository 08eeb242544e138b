"""What a report's history shows (core.selectors.history_of): its states and each submitted version
frozen with its SHA-256 (the versions are kept for inspection; the page's PDF is the current report)."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.agreements.models import Agreement
from pozytek.core.selectors import Audience, FrozenLink, HistoryEntry, HistoryHook, history_of
from pozytek.offers.history import people_of_offer
from pozytek.reports.models import Report
from pozytek.reports.states import ReportState

LABELS = {
    "report.start": gettext_lazy("Report started"),
    "report.version": gettext_lazy("Version frozen"),
    "report.figures": gettext_lazy("Amount to return fixed"),
}


def _links(action: str, data: Mapping[str, Any]) -> Sequence[FrozenLink]:
    if action == "report.version" and data.get("sha256"):
        label = _("Submitted version %(number)s") % {"number": data.get("version", "")}
        return (FrozenLink(label=label, sha256=str(data["sha256"])),)
    return ()


HOOK = HistoryHook(states=dict(ReportState.choices), labels=LABELS, links=_links)


def report_history(report: Report, *, tenant: Any, agreement: Agreement, audience: Audience) -> list[HistoryEntry]:
    """The report's history for the office (`audience="office"`) or the organisation (`"member"`)."""
    people = people_of_offer(agreement.offer_id)
    return history_of(report, tenant=tenant, hook=HOOK, audience=audience, named_people=people)
