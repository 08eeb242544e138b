"""Data shared by the tests of the statistics, 1.5%, open data and API pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from pozytek.legal.models import LegalForm, SphereOfPublicTasks
from pozytek.organisations.models import Claim, OfficeNote, OrganisationMember
from pozytek.organisations.states import MemberRole, OrganisationState
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import DistrictFactory

BANK_ACCOUNT = "PL61109010140000071219812874"
NOTE = "Notatka urzędu: poufne-uwagi-7781"
CLAIM = "Jestem prezesem, proszę o dostęp: tajne-zgloszenie-5521"
MEMBER_EMAIL = "czlonek-zarzadu-poufny@example.org"
SECRETS = (BANK_ACCOUNT, "1090 1014", NOTE, CLAIM, MEMBER_EMAIL, "poufne-uwagi", "tajne-zgloszenie", "search_text")


def legal_form(slug: str) -> LegalForm:
    return LegalForm.objects.get(slug=slug)


def sphere(code: str) -> SphereOfPublicTasks:
    return SphereOfPublicTasks.objects.filter(code=code).order_by("-valid_from").first()


def organisation_with_secrets(tenant, **fields):
    """An organisation of `tenant` with everything that must never be published."""
    organisation = OrganisationFactory(
        name="Fundacja Tajemnic", listed_in=tenant, bank_account=BANK_ACCOUNT, opp=True, **fields
    )
    official = UserFactory()
    member = UserFactory(email=MEMBER_EMAIL)
    OrganisationMember.objects.create(organisation=organisation, user=member, role=MemberRole.OWNER)
    with scopes_disabled():
        OfficeNote.objects.create(tenant=tenant, organisation=organisation, author=official, text=NOTE)
        Claim.objects.create(tenant=tenant, organisation=organisation, user=UserFactory(), message=CLAIM)
    return organisation


def hidden_organisations(tenant, other_tenant):
    """Organisations that no page of `tenant` may show: inactive, merged, and another tenant's."""
    target = OrganisationFactory(name="Fundacja Docelowa Scalenia", listed_in=other_tenant)
    return [
        OrganisationFactory(name="Fundacja Nieaktywna", listed_in=tenant, opp=True, state=OrganisationState.INACTIVE),
        OrganisationFactory(
            name="Fundacja Scalona", listed_in=tenant, opp=True, state=OrganisationState.MERGED, merged_into=target
        ),
        OrganisationFactory(name="Fundacja Z Innej Gminy", listed_in=other_tenant, opp=True),
        target,
    ]


def rich_organisation(tenant, n: int, **fields):
    """An organisation with spheres and a district, so relation queries run too."""
    with scopes_disabled():
        district = DistrictFactory(tenant=tenant, name=f"Osiedle Próbne {n}")
    defaults = {"name": f"Stowarzyszenie Próbne {n}", "opp": True, "city": "Testowo"}
    return OrganisationFactory(
        listed_in=tenant, spheres=[sphere("1"), sphere("2")], districts=[district], **{**defaults, **fields}
    )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    return len(captured)
