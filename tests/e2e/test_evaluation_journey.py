"""Journeys of the evaluation in Chromium: formal check with a correction, forming the commission,
a member's declaration and score card, the chair's round and protocol, the decision, the public results
and a request for justification. Every page visited passes axe-core.

The browser asks for English (the language cookie) so that role and label locators use the English
source strings, stable when the Polish catalogue grows. What each journey starts from is written
through the services (tests/evaluation/matrix_helpers.py), not through the pages other journeys cover.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from pozytek.competitions.models import Call
from pozytek.evaluation.models import Commission, CommissionMember, JustificationRequest, ProtocolSignature, ScoreCard
from pozytek.evaluation.services import commission as commission_services
from pozytek.evaluation.services import protocol
from pozytek.evaluation.states import CardState, CommissionState, RequestState
from pozytek.offers.models import Offer
from pozytek.offers.states import OfferState
from tests.conftest import totp_code
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_offer_journey import save
from tests.evaluation.matrix_helpers import (
    People,
    appointed_commission,
    closed_call_with_offers,
    declare,
    passed_formal_check,
    score_everything,
)
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.offers import ngo_member
from tests.factories.tenants import TenantFactory
from tests.matrix_support import official_of

pytestmark = pytest.mark.e2e

TITLES = ("Letnie koncerty na Rynku", "Wolontariusze kultury", "Festyn sportowy")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo", email="urzad@testowo.example")


def english(page, live_server) -> None:
    page.context.add_cookies([{"name": "pozytek_language", "value": "en", "url": live_server.url}])


def log_in(page, live_server, user, next_url: str, *, totp: bool = True) -> None:
    """Sign in (in English) and land on `next_url`. A TOTP code works once: one log-in per person per test."""
    page.context.clear_cookies()
    english(page, live_server)
    page.goto(f"{live_server.url}/konto/login/?next={next_url}")
    page.locator("main form input[name=login]").fill(user.email)
    page.locator("main form input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    if totp:
        page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
        page.locator("main form input[name=code]").fill(totp_code())
        page.locator("main form button[type=submit]:not([form])").first.click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def one_h1(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_count(1)


def answer(page, requirement: str, value: str) -> None:
    page.get_by_role("group", name=re.compile("^" + re.escape(requirement))).get_by_label(value, exact=True).check()


def entrants(tenant, n: int) -> list[tuple]:
    return [ngo_member(tenant=tenant)[::-1] for _ in range(n)]


def test_formal_check_with_a_correction_and_published_results(page, live_server, tenant):
    official, colleague = official_of(tenant), official_of(tenant)
    people = entrants(tenant, 3)
    call, offers = closed_call_with_offers(tenant, official, people, titles=TITLES)
    accepted, corrected, rejected = offers
    formal = f"/testowo/urzad/ocena/formalna/{call.pk}/"

    log_in(page, live_server, official, formal)
    one_h1(page)
    assert_accessible(page)

    # Offer 1: every requirement met.
    page.get_by_role("link", name=TITLES[0]).click()
    one_h1(page)
    assert_accessible(page)
    answer(page, "Oferta złożona w terminie", "Met")
    answer(page, "Oferta podpisana", "Met")
    page.get_by_role("button", name="Record the result of the check").click()
    page.wait_for_url(re.compile(re.escape(formal) + "$"))
    assert_accessible(page)

    # Offer 2: a correctable defect: section III to correct within a week.
    page.get_by_role("link", name=TITLES[1]).click()
    answer(page, "Oferta złożona w terminie", "Met")
    answer(page, "Oferta podpisana", "Not met")
    page.get_by_role("group", name=re.compile("^Sections the offeror must correct")).get_by_label(
        "III. Description of the task", exact=True
    ).check()
    deadline = timezone.localtime() + dt.timedelta(days=7)
    page.get_by_label(re.compile("^Deadline for the correction")).fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Record the result of the check").click()
    page.wait_for_url(re.compile(re.escape(formal) + "$"))

    # Offer 3: a defect that cannot be corrected: rejected, with the reasons. First without them.
    page.get_by_role("link", name=TITLES[2]).click()
    answer(page, "Oferta złożona w terminie", "Not met")
    answer(page, "Oferta podpisana", "Met")
    page.get_by_role("button", name="Record the result of the check").click()
    expect(page.locator(".error-summary")).to_be_visible()
    reasons = page.get_by_label(re.compile("^Reasons for rejection"))
    expect(reasons).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    answer(page, "Oferta złożona w terminie", "Not met")
    answer(page, "Oferta podpisana", "Met")
    reasons.fill("Oferta złożona po terminie.")
    page.get_by_role("button", name="Record the result of the check").click()
    page.wait_for_url(re.compile(re.escape(formal) + "$"))
    with scopes_disabled():
        states = {o.pk: Offer.objects.get(pk=o.pk).state for o in offers}
    assert states == {
        accepted.pk: OfferState.FORMALLY_ACCEPTED,
        corrected.pk: OfferState.CORRECTION,
        rejected.pk: OfferState.FORMALLY_REJECTED,
    }

    # The NGO corrects the listed section (only that one) and submits the correction.
    author = people[1][1]
    log_in(page, live_server, author, f"/testowo/oferty/{corrected.pk}/", totp=False)
    one_h1(page)
    assert_accessible(page)
    sections = page.locator("#correction-sections").get_by_role("link")
    expect(sections).to_have_count(1)
    sections.get_by_text("III. Description of the task").click()
    page.wait_for_url(re.compile(r"/zadanie/$"))
    assert_accessible(page)
    page.locator("#id_f-title").fill("Wolontariusze kultury – poprawiona")
    save(page)
    page.goto(f"{live_server.url}/testowo/oferty/{corrected.pk}/")
    page.get_by_role("button", name="Submit the correction").click()
    page.wait_for_load_state()
    assert_accessible(page)
    with scopes_disabled():
        offer = Offer.objects.get(pk=corrected.pk)
        assert offer.state == OfferState.SUBMITTED
        assert offer.versions.count() == 2

    # A colleague passes the corrected version and publishes the list.
    log_in(page, live_server, colleague, formal)
    page.get_by_role("link", name="Wolontariusze kultury – poprawiona").click()
    one_h1(page)
    assert_accessible(page)  # the earlier round and what the correction changed
    answer(page, "Oferta złożona w terminie", "Met")
    answer(page, "Oferta podpisana", "Met")
    page.get_by_role("button", name="Record the result of the check").click()
    page.wait_for_url(re.compile(re.escape(formal) + "$"))
    page.get_by_role("button", name="Publish the list of formal results").click()
    page.wait_for_url(re.compile(re.escape(formal) + "$"))
    assert_accessible(page)
    page.get_by_role("link", name="Public list").click()
    page.wait_for_url(re.compile(rf"/testowo/konkursy/{call.pk}/wyniki-oceny-formalnej/$"))
    one_h1(page)
    assert_accessible(page)
    expect(page.get_by_text("Oferta złożona po terminie.")).to_be_visible()
    with scopes_disabled():
        assert Offer.objects.get(pk=corrected.pk).state == OfferState.FORMALLY_ACCEPTED
        assert Call.objects.get(pk=call.pk).formal_results_published_at is not None


def test_official_forms_and_appoints_the_commission(page, live_server, tenant):
    official = official_of(tenant)
    call, offers = closed_call_with_offers(tenant, official, entrants(tenant, 2), titles=TITLES[:2])
    chair, colleague, candidate = UserFactory(), UserFactory(), UserFactory(full_name="Ewa Kandydatka")
    with scopes_disabled():
        passed_formal_check(call, official, offers)
        commission = commission_services.ensure_commission(call=Call.objects.get(pk=call.pk), actor=official)
        recruitment = commission_services.open_recruitment(
            commission=commission, actor=official, deadline=timezone.now() + dt.timedelta(days=2), description=""
        )
        nominator, neighbours = ngo_member(tenant=tenant)
        nomination = commission_services.nominate_candidate(
            recruitment=recruitment,
            organisation=neighbours,
            actor=nominator,
            candidate_email=candidate.email,
            statement="Animuje wydarzenia sąsiedzkie.",
        )
        commission_services.close_recruitment(recruitment=recruitment, actor=official)
    here = f"/testowo/urzad/ocena/komisja/{call.pk}/"

    log_in(page, live_server, official, here)
    one_h1(page)
    assert_accessible(page)
    form = page.locator("#member-form")
    for user, role, kind in ((chair, "Chair", "local government"), (colleague, "Member", "local government")):
        form.get_by_label(re.compile("^E-mail address of the person")).fill(user.email)
        form.get_by_label(re.compile("^Role")).select_option(label=role)
        form.get_by_label(re.compile("^Represents")).select_option(label=f"Representative of the {kind}")
        form.get_by_role("button", name="Add the member").click()
        page.wait_for_url(re.compile(re.escape(here) + "$"))
        form = page.locator("#member-form")
    form.get_by_label(re.compile("^Role")).select_option(label="Member")
    form.get_by_label(re.compile("^Represents")).select_option(label="Person nominated by an organisation")
    form.get_by_label(re.compile("^Nomination")).select_option(str(nomination.pk))
    expect(form.get_by_label(re.compile("^Nomination")).locator("option:checked")).to_contain_text("Ewa Kandydatka")
    form.get_by_role("button", name="Add the member").click()
    page.wait_for_url(re.compile(re.escape(here) + "$"))
    assert_accessible(page)

    appoint = page.locator("#appoint-form")
    appoint.get_by_label(re.compile("^Number of the appointing order")).fill("ZP/50/2027")
    appoint.get_by_label(re.compile("^Date of the appointing order")).fill(timezone.localdate().isoformat())
    appoint.get_by_role("button", name="Appoint the commission").click()
    page.wait_for_url(re.compile(re.escape(here) + "$"))
    expect(page.locator("#commission-state-value")).to_have_attribute("data-state", CommissionState.APPOINTED)
    assert_accessible(page)
    with scopes_disabled():
        seats = {m.user_id: (m.role, m.kind) for m in CommissionMember.objects.filter(commission=commission)}
    assert seats == {
        chair.pk: ("chair", "office"),
        colleague.pk: ("member", "office"),
        candidate.pk: ("member", "ngo"),
    }


def scoring_commission(tenant, *, declared=("chair", "member", "expert", "excluded", "undeclared"), scored=False):
    """A commission appointed for a call with two formally correct offers (TITLES[0], TITLES[1])."""
    official = official_of(tenant)
    people = People.create(tenant)
    call, offers = closed_call_with_offers(
        tenant, official, [(people.organisation, people.ngo), *entrants(tenant, 1)], titles=TITLES[:2]
    )
    with scopes_disabled():
        passed_formal_check(call, official, offers)
        stage = appointed_commission(Call.objects.get(pk=call.pk), official, people)
        stage.offers = [Offer.objects.get(pk=o.pk) for o in offers]
        declare(stage, people, declared)
        if scored:
            score_everything(stage, people)
    return official, people, stage


def test_member_declares_a_conflict_and_scores_an_offer(page, live_server, tenant):
    _official, people, stage = scoring_commission(tenant, declared=("chair",))
    seat = stage.seats["member"]
    first, second = stage.offers
    commission_url = f"/testowo/komisja/{stage.commission.pk}/"

    log_in(page, live_server, people.member, commission_url.replace(f"{stage.commission.pk}/", ""))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(re.escape(stage.call.title))).first.click()
    page.wait_for_url(re.compile(r"/oswiadczenie/$"))  # the declaration comes first
    one_h1(page)
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("^Offers whose offerors I have a tie with")).get_by_label(
        re.compile(re.escape(TITLES[1]))
    ).check()
    page.get_by_label(re.compile("^I declare that the above is true")).check()
    page.get_by_role("button", name="Sign the declaration").click()
    page.wait_for_url(re.compile(re.escape(commission_url) + "$"))
    one_h1(page)
    assert_accessible(page)
    expect(page.get_by_role("link", name=TITLES[0])).to_be_visible()
    expect(page.get_by_role("link", name=TITLES[1])).to_have_count(0)
    response = page.goto(f"{live_server.url}{commission_url}oferta/{second.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}{commission_url}")

    page.get_by_role("link", name=TITLES[0]).click()
    assert_accessible(page)
    with scopes_disabled():
        criterion = stage.call.criteria.get()
    points = page.get_by_label(re.compile(rf"^{re.escape(criterion.name)}: points"))
    points.fill("12")
    page.get_by_label(re.compile("^Justification of the assessment")).fill("Spójna oferta, realny budżet.")
    page.get_by_role("button", name="Submit the score card").click()
    # The error is next to the field, tied to it, and the summary's link moves the focus there.
    errors = page.locator(f"#id_points_{criterion.pk}_errors")
    expect(errors).to_be_visible()
    expect(points).to_have_attribute("aria-describedby", re.compile(f"id_points_{criterion.pk}_errors"))
    page.locator(".error-summary").get_by_role("link").first.click()
    expect(points).to_be_focused()
    assert_accessible(page)
    with scopes_disabled():
        assert not ScoreCard.objects.filter(member=seat, state=CardState.SUBMITTED).exists()
    points.fill("8")
    page.get_by_role("button", name="Submit the score card").click()
    expect(page.locator("#card-state")).to_have_attribute("data-state", CardState.SUBMITTED)
    assert_accessible(page)  # now with the other members' submitted cards
    with scopes_disabled():
        card = ScoreCard.objects.get(member=seat, offer=first)
        assert card.state == CardState.SUBMITTED
        assert [s.points for s in card.scores.all()] == [Decimal("8.00")]
        assert not ScoreCard.objects.filter(member=seat, offer=second).exists()


def test_chair_proposes_closes_the_round_and_signs_the_protocol(page, live_server, tenant):
    _official, people, stage = scoring_commission(tenant, scored=True)
    progress = f"/testowo/komisja/protokol/{stage.commission.pk}/"

    log_in(page, live_server, people.chair, progress)
    one_h1(page)
    assert_accessible(page)
    for offer in stage.offers:
        page.get_by_label(re.compile(rf"^Proposed amount for “{re.escape(offer.title)}”")).fill("9000")
    page.get_by_label(re.compile("^Opinion of the commission")).fill("Komisja pozytywnie opiniuje obie oferty.")
    page.get_by_role("button", name="Save the proposals and the opinion").click()
    page.wait_for_url(re.compile(re.escape(progress) + "$"))
    expect(page.locator("#proposed-total")).to_have_text(re.compile(r"^18[\s\u00a0\u202f,]?000[.,]00$"))
    assert_accessible(page)

    page.get_by_role("button", name="Close the scoring").click()
    page.wait_for_url(re.compile(re.escape(progress) + "protokol/$"))
    assert_accessible(page)
    page.get_by_role("button", name="I accept the protocol").click()
    expect(page.locator("#protocol-accepted")).to_be_visible()
    assert_accessible(page)
    pdf = page.request.get(page.locator("#protocol-pdf-link").get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    with scopes_disabled():
        commission = Commission.objects.get(pk=stage.commission.pk)
        assert commission.state == CommissionState.CLOSED
        assert [row["proposed"] for row in commission.result["rows"]] == ["9000.00", "9000.00"]
        assert ProtocolSignature.objects.filter(member=stage.seats["chair"]).exists()


def test_decision_public_results_and_a_justification_request(page, live_server, tenant):
    official, people, stage = scoring_commission(tenant, scored=True)
    colleague = official_of(tenant)
    with scopes_disabled():
        protocol.set_proposals(
            commission=stage.commission,
            actor=people.chair,
            amounts={stage.offers[0].pk: Decimal("9000"), stage.offers[1].pk: Decimal("6000")},
            notes={},
            opinion="Obie oferty dobre.",
        )
        protocol.close_round(commission=Commission.objects.get(pk=stage.commission.pk), actor=people.chair)
    call = stage.call
    decision = f"/testowo/urzad/ocena/rozstrzygniecie/{call.pk}/"

    log_in(page, live_server, official, decision)
    one_h1(page)
    assert_accessible(page)
    page.get_by_label(re.compile("^Number of the order")).fill("ZP/71/2027")
    page.get_by_role("button", name="Record the decision and publish the results").click()
    page.wait_for_url(re.compile(re.escape(decision) + "$"))
    expect(page.locator("#decision-number")).to_have_text("ZP/71/2027")
    assert_accessible(page)

    page.get_by_role("link", name="Public results page").click()
    results = f"/testowo/konkursy/{call.pk}/wyniki/"
    page.wait_for_url(re.compile(re.escape(results) + "$"))
    one_h1(page)
    assert_accessible(page)
    for name, content_type, start in (
        ("Results (PDF)", "application/pdf", b"%PDF"),
        ("Open data (CSV, UTF-8)", "text/csv; charset=utf-8", "\ufeffcall_number".encode()),
        ("Open data (JSON)", "application/json; charset=utf-8", b"{"),
    ):
        response = page.request.get(page.get_by_role("link", name=name).get_attribute("href"))
        assert response.status == 200, name
        assert response.headers["content-type"] == content_type
        assert response.body().startswith(start)
    with scopes_disabled():
        assert {o.state for o in Offer.objects.filter(call=call)} == {OfferState.AWARDED, OfferState.UPDATE_REQUIRED}

    # A resident (not signed in) asks for the justification.
    page.context.clear_cookies()
    english(page, live_server)
    page.goto(f"{live_server.url}{results}")
    page.get_by_role("link", name="Ask for the justification of a result").click()
    one_h1(page)
    assert_accessible(page)
    page.get_by_role("button", name="Send the request").click()  # empty: errors by the fields
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("^Your name or your organisation")).fill("Jan Mieszkaniec")
    page.get_by_label(re.compile("^E-mail for the answer")).fill("jan@example.org")
    page.get_by_label(re.compile("^Your request")).fill("Dlaczego druga oferta dostała mniej?")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url(re.compile(re.escape(results) + "$"))
    expect(page.locator(".messages")).to_be_visible()
    with scopes_disabled():
        request = JustificationRequest.objects.get(call=call)

    # A colleague in the office answers it.
    log_in(page, live_server, colleague, f"/testowo/urzad/ocena/rozstrzygniecie/{call.pk}/uzasadnienia/")
    one_h1(page)
    assert_accessible(page)
    page.locator(f"main a[href$='/{request.pk}/odpowiedz/']").click()
    one_h1(page)
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Answer \(justification")).fill("Komisja obniżyła koszty koordynacji.")
    page.get_by_role("button", name="Record and send the answer").click()
    page.wait_for_url(re.compile(r"/uzasadnienia/$"))
    assert_accessible(page)
    with scopes_disabled():
        request.refresh_from_db()
        assert request.state == RequestState.ANSWERED
        assert request.answered_by_id == colleague.pk
