"""The chair's round and the protocol: proposals, closing, the protocol page and PDF, signatures, access."""

import io
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed, apply_transition
from pozytek.evaluation.models import Commission, Proposal, ProtocolSignature
from pozytek.evaluation.permissions import may_score
from pozytek.evaluation.selectors import compute_ranking
from pozytek.evaluation.services.protocol import close_round, set_proposals, sign_protocol
from pozytek.evaluation.states import CommissionState
from pozytek.evaluation.transitions import CARD_TRANSITIONS
from tests.conftest import login_with_mfa, with_totp
from tests.evaluation.protocol_helpers import full_scores, propose, round_setup, score
from tests.factories.accounts import UserFactory
from tests.factories.offers import ngo_member

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def url(rnd, name="", tenant=None):
    slug = (tenant or rnd.tenant).slug
    base = f"/{slug}/komisja/protokol/{rnd.commission.pk}/"
    return (
        base
        + {
            "": "",
            "close": "zamknij/",
            "protocol": "protokol/",
            "pdf": "protokol.pdf",
            "cards": "karty-oceny.pdf",
            "sign": "podpisz/",
        }[name]
    )


def refresh(rnd) -> Commission:
    with scopes_disabled():
        return Commission.objects.get(pk=rnd.commission.pk)


def ready_round(tenant, **kwargs):
    """Every card submitted, every offer proposed within its request and the funds."""
    rnd = round_setup(tenant, **kwargs)
    full_scores(rnd)
    a, b, c = rnd.offers
    propose(rnd, {a: "9000.00", b: "5000.00", c: "0.00"})
    return rnd


def closed_round(tenant, **kwargs):
    rnd = ready_round(tenant, **kwargs)
    with scope(tenant=tenant):
        close_round(commission=rnd.commission, actor=rnd.chair.user)
    return rnd


def events(action):
    return AuditEvent.objects.filter(action=action).count()


# Proposals ---------------------------------------------------------------------------------------


def test_chair_saves_proposals_notes_and_opinion(tenant):
    rnd = round_setup(tenant)
    a, b, c = rnd.offers
    with scope(tenant=tenant):
        set_proposals(
            commission=rnd.commission,
            actor=rnd.chair.user,
            amounts={a.pk: Decimal("9000.00"), b.pk: Decimal("2500.50"), c.pk: None},
            notes={a.pk: "Pełna kwota", b.pk: ""},
            opinion="Komisja pozytywnie opiniuje oferty A i B.",
        )
        proposals = {p.offer_id: p for p in Proposal.objects.filter(commission=rnd.commission)}
    assert set(proposals) == {a.pk, b.pk}
    assert proposals[a.pk].amount == Decimal("9000.00") and proposals[a.pk].note == "Pełna kwota"
    assert proposals[b.pk].amount == Decimal("2500.50")
    assert refresh(rnd).opinion == "Komisja pozytywnie opiniuje oferty A i B."
    event = AuditEvent.objects.get(action="commission.set_proposals")
    assert event.data["proposals"] == {str(a.pk): "9000.00", str(b.pk): "2500.50"}
    assert event.actor_id == rnd.chair.user.pk


def test_blank_amount_removes_an_earlier_proposal(tenant):
    rnd = round_setup(tenant)
    a = rnd.offers[0]
    propose(rnd, {a: "100.00"})
    with scope(tenant=tenant):
        set_proposals(commission=rnd.commission, actor=rnd.chair.user, amounts={a.pk: None}, notes={}, opinion="")
        assert not Proposal.objects.filter(commission=rnd.commission).exists()


@pytest.mark.parametrize(
    "amount",
    [Decimal("9000.01"), Decimal("-1"), Decimal("1.005"), Decimal("1." + "1" * 40), Decimal("NaN"), Decimal("1E+12")],
)
def test_bad_amounts_are_field_errors_and_nothing_is_saved(tenant, amount):
    rnd = round_setup(tenant)
    a, b, _c = rnd.offers
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        set_proposals(
            commission=rnd.commission,
            actor=rnd.chair.user,
            amounts={a.pk: amount, b.pk: Decimal("100.00")},
            notes={},
            opinion="x",
        )
    assert set(error.value.message_dict) == {f"amount-{a.pk}"}
    with scopes_disabled():
        assert not Proposal.objects.exists()
    assert refresh(rnd).opinion == ""


