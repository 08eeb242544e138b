"""The office dashboard's work waiting (core.worklist): counts and links to the page where each piece of
work is done, seeded directly in every module (the services are tested in their apps); nothing of another
local government; nothing a person may not act on; a fixed number of queries whatever the number of records.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
import rules
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from pozytek.agreements.models import Agreement, AgreementYear, Annex, Tranche
from pozytek.agreements.states import AgreementState
from pozytek.consultations.models import Comment
from pozytek.core.worklist import MAX_ENTRIES, office_work
from pozytek.councils.models import OpinionRequest
from pozytek.evaluation.models import Award, Decision
from pozytek.evaluation.selectors import commissions_scoring, scoring_progress
from pozytek.offers.models import OfferVersion
from pozytek.offers.states import OfferState
from pozytek.organisations.models import Claim, ImportJob, OrganisationMember, ProfileChange
from pozytek.organisations.states import MemberRole, Source
from pozytek.reports.models import Report
from pozytek.reports.states import ReportKind, ReportState
from tests.conftest import login_with_mfa
from tests.consultations.consultation_helpers import published
from tests.councils.helpers import make_body
from tests.evaluation.protocol_helpers import accepted_offer, round_setup, score, seat
from tests.factories.accounts import UserFactory
from tests.factories.competitions import PublishedCallFactory
from tests.factories.organisations import OrganisationFactory
from tests.grants.register_helpers import make_grant
from tests.matrix_support import official_of

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English (the msgids), whatever the Polish catalogue says."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def dashboard(tenant) -> str:
    return reverse("office:dashboard", kwargs={"tenant_slug": tenant.slug})


def offer_in(call, prefix: str, title: str, state: str):
    return accepted_offer(call, title=f"{prefix} {title}", requested="1000", state=state)


def agreement_for(call, prefix: str, number: str, state: str, *, final_due: dt.date) -> Agreement:
    """An agreement (rows written directly) for an awarded offer of `call`, with its grant."""
    offer = offer_in(call, prefix, f"umowa {number}", OfferState.AWARDED)
    today = timezone.localdate()
    grant = make_grant(call.tenant, call=call, offer=offer, organisation=offer.organisation, task_title=offer.title)
    return Agreement.objects.create(
        tenant=call.tenant,
        grant=grant,
        offer=offer,
        version=OfferVersion.objects.get(offer=offer),
        number=f"{prefix}/{number}",
        state=state,
        start_date=today - dt.timedelta(days=200),
        end_date=today + dt.timedelta(days=100),
        grant_amount=Decimal("1000.00"),
        cost_shift_percent=Decimal("10.00"),
        grant_use_deadline=today + dt.timedelta(days=100),
        return_deadline=today + dt.timedelta(days=114),
        final_report_due=final_due,
    )


def seed(tenant, official, n: int, prefix: str) -> dict:
    """`n` records of every kind of work waiting in `tenant`, their titles starting with `prefix`."""
    today = timezone.localdate()
    people = UserFactory()
    with scopes_disabled():
        rnd = round_setup(tenant, offers=tuple((f"{prefix} oceniana {i}", "1000") for i in range(n)))
        score(rnd.chair, rnd.offers[0], (5, 3))
        call = PublishedCallFactory(
            tenant=tenant, title=f"{prefix} konkurs", offer_deadline=timezone.now() - dt.timedelta(days=2)
        )
        decision = Decision.objects.create(
            tenant=tenant,
            call=call,
            number=f"{prefix}/ZAR",
            date=today,
            recorded_by=official,
            published_at=timezone.now(),
        )
        for i in range(n):
            offer_in(call, prefix, f"złożona {i}", OfferState.SUBMITTED)
            corrected = offer_in(call, prefix, f"do poprawy {i}", OfferState.CORRECTION)
            corrected.correction_deadline = timezone.now() + dt.timedelta(days=5)
            corrected.save(update_fields=["correction_deadline"])
            updated = offer_in(call, prefix, f"aktualizacja {i}", OfferState.UPDATE_SUBMITTED)
            Award.objects.create(
                tenant=tenant, decision=decision, offer=updated, amount=Decimal("800.00"), requested=Decimal("1000.00")
            )
            awarded = offer_in(call, prefix, f"bez umowy {i}", OfferState.AWARDED)
            make_grant(tenant, call=call, offer=awarded, organisation=awarded.organisation, task_title=awarded.title)
            agreement_for(call, prefix, f"D{i}", AgreementState.DRAFT, final_due=today + dt.timedelta(days=200))
            signed = agreement_for(
                call, prefix, f"S{i}", AgreementState.SIGNED, final_due=today + dt.timedelta(days=10)
            )
            AgreementYear.objects.create(
                agreement=signed, year=today.year, amount=Decimal("1000.00"), partial_report_due=today - dt.timedelta(3)
            )
            Tranche.objects.create(
                tenant=tenant, agreement=signed, number=1, due_date=today + dt.timedelta(days=5), amount=Decimal("1000")
            )
            Annex.objects.create(
                tenant=tenant,
                agreement=signed,
                organisation=signed.offer.organisation,
                requested_by=people,
                requested_at=timezone.now(),
                justification="Zmiana terminu.",
            )
            reported = agreement_for(
                call, prefix, f"R{i}", AgreementState.SIGNED, final_due=today + dt.timedelta(days=200)
            )
            Report.objects.create(
                tenant=tenant,
                agreement=reported,
                kind=ReportKind.FINAL,
                period_start=reported.start_date,
                period_end=reported.end_date,
                due_date=reported.final_report_due,
                cost_shift_percent=Decimal("10.00"),
                state=ReportState.SUBMITTED,
                version=1,
                submitted_at=timezone.now(),
                created_by=people,
            )
            Claim.objects.create(
                tenant=tenant, organisation=OrganisationFactory(), user=UserFactory(), message="Jestem prezesem."
            )
            changed = OrganisationFactory(listed_in=tenant, verified_at=timezone.now())
            ProfileChange.objects.create(organisation=changed, author=people, data={"phone": "600 000 000"})
            OrganisationFactory(listed_in=tenant, name=f"{prefix} niezweryfikowana {i}")
            ImportJob.objects.create(
                tenant=tenant,
                kind=Source.SPREADSHEET,
                file="imports/x.csv",
                original_name=f"{prefix}-{i}.csv",
                created_by=official,
            )
    consultation = published(tenant, official, title=f"{prefix} konsultacja")
    body = make_body(tenant, official, name=f"{prefix} rada")
    with scopes_disabled():
        for i in range(n):
            Comment.objects.create(tenant=tenant, consultation=consultation, author=people, justification=f"Uwaga {i}")
            OpinionRequest.objects.create(
                tenant=tenant,
                body=body,
                subject=f"{prefix} opinia {i}",
                delivered_on=today - dt.timedelta(days=30),
                due_on=today - dt.timedelta(days=2),
                requested_by=official,
            )
    return {"call": call, "round": rnd, "consultation": consultation}


def work_section(page: str) -> str:
    return page.split('id="work-heading"')[1].split("<h2")[0]


def counts(page: str) -> dict[str, int]:
    """Each work item's count on the page, by its data-kind."""
    return {
        kind: int(count)
        for kind, count in re.findall(
            r'data-kind="([a-z-]+)">\s*<p class="work-item__head">.*?<span class="work-count">(\d+)</span>', page, re.S
        )
    }


