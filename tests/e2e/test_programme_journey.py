"""The cooperation programme in Chromium: an official drafts a programme (a missing title is refused next
to the field), fills in every element, a goal, a form of cooperation, a priority task and an indicator,
sends the draft into consultation with the Public Benefit Council, records the adoption once the
consultation has ended and the council has given its opinion, brings the programme into force, records
an activity, prepares and publishes the realisation report, which the public reads. axe-core checks
every page visited.

Between the steps, time passes: the consultation's period is moved into the past
(tests/consultations/consultation_helpers.end_period) and the council's secretary records the opinion
through the councils' service, as the council journey does in the browser.
"""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from pozytek.accounts.models import Role
from pozytek.councils.services import acts
from pozytek.programmes.models import Programme, RealisationReport
from pozytek.programmes.states import ProgrammeState, ReportState
from tests.conftest import with_totp
from tests.consultations.consultation_helpers import end_period
from tests.councils.helpers import balanced_council
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_evaluation_journey import english, log_in, one_h1
from tests.factories.accounts import MembershipFactory
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.e2e

ELEMENTS = {
    "Main goal": "Rozwój społeczeństwa obywatelskiego i współpracy międzysektorowej.",
    "Principles of cooperation": "Pomocniczość, suwerenność stron, partnerstwo, efektywność, jawność.",
    "Subject scope": "Zadania publiczne z art. 4 ustawy realizowane na rzecz mieszkańców.",
    "How the programme is implemented": "Otwarte konkursy ofert, konsultacje, szkolenia i doradztwo.",
    "How the implementation is evaluated": "Wskaźniki z wartością bazową i docelową, sprawozdanie do 31 maja.",
    "How competition commissions are appointed and work": "Komisję powołuje Prezydent zarządzeniem.",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo", email="urzad@testowo.example")


@pytest.fixture
def official(tenant):
    return with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)


def click_and_check(page, role: str, name) -> None:
    page.get_by_role(role, name=name).first.click()
    one_h1(page)
    assert_accessible(page)


