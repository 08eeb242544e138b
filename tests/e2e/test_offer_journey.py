"""Journey in Chromium (htmx on): an NGO member writes a joint, multi-year offer section by section,
watches the server-computed budget totals refresh while typing, attaches the statute, submits and
downloads the confirmation whose text carries the SHA-256 checksum. Every page passes axe-core.

The Polish catalogue has no offer strings yet, so elements are found by ids, names and roles.
"""

import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from pozytek.competitions.models import Call
from pozytek.offers.models import Offer, OfferVersion
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_directory_journey import log_in
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import PDF_BYTES, complete_offer, ngo_member
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.e2e

TITLE = "Sportowe wakacje na dwa lata"
PARTNER = "Stowarzyszenie Partnerskie Sąsiedzi"
SPACE = r"[\s\u00a0\u202f]?"  # the Polish thousands separator (a no-break space)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def two_year_call(tenant):
    year = timezone.localdate().year + 1
    return PublishedCallFactory(
        tenant=tenant,
        title="Sport dla dzieci 2 lata",
        delivery_start=dt.date(year, 2, 1),
        delivery_end=dt.date(year + 1, 11, 30),
        offer_deadline=timezone.now() + dt.timedelta(days=21),
        choice_deadline=timezone.localdate() + dt.timedelta(days=40),
        requires_results_table=True,
        required_attachments="Statut",
        min_grant=1000,
        max_grant=20000,
        min_own_total=10,
        admin_costs_cap=10,
    )


def amount(text: str) -> re.Pattern:
    """A pattern for an amount as the page prints it: "10500,00" is shown as "10 500,00" (no-break space)."""
    whole, cents = text.split(",")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return re.compile("^" + SPACE.join(groups) + "," + cents + "$")


def save(page) -> None:
    """Press "Save" in a section: htmx swaps #offer-section with the saved form and a status message."""
    # A budget preview still on its way would read while the save writes: let it land first.
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    page.evaluate("document.getElementById('offer-section').dataset.stale = 'yes'")
    page.locator("#offer-section button[name=save]").click()
    fresh = page.locator("#offer-section:not([data-stale])")
    fresh.wait_for()
    errors = fresh.locator(".error-summary")
    assert errors.count() == 0, errors.first.inner_text()
    expect(fresh.locator(".message--success[role=status]")).to_be_visible()


