"""The organisations' dashboard (/moje-organizacje/, core.worklist's member items): across every local
government, drafts with the time left to their call's deadline, offers under evaluation, corrections asked for
with their deadline, agreements with the next tranche and report, annex requests pending, and the calls and
consultations open now in the organisation's spheres where it works; never another organisation's records;
a fixed number of queries whatever the number of records."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from pozytek.agreements.models import Agreement, AgreementYear, Annex, Tranche
from pozytek.agreements.states import AgreementState
from pozytek.core.worklist import time_left
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.offers.models import Offer, OfferVersion
from pozytek.offers.states import OfferState
from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.states import MemberRole
from pozytek.reports.models import Report
from pozytek.reports.states import ReportKind, ReportState
from tests.consultations.consultation_helpers import published
from tests.factories.accounts import UserFactory
from tests.factories.competitions import PublishedCallFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.tenants import DistrictFactory
from tests.grants.register_helpers import make_grant

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

URL = "/moje-organizacje/"


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English (the msgids), whatever the Polish catalogue says."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def spheres() -> tuple[SphereOfPublicTasks, SphereOfPublicTasks]:
    first, second = SphereOfPublicTasks.objects.order_by("order", "code")[:2]
    return first, second


@pytest.fixture
def keeper(tenant, other_tenant):
    """A person keeping an organisation listed in `tenant`, working in the first sphere, with a district of
    `other_tenant` (so it works there too)."""
    ours, _theirs = spheres()
    with scopes_disabled():
        district = DistrictFactory(tenant=other_tenant, name="Osiedle Zielone")
    organisation = OrganisationFactory(name="Fundacja Nasza", listed_in=tenant, spheres=[ours], districts=[district])
    user = UserFactory()
    OrganisationMember.objects.create(organisation=organisation, user=user, role=MemberRole.OWNER)
    return user, organisation


def offer_of(organisation, call, title: str, state: str, **fields) -> Offer:
    with scopes_disabled():
        offer = Offer.objects.create(
            tenant=call.tenant,
            call=call,
            organisation=organisation,
            created_by=UserFactory(),
            state=state,
            title=title,
            requested_grant=Decimal("1000.00"),
            submitted_at=None if state == OfferState.DRAFT else timezone.now() - dt.timedelta(days=3),
            **fields,
        )
        if state != OfferState.DRAFT:
            OfferVersion.objects.create(
                tenant=call.tenant,
                offer=offer,
                number=1,
                snapshot={"offer_id": offer.pk},
                checksum="a" * 64,
                submitted_at=offer.submitted_at,
                submitted_by=offer.created_by,
            )
        return offer


def seed(organisation, tenant, n: int, prefix: str) -> None:
    """`n` records of every kind an organisation's dashboard follows, titles starting with `prefix`; the calls
    are in the second sphere (not the organisation's) so that they are not open calls of its spheres."""
    _ours, theirs = spheres()
    today = timezone.localdate()
    soon = timezone.now() + dt.timedelta(days=3, hours=4, minutes=30)
    with scopes_disabled():
        for i in range(n):
            call = PublishedCallFactory(tenant=tenant, spheres=[theirs], offer_deadline=soon, title=f"{prefix} K{i}")
            offer_of(organisation, call, f"{prefix} szkic {i}", OfferState.DRAFT)
            call = PublishedCallFactory(tenant=tenant, spheres=[theirs], title=f"{prefix} Z{i}")
            offer_of(organisation, call, f"{prefix} złożona {i}", OfferState.SUBMITTED)
            call = PublishedCallFactory(tenant=tenant, spheres=[theirs], title=f"{prefix} P{i}")
            offer_of(
                organisation,
                call,
                f"{prefix} do poprawy {i}",
                OfferState.CORRECTION,
                correction_deadline=timezone.now() + dt.timedelta(days=6),
            )
            call = PublishedCallFactory(tenant=tenant, spheres=[theirs], title=f"{prefix} U{i}")
            offer = offer_of(organisation, call, f"{prefix} umowa {i}", OfferState.AWARDED)
            grant = make_grant(tenant, call=call, offer=offer, organisation=organisation, task_title=offer.title)
            agreement = Agreement.objects.create(
                tenant=tenant,
                grant=grant,
                offer=offer,
                version=OfferVersion.objects.get(offer=offer),
                number=f"{prefix}/U/{i}",
                state=AgreementState.SIGNED,
                start_date=today - dt.timedelta(days=100),
                end_date=today + dt.timedelta(days=100),
                grant_amount=Decimal("1000.00"),
                cost_shift_percent=Decimal("10.00"),
                grant_use_deadline=today + dt.timedelta(days=100),
                return_deadline=today + dt.timedelta(days=114),
                final_report_due=today + dt.timedelta(days=130),
            )
            AgreementYear.objects.create(
                agreement=agreement,
                year=today.year,
                amount=Decimal("1000.00"),
                partial_report_due=today + dt.timedelta(20),
            )
            Tranche.objects.create(
                tenant=tenant,
                agreement=agreement,
                number=1,
                due_date=today - dt.timedelta(days=50),
                amount=Decimal("400.00"),
                paid_on=today - dt.timedelta(days=50),
                paid_amount=Decimal("400.00"),
            )
            Tranche.objects.create(
                tenant=tenant,
                agreement=agreement,
                number=2,
                due_date=today + dt.timedelta(days=9),
                amount=Decimal("600.00"),
            )
            Annex.objects.create(
                tenant=tenant,
                agreement=agreement,
                organisation=organisation,
                requested_by=offer.created_by,
                requested_at=timezone.now(),
                justification="Zmiana terminu.",
            )
            Report.objects.create(
                tenant=tenant,
                agreement=agreement,
                kind=ReportKind.PARTIAL,
                year=today.year,
                period_start=agreement.start_date,
                period_end=agreement.end_date,
                due_date=today + dt.timedelta(days=20),
                cost_shift_percent=Decimal("10.00"),
                state=ReportState.CORRECTIONS,
                version=1,
                corrections_deadline=today + dt.timedelta(days=7),
                created_by=offer.created_by,
            )


def counts(page: str) -> dict[str, int]:
    return {
        kind: int(count)
        for kind, count in re.findall(
            r'data-kind="([a-z-]+)">\s*<p class="work-item__head">.*?<span class="work-count">(\d+)</span>', page, re.S
        )
    }


def test_every_kind_of_work_of_the_organisation_is_counted(client, tenant, keeper):
    user, organisation = keeper
    seed(organisation, tenant, 2, "NASZA")
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert counts(page) == {
        "offers-corrections": 2,
        "offers-drafts": 2,
        "offers-submitted": 2,
        "agreements-in-force": 2,
        "agreements-annexes": 2,
        "reports-corrections": 2,
    }
    assert "Fundacja Nasza" in page  # the organisations list stays on the page


def test_a_draft_shows_the_time_left_to_its_calls_deadline(client, tenant, keeper):
    user, organisation = keeper
    seed(organisation, tenant, 1, "NASZA")
    client.force_login(user)
    page = client.get(URL).content.decode()
    with scopes_disabled():
        draft = Offer.objects.get(title="NASZA szkic 0")
    overview = reverse("offers:overview", kwargs={"tenant_slug": tenant.slug, "pk": draft.pk})
    entry = page.split(f'<a href="{overview}">NASZA szkic 0</a>')[1].split("</li>")[0]
    assert '<span class="work-countdown">3 days 4 hours left</span>' in entry
    assert "Miasto Testowo · Fundacja Nasza" in entry


def test_time_left_is_days_and_hours_then_hours_and_minutes():
    now = timezone.now()
    with translation.override("en"):
        assert time_left(now + dt.timedelta(days=3, hours=4, minutes=59), now=now) == "3 days 4 hours"
        assert time_left(now + dt.timedelta(days=1, minutes=5), now=now) == "1 day 0 hours"
        assert time_left(now + dt.timedelta(hours=2, minutes=5), now=now) == "2 hours 5 minutes"
        assert time_left(now + dt.timedelta(minutes=1), now=now) == "1 minute"
        assert time_left(now - dt.timedelta(minutes=1), now=now) == "deadline passed"


def test_entries_link_to_the_organisations_pages(client, tenant, keeper):
    user, organisation = keeper
    seed(organisation, tenant, 1, "NASZA")
    client.force_login(user)
    page = client.get(URL).content.decode()
    with scopes_disabled():
        correction = Offer.objects.get(title="NASZA do poprawy 0")
        agreement = Agreement.objects.get(number="NASZA/U/0")
        annex = Annex.objects.get(agreement=agreement)
        report = Report.objects.get(agreement=agreement)
    expected = [
        reverse("offers:overview", kwargs={"tenant_slug": tenant.slug, "pk": correction.pk}),
        reverse("agreements_member:detail", kwargs={"pk": agreement.pk}),
        reverse("agreements_member:annex", kwargs={"pk": agreement.pk, "annex_pk": annex.pk}),
        reverse("reports_member:edit", kwargs={"agreement_pk": agreement.pk, "pk": report.pk}),
    ]
    assert [url for url in expected if f'href="{url}"' not in page] == []
    # the correction's deadline and the next tranche (the second: the first is paid)
    assert "next tranche: 600,00" in page or "next tranche: 600.00" in page


def test_open_calls_and_consultations_match_the_spheres_and_where_the_organisation_works(
    client, tenant, other_tenant, keeper, official
):
    user, _organisation = keeper
    ours, theirs = spheres()
    with scopes_disabled():
        in_sphere = PublishedCallFactory(tenant=tenant, spheres=[ours], title="Sport w naszej sferze")
        other_sphere = PublishedCallFactory(tenant=tenant, spheres=[theirs], title="Kultura w innej sferze")
        by_district = PublishedCallFactory(tenant=other_tenant, spheres=[ours], title="Sąsiedzi przez osiedle")
        elsewhere_tenant = PublishedCallFactory(spheres=[ours], title="Gmina gdzie nas nie ma")
        closed = PublishedCallFactory(
            tenant=tenant,
            spheres=[ours],
            title="Już po terminie",
            offer_deadline=timezone.now() - dt.timedelta(hours=1),
        )
        already = PublishedCallFactory(tenant=tenant, spheres=[ours], title="Tu już piszemy ofertę")
    offer_of(_organisation, already, "Nasz szkic", OfferState.DRAFT)
    everyone = published(tenant, official, title="Konsultacja dla wszystkich")
    published(tenant, official, title="Konsultacja innej sfery", audience="ngo_spheres", spheres=[theirs.pk])
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert counts(page) == {
        "competitions-open-calls": 2,
        "offers-drafts": 1,  # the call it already writes an offer for is not one to join
        "consultations-open-consultations": 1,
    }
    for call in (in_sphere, by_district):
        url = reverse("competitions:detail", kwargs={"tenant_slug": call.tenant.slug, "pk": call.pk})
        assert f'<a href="{url}">{call}</a>' in page
    for call in (other_sphere, elsewhere_tenant, closed):
        assert call.title not in page
    assert page.count("Tu już piszemy ofertę") == 1  # in the draft's context only
    url = reverse("consultations:detail", kwargs={"tenant_slug": tenant.slug, "pk": everyone.pk})
    assert f'<a href="{url}">Konsultacja dla wszystkich</a>' in page
    assert "Konsultacja innej sfery" not in page


def test_another_organisations_records_never_appear(client, tenant, other_tenant, keeper):
    user, _organisation = keeper
    stranger = OrganisationFactory(name="Stowarzyszenie Obce", listed_in=other_tenant)
    seed(stranger, other_tenant, 1, "OBCA")
    seed(stranger, tenant, 1, "OBCB")
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "OBCA" not in page
    assert "OBCB" not in page
    assert counts(page) == {}


def test_a_person_keeping_no_organisation_sees_the_invitation_to_register(client):
    client.force_login(UserFactory())
    page = client.get(URL).content.decode()
    assert "You do not keep any organisation's profile yet." in page
    assert 'id="work-heading"' not in page


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_records(client, tenant, other_tenant, keeper, official):
    user, organisation = keeper
    published(tenant, official, title="Konsultacja dla wszystkich")
    seed(organisation, tenant, 2, "A")
    client.force_login(user)
    client.get(URL)
    few = queries_for(client)
    seed(organisation, tenant, 4, "B")
    seed(organisation, other_tenant, 4, "C")
    with scopes_disabled():
        PublishedCallFactory(tenant=other_tenant, spheres=list(organisation.spheres.all()), title="Otwarty")
    many = queries_for(client)
    assert few == many, (few, many)
    assert few < 40, few  # a guard against a new per-record query in the sum, not a target
