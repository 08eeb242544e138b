"""What a consultation's history shows on the office page (core.selectors.history_of): its states and the
office's changes to it (participants' comments, survey answers and sign-ups are on their own pages);
the published report is linked from its publication (consultations keep no frozen versions)."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.consultations.models import Consultation
from pozytek.consultations.states import ConsultationState
from pozytek.core.selectors import FrozenLink, HistoryEntry, HistoryHook, history_of

LABELS = {
    "consultation.create": gettext_lazy("Consultation created"),
    "consultation.update": gettext_lazy("Details edited"),
    "consultation.units": gettext_lazy("Draft act divided into units"),
    "consultation.attach": gettext_lazy("Attachment added"),
    "consultation.detach": gettext_lazy("Attachment removed"),
    "consultation.questions": gettext_lazy("Survey questions set"),
    "consultation.meeting": gettext_lazy("Meeting scheduled"),
    "consultation.minutes": gettext_lazy("Meeting minutes recorded"),
    "consultation.answer": gettext_lazy("Comment answered"),
    "consultation.merge": gettext_lazy("Comment marked as a duplicate"),
    "consultation.unmerge": gettext_lazy("Duplicate mark removed"),
}


def consultation_history(consultation: Consultation, *, tenant: Any) -> list[HistoryEntry]:
    """The consultation's history for the office."""

    def links(action: str, data: Mapping[str, Any]) -> Sequence[FrozenLink]:
        if action != "consultation.publish_report":
            return ()
        url = reverse("consultations_office:report", kwargs={"tenant_slug": tenant.slug, "pk": consultation.pk})
        return (FrozenLink(label=_("Consultation report"), url=url),)

    hook = HistoryHook(states=dict(ConsultationState.choices), labels=LABELS, links=links)
    return history_of(consultation, tenant=tenant, hook=hook, audience="office")
