"""Test data for the public grants register: rows written straight into the register (test data,
not the services), published or not, in one tenant or another, plus a few words every test of
leaks looks for.

`register_rows(tenant, other_tenant)` gives a small register: three published grants of `tenant`
in two years, two spheres, both modes and three statuses, one grant of `tenant` not yet published
and one published grant of `other_tenant`. The unpublished and foreign rows, and the organisations'
private fields, carry the words of `SECRETS`, which must never appear in any public output.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.competitions.states import CallMode
from pozytek.grants.models import Grant
from pozytek.grants.states import GrantSource, GrantStatus
from pozytek.legal.models import SphereOfPublicTasks
from tests.factories.competitions import PublishedCallFactory
from tests.factories.organisations import OrganisationFactory

BANK_ACCOUNT = "PL61109010140000071219812874"
SECRETS = (
    "UNPUBLISHED-SECRET-TASK",
    "UNPUBLISHED-SECRET-ORG",
    "FOREIGN-TENANT-TASK",
    "FOREIGN-TENANT-ORG",
    BANK_ACCOUNT,  # an organisation's bank account
    "INTERNAL-DECISION-DRAFT",
)


def sphere(code: str) -> SphereOfPublicTasks:
    return SphereOfPublicTasks.objects.filter(code=code).order_by("-valid_from").first()


def make_grant(tenant, *, organisation=None, call=None, published: bool = True, **fields) -> Grant:
    """One row of the register; published now unless `published=False`."""
    organisation = organisation or OrganisationFactory(listed_in=tenant)
    values = {
        "tenant": tenant,
        "organisation": organisation,
        "organisation_name": organisation.name,
        "task_title": "Zajęcia sportowe dla dzieci",
        "source": GrantSource.COMPETITION,
        "call": call,
        "mode": call.mode if call is not None else CallMode.SUPPORT,
        "sphere": sphere("1"),
        "year": 2027,
        "amount_awarded": Decimal("1000.00"),
        "status": GrantStatus.AWARDED,
        "decision_number": "ZAR/1/2027",
        "published_at": timezone.now() - dt.timedelta(days=1) if published else None,
    }
    values.update(fields)
    with scopes_disabled():
        return Grant.objects.create(**values)


@dataclass
class Register:
    published: list[Grant]
    unpublished: Grant
    foreign: Grant
    call: object


def register_rows(tenant, other_tenant) -> Register:
    call = PublishedCallFactory(tenant=tenant, title="Sport dla wszystkich", number="7/2027")
    club = OrganisationFactory(
        listed_in=tenant, name="Klub Sportowy Orlik", bank_account="PL61109010140000071219812874"
    )
    choir = OrganisationFactory(listed_in=tenant, name="Stowarzyszenie Chór Lutnia")
    published = [
        make_grant(
            tenant,
            organisation=club,
            call=call,
            task_title="Liga piłkarska dzieci",
            amount_awarded=Decimal("12000.50"),
            year=2027,
            sphere=sphere("1"),
            status=GrantStatus.AGREEMENT,
        ),
        make_grant(
            tenant,
            organisation=choir,
            call=call,
            task_title="Koncerty w dzielnicach",
            amount_awarded=Decimal("8000.25"),
            year=2027,
            sphere=sphere("2"),
            mode=CallMode.ENTRUST,
            status=GrantStatus.UPDATE,
        ),
        make_grant(
            tenant,
            organisation=club,
            call=None,
            source=GrantSource.SMALL_GRANT,
            task_title="Turniej na osiedlu",
            amount_awarded=Decimal("5000.00"),
            amount_settled=Decimal("4800.10"),
            year=2026,
            sphere=sphere("1"),
            status=GrantStatus.SETTLED,
        ),
    ]
    hidden_org = OrganisationFactory(listed_in=tenant, name="UNPUBLISHED-SECRET-ORG")
    unpublished = make_grant(
        tenant,
        organisation=hidden_org,
        call=call,
        task_title="UNPUBLISHED-SECRET-TASK",
        decision_number="INTERNAL-DECISION-DRAFT",
        amount_awarded=Decimal("99999.99"),
        published=False,
    )
    foreign_org = OrganisationFactory(listed_in=other_tenant, name="FOREIGN-TENANT-ORG")
    foreign = make_grant(
        other_tenant,
        organisation=foreign_org,
        task_title="FOREIGN-TENANT-TASK",
        amount_awarded=Decimal("77777.77"),
        year=2027,
    )
    return Register(published=published, unpublished=unpublished, foreign=foreign, call=call)