def open_section(page, slug: str) -> None:
    page.locator(f"nav.offer-nav a[href$='/{slug}/']").click()
    page.wait_for_url(re.compile(rf"/{slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)


def type_and_leave(locator, value: str) -> None:
    """Type like a person and leave the field (the change event drives the live totals)."""
    locator.fill("")
    locator.press_sequentially(value)
    locator.press("Tab")


def totals_cells(page):
    return page.locator("#offer-budget-totals table").first.locator("tbody tr").last.locator("td")


def test_ngo_writes_and_submits_a_joint_multi_year_offer(page, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    call = two_year_call(tenant)
    user, organisation = ngo_member(tenant=tenant)
    year1, year2 = call.delivery_start.year, call.delivery_end.year

    # The call's public page leads to the start page.
    log_in(page, live_server, user, f"/testowo/konkursy/{call.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)
    page.locator(f"main a[href$='/oferty/nowa/{call.pk}/']").click()
    page.wait_for_url(re.compile(rf"/oferty/nowa/{call.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page)
    expect(page.locator(f"input[name=organisation][value='{organisation.pk}']")).to_be_checked()
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/testowo/oferty/\d+/$"))
    with scopes_disabled():
        offer = Offer.objects.get(call=call, organisation=organisation)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert page.locator(".checklist .badge--warn").count() > 0
    assert_accessible(page)

    # II: the organisation (pre-filled from its profile) and a partner in the empty second row.
    page.locator(".checklist a[href$='/oferenci/']").click()
    page.wait_for_url(re.compile(r"/oferenci/$"))
    assert_accessible(page)
    expect(page.locator("#id_rows-0-name")).to_have_value(organisation.name)
    page.locator("#id_rows-0-address").fill("ul. Długa 1, 60-001 Poznań")
    page.locator("#id_f-contact_phone").fill("600 100 200")
    page.locator("#id_rows-1-name").fill(PARTNER)
    page.locator("#id_rows-1-legal_form").fill("stowarzyszenie")
    page.locator("#id_rows-1-register_number").fill("KRS 0000123456")
    page.locator("#id_rows-1-address").fill("ul. Krótka 2, 60-002 Poznań")
    page.locator("#id_rows-1-email").fill("partner@example.org")
    save(page)
    expect(page.locator("#id_rows-1-name")).to_have_value(PARTNER)
    expect(page.locator("#id_rows-2-name")).to_have_value("")  # a new empty row after saving
    assert_accessible(page)

    # III: the task spans two calendar years.
    open_section(page, "zadanie")
    assert_accessible(page)
    page.locator("#id_f-title").fill(TITLE)
    page.locator("#id_f-start_date").fill(dt.date(year1, 3, 1).isoformat())
    page.locator("#id_f-end_date").fill(dt.date(year2, 10, 31).isoformat())
    page.locator("#id_f-summary").fill("Zajęcia sportowe dla 60 dzieci z osiedla przez dwa sezony.")
    page.locator("#id_f-expected_results").fill("60 dzieci regularnie ćwiczy.")
    save(page)
    assert_accessible(page)

    # III.4: one action per year, each with the offeror responsible.
    open_section(page, "dzialania")
    assert_accessible(page)
    year_options = page.locator("#id_rows-0-year option")
    expect(year_options).to_have_count(2)
    page.locator("#id_rows-0-year").select_option(str(year1))
    page.locator("#id_rows-0-name").fill("Treningi w pierwszym sezonie")
    page.locator("#id_rows-0-target_group").fill("dzieci 7–12 lat")
    page.locator("#id_rows-0-offeror").select_option(label=organisation.name)
    save(page)
    page.locator("#id_rows-1-year").select_option(str(year2))
    page.locator("#id_rows-1-name").fill("Treningi w drugim sezonie")
    page.locator("#id_rows-1-target_group").fill("dzieci 7–12 lat")
    page.locator("#id_rows-1-offeror").select_option(label=PARTNER)
    save(page)
    # Editing a saved action leaves the new (empty) row alone, although its year select shows a year.
    page.locator("#id_rows-0-description").fill("Dwa treningi w tygodniu.")
    save(page)
    expect(page.locator("#id_rows-2-name")).to_have_value("")
    assert_accessible(page)
    with scopes_disabled():
        actions = {a.year: a for a in offer.actions.all()}
    assert set(actions) == {year1, year2}
    assert {a.offeror.name for a in actions.values()} == {organisation.name, PARTNER}

    # III.6: the results table the call asks for.
    open_section(page, "rezultaty")
    assert_accessible(page)
    page.locator("#id_rows-0-name").fill("Liczba uczestników")
    page.locator("#id_rows-0-target").fill("60")
    page.locator("#id_rows-0-monitoring").fill("Listy obecności")
    save(page)
    assert_accessible(page)

    # IV
    open_section(page, "charakterystyka")
    assert_accessible(page)
    page.locator("#id_f-previous_activity").fill("Od 2010 r. prowadzimy zajęcia sportowe.")
    page.locator("#id_f-resources").fill("Dwóch trenerów, sala partnera.")
    page.locator("#offer-section button[name=continue]").click()  # "Save and go to the next section"

    # V.A: costs per year; the totals are computed by the server while typing.
    page.wait_for_url(re.compile(r"/koszty/$"))
    expect(page.locator(".messages")).to_be_visible()  # the saved time of section IV
    assert_accessible(page)
    expect(page.locator("#id_rows-0-year1")).to_be_visible()
    expect(page.locator("#id_rows-0-year2")).to_be_visible()
    expect(page.locator("#id_rows-0-year3")).to_have_count(0)
    page.locator("#id_rows-0-category").select_option("action")
    page.locator("#id_rows-0-action").select_option(str(actions[year1].pk))
    page.locator("#id_rows-0-name").fill("Wynagrodzenie trenera")
    page.locator("#id_rows-0-unit").fill("godz.")
    type_and_leave(page.locator("#id_rows-0-unit_cost"), "80")
    type_and_leave(page.locator("#id_rows-0-quantity"), "100")
    expect(totals_cells(page).first).to_have_text(amount("8000,00"))
    type_and_leave(page.locator("#id_rows-0-year1"), "4000")
    type_and_leave(page.locator("#id_rows-0-year2"), "4000")
    page.locator("#id_rows-0-offeror").select_option(label=organisation.name)
    page.locator("#id_rows-1-category").select_option("action")
    page.locator("#id_rows-1-action").select_option(str(actions[year2].pk))
    page.locator("#id_rows-1-name").fill("Wynajem sali")
    page.locator("#id_rows-1-unit").fill("godz.")
    type_and_leave(page.locator("#id_rows-1-unit_cost"), "100")
    type_and_leave(page.locator("#id_rows-1-quantity"), "20")
    expect(totals_cells(page).first).to_have_text(amount("10000,00"))
    page.locator("#id_rows-1-offeror").select_option(label=PARTNER)
    type_and_leave(page.locator("#id_rows-1-year1"), "0")
    type_and_leave(page.locator("#id_rows-1-year2"), "2000")
    expect(totals_cells(page).nth(1)).to_have_text(amount("4000,00"))
    expect(totals_cells(page).nth(2)).to_have_text(amount("6000,00"))
    save(page)
    assert_accessible(page)
    # After the save the form was swapped in again: the totals still follow what is typed.
    page.locator("#id_rows-2-category").select_option("admin")
    page.locator("#id_rows-2-name").fill("Koordynacja")
    page.locator("#id_rows-2-unit").fill("usługa")
    type_and_leave(page.locator("#id_rows-2-unit_cost"), "500")
    type_and_leave(page.locator("#id_rows-2-quantity"), "1")
    expect(totals_cells(page).first).to_have_text(amount("10500,00"))
    page.locator("#id_rows-2-offeror").select_option(label=organisation.name)
    type_and_leave(page.locator("#id_rows-2-year1"), "250")
    type_and_leave(page.locator("#id_rows-2-year2"), "250")
    expect(totals_cells(page).nth(1)).to_have_text(amount("4250,00"))
    expect(totals_cells(page).nth(2)).to_have_text(amount("6250,00"))
    save(page)
    assert page.locator("#offer-section .notice").count() == 0  # nothing missing in V.A
    assert_accessible(page)

    # V.B: sources that add up to the costs, within the call's grant limit and own-contribution minimum.
    open_section(page, "zrodla")
    assert_accessible(page)
    type_and_leave(page.locator("#id_f-requested_grant"), "9000")
    type_and_leave(page.locator("#id_f-own_financial"), "1000")
    type_and_leave(page.locator("#id_f-own_personal"), "500")
    sources = page.locator("#offer-budget-totals table").nth(1)
    expect(sources.locator("tbody tr").first.locator("td").nth(1)).to_have_text(amount("10500,00"))
    expect(page.locator("#offer-budget-totals .message--warning")).to_have_count(0)
    save(page)
    assert page.locator("#offer-section .notice").count() == 0
    assert_accessible(page)

    # VI: free of charge; the joint offer's arrangements.
    open_section(page, "inne")
    assert_accessible(page)
    page.locator("input[name='f-paid_activity'][value='free']").check()
    page.locator("#id_f-joint_arrangements").fill("Lider prowadzi treningi, partner udostępnia salę.")
    save(page)
    assert_accessible(page)

    # VII: every statement, and "has no arrears".
    open_section(page, "oswiadczenia")
    assert_accessible(page)
    for name in ("public_benefit", "fees", "register", "true", "gdpr"):
        page.locator(f"#id_f-statement_{name}").check()
    page.locator("input[name='f-tax_arrears'][value='False']").check()
    page.locator("input[name='f-social_insurance_arrears'][value='False']").check()
    save(page)
    assert_accessible(page)

    # Attachments: the statute as a PDF.
    open_section(page, "zalaczniki")
    assert_accessible(page)
    page.locator("#id_label").select_option("Statut")
    page.locator("#id_file").set_input_files(
        files=[{"name": "statut.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(page.locator("main table tbody a", has_text="statut.pdf")).to_be_visible()
    assert_accessible(page)

    # Overview: every section complete; submit.
    page.locator("nav.offer-nav li").first.locator("a").click()
    page.wait_for_url(re.compile(rf"/oferty/{offer.pk}/$"))
    checklist = page.locator("ul.checklist > li")
    expect(checklist).to_have_count(10)
    assert page.locator(".checklist .badge--warn").count() == 0, page.locator(".checklist").inner_text()
    assert page.locator("main .error-summary").count() == 0
    assert TITLE in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
    page.locator(f"main form[action$='/oferty/{offer.pk}/zloz/'] button[type=submit]").click()

    checksum = page.locator("main p > code.checksum")
    expect(checksum).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    with scopes_disabled():
        versions = list(OfferVersion.objects.filter(offer=offer))
    assert len(versions) == 1
    version = versions[0]
    assert checksum.inner_text() == version.checksum
    submitted = timezone.localtime(version.submitted_at)
    assert submitted.strftime("%H:%M:%S") in page.locator("main section.notice").inner_text()
    assert page.locator("main form[action$='/zloz/']").count() == 0
    assert_accessible(page)

    # The confirmation PDF carries the checksum and the title.
    href = page.locator("main a[href$='/wersja/1/potwierdzenie.pdf']").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert version.checksum in re.sub(r"\s+", "", text)
    assert TITLE in " ".join(text.split())

    snapshot = version.snapshot
    assert snapshot["joint"] is True
    assert [o["name"] for o in snapshot["offerors"]] == [organisation.name, PARTNER]
    assert snapshot["years"] == [year1, year2]
    assert snapshot["costs"]["total"] == "10500.00"
    assert snapshot["costs"]["years_total"] == ["4250.00", "6250.00"]


def test_after_the_deadline_the_overview_says_when_the_call_closed(page, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    call = two_year_call(tenant)
    offer, user = complete_offer(call, joint=True, multi_year=True)
    deadline = timezone.now() - dt.timedelta(minutes=5)
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(offer_deadline=deadline)

    log_in(page, live_server, user, f"/testowo/oferty/{offer.pk}/")
    header = page.locator("main .message--error")
    expect(header).to_contain_text(timezone.localtime(deadline).strftime("%H:%M:%S"))
    assert page.locator("main form[action$='/zloz/']").count() == 0
    assert_accessible(page)
    with scopes_disabled():
        assert not OfferVersion.objects.filter(offer=offer).exists()


def test_pressing_submit_twice_freezes_one_version(page, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    call = two_year_call(tenant)
    offer, user = complete_offer(call, joint=True, multi_year=True)
    submit = f"main form[action$='/oferty/{offer.pk}/zloz/']"

    # A double click: Chromium may send the form once or twice, the server freezes one version.
    log_in(page, live_server, user, f"/testowo/oferty/{offer.pk}/")
    page.locator(f"{submit} button[type=submit]").dblclick()
    expect(page.locator("main p > code.checksum")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    with scopes_disabled():
        versions = list(OfferVersion.objects.filter(offer=offer))
    assert len(versions) == 1
    assert page.locator("main p > code.checksum").inner_text() == versions[0].checksum
    assert len(versions[0].snapshot["offerors"]) == 2 and len(versions[0].snapshot["years"]) == 2

    # Withdrawn and edited again; the first press is sent but its answer has not reached the page when
    # the button is pressed again (the test settings' in-memory SQLite cannot run two writers at once,
    # so the two requests follow each other): still one new version.
    page.locator("main form[action$='/wycofaj/'] button[type=submit]").click()
    page.locator("main form[action$='/popraw/'] button[type=submit]").click()
    page.locator(submit).wait_for()
    first = page.evaluate(
        """async (selector) => {
            const form = document.querySelector(selector);
            const response = await fetch(form.action, {method: "POST", body: new FormData(form), redirect: "manual"});
            return response.type === "opaqueredirect" ? 302 : response.status;
        }""",
        submit,
    )
    assert first == 302
    page.locator(f"{submit} button[type=submit]").click()
    expect(page.locator("main p > code.checksum")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    with scopes_disabled():
        versions = list(OfferVersion.objects.filter(offer=offer).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert page.locator("main p > code.checksum").inner_text() == versions[1].checksum
    assert_accessible(page)
