"""Demo agreements for the Leszno competition of the evaluation's demo, through the services.

The offer awarded less than requested is updated by its organisation and accepted by the office; the
offer awarded in full gets an agreement that is signed, with its first tranche paid; the updated one
gets an agreement prepared and awaiting signatures. The signed agreement then gets one approved annex (the end
moved two weeks earlier, a shift between two cost lines beyond the allowed share). Idempotent: agreements
are made once, the annex once.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.agreements.models import Agreement, Annex, Tranche
from pozytek.agreements.selectors_terms import terms_in_force
from pozytek.agreements.services import agreements as agreement_services
from pozytek.agreements.services.annexes import approve_annex, request_annex
from pozytek.agreements.services.updates import accept_update
from pozytek.agreements.states import AgreementState
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


def prepare_demo_agreement(
    grant: Grant, official: User, number: str, *, tranches: list[tuple[dt.date, Decimal]] | None = None
) -> Agreement:
    """A Leszno demo agreement for a one-year grant: parties from the offer, the demo account, and the
    given tranches (by default half when the task starts and half two months later)."""
    offer = Offer.objects.get(grant=grant)
    start, end = offer.start_date, offer.end_date
    half = (grant.amount_awarded / 2).quantize(Decimal("0.01"))
    if tranches is None:
        tranches = [(start, half), (start + dt.timedelta(days=60), grant.amount_awarded - half)]
    return agreement_services.prepare_agreement(
        grant=grant,
        actor=official,
        proposed=agreement_services.ProposedTerms(
            number=number,
            place="Leszno",
            office_representatives="Zastępca Prezydenta Miasta Leszna (dane przykładowe)",
            representatives=[[{"name": offer.contact_name or offer.organisation.name, "function": "Prezes Zarządu"}]],
            bank_account=DEMO_ACCOUNT,
            start_date=start,
            end_date=end,
            years={start.year: grant.amount_awarded},
            tranches=tranches,
        ),
    )


def _annex(agreement: Agreement, official: User) -> None:
    """Annex 1: the task ends two weeks earlier, 25% of the second action line's value moves to it from the first."""
    if Annex.objects.filter(agreement=agreement).exists():
        return
    terms = terms_in_force(agreement)
    action = [line for line in terms.lines if line.category == "action" and line.planned > 0]
    member = agreement.offer.created_by
    if len(action) < 2 or member is None:
        return
    source, target = action[0], action[1]
    moved = min((target.planned / 4).quantize(Decimal("1")), source.planned)
    annex = request_annex(
        agreement=agreement,
        actor=member,
        justification=(
            "Remont płyty Rynku od połowy września: ostatnie wydarzenie odbędzie się dwa tygodnie wcześniej. "
            "Oszczędności z pierwszej pozycji kosztorysu przenosimy na drugą (ponad dopuszczalne 10%)."
        ),
        start_date=None,
        end_date=terms.end_date - dt.timedelta(days=14),
        lines={source.number: source.planned - moved, target.number: target.planned + moved},
    )
    approve_annex(annex=annex, actor=official)


def load(*, admin: User) -> None:
    with scopes_disabled():
        official = User.objects.filter(email=OFFICIAL).first()
        grants = list(
            Grant.objects.filter(call__title=TITLE, call__tenant__slug="leszno").select_related("offer").order_by("pk")
        )
        if official is None or len(grants) != 2:
            return
        if not Agreement.objects.filter(grant__in=grants).exists():
            _agreements(grants, official)
        signed = Agreement.objects.filter(grant__in=grants, state=AgreementState.SIGNED).order_by("pk").first()
        if signed is not None:
            _annex(signed, official)


def _agreements(grants: list[Grant], official: User) -> None:
    full, reduced = grants
    reduced_offer = Offer.objects.get(grant=reduced)
    if reduced_offer.state == OfferState.UPDATE_REQUIRED:
        _update(reduced_offer, reduced_offer.created_by, official)
    year = timezone.localdate().year
    agreement = prepare_demo_agreement(Grant.objects.get(pk=full.pk), official, f"WK.526.1.{year}")
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
    prepare_demo_agreement(Grant.objects.get(pk=reduced.pk), official, f"WK.526.2.{year}")
