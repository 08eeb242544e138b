"""Offers written the way an NGO writes them: through the services, section by section.

`complete_offer(call)` returns a draft that passes every completeness check (one offeror, one
year); `joint=True` adds a partner and names offerors on actions and costs; a call whose
delivery bounds span two years with `multi_year=True` gives per-year values. Amounts: costs
8 000 + 2 000 (actions) + 500 (administration) = 10 500 zł, grant 9 000, own 1 500.

An offer on the simplified template (a small grant, art. 19a) is filled with its own sections: the
same offeror, task, actions (no years), the same three costs as one list with the grant's part of
each (7 000 + 1 500 + 500 = 9 000), the same sources and statements.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.offers import services
from pozytek.offers.models import Offer
from pozytek.offers.routes import route_of
from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.states import MemberRole
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf_upload(name: str = "statut.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def ngo_member(organisation=None, *, tenant=None, role=MemberRole.OWNER):
    """A user keeping `organisation` (a new one listed in `tenant` when not given)."""
    if organisation is None:
        organisation = OrganisationFactory(listed_in=tenant, email="biuro@fundacja.example")
    user = UserFactory()
    OrganisationMember.objects.create(organisation=organisation, user=user, role=role)
    return user, organisation


def save(offer: Offer, section: str, actor, **kwargs) -> Offer:
    return services.save_section(
        offer=offer, section=section, actor=actor, version=services.section_version(offer, section), **kwargs
    )


def start(call, *, organisation=None, actor=None) -> tuple[Offer, object]:
    if actor is None:
        actor, organisation = ngo_member(organisation, tenant=call.tenant)
    with scopes_disabled():
        return services.start_offer(call=call, organisation=organisation, actor=actor), actor


SIMPLIFIED_COSTS = [
    {"name": "Wynagrodzenie trenera", "value": Decimal("8000"), "grant": Decimal("7000")},
    {"name": "Wynajem sali", "value": Decimal("2000"), "grant": Decimal("1500")},
    {"name": "Koordynacja", "value": Decimal("500"), "grant": Decimal("500")},
]


def _fill_simplified(offer: Offer, actor, rules) -> Offer:
    """The simplified offer's sections (II, III, III.4, IV.1, IV.2, V), through the services."""
    start_date = rules.delivery_start or dt.date(timezone.localdate().year + 1, 3, 1)
    lead = offer.offerors.get(order=0)
    offerors = [{"id": lead.pk, **{f: getattr(lead, f) for f in services.OFFEROR_FIELDS}}]
    offerors[0]["address"] = offerors[0]["address"] or "ul. Długa 1, 60-001 Poznań"
    offer = save(
        offer, "offerors", actor, data={"contact_name": "Anna Nowak", "contact_phone": "600 100 200"}, rows=offerors
    )
    offer = save(
        offer,
        "task",
        actor,
        data={
            "title": "Sportowe wakacje",
            "start_date": start_date,
            "end_date": dt.date(start_date.year, 5, 31),
            "summary": "Zajęcia sportowe dla 60 dzieci z osiedla.",
            "expected_results": "60 dzieci regularnie ćwiczy.",
        },
    )
    offer = save(
        offer, "actions", actor, rows=[{"name": "Zajęcia sportowe", "description": "Treningi", "period": "marzec–maj"}]
    )
    offer = save(offer, "costs", actor, rows=SIMPLIFIED_COSTS)
    offer = save(
        offer,
        "sources",
        actor,
        data={
            "requested_grant": Decimal("9000"),
            "own_financial": Decimal("1000"),
            "own_personal": Decimal("500"),
            "own_in_kind": None,
            "beneficiary_fees": None,
        },
    )
    offer = save(offer, "statements", actor, data=STATEMENTS)
    for label in rules.attachment_list:
        services.add_attachment(offer=offer, label=label, upload=pdf_upload(), actor=actor)
    return Offer.objects.get(pk=offer.pk)


STATEMENTS = {
    "statement_public_benefit": True,
    "statement_fees": True,
    "tax_arrears": False,
    "social_insurance_arrears": False,
    "statement_register": True,
    "statement_true": True,
    "statement_gdpr": True,
}


