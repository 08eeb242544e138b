"""Test data for agreements: a grant awarded by the evaluation's own decision, valid terms, files.

`awarded_grant` writes and submits an offer through the offers services, moves it to where the formal
check leaves it (test data, not transitions), closes the call and records the decision through
`record_decision`, which creates the register's Grant (the way production does). `amount` below the
requested grant gives an offer in UPDATE_REQUIRED.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.agreements.models import Agreement
from pozytek.agreements.services.agreements import ProposedTerms, prepare_agreement, sign_agreement
from pozytek.competitions.models import Call
from pozytek.competitions.states import CallState
from pozytek.evaluation.services.decision import record_decision
from pozytek.grants.models import Grant
from pozytek.offers import services as offer_services
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import PDF_BYTES, complete_offer, ngo_member
from tests.factories.organisations import OrganisationFactory

ACCOUNT = "61 1090 1014 0000 0712 1981 2874"
REPRESENTATION = {
    "body": "ZARZĄD",
    "manner": "Dwóch członków zarządu działających łącznie.",
    "members": [{"name": "Anna Nowak", "function": "Prezes Zarządu"}, {"name": "Jan Lis", "function": "Skarbnik"}],
}
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64
XADES_BYTES = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<umowa><tresc>Umowa</tresc>'
    b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/>'
    b"<ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature></umowa>"
)
PLAIN_XML_BYTES = b'<?xml version="1.0"?>\n<umowa><tresc>Bez podpisu</tresc></umowa>'


def upload(content: bytes = PDF_BYTES, name: str = "umowa-podpisana.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def awarded_grant(
    tenant,
    official,
    *,
    requested: str = "9000.00",
    amount: str | None = None,
    multi_year: bool = False,
    number: str = "ZAR/1/2027",
    representation: dict | None = REPRESENTATION,
) -> Grant:
    """A grant of `amount` (default: the whole request) for a complete offer of "Klub Sportowy" in `tenant`."""
    call_kwargs = {"tenant": tenant, "total_funds": Decimal("100000.00"), "max_grant": Decimal("20000.00")}
    if multi_year:
        call_kwargs.update(delivery_start=dt.date(2027, 3, 1), delivery_end=dt.date(2028, 10, 31))
    call = PublishedCallFactory(**call_kwargs)
    organisation = OrganisationFactory(
        listed_in=tenant,
        name="Klub Sportowy Orzeł",
        email="klub@example.org",
        bank_account="61109010140000071219812874",
        representation=representation or {},
    )
    author, organisation = ngo_member(organisation)
    offer, author = complete_offer(call, organisation=organisation, actor=author, multi_year=multi_year)
    with scopes_disabled():
        offer_services.submit_offer(offer=offer, actor=author)
        Offer.objects.filter(pk=offer.pk).update(
            state=OfferState.FORMALLY_ACCEPTED, requested_grant=Decimal(requested), contact_email=""
        )
        Call.objects.filter(pk=call.pk).update(
            state=CallState.CLOSED, offer_deadline=timezone.now() - dt.timedelta(days=3)
        )
        call = Call.objects.get(pk=call.pk)
    with scope(tenant=tenant):
        record_decision(
            call=call,
            actor=official,
            number=number,
            date=timezone.localdate(),
            note="",
            amounts={offer.pk: Decimal(amount or requested)},
            reasons={offer.pk: ""},
        )
    with scopes_disabled():
        return Grant.objects.select_related("offer", "offer__call", "tenant", "organisation").get(offer=offer)


def member_of(grant: Grant):
    """A user who keeps the grant's organisation."""
    with scopes_disabled():
        organisation = grant.organisation
    user, _org = ngo_member(organisation)
    return user


def terms(grant: Grant, **overrides) -> dict:
    """Valid terms for `grant`: the offer's dates, one tranche of the whole grant when the task starts."""
    with scopes_disabled():
        offer = grant.offer
        start, end = offer.start_date, offer.end_date
    amount = grant.amount_awarded
    years = {start.year: amount}
    if end.year != start.year:
        half = (amount / 2).quantize(Decimal("0.01"))
        years = {start.year: half, end.year: amount - half}
    data = {
        "number": "U/1/2027",
        "place": "Testowo",
        "office_representatives": "Jan Burmistrz – Burmistrz Miasta",
        "representatives": [[{"name": "Anna Nowak", "function": "Prezes Zarządu"}]],
        "bank_account": ACCOUNT,
        "start_date": start,
        "end_date": end,
        "years": years,
        "tranches": [(start, amount)],
        "cost_shift_percent": None,
    }
    data.update(overrides)
    return data


def prepared(grant: Grant, official, **overrides) -> Agreement:
    with scope(tenant=grant.tenant):
        return prepare_agreement(grant=grant, actor=official, proposed=ProposedTerms(**terms(grant, **overrides)))


def signed(grant: Grant, official, **overrides) -> Agreement:
    agreement = prepared(grant, official, **overrides)
    with scope(tenant=grant.tenant):
        return sign_agreement(agreement=agreement, actor=official, concluded_on=timezone.localdate(), upload=upload())
