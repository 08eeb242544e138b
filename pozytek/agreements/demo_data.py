"""Demo agreements for the Leszno competition of the evaluation's demo, through the services.

The offer awarded less than requested is updated by its organisation and accepted by the office; the
offer awarded in full gets an agreement that is signed, with its first tranche paid; the updated one
gets an agreement prepared and awaiting signatures. Idempotent: nothing happens once agreements exist.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.agreements.models import Agreement, Tranche
from pozytek.agreements.services import agreements as agreement_services
from pozytek.agreements.services.updates import accept_update
from pozytek.evaluation.demo_data import OFFICIAL, TITLE
from pozytek.grants.models import Grant
from pozytek.offers import services as offer_services
from pozytek.offers.demo_data import DEMO_PDF
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState

# A valid example account number (check digits only; not a real account).
DEMO_ACCOUNT = "61 1090 1014 0000 0712 1981 2874"


def _update(offer: Offer, author: User, official: User) -> None:
    """Cut the training costs to fit the lower grant (aktualizacja), then the office accepts it."""
    costs = [
        {
            "id": line.pk,
            "category": line.category,
            "action": line.action_id,
            "name": line.name,
            "unit": line.unit,
            "unit_cost": Decimal("625") if line.name == "Prowadzenie szkoleń" else line.unit_cost,
            "quantity": Decimal("8") if line.name == "Prowadzenie szkoleń" else line.quantity,
            "offeror": line.offeror_id,
            "year1": Decimal("5000") if line.name == "Prowadzenie szkoleń" else line.year1,
        }
        for line in offer.cost_lines.order_by("order", "pk")
    ]
    offer = offer_services.save_section(
        offer=offer, section="costs", actor=author, version=offer_services.section_version(offer, "costs"), rows=costs
    )
    offer = offer_services.save_section(
        offer=offer,
        section="sources",
        actor=author,
        version=offer_services.section_version(offer, "sources"),
        data={"requested_grant": Decimal("18000")},
    )
    offer_services.submit_update(offer=offer, actor=author)
    accept_update(offer=Offer.objects.get(pk=offer.pk), actor=official)


def _prepare(grant: Grant, official: User, number: str) -> Agreement:
    offer = Offer.objects.get(grant=grant)
    start, end = offer.start_date, offer.end_date
    half = (grant.amount_awarded / 2).quantize(Decimal("0.01"))
    return agreement_services.prepare_agreement(
        grant=grant,
        actor=official,
        number=number,
        place="Leszno",
        office_representatives="Zastępca Prezydenta Miasta Leszna (dane przykładowe)",
        representatives=[[{"name": offer.contact_name or offer.organisation.name, "function": "Prezes Zarządu"}]],
        bank_account=DEMO_ACCOUNT,
        start_date=start,
        end_date=end,
        years={start.year: grant.amount_awarded},
        tranches=[(start, half), (start + dt.timedelta(days=60), grant.amount_awarded - half)],
    )


def load(*, admin: User) -> None:
    with scopes_disabled():
        official = User.objects.filter(email=OFFICIAL).first()
        grants = list(
            Grant.objects.filter(call__title=TITLE, call__tenant__slug="leszno").select_related("offer").order_by("pk")
        )
        if official is None or len(grants) != 2 or Agreement.objects.filter(grant__in=grants).exists():
            return
        full, reduced = grants
        reduced_offer = Offer.objects.get(grant=reduced)
        if reduced_offer.state == OfferState.UPDATE_REQUIRED:
            _update(reduced_offer, reduced_offer.created_by, official)
        year = timezone.localdate().year
        agreement = _prepare(Grant.objects.get(pk=full.pk), official, f"WK.526.1.{year}")
        agreement = agreement_services.sign_agreement(
            agreement=agreement,
            actor=official,
            concluded_on=timezone.localdate(),
            upload=ContentFile(DEMO_PDF, name="umowa-podpisana.pdf"),
        )
        first = Tranche.objects.filter(agreement=agreement).order_by("number").first()
        if first is not None:
            agreement_services.record_payment(
                tranche=first, actor=official, paid_on=timezone.localdate(), amount=first.amount
            )
        _prepare(Grant.objects.get(pk=reduced.pk), official, f"WK.526.2.{year}")
