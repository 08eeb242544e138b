"""HTTP: the V.A cost calculation as a table (one row per cost line, a labelled cell per field), its "add rows"
without JavaScript, its background save (autosave) and the regulation's guidance beside the fields."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from pozytek.offers.models import CostLine, Offer
from pozytek.offers.services import section_version
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer, save

pytestmark = pytest.mark.integration

HTMX = {"HX-Request": "true"}


def costs_url(offer: Offer) -> str:
    return reverse("offers:section", kwargs={"tenant_slug": offer.tenant.slug, "pk": offer.pk, "slug": "koszty"})


def two_year_call(tenant):
    year = timezone.localdate().year + 1
    return PublishedCallFactory(
        tenant=tenant, delivery_start=dt.date(year, 2, 1), delivery_end=dt.date(year + 1, 11, 30)
    )


@pytest.fixture
def joint_two_year(tenant, client):
    offer, actor = complete_offer(two_year_call(tenant), joint=True, multi_year=True)
    client.force_login(actor)
    return offer, actor


@pytest.fixture
def single(tenant, client):
    offer, actor = complete_offer(PublishedCallFactory(tenant=tenant))
    client.force_login(actor)
    return offer, actor


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def grid_post(offer: Offer, lines: list[dict], **extra: str) -> dict[str, str]:
    """The table as the browser sends it: `lines` in order, then the management form."""
    data = {
        "section-version": str(section_version(offer, "costs")),
        "rows-TOTAL_FORMS": str(len(lines)),
        "rows-INITIAL_FORMS": "0",
    }
    for index, line in enumerate(lines):
        data.update({f"rows-{index}-{key}": str(value) for key, value in line.items()})
    data.update(extra)
    return data


def people(offer: Offer) -> tuple[int, int, int]:
    """The offer's first action and its two offerors."""
    with scopes_disabled():
        action = offer.actions.order_by("year").first().pk
        lead, partner = (o.pk for o in offer.offerors.order_by("order"))
    return action, lead, partner


def thirty_lines(offer: Offer) -> list[dict]:
    action, lead, partner = people(offer)
    lines = []
    for n in range(1, 31):
        admin = n > 27
        lines.append(
            {
                "category": "admin" if admin else "action",
                "action": "" if admin else action,
                "name": f"Koszt {n}",
                "unit": "godz.",
                "unit_cost": f"{n},50",
                "quantity": "2",
                "year1": f"{n}",
                "year2": f"{n + 1}",
                "offeror": lead if n % 2 else partner,
            }
        )
    return lines


def test_cost_table_has_a_labelled_cell_per_field_described_by_its_column(joint_two_year, client):
    offer, _actor = joint_two_year

    html = client.get(costs_url(offer)).content.decode()

    assert 'class="budget-grid"' in html
    rows = re.findall(r"<tr data-grid-row", html.split('<template id="costs-row-template">')[0])
    assert len(rows) == 3 + 2  # the saved lines and two empty rows
    inputs = re.findall(r'<(?:input|select) [^>]*name="rows-(\d+)-(\w+)"[^>]*>', html)
    visible = [(i, f) for i, f in inputs if f not in ("id", "DELETE", "TOTAL_FORMS")]
    assert visible
    for index, field in visible:
        label = re.search(rf'<label class="visually-hidden" for="id_rows-{index}-{field}"[^>]*>([^<]+)</label>', html)
        assert label is not None, (index, field)
        with translation.override("pl"):  # the page's language: the translation, or the source until there is one
            row = translation.gettext("Row %(n)s, %(column)s") % {"n": int(index) + 1, "column": ""}
        assert label.group(1).startswith(row)
        tag = re.search(rf'<(?:input|select) [^>]*id="id_rows-{index}-{field}"[^>]*>', html).group(0)
        assert f'aria-describedby="costs-hint-{field}"' in tag
        assert f'id="costs-hint-{field}"' in html  # the guidance in the column's heading


def test_joint_offer_shows_the_offeror_column_and_a_multi_year_task_the_year_columns(joint_two_year, client):
    offer, _actor = joint_two_year

    html = client.get(costs_url(offer)).content.decode()

    assert 'id="id_rows-0-offeror"' in html
    assert 'id="id_rows-0-year1"' in html
    assert 'id="id_rows-0-year2"' in html
    assert 'id="id_rows-0-year3"' not in html


