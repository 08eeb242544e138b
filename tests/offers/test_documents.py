"""The offer (Annex 1 of Dz.U. 2018 poz. 2057), the confirmation of submission and its e-mail.

The PDFs are read back with pypdf. Labels are not asserted (the Polish catalogue is filled
separately): only the offer's own data, its sums as printed in Polish ("10 500,00") and the
checksum. Whitespace is normalised because Polish number formatting groups thousands with a
non-breaking space and long checksums wrap.
"""

import copy
import datetime as dt
import io
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django_scopes import scopes_disabled
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from pozytek.documents import services as documents
from pozytek.offers import services
from pozytek.offers.documents import confirmation_document, offer_document
from pozytek.offers.snapshot import offer_snapshot
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
SHA_A = "a" * 63 + "1"
SHA_B = "b" * 63 + "2"


@pytest.fixture(autouse=True)
def _polish():
    with translation.override("pl"):
        yield


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with every run of whitespace (incl. non-breaking spaces) as one space."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def no_spaces(text: str) -> str:
    return "".join(text.split())


def captions(html: str) -> list[str]:
    return [" ".join(c.split()) for c in re.findall(r"<caption>(.*?)</caption>", html, flags=re.S)]


def tables(html: str) -> list[str]:
    return re.findall(r"<table.*?</table>", html, flags=re.S)


def header_cells(table: str) -> int:
    return len(re.findall(r"<th[\s>]", re.search(r"<thead>.*?</thead>", table, flags=re.S).group(0)))


def line(no, name, unit, unit_cost, quantity, total, years, offeror=""):
    return {
        "no": no,
        "name": name,
        "unit": unit,
        "unit_cost": unit_cost,
        "quantity": quantity,
        "total": total,
        "years": years,
        "offeror": offeror,
    }


def sources(total, grant, own_financial, own_personal):
    own_total = f"{float(own_financial) + float(own_personal):.2f}"
    rows = [
        ("1", "total", total),
        ("2", "grant", grant),
        ("3", "own_total", own_total),
        ("3.1", "own_financial", own_financial),
        ("3.2", "own_non_financial", own_personal),
        ("3.2.1", "own_personal", own_personal),
        ("3.2.2", "own_in_kind", "0.00"),
        ("4", "beneficiary_fees", "0.00"),
        ("5", "other_public_funds", "0.00"),
    ]
    return [
        {"no": no, "key": key, "value": value, "share": f"{100 * float(value) / float(total):.2f}"}
        for no, key, value in rows
    ]


