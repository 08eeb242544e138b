"""The audit dossier of a grant (teczka kontrolna): the ZIP, its index and checksums, access, missing documents."""

import hashlib
import io
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from pozytek.accounts.models import Role
from pozytek.agreements.models import Agreement
from pozytek.core.models import AuditEvent
from pozytek.evaluation.states import CommissionState
from pozytek.offers.models import OfferVersion
from pozytek.offers.snapshot import canonical_json
from pozytek.organisations.models import Organisation
from pozytek.reports.dossier import build_dossier
from pozytek.reports.services import request_corrections, submit_report
from tests.agreements.agreement_helpers import PDF_BYTES
from tests.agreements.annex_helpers import approved
from tests.conftest import login_with_mfa, with_totp
from tests.evaluation.commission_helpers import commission_for
from tests.factories.accounts import MembershipFactory
from tests.reports.report_helpers import filled, fresh, signed_and_paid, started

pytestmark = pytest.mark.django_db

SUMS_LINE = re.compile(r"^([0-9a-f]{64})  (\S+)$")


@pytest.fixture
def case(tenant, official):
    return signed_and_paid(tenant, official)


def url(agreement: Agreement, tenant=None) -> str:
    slug = (tenant or agreement.tenant).slug
    return reverse("reports_office:dossier", kwargs={"tenant_slug": slug, "agreement_pk": agreement.pk})


def submitted(agreement: Agreement, author):
    report = filled(started(agreement, author), author)
    with scope(tenant=agreement.tenant):
        submit_report(report=report, actor=author)
    return fresh(report)


def download(client, agreement: Agreement) -> zipfile.ZipFile:
    response = client.get(url(agreement))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".zip" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def build(agreement: Agreement) -> tuple[zipfile.ZipFile, list]:
    with scope(tenant=agreement.tenant):
        dossier = build_dossier(agreement)
    return zipfile.ZipFile(dossier.file), dossier.entries


def sums(archive: zipfile.ZipFile) -> dict[str, str]:
    lines = archive.read("SHA256SUMS").decode().splitlines()
    matches = [SUMS_LINE.match(line) for line in lines]
    assert all(matches), lines
    return {m.group(2): m.group(1) for m in matches}


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_office_downloads_every_document_with_an_index_of_checksums(client, case, official):
    agreement, author = case
    report = submitted(agreement, author)
    login_with_mfa(client, official)
    archive = download(client, agreement)
    assert archive.testzip() is None
    names = set(archive.namelist())
    listed = sums(archive)
    # The index and SHA256SUMS list every other file, each with the SHA-256 of its bytes in the archive.
    assert set(listed) == names - {"index.html", "SHA256SUMS"}
    index = archive.read("index.html").decode()
    for name, digest in listed.items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
        assert f'href="{name}"' in index
        assert digest in index
    # Each offer version as PDF and as the canonical JSON its checksum covers, with its confirmation.
    with scopes_disabled():
        versions = list(OfferVersion.objects.filter(offer_id=agreement.offer_id).order_by("number"))
        agreement = Agreement.objects.get(pk=agreement.pk)
    assert versions
    for version in versions:
        data = archive.read(f"01-oferta/oferta-v{version.number}.json")
        assert data == canonical_json(version.snapshot)
        assert hashlib.sha256(data).hexdigest() == version.checksum
        assert version.snapshot["task"]["title"][:20] in pdf_text(
            archive.read(f"01-oferta/oferta-v{version.number}.pdf")
        )
        assert f"01-oferta/potwierdzenie-zlozenia-v{version.number}.pdf" in names
    # The agreement as generated and the signed file byte for byte as uploaded.
    assert "U/1/2027" in pdf_text(archive.read("03-umowa/umowa-u-1-2027.pdf"))
    assert archive.read("03-umowa/umowa-u-1-2027-podpisana.pdf") == PDF_BYTES
    assert agreement.signed_file_sha256 == listed["03-umowa/umowa-u-1-2027-podpisana.pdf"]
    # The submitted report: its PDF and its frozen data (whose SHA-256 is the report's checksum).
    assert "U/1/2027" in pdf_text(archive.read("05-sprawozdania/01-sprawozdanie-koncowe-v1.pdf"))
    report_json = archive.read("05-sprawozdania/01-sprawozdanie-koncowe-v1.json")
    assert hashlib.sha256(report_json).hexdigest() == report.checksum
    # The decision on the results and the settlement summary; no commission in this call: listed as missing.
    assert "ZAR/1/2027" in pdf_text(archive.read("02-ocena/rozstrzygniecie-konkursu.pdf"))
    assert "9" in pdf_text(archive.read("06-rozliczenie/rozliczenie.pdf"))
    assert "02-ocena/protokol-komisji.pdf" not in names
    # Taking the dossier is in the audit trail with the archive's checksum.
    with scopes_disabled():
        event = AuditEvent.objects.get(action="agreement.dossier", subject_id=str(agreement.pk))
    assert event.actor_id == official.pk
    assert len(event.data["sha256"]) == 64