def test_total_above_funds_is_saved_with_a_warning_and_blocks_closing(tenant):
    rnd = round_setup(tenant, funds="10000.00")
    full_scores(rnd)
    a, b, c = rnd.offers
    with scope(tenant=tenant):
        set_proposals(
            commission=rnd.commission,
            actor=rnd.chair.user,
            amounts={a.pk: Decimal("9000"), b.pk: Decimal("5000"), c.pk: Decimal("0")},
            notes={},
            opinion="",
        )
        ranking = compute_ranking(rnd.commission)
        assert ranking.proposed_total == Decimal("14000.00")
        assert ranking.warnings
        with pytest.raises(TransitionBlocked) as blocked:
            close_round(commission=rnd.commission, actor=rnd.chair.user)
    assert any(p.section == "proposals" for p in blocked.value.problems)
    assert refresh(rnd).state == CommissionState.APPOINTED


@pytest.mark.parametrize("who", ["member", "expert", "official"])
def test_only_the_chair_sets_proposals(tenant, who):
    rnd = round_setup(tenant)
    actor = {"member": rnd.members[0].user, "expert": rnd.expert.user, "official": rnd.official}[who]
    with scope(tenant=tenant), pytest.raises(PermissionDenied):
        set_proposals(
            commission=rnd.commission, actor=actor, amounts={rnd.offers[0].pk: Decimal(1)}, notes={}, opinion=""
        )


def test_an_offer_outside_the_commission_is_refused(tenant):
    rnd = round_setup(tenant)
    other = round_setup(tenant)
    with scope(tenant=tenant), pytest.raises(ValidationError):
        set_proposals(
            commission=rnd.commission,
            actor=rnd.chair.user,
            amounts={other.offers[0].pk: Decimal(1)},
            notes={},
            opinion="",
        )


# Closing -----------------------------------------------------------------------------------------


def test_missing_cards_block_closing(tenant):
    rnd = round_setup(tenant)
    a, b, c = rnd.offers
    score(rnd.chair, a, [5, 5])
    propose(rnd, {a: "1", b: "1", c: "1"})
    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        close_round(commission=rnd.commission, actor=rnd.chair.user)
    assert any(p.section == "progress" for p in blocked.value.problems)
    assert refresh(rnd).state == CommissionState.APPOINTED
    assert refresh(rnd).result == {}


def test_missing_proposals_block_closing(tenant):
    rnd = round_setup(tenant)
    full_scores(rnd)
    propose(rnd, {rnd.offers[0]: "1"})
    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        close_round(commission=rnd.commission, actor=rnd.chair.user)
    assert [p.section for p in blocked.value.problems] == ["proposals", "proposals"]


def test_expert_cards_are_not_required_to_close(tenant):
    rnd = round_setup(tenant)
    a, b, c = rnd.offers
    for member in (rnd.chair, *rnd.members):
        for offer in rnd.offers:
            score(member, offer, [5, 5])
    propose(rnd, {a: "1", b: "1", c: "1"})
    with scope(tenant=tenant):
        closed = close_round(commission=rnd.commission, actor=rnd.chair.user)
    assert closed.state == CommissionState.CLOSED


def test_excluded_member_needs_no_card_for_the_conflicted_offer(tenant):
    rnd = round_setup(tenant)
    a, b, c = rnd.offers
    with scopes_disabled():
        rnd.members[1].declaration.conflicted_offers.set([c])
    for member in (rnd.chair, *rnd.members):
        for offer in rnd.offers:
            if not (member == rnd.members[1] and offer == c):
                score(member, offer, [5, 5])
    propose(rnd, {a: "1", b: "1", c: "1"})
    with scope(tenant=tenant):
        assert close_round(commission=rnd.commission, actor=rnd.chair.user).state == CommissionState.CLOSED


