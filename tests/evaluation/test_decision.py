"""The decision on the results (art. 15 ust. 2g–2h): rules, offer and call states, e-mails, publication.

Office pages through HTTP (permission, tenant isolation, bad input, double POST), the service's
rules directly, and the public results as a page, PDF, CSV and JSON, plus the notice of cancellation.
"""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from pozytek.accounts.models import Role
from pozytek.competitions.models import Call
from pozytek.competitions.services import cancel_call
from pozytek.competitions.states import CallState
from pozytek.core.models import AuditEvent
from pozytek.evaluation.models import Award, Decision
from pozytek.evaluation.services.decision import record_decision
from pozytek.evaluation.states import CommissionState
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState
from tests.conftest import login_with_mfa, with_totp
from tests.evaluation.decision_helpers import closed_call, closed_commission
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer

pytestmark = pytest.mark.integration


@pytest.fixture
def data(tenant):
    """Three formally correct offers requesting 9 000, 8 000 and 5 000 zł; funds 20 000 zł."""
    return closed_call(tenant, titles=("Liga podwórkowa", "Basen dla seniorów", "Szachy w szkole"))


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


def form_url(call) -> str:
    return reverse("evaluation_office_decision:form", kwargs={"tenant_slug": call.tenant.slug, "call_pk": call.pk})


def results_url(call, name: str = "results") -> str:
    return reverse(f"evaluation_public_results:{name}", kwargs={"tenant_slug": call.tenant.slug, "call_pk": call.pk})


def post_data(data, amounts: list[str], reasons: list[str] | None = None, **extra) -> dict[str, str]:
    post = {"number": "ZAR/12/2027", "date": timezone.localdate().isoformat(), "note": ""}
    for index, offer in enumerate(data.offers):
        post[f"amount_{offer.pk}"] = amounts[index]
        post[f"reason_{offer.pk}"] = (reasons or [""] * len(data.offers))[index]
    post.update(extra)
    return post


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of whitespace (table cells wrap lines) as one space."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def states(data) -> list[str]:
    with scopes_disabled():
        return [Offer.objects.get(pk=o.pk).state for o in data.offers]


def call_state(data) -> str:
    with scopes_disabled():
        return Call.objects.get(pk=data.call.pk).state


def decide(data, actor, amounts: list[str], reasons: list[str] | None = None, **kwargs):
    with scope(tenant=data.call.tenant):
        return record_decision(
            call=data.call,
            actor=actor,
            number=kwargs.get("number", "ZAR/12/2027"),
            date=kwargs.get("date", timezone.localdate()),
            note=kwargs.get("note", ""),
            amounts={o.pk: Decimal(a) for o, a in zip(data.offers, amounts, strict=True)},
            reasons={o.pk: r for o, r in zip(data.offers, reasons or [""] * len(amounts), strict=True)},
        )


# The service ---------------------------------------------------------------------------------------