@pytest.fixture
def seeded(tenant, official):
    return seed(tenant, official, 2, "NASZE")


def test_every_kind_of_work_waiting_is_counted(client, tenant, official, seeded):
    login_with_mfa(client, official)
    page = client.get(dashboard(tenant)).content.decode()
    assert counts(page) == {
        "organisations-claims": 2,
        "organisations-profile-changes": 2,
        "organisations-unverified": 2,
        "organisations-imports": 2,
        "competitions-calls-to-close": 1,
        "evaluation-formal-check": 2,
        "evaluation-corrections": 2,
        "evaluation-commissions": 1,
        "agreements-updates": 2,
        "agreements-to-prepare": 2,
        "agreements-to-sign": 2,
        "agreements-tranches": 2,
        "agreements-annexes": 2,
        "reports-awaiting-review": 2,
        "reports-overdue": 2,
        "reports-due": 2,
        "consultations-comments": 2,
        "councils-opinions-overdue": 2,
    }


def test_the_commission_shows_cards_submitted_out_of_those_expected(client, tenant, official, seeded):
    login_with_mfa(client, official)
    page = client.get(dashboard(tenant)).content.decode()
    # four seats (chair, two members, an expert) × two offers; the chair has submitted one card
    assert '<progress id="progress-evaluation-commissions" max="8" value="1">' in page
    assert "1 of 8 score cards submitted" in page


