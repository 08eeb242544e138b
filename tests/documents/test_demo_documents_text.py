"""Every document of the demo, printed and read back (pypdf): the municipality's letterhead on its first page and
every element of its official template: headings, signature labels, amounts in words and Polish dates.

The demo is loaded once for the module (about 3 s) and every document is printed once (about 10 s in all); the
tests then read the texts. Labels added after the Polish catalogue was written are looked up with gettext, so a
test holds before and after their translation.
"""

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext, pgettext
from django_scopes import scopes_disabled
from pypdf import PdfReader

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

ORDER_NUMBER = "ZP/0042/2026"
RESULTS = [
    {"name": "Przeszkoleni wolontariusze", "target": "40 osób", "monitoring": "listy obecności"},
    {"name": "Obsłużone wydarzenia", "target": "10 wydarzeń", "monitoring": "sprawozdania koordynatorki"},
]
ORDER_DATE = dt.date(2026, 5, 4)


@dataclass(frozen=True)
class Printed:
    """A printed document's text, whitespace folded (lines wrap differently per layout)."""

    first_page: str
    text: str
    sizes: frozenset[tuple[int, int]]  # every page's width and height in points


def _printed(pdf: bytes) -> Printed:
    pages = PdfReader(io.BytesIO(pdf)).pages
    texts = [" ".join(page.extract_text().split()) for page in pages]
    sizes = frozenset((round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages)
    return Printed(first_page=texts[0], text=" ".join(texts), sizes=sizes)


def _g(message: str, context: str = "") -> str:
    """A label as the document prints it in Polish (the msgid until the catalogue translates it)."""
    return " ".join((pgettext(context, message) if context else gettext(message)).split())


def _print_everything() -> dict[str, object]:
    # Imported here: the app registry is ready only once pytest-django has set Django up.
    from pozytek.agreements.documents import agreement_document
    from pozytek.agreements.models import Agreement
    from pozytek.competitions.models import Call
    from pozytek.consultations.documents import BODY as CONSULTATION_BODY
    from pozytek.consultations.documents import report_context as consultation_context
    from pozytek.consultations.documents import report_title as consultation_title
    from pozytek.consultations.models import Consultation
    from pozytek.councils.documents import minutes_document
    from pozytek.councils.models import BodyMeeting
    from pozytek.documents.services import render_document
    from pozytek.evaluation.documents import protocol_context, protocol_document, results_document
    from pozytek.evaluation.models import Commission
    from pozytek.offers.documents import confirmation_document, offer_document
    from pozytek.offers.models import OfferVersion
    from pozytek.programmes.documents import programme_pdf
    from pozytek.programmes.documents import report_pdf as programme_report_pdf
    from pozytek.programmes.models import Programme, RealisationReport
    from pozytek.reports.documents import report_document
    from pozytek.reports.models import Report

    commission = Commission.objects.select_related("call__tenant").get(result__isnull=False)
    call = commission.call
    tenant = call.tenant
    Call.objects.filter(pk=call.pk).update(order_number=ORDER_NUMBER, order_date=ORDER_DATE)
    call.refresh_from_db()
    versions = list(OfferVersion.objects.filter(offer__call=call, offer__state="awarded").order_by("pk"))
    # The one whose offer filled in III.6, if any did (the snapshot's results are frozen with it)
    version = next((v for v in versions if v.snapshot.get("results")), versions[-1])
    agreement = Agreement.objects.filter(tenant=tenant, state="signed").order_by("pk").first()
    report = Report.objects.filter(tenant=tenant, state="accepted").order_by("pk").first()
    meeting = BodyMeeting.objects.filter(body__tenant=tenant).exclude(minutes="").first()
    consultation = Consultation.objects.filter(tenant=tenant, state="reported").first()
    programme = Programme.objects.filter(tenant=tenant, state="in_force").first()
    realisation = RealisationReport.objects.filter(programme__tenant=tenant, state="published").first()
    documents = {
        "call_announcement": render_document(
            "competitions/documents/call_announcement.html", {"call": call, "tenant": tenant}, title="Ogłoszenie"
        ),
        "offer": offer_document(version.snapshot, checksum=version.checksum, tenant=tenant),
        # The demo's offers leave III.6 empty: the same offer as a draft with results, as the generator holds them.
        "offer_with_results": offer_document({**version.snapshot, "results": RESULTS}, draft=True, tenant=tenant),
        "confirmation": confirmation_document(version),
        "agreement": agreement_document(agreement),
        "report": report_document(report),
        "protocol": protocol_document(commission),
        "results": results_document(call, call.decision),
        "minutes": minutes_document(meeting),
        "consultation_report": render_document(
            CONSULTATION_BODY, consultation_context(consultation), title=consultation_title(consultation)
        ),
        "programme": programme_pdf(programme),
        "programme_report": programme_report_pdf(realisation),
        "contact_card": render_document("tenants/documents/contact_card.html", {"tenant": tenant}, title="Kontakt"),
    }
    facts = {
        "tenant": tenant,
        "snapshot": version.snapshot,
        "agreement": agreement,
        "report": report,
        "members": protocol_context(commission)["members"],
        "signing_council_members": {
            row.member.role: row.member.full_name
            for row in meeting.attendance.select_related("member")
            if row.present and row.member.role in ("chair", "secretary")
        },
    }
    return {
        "printed": {name: _printed(doc.pdf) for name, doc in documents.items()},
        "pdfs": {name: doc.pdf for name, doc in documents.items()},
        **facts,
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded and every document printed in Polish, in one transaction rolled back afterwards."""
    with django_db_blocker.unblock(), translation.override("pl"), scopes_disabled(), transaction.atomic():
        call_command("load_demo_data", quiet=True)
        printed = _print_everything()
        transaction.set_rollback(True)
    return printed


@pytest.fixture(autouse=True)
def polish():
    with translation.override("pl"):
        yield


DOCUMENTS = [
    "call_announcement",
    "offer",
    "confirmation",
    "agreement",
    "report",
    "protocol",
    "results",
    "minutes",
    "consultation_report",
    "programme",
    "programme_report",
    "contact_card",
]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_document_opens_with_the_municipalitys_letterhead(demo, name):
    tenant = demo["tenant"]
    printed = demo["printed"][name]

    assert printed.first_page.startswith(tenant.name), printed.first_page[:200]
    assert " ".join(tenant.address.split()) in printed.first_page


def test_the_call_announcement_is_the_annex_to_the_order_and_has_every_element_of_art_13(demo):
    text = demo["printed"]["call_announcement"].first_page + demo["printed"]["call_announcement"].text
    annex = _g("Annex to order No. %(number)s of %(date)s") % {
        "number": ORDER_NUMBER,
        "date": formats.date_format(ORDER_DATE, "j E Y"),
    }

    assert annex in demo["printed"]["call_announcement"].first_page
    assert "4 maja 2026" in annex  # the month in the genitive, as a Polish document writes dates
    for heading in (
        "1. Type of task",
        "2. Public funds for the task",
        "3. Rules for awarding grants",
        "4. Deadlines and conditions of delivery",
        "5. Offer deadline",
        "6. Procedure, criteria and deadline for the choice of offers",
        "7. The same tasks this year and last year, with their costs",
        "Criteria for choosing offers",
        "Required attachments",
    ):
        assert _g(heading) in text, heading


def test_the_offer_prints_every_section_of_annex_1_with_addresses_results_and_the_signature(demo):
    text = demo["printed"]["offer"].text
    snapshot = demo["snapshot"]

    for heading in (
        "I. Basic information about the offer",
        "II. Data of the offeror(s)",
        "1. Name, legal form, register number, addresses and contact details of the offeror(s)",
        "2. Details of the person authorised to give explanations about the offer (name, telephone number, "
        "e-mail address, etc.)",
        "III. Description of the task",
        "4. Plan and schedule of actions",
        "5. Expected results",
        "6. Additional information on results",
        "IV. Characteristics of the offeror(s)",
        "V. Calculation of the expected costs",
        "V.A Summary of the costs of the task",
        "V.B Sources of financing of the costs of the task",
        "VI. Other information",
        "VII. Statements",
        "Date and signature of the person authorised, or signatures of the persons authorised, to make "
        "declarations of will on behalf of the offeror(s)",
    ):
        assert _g(heading) in text, heading
    for offeror in snapshot["offerors"]:
        assert offeror["address"] and " ".join(offeror["address"].split()) in text  # street, number, code, town
    assert snapshot["results"] or _g("not applicable") in text.split(_g("6. Additional information on results"))[1]
    with_results = demo["printed"]["offer_with_results"].text.split(_g("6. Additional information on results"))[1]
    for result in RESULTS:
        for value in result.values():
            assert value in with_results.split(_g("IV. Characteristics of the offeror(s)"))[0], value
    assert snapshot["contact"]["name"] in text and snapshot["contact"]["email"] in text


def test_the_confirmation_names_the_offer_and_its_checksum(demo):
    text = demo["printed"]["confirmation"].text

    assert _g("Confirmation of submission of an offer") in text
    assert demo["snapshot"]["task"]["title"] in text


def test_the_agreement_has_its_paragraphs_parties_amounts_in_words_and_signatures(demo):
    text = demo["printed"]["agreement"].text
    agreement = demo["agreement"]

    for number in range(1, 17):
        assert f"§ {number} " in text, number
    assert agreement.number in text
    assert "słownie" in text or "in words" in text
    assert " r." in text  # "7 grudnia 2026 r."
    for party in agreement.parties:
        assert " ".join(party["name"].split()) in text
    assert _g("For the Contracting Authority") in text and _g("For the Contractor") in text
    assert text.count(demo["tenant"].name) >= 2  # the letterhead and the party


def test_the_report_has_the_parts_of_annex_5_polish_dates_and_the_signature_block(demo):
    text = demo["printed"]["report"].text
    report = demo["report"]

    for heading in (
        "Part I. Narrative report",
        "Part II. Financial report",
        "Part III. Additional information",
        "Statements",
        "Signature of the person authorised, or signatures of the persons authorised, to make declarations of will "
        "on behalf of the Contractor",
        "Date",
    ):
        assert _g(heading) in text, heading
    assert formats.date_format(report.period_start, "j E Y") in text


def test_the_protocol_has_the_ranking_table_and_a_signature_for_every_member(demo):
    text = demo["printed"]["protocol"].text

    for heading in (
        "Protocol of the work of the competition commission",
        "Composition of the commission",
        "Ranking and proposed amounts",
        "Offer no.",
        "Organisation",
        "Title of the public task",
        "Requested (zł)",
        "Proposed (zł)",
        "Total proposed",
        "Opinion of the commission",
        "Signatures",
    ):
        assert _g(heading) in text, heading
    assert _g("Rank") in text
    for entry in demo["members"]:
        user = entry.member.user
        assert text.count(user.full_name or user.email) >= 3  # composition, declarations, signature
        assert entry.member.get_role_display() in text


def test_the_results_minutes_and_consultation_report_have_their_headings(demo):
    results = demo["printed"]["results"].text
    minutes = demo["printed"]["minutes"].text
    consultation = demo["printed"]["consultation_report"].text

    assert _g("Results of open competition no. %(number)s").split("%")[0] in results
    for heading in ("Agenda", "Attendance", "Minutes", "Chair of the meeting", "Minutes taken by"):
        assert _g(heading) in minutes, heading
    assert demo["signing_council_members"]
    for role, name in demo["signing_council_members"].items():
        assert name in minutes.split(_g("Chair of the meeting"))[-1], role  # under the signature lines
    assert _g("Consultation report – %(title)s").split("%")[0] in consultation


def test_the_programme_and_its_report_print_their_amounts_in_words_and_titles(demo):
    programme = demo["printed"]["programme"].text
    realisation = demo["printed"]["programme_report"].text

    assert "słownie" in programme or "in words" in programme
    assert "Program współpracy" in programme and "Program współpracy" in realisation


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_page_is_a4(demo, name):
    assert demo["printed"][name].sizes == {(595, 842)}


def test_the_contact_card_names_the_office(demo):
    assert _g("Office") in demo["printed"]["contact_card"].text