def fill(offer: Offer, actor, *, joint: bool = False, multi_year: bool = False) -> Offer:
    """Write every section so that the offer can be submitted (on any funding route: without a call the
    task runs from March to May of next year), on the template its route uses."""
    with scopes_disabled():
        rules = route_of(offer).limits(offer)
        if route_of(offer).offer_template(offer).simplified:
            return _fill_simplified(offer, actor, rules)
        start_date = rules.delivery_start or dt.date(timezone.localdate().year + 1, 3, 1)
        end_date = rules.delivery_end or dt.date(start_date.year, 5, 31)
        years = list(range(start_date.year, end_date.year + 1)) if multi_year else [start_date.year]
        if not multi_year:
            end_date = min(end_date, dt.date(start_date.year, 12, 31))
        lead = offer.offerors.get(order=0)
        offerors = [{"id": lead.pk, **{f: getattr(lead, f) for f in services.OFFEROR_FIELDS}}]
        offerors[0]["address"] = offerors[0]["address"] or "ul. Długa 1, 60-001 Poznań"
        if joint:
            offerors.append(
                {
                    "name": "Stowarzyszenie Partnerskie",
                    "legal_form": "stowarzyszenie",
                    "register_number": "KRS 0000123456",
                    "address": "ul. Krótka 2, 60-002 Poznań",
                    "email": "partner@example.org",
                }
            )
        offer = save(
            offer, "offerors", actor, data={"contact_name": "Anna Nowak", "contact_phone": "600 100 200"}, rows=offerors
        )
        partner = offer.offerors.filter(order=1).first()
        offer = save(
            offer,
            "task",
            actor,
            data={
                "title": "Sportowe wakacje",
                "start_date": start_date,
                "end_date": end_date,
                "summary": "Zajęcia sportowe dla 60 dzieci z osiedla.",
                "expected_results": "60 dzieci regularnie ćwiczy.",
            },
        )
        owner = lead.pk if joint else None
        offer = save(
            offer,
            "actions",
            actor,
            rows=[
                {
                    "year": year,
                    "name": "Zajęcia sportowe",
                    "description": "Treningi",
                    "target_group": "dzieci",
                    "period": "cały rok",
                    "offeror": partner.pk if joint and i else owner,
                }
                for i, year in enumerate(years)
            ],
        )
        action = offer.actions.order_by("year").first()
        split = len(years) > 1

        def per_year(total: str) -> dict:
            if not split:
                return {}
            half = (Decimal(total) / 2).quantize(Decimal("0.01"))
            return {"year1": half, "year2": Decimal(total) - half}

        offer = save(
            offer,
            "costs",
            actor,
            rows=[
                {
                    "category": "action",
                    "action": action.pk,
                    "name": "Wynagrodzenie trenera",
                    "unit": "godz.",
                    "unit_cost": Decimal("80"),
                    "quantity": Decimal("100"),
                    "offeror": owner,
                    **per_year("8000"),
                },
                {
                    "category": "action",
                    "action": action.pk,
                    "name": "Wynajem sali",
                    "unit": "godz.",
                    "unit_cost": Decimal("100"),
                    "quantity": Decimal("20"),
                    "offeror": partner.pk if joint else None,
                    **per_year("2000"),
                },
                {
                    "category": "admin",
                    "name": "Koordynacja",
                    "unit": "usługa",
                    "unit_cost": Decimal("500"),
                    "quantity": Decimal("1"),
                    "offeror": owner,
                    **per_year("500"),
                },
            ],
        )
        if rules.requires_results_table:
            offer = save(
                offer, "results", actor, rows=[{"name": "Uczestnicy", "target": "60", "monitoring": "listy obecności"}]
            )
        offer = save(
            offer,
            "characteristics",
            actor,
            data={"previous_activity": "Od 2010 r. prowadzimy zajęcia.", "resources": "Dwóch trenerów, sala."},
        )
        offer = save(
            offer,
            "sources",
            actor,
            data={
                "requested_grant": Decimal("9000"),
                "own_financial": Decimal("1000"),
                "own_personal": Decimal("500"),
                "own_in_kind": None,
                "beneficiary_fees": None,
                "other_public_funds": None,
            },
        )
        offer = save(
            offer,
            "other",
            actor,
            data={
                "paid_activity": "free",
                "joint_arrangements": "Lider prowadzi zajęcia, partner udostępnia salę." if joint else "",
                "other_info": "",
            },
        )
        offer = save(
            offer,
            "statements",
            actor,
            data={
                "statement_public_benefit": True,
                "statement_fees": True,
                "tax_arrears": False,
                "social_insurance_arrears": False,
                "statement_register": True,
                "statement_true": True,
                "statement_gdpr": True,
            },
        )
        for label in rules.attachment_list:
            services.add_attachment(offer=offer, label=label, upload=pdf_upload(), actor=actor)
        return Offer.objects.get(pk=offer.pk)


def complete_offer(call, *, organisation=None, actor=None, joint: bool = False, multi_year: bool = False):
    """(offer, actor): a complete draft in `call`, ready to submit."""
    offer, actor = start(call, organisation=organisation, actor=actor)
    return fill(offer, actor, joint=joint, multi_year=multi_year), actor
