"""The agreement as a document: every paragraph of the framework agreement (Annex 3 of Dz.U. 2018 poz. 2057)
filled from the agreement's data, amounts in figures and in Polish words, dates written the Polish way and
agreeing with each other, the municipality's letterhead, and the office's notes never in the PDF or the DOCX."""

import datetime as dt
import io
import os
import re
from decimal import Decimal

import pytest
from django.utils import translation
from django_scopes import scopes_disabled
from docx import Document
from docx.shared import Mm
from pypdf import PdfReader

from pozytek.agreements.documents import agreement_document, agreement_text, amount_with_words, written_date
from pozytek.agreements.docx import agreement_docx
from pozytek.core.money import amount_in_words
from pozytek.legal.selectors import legal_days
from tests.agreements.agreement_helpers import ACCOUNT, awarded_grant, signed

pytestmark = pytest.mark.integration

HEADINGS = {
    1: "Subject of the agreement",
    2: "Manner of delivering the public task",
    3: "The grant and its payment",
    4: "Shifts between cost lines",
    5: "Records and documentation",
    6: "Information obligations",
    7: "Control",
    8: "Reports",
    9: "Use and return of the grant",
    10: "Termination by mutual consent",
    11: "Withdrawal by the Contractor",
    12: "Termination by the Contracting Authority",
    13: "Ban on selling things bought with the grant",
    14: "Written form of statements",
    15: "Liability towards third parties",
    16: "Final provisions",
}
LAWYER = "checked by the office's lawyer"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("12345.67", "dwanaście tysięcy trzysta czterdzieści pięć złotych, sześćdziesiąt siedem groszy"),
        ("9000.00", "dziewięć tysięcy złotych, zero groszy"),
        ("1.01", "jeden złoty, jeden grosz"),
        ("22.22", "dwadzieścia dwa złote, dwadzieścia dwa grosze"),
        ("1012.05", "tysiąc dwanaście złotych, pięć groszy"),
        ("1250000.50", "milion dwieście pięćdziesiąt tysięcy złotych, pięćdziesiąt groszy"),
    ],
)
def test_amounts_in_polish_words_whatever_the_language(amount, words):
    with translation.override("en"):
        assert amount_in_words(Decimal(amount)) == words
    with translation.override("pl"):
        assert amount_with_words(Decimal(amount)) == f"{_figures(amount)} zł (słownie: {words})"


def _figures(amount: str) -> str:
    whole, cents = amount.split(".")
    grouped = f"{int(whole):,}".replace(",", "\xa0")
    return f"{grouped},{cents}"


def test_dates_are_written_the_polish_way():
    with translation.override("pl"):
        assert written_date(dt.date(2026, 12, 7)) == "7 grudnia 2026 r."
        assert written_date(dt.date(2027, 3, 1)) == "1 marca 2027 r."
    with translation.override("en"):
        assert written_date(dt.date(2026, 12, 7)) == "7 December 2026"


@pytest.fixture
def agreement(tenant, official):
    tenant.address = "ul. Ratuszowa 1, 00-001 Testowo"
    tenant.office_name = "Urząd Miasta Testowo"
    tenant.save()
    return signed(awarded_grant(tenant, official, requested="8765.43"), official)


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_pdf_has_every_paragraph_filled_in_and_no_office_note(agreement):
    with translation.override("en"), scopes_disabled():
        pdf = agreement_document(agreement).pdf
        text = _pdf_text(pdf)
        words = amount_in_words(Decimal("8765.43"))
    positions = []
    for number, heading in HEADINGS.items():
        found = re.search(rf"§ {number} {re.escape(heading)}", text)
        assert found, (number, heading)
        positions.append(found.start())
    assert positions == sorted(positions), "the paragraphs are in the framework's order"
    assert "§ 17" not in text
    for expected in (
        "Miasto Testowo",  # letterhead and the party
        "ul. Ratuszowa 1, 00-001 Testowo",
        "Urząd Miasta Testowo",
        "U/1/2027",
        "Klub Sportowy",
        "Anna Nowak",
        "Jan Burmistrz",
        "8,765.43 zł (in words: " + words + ")",
        ACCOUNT,
        "10.00%",
        "art. 251",
        "art. 252",
        "Dz.U. 2018 poz. 2057",
        agreement.version.checksum,
        "Agreement no. U/1/2027",  # the footer
    ):
        assert expected in text, expected
    assert LAWYER not in text
    assert "For the office only" not in text


def test_the_polish_pdf_writes_dates_and_words_the_polish_way(agreement):
    with translation.override("pl"), scopes_disabled():
        pdf = agreement_document(agreement).pdf
        text = _pdf_text(pdf)
        dates = [
            written_date(agreement.start_date),
            written_date(agreement.end_date),
            written_date(agreement.grant_use_deadline),
            written_date(agreement.return_deadline),
            written_date(agreement.final_report_due),
        ]
    for date in dates:
        assert re.search(r"^\d{1,2} [a-ząćęłńóśźż]+ \d{4} r\.$", date), date
        assert date in text, date
    if os.environ.get("AGREEMENT_PDF_OUT"):  # to look at it: AGREEMENT_PDF_OUT=/tmp/agreement.pdf
        with open(os.environ["AGREEMENT_PDF_OUT"], "wb") as out:
            out.write(pdf)
    assert "r.." not in text  # a sentence ending on a date has one full stop
    assert "8 765,43 zł (słownie: osiem tysięcy siedemset sześćdziesiąt pięć złotych, czterdzieści trzy grosze)" in text


