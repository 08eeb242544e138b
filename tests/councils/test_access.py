"""The access policy of every office page of councils: anonymous → log-in, no role → 403,
another tenant's official → 404 for this tenant's ids (through their own tenant's address)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from pozytek.accounts.models import Role
from pozytek.councils.services import acts, meetings, recruitment
from tests.conftest import login_with_mfa, with_totp
from tests.councils.helpers import balanced_council
from tests.factories.accounts import MembershipFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def objects(tenant, official):
    body = balanced_council(tenant, official)
    with scope(tenant=tenant):
        meeting = meetings.schedule_meeting(
            body=body, actor=official, title="P", starts_at=timezone.now() + dt.timedelta(days=1), place="R"
        )
        document = meetings.add_document(
            meeting=meeting, actor=official, title="D", upload=SimpleUploadedFile("d.pdf", PDF)
        )
        request = acts.request_opinion(body=body, actor=official, subject="S", delivered_on=timezone.localdate())
        call = recruitment.open_call(
            body=body, actor=official, title="N", seats=1, deadline=timezone.now() + dt.timedelta(days=1)
        )
        member = body.members.first()
    return {"body": body, "meeting": meeting, "document": document, "request": request, "call": call, "member": member}


def office_urls(slug, objs):
    b, m = objs["body"].pk, objs["meeting"].pk
    kw = {"tenant_slug": slug}
    return [
        reverse("councils_office:list", kwargs=kw),
        reverse("councils_office:body-new", kwargs=kw),
        reverse("councils_office:body", kwargs={**kw, "pk": b}),
        reverse("councils_office:body-edit", kwargs={**kw, "pk": b}),
        reverse("councils_office:member-add", kwargs={**kw, "pk": b}),
        reverse("councils_office:member-edit", kwargs={**kw, "pk": b, "member_pk": objs["member"].pk}),
        reverse("councils_office:member-end", kwargs={**kw, "pk": b, "member_pk": objs["member"].pk}),
        reverse("councils_office:meeting-new", kwargs={**kw, "pk": b}),
        reverse("councils_office:act-new", kwargs={**kw, "pk": b}),
        reverse("councils_office:request-new", kwargs={**kw, "pk": b}),
        reverse("councils_office:call-new", kwargs={**kw, "pk": b}),
        reverse("councils_office:meeting", kwargs={**kw, "pk": m}),
        reverse("councils_office:minutes", kwargs={**kw, "pk": m}),
        reverse("councils_office:document", kwargs={**kw, "pk": objs["document"].pk}),
        reverse("councils_office:opinion", kwargs={**kw, "pk": objs["request"].pk}),
        reverse("councils_office:call", kwargs={**kw, "pk": objs["call"].pk}),
    ]


def test_office_pages_open_for_the_official(client, tenant, official, objects):
    login_with_mfa(client, official)
    for url in office_urls(tenant.slug, objects):
        assert client.get(url).status_code == 200, url


def test_anonymous_and_resident_are_kept_out(client, tenant, resident, objects):
    for url in office_urls(tenant.slug, objects):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"], url
    login_with_mfa(client, resident)
    for url in office_urls(tenant.slug, objects):
        assert client.get(url).status_code == 403, url


def test_another_tenants_official_gets_404_for_these_ids(client, other_tenant, objects):
    other = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    login_with_mfa(client, other)
    for url in office_urls(other_tenant.slug, objects)[2:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url