def test_decision_moves_offers_and_resolves_the_call(data, official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(data, official, ["9000", "6000.50", "0"])

    assert states(data) == [OfferState.AWARDED, OfferState.UPDATE_REQUIRED, OfferState.NOT_AWARDED]
    assert call_state(data) == CallState.RESOLVED
    with scopes_disabled():
        assert decision.published_at is not None
        awards = {a.offer_id: a for a in Award.objects.filter(decision=decision)}
        assert [awards[o.pk].amount for o in data.offers] == [Decimal("9000.00"), Decimal("6000.50"), Decimal("0.00")]
        assert [awards[o.pk].requested for o in data.offers] == [Decimal(9000), Decimal(8000), Decimal(5000)]
        actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"decision.record", "offer.award", "offer.award_less", "offer.not_award", "call.resolve"} <= actions
    record = AuditEvent.objects.get(action="decision.record")
    assert record.data["total"] == "15000.50"
    # every offeror is told, once, after commit
    assert sorted(m.to[0] for m in mail.outbox) == ["klub1@example.org", "klub2@example.org", "klub3@example.org"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert results_url(data.call) in by_address["klub1@example.org"].body
    assert "6000,50" in by_address["klub2@example.org"].body  # Polish number format


def test_nothing_is_mailed_when_the_decision_is_refused(data, official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        decide(data, official, ["9000", "8000", "5000.01"])
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("amounts", "field"),
    [
        (["9000.01", "0", "0"], "amount_0"),  # above the requested grant
        (["-1", "0", "0"], "amount_0"),  # negative
        (["1." + "0" * 39 + "1", "0", "0"], "amount_0"),  # 40 decimal places
        (["9000", "8000", "5000"], "__all__"),  # 22 000 above the 20 000 of funds
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_saved(data, official, amounts, field):
    with pytest.raises(ValidationError) as error:
        decide(data, official, amounts)

    key = field.replace("amount_0", f"amount_{data.offers[0].pk}")
    assert key in error.value.message_dict
    assert states(data) == [OfferState.FORMALLY_ACCEPTED] * 3
    assert call_state(data) == CallState.CLOSED
    with scopes_disabled():
        assert not Decision.objects.exists()


def test_amounts_for_offers_outside_the_call_are_refused(data, official, tenant):
    other = closed_call(tenant, requested=("1000.00",))
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        record_decision(
            call=data.call,
            actor=official,
            number="1",
            date=timezone.localdate(),
            note="",
            amounts={**{o.pk: Decimal(0) for o in data.offers}, other.offers[0].pk: Decimal(1000)},
            reasons={},
        )
    assert "__all__" in error.value.message_dict
    assert states(other) == [OfferState.FORMALLY_ACCEPTED]


def test_number_and_date_are_required_and_the_date_not_in_the_future(data, official):
    with pytest.raises(ValidationError) as error:
        decide(data, official, ["0", "0", "0"], number=" ", date=timezone.localdate() + dt.timedelta(days=1))
    assert {"number", "date"} <= set(error.value.message_dict)


def test_the_commission_must_have_closed_its_scoring(data, official):
    closed_commission(data, {0: "9000"}, state=CommissionState.APPOINTED)
    with pytest.raises(ValidationError) as error:
        decide(data, official, ["9000", "0", "0"])
    assert "art. 15 ust. 2a" in " ".join(error.value.messages)
    assert call_state(data) == CallState.CLOSED


def test_the_formal_check_must_be_finished(data, official):
    with scopes_disabled():
        Offer.objects.filter(pk=data.offers[2].pk).update(state=OfferState.CORRECTION)
    with pytest.raises(ValidationError):
        decide(data.__class__(call=data.call, offers=data.offers[:2], authors=[]), official, ["9000", "0"])
    assert call_state(data) == CallState.CLOSED


def test_a_call_open_for_offers_or_cancelled_cannot_be_decided(data, official):
    with scopes_disabled():
        Call.objects.filter(pk=data.call.pk).update(state=CallState.PUBLISHED)
    with pytest.raises(ValidationError):
        decide(data, official, ["0", "0", "0"])
    with scopes_disabled():
        Call.objects.filter(pk=data.call.pk).update(state=CallState.CANCELLED)
    with pytest.raises(ValidationError):
        decide(data, official, ["0", "0", "0"])


def test_a_departure_from_the_proposal_needs_a_reason(data, official):
    closed_commission(data, {0: "9000", 1: "8000", 2: "0"})
    with pytest.raises(ValidationError) as error:
        decide(data, official, ["9000", "3000", "0"])
    assert list(error.value.message_dict) == [f"reason_{data.offers[1].pk}"]

    decision = decide(data, official, ["9000", "3000", "0"], ["", "Ograniczone środki na basen.", ""])
    with scopes_disabled():
        award = Award.objects.get(decision=decision, offer=data.offers[1])
    assert award.proposed == Decimal("8000.00") and award.reason == "Ograniczone środki na basen."


def test_only_office_staff_of_the_tenant_may_decide(data, other_tenant):
    stranger = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    with pytest.raises(PermissionDenied):
        decide(data, stranger, ["0", "0", "0"])
    assert call_state(data) == CallState.CLOSED


def test_a_second_decision_is_refused(data, official):
    decide(data, official, ["9000", "0", "0"])
    with pytest.raises(ValidationError) as error:
        decide(data, official, ["0", "0", "0"])
    assert "__all__" in error.value.message_dict
    with scopes_disabled():
        assert Decision.objects.count() == 1


# Office pages ---------------------------------------------------------------------------------------


def test_the_form_lists_every_formally_correct_offer_prefilled_with_the_proposal(data, office):
    closed_commission(data, {0: "9000", 1: "7000.50"})

    response = office.get(form_url(data.call))

    assert response.status_code == 200
    form = response.context["form"]
    assert form[f"amount_{data.offers[1].pk}"].value() == Decimal("7000.50")
    assert form[f"amount_{data.offers[2].pk}"].value() is None
    assert f'name="amount_{data.offers[2].pk}"' in response.content.decode()


def test_post_records_the_decision(data, office):
    response = office.post(form_url(data.call), post_data(data, ["9000", "6000,50", "0"]))

    assert response.status_code == 302
    assert states(data) == [OfferState.AWARDED, OfferState.UPDATE_REQUIRED, OfferState.NOT_AWARDED]
    page = office.get(form_url(data.call))
    assert page.context["decision"].number == "ZAR/12/2027"
    assert 'id="decision-number"' in page.content.decode()


@pytest.mark.parametrize(
    ("amounts", "field"),
    [
        (["9000.01", "0", "0"], "amount_0"),
        (["-5", "0", "0"], "amount_0"),
        (["1." + "1" * 40, "0", "0"], "amount_0"),
        (["dziewięć", "0", "0"], "amount_0"),
        (["", "0", "0"], "amount_0"),
        (["9" * 40, "0", "0"], "amount_0"),
        (["9000", "8000", "5000"], None),
    ],
)
def test_bad_input_on_the_form_gives_field_messages_and_saves_nothing(data, office, amounts, field):
    response = office.post(form_url(data.call), post_data(data, amounts))

    assert response.status_code == 400
    form = response.context["form"]
    if field:
        assert form.errors[f"amount_{data.offers[0].pk}"]
        assert f'id="id_amount_{data.offers[0].pk}_errors"' in response.content.decode()
    else:
        assert form.non_field_errors()
    assert call_state(data) == CallState.CLOSED
    with scopes_disabled():
        assert not Decision.objects.exists()


def test_the_form_shows_why_a_decision_cannot_be_recorded_yet(data, office):
    closed_commission(data, {}, state=CommissionState.APPOINTED)

    page = office.get(form_url(data.call))
    assert 'id="decision-problems"' in page.content.decode()

    response = office.post(form_url(data.call), post_data(data, ["0", "0", "0"]))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert call_state(data) == CallState.CLOSED


def test_a_double_post_records_one_decision(data, office):
    first = office.post(form_url(data.call), post_data(data, ["9000", "0", "0"]))
    second = office.post(form_url(data.call), post_data(data, ["0", "0", "5000"]), follow=True)

    assert first.status_code == 302
    assert second.status_code == 200
    assert any(m.level_tag == "error" for m in second.context["messages"])
    with scopes_disabled():
        assert Decision.objects.count() == 1
        assert Award.objects.get(offer=data.offers[0]).amount == Decimal("9000.00")


def test_another_tenants_call_gives_404(other_tenant, tenant, office):
    foreign = closed_call(other_tenant, requested=("1000.00",))
    url = f"/{tenant.slug}/urzad/ocena/rozstrzygniecie/{foreign.call.pk}/"

    assert office.get(url).status_code == 404
    assert office.post(url, {"number": "1"}).status_code == 404
    assert office.get(f"{url}uzasadnienia/").status_code == 404
    assert call_state(foreign) == CallState.CLOSED


def test_office_pages_need_a_staff_role_and_totp(data, client, tenant):
    url = form_url(data.call)
    requests_url = reverse(
        "evaluation_office_decision:requests", kwargs={"tenant_slug": tenant.slug, "call_pk": data.call.pk}
    )
    response = client.get(url)
    assert response.status_code == 302 and "/konto/" in response["Location"]

    client.force_login(data.authors[0])  # an NGO member
    assert client.get(url).status_code == 403
    assert client.post(url, post_data(data, ["9000", "0", "0"])).status_code == 403
    assert client.get(requests_url).status_code == 403

    client.force_login(UserFactory())  # a resident
    assert client.get(url).status_code == 403

    client.force_login(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)  # no TOTP yet
    assert client.get(url).status_code == 302
    assert call_state(data) == CallState.CLOSED


# Public results ------------------------------------------------------------------------------------


def test_results_are_not_public_before_the_decision(data, client):
    for name in ("results", "results_pdf", "results_csv", "results_json", "justification"):
        assert client.get(results_url(data.call, name)).status_code == 404


def test_results_of_another_tenant_or_a_draft_give_404(data, official, client, other_tenant):
    decide(data, official, ["9000", "0", "0"])
    foreign = f"/{other_tenant.slug}/konkursy/{data.call.pk}/wyniki/"
    assert client.get(foreign).status_code == 404
    assert client.get(f"/{data.call.tenant.slug}/konkursy/999999/wyniki/").status_code == 404


@pytest.fixture
def resolved(data, official):
    closed_commission(data, {0: "9000", 1: "6000", 2: "0"})
    decide(data, official, ["9000", "6000", "0"], number="ZAR/77/2027")
    return data


def test_results_page_lists_offerors_titles_and_amounts(resolved, client):
    with translation.override("en"):
        response = client.get(results_url(resolved.call), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.offerors, r.title, r.amount) for r in rows] == [
        (["Klub Sportowy 1"], "Liga podwórkowa", Decimal("9000.00")),
        (["Klub Sportowy 2"], "Basen dla seniorów", Decimal("6000.00")),
        (["Klub Sportowy 3"], "Szachy w szkole", Decimal("0.00")),
    ]
    assert [r.points for r in rows] == [Decimal("30.50"), Decimal("25.50"), Decimal("20.50")]
    html = response.content.decode()
    assert "ZAR/77/2027" in html and "Szachy w szkole" in html
    assert f'id="offer-{resolved.offers[2].pk}"' in html
    assert response.context["total"] == Decimal("15000.00")


def test_results_pdf_has_the_decision_and_every_offer(resolved, client):
    response = client.get(results_url(resolved.call, "results_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("ZAR/77/2027", "Klub Sportowy 1", "Liga podwórkowa", "Szachy w szkole", "Basen dla seniorów"):
        assert expected in text


def test_results_csv_is_utf8_with_a_header_and_decimal_points(resolved, client):
    response = client.get(results_url(resolved.call, "results_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    records = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["awarded_amount"] for r in records] == ["9000.00", "6000.00", "0.00"]
    assert [r["requested_grant"] for r in records] == ["9000.00", "8000.00", "5000.00"]
    assert records[1]["task_title"] == "Basen dla seniorów"
    assert records[2]["awarded"] == "false" and records[0]["points"] == "30.50"
    assert records[0]["decision_number"] == "ZAR/77/2027"


def test_results_json_gives_amounts_as_strings(resolved, client):
    response = client.get(results_url(resolved.call, "results_json"))

    assert response.status_code == 200
    document = json.loads(response.content.decode("utf-8"))
    assert document["decision"]["number"] == "ZAR/77/2027"
    assert document["awarded_total"] == "15000.00"
    amounts = [(r["offerors"], r["awarded_amount"], r["awarded"]) for r in document["results"]]
    assert amounts == [
        (["Klub Sportowy 1"], "9000.00", True),
        (["Klub Sportowy 2"], "6000.00", True),
        (["Klub Sportowy 3"], "0.00", False),
    ]


def test_results_without_a_commission_have_no_points(data, official, client):
    decide(data, official, ["9000", "0", "0"])
    response = client.get(results_url(data.call))
    assert response.status_code == 200
    assert response.context["has_points"] is False


# Cancellation notice (art. 18a) ---------------------------------------------------------------------


def test_the_cancellation_notice_gives_the_date_and_reason(tenant, official, client):
    call = PublishedCallFactory(tenant=tenant, number="5/2027")
    complete_offer(call)
    with scope(tenant=tenant):
        cancel_call(
            call=call, actor=official, reason="Nie złożono żadnej oferty spełniającej wymogi <b>ogłoszenia</b>."
        )

    response = client.get(results_url(call, "cancellation"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nie złożono żadnej oferty spełniającej wymogi &lt;b&gt;ogłoszenia&lt;/b&gt;." in html
    assert response.context["cancellation"].cancelled_at.date() == timezone.now().date()

    pdf = client.get(results_url(call, "cancellation_pdf"))
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "5/2027" in text and "Nie złożono żadnej oferty" in text


def test_no_cancellation_notice_for_a_call_that_is_not_cancelled(data, client, other_tenant, tenant, official):
    assert client.get(results_url(data.call, "cancellation")).status_code == 404
    assert client.get(results_url(data.call, "cancellation_pdf")).status_code == 404
    call = PublishedCallFactory(tenant=tenant)
    with scope(tenant=tenant):
        cancel_call(call=call, actor=official, reason="Brak ofert.")
    assert client.get(f"/{other_tenant.slug}/konkursy/{call.pk}/uniewaznienie/").status_code == 404