def test_close_freezes_the_ranking_and_mails_the_members(tenant, django_capture_on_commit_callbacks):
    rnd = ready_round(tenant)
    mail.outbox.clear()
    with scope(tenant=tenant), django_capture_on_commit_callbacks(execute=True):
        expected = compute_ranking(rnd.commission).as_json()
        closed = close_round(commission=rnd.commission, actor=rnd.chair.user)
    closed = refresh(rnd)
    assert closed.state == CommissionState.CLOSED
    assert closed.closed_by_id == rnd.chair.user.pk and closed.closed_at is not None
    assert closed.result["rows"] == expected["rows"]
    assert closed.result["proposed_total"] == "14000.00"
    assert [r["rank"] for r in closed.result["rows"]] == [1, 2, 2]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.user.email for s in rnd.seats)
    protocol_url = f"/{tenant.slug}/komisja/protokol/{rnd.commission.pk}/protokol/"
    assert all(protocol_url in m.body for m in mail.outbox)
    assert events("commission.close_round") == 1


@pytest.mark.parametrize("who", ["member", "expert", "official"])
def test_only_the_chair_closes(tenant, who):
    rnd = ready_round(tenant)
    actor = {"member": rnd.members[0].user, "expert": rnd.expert.user, "official": rnd.official}[who]
    with scope(tenant=tenant), pytest.raises(PermissionDenied):
        close_round(commission=rnd.commission, actor=actor)
    assert refresh(rnd).state == CommissionState.APPOINTED


def test_second_closing_is_refused_and_the_round_is_closed_once(tenant):
    rnd = closed_round(tenant)
    frozen = refresh(rnd).result
    with scope(tenant=tenant), pytest.raises(TransitionNotAllowed):
        close_round(commission=rnd.commission, actor=rnd.chair.user)
    assert events("commission.close_round") == 1
    assert refresh(rnd).result == frozen


def test_after_closing_no_proposal_and_no_score_can_change(tenant):
    rnd = round_setup(tenant)
    full_scores(rnd)
    a, b, c = rnd.offers
    # A draft card of the expert, never submitted (experts are not required).
    with scopes_disabled():
        # Test data: put the card back into draft before the round closes (a queryset update: only the
        # engine moves a loaded record's state).
        rnd.expert.cards.filter(offer=a).update(state="draft")
        card = rnd.expert.cards.get(offer=a)
    propose(rnd, {a: "9000.00", b: "5000.00", c: "0.00"})
    with scope(tenant=tenant):
        close_round(commission=rnd.commission, actor=rnd.chair.user)
        with pytest.raises(ValidationError):
            set_proposals(
                commission=rnd.commission, actor=rnd.chair.user, amounts={a.pk: Decimal(1)}, notes={}, opinion=""
            )
        commission = refresh(rnd)
        seat = rnd.members[0]
        seat.commission = commission
        assert not may_score(seat, a)
        card.member.commission = commission
        with pytest.raises(TransitionBlocked):
            apply_transition(card, "submit", actor=rnd.expert.user, transitions=CARD_TRANSITIONS)
    with scopes_disabled():
        assert Proposal.objects.get(offer=a).amount == Decimal("9000.00")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_closings_at_once_close_the_round_once(tenant):
    rnd = ready_round(tenant)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def close() -> None:
        from django.db import connections

        try:
            barrier.wait()
            with scope(tenant=tenant):
                close_round(commission=rnd.commission, actor=rnd.chair.user)
            outcomes.append("closed")
        except TransitionNotAllowed:
            outcomes.append("already closed")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already closed", "closed"]
    assert events("commission.close_round") == 1


# Signatures --------------------------------------------------------------------------------------


def test_sign_only_after_closing_once_and_by_the_member(tenant):
    rnd = ready_round(tenant)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError):
            sign_protocol(seat=rnd.members[0], actor=rnd.members[0].user)
        close_round(commission=rnd.commission, actor=rnd.chair.user)
        with pytest.raises(PermissionDenied):
            sign_protocol(seat=rnd.members[0], actor=rnd.chair.user)
        first = sign_protocol(seat=rnd.members[0], actor=rnd.members[0].user)
        again = sign_protocol(seat=rnd.members[0], actor=rnd.members[0].user)
        assert first.pk == again.pk
        assert ProtocolSignature.objects.count() == 1
    assert events("commission.sign_protocol") == 1


# Views: the chair's progress page ----------------------------------------------------------------