def test_recorded_checksums_are_compared_and_a_changed_file_is_flagged(case, tmp_path):
    agreement, author = case
    submitted(agreement, author)
    archive, entries = build(agreement)
    checked = {e.path for e in entries if e.check}
    assert checked == {
        "01-oferta/oferta-v1.json",
        "03-umowa/umowa-u-1-2027-podpisana.pdf",
        "05-sprawozdania/01-sprawozdanie-koncowe-v1.json",
        "01-oferta/zalaczniki/01-statut.pdf",  # the offer's attachments (tests.factories.offers)
        "01-oferta/zalaczniki/02-sprawozdanie-finansowe.pdf",
    }
    assert not any(e.check_failed for e in entries)
    archive.extractall(tmp_path)  # what an inspector does: unpack and check the files against the list
    for name, digest in sums(archive).items():
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest
    with scopes_disabled():
        agreement = Agreement.objects.get(pk=agreement.pk)
    with agreement.signed_file.open("wb") as handle:  # the stored file no longer what was received
        handle.write(PDF_BYTES + b"%tampered")
    _archive, entries = build(agreement)
    signed_entry = next(e for e in entries if e.path.endswith("podpisana.pdf"))
    assert signed_entry.check_failed
    assert agreement.signed_file_sha256 in signed_entry.check


def test_an_agreement_without_reports_still_gives_a_dossier(client, case, official):
    agreement, _author = case
    login_with_mfa(client, official)
    archive = download(client, agreement)
    names = archive.namelist()
    assert not any(name.startswith("05-sprawozdania/") for name in names)
    assert "03-umowa/umowa-u-1-2027.pdf" in names
    assert "06-rozliczenie/rozliczenie.pdf" in names
    index = archive.read("index.html").decode()
    assert "No report has been submitted yet." in index or "Nie złożono jeszcze" in index


def test_the_protocol_is_included_when_the_commission_is_closed_and_annexes_when_approved(case, official):
    agreement, author = case
    with scopes_disabled():
        call = Agreement.objects.select_related("offer__call").get(pk=agreement.pk).offer.call
    commission_for(call, state=CommissionState.CLOSED, closed_at=timezone.now())
    annex = approved(agreement, author, official)
    archive, entries = build(agreement)
    names = archive.namelist()
    assert "02-ocena/protokol-komisji.pdf" in names
    assert "Protocol" in pdf_text(archive.read("02-ocena/protokol-komisji.pdf")) or "Protokół" in pdf_text(
        archive.read("02-ocena/protokol-komisji.pdf")
    )
    assert "04-aneksy/aneks-1.pdf" in names
    annex_json = next(e for e in entries if e.path == "04-aneksy/aneks-1.json")
    assert annex_json.sha256 == annex.checksum
    assert not annex_json.check_failed


def test_a_report_returned_for_corrections_gives_its_frozen_data_only(case, official):
    agreement, author = case
    report = submitted(agreement, author)
    with scope(tenant=agreement.tenant):
        request_corrections(report=report, actor=official, reason="Popraw zestawienie faktur.")
    archive, entries = build(agreement)
    names = archive.namelist()
    assert "05-sprawozdania/01-sprawozdanie-koncowe-v1.json" in names
    assert "05-sprawozdania/01-sprawozdanie-koncowe-v1.pdf" not in names
    assert any(e.missing and "corrections" in e.missing for e in entries)