def test_single_offeror_one_year_task_has_neither_offeror_nor_year_columns(single, client):
    offer, _actor = single

    html = client.get(costs_url(offer)).content.decode()

    assert 'id="id_rows-0-name"' in html
    assert "rows-0-offeror" not in html
    assert "rows-0-year1" not in html


def test_row_total_is_unit_cost_times_quantity_computed_by_the_server(single, client):
    offer, _actor = single

    html = client.get(costs_url(offer)).content.decode()

    totals = [t.strip() for t in re.findall(r"<td class=\"num\" data-line-total>(.*?)</td>", html)]
    assert totals[:3] == ["8\xa0000,00", "2\xa0000,00", "500,00"]


def test_saving_a_thirty_line_two_partner_two_year_budget_in_one_post(joint_two_year, client):
    offer, _actor = joint_two_year
    lines = thirty_lines(offer)

    response = client.post(costs_url(offer), grid_post(offer, lines, save="1"))

    assert response.status_code == 302
    with scopes_disabled():
        saved = list(CostLine.objects.filter(offer=offer).order_by("order"))
        offerors = {o.pk for o in offer.offerors.all()}
    assert [c.name for c in saved] == [f"Koszt {n}" for n in range(1, 31)]
    assert {c.offeror_id for c in saved} == offerors
    assert sum(c.unit_cost * c.quantity for c in saved) == sum(Decimal(f"{n}.50") * 2 for n in range(1, 31))
    assert [c.year2 for c in saved[:2]] == [Decimal(2), Decimal(3)]


def test_add_rows_without_javascript_keeps_typed_rows_and_adds_empty_ones(single, client):
    offer, _actor = single
    action, *_ = people_single(offer)
    typed = [
        {"category": "action", "action": action, "name": "Trener", "unit": "godz.", "unit_cost": "80", "quantity": "1"},
        {"category": "action", "action": action, "name": "Sala w trakcie", "unit": "", "unit_cost": "", "quantity": ""},
    ]

    response = client.post(costs_url(offer), grid_post(offer, typed, add_rows="1"))

    html = response.content.decode()
    assert response.status_code == 400  # the half-typed row is not saved, and nothing else is
    assert 'name="rows-TOTAL_FORMS" value="7"' in html
    assert 'value="Sala w trakcie"' in html
    assert 'value="Trener"' in html
    assert 'id="id_rows-6-name"' in html
    assert 'id="id_rows-1-unit_errors"' in html  # the incomplete row says what it lacks
    assert 'id="id_rows-6-name_errors"' not in html  # the new rows are empty, not wrong
    with scopes_disabled():
        assert list(CostLine.objects.filter(offer=offer).values_list("name", flat=True).order_by("order")) == [
            "Wynagrodzenie trenera",
            "Wynajem sali",
            "Koordynacja",
        ]


def people_single(offer: Offer) -> list[int]:
    with scopes_disabled():
        return [offer.actions.order_by("year").first().pk]


def test_add_rows_without_javascript_saves_complete_rows_and_shows_more_empty_ones(single, client):
    offer, _actor = single
    action, *_ = people_single(offer)
    typed = [
        {"category": "action", "action": action, "name": "Trener", "unit": "godz.", "unit_cost": "80", "quantity": "1"},
        {
            "category": "admin",
            "action": "",
            "name": "Księgowa",
            "unit": "mies.",
            "unit_cost": "1 200,00",
            "quantity": "2",
        },
        {"category": "action"},
    ]

    response = client.post(costs_url(offer), grid_post(offer, typed, add_rows="1"))

    assert response.status_code == 302
    assert response["Location"].endswith("?empty=6#costs-grid")  # the untouched row and five more
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert 'name="rows-TOTAL_FORMS" value="8"' in page
    assert 'value="1200,00"' in page
    with scopes_disabled():
        assert list(CostLine.objects.filter(offer=offer).values_list("name", flat=True).order_by("order")) == [
            "Trener",
            "Księgowa",
        ]