def test_each_item_links_to_the_page_where_the_work_is_done(client, tenant, official, seeded):
    login_with_mfa(client, official)
    page = client.get(dashboard(tenant)).content.decode()
    slug = tenant.slug
    call, consultation = seeded["call"], seeded["consultation"]
    with scopes_disabled():
        correction = call.offers.get(state=OfferState.CORRECTION, title="NASZE do poprawy 0")
        update = call.offers.get(state=OfferState.UPDATE_SUBMITTED, title="NASZE aktualizacja 0")
        draft = Agreement.objects.get(number="NASZE/D0")
        signed = Agreement.objects.get(number="NASZE/S0")
        annex = Annex.objects.get(agreement=signed)
        report = Report.objects.get(agreement__number="NASZE/R0")
        job = ImportJob.objects.get(original_name="NASZE-0.csv")
        request = OpinionRequest.objects.get(subject="NASZE opinia 0")
        grant = call.grants.get(task_title="NASZE bez umowy 0")
    expected = [
        reverse("evaluation_office_formal:call", kwargs={"tenant_slug": slug, "call_pk": call.pk}),
        reverse(
            "evaluation_office_formal:check",
            kwargs={"tenant_slug": slug, "call_pk": call.pk, "offer_pk": correction.pk},
        ),
        reverse(
            "evaluation_office_commission:detail", kwargs={"tenant_slug": slug, "call_pk": seeded["round"].call.pk}
        ),
        reverse("agreements_office_updates:review", kwargs={"tenant_slug": slug, "offer_pk": update.pk}),
        reverse("agreements_office:prepare", kwargs={"tenant_slug": slug, "grant_pk": grant.pk}),
        reverse("agreements_office:sign", kwargs={"tenant_slug": slug, "pk": draft.pk}),
        reverse("agreements_office:detail", kwargs={"tenant_slug": slug, "pk": signed.pk}),
        reverse("agreements_office:annex", kwargs={"tenant_slug": slug, "pk": signed.pk, "annex_pk": annex.pk}),
        reverse("reports_office:detail", kwargs={"tenant_slug": slug, "pk": report.pk}),
        reverse("reports_office:overview", kwargs={"tenant_slug": slug}),
        reverse("consultations_office:comments", kwargs={"tenant_slug": slug, "pk": consultation.pk}),
        reverse("councils_office:opinion", kwargs={"tenant_slug": slug, "pk": request.pk}),
        reverse("organisations_office:queue", kwargs={"tenant_slug": slug}),
        reverse("organisations_imports:detail", kwargs={"tenant_slug": slug, "pk": job.pk}),
        reverse("competitions_office:preview", kwargs={"tenant_slug": slug, "pk": call.pk}),
    ]
    assert [url for url in expected if f'href="{url}"' not in page] == []
    # every link of the work waiting opens for this official
    links = set(re.findall(r'href="(/testowo/urzad/[^"]+)"', work_section(page)))
    assert len(links) >= len(expected)
    assert {url: client.get(url).status_code for url in sorted(links)} == dict.fromkeys(sorted(links), 200)


def test_another_local_governments_work_never_appears(client, tenant, official, other_tenant):
    seed(other_tenant, official_of(other_tenant), 1, "OBCE")
    login_with_mfa(client, official)
    page = client.get(dashboard(tenant)).content.decode()
    assert "OBCE" not in page
    assert counts(page) == {}
    assert "Nothing is waiting for the office." in page