def test_every_submitted_version_of_a_report_is_in_the_dossier(case, official):
    agreement, author = case
    report = submitted(agreement, author)
    with scope(tenant=agreement.tenant):
        request_corrections(report=report, actor=official, reason="Popraw zestawienie faktur.")
    filled(fresh(report), author, results_summary="Zajęcia odbyły się dla 65 dzieci (lista poprawiona).")
    with scope(tenant=agreement.tenant):
        second = submit_report(report=fresh(report), actor=author)
    archive, _entries = build(agreement)
    first_json = archive.read("05-sprawozdania/01-sprawozdanie-koncowe-v1.json")
    second_json = archive.read("05-sprawozdania/01-sprawozdanie-koncowe-v2.json")
    assert hashlib.sha256(second_json).hexdigest() == second.checksum
    assert b"lista poprawiona" in second_json and b"lista poprawiona" not in first_json
    assert "05-sprawozdania/01-sprawozdanie-koncowe-v2.pdf" in archive.namelist()


def test_a_document_that_cannot_be_made_is_listed_as_missing_never_a_500(client, case, official, monkeypatch):
    agreement, _author = case

    def broken(*args, **kwargs):
        raise KeyError("task")

    monkeypatch.setattr("pozytek.reports.dossier.agreement_document", broken)
    with scopes_disabled():
        stored = Agreement.objects.get(pk=agreement.pk).signed_file
    stored.storage.delete(stored.name)  # the row outlived its file
    login_with_mfa(client, official)
    archive = download(client, agreement)
    names = archive.namelist()
    assert "03-umowa/umowa-u-1-2027.pdf" not in names
    assert not any("podpisana" in name for name in names)
    index = archive.read("index.html").decode()
    assert index.count('class="failed"') >= 2
    assert "01-oferta/oferta-v1.pdf" in names  # the rest of the dossier is there


def test_user_text_is_escaped_in_the_index(case):
    agreement, _author = case
    with scopes_disabled():
        organisation_id = Agreement.objects.select_related("offer").get(pk=agreement.pk).offer.organisation_id
    Organisation.objects.filter(pk=organisation_id).update(name="<script>alert(1)</script> Klub")
    archive, _entries = build(agreement)
    index = archive.read("index.html").decode()
    assert "<script>" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Klub" in index


def test_only_the_office_of_the_agreements_tenant_gets_the_dossier(client, case, other_tenant, tenant):
    agreement, author = case
    client.force_login(author)  # a member of the organisation: no office role
    assert client.get(url(agreement)).status_code == 403
    foreign = with_totp(MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user)
    login_with_mfa(client, foreign)
    assert client.get(url(agreement)).status_code == 403  # no role in the agreement's tenant
    assert client.get(url(agreement, other_tenant)).status_code == 404  # its own office: not its agreement
    client.logout()
    response = client.get(url(agreement))
    assert response.status_code == 302
    assert "zip" not in response.get("Content-Type", "")
    with scopes_disabled():
        assert not AuditEvent.objects.filter(action="agreement.dossier").exists()
    # An official of the tenant without a second factor is sent to set it up, not given the dossier.
    official = MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user
    client.force_login(official)
    response = client.get(url(agreement))
    assert response.status_code == 302
    assert "zip" not in response.get("Content-Type", "")


def test_the_settlement_and_agreement_pages_link_to_the_dossier(client, case, official):
    agreement, _author = case
    login_with_mfa(client, official)
    slug = agreement.tenant.slug
    settle = client.get(reverse("reports_office:settle", kwargs={"tenant_slug": slug, "agreement_pk": agreement.pk}))
    assert url(agreement) in settle.content.decode()
    detail = client.get(reverse("agreements_office:detail", kwargs={"tenant_slug": slug, "pk": agreement.pk}))
    assert url(agreement) in detail.content.decode()