def test_the_dates_agree_with_each_other_and_with_the_legal_parameters(agreement):
    with translation.override("en"), scopes_disabled():
        text = agreement_text(agreement)
        tenant = agreement.tenant
    end, use = agreement.end_date, agreement.grant_use_deadline
    assert end <= use <= dt.date(end.year, 12, 31)
    assert agreement.return_deadline == use + dt.timedelta(
        days=legal_days("agreement.unused_return_days", tenant=tenant)
    )
    assert agreement.final_report_due == end + dt.timedelta(
        days=legal_days("agreement.final_report_days", tenant=tenant)
    )
    # only the lawyer's note: no date disagrees
    assert len(text.office_notes) == 1 and LAWYER in text.office_notes[0]


def test_a_date_that_disagrees_is_an_office_note_never_printed(agreement):
    agreement.final_report_due = agreement.end_date + dt.timedelta(days=3)
    with translation.override("en"), scopes_disabled():
        text = agreement_text(agreement)
        pdf = _pdf_text(agreement_document(agreement).pdf)
    assert any("final report is not due" in note for note in text.office_notes)
    assert "final report is not due" not in pdf


def test_the_office_page_shows_the_notes(client, official, agreement):
    from django.urls import reverse

    from tests.conftest import login_with_mfa

    login_with_mfa(client, official)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(
        reverse("agreements_office:detail", kwargs={"tenant_slug": agreement.tenant.slug, "pk": agreement.pk})
    ).content.decode()
    assert 'id="agreement-office-notes"' in page
    assert LAWYER.replace("'", "&#x27;") in page


def test_the_docx_is_a4_with_a_footer_page_numbers_and_every_paragraph(agreement):
    with translation.override("en"), scopes_disabled():
        content, name = agreement_docx(agreement)
    assert name.endswith(".docx")
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert "U/1/2027" in "".join(p.text for p in section.footer.paragraphs)
    assert document.styles["Normal"].element.xpath(".//w:lang/@w:val") == ["pl-PL"]
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for number, heading in HEADINGS.items():
        assert f"§ {number}" in text and heading in text, number
    assert amount_in_words(Decimal("8765.43")) in text
    assert ACCOUNT in text and "8,765.43" in cells
    assert "Miasto Testowo" in text and "ul. Ratuszowa 1, 00-001 Testowo" in text
    assert LAWYER not in text and LAWYER not in cells


def test_an_office_template_replaces_the_look_of_the_docx(agreement, tmp_path, settings):
    """A file agreements/documents/agreement.docx in a template directory is the DOCX's starting point: its
    fonts, page and footer stay; the agreement's text is added to it."""
    own = Document()
    own.styles["Normal"].font.name = "Garamond"
    own.sections[0].footer.paragraphs[0].text = "Urząd Miasta Testowo – stopka"
    (tmp_path / "agreements" / "documents").mkdir(parents=True)
    own.save(str(tmp_path / "agreements" / "documents" / "agreement.docx"))
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}]
    with translation.override("en"), scopes_disabled():
        content, _name = agreement_docx(agreement)
    document = Document(io.BytesIO(content))
    assert document.styles["Normal"].font.name == "Garamond"
    assert [p.text for p in document.sections[0].footer.paragraphs] == ["Urząd Miasta Testowo – stopka"]
    assert "§ 16" in "\n".join(p.text for p in document.paragraphs)


def test_the_docx_letterhead_carries_the_uploaded_coat_of_arms(agreement, tmp_path, settings):
    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    image = io.BytesIO()
    Image.new("RGB", (40, 48), (200, 30, 30)).save(image, format="PNG")
    tenant = agreement.tenant
    tenant.coat_of_arms.save("herb.png", ContentFile(image.getvalue()), save=True)
    with translation.override("en"), scopes_disabled():
        content, _name = agreement_docx(agreement)
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 1
    assert document.paragraphs[1].text == "Miasto Testowo"  # the name under the coat of arms


def test_a_multi_year_agreement_prints_its_years_partial_reports_and_the_year_end_return(tenant, official):
    agreement = signed(awarded_grant(tenant, official, multi_year=True), official)
    with translation.override("pl"), scopes_disabled():
        text = agreement_text(agreement)
        pdf = _pdf_text(agreement_document(agreement).pdf)
        years = list(agreement.years.order_by("year"))
        january = dt.date(years[0].year, 12, 31) + dt.timedelta(
            days=legal_days("agreement.year_unused_return_days", tenant=tenant)
        )
        partial = written_date(years[0].partial_report_due)
    assert [after_table for _n, after_table in text.clauses[2].tables] == ["tranches", "years"]
    for year in years:
        assert str(year.year) in pdf
    assert years[0].partial_report_due is not None
    assert partial in pdf
    assert f"{january.day} stycznia" in pdf  # 31 December + the legal parameter's days
    assert len(text.office_notes) == 1  # no date disagrees