def test_progress_page_for_the_chair_shows_progress_ranking_and_the_form(client, tenant):
    rnd = round_setup(tenant)
    a, _b, c = rnd.offers
    score(rnd.chair, a, [9, 4])
    propose(rnd, {a: "9500.00"})  # above the requested 9,000: a warning
    login_with_mfa(client, rnd.chair.user)
    response = client.get(url(rnd))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="proposals-form"' in html and 'id="close-form"' in html
    assert f'name="amount-{a.pk}"' in html and f'name="note-{c.pk}"' in html
    assert f'id="progress-{rnd.chair.pk}"' in html
    assert "1 / 3" in html and "0 / 3" in html
    assert 'id="ranking-warnings"' in html
    assert 'id="closing-problems"' in html
    assert "Sportowe wakacje" in html


def test_progress_page_for_office_staff_is_read_only(client, tenant):
    rnd = round_setup(tenant)
    login_with_mfa(client, rnd.official)
    response = client.get(url(rnd))
    assert response.status_code == 200
    assert 'id="proposals-form"' not in response.content.decode()
    assert client.post(url(rnd), {"opinion": "x"}).status_code == 403
    assert client.post(url(rnd, "close")).status_code == 403


def test_post_proposals_saves_and_redirects(client, tenant):
    rnd = round_setup(tenant)
    a, b, c = rnd.offers
    login_with_mfa(client, rnd.chair.user)
    response = client.post(
        url(rnd),
        {
            f"amount-{a.pk}": "9000,00",
            f"amount-{b.pk}": "2500",
            f"amount-{c.pk}": "",
            f"note-{a.pk}": "OK",
            "opinion": "Opinia komisji",
        },
    )
    assert response.status_code == 302 and response["Location"] == url(rnd)
    with scopes_disabled():
        assert dict(Proposal.objects.values_list("offer_id", "amount")) == {
            a.pk: Decimal("9000.00"),
            b.pk: Decimal("2500.00"),
        }
    assert refresh(rnd).opinion == "Opinia komisji"


