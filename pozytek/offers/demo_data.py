"""Demo offers: a submitted joint two-year offer and a draft, written through the services.

The NGO user (ngo@pozytek.localhost) keeps Fundacja Zdrowia Jeżyc and helps Stowarzyszenie
Przyjaciół Wildy; their offer in Poznań's senior-health call is submitted with its confirmation.
"""

from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.competitions.models import Call
from pozytek.offers import services
from pozytek.offers.models import Offer
from pozytek.organisations.models import Organisation

NGO_USER = "ngo@pozytek.localhost"
LEAD = "Fundacja Zdrowia Jeżyc"
PARTNER = "Stowarzyszenie Przyjaciół Wildy"
# A minimal, valid one-page PDF: the demo's attachments are examples, not real statutes.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


# Section VII answered as a typical offeror does: every statement confirmed, no arrears.
STATEMENTS = {
    "statement_public_benefit": True,
    "statement_fees": True,
    "tax_arrears": False,
    "social_insurance_arrears": False,
    "statement_register": True,
    "statement_true": True,
    "statement_gdpr": True,
}


def _save(offer: Offer, section: str, actor: User, **kwargs: Any) -> Offer:
    return services.save_section(
        offer=offer, section=section, actor=actor, version=services.section_version(offer, section), **kwargs
    )


