"""Signing (the signed file identified by its content, kept as received) and payments of tranches."""

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from pozytek.agreements.models import Agreement, Tranche
from pozytek.agreements.selectors import payment_totals
from pozytek.agreements.services.agreements import record_payment, sign_agreement, terminate_agreement
from pozytek.agreements.states import AgreementState
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionNotAllowed
from pozytek.grants.models import Grant
from pozytek.grants.states import GrantStatus
from tests.agreements.agreement_helpers import (
    EXE_BYTES,
    JPG_BYTES,
    PLAIN_XML_BYTES,
    PNG_BYTES,
    XADES_BYTES,
    awarded_grant,
    member_of,
    prepared,
    signed,
    upload,
)
from tests.conftest import login_with_mfa, with_totp
from tests.factories.accounts import MembershipFactory
from tests.factories.offers import PDF_BYTES

pytestmark = pytest.mark.integration


@pytest.fixture
def grant(tenant, official):
    return awarded_grant(tenant, official)


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(name: str, agreement, **kwargs) -> str:
    return reverse(
        f"agreements_office:{name}", kwargs={"tenant_slug": agreement.tenant.slug, "pk": agreement.pk, **kwargs}
    )


def sign(agreement, official, content=PDF_BYTES, name="umowa.pdf", concluded_on=None):
    with scope(tenant=agreement.tenant), translation.override("en"):
        return sign_agreement(
            agreement=agreement,
            actor=official,
            concluded_on=concluded_on or timezone.localdate(),
            upload=upload(content, name),
        )


# Signing ---------------------------------------------------------------------------------------------


def test_signing_keeps_the_file_as_received_and_moves_the_grant(grant, official, django_capture_on_commit_callbacks):
    agreement = prepared(grant, official)
    with django_capture_on_commit_callbacks(execute=True):
        result = sign(agreement, official)
    with scopes_disabled():
        agreement = Agreement.objects.get(pk=agreement.pk)
        assert Grant.objects.get(pk=grant.pk).status == GrantStatus.AGREEMENT
        assert AuditEvent.objects.filter(action="agreement.sign").count() == 1
    assert result.state == agreement.state == AgreementState.SIGNED
    assert agreement.concluded_on == timezone.localdate()
    assert agreement.signed_by == official and agreement.signed_at is not None
    assert agreement.signed_file_sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert agreement.signed_file_type == "application/pdf"
    path = Path(agreement.signed_file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert path.read_bytes() == PDF_BYTES
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["klub@example.org"]
    assert "U/1/2027" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (JPG_BYTES, "skan.jpg", "image/jpeg"),
        (PNG_BYTES, "skan", "image/png"),
        (XADES_BYTES, "umowa.xml.xades", "application/xml"),
        (XADES_BYTES, "umowa.xml", "application/xml"),
    ],
)
def test_scans_and_xades_files_are_accepted(grant, official, content, name, kind):
    agreement = sign(prepared(grant, official), official, content=content, name=name)
    assert agreement.signed_file_type == kind
    assert agreement.signed_file_name.endswith((".jpg", ".png", ".xades", ".xml"))


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (EXE_BYTES, "umowa.pdf", "not one of the allowed types"),
        (b"just text, no signature", "umowa.pdf", "not one of the allowed types"),
        (PLAIN_XML_BYTES, "umowa.xades", "carries no electronic signature"),
        (b"", "umowa.pdf", "The file is empty."),
    ],
)
def test_files_that_are_not_signed_agreements_are_refused(grant, official, content, name, message):
    agreement = prepared(grant, official)
    with pytest.raises(ValidationError) as error:
        sign(agreement, official, content=content, name=name)
    assert any(message in m for m in error.value.message_dict["upload"])
    with scopes_disabled():
        assert Agreement.objects.get(pk=agreement.pk).state == AgreementState.DRAFT
        assert Grant.objects.get(pk=grant.pk).status == GrantStatus.AWARDED


@override_settings(POZYTEK_MAX_ATTACHMENT_BYTES=1024)
def test_oversize_file_is_refused_by_the_service_and_the_page(office, grant, official):
    agreement = prepared(grant, official)
    big = PDF_BYTES + b"0" * 2048
    with pytest.raises(ValidationError) as error:
        sign(agreement, official, content=big)
    assert "larger than" in error.value.message_dict["upload"][0]
    response = office.post(
        url("sign", agreement), {"concluded_on": timezone.localdate().isoformat(), "upload": upload(big)}
    )
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    with scopes_disabled():
        assert Agreement.objects.get(pk=agreement.pk).state == AgreementState.DRAFT


