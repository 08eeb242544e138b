"""Local initiative through HTTP: a resident starts and writes a group application, members confirm through
their links, the office sets the criteria, scores, decides, prepares the agreement (a PDF), logs the execution
with photos and opens the done page. Bad input gets a Polish message next to its field and keeps what was typed."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled
from PIL import Image

from pozytek.initiatives.models import Contribution, CriteriaSet, GroupMember, Initiative, Photo
from pozytek.initiatives.selectors import criteria_of
from pozytek.initiatives.services import confirmation_token
from pozytek.initiatives.states import InitiativeState
from tests.conftest import login_with_mfa
from tests.initiatives.helpers import TODAY, add_members, approved, completed, contracted, criteria, draft, submitted

pytestmark = pytest.mark.integration


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 40)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "skwer.png"
    return buffer


def test_a_resident_starts_a_group_application_and_fills_it(client, tenant, official, resident):
    criteria(tenant, official)
    client.force_login(resident)
    empty = client.post(url("initiatives:start", tenant), {"title": "", "area": "nature", "applicant_kind": "group"})
    assert empty.status_code == 400 and "To pole jest wymagane." in empty.content.decode()
    response = client.post(
        url("initiatives:start", tenant), {"title": "Łąka kwietna", "area": "nature", "applicant_kind": "group"}
    )
    with scopes_disabled():
        initiative = Initiative.objects.get(title="Łąka kwietna")
        assert GroupMember.objects.filter(initiative=initiative, email=resident.email).exists()
    page = url("initiatives:application", tenant, pk=initiative.pk)
    assert response["Location"] == page
    no_hours = client.post(
        page,
        {
            "action": "contribution",
            "contribution-kind": "work",
            "contribution-description": "Koszenie",
            "contribution-work_kind": "simple",
        },
    )
    text = no_hours.content.decode()
    assert no_hours.status_code == 400
    assert "Podaj liczbę godzin." in text and 'value="Koszenie"' in text
    saved = client.post(
        page,
        {
            "action": "contribution",
            "contribution-kind": "work",
            "contribution-description": "Koszenie",
            "contribution-work_kind": "simple",
            "contribution-hours": "12,5",
        },
    )
    assert saved.status_code == 302
    with scopes_disabled():
        assert Contribution.objects.get(initiative=initiative).hours == Decimal("12.5")
    added = client.post(
        page, {"action": "member", "member-full_name": "Ewa Sąsiadka", "member-email": "ewa@example.com"}
    )
    assert added.status_code == 302
    shown = client.get(page).content.decode()
    assert "Ewa Sąsiadka" in shown and "oczekuje na potwierdzenie" in shown


def test_submitting_with_an_unconfirmed_member_says_who_and_keeps_the_draft(client, tenant, official):
    criteria(tenant, official)
    initiative = draft(tenant)
    add_members(initiative, confirm=False)
    client.force_login(initiative.coordinator)
    page = url("initiatives:application", tenant, pk=initiative.pk)
    response = client.post(page, {"action": "submit"}, follow=True)
    text = response.content.decode()
    assert "Nie wszyscy członkowie potwierdzili jeszcze udział przez e-mail" in text and "Celina Sąsiadka" in text
    with scopes_disabled():
        assert Initiative.objects.get(pk=initiative.pk).state == InitiativeState.DRAFT


def test_a_member_confirms_through_the_link_and_a_non_resident_is_refused(client, tenant, official):
    criteria(tenant, official)
    initiative = draft(tenant)
    add_members(initiative, confirm=False)
    with scopes_disabled():
        member = GroupMember.objects.get(initiative=initiative, full_name="Bartosz Sąsiad")
    link = url("initiatives:confirm", tenant, token=confirmation_token(member))
    assert client.get(link).status_code == 200
    refused = client.post(link, {"adult": "on"})
    assert refused.status_code == 400
    assert "mogą złożyć tylko mieszkańcy tej jednostki (Miasto Testowo)" in refused.content.decode()
    with scopes_disabled():
        assert GroupMember.objects.get(pk=member.pk).confirmed_at is None
    assert client.post(link, {"adult": "on", "resident": "on"}).status_code == 302
    with scopes_disabled():
        assert GroupMember.objects.get(pk=member.pk).confirmed_at is not None
    assert client.get(url("initiatives:confirm", tenant, token="forged")).status_code == 404


def test_the_office_refuses_criteria_where_social_work_is_not_the_heaviest(client, tenant, official):
    login_with_mfa(client, official)
    data = {
        "resolution_number": "XII/5/2026",
        "resolution_date": "2026-03-01",
        "effective_from": "2026-04-01",
        "social_work_name": "Praca społeczna",
        "social_work_weight": "20",
        "name_1": "Celowość",
        "weight_1": "25",
    }
    response = client.post(url("initiatives_office:criteria", tenant), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Praca społeczna musi mieć największą wagę" in text and 'value="XII/5/2026"' in text
    with scopes_disabled():
        assert not CriteriaSet.objects.exists()
    assert (
        client.post(url("initiatives_office:criteria", tenant), {**data, "social_work_weight": "30"}).status_code == 302
    )


def test_the_office_scores_decides_and_prints_the_agreement(
    client, tenant, official, django_capture_on_commit_callbacks
):
    criteria(tenant, official)
    initiative = submitted(tenant, official)
    login_with_mfa(client, official)
    page = url("initiatives_office:detail", tenant, pk=initiative.pk)
    with scopes_disabled():
        scores = {f"score-criterion_{c.pk}": str(c.weight) for c in criteria_of(initiative)}
    assert client.post(page, {"action": "score", **scores}).status_code == 302
    no_reason = client.post(page, {"action": "decide", "decide-approve": "yes", "decide-reason": ""})
    assert no_reason.status_code == 400 and "To pole jest wymagane." in no_reason.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(page, {"action": "decide", "decide-approve": "yes", "decide-reason": "Celowe."}).status_code
            == 302
        )
    assert any("została zatwierdzona" in m.subject for m in mail.outbox)
    agreement = url("initiatives_office:agreement", tenant, pk=initiative.pk)
    terms = {
        "action": "agreement",
        "agreement-number": "IL/7/2026",
        "agreement-place_of_signing": "Testowo",
        "agreement-concluded_on": TODAY.isoformat(),
        "agreement-starts_on": TODAY.isoformat(),
        "agreement-ends_on": TODAY.isoformat(),
        "agreement-office_representative": "Jan Burmistrz",
        "agreement-residents_representative": "Anna Koordynatorka",
    }
    assert client.post(agreement, terms).status_code == 302
    item = {"action": "item", "item-description": "Ławki", "item-provision": "buy", "item-value": "3200,50"}
    assert client.post(agreement, item).status_code == 302
    pdf = client.get(url("initiatives_office:agreement_pdf", tenant, pk=initiative.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.post(agreement, {"action": "sign"}).status_code == 302
    with scopes_disabled():
        assert Initiative.objects.get(pk=initiative.pk).state == InitiativeState.CONTRACTED


def test_photos_are_checked_by_content_and_shown_on_the_done_page(client, tenant, official):
    criteria(tenant, official)
    initiative = contracted(tenant, official)
    login_with_mfa(client, official)
    page = url("initiatives_office:execution", tenant, pk=initiative.pk)
    fake = io.BytesIO(b"not an image at all, whatever the name says")
    fake.name = "zdjecie.png"
    refused = client.post(page, {"action": "photo", "photo-caption": "Skwer", "photo-file": fake})
    assert refused.status_code == 400 and "nie należy do dozwolonych typów" in refused.content.decode()
    assert 'value="Skwer"' in refused.content.decode()
    assert (
        client.post(page, {"action": "photo", "photo-caption": "Skwer po pracach", "photo-file": png()}).status_code
        == 302
    )
    assert (
        client.post(
            page,
            {
                "action": "complete",
                "complete-completed_on": TODAY.isoformat(),
                "complete-public_summary": "Skwer jest gotowy.",
            },
        ).status_code
        == 302
    )
    client.logout()
    done = client.get(url("initiatives:done", tenant, pk=initiative.pk))
    text = done.content.decode()
    assert done.status_code == 200 and "Skwer jest gotowy." in text and 'alt="Skwer po pracach"' in text
    with scopes_disabled():
        photo = Photo.objects.get(initiative=initiative)
    image = client.get(url("initiatives:photo", tenant, pk=initiative.pk, photo_pk=photo.pk))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_a_delivery_without_hours_is_refused_next_to_the_field(client, tenant, official):
    criteria(tenant, official)
    initiative = contracted(tenant, official)
    with scopes_disabled():
        work = initiative.contributions.get(kind="work")
    login_with_mfa(client, official)
    response = client.post(
        url("initiatives_office:execution", tenant, pk=initiative.pk),
        {
            "action": "delivery",
            "delivery-contribution": work.pk,
            "delivery-on": TODAY.isoformat(),
            "delivery-note": "Sobota",
        },
    )
    text = response.content.decode()
    assert response.status_code == 400 and "Podaj liczbę przepracowanych godzin." in text and 'value="Sobota"' in text


def test_a_page_of_an_initiative_not_done_is_not_public(client, tenant, official):
    criteria(tenant, official)
    initiative = approved(tenant, official)
    assert client.get(url("initiatives:done", tenant, pk=initiative.pk)).status_code == 404


def test_the_office_dashboard_lists_applications_to_assess(client, tenant, official):
    criteria(tenant, official)
    initiative = submitted(tenant, official)
    login_with_mfa(client, official)
    text = client.get(reverse("office:dashboard", kwargs={"tenant_slug": tenant.slug})).content.decode()
    assert "Wnioski o inicjatywę lokalną do oceny i decyzji" in text and initiative.title in text


def test_the_public_page_reads_a_fixed_number_of_queries(client, tenant, official, django_assert_max_num_queries):
    criteria(tenant, official)
    for number in range(3):
        completed(tenant, official, title=f"Skwer {number}")
    with django_assert_max_num_queries(16):
        response = client.get(url("initiatives:index", tenant))
    assert response.status_code == 200 and "Skwer 2" in response.content.decode()


def test_the_execution_page_still_checks_csrf_and_drops_a_photo_over_the_limit(tenant, official, settings):
    criteria(tenant, official)
    initiative = contracted(tenant, official)
    strict = Client(enforce_csrf_checks=True)
    login_with_mfa(strict, official)
    page = url("initiatives_office:execution", tenant, pk=initiative.pk)
    assert strict.post(page, {"action": "photo", "photo-caption": "Skwer", "photo-file": png()}).status_code == 403
    settings.POZYTEK_MAX_ATTACHMENT_BYTES = 50
    strict.get(page)
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        page, {"action": "photo", "photo-caption": "Duże zdjęcie", "photo-file": png(), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 400 and 'value="Duże zdjęcie"' in response.content.decode()
    with scopes_disabled():
        assert not Photo.objects.filter(initiative=initiative).exists()