def _write_joint_offer(offer: Offer, actor: User, partner: Organisation) -> Offer:
    call = offer.call
    assert call is not None and call.delivery_start is not None and call.delivery_end is not None  # noqa: S101 -- demo offers answer demo calls, which have delivery dates
    years = list(range(call.delivery_start.year, call.delivery_end.year + 1))
    lead = offer.offerors.get(order=0)
    lead_row = {"id": lead.pk, **{f: getattr(lead, f) for f in services.OFFEROR_FIELDS}}
    lead_row["address"] = lead_row["address"] or "ul. Dąbrowskiego 1, 60-101 Poznań (adres przykładowy)"
    partner_row = {
        "name": partner.name,
        "legal_form": partner.legal_form.name if partner.legal_form else "",
        "register_number": f"KRS {partner.krs}" if partner.krs else partner.register_number,
        "address": "ul. Górna Wilda 2, 61-001 Poznań (adres przykładowy)",
        "email": partner.email,
    }
    offer = _save(
        offer,
        "offerors",
        actor,
        data={
            "contact_name": "Prezeska Fundacji Zdrowia Jeżyc",
            "contact_phone": "61 000 00 00",
            "contact_email": actor.email,
        },
        rows=[lead_row, partner_row],
    )
    lead = offer.offerors.get(order=0)
    partner_offeror = offer.offerors.get(order=1)
    offer = _save(
        offer,
        "task",
        actor,
        data={
            "title": "Aktywni i zdrowi seniorzy Jeżyc i Wildy",
            "start_date": call.delivery_start,
            "end_date": call.delivery_end,
            "summary": (
                "Cotygodniowe zajęcia ruchowe i warsztaty profilaktyki zdrowotnej dla 120 seniorów z Jeżyc i Wildy, "
                "w klubach osiedlowych dostępnych dla osób z niepełnosprawnościami. Oferta przykładowa (demo)."
            ),
            "expected_results": "120 seniorów regularnie ćwiczy; 80 uczestników wykonuje badania profilaktyczne.",
        },
    )
    offer = _save(
        offer,
        "actions",
        actor,
        rows=[
            row
            for year in years
            for row in (
                {
                    "year": year,
                    "name": "Zajęcia ruchowe dla seniorów",
                    "description": "Gimnastyka i nordic walking, 2 razy w tygodniu.",
                    "target_group": "seniorzy 60+",
                    "period": f"02–11.{year}",
                    "offeror": lead.pk,
                },
                {
                    "year": year,
                    "name": "Warsztaty profilaktyki zdrowotnej",
                    "description": "Spotkania z lekarzem i dietetykiem.",
                    "target_group": "seniorzy 60+",
                    "period": f"03–10.{year}",
                    "offeror": partner_offeror.pk,
                },
            )
        ],
    )
    first_year = {a.name: a for a in offer.actions.filter(year=years[0])}
    exercise, workshops = first_year["Zajęcia ruchowe dla seniorów"], first_year["Warsztaty profilaktyki zdrowotnej"]

    def split(total: str) -> dict[str, Decimal]:
        half = (Decimal(total) / 2).quantize(Decimal("0.01"))
        return {"year1": half, "year2": Decimal(total) - half}

    offer = _save(
        offer,
        "costs",
        actor,
        rows=[
            {
                "category": "action",
                "action": exercise.pk,
                "name": "Wynagrodzenie instruktora",
                "unit": "godz.",
                "unit_cost": Decimal("90"),
                "quantity": Decimal("320"),
                "offeror": lead.pk,
                **split("28800"),
            },
            {
                "category": "action",
                "action": exercise.pk,
                "name": "Kije do nordic walking",
                "unit": "szt.",
                "unit_cost": Decimal("120"),
                "quantity": Decimal("40"),
                "offeror": lead.pk,
                **split("4800"),
            },
            {
                "category": "action",
                "action": workshops.pk,
                "name": "Honorarium lekarza i dietetyka",
                "unit": "spotkanie",
                "unit_cost": Decimal("400"),
                "quantity": Decimal("24"),
                "offeror": partner_offeror.pk,
                **split("9600"),
            },
            {
                "category": "action",
                "action": workshops.pk,
                "name": "Praca wolontariuszy",
                "unit": "godz.",
                "unit_cost": Decimal("40"),
                "quantity": Decimal("100"),
                "offeror": partner_offeror.pk,
                **split("4000"),
            },
            {
                "category": "admin",
                "name": "Koordynacja i księgowość",
                "unit": "mies.",
                "unit_cost": Decimal("200"),
                "quantity": Decimal("20"),
                "offeror": lead.pk,
                **split("4000"),
            },
        ],
    )
    offer = _save(
        offer,
        "results",
        actor,
        rows=[
            {
                "name": "Seniorzy regularnie uczestniczący w zajęciach",
                "target": "120 osób",
                "monitoring": "listy obecności",
            },
            {"name": "Uczestnicy badań profilaktycznych", "target": "80 osób", "monitoring": "rejestr badań"},
        ],
    )
    offer = _save(
        offer,
        "characteristics",
        actor,
        data={
            "previous_activity": (
                "Fundacja od 2015 r. prowadzi zajęcia dla seniorów; Stowarzyszenie organizuje warsztaty zdrowotne."
            ),
            "resources": "Dwóch instruktorów, lekarz i dietetyk, 10 wolontariuszy, sale w klubach osiedlowych.",
        },
    )
    offer = _save(
        offer,
        "sources",
        actor,
        data={
            "requested_grant": Decimal("42000"),
            "own_financial": Decimal("5200"),
            "own_personal": Decimal("4000"),
            "own_in_kind": None,
            "beneficiary_fees": None,
            "other_public_funds": None,
        },
    )
    offer = _save(
        offer,
        "other",
        actor,
        data={
            "paid_activity": "free",
            "other_info": "",
            "joint_arrangements": (
                "Fundacja prowadzi zajęcia ruchowe i reprezentuje oferentów; Stowarzyszenie prowadzi warsztaty."
            ),
        },
    )
    offer = _save(
        offer,
        "statements",
        actor,
        data=STATEMENTS,
    )
    for label in call.attachment_list:
        upload = ContentFile(DEMO_PDF, name="przyklad.pdf")
        services.add_attachment(offer=offer, label=label, upload=upload, actor=actor)
    return offer


def load(*, admin: User) -> None:
    """The submitted joint offer and a draft; idempotent."""
    with scopes_disabled():
        actor = User.objects.filter(email=NGO_USER).first()
        lead = Organisation.objects.filter(name=LEAD).first()
        partner = Organisation.objects.filter(name=PARTNER).first()
        senior = Call.objects.filter(tenant__slug="poznan", title__startswith="Zdrowy senior").first()
        sport = Call.objects.filter(tenant__slug="poznan", title__startswith="Upowszechnianie kultury").first()
        if not (actor and lead and partner and senior and sport):
            return
        if not Offer.objects.filter(call=senior, organisation=lead).exists():
            offer = services.start_offer(call=senior, organisation=lead, actor=actor)
            offer = _write_joint_offer(offer, actor, partner)
            services.submit_offer(offer=offer, actor=actor)
        if not Offer.objects.filter(call=sport, organisation=partner).exists():
            draft = services.start_offer(call=sport, organisation=partner, actor=actor)
            _save(
                draft, "task", actor, data={"title": "Wildeckie podwórko sportowe", "summary": "Szkic oferty (demo)."}
            )
