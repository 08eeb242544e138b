"""What an agreement's history shows (core.selectors.history_of): its states; the frozen documents: the
offer version it was prepared from, the signed file as received (SHA-256) and each approved annex's terms."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.agreements.models import Agreement
from pozytek.agreements.states import AgreementState
from pozytek.core.selectors import Audience, FrozenLink, HistoryEntry, HistoryHook, history_of
from pozytek.offers.history import people_of_offer

LABELS = {
    "agreement.prepare": gettext_lazy("Agreement prepared"),
    "agreement.update": gettext_lazy("Terms of the agreement edited"),
    "agreement.annex": gettext_lazy("Annex approved: terms changed"),
}
# The office's working edits of a draft are its own; the organisation sees the agreement it is given.
OFFICE_ONLY = frozenset({"agreement.update"})


def agreement_history(agreement: Agreement, *, tenant: Any, audience: Audience) -> list[HistoryEntry]:
    """The agreement's history for the office (`audience="office"`) or its organisation (`"member"`)."""

    def links(action: str, data: Mapping[str, Any]) -> Sequence[FrozenLink]:
        if action == "agreement.prepare" and isinstance(data.get("version"), int):
            number = data["version"]
            kwargs = {"tenant_slug": tenant.slug, "pk": agreement.offer_id, "number": number}
            name = "offers_office:version_pdf" if audience == "office" else "offers:version_pdf"
            return (
                FrozenLink(
                    label=_("Offer, version %(number)s (PDF)") % {"number": number}, url=reverse(name, kwargs=kwargs)
                ),
            )
        if action == "agreement.sign" and data.get("sha256"):
            if audience == "office":
                url = reverse("agreements_office:signed_file", kwargs={"tenant_slug": tenant.slug, "pk": agreement.pk})
            else:
                url = reverse("agreements_member:signed_file", kwargs={"pk": agreement.pk})
            return (FrozenLink(label=_("Signed agreement"), url=url, sha256=str(data["sha256"])),)
        if action == "agreement.annex" and data.get("sha256"):
            label = _("Annex no. %(number)s") % {"number": data.get("annex", "")}
            return (FrozenLink(label=label, sha256=str(data["sha256"])),)
        return ()

    hook = HistoryHook(states=dict(AgreementState.choices), labels=LABELS, links=links, office_only=OFFICE_ONLY)
    people = people_of_offer(agreement.offer_id)
    return history_of(agreement, tenant=tenant, hook=hook, audience=audience, named_people=people)
