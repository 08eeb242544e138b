"""The offer in its 2018 template's layout and the confirmation of submission, as HTML and PDF.

The layout follows the template the snapshot names (`template`): the full offer (Annex 1 of Dz.U. 2018
poz. 2057) or the simplified offer of art. 19a (Annex 1 of Dz.U. 2018 poz. 2055).

Both are rendered from a snapshot (the frozen JSON of a submitted version, or the current state
of a draft), never from live rows, so the PDF of version N always says what its checksum covers.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from pozytek.documents.services import RenderedDocument, render_document
from pozytek.offers.sections import OfferTemplate, template_named
from pozytek.offers.states import FundingRoute

OFFER_BODY = "offers/documents/offer.html"
SIMPLIFIED_OFFER_BODY = "offers/documents/simplified_offer.html"
CONFIRMATION_BODY = "offers/documents/confirmation.html"


def template_of(snapshot: dict[str, Any]) -> OfferTemplate:
    """The template the snapshot's offer was written on (the full offer for versions that name none)."""
    return template_named(snapshot.get("template"))


def offer_body(snapshot: dict[str, Any]) -> str:
    """The document template that prints the snapshot in its offer template's layout."""
    return SIMPLIFIED_OFFER_BODY if template_of(snapshot).simplified else OFFER_BODY


def route_label(snapshot: dict[str, Any]) -> str:
    """The name of the funding route the snapshot's offer answers (versions frozen before routes existed
    answer a competition)."""
    code = (snapshot.get("route") or {}).get("code") or FundingRoute.COMPETITION
    return str(FundingRoute(code).label) if code in FundingRoute.values else str(code)


def offer_context(snapshot: dict[str, Any], *, draft: bool = False, checksum: str = "") -> dict[str, Any]:
    """`submitted_at` is the snapshot's ISO time as a datetime, for the template to show in Warsaw time."""
    submitted_at = parse_datetime(snapshot.get("submitted_at") or "")
    return {
        "s": snapshot,
        "draft": draft,
        "checksum": checksum,
        "submitted_at": submitted_at,
        "route_label": route_label(snapshot),
        "offer_template": template_of(snapshot),
        "body": offer_body(snapshot),
    }


def offer_document(
    snapshot: dict[str, Any],
    *,
    draft: bool = False,
    checksum: str = "",
    request: HttpRequest | None = None,
    tenant: Any = None,
) -> RenderedDocument:
    """Oferta realizacji zadania publicznego (Annex 1 of poz. 2057, or the simplified offer of poz. 2055) as a
    PDF, under the letterhead of `tenant` (the request's when not given: the offer's pages are the municipality's)."""
    title = _("Offer %(title)s") % {"title": snapshot["task"]["title"] or snapshot["offer_id"]}
    if snapshot.get("version"):
        title = f"{title} v{snapshot['version']}"
    return render_document(
        offer_body(snapshot),
        offer_context(snapshot, draft=draft, checksum=checksum),
        title=title,
        request=request,
        tenant=tenant,
    )


def confirmation_document(version: Any, *, request: HttpRequest | None = None) -> RenderedDocument:
    """Potwierdzenie złożenia oferty: who submitted what, when (to the second), and its SHA-256."""
    title = _("Confirmation of submission of offer %(id)s v%(version)s") % {
        "id": version.offer_id,
        "version": version.number,
    }
    return render_document(
        CONFIRMATION_BODY,
        {
            "version": version,
            "s": version.snapshot,
            "checksum": version.checksum,
            "route_label": route_label(version.snapshot),
            "offer_template": template_of(version.snapshot),
        },
        title=title,
        request=request,
        tenant=version.offer.tenant,
    )