def test_signing_rules(grant, official, resident):
    agreement = prepared(grant, official, bank_account="")
    with pytest.raises(ValidationError) as error:
        sign(agreement, official)
    assert "Enter the bank account the grant is paid to." in error.value.message_dict["__all__"]
    agreement = prepared(awarded_grant(grant.tenant, official, number="Z/2"), official, number="U/2/2027")
    with pytest.raises(ValidationError) as error:
        sign(agreement, official, concluded_on=timezone.localdate() + dt.timedelta(days=1))
    assert "future" in error.value.message_dict["concluded_on"][0]
    sign(agreement, official)
    with pytest.raises(TransitionNotAllowed):
        sign(agreement, official)


def test_sign_page_and_signed_file_download(office, grant, official):
    agreement = prepared(grant, official)
    assert office.get(url("signed_file", agreement)).status_code == 404
    assert office.get(url("sign", agreement)).status_code == 200
    response = office.post(
        url("sign", agreement), {"concluded_on": "2026-13-01", "upload": upload(EXE_BYTES, "umowa.pdf")}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid date." in page
    response = office.post(
        url("sign", agreement), {"concluded_on": timezone.localdate().isoformat(), "upload": upload(EXE_BYTES)}
    )
    assert response.status_code == 400
    assert "not one of the allowed types" in response.content.decode()
    response = office.post(
        url("sign", agreement), {"concluded_on": timezone.localdate().isoformat(), "upload": upload()}
    )
    assert response.status_code == 302
    again = office.post(url("sign", agreement), {"concluded_on": timezone.localdate().isoformat(), "upload": upload()})
    assert again.status_code == 302
    download = office.get(url("signed_file", agreement))
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "attachment" in download["Content-Disposition"]


# Payments ----------------------------------------------------------------------------------------------


def tranche_of(agreement) -> Tranche:
    with scopes_disabled():
        return Tranche.objects.filter(agreement_id=agreement.pk).order_by("number").first()


def pay(tranche, official, paid_on=None, amount="9000.00"):
    with scope(tenant=tranche.tenant), translation.override("en"):
        return record_payment(tranche=tranche, actor=official, paid_on=paid_on or timezone.localdate(), amount=amount)


def test_payment_is_recorded_with_totals(grant, official):
    agreement = signed(
        grant,
        official,
        tranches=[(grant.offer.start_date, Decimal("6000")), (grant.offer.start_date, Decimal("3000"))],
    )
    with scopes_disabled():
        first, second = Tranche.objects.filter(agreement=agreement).order_by("number")
    pay(first, official, amount="6000.00")
    with scopes_disabled():
        totals = payment_totals(agreement)
        first.refresh_from_db()
        assert AuditEvent.objects.filter(action="tranche.pay").count() == 1
    assert (totals.planned, totals.paid, totals.remaining) == (
        Decimal("9000.00"),
        Decimal("6000.00"),
        Decimal("3000.00"),
    )
    assert first.paid_on == timezone.localdate() and first.recorded_by == official
    assert second.paid_on is None


@pytest.mark.parametrize(
    ("amount", "paid_on", "key", "message"),
    [
        ("-100", None, "amount", "cannot be negative"),
        ("0", None, "amount", "greater than zero"),
        ("100.123", None, "amount", "two decimal places"),
        ("sto", None, "amount", "as a number"),
        ("9000.01", None, "amount", "cannot exceed the tranche"),
        ("100", dt.timedelta(days=1), "paid_on", "cannot be in the future"),
        ("100", -dt.timedelta(days=1), "paid_on", "cannot precede the conclusion"),
    ],
)
def test_bad_payments_are_refused(grant, official, amount, paid_on, key, message):
    tranche = tranche_of(signed(grant, official))
    day = timezone.localdate() + paid_on if paid_on is not None else None
    with pytest.raises(ValidationError) as error:
        pay(tranche, official, paid_on=day, amount=amount)
    assert any(message in m for m in error.value.message_dict[key])
    with scopes_disabled():
        assert Tranche.objects.get(pk=tranche.pk).paid_on is None


def test_no_payment_for_an_unsigned_agreement_nor_twice(grant, official, resident):
    agreement = prepared(grant, official)
    tranche = tranche_of(agreement)
    with pytest.raises(ValidationError) as error:
        pay(tranche, official)
    assert "only for signed agreements" in error.value.messages[0]
    sign(agreement, official)
    pay(tranche, official)
    with pytest.raises(ValidationError) as error:
        pay(tranche, official)
    assert "already been recorded" in error.value.messages[0]


def test_pay_page(office, grant, official, other_tenant):
    agreement = signed(grant, official)
    tranche = tranche_of(agreement)
    page = url("pay", agreement, tranche_pk=tranche.pk)
    assert office.get(page).status_code == 200
    for bad, message in (
        ({"paid_on": timezone.localdate().isoformat(), "amount": "-5"}, "cannot be negative"),
        ({"paid_on": "wczoraj", "amount": "5"}, "Enter a valid date."),
        ({"paid_on": timezone.localdate().isoformat(), "amount": "5.555"}, "two decimal places"),
    ):
        response = office.post(page, bad)
        assert response.status_code == 400
        assert message in response.content.decode()
    response = office.post(page, {"paid_on": timezone.localdate().isoformat(), "amount": "9000.00"})
    assert response.status_code == 302
    assert office.post(page, {"paid_on": timezone.localdate().isoformat(), "amount": "1"}).status_code == 302
    with scopes_disabled():
        assert Tranche.objects.get(pk=tranche.pk).paid_amount == Decimal("9000.00")
    detail = office.get(url("detail", agreement)).content.decode()
    assert 'id="total-paid">9,000.00' in detail
    # A tranche of another agreement, or another tenant's: 404.
    other = signed(awarded_grant(grant.tenant, official, number="Z/3"), official, number="U/3/2027")
    assert office.get(url("pay", agreement, tranche_pk=tranche_of(other).pk)).status_code == 404
    stranger = with_totp(MembershipFactory(tenant=other_tenant, role="official").user)
    login_with_mfa(office, stranger)
    elsewhere = reverse(
        "agreements_office:pay", kwargs={"tenant_slug": other_tenant.slug, "pk": agreement.pk, "tranche_pk": tranche.pk}
    )
    assert office.get(elsewhere).status_code == 404


def test_members_and_residents_cannot_pay_or_sign(client, grant, official, resident):
    agreement = signed(grant, official)
    tranche = tranche_of(agreement)
    for user in (resident, member_of(grant)):
        client.force_login(user)
        response = client.post(url("pay", agreement, tranche_pk=tranche.pk), {"paid_on": "2026-11-01", "amount": "1"})
        assert response.status_code == 403
    with scopes_disabled():
        assert Tranche.objects.get(pk=tranche.pk).paid_on is None


def test_termination_withdraws_the_grant(grant, official, django_capture_on_commit_callbacks):
    agreement = signed(grant, official)
    with scope(tenant=grant.tenant), translation.override("en"):
        with pytest.raises(ValidationError):
            terminate_agreement(agreement=agreement, actor=official, reason=" ")
        with django_capture_on_commit_callbacks(execute=True):
            ended = terminate_agreement(agreement=agreement, actor=official, reason="Zadanie nie jest realizowane.")
    assert ended.state == AgreementState.TERMINATED
    with scopes_disabled():
        assert Grant.objects.get(pk=grant.pk).status == GrantStatus.WITHDRAWN
    assert "terminated" in mail.outbox[-1].subject


@override_settings(POZYTEK_MAX_ATTACHMENT_BYTES=524_288)
def test_an_oversize_signed_file_gets_only_the_size_message_and_keeps_the_date(office, grant, official):
    agreement = prepared(grant, official)
    typed = (timezone.localdate() - dt.timedelta(days=2)).isoformat()

    # the file first: fields sent after a stopped upload must survive too
    response = office.post(
        url("sign", agreement),
        {"upload": upload(PDF_BYTES + b"0" * 600_000), "concluded_on": typed},
        HTTP_ACCEPT_LANGUAGE="pl",
    )

    assert response.status_code == 413
    form = response.context["form"]
    assert form.errors == {"upload": ["Plik jest za duży: limit wynosi 0,5 MB."]}
    assert form["concluded_on"].value() == typed
    assert "To pole jest wymagane" not in response.content.decode()
    with scopes_disabled():
        assert Agreement.objects.get(pk=agreement.pk).state == AgreementState.DRAFT
