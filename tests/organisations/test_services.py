"""Services of the directory: register, claim, verify changes, members, notes, merge, deactivate."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from pozytek.core.models import AuditEvent
from pozytek.legal.models import LegalForm
from pozytek.organisations.models import Claim, OfficeNote, Organisation, OrganisationArea, OrganisationMember
from pozytek.organisations.services import (
    DuplicateOrganisation,
    accept_change,
    accept_claim,
    accept_invitation,
    add_office_note,
    add_organisation,
    claim_organisation,
    deactivate_organisation,
    invite_member,
    merge_organisations,
    reactivate_organisation,
    refuse_change,
    refuse_claim,
    register_organisation,
    remove_member,
    update_profile,
)
from pozytek.organisations.states import MemberRole, OrganisationState, ReviewState
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.integration


def actions(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id").values_list("action", flat=True))


@pytest.fixture
def ngo_owner(db):
    return UserFactory()


@pytest.fixture
def organisation(tenant, ngo_owner):
    org = OrganisationFactory(name="Fundacja Zdrowia", listed_in=tenant)
    OrganisationMember.objects.create(organisation=org, user=ngo_owner, role=MemberRole.OWNER)
    return org


def test_register_organisation_makes_the_person_owner_and_lists_it_unverified(tenant, resident):
    org = register_organisation(
        tenant=tenant,
        actor=resident,
        data={
            "name": "Stowarzyszenie Nowe",
            "legal_form": LegalForm.objects.get(slug="stowarzyszenie"),
            "krs": "359730",
            "nip": "856-734-62-15",
        },
    )

    assert (org.krs, org.nip, org.verified_at, org.source) == ("0000359730", "8567346215", None, "self")
    assert OrganisationMember.objects.get(organisation=org).user == resident
    with scope(tenant=tenant):
        assert OrganisationArea.objects.get(organisation=org).basis == "seat"
    assert actions(subject_id=str(org.pk), subject_type="organisations.organisation") == ["organisation.register"]


def test_duplicate_krs_points_to_the_existing_profile(tenant, resident, organisation):
    with pytest.raises(DuplicateOrganisation) as excinfo:
        register_organisation(tenant=tenant, actor=resident, data={"name": "Kopia", "krs": organisation.krs})

    assert excinfo.value.existing == organisation
    assert list(excinfo.value.message_dict) == ["krs"]
    assert Organisation.objects.count() == 1


def test_invalid_identifiers_give_errors_per_field(tenant, official):
    with pytest.raises(ValidationError) as excinfo:
        add_organisation(tenant=tenant, actor=official, data={"name": "X", "nip": "1234567890", "regon": "1"})

    assert sorted(excinfo.value.message_dict) == ["nip", "regon"]


def test_only_office_staff_add_organisations(tenant, resident):
    with pytest.raises(PermissionDenied):
        add_organisation(tenant=tenant, actor=resident, data={"name": "X"})


def test_claim_accepted_makes_claimant_owner_with_mail(
    tenant, official, resident, organisation, django_capture_on_commit_callbacks
):
    claim = claim_organisation(tenant=tenant, organisation=organisation, actor=resident, message="Prezes zarządu")

    with django_capture_on_commit_callbacks(execute=True):
        accept_claim(claim=claim, actor=official)

    assert OrganisationMember.objects.get(organisation=organisation, user=resident).role == MemberRole.OWNER
    with scopes_disabled():
        claim.refresh_from_db()
    assert (claim.state, claim.reviewed_by) == (ReviewState.ACCEPTED, official)
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert actions(subject_type="organisations.claim") == ["claim.submit", "claim.accept"]


def test_claim_refused_needs_a_reason_and_mails_it(
    tenant, official, resident, organisation, django_capture_on_commit_callbacks
):
    claim = claim_organisation(tenant=tenant, organisation=organisation, actor=resident, message="Członek")
    with pytest.raises(ValidationError):
        refuse_claim(claim=claim, actor=official, reason="  ")

    with django_capture_on_commit_callbacks(execute=True):
        refuse_claim(claim=claim, actor=official, reason="Brak w KRS")

    assert "Brak w KRS" in mail.outbox[0].body
    assert not OrganisationMember.objects.filter(user=resident).exists()


def test_claim_by_a_member_or_twice_is_refused(tenant, resident, ngo_owner, organisation):
    with pytest.raises(ValidationError):
        claim_organisation(tenant=tenant, organisation=organisation, actor=ngo_owner, message="x")
    claim_organisation(tenant=tenant, organisation=organisation, actor=resident, message="x")
    with pytest.raises(ValidationError):
        claim_organisation(tenant=tenant, organisation=organisation, actor=resident, message="x")
    with scopes_disabled():
        assert Claim.objects.count() == 1


def test_claim_is_decided_only_by_officials_of_its_tenant(tenant, other_tenant, resident, organisation):
    from pozytek.accounts.models import Role
    from tests.factories.accounts import MembershipFactory

    outsider = MembershipFactory(tenant=other_tenant, role=Role.OFFICIAL).user
    claim = claim_organisation(tenant=tenant, organisation=organisation, actor=resident, message="x")

    with pytest.raises(PermissionDenied):
        accept_claim(claim=claim, actor=outsider)


def test_member_edit_applies_open_fields_and_queues_verified_ones(tenant, official, ngo_owner, organisation):
    change = update_profile(
        organisation=organisation,
        actor=ngo_owner,
        data={
            "description": "<script>alert(1)</script> Pomagamy seniorom",
            "name": "Fundacja Zdrowia i Sportu",
            "bank_account": "61 1090 1014 0000 0712 1981 2874",
            "opp": True,
            "krs": organisation.krs,
        },
    )

    organisation.refresh_from_db()
    assert organisation.description == "<script>alert(1)</script> Pomagamy seniorom"
    assert organisation.name == "Fundacja Zdrowia"
    assert change.data == {
        "name": "Fundacja Zdrowia i Sportu",
        "bank_account": "PL61109010140000071219812874",
        "opp": True,
    }

    accept_change(tenant=tenant, change=change, actor=official)

    organisation.refresh_from_db()
    assert (organisation.name, organisation.bank_account, organisation.opp) == (
        "Fundacja Zdrowia i Sportu",
        "PL61109010140000071219812874",
        True,
    )
    assert organisation.verified_at is not None
    assert " sportu " in organisation.search_text


def test_refused_change_leaves_the_profile(tenant, official, ngo_owner, organisation):
    change = update_profile(organisation=organisation, actor=ngo_owner, data={"name": "Inna nazwa"})

    refuse_change(tenant=tenant, change=change, actor=official, reason="Nazwa niezgodna z KRS")

    organisation.refresh_from_db()
    change.refresh_from_db()
    assert (organisation.name, change.state, change.reason) == ("Fundacja Zdrowia", "refused", "Nazwa niezgodna z KRS")


def test_change_to_a_krs_of_another_organisation_is_refused(tenant, ngo_owner, organisation):
    other = OrganisationFactory(listed_in=tenant)

    with pytest.raises(DuplicateOrganisation):
        update_profile(organisation=organisation, actor=ngo_owner, data={"krs": other.krs})


def test_only_members_edit_the_profile(resident, organisation):
    with pytest.raises(PermissionDenied):
        update_profile(organisation=organisation, actor=resident, data={"description": "x"})


def test_invitation_flow_and_last_owner_protection(ngo_owner, organisation, django_capture_on_commit_callbacks):
    colleague = UserFactory(email="kolega@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_member(
            organisation=organisation, actor=ngo_owner, email="Kolega@example.org", role=MemberRole.EDITOR
        )

    assert invitation.token in mail.outbox[0].body
    member = accept_invitation(token=invitation.token, actor=colleague)
    assert member.role == MemberRole.EDITOR
    with pytest.raises(ValidationError):
        accept_invitation(token=invitation.token, actor=colleague)
    with pytest.raises(PermissionDenied):
        invite_member(organisation=organisation, actor=colleague, email="x@example.org", role=MemberRole.EDITOR)
    owner = OrganisationMember.objects.get(user=ngo_owner)
    with pytest.raises(ValidationError):
        remove_member(member=owner, actor=ngo_owner)
    remove_member(member=member, actor=ngo_owner)
    assert list(organisation.members.values_list("user", flat=True)) == [ngo_owner.pk]


def test_invitation_for_another_address_is_refused(ngo_owner, organisation, resident):
    invitation = invite_member(
        organisation=organisation, actor=ngo_owner, email="ktos@example.org", role=MemberRole.EDITOR
    )

    with pytest.raises(PermissionDenied):
        accept_invitation(token=invitation.token, actor=resident)


def test_office_note_is_private_to_its_tenant(tenant, other_tenant, official, organisation):
    add_office_note(tenant=tenant, organisation=organisation, actor=official, text="Sprawdzić sprawozdanie 2025")

    with scope(tenant=tenant):
        assert OfficeNote.objects.count() == 1
    with scope(tenant=other_tenant):
        assert OfficeNote.objects.count() == 0


def test_deactivate_needs_reason_and_keeps_history(tenant, official, organisation):
    with pytest.raises(ValidationError):
        deactivate_organisation(tenant=tenant, organisation=organisation, actor=official, reason="")

    deactivate_organisation(tenant=tenant, organisation=organisation, actor=official, reason="Likwidacja")
    reactivate_organisation(tenant=tenant, organisation=organisation, actor=official)

    organisation.refresh_from_db()
    assert organisation.state == OrganisationState.ACTIVE
    assert actions(subject_type="organisations.organisation", subject_id=str(organisation.pk)) == [
        "organisation.deactivate",
        "organisation.reactivate",
    ]


def test_merge_moves_listings_members_and_notes_and_frees_identifiers(
    tenant, other_tenant, official, ngo_owner, organisation
):
    duplicate = OrganisationFactory(
        name="Fundacja Zdrowia (duplikat)",
        listed_in=[tenant, other_tenant],
        email="kontakt@zdrowie.example",
        opp_since=dt.date(2020, 1, 1),
    )
    add_office_note(tenant=tenant, organisation=duplicate, actor=official, text="duplikat")
    keep = Organisation.objects.get(pk=organisation.pk)
    keep.email = ""
    keep.save()

    merge_organisations(tenant=tenant, duplicate=duplicate, keep=keep, actor=official)

    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into, duplicate.krs) == (OrganisationState.MERGED, keep, "")
    assert keep.email == "kontakt@zdrowie.example"
    with scopes_disabled():
        assert sorted(OrganisationArea.objects.filter(organisation=keep).values_list("tenant__slug", flat=True)) == [
            "inna",
            "testowo",
        ]
        assert OfficeNote.objects.get().organisation == keep
    with pytest.raises(ValidationError):
        merge_organisations(tenant=tenant, duplicate=keep, keep=keep, actor=official)