@pytest.mark.parametrize("value", ["9000,01", "-5", "1,005", "1," + "1" * 40, "dziewięć", "1e400"])
def test_post_bad_amount_shows_the_field_error_and_saves_nothing(client, tenant, value):
    rnd = round_setup(tenant)
    a = rnd.offers[0]
    login_with_mfa(client, rnd.chair.user)
    response = client.post(url(rnd), {f"amount-{a.pk}": value, "opinion": "Opinia"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_amount-{a.pk}_errors"' in html
    assert 'aria-invalid="true"' in html
    with scopes_disabled():
        assert not Proposal.objects.exists()
    assert refresh(rnd).opinion == ""


def test_post_close_blocked_then_closed_then_double_post(client, tenant):
    rnd = round_setup(tenant)
    login_with_mfa(client, rnd.chair.user)
    response = client.post(url(rnd, "close"))
    assert response.status_code == 302 and response["Location"] == url(rnd)
    assert refresh(rnd).state == CommissionState.APPOINTED
    full_scores(rnd)
    a, b, c = rnd.offers
    propose(rnd, {a: "9000.00", b: "5000.00", c: "0.00"})
    first = client.post(url(rnd, "close"))
    assert first.status_code == 302 and first["Location"] == url(rnd, "protocol")
    second = client.post(url(rnd, "close"))
    assert second.status_code == 302 and second["Location"] == url(rnd, "protocol")
    assert events("commission.close_round") == 1
    followed = client.get(url(rnd))
    assert followed.status_code == 200
    assert 'id="proposals-form"' not in followed.content.decode()
    # Proposals after closing: a message, nothing changes.
    late = client.post(url(rnd), {f"amount-{a.pk}": "1", "opinion": "nowa"})
    assert late.status_code == 302
    with scopes_disabled():
        assert Proposal.objects.get(offer=a).amount == Decimal("9000.00")


# Views: protocol page, PDF, signing --------------------------------------------------------------


def test_protocol_is_not_available_before_closing(client, tenant):
    rnd = ready_round(tenant)
    login_with_mfa(client, rnd.chair.user)
    assert client.get(url(rnd, "protocol")).status_code == 404
    assert client.get(url(rnd, "pdf")).status_code == 404
    assert client.get(url(rnd, "cards")).status_code == 404
    assert client.post(url(rnd, "sign")).status_code == 404


def protocol_round(tenant):
    rnd = round_setup(tenant)
    a, b, c = rnd.offers
    with scopes_disabled():
        rnd.members[1].declaration.conflicted_offers.set([c])
        rnd.commission.opinion = "Komisja rekomenduje oferty Sportowe wakacje i Teatr dla seniorów."
        rnd.commission.save()
    for member in (rnd.chair, rnd.members[0], rnd.expert):
        for offer in rnd.offers:
            score(member, offer, [6, 3], justification=f"Uzasadnienie {member.user.full_name} {offer.title}")
    score(rnd.members[1], a, [7, 4], justification="Uzasadnienie Ewy")
    score(rnd.members[1], b, [5, 2], justification="Uzasadnienie Ewy B", notes={0: "Słaby budżet"})
    propose(rnd, {a: "9000.00", b: "4500.00", c: "0.00"})
    with scope(tenant=tenant):
        close_round(commission=rnd.commission, actor=rnd.chair.user)
    return rnd


def test_protocol_page_shows_the_frozen_protocol_and_the_acceptance_form(client, tenant):
    rnd = protocol_round(tenant)
    login_with_mfa(client, rnd.members[0].user)
    response = client.get(url(rnd, "protocol"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "ZAR/15/2027",
        "Anna Przewodnicząca",
        "Ewa Społeczniczka",
        "Piotr Ekspert",
        "Zielone podwórka (Stowarzyszenie Zielone podwórka)",  # Ewa's exclusion
        "Uzasadnienie Ewy B",
        "K1: Słaby budżet",
        "Komisja rekomenduje oferty",
        'id="protocol-sign-form"',
        url(rnd, "pdf"),
    ):
        assert text in html, text


def test_protocol_pdf_content_and_signatures(client, tenant):
    rnd = protocol_round(tenant)
    login_with_mfa(client, rnd.members[0].user)
    response = client.post(url(rnd, "sign"))
    assert response.status_code == 302 and response["Location"] == url(rnd, "protocol")
    again = client.post(url(rnd, "sign"))
    assert again.status_code == 302
    with scopes_disabled():
        signature = ProtocolSignature.objects.get()
    assert signature.member_id == rnd.members[0].pk
    assert events("commission.sign_protocol") == 1
    page = client.get(url(rnd, "protocol")).content.decode()
    assert 'id="protocol-accepted"' in page and 'id="protocol-sign-form"' not in page

    pdf = client.get(url(rnd, "pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for snippet in (
        "ZAR/15/2027",
        "Anna Przewodnicząca",
        "Jan Urzędnik",
        "Piotr Ekspert",
        "Sportowe wakacje",
        "Teatr dla seniorów",
        "Zielone podwórka",
        "Komisja rekomenduje oferty",
        "9 000,00",
        "4 500,00",
        "13 500,00",
        signature.signed_at.astimezone(ZoneInfo("Europe/Warsaw")).strftime("%Y-%m-%d %H:%M"),
    ):
        assert snippet in text, snippet
    # Three voting members count: a (6+6+7)/3 = 6.33 + (3+3+4)/3 = 3.33 → 9.66 (Polish decimal comma)
    assert "6,33/3,33 = 9,66" in text
    # Justifications are in the annex, not in the protocol itself.
    assert "Uzasadnienie Ewy B" not in text

    cards = client.get(url(rnd, "cards"))
    assert cards.status_code == 200 and cards["Content-Type"] == "application/pdf"
    annex = pdf_text(cards.content)
    for snippet in ("Ewa Społeczniczka", "Piotr Ekspert", "Uzasadnienie Ewy B", "K1: Słaby budżet", "5/2 = 7"):
        assert snippet in annex, snippet
    # Ewa was excluded from "Zielone podwórka": she has two cards, the others three.
    assert annex.count("Uzasadnienie Anna Przewodnicząca") == 3


def test_protocol_prints_the_reason_for_working_without_ngo_members(client, tenant):
    rnd = ready_round(tenant)
    with scopes_disabled():
        Commission.objects.filter(pk=rnd.commission.pk).update(
            without_ngo_reason="none_nominated", without_ngo_note="Nabór z 1 marca bez zgłoszeń."
        )
    with scope(tenant=tenant):
        close_round(commission=refresh(rnd), actor=rnd.chair.user)
    login_with_mfa(client, rnd.official)
    html = client.get(url(rnd, "protocol")).content.decode()
    assert 'id="protocol-without-ngo"' in html and "Nabór z 1 marca bez zgłoszeń." in html
    # Office staff read; they have no seat, so there is no acceptance form and signing is 404.
    assert 'id="protocol-sign-form"' not in html
    assert client.post(url(rnd, "sign")).status_code == 404


# Access ------------------------------------------------------------------------------------------


def outsider(tenant):
    user, _organisation = ngo_member(tenant=tenant)
    return with_totp(user)


@pytest.mark.parametrize(
    ("who", "progress", "protocol"),
    [
        ("chair", 200, 200),
        ("member", 403, 200),
        ("ngo_member_of_commission", 403, 200),
        ("expert", 403, 200),
        ("official", 200, 200),
        ("ngo_user", 404, 404),
        ("resident", 404, 404),
        ("platform_admin", 404, 404),
    ],
)
def test_access_matrix(client, tenant, who, progress, protocol):
    rnd = closed_round(tenant)
    user = {
        "chair": rnd.chair.user,
        "member": rnd.members[0].user,
        "ngo_member_of_commission": rnd.members[1].user,
        "expert": rnd.expert.user,
        "official": rnd.official,
        "ngo_user": outsider(tenant),
        "resident": with_totp(UserFactory()),
        "platform_admin": with_totp(UserFactory(is_superuser=True, is_staff=True)),
    }[who]
    login_with_mfa(client, user)
    assert client.get(url(rnd)).status_code == progress
    assert client.get(url(rnd, "protocol")).status_code == protocol
    assert client.get(url(rnd, "pdf")).status_code == protocol
    assert client.get(url(rnd, "cards")).status_code == protocol


def test_anonymous_is_sent_to_log_in(client, tenant):
    rnd = closed_round(tenant)
    for name in ("", "protocol", "pdf", "cards"):
        response = client.get(url(rnd, name))
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(url(rnd, "close")).status_code == 302
    assert client.post(url(rnd, "sign")).status_code == 302
    assert refresh(rnd).state == CommissionState.CLOSED
    with scopes_disabled():
        assert not ProtocolSignature.objects.exists()


def test_member_without_an_authenticator_is_sent_to_set_it_up(client, tenant):
    rnd = closed_round(tenant)
    user = UserFactory()
    client.force_login(user)
    response = client.get(url(rnd))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_another_tenants_commission_is_404(client, tenant, other_tenant):
    rnd = closed_round(tenant)
    login_with_mfa(client, rnd.chair.user)
    for name in ("", "protocol", "pdf", "cards"):
        assert client.get(url(rnd, name, tenant=other_tenant)).status_code == 404
    assert client.post(url(rnd, "close", tenant=other_tenant)).status_code == 404
    assert client.post(url(rnd, "sign", tenant=other_tenant)).status_code == 404
    assert client.get(f"/{tenant.slug}/komisja/protokol/999999/").status_code == 404


def test_progress_before_appointment_shows_no_ranking_and_no_form(client, tenant):
    rnd = round_setup(tenant)
    with scopes_disabled():
        Commission.objects.filter(pk=rnd.commission.pk).update(state=CommissionState.FORMING)
    login_with_mfa(client, rnd.chair.user)
    response = client.get(url(rnd))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ranking-table"' not in html and 'id="proposals-form"' not in html
    assert client.post(url(rnd), {"opinion": "x"}).status_code == 302
    assert refresh(rnd).opinion == ""


def test_forged_fields_for_other_offers_are_ignored(client, tenant):
    rnd = round_setup(tenant)
    other = round_setup(tenant)
    a = rnd.offers[0]
    login_with_mfa(client, rnd.chair.user)
    response = client.post(
        url(rnd), {f"amount-{a.pk}": "100", f"amount-{other.offers[0].pk}": "100", "opinion": "Opinia"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert list(Proposal.objects.values_list("commission_id", "offer_id")) == [(rnd.commission.pk, a.pk)]