def test_someone_without_a_role_in_the_office_gets_no_work(tenant, official, other_tenant, seeded):
    stranger = official_of(other_tenant)
    with scope(tenant=tenant):
        assert office_work(tenant, stranger) == []
        assert [group.key for group in office_work(tenant, official)] == [
            "organisations",
            "competitions",
            "evaluation",
            "agreements",
            "reports",
            "consultations",
            "councils",
        ]


@pytest.fixture
def agreements_not_mine():
    """An office where agreements are someone else's job: the official lacks `agreements.manage_agreements`."""
    name = "agreements.manage_agreements"
    original = rules.permissions.permissions[name]
    rules.set_perm(name, rules.always_deny)
    yield
    rules.set_perm(name, original)


def test_work_behind_a_permission_the_person_lacks_is_left_out_with_its_links(
    client, tenant, official, seeded, agreements_not_mine
):
    login_with_mfa(client, official)
    page = client.get(dashboard(tenant)).content.decode()
    assert [kind for kind in counts(page) if kind.startswith("agreements-")] == []
    assert "/testowo/urzad/umowy/" not in work_section(page)
    assert counts(page)["reports-awaiting-review"] == 2


def test_entries_are_capped_and_the_rest_is_counted(client, tenant, official):
    seed(tenant, official, MAX_ENTRIES + 2, "DUŻO")
    login_with_mfa(client, official)
    page = client.get(dashboard(tenant)).content.decode()
    assert counts(page)["organisations-imports"] == MAX_ENTRIES + 2
    assert page.count("DUŻO-") == MAX_ENTRIES  # import file names: five listed
    assert "and 2 more" in page


def test_the_nearest_deadlines_come_from_the_calendar_sources(client, tenant, official):
    with scopes_disabled():
        call = PublishedCallFactory(
            tenant=tenant, title="Konkurs na lato", offer_deadline=timezone.now() + dt.timedelta(days=3)
        )
    login_with_mfa(client, official)
    page = client.get(dashboard(tenant)).content.decode()
    section = page.split('id="upcoming-heading"')[1].split("</section>")[0]
    url = reverse("competitions:detail", kwargs={"tenant_slug": tenant.slug, "pk": call.pk})
    assert f'<a href="{url}">Deadline for offers: {call}</a>' in section


def test_the_module_links_stay_below_the_work_waiting(client, tenant, official):
    login_with_mfa(client, official)
    page = client.get(dashboard(tenant)).content.decode()
    assert page.index('id="work-heading"') < page.index(
        reverse("agreements_office:list", kwargs={"tenant_slug": tenant.slug})
    )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_records(client, tenant, official, other_tenant):
    seed(tenant, official, 2, "A")
    login_with_mfa(client, official)
    client.get(dashboard(tenant))  # warm the caches every request shares (session, content types)
    few = queries_for(client, dashboard(tenant))
    seed(tenant, official, 8, "B")
    many = queries_for(client, dashboard(tenant))
    assert few == many, (few, many)
    assert few < 80, few  # a guard against a new per-record query in the sum, not a target


def test_the_commissions_progress_agrees_with_the_commissions_own_page(tenant):
    with scopes_disabled():
        rnd = round_setup(tenant)
        first, second, third = rnd.offers
        seat(rnd.commission, conflicts=[second])  # excluded from one offer
        keeper = seat(rnd.commission)
        OrganisationMember.objects.create(organisation=third.organisation, user=keeper.user, role=MemberRole.EDITOR)
        score(rnd.chair, first, (5, 3))
        score(keeper, first, (4, 4))
        score(keeper, third, (4, 4))  # a card for an offer of its own organisation does not count
    with scope(tenant=tenant):
        progress = scoring_progress(rnd.commission)
        [work] = commissions_scoring(tenant)
    assert (work.submitted, work.expected) == (
        sum(p.submitted for p in progress),
        sum(p.expected for p in progress),
    )
    assert (work.submitted, work.expected) == (2, 6 * 3 - 1 - 1)
