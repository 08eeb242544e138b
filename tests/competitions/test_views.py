"""HTTP: office permission matrix, forms with bad input, public pages, PDF, query counts."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from pozytek.accounts.models import Role
from pozytek.competitions.models import Call
from pozytek.competitions.states import CallState
from pozytek.legal.models import SphereOfPublicTasks
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory
from tests.factories.competitions import CallFactory, PublishedCallFactory

pytestmark = pytest.mark.integration


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def valid_post(**overrides: str) -> dict[str, str]:
    deadline = timezone.localtime() + dt.timedelta(days=30)
    data = {
        "title": "Sport dla dzieci",
        "number": "",
        "task_type": "Zajęcia sportowe",
        "spheres": str(SphereOfPublicTasks.objects.first().pk),
        "mode": "support",
        "total_funds": "50000.00",
        "award_rules": "Zasady",
        "delivery_start": (deadline.date() + dt.timedelta(days=30)).isoformat(),
        "delivery_end": (deadline.date() + dt.timedelta(days=90)).isoformat(),
        "delivery_conditions": "Warunki",
        "offer_deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "procedure": "Komisja",
        "choice_deadline": (deadline.date() + dt.timedelta(days=14)).isoformat(),
        "previous_tasks": "Brak",
        "min_grant": "1000",
        "max_grant": "5000",
        "min_own_total": "10",
        "min_own_financial": "",
        "min_own_personal": "",
        "admin_costs_cap": "",
        "required_attachments": "Statut",
        "eligible_entities": "ngo",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "Jakość",
        "criteria-0-max_points": "10",
        "criteria-0-description": "",
        "criteria-1-name": "",
        "criteria-1-max_points": "",
        "criteria-1-description": "",
        "checklist-TOTAL_FORMS": "1",
        "checklist-INITIAL_FORMS": "0",
        "checklist-0-text": "Podpis",
        "checklist-0-correctable": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


OFFICE_PAGES = ["/testowo/urzad/konkursy/", "/testowo/urzad/konkursy/nowy/", "/testowo/urzad/konkursy/{pk}/"]


@pytest.mark.parametrize("url", OFFICE_PAGES)
@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("resident", 403), ("other_official", 403), ("official", 200)]
)
def test_office_pages_permission_matrix(client, tenant, other_tenant, resident, official, url, who, status):
    call = CallFactory(tenant=tenant)
    users = {
        "resident": with_totp(resident),
        "other_official": with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user),
        "official": official,
    }
    if who in users:
        login_with_mfa(client, users[who])

    response = client.get(url.format(pk=call.pk))

    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/konto/login/")


def test_office_create_call_saves_and_redirects_to_preview(office, tenant):
    response = office.post("/testowo/urzad/konkursy/nowy/", valid_post())

    assert response.status_code == 302
    with scopes_disabled():
        call = Call.objects.get(tenant=tenant)
        assert response["Location"] == f"/testowo/urzad/konkursy/{call.pk}/"
        assert [c.name for c in call.criteria.all()] == ["Jakość"]
        assert [i.correctable for i in call.checklist.all()] == [True]
        assert call.eligible_entities == ["ngo"]


def test_office_preview_lists_problems_and_publishes(office, tenant):
    call = CallFactory(tenant=tenant, criteria=0)

    page = office.get(f"/testowo/urzad/konkursy/{call.pk}/").content.decode()
    assert page.count("<h1") == 1
    assert f'href="/testowo/urzad/konkursy/{call.pk}/edycja/#criteria"' in page

    blocked = office.post(f"/testowo/urzad/konkursy/{call.pk}/publikuj/")
    assert blocked.status_code == 400

    good = CallFactory(tenant=tenant)
    response = office.post(f"/testowo/urzad/konkursy/{good.pk}/publikuj/")
    assert response.status_code == 302
    good.refresh_from_db()
    assert good.state == CallState.PUBLISHED


def test_office_edit_of_a_published_call_redirects_to_preview(office, tenant):
    call = PublishedCallFactory(tenant=tenant)

    response = office.get(f"/testowo/urzad/konkursy/{call.pk}/edycja/")

    assert response.status_code == 302
    assert response["Location"] == f"/testowo/urzad/konkursy/{call.pk}/"


def test_office_clone_creates_a_draft_copy(office, tenant):
    call = PublishedCallFactory(tenant=tenant)

    response = office.post(f"/testowo/urzad/konkursy/{call.pk}/kopiuj/")

    with scopes_disabled():
        copy = Call.objects.exclude(pk=call.pk).get()
    assert response["Location"] == f"/testowo/urzad/konkursy/{copy.pk}/edycja/"
    assert copy.state == CallState.DRAFT


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"total_funds": "-5"}, "total_funds", "Upewnij się, że ta wartość jest większa lub równa 0."),
        ({"min_grant": "1." + "1" * 40}, "min_grant", None),
        ({"min_grant": "9000", "max_grant": "100"}, "max_grant", None),
        ({"offer_deadline": "2001-01-01T12:00"}, "offer_deadline", None),
        ({"title": "x" * 301}, "title", None),
        ({"min_own_total": "150"}, "min_own_total", "Upewnij się, że ta wartość jest mniejsza lub równa 100."),
        ({"criteria-0-max_points": "0"}, "criteria-0-max_points", None),
    ],
)
def test_office_form_bad_input_gives_field_errors(office, tenant, overrides, field, message):
    response = office.post("/testowo/urzad/konkursy/nowy/", valid_post(**overrides))

    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_errors"' in html
    if message:
        assert message in html
    with scopes_disabled():
        assert not Call.objects.exists()


def test_office_forged_post_to_another_tenants_call_is_404(office, other_tenant):
    foreign = CallFactory(tenant=other_tenant)

    for url in (f"/testowo/urzad/konkursy/{foreign.pk}/edycja/", f"/testowo/urzad/konkursy/{foreign.pk}/publikuj/"):
        assert office.post(url, valid_post()).status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == CallState.DRAFT and foreign.title != "Sport dla dzieci"


@pytest.mark.parametrize("count", [1, 3])
def test_office_list_query_count_does_not_grow(office, tenant, django_assert_num_queries, count):
    CallFactory.create_batch(count, tenant=tenant)

    with django_assert_num_queries(OFFICE_LIST_QUERIES):
        assert office.get("/testowo/urzad/konkursy/").status_code == 200


OFFICE_LIST_QUERIES = 7  # incl. the layout's "My commissions" check
PUBLIC_LIST_QUERIES = 6


@pytest.mark.parametrize("count", [1, 3])
def test_public_list_query_count_does_not_grow(client, tenant, django_assert_num_queries, count):
    PublishedCallFactory.create_batch(count, tenant=tenant)

    with django_assert_num_queries(PUBLIC_LIST_QUERIES):
        assert client.get("/testowo/konkursy/").status_code == 200


def test_public_list_shows_only_public_calls_and_filters(client, tenant, other_tenant):
    sport, culture = SphereOfPublicTasks.objects.order_by("order")[:2]
    PublishedCallFactory(tenant=tenant, title="Konkurs sportowy", spheres=[sport])
    PublishedCallFactory(tenant=tenant, title="Konkurs kulturalny", spheres=[culture], state=CallState.CLOSED)
    CallFactory(tenant=tenant, title="Szkic konkursu")
    PublishedCallFactory(tenant=other_tenant, title="Konkurs innej gminy")

    html = client.get("/testowo/konkursy/").content.decode()
    assert html.count("<h1") == 1
    assert "Konkurs sportowy" in html and "Konkurs kulturalny" in html
    assert "Szkic konkursu" not in html and "Konkurs innej gminy" not in html

    by_sphere = client.get(f"/testowo/konkursy/?sphere={culture.pk}").content.decode()
    assert "Konkurs kulturalny" in by_sphere and "Konkurs sportowy" not in by_sphere
    by_status = client.get("/testowo/konkursy/?status=published").content.decode()
    assert "Konkurs sportowy" in by_status and "Konkurs kulturalny" not in by_status
    year = timezone.localdate().year
    assert "Konkurs sportowy" in client.get(f"/testowo/konkursy/?year={year}").content.decode()
    assert "Konkurs sportowy" not in client.get(f"/testowo/konkursy/?year={year - 5}").content.decode()
    assert client.get("/testowo/konkursy/?sphere=abc&year=x&status=<b>&page=99").status_code == 200


def test_public_detail_of_draft_and_foreign_call_is_404(client, tenant, other_tenant):
    draft = CallFactory(tenant=tenant)
    foreign = PublishedCallFactory(tenant=other_tenant)

    assert client.get(f"/testowo/konkursy/{draft.pk}/").status_code == 404
    assert client.get(f"/testowo/konkursy/{foreign.pk}/").status_code == 404
    assert client.get(f"/testowo/konkursy/{draft.pk}/ogloszenie.pdf").status_code == 404


def test_public_detail_and_pdf_show_the_announcement(client, tenant):
    call = PublishedCallFactory(tenant=tenant, title="Wakacje z piłką nożną", number="7/2027")

    page = client.get(f"/testowo/konkursy/{call.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<h1") == 1
    assert "Wakacje z piłką nożną" in html and "Jakość oferty 1" in html

    pdf = client.get(f"/testowo/konkursy/{call.pk}/ogloszenie.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.content).split())  # lines wrap differently per language
    assert "Wakacje z piłką nożną" in text
    assert "7/2027" in text
    assert "Jakość oferty 1" in text
    assert timezone.localtime(call.offer_deadline).strftime("%Y-%m-%d %H:%M") in text
