"""Journey of a report and the settlement of the grant in Chromium: the organisation fills in its final
report (amounts typed with a decimal comma), is refused when the sums do not match and keeps what it
typed, submits; the office (TOTP) returns it for corrections with a reason, the organisation corrects and
resubmits, the office accepts it and settles the grant with the unused part returned; the public grants
register shows the grant settled with the amount settled. Every page visited passes axe-core.

The browser asks for English (the language cookie), so locators use the English source strings. The
organisation and the office each have their own browser context (one log-in each, a TOTP code works
once). What the journey starts from is written through the services (tests/reports/report_helpers.py).
"""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from pozytek.agreements.models import Agreement
from pozytek.agreements.states import AgreementState
from pozytek.grants.models import Grant
from pozytek.grants.states import GrantStatus
from pozytek.reports.models import Report, Settlement
from pozytek.reports.selectors import lines_of
from pozytek.reports.states import ReportState
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_evaluation_journey import english, log_in, one_h1
from tests.factories.tenants import TenantFactory
from tests.matrix_support import official_of
from tests.reports.report_helpers import signed_and_paid

pytestmark = pytest.mark.e2e

# The offer of tests.factories.offers: I.1.1 trainer 8 000, I.1.2 hall 2 000, II.1 coordination 500 zł;
# grant 9 000, own financial 1 000, own personal 500 zł (10 500 zł in all). The organisation spent
# 8 600 zł of the grant and put 1 400 zł of its own money in: 400 zł of the grant is unused.
LINES = {"I.1.1": ("8 000,00", "7 000,00"), "I.1.2": ("2 000,00", "1 600,00"), "II.1": ("500,00", "0,00")}
SOURCES = {
    "Grant": "8 600,00",
    "Own financial contribution": "1 400,00",
    "Own personal contribution (volunteers' and members' work)": "500,00",
}
WRONG_OWN_FINANCIAL = "140,00"  # a zero missing: the sources add up to 9 240 zł, the costs to 10 500 zł


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo", email="urzad@testowo.example")


@pytest.fixture
def office_page(browser, live_server):
    """A second browser: the official stays logged in while the organisation works in `page`."""
    context = browser.new_context(base_url=live_server.url, locale="pl-PL", bypass_csp=True)
    office = context.new_page()
    office.set_default_timeout(20_000)
    yield office
    context.close()


def report_of(agreement: Agreement) -> Report:
    with scopes_disabled():
        return Report.objects.get(agreement=agreement)


def fill_report(page, *, own_financial: str) -> None:
    """Part I, the results, the cost lines, the sources and the statements, found by their labels."""
    page.get_by_label(re.compile(r"^1\. Results achieved")).fill("Zajęcia sportowe odbyły się dla 65 dzieci.")
    page.get_by_label(re.compile(r"^2\. The actions carried out")).fill("Treningi dwa razy w tygodniu <b>od marca</b>.")
    expect(page.locator("#report-form")).to_contain_text("The agreement lists no results.")  # no table III.6
    for number, (incurred, of_grant) in LINES.items():
        page.get_by_label(f"{number} costs incurred (PLN)", exact=True).fill(incurred)
        page.get_by_label(f"{number} of which from the grant (PLN)", exact=True).fill(of_grant)
    for label, amount in SOURCES.items():
        page.get_by_label(label, exact=True).fill(amount)
    page.get_by_label("Own financial contribution", exact=True).fill(own_financial)
    page.get_by_label(re.compile("^List of financial documents")).fill("FV 1/2027\nFV 2/2027\nRachunek 3/2027")
    for statement in (
        "the legal status of the organisation has not changed since the agreement was signed",
        "all information in the report is true and complete",
        "public procurement rules were followed where they apply",
        "people whose personal data appear in the report have made the required declarations",
    ):
        page.get_by_label(statement, exact=True).check()