def joint_snapshot() -> dict:
    """A joint offer of two offerors over 2027–2028, costs 10 500 zł split 8 500 / 2 000."""
    lead, partner = "Fundacja Zielony Zakątek", "Stowarzyszenie Biegaczy Warty"
    return {
        "format": "pozytek.offer/1",
        "template": "Dz.U. 2018 poz. 2057, załącznik nr 1",
        "offer_id": 41,
        "version": None,
        "submitted_at": None,
        "authority": "Miasto Testowo",
        "call": {
            "id": 7,
            "number": "12/2027",
            "title": "Aktywne osiedla",
            "task_type": "Upowszechnianie kultury fizycznej",
            "mode": "support",
        },
        "joint": True,
        "offerors": [
            {
                "name": lead,
                "legal_form": "fundacja",
                "register_number": "KRS 0000111222",
                "address": "ul. Długa 1, 60-001 Poznań",
                "correspondence_address": "",
                "website": "https://zielony.example.org",
                "email": "biuro@zielony.example.org",
                "phone": "61 000 11 22",
            },
            {
                "name": partner,
                "legal_form": "stowarzyszenie",
                "register_number": "KRS 0000333444",
                "address": "ul. Krótka 2, 60-002 Poznań",
                "correspondence_address": "skr. poczt. 5, 60-003 Poznań",
                "website": "",
                "email": "warta@example.org",
                "phone": "",
            },
        ],
        "contact": {"name": "Anna Kontaktowa", "phone": "600 100 200", "email": "anna@zielony.example.org"},
        "task": {
            "title": "Biegiem przez osiedla",
            "start_date": "2027-03-01",
            "end_date": "2028-06-30",
            "summary": "Treningi biegowe dla mieszkańców osiedli Rataje i Winogrady.",
            "expected_results": "Stu mieszkańców biega regularnie.",
        },
        "years": [2027, 2028],
        "actions": [
            {
                "year": 2027,
                "name": "Treningi jesienne",
                "description": "Dwa treningi w tygodniu",
                "target_group": "dorośli mieszkańcy",
                "period": "IX–XII",
                "external_part": "",
                "offeror": lead,
            },
            {
                "year": 2028,
                "name": "Bieg finałowy",
                "description": "Bieg na 5 km",
                "target_group": "rodziny",
                "period": "VI",
                "external_part": "pomiar czasu (firma zewnętrzna)",
                "offeror": partner,
            },
        ],
        "results": [{"name": "Uczestnicy treningów", "target": "100 osób", "monitoring": "listy obecności"}],
        "characteristics": {"previous_activity": "Od 2015 r. organizujemy biegi.", "resources": "Trzech trenerów."},
        "costs": {
            "groups": [
                {
                    "no": "I.1",
                    "label": "Treningi jesienne",
                    "lines": [
                        line(
                            "I.1.1",
                            "Wynagrodzenie trenera",
                            "godz.",
                            "80.00",
                            "100.00",
                            "8000.00",
                            ["4000.00", "4000.00"],
                            lead,
                        ),
                    ],
                    "total": "8000.00",
                    "years": ["4000.00", "4000.00"],
                },
                {
                    "no": "I.2",
                    "label": "Bieg finałowy",
                    "lines": [
                        line(
                            "I.2.1",
                            "Pomiar czasu",
                            "usługa",
                            "2000.00",
                            "1.00",
                            "2000.00",
                            ["0.00", "2000.00"],
                            partner,
                        ),
                    ],
                    "total": "2000.00",
                    "years": ["0.00", "2000.00"],
                },
            ],
            "actions_total": "10000.00",
            "actions_years": ["4000.00", "6000.00"],
            "admin": {
                "no": "II",
                "label": "",
                "lines": [
                    line("II.1", "Koordynacja", "miesiąc", "50.00", "10.00", "500.00", ["250.00", "250.00"], lead)
                ],
                "total": "500.00",
                "years": ["250.00", "250.00"],
            },
            "total": "10500.00",
            "years_total": ["4250.00", "6250.00"],
        },
        "sources": sources("10500.00", "9000.00", "1000.00", "500.00"),
        "split": [
            {"offeror": lead, "total": "8500.00", "years": ["4250.00", "4250.00"]},
            {"offeror": partner, "total": "2000.00", "years": ["0.00", "2000.00"]},
        ],
        "other": {
            "paid_activity": "free",
            "joint_arrangements": "Fundacja prowadzi treningi, stowarzyszenie organizuje bieg.",
            "other_info": "",
        },
        "statements": {
            "public_benefit": True,
            "fees": True,
            "tax_arrears": False,
            "social_insurance_arrears": False,
            "register": True,
            "true": True,
            "gdpr": True,
        },
        "attachments": [
            {"label": "Statut", "name": "statut-fundacji.pdf", "size": 20480, "sha256": SHA_A},
            {"label": "Umowa partnerska", "name": "umowa.pdf", "size": 1536, "sha256": SHA_B},
        ],
    }


def single_snapshot() -> dict:
    """One offeror, one year (2027), costs 3 250 zł."""
    s = copy.deepcopy(joint_snapshot())
    s.update(
        joint=False,
        offerors=s["offerors"][:1],
        years=[2027],
        task={**s["task"], "title": "Zdrowy kręgosłup", "start_date": "2027-04-01", "end_date": "2027-10-31"},
        actions=[{**s["actions"][0], "name": "Gimnastyka korekcyjna", "offeror": ""}],
        results=[],
        split=[],
        sources=sources("3250.00", "3000.00", "250.00", "0.00"),
        other={"paid_activity": "paid", "joint_arrangements": "", "other_info": "Zajęcia w szkole nr 3."},
        attachments=[{"label": "Statut", "name": "statut.pdf", "size": 20480, "sha256": SHA_A}],
    )
    s["costs"] = {
        "groups": [
            {
                "no": "I.1",
                "label": "Gimnastyka korekcyjna",
                "lines": [line("I.1.1", "Fizjoterapeuta", "godz.", "120.00", "25.00", "3000.00", ["3000.00"], "")],
                "total": "3000.00",
                "years": ["3000.00"],
            }
        ],
        "actions_total": "3000.00",
        "actions_years": ["3000.00"],
        "admin": {
            "no": "II",
            "label": "",
            "lines": [line("II.1", "Obsługa księgowa", "usługa", "250.00", "1.00", "250.00", ["250.00"], "")],
            "total": "250.00",
            "years": ["250.00"],
        },
        "total": "3250.00",
        "years_total": ["3250.00"],
    }
    return s


