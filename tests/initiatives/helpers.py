"""Building blocks of the local initiative tests: the council's criteria, a resident group's complete
application (members confirmed), and an initiative taken through the office's steps, all through services."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.initiatives import services
from pozytek.initiatives.models import GroupMember, Initiative, LocalAgreement
from pozytek.initiatives.selectors import criteria_in_force, criteria_of
from pozytek.initiatives.states import ApplicantKind, ContributionKind, Provision, TaskArea, WorkKind
from tests.factories.accounts import UserFactory

TODAY = timezone.localdate()


def criteria(tenant, official, *, effective_from=None, number="XII/100/2026"):
    with scopes_disabled():
        return services.save_criteria(
            tenant=tenant,
            actor=official,
            resolution_number=number,
            resolution_date=dt.date(2026, 3, 1),
            effective_from=effective_from or dt.date(2026, 4, 1),
            procedure="Wnioski przyjmuje Biuro ds. NGO.",
            social_work_name="Wkład pracy społecznej",
            social_work_weight=40,
            criteria=[("Celowość dla społeczności", 30), ("Wkład rzeczowy i finansowy", 20)],
        )


def draft(tenant, coordinator=None, *, kind=ApplicantKind.GROUP, organisation=None, title="Skwer przy Wolności"):
    coordinator = coordinator or UserFactory(full_name="Anna Koordynatorka")
    with scopes_disabled():
        initiative = services.start_initiative(
            tenant=tenant,
            actor=coordinator,
            title=title,
            area=TaskArea.COMMUNITY,
            applicant_kind=kind,
            organisation=organisation,
        )
        services.update_application(
            initiative=initiative,
            actor=coordinator,
            data={
                "description": "Mieszkańcy sadzą krzewy i stawiają ławki na skwerze.",
                "place": "Skwer przy ul. Wolności",
                "starts_on": TODAY,
                "ends_on": TODAY + dt.timedelta(days=60),
            },
        )
        services.add_contribution(
            initiative=initiative,
            actor=coordinator,
            kind=ContributionKind.WORK,
            description="Sadzenie i sprzątanie",
            work_kind=WorkKind.SIMPLE,
            hours=Decimal(100),
        )
        services.add_contribution(
            initiative=initiative,
            actor=coordinator,
            kind=ContributionKind.IN_KIND,
            description="Sadzonki z ogródków",
            value=Decimal(500),
        )
        services.add_estimate_item(initiative=initiative, actor=coordinator, description="Ławki", amount=Decimal(4000))
        services.add_milestone(
            initiative=initiative, actor=coordinator, title="Sadzenie", due_on=TODAY + dt.timedelta(days=30)
        )
        return Initiative.objects.get(pk=initiative.pk)


def add_members(initiative, names=("Bartosz Sąsiad", "Celina Sąsiadka"), *, confirm=True):
    with scopes_disabled():
        for number, name in enumerate(names):
            member = services.add_member(
                initiative=initiative,
                actor=initiative.coordinator,
                full_name=name,
                email=f"sasiad{number}.{initiative.pk}@example.com",
            )
            if confirm:
                services.confirm_member(member=member, adult=True, resident=True)
        if confirm:
            for member in GroupMember.objects.filter(initiative=initiative, confirmed_at=None):
                services.confirm_member(member=member, adult=True, resident=True)


def submitted(tenant, official, **kwargs):
    initiative = draft(tenant, **kwargs)
    if initiative.applicant_kind == ApplicantKind.GROUP:
        add_members(initiative)
    with scopes_disabled():
        return services.submit_initiative(initiative=initiative, actor=initiative.coordinator)


def approved(tenant, official, **kwargs):
    initiative = submitted(tenant, official, **kwargs)
    with scopes_disabled():
        points = {c.pk: c.weight - 5 for c in criteria_of(initiative)}
        services.score_initiative(initiative=initiative, actor=official, points=points)
        return services.decide_initiative(
            initiative=initiative, actor=official, approve=True, reason="Duży wkład pracy mieszkańców."
        )


def agreement_data(**changes):
    return {
        "number": "IL/1/2026",
        "place_of_signing": "Testowo",
        "concluded_on": TODAY,
        "starts_on": TODAY,
        "ends_on": TODAY + dt.timedelta(days=60),
        "office_representative": "Jan Burmistrz",
        "residents_representative": "Anna Koordynatorka",
        **changes,
    }


def contracted(tenant, official, **kwargs):
    initiative = approved(tenant, official, **kwargs)
    with scopes_disabled():
        services.prepare_agreement(initiative=initiative, actor=official, data=agreement_data())
        services.add_office_item(
            initiative=initiative,
            actor=official,
            description="Ławki parkowe (zakup)",
            provision=Provision.BUY,
            value=Decimal(4000),
        )
        return services.sign_agreement(initiative=initiative, actor=official)


def completed(tenant, official, **kwargs):
    initiative = contracted(tenant, official, **kwargs)
    with scopes_disabled():
        work = initiative.contributions.get(kind=ContributionKind.WORK)
        services.record_delivery(contribution=work, actor=official, on=TODAY, hours=Decimal(80), note="Sobota")
        return services.complete_initiative(
            initiative=initiative, actor=official, completed_on=TODAY, public_summary="Posadzono 120 krzewów."
        )


def make_local_initiative(tenant, official, day):
    """A contracted initiative whose agreement was concluded on `day` (the maker of tests/programmes/
    test_record_kinds.py's MAKERS["local_initiative"]): dates moved by a queryset update, as test data."""
    with scopes_disabled():
        if criteria_in_force(tenant) is None:
            criteria(tenant, official)
    initiative = contracted(tenant, official)
    LocalAgreement._base_manager.filter(initiative=initiative).update(
        concluded_on=day, starts_on=day, ends_on=day + dt.timedelta(days=60)
    )
    return initiative.pk
