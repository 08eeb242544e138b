"""Seed the two-app-server test's database: run as `python -m tests.deploy.seed <token>` with the stack's
settings (deploy/local.py's environment), it prints JSON for the test.

One published call with no required attachments, one organisation kept by an NGO user (no second factor)
with a complete draft offer, and a second NGO user whose account the test locks. The e-mail addresses carry
`token`: the login failures counted in Redis by an earlier run must not lock this run's accounts.
"""

import json
import sys

import django


def seed(token: str) -> dict[str, object]:
    from django_scopes import scopes_disabled

    from pozytek.organisations.models import OrganisationMember
    from pozytek.organisations.states import MemberRole
    from tests.factories.accounts import PASSWORD, UserFactory
    from tests.factories.competitions import PublishedCallFactory
    from tests.factories.offers import complete_offer
    from tests.factories.organisations import OrganisationFactory
    from tests.factories.tenants import TenantFactory

    with scopes_disabled():
        tenant = TenantFactory(name="Gmina Dwóch Serwerów", slug="dwa-serwery")
        call = PublishedCallFactory(tenant=tenant, required_attachments="")
        user = UserFactory(email=f"ngo-{token}@fundacja.example", full_name="Anna Dwuserwerowa")
        organisation = OrganisationFactory(listed_in=tenant, email=f"biuro-{token}@fundacja.example")
        OrganisationMember.objects.create(organisation=organisation, user=user, role=MemberRole.OWNER)
        offer, _actor = complete_offer(call, organisation=organisation, actor=user)
        locked = UserFactory(email=f"locked-{token}@fundacja.example")
    return {
        "tenant": tenant.slug,
        "offer": offer.pk,
        "email": user.email,
        "name": user.full_name,
        "locked_email": locked.email,
        "password": PASSWORD,
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps(seed(sys.argv[1])))
