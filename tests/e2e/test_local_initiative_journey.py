"""Journey of a local initiative (art. 19b) in Chromium: a resident finds the page, starts a group application,
writes it (task, social work, estimate, schedule, members), is told who has not confirmed yet; the members confirm
through their e-mailed links (a non-resident statement is refused next to its field); the application is
submitted and reaches the office. Every page visited passes axe-core."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from pozytek.initiatives.models import GroupMember, Initiative
from pozytek.initiatives.states import InitiativeState
from tests.conftest import with_totp
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_evaluation_journey import log_in, one_h1
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.tenants import TenantFactory
from tests.initiatives.helpers import criteria

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def tenant(transactional_db):
    return TenantFactory(name="Miasto Testowo", slug="testowo", email="urzad@testowo.example")


@pytest.fixture
def office(tenant):
    from pozytek.accounts.models import Role

    official = with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)
    criteria(tenant, official)
    return official


def form_of(page, action: str):
    return page.locator("main form", has=page.locator(f"input[name=action][value={action}]"))


def link_for(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return re.search(r"(/testowo/inicjatywa-lokalna/potwierdzenie/[^/\s]+/)", message.body).group(1)


def test_a_resident_group_applies_for_a_local_initiative(page, live_server, tenant, office):
    resident = UserFactory(full_name="Anna Koordynatorka")
    log_in(page, live_server, resident, "/testowo/inicjatywa-lokalna/", totp=False)
    one_h1(page)
    expect(page.locator("main table")).to_contain_text("Wkład pracy społecznej40")
    assert_accessible(page)

    page.get_by_role("link", name="Apply for a local initiative").click()
    page.wait_for_url(re.compile(r"/inicjatywa-lokalna/nowy-wniosek/$"))
    one_h1(page)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_be_visible()  # the title is required: said next to the field
    assert_accessible(page)
    page.get_by_label("Title of the initiative").fill("Łąka kwietna przy szkole")
    page.get_by_label("Task (art. 19b ust. 1 of the Act)").select_option("nature")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/inicjatywa-lokalna/wnioski/\d+/$"))
    one_h1(page)
    assert_accessible(page)
    with scopes_disabled():
        initiative = Initiative.objects.get(title="Łąka kwietna przy szkole")

    details = form_of(page, "details")
    details.get_by_label("What will be done and for whom").fill("Sąsiedzi zakładają łąkę kwietną.")
    details.get_by_label("Place").fill("Teren przy Szkole Podstawowej nr 1")
    today = timezone.localdate()
    details.get_by_label("Start").fill(today.isoformat())
    details.get_by_label("End").fill((today + dt.timedelta(days=40)).isoformat())
    details.get_by_role("button", name="Save").click()
    expect(page.locator("main .messages")).to_contain_text("Saved.")

    work = form_of(page, "contribution")
    work.get_by_label("Kind of contribution").select_option("work")
    work.get_by_label("What is given").fill("Przekopanie i siew")
    work.get_by_label("Kind of work").select_option("simple")
    work.get_by_role("button", name="Add the contribution").click()
    expect(page.get_by_role("alert")).to_be_visible()  # no hours: said next to the field, the rest kept
    expect(form_of(page, "contribution").get_by_label("What is given")).to_have_value("Przekopanie i siew")
    assert_accessible(page)
    form_of(page, "contribution").get_by_label("Hours").fill("40")
    form_of(page, "contribution").get_by_role("button", name="Add the contribution").click()
    expect(page.locator("main table.contributions tbody")).to_contain_text("Przekopanie i siew")

    cost = form_of(page, "estimate")
    cost.get_by_label("Cost item").fill("Nasiona łąki kwietnej")
    cost.get_by_label("Amount (PLN)").fill("1200")
    cost.get_by_role("button", name="Add the cost").click()
    expect(page.locator("main .messages")).to_contain_text("Saved.")
    step = form_of(page, "milestone")
    step.get_by_label("Step").fill("Siew")
    step.get_by_label("Planned by").fill((today + dt.timedelta(days=20)).isoformat())
    step.get_by_role("button", name="Add the step").click()
    expect(page.locator("main .messages")).to_contain_text("Saved.")

    for name, email in (("Bartosz Sąsiad", "bartosz@example.com"), ("Celina Sąsiadka", "celina@example.com")):
        member = form_of(page, "member")
        member.get_by_label("Full name").fill(name)
        member.get_by_label("E-mail").fill(email)
        member.get_by_role("button", name="Add the member").click()
        expect(page.locator("main ul.members")).to_contain_text(name)
    assert_accessible(page)

    form_of(page, "submit").get_by_role("button", name="Submit the application").click()
    expect(page.locator("main .messages")).to_contain_text("Not every member has confirmed by e-mail yet")
    assert_accessible(page)

    confirm = link_for("celina@example.com")
    page.goto(f"{live_server.url}{confirm}")
    one_h1(page)
    assert_accessible(page)
    page.get_by_label("I am 18 or older.").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("Only residents of Miasto Testowo")
    assert_accessible(page)
    with scopes_disabled():
        assert GroupMember.objects.get(initiative=initiative, email="celina@example.com").confirmed_at is None

    for email in (resident.email, "bartosz@example.com", "celina@example.com"):
        page.goto(f"{live_server.url}{link_for(email)}")
        page.get_by_label("I live in Miasto Testowo.").check()
        page.get_by_label("I am 18 or older.").check()
        page.locator("main form button[type=submit]").click()
        expect(page.locator("main p.confirmed")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/testowo/inicjatywa-lokalna/wnioski/{initiative.pk}/")
    expect(page.locator("main ul.members strong.confirmed")).to_have_count(3)
    form_of(page, "submit").get_by_role("button", name="Submit the application").click()
    expect(page.locator("main .messages")).to_contain_text("The application has been submitted to the office.")
    assert_accessible(page)
    with scopes_disabled():
        submitted = Initiative.objects.get(pk=initiative.pk)
    assert submitted.state == InitiativeState.SUBMITTED and submitted.criteria_set is not None


def test_the_office_assesses_contracts_and_opens_the_done_page(page, live_server, tenant, office, tmp_path):
    from PIL import Image

    from tests.initiatives.helpers import submitted

    initiative = submitted(tenant, office, title="Skwer przy Wolności")
    log_in(page, live_server, office, "/testowo/urzad/inicjatywa-lokalna/")
    one_h1(page)
    assert_accessible(page)
    page.get_by_role("link", name="Skwer przy Wolności").click()
    page.wait_for_url(re.compile(rf"/urzad/inicjatywa-lokalna/{initiative.pk}/$"))
    assert_accessible(page)
    score = form_of(page, "score")
    for field in score.locator("input[type=number]").all():
        field.fill(field.get_attribute("max"))
    score.get_by_role("button", name="Save the scores").click()
    expect(page.locator("main")).to_contain_text("Points: 90 of 90.")
    decision = form_of(page, "decide")
    decision.get_by_label("Approve: the agreement follows").check()
    decision.get_by_label("Reason").fill("Duży wkład pracy mieszkańców.")
    decision.get_by_role("button", name="Record the decision").click()
    expect(page.locator("main .messages")).to_contain_text("Saved.")
    assert_accessible(page)

    page.locator("main").get_by_role("link", name="Agreement", exact=True).click()
    page.wait_for_url(re.compile(r"/umowa/$"))
    assert_accessible(page)
    terms = form_of(page, "agreement")
    today = timezone.localdate().isoformat()
    terms.get_by_label("Number").fill("IL/3/2026")
    terms.get_by_label("Place of signing").fill("Testowo")
    for label in ("Concluded on", "In force from", "In force until"):
        terms.get_by_label(label).fill(today)
    terms.get_by_label("For the local government").fill("Jan Burmistrz")
    terms.get_by_label("For the residents").fill("Anna Koordynatorka")
    terms.get_by_role("button", name="Save the agreement").click()
    item = form_of(page, "item")
    item.get_by_label("Item").fill("Ławki parkowe")
    item.get_by_label("How").select_option("buy")
    item.get_by_label("Value (PLN)").fill("3600")
    item.get_by_role("button", name="Add the item").click()
    expect(page.locator("main ul.office-items")).to_contain_text("Ławki parkowe")
    assert_accessible(page)
    form_of(page, "sign").get_by_role("button", name="Record the signed agreement").click()
    expect(page.locator("main").get_by_role("link", name="Execution")).to_be_visible()

    page.locator("main").get_by_role("link", name="Execution").click()
    page.wait_for_url(re.compile(r"/realizacja/$"))
    assert_accessible(page)
    delivery = form_of(page, "delivery")
    delivery.get_by_label("Promised contribution").select_option(label="Sadzenie i sprzątanie")
    delivery.get_by_label("Date").fill(today)
    delivery.get_by_label("Hours worked").fill("64")
    delivery.get_by_role("button", name="Log it").click()
    expect(page.locator("main table.contributions tbody")).to_contain_text("64")
    picture = tmp_path / "skwer.png"
    Image.new("RGB", (32, 24), (40, 140, 60)).save(picture)
    photo = form_of(page, "photo")
    photo.get_by_label("Photo (JPG or PNG)").set_input_files(str(picture))
    photo.get_by_label("Caption").fill("Skwer po pracach")
    photo.get_by_role("button", name="Upload the photo").click()
    expect(page.locator("main .photos img")).to_have_attribute("alt", "Skwer po pracach")
    done = form_of(page, "complete")
    done.get_by_label("Done on").fill(today)
    done.get_by_label("What was done (shown on the public page)").fill("Posadzono krzewy i ustawiono ławki.")
    done.get_by_role("button", name="Mark the initiative as done").click()
    expect(page.locator("main").get_by_role("link", name="Public page")).to_be_visible()
    assert_accessible(page)

    page.locator("main").get_by_role("link", name="Public page").click()
    page.wait_for_url(re.compile(rf"/inicjatywa-lokalna/zrealizowane/{initiative.pk}/$"))
    one_h1(page)
    expect(page.locator("main p.done-badge")).to_be_visible()
    expect(page.locator("main .photos img")).to_have_attribute("alt", "Skwer po pracach")
    assert_accessible(page)