def test_joint_two_year_offer_prints_every_section():
    s = joint_snapshot()
    document = offer_document(s)
    text = pdf_text(document.pdf)

    assert document.pdf.startswith(b"%PDF")
    for value in (
        "Miasto Testowo",
        "12/2027",
        "Aktywne osiedla",
        "Upowszechnianie kultury fizycznej",
        "Biegiem przez osiedla",
        "Fundacja Zielony Zakątek",
        "Stowarzyszenie Biegaczy Warty",
        "KRS 0000333444",
        "skr. poczt. 5, 60-003 Poznań",
        "Anna Kontaktowa",
        "2027-03-01",
        "2028-06-30",
        "Treningi biegowe dla mieszkańców osiedli Rataje i Winogrady.",
        "Treningi jesienne",
        "Bieg finałowy",
        "pomiar czasu (firma zewnętrzna)",
        "Stu mieszkańców biega regularnie.",
        "Uczestnicy treningów",  # III.6 results table
        "listy obecności",
        "Od 2015 r. organizujemy biegi.",
        "Wynagrodzenie trenera",
        "Koordynacja",
        "Fundacja prowadzi treningi, stowarzyszenie organizuje bieg.",
    ):
        assert value in text, value
    assert "statut-fundacji.pdf" in no_spaces(text)  # a narrow column may wrap the file name
    assert "umowa.pdf" in no_spaces(text)
    # V.A: line, groups, action sum, administration, total and the year columns, in Polish format
    for amount in ("8 000,00", "2 000,00", "10 000,00", "500,00", "10 500,00", "4 250,00", "6 250,00", "6 000,00"):
        assert amount in text, amount
    # V.B sources with shares
    assert "9 000,00 zł" in text
    assert "85,71%" in text
    # V.C split between the offerors: the lead's 8 500 zł appears nowhere else
    assert "8 500,00" in text
    # Attachments' checksums in full
    assert SHA_A in no_spaces(text)
    assert SHA_B in no_spaces(text)


def test_two_year_offer_has_a_plan_per_year_and_year_columns():
    document = offer_document(joint_snapshot())
    html = document.html
    year_captions = [c for c in captions(html) if "2027" in c or "2028" in c]
    assert len(year_captions) == 2
    assert "2027" in year_captions[0]
    assert "2028" in year_captions[1]
    # Each action sits in its own year's table, numbered from 1 in each.
    first_table, second_table = tables(html)[1:3]
    assert "Treningi jesienne" in first_table and "Bieg finałowy" not in first_table
    assert "Bieg finałowy" in second_table and "Treningi jesienne" not in second_table
    # The joint offer's action tables name the offeror responsible.
    assert "Stowarzyszenie Biegaczy Warty" in second_table
    # V.A has a column per calendar year: No., type, unit, unit cost, units, total, 2027, 2028, offeror.
    costs = next(table for table in tables(html) if "Wynagrodzenie trenera" in table)
    assert header_cells(costs) == 9
    assert "(2027)" in costs and "(2028)" in costs
    assert header_cells(first_table) == 7  # with the offeror responsible for the action


def test_joint_and_single_offer_tables():
    joint = offer_document(joint_snapshot()).html
    single_doc = offer_document(single_snapshot())
    single = single_doc.html
    # offerors, 2 yearly plans, results, V.A, V.B, V.C, attachments
    assert joint.count("<table") == 8
    # offerors, 1 plan, V.A, V.B, attachments: no results table, no V.C
    assert single.count("<table") == 5
    # Only the joint offer has the offeror column in the action plan and V.A
    plan, costs = tables(single)[1:3]
    assert header_cells(plan) == 6  # no offeror column
    assert header_cells(costs) == 7  # No., type, unit, unit cost, units, total, 2027

    text = pdf_text(single_doc.pdf)
    for value in ("Zdrowy kręgosłup", "Fundacja Zielony Zakątek", "Gimnastyka korekcyjna", "Fizjoterapeuta"):
        assert value in text
    assert "Stowarzyszenie Biegaczy Warty" not in text
    for amount in ("3 000,00", "250,00", "3 250,00"):
        assert amount in text
    assert "2028" not in text


