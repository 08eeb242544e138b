"""What an offer's history shows (core.selectors.history_of): its states, the frozen versions with
their SHA-256, linked to the audience's own copy of each version's PDF."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.core.selectors import Audience, FrozenLink, HistoryEntry, HistoryHook, history_of
from pozytek.offers.models import Offer, Offeror
from pozytek.offers.states import OfferState
from pozytek.organisations.models import OrganisationMember

LABELS = {
    "offer.start": gettext_lazy("Offer started"),
    "offer.freeze": gettext_lazy("Version frozen"),
}


def offer_history(offer: Offer, *, tenant: Any, audience: Audience) -> list[HistoryEntry]:
    """The offer's history for the office (`audience="office"`) or its organisation (`"member"`)."""

    def links(action: str, data: Mapping[str, Any]) -> Sequence[FrozenLink]:
        number = data.get("version")
        if action != "offer.freeze" or not isinstance(number, int):
            return ()
        if audience == "office":
            url = reverse(
                "offers_office:version_pdf",
                kwargs={"tenant_slug": tenant.slug, "pk": offer.pk, "number": number},
            )
        else:
            url = reverse("offers:version_pdf", kwargs={"tenant_slug": tenant.slug, "pk": offer.pk, "number": number})
        label = _("Version %(number)s (PDF)") % {"number": number}
        return (FrozenLink(label=label, url=url, sha256=str(data.get("checksum", ""))),)

    hook = HistoryHook(states=dict(OfferState.choices), labels=LABELS, links=links)
    return history_of(offer, tenant=tenant, hook=hook, audience=audience, named_people=people_of_offer(offer.pk))


def people_of_offer(offer_id: int) -> QuerySet[Any]:
    """The user ids of the people keeping the offer's organisation or a partner of a joint offer (a subquery,
    run with the history's query): the organisation's pages name them; anyone else acting is the office."""
    partners = Offeror.objects.filter(offer_id=offer_id, organisation__isnull=False).values("organisation_id")
    organisations = Q(organisation__offers__pk=offer_id) | Q(organisation_id__in=partners)
    return OrganisationMember.objects.filter(organisations).values("user_id")
