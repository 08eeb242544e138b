import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation
from django_scopes import scope
from docx import Document

from pozytek.core.record_kinds import Cooperation, Measure
from pozytek.programmes import documents, docx
from pozytek.programmes.selectors import realisation
from tests.programmes.helpers import registered
from tests.programmes.report_helpers import activity, adopted_programme, draft_report, published_report

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def _rows(content: bytes) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in Document(io.BytesIO(content)).tables for row in t.rows]


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("100000.00", "sto tysięcy złotych, zero groszy"),
        ("2.05", "dwa złote, pięć groszy"),
        ("1250000.50", "milion dwieście pięćdziesiąt tysięcy złotych, pięćdziesiąt groszy"),
    ],
)
def test_amount_in_words_is_polish_whatever_the_language(amount, words):
    assert documents.amount_in_words(Decimal(amount)) == words


def test_values_are_written_as_polish_documents_write_them():
    with translation.override("pl"):
        written = (
            documents.day("2026-11-30"),
            documents.money("12500.5"),
            documents.figure("3.00"),
            documents.figure("12.50"),
            documents.money(None),
        )

    assert written == ("30 listopada 2026", "12\xa0500,50", "3", "12,50", "—")


def test_programme_document_builds_the_matrix_and_groups_tasks_by_sphere(tenant, official):
    programme = adopted_programme(tenant, official)

    with scope(tenant=tenant):
        doc = documents.programme_context(programme)["programme_doc"]

    assert [(row["goal"]["number"], [f["number"] for f in row["forms"]]) for row in doc["matrix"]] == [
        (1, [1, 2]),
        (2, [2]),
    ]
    assert [(s["name"], [t["title"] for t in s["tasks"]], s["total"]) for s in doc["spheres"]] == [
        (doc["priority_tasks"][0]["sphere_name"], ["Wsparcie seniorów"], Decimal("50000.00"))
    ]
    assert (doc["tasks_total"], doc["resolution_date"]) == (Decimal("50000.00"), dt.date(2025, 11, 20))


def test_realisation_document_keeps_financial_and_non_financial_apart(tenant, official):
    programme = adopted_programme(tenant, official)

    with scope(tenant=tenant), translation.override("pl"):
        doc = documents.realisation_document(realisation(programme, 2026))

    assert {k["cooperation"] for k in doc["financial_kinds"]} <= {"financial"}
    assert "other_activity" in [k["key"] for k in doc["non_financial_kinds"]]
    assert all(row["printed"] == "0,00" for row in doc["financial"] if row["unit"] == "pln")
    assert [g["number"] for g in doc["goals_without_activity"]] == [1, 2]  # nothing by the end of September


def test_counted_figures_are_written_in_full_not_as_exponents(tenant, official):
    figure = Measure(
        key="test_hundreds",
        label="Hundreds",
        cooperation=Cooperation.NON_FINANCIAL,
        compute=lambda tenant, year: Decimal("300.00"),
    )
    programme = adopted_programme(tenant, official)

    with registered(figure), scope(tenant=tenant), translation.override("pl"):
        data = realisation(programme, 2026)
        printed = documents.realisation_document(data)["non_financial"]
        frozen_earlier = documents.realisation_document(
            {**data, "non_financial": [{"unit": "count", "value": "1.7E+3"}]}
        )

    assert [(row["value"], row["printed"]) for row in printed if row["key"] == figure.key] == [("300", "300")]
    assert frozen_earlier["non_financial"][0]["printed"] == "1\xa0700"


def test_report_context_orders_the_narrative_by_section_and_drops_empty_ones(tenant, official):
    programme = adopted_programme(tenant, official)
    report = draft_report(
        tenant, official, programme, narrative={"conclusions": "Wnioski.", "introduction": "Wstęp.", "goals": ""}
    )

    with scope(tenant=tenant):
        context = documents.report_context(report)

    assert [s["key"] for s in context["sections"]] == ["introduction", "conclusions"]
    assert (context["is_published"], context["title"]) == (
        False,
        "Report on the realisation of “Program współpracy na rok 2026” in 2026",
    )


def test_published_report_reads_the_snapshot_not_the_records(tenant, official):
    programme = adopted_programme(tenant, official)
    report = published_report(tenant, official, programme)
    activity(tenant, official, programme, title="Później")

    with scope(tenant=tenant):
        frozen = documents.report_context(report)["realisation"]
        live = documents.realisation_document(realisation(programme, 2026))

    assert [len(f["records"]) for f in frozen["forms"]] == [0, 0]
    assert [len(f["records"]) for f in live["forms"]] == [0, 1]


def test_programme_docx_has_the_elements_in_the_acts_order(tenant, official):
    programme = adopted_programme(tenant, official)

    with scope(tenant=tenant):
        content = docx.programme_docx(documents.programme_context(programme)["programme_doc"])

    headings = [
        p.text for p in Document(io.BytesIO(content)).paragraphs if p.style.name == "Heading 2" and p.text[0].isdigit()
    ]
    assert [h.split(".")[0] for h in headings] == [str(n) for n in range(1, 12)]
    assert "100,000.00 zł (in words: sto tysięcy złotych, zero groszy)." in _paragraphs(content)


def test_report_docx_lists_records_under_their_form_with_the_checksum(tenant, official):
    programme = adopted_programme(tenant, official)
    activity(tenant, official, programme, title="Forum organizacji")
    report = published_report(tenant, official, programme)

    with scope(tenant=tenant):
        content = docx.report_docx(documents.report_context(report))

    label = next(k["label"] for k in report.snapshot["realisation"]["kinds"] if k["key"] == "other_activity")
    assert ["15.03.2026", label, "Forum organizacji", "—"] in _rows(content)  # the label as frozen, in Polish
    assert any(report.checksum in p for p in _paragraphs(content))