def test_headings_are_in_order_and_markup_has_no_inline_style():
    for html in (offer_document(joint_snapshot(), draft=True).html, offer_document(single_snapshot()).html):
        levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
        assert levels.count(1) == 1
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
        assert " style=" not in html
        assert "<script" not in html
        assert not re.search(r"<[^>]*\son\w+=", html)
        assert html.count("<table") == html.count("<caption>")
        assert '<th scope="' in html
        assert not re.search(r"<th(?!ead)(?![^>]*scope=)[^>]*>", html)


def test_draft_banner_only_for_drafts():
    s = joint_snapshot()
    draft = offer_document(s, draft=True)
    final = offer_document(s)
    assert 'class="offer-draft"' in draft.html
    assert 'class="offer-draft"' not in final.html
    draft_text, final_text = pdf_text(draft.pdf), pdf_text(final.pdf)
    assert len(draft_text) > len(final_text)
    assert "Biegiem przez osiedla" in draft_text


def test_submitted_version_footer_shows_version_time_and_checksum():
    s = joint_snapshot()
    s.update(version=3, submitted_at="2027-02-10T10:15:30.123456+00:00")
    checksum = "c0ffee" + "0" * 58
    document = offer_document(s, checksum=checksum)
    text = pdf_text(document.pdf)
    assert checksum in no_spaces(text)
    assert "10 lutego 2027, 11:15:30" in text  # 10:15:30 UTC is 11:15:30 in Warsaw (CET)
    assert document.filename.endswith("-v3.pdf")

    without = offer_document(s)
    assert checksum not in no_spaces(pdf_text(without.pdf))


LONG_EMAIL = "sekretariat.zarzadu.fundacji@zielony-zakatek-na-osiedlach-poznania.example.org"
LONG_URL = "https://www.zielony-zakatek-na-osiedlach-poznania.example.org/o-nas/statut_i_sprawozdania_2026"
LONG_FILE = "sprawozdanie_merytoryczne_i_finansowe_za_rok_2025_podpisane_elektronicznie.pdf"


def with_long_strings_and_large_amounts(s: dict) -> dict:
    """The snapshot with unbroken e-mail, URL and file name, and sums in the tens of millions."""
    s = copy.deepcopy(s)
    s["offerors"][0].update(email=LONG_EMAIL, website=LONG_URL)
    s["attachments"][0]["name"] = LONG_FILE
    rows = [*s["costs"]["groups"], *[line for g in s["costs"]["groups"] for line in g["lines"]], s["costs"]["admin"]]
    for row in [*rows, *s["costs"]["admin"]["lines"]]:
        row["total"] = "99999999.99"
        row["years"] = ["99999999.99"] * len(s["years"])
        if "unit_cost" in row:
            row.update(unit_cost="9999999.99", quantity="99999.99")
    return s


def printed_boxes(html: str) -> list:
    """The printed pages' boxes, laid out with the documents' stylesheet and fonts."""
    stylesheet, font_config, url_fetcher = documents._printer.prepared()
    printed = HTML(string=html, base_url="/", url_fetcher=url_fetcher).render(
        stylesheets=[stylesheet], font_config=font_config
    )
    return [page._page_box for page in printed.pages]


def text_outside(page) -> list[str]:
    """Text reaching past its table cell or the page's content box (text clipped by its box excepted)."""
    right_edge = page.content_box_x() + page.width
    found = []

    def walk(box, cell, clipped):
        clipped = clipped or box.style["overflow"] == "hidden"
        cell = box if isinstance(box, boxes.TableCellBox) else cell
        if isinstance(box, boxes.TextBox) and box.text.strip() and not clipped:
            right = box.position_x + box.width
            if right > right_edge + 0.01 or (cell and right > cell.position_x + cell.border_width() + 0.01):
                found.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child, cell, clipped)

    walk(page, None, False)
    return found


def descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)


