"""Polish wording where one English message id had two meanings: pages in Polish say the right word.

The message ids are English, so "Number" (a count, or an agreement's number), "Code" (a criterion's
code, or the two-step sign-in code), "Members" (of a competition commission, or of a council) and the
like need a context each. These tests read the pages in Polish, the language of the users.
"""

import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from pozytek.consultations.states import ConsultationState, Phase
from pozytek.councils.models import BodyMember
from pozytek.councils.services import meetings
from tests.agreements.agreement_helpers import awarded_grant, signed
from tests.conftest import login_with_mfa, with_totp
from tests.councils.helpers import balanced_council, make_body
from tests.factories.accounts import PASSWORD
from tests.factories.organisations import OrganisationFactory
from tests.reports.report_helpers import filled, signed_and_paid, started

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _polish(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "pl"
    with translation.override("pl"):
        yield


def column_headers(html: str, table_id: str) -> list[str]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</thead>', html, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]


def test_the_agreement_number_column_is_numer_and_the_count_column_stays_liczba(client, tenant, official):
    signed(awarded_grant(tenant, official), official)
    OrganisationFactory(listed_in=tenant)
    login_with_mfa(client, official)

    agreements = client.get(reverse("agreements_office:list", kwargs={"tenant_slug": tenant.slug})).content.decode()
    statistics = client.get(reverse("organisations_stats:statistics", kwargs={"tenant_slug": tenant.slug}))

    assert column_headers(agreements, "agreements")[0] == "Numer"
    assert "Liczba" not in column_headers(agreements, "agreements")
    assert '<th scope="col" class="num">Liczba</th>' in statistics.content.decode()


def test_the_two_step_code_field_is_called_kod(client, resident):
    cache.clear()  # the login rate limit
    with_totp(resident)
    client.post("/konto/login/", {"login": resident.email, "password": PASSWORD})

    html = client.get("/konto/2fa/authenticate/").content.decode()

    label = re.search(r'<label[^>]*for="id_code"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", label).strip().startswith("Kod")
    assert "Oznaczenie" not in html


def test_council_pages_speak_of_the_councils_members_not_of_a_commission(client, tenant, official):
    body = balanced_council(tenant, official)
    empty = make_body(tenant, official, name="Zespół Nowy")
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(
            body=body,
            actor=official,
            title="I posiedzenie",
            starts_at=timezone.now() + dt.timedelta(days=1),
            place="Ratusz",
        )
    with scopes_disabled():
        type(meeting).objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
        meeting.refresh_from_db()
        present = list(BodyMember.objects.filter(body=body).values_list("pk", flat=True))
    with scope(tenant=tenant):
        meetings.record_minutes(meeting=meeting, actor=official, minutes="Rada obradowała.", present_member_ids=present)

    public = client.get(reverse("councils:body", kwargs={"tenant_slug": tenant.slug, "slug": body.slug}))
    minutes = client.get(
        reverse("councils:minutes", kwargs={"tenant_slug": tenant.slug, "slug": body.slug, "pk": meeting.pk})
    )
    login_with_mfa(client, official)
    office = client.get(reverse("councils_office:body", kwargs={"tenant_slug": tenant.slug, "pk": body.pk}))
    office_empty = client.get(reverse("councils_office:body", kwargs={"tenant_slug": tenant.slug, "pk": empty.pk}))
    request_form = client.get(
        reverse("councils_office:request-new", kwargs={"tenant_slug": tenant.slug, "pk": body.pk})
    )

    for response in (public, minutes, office, office_empty, request_form):
        assert response.status_code == 200
        assert "komisj" not in response.content.decode().lower()
    assert '<h2 id="members-title">Członkowie</h2>' in public.content.decode()
    assert '<h2 id="members-title">Członkowie</h2>' in office.content.decode()
    assert "Członek</th>" in minutes.content.decode()
    assert "Nie dodano jeszcze członków." in office_empty.content.decode()
    assert "Wyślij wniosek" in request_form.content.decode()
    assert "żądanie" not in request_form.content.decode()


def test_the_commission_keeps_its_own_words(client, tenant):
    with translation.override("pl"):
        from pozytek.evaluation.states import MemberRole

        assert str(MemberRole.CHAIR.label) == "Przewodniczący komisji"
        assert str(MemberRole.MEMBER.label) == "Członek komisji"


def test_consultation_states_agree_with_konsultacje():
    assert str(ConsultationState.PUBLISHED.label) == "Opublikowane"
    assert str(ConsultationState.CLOSED.label) == "Zakończone"
    assert str(Phase.CLOSED.label) == "Zakończone"


def test_django_joins_field_names_with_i_while_the_agreement_names_its_parties_with_a(client, tenant, official):
    from django.utils.text import get_text_list

    agreement = signed(awarded_grant(tenant, official), official)
    login_with_mfa(client, official)
    page = client.get(reverse("agreements_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": agreement.pk}))

    assert get_text_list(["NIP", "REGON"], translation.gettext("and")) == "NIP i REGON"
    assert re.search(r"<p>a:</p>", page.content.decode())


def test_the_report_calls_its_deviation_column_zmiana_and_an_unstarted_report_nie_rozpoczeto(client, tenant, official):
    agreement, author = signed_and_paid(tenant, official)
    client.force_login(author)
    listing = client.get(reverse("reports_member:list", kwargs={"agreement_pk": agreement.pk})).content.decode()
    report = filled(started(agreement, author), author)
    pdf = client.get(reverse("reports_member:pdf", kwargs={"agreement_pk": agreement.pk, "pk": report.pk}))

    assert "Nie rozpoczęto" in listing
    assert "Nierozpoczęta" not in listing
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Zmiana" in text
    assert "Zmień" not in text


def test_the_polish_admin_names_the_third_party_models_in_polish(client, platform_admin):
    login_with_mfa(client, platform_admin)

    html = client.get("/admin/").content.decode()

    for english in ("Authenticators", "Task Results", "Tasks Database Backend"):
        assert english not in html
    for polish in ("Metody uwierzytelniania", "Wyniki zadań w tle", "Zadania w tle"):
        assert polish in html
