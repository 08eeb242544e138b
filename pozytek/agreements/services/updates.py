"""The office's side of the offer update (aktualizacja oferty) after a lower award: accept it or return it.

Accepting moves the offer to AWARDED (the agreement can then be prepared from the updated version) and
the register's row back to "awarded"; returning sends it back to the offeror with reasons. Both go
through the offer's workflow table (only office staff of the offer's local government may), and e-mail
the organisation after commit. A repeated request finds the offer already moved: TransitionNotAllowed.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pozytek.agreements.selectors_updates import update_versions
from pozytek.offers import services as offer_services
from pozytek.offers.models import Offer

REASONS_MAX_LENGTH = 5000


def _queryset() -> QuerySet[Offer]:
    return Offer.objects.select_related("call", "organisation", "tenant")


def _awarded(offer: Offer) -> Any:
    award = getattr(offer, "award", None)
    return award.amount if award is not None else None


@transaction.atomic
def accept_update(*, offer: Offer, actor: Any) -> Offer:
    """Accept the submitted update: the offer is AWARDED, the register's row "awarded" again.

    Raises PermissionDenied (not office staff of the offer's local government) and TransitionNotAllowed
    (nothing submitted to accept, e.g. a repeated request).
    """
    # The grants register follows the offer (grants.listeners): its row goes back to "awarded".
    # The organisation's e-mail is declared with the offer's transition (offers.transitions); it names the
    # accepted update by its version, given here.
    update = update_versions(offer).update
    data = {"awarded": str(_awarded(offer)), "version": update.number if update is not None else None}
    return offer_services.accept_update(offer=offer, actor=actor, queryset=_queryset(), data=data)


@transaction.atomic
def return_update(*, offer: Offer, actor: Any, reasons: str) -> Offer:
    """Return the submitted update to the offeror for changes, with the reasons (required).

    The offer is UPDATE_REQUIRED again: the offeror revises and submits a new version. Raises
    ValidationError (key "reasons") when the reasons are empty or too long, PermissionDenied and
    TransitionNotAllowed as `accept_update`.
    """
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": [_("Give the reasons why the update is returned.")]})
    if len(reasons) > REASONS_MAX_LENGTH:
        raise ValidationError(
            {"reasons": [_("The reasons can have at most %(n)d characters.") % {"n": REASONS_MAX_LENGTH}]}
        )
    return offer_services.return_update(offer=offer, actor=actor, reasons=reasons, queryset=_queryset())
