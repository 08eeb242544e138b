"""Journey in Chromium: the treasurer of a joint, two-year offer enters its 30-line cost calculation (V.A) in the
table: 28 lines pasted from a spreadsheet, two typed moving between cells with the keyboard. The table saves
itself in the background ("Saved 12:03:15"), the server's totals follow, and it all takes three page loads:
the login page, the cost table, and a reload that shows the 30 lines saved. axe-core passes on the table.
"""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from pozytek.offers.models import CostLine
from pozytek.offers.services import COST_FIELDS
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_directory_journey import log_in
from tests.e2e.test_offer_journey import amount, totals_cells, two_year_call
from tests.factories.offers import complete_offer, save
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.e2e

PARTNER = "Stowarzyszenie Partnerskie"  # the partner complete_offer(joint=True) adds


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def unit_cost(n: int) -> Decimal:
    return Decimal(55 * n) + Decimal("0.50")


def polish(value: Decimal) -> str:
    """As a Polish spreadsheet copies an amount: "1 100,50" (a space between the thousands)."""
    whole, cents = f"{value:.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return f"{grouped},{cents}"


def spreadsheet(lines: range, *, category: str, action: str, lead: str) -> str:
    """Tab-separated rows in the table's column order: category, action, type, unit, unit cost, units,
    year 1, year 2, offeror."""
    rows = []
    for n in lines:
        cost = unit_cost(n)
        offeror = lead if n % 2 else PARTNER
        rows.append(
            "\t".join([category, action, f"Koszt {n}", "godz.", polish(cost), "2", polish(cost), polish(cost), offeror])
        )
    return "\r\n".join(rows) + "\r\n"


def paste(page, selector: str, text: str) -> None:
    """What Ctrl+V does with the clipboard's text in the focused cell."""
    page.locator(selector).focus()
    page.evaluate(
        """([selector, text]) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const event = new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true});
            document.querySelector(selector).dispatchEvent(event);
        }""",
        [selector, text],
    )