def test_report_review_and_settlement_of_the_grant(page, office_page, live_server, tenant):
    official = official_of(tenant)
    agreement, author = signed_and_paid(tenant, official)  # 9 000 zł, one tranche, paid today
    with scopes_disabled():
        grant_pk, task_title = agreement.grant_id, agreement.grant.task_title

    # The organisation: its agreement, its reports, the final report started.
    log_in(page, live_server, author, "/moje-organizacje/umowy/", totp=False)
    one_h1(page)
    assert_accessible(page)
    page.locator("#agreements").get_by_role("link", name=agreement.number).click()
    page.wait_for_url(re.compile(rf"/moje-organizacje/umowy/{agreement.pk}/$"))
    one_h1(page)
    assert_accessible(page)
    page.get_by_role("link", name="Reports", exact=True).click()
    page.wait_for_url(re.compile(rf"/umowy/{agreement.pk}/sprawozdania/$"))
    one_h1(page)
    expect(page.locator("#due-reports")).to_contain_text("Not started")
    assert_accessible(page)
    page.get_by_role("button", name="Start the final report").click()
    page.wait_for_url(re.compile(rf"/umowy/{agreement.pk}/sprawozdania/\d+/$"))
    one_h1(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Final report")
    expect(page.locator("#report-state")).to_have_text("Draft")
    assert_accessible(page)
    report = report_of(agreement)
    edit_url = f"/moje-organizacje/umowy/{agreement.pk}/sprawozdania/{report.pk}/"

    # Submitted with sources that do not add up to the costs: refused, the message shown, nothing lost.
    fill_report(page, own_financial=WRONG_OWN_FINANCIAL)
    page.get_by_role("button", name="Save and submit the report").click()
    page.wait_for_url(re.compile(re.escape(edit_url) + "$"))
    expect(page.locator(".messages")).to_contain_text("they must be equal")
    expect(page.locator("#report-problems")).to_contain_text("they must be equal")
    expect(page.locator("#report-figures")).to_contain_text("The sums do not match.")
    expect(page.locator("#report-state")).to_have_text("Draft")
    expect(page.get_by_label("Own financial contribution", exact=True)).to_have_value("140.00")
    expect(page.get_by_label("I.1.1 of which from the grant (PLN)", exact=True)).to_have_value("7000.00")
    expect(page.get_by_label("Grant", exact=True)).to_have_value("8600.00")
    expect(page.get_by_label(re.compile(r"^2\. The actions carried out"))).to_have_value(
        "Treningi dwa razy w tygodniu <b>od marca</b>."
    )
    expect(page.get_by_label("all information in the report is true and complete", exact=True)).to_be_checked()
    assert_accessible(page)
    report = report_of(agreement)
    assert report.state == ReportState.DRAFT
    assert report.actual_own_financial == Decimal("140.00")
    assert report.actual_grant == Decimal("8600.00")
    with scopes_disabled():
        assert {line.number: line.actual_grant for line in lines_of(report)} == {
            "I.1.1": Decimal("7000.00"),
            "I.1.2": Decimal("1600.00"),
            "II.1": Decimal("0.00"),
        }

    # Fixed and submitted.
    page.get_by_label("Own financial contribution", exact=True).fill(SOURCES["Own financial contribution"])
    page.get_by_role("button", name="Save and submit the report").click()
    page.wait_for_url(re.compile(rf"/umowy/{agreement.pk}/sprawozdania/$"))
    expect(page.locator(".messages")).to_contain_text("The report has been submitted.")
    expect(page.locator("#due-reports")).to_contain_text("Submitted")
    assert_accessible(page)
    report = report_of(agreement)
    assert (report.state, report.version) == (ReportState.SUBMITTED, 1)
    assert report.actual_own_financial == Decimal("1400.00")

    # The organisation's copy of what it submitted: read-only now.
    page.locator("#due-reports").get_by_role("link", name="View the report").click()
    page.wait_for_url(re.compile(re.escape(edit_url) + "$"))
    one_h1(page)
    expect(page.locator("#report-state")).to_have_text("Submitted: awaiting review")
    expect(page.locator("#report-form")).to_have_count(0)
    expect(page.locator("#report-sources")).to_contain_text("1,400.00")
    assert_accessible(page)

    # The office: the report awaiting review, returned for corrections; first without a reason (refused).
    office = office_page
    overview_url = "/testowo/urzad/sprawozdania/"
    detail_url = f"{overview_url}{report.pk}/"
    log_in(office, live_server, official, overview_url)
    one_h1(office)
    assert_accessible(office)
    office.locator("#awaiting-reports").get_by_role("link", name=agreement.number).click()
    office.wait_for_url(re.compile(re.escape(detail_url) + "$"))
    one_h1(office)
    expect(office.locator("#report-state")).to_have_text("Submitted: awaiting review")
    expect(office.locator("#report-costs")).to_contain_text("7,000.00")
    expect(office.locator("#review")).to_contain_text("400.00")  # the amount to return if accepted now
    expect(office.locator("#report")).to_contain_text("Treningi dwa razy w tygodniu <b>od marca</b>.")  # escaped
    assert_accessible(office)
    corrections = office.locator("form", has=office.get_by_role("button", name="Return for corrections"))
    with office.expect_response(lambda r: r.request.method == "POST") as refused:
        corrections.get_by_role("button", name="Return for corrections").click()
    assert refused.value.status == 400
    reason = corrections.get_by_label(re.compile("^Reason"))
    expect(reason).to_have_attribute("aria-describedby", re.compile("id_return-reason_errors"))
    assert_accessible(office)
    assert report_of(agreement).state == ReportState.SUBMITTED
    reason.fill("Proszę dopisać do wykazu dokumentów fakturę za wynajem sali (FV 4/2027).")
    corrections.get_by_role("button", name="Return for corrections").click()
    office.wait_for_url(re.compile(re.escape(detail_url) + "$"))
    expect(office.locator("#report-state")).to_have_text("Returned for corrections")
    expect(office.locator("#review")).to_have_count(0)
    assert_accessible(office)
    assert report_of(agreement).state == ReportState.CORRECTIONS

    # The organisation sees the reason, corrects and resubmits.
    page.goto(f"{live_server.url}/moje-organizacje/umowy/{agreement.pk}/sprawozdania/")
    expect(page.locator("#due-reports")).to_contain_text("Returned for corrections")
    assert_accessible(page)
    page.locator("#due-reports").get_by_role("link", name="Fill in the report").click()
    page.wait_for_url(re.compile(re.escape(edit_url) + "$"))
    one_h1(page)
    expect(page.locator("#corrections")).to_contain_text("FV 4/2027")
    expect(page.get_by_label("Own financial contribution", exact=True)).to_have_value("1400.00")
    assert_accessible(page)
    page.get_by_label(re.compile("^List of financial documents")).fill(
        "FV 1/2027\nFV 2/2027\nRachunek 3/2027\nFV 4/2027"
    )
    page.get_by_role("button", name="Save and submit the report").click()
    page.wait_for_url(re.compile(rf"/umowy/{agreement.pk}/sprawozdania/$"))
    expect(page.locator(".messages")).to_contain_text("The report has been submitted.")
    expect(page.locator("#due-reports")).to_contain_text("Submitted")
    assert_accessible(page)
    report = report_of(agreement)
    assert (report.state, report.version) == (ReportState.SUBMITTED, 2)
    assert "FV 4/2027" in report.documents_list

    # The office accepts: 400 zł of unused grant to return.
    office.goto(f"{live_server.url}{detail_url}")
    one_h1(office)
    expect(office.locator("#report")).to_contain_text("FV 4/2027")
    assert_accessible(office)
    office.get_by_role("button", name="Accept the report").click()
    office.wait_for_url(re.compile(re.escape(detail_url) + "$"))
    expect(office.locator("#report-state")).to_have_text("Accepted")
    expect(office.locator(".messages")).to_contain_text("Amount to return: 400.00 PLN")
    expect(office.locator("#amount-to-return")).to_contain_text("400.00")
    assert_accessible(office)
    report = report_of(agreement)
    assert report.state == ReportState.ACCEPTED
    assert report.amount_to_return == Decimal("400.00")
    assert report.return_deadline is not None

    # The settlement: the amount to return is proposed; without the date of the return it is refused.
    office.get_by_role("link", name="Back to the agreement").click()
    office.wait_for_url(re.compile(rf"/urzad/umowy/{agreement.pk}/$"))
    assert_accessible(office)
    office.get_by_role("link", name="Reports and settlement").click()
    settle_url = f"/testowo/urzad/sprawozdania/umowa/{agreement.pk}/rozliczenie/"
    office.wait_for_url(re.compile(re.escape(settle_url) + "$"))
    one_h1(office)
    expect(office.locator("#settle-amount-to-return")).to_contain_text("400.00")
    amount = office.get_by_label(re.compile(r"^Amount returned \(PLN\)"))
    expect(amount).to_have_value("400.00")
    assert_accessible(office)
    with office.expect_response(lambda r: r.request.method == "POST") as refused:
        office.get_by_role("button", name="Settle the grant").click()
    assert refused.value.status == 400
    returned_on = office.get_by_label(re.compile("^Returned on"))
    expect(returned_on).to_have_attribute("aria-describedby", re.compile("id_returned_on_errors"))
    expect(office.locator("#id_returned_on_errors")).to_have_text("Enter the date of the return.")
    assert_accessible(office)
    with scopes_disabled():
        assert not Settlement.objects.filter(agreement=agreement).exists()
    today = timezone.localdate()
    returned_on.fill(today.isoformat())
    office.get_by_role("button", name="Settle the grant").click()
    office.wait_for_url(re.compile(rf"/urzad/umowy/{agreement.pk}/$"))
    expect(office.locator(".messages")).to_contain_text("The grant has been settled")
    expect(office.locator("#agreement-state")).to_have_text("Settled")
    assert_accessible(office)
    with scopes_disabled():
        agreement.refresh_from_db()
        settlement = Settlement.objects.get(agreement=agreement)
        grant = Grant.objects.get(pk=grant_pk)
    assert agreement.state == AgreementState.SETTLED
    assert (settlement.returned_amount, settlement.returned_on) == (Decimal("400.00"), today)
    assert settlement.amount_settled == Decimal("8600.00")
    assert (grant.status, grant.amount_settled) == (GrantStatus.SETTLED, Decimal("8600.00"))
    office.goto(f"{live_server.url}{settle_url}")
    one_h1(office)
    expect(office.locator("#settlement")).to_contain_text("8,600.00")
    assert_accessible(office)

    # The public grants register: settled, with the amount settled.
    visitor = office
    visitor.context.clear_cookies()
    english(visitor, live_server)
    visitor.goto(f"{live_server.url}/testowo/dotacje/")
    one_h1(visitor)
    row = visitor.locator(f"#grant-{grant_pk}")
    expect(row).to_contain_text(task_title)
    expect(row.locator("td").last).to_have_text("Settled")
    expect(row.locator("td").nth(-2)).to_have_text("8,600.00")
    expect(row).to_contain_text("9,000.00")
    expect(visitor.locator("#total-settled")).to_contain_text("8,600.00")
    assert_accessible(visitor)