def test_forged_offeror_or_action_of_another_offer_is_refused_next_to_the_field(joint_two_year, client, tenant):
    offer, _actor = joint_two_year
    other, _other_actor = complete_offer(two_year_call(tenant), joint=True, multi_year=True)
    foreign_action, foreign_lead, _partner = people(other)
    lines = thirty_lines(offer)[:2]
    lines[0]["offeror"] = foreign_lead
    lines[1]["action"] = foreign_action

    response = client.post(costs_url(offer), grid_post(offer, lines, save="1"), headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps the fragment with the errors in
    offeror_errors = re.search(r'<ul class="errorlist" id="id_rows-0-offeror_errors">(.*?)</ul>', html, re.S)
    action_errors = re.search(r'<ul class="errorlist" id="id_rows-1-action_errors">(.*?)</ul>', html, re.S)
    assert "Wybierz poprawną wartość" in offeror_errors.group(1)
    assert "Wybierz poprawną wartość" in action_errors.group(1)
    with scopes_disabled():
        assert CostLine.objects.filter(offer=offer).count() == 3  # nothing was saved


def test_forged_row_id_of_another_offer_is_refused_without_an_error_page(joint_two_year, client, tenant):
    offer, _actor = joint_two_year
    other, _other_actor = complete_offer(two_year_call(tenant), joint=True, multi_year=True)
    with scopes_disabled():
        foreign = CostLine.objects.filter(offer=other).first()
    lines = thirty_lines(offer)[:1]
    lines[0]["id"] = foreign.pk

    response = client.post(costs_url(offer), grid_post(offer, lines, save="1"))

    assert response.status_code == 400
    with translation.override("pl"):
        refusal = translation.gettext("The chosen row does not belong to this offer.")
    assert refusal in text(response.content.decode())
    with scopes_disabled():
        assert CostLine.objects.get(pk=foreign.pk).name == foreign.name


def test_autosave_saves_and_answers_with_the_new_version_and_the_ids_of_new_rows(joint_two_year, client):
    offer, _actor = joint_two_year
    version = section_version(offer, "costs")
    lines = thirty_lines(offer)[:3]

    response = client.post(costs_url(offer), grid_post(offer, lines, autosave="1"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<table" not in html  # the table under the cursor stays as it is
    with translation.override("pl"):
        saved = translation.gettext("Saved %(saved_at)s") % {"saved_at": ""}
    assert re.search(re.escape(saved) + r"\d\d:\d\d:\d\d", text(html))
    assert f'data-version="{version + 1}"' in html
    with scopes_disabled():
        ids = list(CostLine.objects.filter(offer=offer).order_by("order").values_list("pk", flat=True))
    assert re.findall(r'data-id-for="(id_rows-\d-id)" value="(\d+)"', html) == [
        (f"id_rows-{i}-id", str(pk)) for i, pk in enumerate(ids)
    ]


def test_autosave_of_incomplete_rows_saves_nothing_and_lists_the_cells(joint_two_year, client):
    offer, _actor = joint_two_year
    lines = thirty_lines(offer)[:2]
    lines[1]["unit"] = ""

    response = client.post(costs_url(offer), grid_post(offer, lines, autosave="1"))

    html = response.content.decode()
    assert 'data-state="invalid"' in html
    assert 'data-invalid="id_rows-1-unit"' in html
    assert "data-version" not in html
    with scopes_disabled():
        assert CostLine.objects.filter(offer=offer).count() == 3


def test_autosave_after_someone_else_saved_overwrites_nothing(joint_two_year, client):
    offer, actor = joint_two_year
    stale = grid_post(offer, thirty_lines(offer)[:1], autosave="1")
    with scopes_disabled():  # another tab of the same section saves first
        save(
            offer,
            "costs",
            actor,
            rows=[{"category": "admin", "name": "Inny", "unit": "szt.", "unit_cost": 1, "quantity": 1}],
        )

    response = client.post(costs_url(offer), stale)

    html = response.content.decode()
    assert 'data-state="conflict"' in html
    assert "data-version" not in html  # the page keeps its version: only "Save" may replace the other one
    with scopes_disabled():
        assert list(CostLine.objects.filter(offer=offer).values_list("name", flat=True)) == ["Inny"]


def test_sections_show_the_regulation_guidance_tied_to_their_fields(joint_two_year, client):
    offer, _actor = joint_two_year
    expected = {
        "oferenci": "id_f-contact_name",
        "dzialania": "id_rows-0-external_part",
        "rezultaty": "id_rows-0-monitoring",
        "zadanie": "id_f-summary",
    }
    for slug, field_id in expected.items():
        url = reverse("offers:section", kwargs={"tenant_slug": offer.tenant.slug, "pk": offer.pk, "slug": slug})
        html = client.get(url).content.decode()
        hint = re.search(rf'<div class="hint" id="{field_id}_hint">([^<]+)</div>', html)
        assert hint is not None, slug
        widget = re.search(rf'<(?:input|textarea|select) [^>]*id="{field_id}"[^>]*>', html).group(0)
        assert f"{field_id}_hint" in widget, slug