def test_treasurer_enters_a_thirty_line_budget_in_three_page_loads(page, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    call = two_year_call(tenant)
    offer, user = complete_offer(call, joint=True, multi_year=True)
    with scopes_disabled():
        offer = save(offer, "costs", user, rows=[])  # the calculation starts empty
        action = offer.actions.order_by("year").first()
        lead = offer.offerors.get(order=0).name
    loads = []
    page.on("load", lambda _page: loads.append(page.url))
    costs = f"/testowo/oferty/{offer.pk}/koszty/"

    log_in(page, live_server, user, costs)
    expect(page.locator("#costs-grid")).to_be_visible()
    expect(page.locator("[data-grid-add]")).to_be_visible()  # the script's "Add a row" ...
    expect(page.locator("button[name=add_rows]")).to_be_hidden()  # ... instead of the server's "add rows"
    expect(page.locator("#id_rows-0-year2")).to_be_visible()
    expect(page.locator("#id_rows-0-offeror")).to_be_visible()
    category = page.locator("#id_rows-0-category option[value=action]").inner_text().strip()

    # 28 lines copied from a spreadsheet, pasted into the first cell: the table grows to take them.
    paste(page, "#id_rows-0-category", spreadsheet(range(1, 29), category=category, action=action.name, lead=lead))
    expect(page.locator("#id_rows-27-name")).to_have_value("Koszt 28")
    expect(page.locator("#id_rows-19-unit_cost")).to_have_value("1100,5")  # "1 100,50" as the server reads it
    expect(page.locator("#id_rows-27-offeror option:checked")).to_have_text(PARTNER)
    expect(page.locator("#id_rows-0-action option:checked")).to_have_text(f"{action.year}: {action.name}")
    expect(page.locator("#id_rows-2-offeror option:checked")).to_have_text(lead)
    expect(page.locator("#costs-grid tbody tr[data-grid-row] [data-line-total]").nth(19)).to_have_text(
        amount("2201,00")
    )
    expect(page.locator("#costs-autosave .autosave__saved")).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
    assert_accessible(page)

    # Line 29 typed, moving right between its cells with the arrow keys.
    page.locator("[data-grid-add]").click()
    expect(page.locator("#id_rows-28-category")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_rows-28-action")).to_be_focused()
    page.locator("#id_rows-28-action").select_option(str(action.pk))
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_rows-28-name")).to_be_focused()
    page.keyboard.type("Koszt 29")
    page.keyboard.press("ArrowRight")  # at the end of the text: the next cell
    expect(page.locator("#id_rows-28-unit")).to_be_focused()
    page.keyboard.type("godz.")
    page.keyboard.press("ArrowRight")
    page.keyboard.type(polish(unit_cost(29)))
    page.keyboard.press("ArrowRight")
    page.keyboard.type("2")
    expect(page.locator("#costs-grid tbody tr[data-grid-row] [data-line-total]").nth(28)).to_have_text(
        amount("3191,00")
    )
    page.keyboard.press("ArrowRight")
    page.keyboard.type(polish(unit_cost(29)))
    page.keyboard.press("ArrowRight")
    page.keyboard.type(polish(unit_cost(29)))
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_rows-28-offeror")).to_be_focused()
    page.locator("#id_rows-28-offeror").select_option(label=lead)

    # Line 30: Enter in the last line goes down to a new one, in the same column; Up goes back.
    page.locator("#id_rows-28-year2").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_rows-29-year2")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#id_rows-28-year2")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_rows-29-year2")).to_be_focused()
    page.keyboard.type(polish(unit_cost(30)))
    page.keyboard.press("ArrowLeft")  # inside the text: the caret moves, not the focus
    expect(page.locator("#id_rows-29-year2")).to_be_focused()
    page.locator("#id_rows-29-year1").fill(polish(unit_cost(30)))
    page.locator("#id_rows-29-offeror").select_option(label=PARTNER)
    page.locator("#id_rows-29-action").select_option(str(action.pk))
    page.locator("#id_rows-29-name").fill("Koszt 30")
    page.locator("#id_rows-29-unit").fill("godz.")
    page.locator("#id_rows-29-unit_cost").fill(polish(unit_cost(30)))
    page.locator("#id_rows-29-quantity").press_sequentially("2")
    page.locator("#id_rows-29-quantity").press("Tab")

    # The background save takes the 30th line (its row learns its id) and says when.
    expect(page.locator("#id_rows-29-id")).not_to_have_value("")
    expect(page.locator("#costs-autosave .autosave__saved")).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
    expected = sum((2 * unit_cost(n) for n in range(1, 31)), Decimal(0))
    assert expected == Decimal("51180.00")
    expect(totals_cells(page).first).to_have_text(amount("51180,00"))
    expect(totals_cells(page).nth(1)).to_have_text(amount("25590,00"))
    expect(totals_cells(page).nth(2)).to_have_text(amount("25590,00"))
    assert_accessible(page)

    # A reload shows the 30 lines as saved: the third and last page load.
    page.reload()
    expect(page.locator("#costs-grid tbody tr[data-grid-row]")).to_have_count(32)  # and two empty rows
    expect(page.locator("#costs-grid tbody tr[data-grid-row] input[name$='-name']").nth(29)).to_have_value("Koszt 30")
    expect(totals_cells(page).first).to_have_text(amount("51180,00"))
    assert_accessible(page)
    assert len(loads) <= 3, loads  # the login page, the cost table, the reload
    assert loads[-1].endswith(costs)
    with scopes_disabled():
        lines = list(CostLine.objects.filter(offer=offer).order_by("order"))
    assert [line.name for line in lines] == [f"Koszt {n}" for n in range(1, 31)]
    assert sum((line.unit_cost * line.quantity for line in lines), Decimal(0)) == expected
    assert {line.offeror.name for line in lines} == {lead, PARTNER}
    assert lines[29].year2 == unit_cost(30)


def test_without_javascript_the_table_adds_rows_with_a_button(browser, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    call = two_year_call(tenant)
    offer, user = complete_offer(call, joint=True, multi_year=True)
    context = browser.new_context(base_url=live_server.url, locale="pl-PL", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        log_in(page, live_server, user, f"/testowo/oferty/{offer.pk}/koszty/")
        expect(page.locator("#costs-grid tbody tr[data-grid-row]")).to_have_count(5)
        page.locator("#id_rows-3-category").select_option("admin")
        page.locator("#id_rows-3-name").fill("Księgowość")
        page.locator("#id_rows-3-unit").fill("mies.")
        page.locator("#id_rows-3-unit_cost").fill("1 000,00")
        page.locator("#id_rows-3-quantity").fill("3")
        page.locator("button[name=add_rows]").click()
        expect(page.locator("#costs-grid tbody tr[data-grid-row]")).to_have_count(10)
        expect(page.locator("#costs-grid tbody tr[data-grid-row] input[name$='-name']").nth(3)).to_have_value(
            "Księgowość"
        )
        expect(page.locator(".messages")).to_be_visible()  # saved as it was complete
    finally:
        context.close()
    with scopes_disabled():
        assert CostLine.objects.filter(offer=offer).count() == 4


def test_on_a_phone_the_table_scrolls_sideways_inside_its_frame(page, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    offer, user = complete_offer(two_year_call(tenant), joint=True, multi_year=True)
    page.set_viewport_size({"width": 375, "height": 800})

    log_in(page, live_server, user, f"/testowo/oferty/{offer.pk}/koszty/")

    frame = page.locator(".table-wrap:has(#costs-grid)")
    expect(frame).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth && el.clientWidth <= 375")
    page.locator("#id_rows-0-offeror").focus()  # a cell reached with Tab is scrolled into view
    expect(page.locator("#id_rows-0-offeror")).to_be_in_viewport()
    assert_accessible(page)


def test_a_background_save_after_someone_else_saved_overwrites_nothing(page, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    offer, user = complete_offer(two_year_call(tenant), joint=True, multi_year=True)
    log_in(page, live_server, user, f"/testowo/oferty/{offer.pk}/koszty/")
    expect(page.locator("[data-grid-add]")).to_be_visible()
    with scopes_disabled():  # another tab renames a line after this one opened the section
        rows = [
            {"id": c.pk, **{f: getattr(c, f"{f}_id" if f in ("action", "offeror") else f) for f in COST_FIELDS}}
            for c in offer.cost_lines.order_by("order")
        ]
        rows[2]["name"] = "Koordynacja projektu"
        save(offer, "costs", user, rows=rows)

    page.locator("#id_rows-0-name").fill("Wynagrodzenie trenerki")
    page.locator("#id_rows-0-name").press("Tab")

    expect(page.locator("#costs-autosave .autosave__problem")).to_be_visible()
    with scopes_disabled():
        assert CostLine.objects.filter(offer=offer, name="Koordynacja projektu").exists()
        assert not CostLine.objects.filter(offer=offer, name="Wynagrodzenie trenerki").exists()
    # "Save" explains the conflict and keeps the table as typed; pressing it again replaces the other version.
    page.locator("#offer-section button[name=save]").click()
    expect(page.locator("#offer-section .error-summary[role=alert]")).to_be_visible()
    expect(page.locator("#id_rows-0-name")).to_have_value("Wynagrodzenie trenerki")
    page.locator("#offer-section button[name=save]").click()
    expect(page.locator("#offer-section .message--success[role=status]")).to_be_visible()
    with scopes_disabled():
        names = set(CostLine.objects.filter(offer=offer).values_list("name", flat=True))
    assert names == {"Wynagrodzenie trenerki", "Wynajem sali", "Koordynacja"}


def test_a_removed_row_goes_at_once_and_the_rest_are_numbered_again(page, live_server, transactional_db):
    tenant = TenantFactory(name="Miasto Testowo", slug="testowo")
    offer, user = complete_offer(two_year_call(tenant), joint=True, multi_year=True)
    log_in(page, live_server, user, f"/testowo/oferty/{offer.pk}/koszty/")
    second = page.locator("#costs-grid tbody tr[data-grid-row]").nth(1)
    expect(second.locator("input[name$='-name']")).to_have_value("Wynajem sali")

    second.locator("button[data-grid-remove-row]").click()

    expect(page.locator("#id_rows-1-name")).to_be_hidden()
    expect(page.locator("#id_rows-2-category")).to_be_focused()  # the next row's first cell
    expect(page.locator("#costs-grid tbody tr[data-grid-row]:visible th[data-grid-rowno]")).to_have_text(
        ["1", "2", "3", "4"]
    )
    expect(page.locator("label[for=id_rows-2-name]")).to_contain_text("2")
    expect(page.locator("#costs-autosave .autosave__saved")).to_be_visible()
    expect(totals_cells(page).first).to_have_text(amount("8500,00"))
    with scopes_disabled():
        names = set(CostLine.objects.filter(offer=offer).values_list("name", flat=True))
    assert names == {"Wynagrodzenie trenera", "Koordynacja"}
    assert_accessible(page)