def one_year_joint_snapshot() -> dict:
    """The one-year offer made jointly: the widest cost table printed with fixed column widths."""
    s = single_snapshot()
    joint = joint_snapshot()
    s.update(joint=True, offerors=joint["offerors"], split=[{**joint["split"][0], "years": ["3250.00"]}])
    for row in [*s["costs"]["groups"][0]["lines"], *s["costs"]["admin"]["lines"]]:
        row["offeror"] = joint["offerors"][1]["name"]
    return s


@pytest.mark.parametrize("snapshot", [single_snapshot, one_year_joint_snapshot], ids=["single", "joint"])
def test_long_strings_wrap_in_their_cells_and_amounts_stay_on_one_line(snapshot):
    html = offer_document(with_long_strings_and_large_amounts(snapshot()), checksum=SHA_B).html

    pages = printed_boxes(html)
    printed = [box for page in pages for box in descendants(page)]

    assert [text for page in pages for text in text_outside(page)] == []
    amounts = [
        box
        for box in printed
        if isinstance(box, boxes.TableCellBox) and "offer-number" in (box.element.get("class") or "")
    ]
    assert amounts
    assert all(len(cell.children) == 1 for cell in amounts)  # one line each
    assert "99\xa0999\xa0999,99" in " ".join(box.text for box in printed if isinstance(box, boxes.TextBox))
    # Every table has fixed column widths (the automatic layout measures every cell before laying it out).
    assert {box.style["table_layout"] for box in printed if isinstance(box, boxes.TableBox)} == {"fixed"}


def test_offer_document_from_a_real_snapshot(tenant):
    today = timezone.localdate()
    call = PublishedCallFactory(
        tenant=tenant,
        delivery_start=dt.date(today.year + 1, 3, 1),
        delivery_end=dt.date(today.year + 2, 6, 30),
    )
    offer, _actor = complete_offer(call, joint=True, multi_year=True)
    with scopes_disabled():
        snapshot = offer_snapshot(offer)
    document = offer_document(snapshot, draft=True)
    text = pdf_text(document.pdf)
    assert "Sportowe wakacje" in text
    for offeror in snapshot["offerors"]:
        assert offeror["name"] in text
    assert "10 500,00" in text
    assert "8 500,00" in text  # V.C: the lead's share (8 000 + 500)
    years = [c for c in captions(document.html) if str(today.year + 1) in c or str(today.year + 2) in c]
    assert len(years) == 2


def submitted_version(tenant):
    call = PublishedCallFactory(tenant=tenant)
    offer, actor = complete_offer(call)
    with scopes_disabled():
        version = services.submit_offer(offer=offer, actor=actor)
    return version, actor


def test_confirmation_of_submission(tenant):
    version, actor = submitted_version(tenant)
    with scopes_disabled():
        document = confirmation_document(version)
        offeror = version.snapshot["offerors"][0]["name"]
    text = pdf_text(document.pdf)

    assert version.checksum in no_spaces(text)
    assert "Sportowe wakacje" in text
    assert offeror in text
    assert tenant.name in text
    assert version.snapshot["call"]["title"] in text
    assert "10 500,00 zł" in text  # total costs
    assert "9 000,00 zł" in text  # planned grant
    warsaw = version.submitted_at.astimezone(WARSAW)
    assert warsaw.strftime("%Y, %H:%M:%S") in text  # to the second, in Warsaw time
    assert actor.email in text
    for attachment in version.snapshot["attachments"]:
        assert attachment["sha256"] in no_spaces(text)
    assert document.html.count("<h1") == 1


def test_submission_mails_the_confirmation_to_the_submitter(tenant, django_capture_on_commit_callbacks, mailoutbox):
    call = PublishedCallFactory(tenant=tenant)
    offer, actor = complete_offer(call)
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        version = services.submit_offer(offer=offer, actor=actor)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert actor.email in message.to
    assert "Sportowe wakacje" in message.subject
    assert version.checksum in message.body
    warsaw = version.submitted_at.astimezone(WARSAW)
    assert warsaw.strftime("%H:%M:%S") in message.body
    pdfs = [a for a in message.attachments if a[2] == "application/pdf"]
    assert len(message.attachments) == 1
    assert len(pdfs) == 1
    name, content, _mimetype = pdfs[0]
    assert name.endswith(".pdf")
    assert version.checksum in no_spaces(pdf_text(content))
