"""Journeys of a consultation in Chromium: an organisation comments on a unit of the draft using only the
keyboard, and the official answers every comment and publishes the report. Every page visited passes
axe-core. What each journey starts from is written through the services (tests/consultations/).
"""

import re

import pytest
from django.core.cache import cache
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from pozytek.consultations import services
from pozytek.consultations.models import Comment, Consultation
from pozytek.consultations.states import ConsultationState
from tests.consultations.consultation_helpers import end_period, published
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_evaluation_journey import log_in, one_h1
from tests.factories.offers import ngo_member
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.e2e
MAX_TABS = 150


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo", email="urzad@testowo.example")


def tab_to(page, name: str) -> None:
    """Press Tab until the focused element's accessible text is `name` (fails if it is never reached)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        text = page.evaluate("() => (document.activeElement.innerText || document.activeElement.value || '').trim()")
        if text == name:
            return
    pytest.fail(f"{name!r} cannot be reached with the Tab key")


def tab_to_field(page, label: str) -> None:
    """Press Tab until the focused control is the one labelled `label`."""
    target = page.get_by_label(label)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"the field {label!r} cannot be reached with the Tab key")


def test_an_organisation_comments_on_a_unit_by_keyboard(page, live_server, tenant, official):
    consultation = published(tenant, official, audience="ngos")
    member, organisation = ngo_member(tenant=tenant)
    log_in(page, live_server, member, f"/testowo/konsultacje/{consultation.pk}/", totp=False)
    one_h1(page)
    assert_accessible(page)

    tab_to(page, "Comment on § 2.")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/uwagi/\?jednostka=\d+$"))
    one_h1(page)
    assert_accessible(page)
    expect(page.get_by_label("Part of the draft")).to_have_value(re.compile(r"^\d+$"))
    expect(page.get_by_label("On behalf of")).to_contain_text(organisation.name)

    # Sending without the comment: the error is announced and tied to the field; nothing is lost.
    tab_to_field(page, "Proposed wording")
    page.keyboard.type("§ 2. Celem głównym jest partnerstwo.")
    tab_to(page, "Send the comment")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Write your comment and its justification.")
    assert_accessible(page)
    expect(page.get_by_label("Proposed wording")).to_have_value("§ 2. Celem głównym jest partnerstwo.")
    justification = page.get_by_label("Comment and justification")
    expect(justification).to_have_attribute("aria-describedby", re.compile("id_justification_errors"))

    tab_to_field(page, "Comment and justification")
    page.keyboard.type("Partnerstwo lepiej oddaje ducha ustawy. <b>ważne</b>")
    tab_to(page, "Send the comment")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/testowo/konsultacje/{consultation.pk}/$"))
    expect(page.get_by_text("Your comment has been recorded.")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("1 comment on § 2.").click()
    expect(page.get_by_text("Partnerstwo lepiej oddaje ducha ustawy. <b>ważne</b>")).to_be_visible()
    expect(page.locator("main")).to_contain_text(organisation.name)
    with scopes_disabled():
        comment = Comment.objects.get(consultation=consultation)
        assert (comment.unit.label, comment.organisation_id) == ("§ 2.", organisation.pk)


def test_the_official_answers_every_comment_and_publishes_the_report(page, live_server, tenant, official):
    consultation = published(tenant, official)
    first_author, first_org = ngo_member(tenant=tenant)
    second_author, _second_org = ngo_member(tenant=tenant)
    with scopes_disabled():
        units = list(consultation.units.all())
        first = services.submit_comment(
            consultation=consultation,
            actor=first_author,
            unit_id=units[0].pk,
            organisation=first_org,
            proposed_wording="Nowe brzmienie § 1.",
            justification="Doprecyzowanie zakresu programu.",
        )
        services.submit_comment(
            consultation=consultation,
            actor=second_author,
            unit_id=None,
            organisation=None,
            justification="Ogólna uwaga.",
        )
    end_period(consultation)
    base = f"/testowo/urzad/konsultacje/{consultation.pk}/"
    log_in(page, live_server, official, f"{base}uwagi/")
    one_h1(page)
    assert_accessible(page)

    page.get_by_role("link", name=f"Answer comment no. {first.pk}").click()
    one_h1(page)
    assert_accessible(page)
    page.get_by_role("button", name="Save the answer").click()  # no answer chosen, no reason
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Partly accepted").check()
    page.get_by_label("Reason").fill("Uwzględniono doprecyzowanie, bez zmiany zakresu.")
    page.get_by_role("button", name="Save the answer").click()
    # The next comment without an answer opens at once.
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(f"no. {first.pk}")
    page.get_by_label("Rejected").check()
    page.get_by_label("Reason").fill("Uwaga nie dotyczy treści projektu.")
    page.get_by_role("button", name="Save the answer").click()
    page.wait_for_url(re.compile(r"/uwagi/$"))
    assert_accessible(page)

    page.get_by_role("link", name="Consultation report").click()
    one_h1(page)
    assert_accessible(page)
    page.get_by_label("Summary of the consultation").fill("Wpłynęły dwie uwagi.")
    page.get_by_role("button", name="Publish the report and notify participants").click()
    page.wait_for_url(re.compile(rf"/testowo/konsultacje/{consultation.pk}/raport/$"))
    one_h1(page)
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Uwzględniono doprecyzowanie, bez zmiany zakresu.")
    expect(page.locator("main")).to_contain_text("Wpłynęły dwie uwagi.")
    expect(page.get_by_role("link", name="the report as PDF")).to_be_visible()
    with scopes_disabled():
        assert Consultation.objects.get(pk=consultation.pk).state == ConsultationState.REPORTED


def _with_survey_and_meeting(tenant, official, title):
    import datetime as dt

    from django.utils import timezone

    from tests.consultations.consultation_helpers import draft

    consultation = draft(tenant, official, title=title, survey=True, meetings=True)
    with scopes_disabled():
        services.set_questions(
            consultation=consultation,
            actor=official,
            questions=[
                {"text": "Czy popierasz projekt?", "kind": "choice", "choices": "Tak\nNie\nNie mam zdania"},
                {"text": "Ocena projektu", "kind": "scale"},
                {"text": "Inne uwagi", "kind": "text"},
            ],
        )
        meeting = services.add_meeting(
            consultation=consultation,
            actor=official,
            starts_at=timezone.now() + dt.timedelta(days=2),
            place="Ratusz, sala sesyjna",
            registration_required=True,
            capacity=10,
        )
        consultation = services.publish_consultation(consultation=consultation, actor=official)
    return consultation, meeting


def test_every_consultation_page_passes_axe(page, live_server, tenant, official):
    from pozytek.consultations.models import Meeting

    member, organisation = ngo_member(tenant=tenant)
    open_one, meeting = _with_survey_and_meeting(tenant, official, "Konsultacje otwarte")
    closed, old_meeting = _with_survey_and_meeting(tenant, official, "Konsultacje zakończone")
    with scopes_disabled():
        questions = list(closed.questions.all())
        services.submit_survey(
            consultation=closed,
            actor=member,
            organisation=organisation,
            answers={questions[0].pk: "Tak", questions[1].pk: "4", questions[2].pk: "Dobry projekt."},
        )
        comment = services.submit_comment(
            consultation=closed, actor=member, unit_id=None, organisation=organisation, justification="Uwaga ogólna"
        )
    end_period(closed)
    from django.utils import timezone

    with scopes_disabled():  # meetings are child rows, scoped through their consultation's tenant
        Meeting.objects.filter(pk=old_meeting.pk).update(starts_at=timezone.now() - timezone.timedelta(days=3))
        old_meeting.refresh_from_db()
        services.record_minutes(meeting=old_meeting, actor=official, minutes="Omówiono projekt.", attendance=5)
        services.answer_comment(comment=comment, actor=official, response="accepted", reason="Przyjęto.")
        services.publish_report(consultation=closed, actor=official, summary="Podsumowanie.")

    log_in(page, live_server, member, "/testowo/konsultacje/", totp=False)
    assert_accessible(page)
    for path in (
        "/testowo/konsultacje/?status=open",
        f"/testowo/konsultacje/{open_one.pk}/",
        f"/testowo/konsultacje/{open_one.pk}/ankieta/",
        f"/testowo/konsultacje/{open_one.pk}/spotkania/{meeting.pk}/zapis/",
        f"/testowo/konsultacje/{closed.pk}/",
        f"/testowo/konsultacje/{closed.pk}/raport/",
    ):
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        one_h1(page)
        assert_accessible(page)
    expect(page.locator("svg.bar-chart").first).to_be_visible()

    page.goto(f"{live_server.url}/testowo/konsultacje/{open_one.pk}/ankieta/")
    page.get_by_label("Nie mam zdania").check()
    page.get_by_role("button", name="Send the survey").click()
    expect(page.get_by_text("Thank you for filling in the survey.")).to_be_visible()

    base = "/testowo/urzad/konsultacje/"
    log_in(page, live_server, official, base)
    assert_accessible(page)
    for path in (
        "nowa/",
        f"{open_one.pk}/",
        f"{open_one.pk}/edycja/",
        f"{open_one.pk}/spotkania/{meeting.pk}/protokol/",
        f"{closed.pk}/uwagi/",
        f"{closed.pk}/raport/",
    ):
        assert page.goto(f"{live_server.url}{base}{path}").status == 200, path
        one_h1(page)
        assert_accessible(page)
    page.goto(f"{live_server.url}{base}nowa/")
    page.get_by_label("Subject").fill("Nowy projekt")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/urzad/konsultacje/\d+/$"))
    assert_accessible(page)
    new_pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
    for suffix in ("projekt/", "ankieta/"):
        response = page.goto(f"{live_server.url}{base}{new_pk}/{suffix}")
        assert response.status == 200
        one_h1(page)
        assert_accessible(page)