def test_official_takes_a_programme_from_draft_to_the_published_report(page, live_server, tenant, official):
    year = timezone.localdate().year
    with scopes_disabled():
        council = balanced_council(tenant, official)
    log_in(page, live_server, official, "/testowo/urzad/program-wspolpracy/")
    one_h1(page)
    assert_accessible(page)

    # A new draft: the missing title is refused next to its field, what was typed stays.
    click_and_check(page, "link", "Start a new draft programme")
    page.get_by_label("Title").fill("")
    page.get_by_label("First year").fill(str(year))
    page.get_by_label("Planned funds in total (PLN)").fill("200 000,00")
    for label, text in ELEMENTS.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Create the draft").click()
    expect(page.locator(".field--invalid")).to_contain_text("This field is required.")
    expect(page.get_by_label("Main goal", exact=True)).to_have_value(ELEMENTS["Main goal"])
    assert_accessible(page)
    page.get_by_label("Title").fill(f"Program współpracy na rok {year}")
    page.get_by_role("button", name="Create the draft").click()
    one_h1(page)
    assert_accessible(page)
    # Nothing can go into consultation yet: the page says what is missing.
    expect(page.locator("#problems-consult")).to_contain_text("Add at least one specific goal.")

    click_and_check(page, "link", "Add a specific goal")
    page.get_by_label("Specific goal").fill("Zwiększanie udziału organizacji w konsultacjach.")
    page.get_by_role("button", name="Save").click()
    click_and_check(page, "link", "Add a form of cooperation")
    page.get_by_label("Form of cooperation").fill("Konsultowanie projektów aktów normatywnych.")
    page.get_by_label("Consultations", exact=True).check()
    page.get_by_label("Other recorded activity").check()
    page.get_by_label(re.compile("Zwiększanie udziału organizacji")).check()
    page.get_by_role("button", name="Save").click()
    click_and_check(page, "link", "Add a priority public task")
    page.get_by_label("Sphere of public tasks").select_option(index=1)
    page.get_by_label("Priority task").fill("Aktywizacja seniorów")
    page.get_by_label("Planned funds (PLN)").fill("250 000,00")
    page.get_by_role("button", name="Save").click()
    # More than the programme's total: refused next to the field.
    expect(page.locator(".field--invalid")).to_contain_text("more than the programme's planned funds")
    assert_accessible(page)
    page.get_by_label("Planned funds (PLN)").fill("150 000,00")
    page.get_by_role("button", name="Save").click()
    click_and_check(page, "link", "Add an indicator")
    page.get_by_label("Indicator").fill("Liczba przeprowadzonych konsultacji")
    page.get_by_label("Target value").fill("4")
    page.get_by_label("Computed from").select_option(label="Consultations held")
    page.get_by_role("button", name="Save").click()
    one_h1(page)
    expect(page.locator("#problems-consult")).to_have_count(0)

    # One action: the consultation and the council's opinion request.
    click_and_check(page, "link", "Send into consultation")
    today = timezone.localdate()
    page.get_by_label("First day of the consultation").fill(today.isoformat())
    page.get_by_label("Last day of the consultation").fill((today + timezone.timedelta(days=14)).isoformat())
    page.get_by_label("Ask the Public Benefit Council for its opinion").select_option(label=council.name)
    page.get_by_role("button", name="Send into consultation").click()
    one_h1(page)
    expect(page.locator("#consultation")).to_contain_text(council.name)
    assert_accessible(page)
    with scopes_disabled():
        programme = Programme.objects.get(tenant=tenant)
        assert programme.state == ProgrammeState.IN_CONSULTATION
        assert programme.consultation.units.count() >= 8

    # Two weeks later: the consultation has ended and the council has given its opinion.
    with scopes_disabled():
        end_period(programme.consultation)
    with scope(tenant=tenant):
        acts.record_opinion(
            request=programme.opinion_request,
            actor=official,
            title="Opinia o projekcie programu współpracy",
            text="Rada opiniuje projekt pozytywnie.",
            adopted_on=today,
        )
    page.reload()
    expect(page.locator("#consultation")).to_contain_text("opinion no.")
    click_and_check(page, "link", "Record the adoption")
    page.get_by_label("Resolution number").fill(f"XII/100/{year}")
    page.get_by_label("Date of the resolution").fill(today.isoformat())
    page.get_by_label("Adopted by", exact=True).fill("Rada Miasta Testowo")
    page.get_by_role("button", name="Record the adoption").click()
    one_h1(page)
    assert_accessible(page)
    page.get_by_role("button", name="Bring into force").click()
    one_h1(page)
    with scopes_disabled():
        programme.refresh_from_db()
        assert programme.state == ProgrammeState.IN_FORCE

    # The realisation of the year, then the report.
    click_and_check(page, "link", f"realisation and report for {year}")
    page.get_by_role("button", name=f"Prepare the report on {year}").click()
    one_h1(page)
    assert_accessible(page)
    page.get_by_label("Introduction").fill("Program realizowano we współpracy z organizacjami.")
    page.get_by_role("button", name="Save the narrative").click()
    one_h1(page)
    page.get_by_role("button", name="Publish the report").click()
    one_h1(page)
    assert_accessible(page)
    with scopes_disabled():
        report = RealisationReport.objects.get(programme=programme, year=year)
        assert report.state == ReportState.PUBLISHED
        programme.refresh_from_db()
        assert programme.state == ProgrammeState.IN_FORCE  # its year still runs: the figures so far

    # The public reads the adopted programme and the published report.
    page.context.clear_cookies()
    english(page, live_server)
    page.goto(f"{live_server.url}/testowo/program-wspolpracy/")
    one_h1(page)
    assert_accessible(page)
    click_and_check(page, "link", f"Program współpracy na rok {year}")
    expect(page.locator("main")).to_contain_text("Konsultowanie projektów aktów normatywnych.")
    expect(page.locator("main")).to_contain_text(f"XII/100/{year}")
    page.go_back()
    page.locator("main a", has_text=str(year)).last.click()
    one_h1(page)
    expect(page.locator("main")).to_contain_text("Program realizowano we współpracy z organizacjami.")
    expect(page.locator("main")).to_contain_text(report.checksum)
    assert_accessible(page)
