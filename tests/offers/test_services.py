"""Services of offers: start, save a section (versions, forged rows, limits), submit, withdraw, reopen."""

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from pozytek.competitions.models import Call
from pozytek.competitions.states import CallState
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.legal.models import LegalForm, NgoStatus
from pozytek.offers import services
from pozytek.offers.models import Action, CostLine, Offer, Offeror, OfferVersion, OfferVersionImmutable
from pozytek.offers.selectors import attachments_of, version_attachments
from pozytek.offers.services import OfferClosed, SectionConflict
from pozytek.offers.snapshot import canonical_json, checksum, offer_snapshot
from pozytek.offers.states import OfferState
from pozytek.organisations.states import MemberRole
from tests.factories import offers as offer_factories
from tests.factories.accounts import UserFactory
from tests.factories.competitions import CallFactory, PublishedCallFactory
from tests.factories.offers import complete_offer, ngo_member, pdf_upload, start
from tests.factories.organisations import OrganisationFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def call(tenant):
    return PublishedCallFactory(tenant=tenant)


def save(offer: Offer, section: str, actor, **kwargs) -> Offer:
    """Save a section with the version it has now (as a form opened just before)."""
    with scopes_disabled():
        return offer_factories.save(offer, section, actor, **kwargs)


def versions_of(offer: Offer) -> list[OfferVersion]:
    with scopes_disabled():
        return list(OfferVersion.objects.filter(offer=offer).order_by("number"))


def fresh(offer: Offer) -> Offer:
    with scopes_disabled():
        return Offer.objects.select_related("call").get(pk=offer.pk)


def set_deadline(call: Call, deadline: dt.datetime) -> None:
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(offer_deadline=deadline)
    call.refresh_from_db()


def close_call(call: Call) -> dt.datetime:
    """Move the deadline one second into the past; returns it."""
    deadline = (timezone.now() - dt.timedelta(seconds=1)).replace(microsecond=0)
    set_deadline(call, deadline)
    return deadline


def events(action: str, offer: Offer) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, subject_id=str(offer.pk)).order_by("pk"))


def offer_rows(offer: Offer, model) -> list[tuple]:
    with scopes_disabled():
        return list(model.objects.filter(offer=offer).order_by("pk").values_list("pk", "name"))


# --- start_offer ----------------------------------------------------------------------------------------------


def test_start_offer_prefills_section_two_from_the_organisation_profile(call):
    organisation = OrganisationFactory(
        name="Fundacja Ruchu",
        legal_form=LegalForm.objects.get(slug="fundacja"),
        krs="0000654321",
        street="ul. Długa 1",
        postal_code="60-001",
        city="Poznań",
        website="https://ruch.example.org",
        email="biuro@ruch.example.org",
        phone="61 000 00 00",
    )
    actor, _org = ngo_member(organisation)

    offer, _actor = start(call, organisation=organisation, actor=actor)

    with scopes_disabled():
        lead = offer.offerors.get()
        assert offer.state == OfferState.DRAFT
        assert offer.tenant_id == call.tenant_id
        assert offer.created_by == actor
        assert offer.title == call.title
        assert offer.contact_email == actor.email
        assert offer.contact_name == actor.full_name
        assert lead.organisation == organisation
        assert lead.order == 0
        assert lead.name == "Fundacja Ruchu"
        assert lead.legal_form == LegalForm.objects.get(slug="fundacja").name
        assert lead.register_number == "KRS 0000654321"
        assert lead.address == "ul. Długa 1, 60-001 Poznań"
        assert (lead.website, lead.email, lead.phone) == (
            "https://ruch.example.org",
            "biuro@ruch.example.org",
            "61 000 00 00",
        )
    assert len(events("offer.start", offer)) == 1


def test_start_offer_uses_the_register_number_without_krs(call):
    organisation = OrganisationFactory(krs="", register_number="Starostwo 12/2020")
    actor, _org = ngo_member(organisation)

    offer, _actor = start(call, organisation=organisation, actor=actor)

    with scopes_disabled():
        assert offer.offerors.get().register_number == "Starostwo 12/2020"


def test_start_offer_twice_returns_the_same_offer(call):
    offer, actor = start(call)
    colleague, _org = ngo_member(offer.organisation, role=MemberRole.EDITOR)

    again, _actor = start(call, organisation=offer.organisation, actor=actor)
    by_colleague, _actor = start(call, organisation=offer.organisation, actor=colleague)

    assert again.pk == offer.pk == by_colleague.pk
    with scopes_disabled():
        assert Offer.objects.filter(call=call).count() == 1
        assert Offeror.objects.filter(offer=offer).count() == 1
    assert len(events("offer.start", offer)) == 1


def test_start_offer_after_submission_returns_the_submitted_offer(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)

    again, _actor = start(call, organisation=offer.organisation, actor=actor)

    assert again.pk == offer.pk
    assert again.state == OfferState.SUBMITTED


def test_start_offer_refuses_a_non_member(call, resident):
    organisation = OrganisationFactory()

    with pytest.raises(PermissionDenied):
        start(call, organisation=organisation, actor=resident)
    with scopes_disabled():
        assert not Offer.objects.exists()


@pytest.mark.parametrize("state", [CallState.DRAFT, CallState.CLOSED, CallState.CANCELLED])
def test_start_offer_refuses_a_call_that_is_not_open(tenant, state):
    call = CallFactory(tenant=tenant, state=state)

    with pytest.raises(ValidationError) as error:
        start(call)

    assert not isinstance(error.value, OfferClosed)
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_start_offer_refuses_a_call_past_its_deadline(call):
    deadline = close_call(call)

    with pytest.raises(OfferClosed) as error:
        start(call)

    assert timezone.localtime(deadline).strftime("%H:%M:%S") in error.value.messages[0]
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_start_offer_refuses_an_organisation_excluded_by_art_3_ust_4(call):
    organisation = OrganisationFactory(excluded_art_3_4=True)
    actor, _org = ngo_member(organisation)

    with pytest.raises(ValidationError):
        start(call, organisation=organisation, actor=actor)
    with scopes_disabled():
        assert not Offer.objects.exists()


# --- save_section ---------------------------------------------------------------------------------------------


def test_save_section_bumps_only_that_sections_version(call):
    offer, actor = start(call)
    assert services.section_version(offer, "task") == 0

    offer = save(offer, "task", actor, data={"title": "Pierwszy"})
    offer = save(offer, "task", actor, data={"title": "Drugi"})

    assert services.section_version(offer, "task") == 2
    assert services.section_version(offer, "characteristics") == 0
    saved = fresh(offer)
    assert saved.title == "Drugi"
    assert saved.section_versions["task"]["v"] == 2
    assert saved.section_versions["task"]["by"] == actor.email


def test_save_section_detects_a_concurrent_edit_and_overwrites_nothing(call):
    offer, first = start(call)
    second, _org = ngo_member(offer.organisation, role=MemberRole.EDITOR)
    opened_by_first = opened_by_second = services.section_version(offer, "task")

    with scopes_disabled():
        services.save_section(
            offer=offer, section="task", actor=first, version=opened_by_first, data={"title": "Wersja pierwszej osoby"}
        )
        with pytest.raises(SectionConflict) as conflict:
            services.save_section(
                offer=offer, section="task", actor=second, version=opened_by_second, data={"title": "Wersja drugiej"}
            )

    assert conflict.value.saved_by == first.email
    assert conflict.value.version == 1
    assert conflict.value.section == "task"
    saved = fresh(offer)
    assert saved.title == "Wersja pierwszej osoby"
    assert services.section_version(saved, "task") == 1
    assert len(events("offer.save_task", offer)) == 1


def test_concurrent_edits_of_different_sections_do_not_conflict(call):
    offer, first = start(call)
    second, _org = ngo_member(offer.organisation, role=MemberRole.EDITOR)

    with scopes_disabled():
        services.save_section(offer=offer, section="task", actor=first, version=0, data={"title": "Tytuł"})
        services.save_section(
            offer=offer, section="characteristics", actor=second, version=0, data={"resources": "Sala"}
        )

    saved = fresh(offer)
    assert (saved.title, saved.resources) == ("Tytuł", "Sala")


def test_save_section_records_an_audit_event_with_the_field_diff(call):
    offer, actor = start(call)
    before = offer.title

    save(offer, "task", actor, data={"title": "Nowy tytuł", "summary": "", "start_date": call.delivery_start})

    (event,) = events("offer.save_task", offer)
    assert event.actor == actor
    assert event.tenant_id == call.tenant_id
    assert event.data["changes"] == {
        "start_date": {"from": None, "to": call.delivery_start.isoformat()},
        "title": {"from": before, "to": "Nowy tytuł"},
    }


def test_save_section_of_rows_records_the_rows(call):
    offer, actor = start(call)

    save(offer, "results", actor, rows=[{"name": "Uczestnicy", "target": "60", "monitoring": "listy"}])

    (event,) = events("offer.save_results", offer)
    assert event.data["changes"]["rows"] == [{"name": "Uczestnicy", "target": "60", "monitoring": "listy"}]


def test_save_section_updates_rows_by_id_creates_new_ones_and_deletes_those_left_out(call):
    offer, actor = start(call)
    year = call.delivery_start.year
    offer = save(offer, "actions", actor, rows=[{"year": year, "name": "A"}, {"year": year, "name": "B"}])
    (a_pk, _a), (b_pk, _b) = offer_rows(offer, Action)

    save(offer, "actions", actor, rows=[{"id": b_pk, "year": year, "name": "B2"}, {"year": year, "name": "C"}])

    rows = offer_rows(offer, Action)
    assert rows[0] == (b_pk, "B2")
    assert rows[1][1] == "C"
    assert a_pk not in [pk for pk, _name in rows]
    with scopes_disabled():
        assert list(Action.objects.filter(offer=offer).values_list("name", "order")) == [("B2", 0), ("C", 1)]


def test_the_lead_offeror_stays_linked_to_the_organisation(call):
    offer, actor = start(call)
    with scopes_disabled():
        lead = offer.offerors.get()

    save(offer, "offerors", actor, rows=[{"id": lead.pk, "name": "Nowa nazwa", "address": "ul. Nowa 1"}])

    with scopes_disabled():
        lead.refresh_from_db()
    assert (lead.name, lead.address, lead.organisation_id) == ("Nowa nazwa", "ul. Nowa 1", offer.organisation_id)


def test_an_offer_keeps_at_least_one_offeror(call):
    offer, actor = start(call)

    with pytest.raises(ValidationError):
        save(offer, "offerors", actor, rows=[])
    with scopes_disabled():
        assert offer.offerors.count() == 1


def test_a_cost_cannot_point_at_an_action_of_another_offer(call):
    offer, actor = complete_offer(call)
    other, _other_actor = complete_offer(call)
    with scopes_disabled():
        foreign_action = other.actions.first()
        own_action = offer.actions.first()
    before = offer_rows(offer, CostLine)

    with pytest.raises(ValidationError) as error:
        save(
            offer,
            "costs",
            actor,
            rows=[
                {
                    "category": "action",
                    "action": own_action.pk,
                    "name": "Trener",
                    "unit": "godz.",
                    "unit_cost": Decimal("10"),
                    "quantity": Decimal("1"),
                },
                {
                    "category": "action",
                    "action": foreign_action.pk,
                    "name": "Cudzy",
                    "unit": "szt.",
                    "unit_cost": Decimal("1"),
                    "quantity": Decimal("1"),
                },
            ],
        )

    assert error.value.code == "foreign_row"
    assert offer_rows(offer, CostLine) == before
    assert services.section_version(fresh(offer), "costs") == 1


def test_an_action_cannot_name_an_offeror_of_another_offer(call):
    offer, actor = complete_offer(call)
    other, _other_actor = complete_offer(call)
    with scopes_disabled():
        foreign_offeror = other.offerors.first()
    before = offer_rows(offer, Action)

    with pytest.raises(ValidationError):
        save(
            offer,
            "actions",
            actor,
            rows=[{"year": call.delivery_start.year, "name": "X", "offeror": foreign_offeror.pk}],
        )

    assert offer_rows(offer, Action) == before


@pytest.mark.parametrize("forged", ["abc", "1; DROP TABLE", [1]])
def test_a_forged_non_numeric_row_reference_is_a_validation_error(call, forged):
    offer, actor = complete_offer(call)

    with pytest.raises(ValidationError):
        save(offer, "actions", actor, rows=[{"year": call.delivery_start.year, "name": "X", "offeror": forged}])


def test_a_row_id_of_another_offer_is_refused_and_both_offers_stay_unchanged(call):
    offer, actor = complete_offer(call)
    other, _other_actor = complete_offer(call)
    with scopes_disabled():
        foreign = other.actions.get()
    before, before_other = offer_rows(offer, Action), offer_rows(other, Action)

    with pytest.raises(ValidationError):
        save(offer, "actions", actor, rows=[{"id": foreign.pk, "year": call.delivery_start.year, "name": "Przejęte"}])

    assert offer_rows(offer, Action) == before
    assert offer_rows(other, Action) == before_other


def test_the_same_row_id_twice_is_refused(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        action = offer.actions.get()
    year = call.delivery_start.year

    with pytest.raises(ValidationError):
        save(
            offer,
            "actions",
            actor,
            rows=[{"id": action.pk, "year": year, "name": "A"}, {"id": action.pk, "year": year, "name": "B"}],
        )

    assert offer_rows(offer, Action) == [(action.pk, "Zajęcia sportowe")]


def test_save_section_refuses_a_non_member(call, resident):
    offer, _actor = start(call)

    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.save_section(offer=offer, section="task", actor=resident, version=0, data={"title": "Cudze"})

    assert fresh(offer).title == call.title


def test_save_section_after_the_deadline_is_refused_with_the_deadline_time(call):
    offer, actor = start(call)
    deadline = close_call(call)

    with pytest.raises(OfferClosed) as error:
        save(offer, "task", actor, data={"title": "Za późno"})

    assert error.value.code == "closed"
    local = timezone.localtime(deadline)
    assert local.strftime("%H:%M:%S") in error.value.messages[0]
    assert str(local.year) in error.value.messages[0]
    assert fresh(offer).title == call.title


def test_save_section_a_second_before_the_deadline_is_accepted(call):
    offer, actor = start(call)
    set_deadline(call, timezone.now() + dt.timedelta(seconds=30))

    save(offer, "task", actor, data={"title": "W ostatniej chwili"})

    assert fresh(offer).title == "W ostatniej chwili"


def test_a_submitted_offer_cannot_be_edited(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)

    with pytest.raises(ValidationError) as error:
        save(offer, "task", actor, data={"title": "Po złożeniu"})

    assert not isinstance(error.value, OfferClosed)
    assert error.value.code == "state"
    assert fresh(offer).title == "Sportowe wakacje"


def test_a_withdrawn_offer_cannot_be_edited_until_it_is_reopened(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)
        services.withdraw_offer(offer=offer, actor=actor)

    with pytest.raises(ValidationError) as error:
        save(offer, "task", actor, data={"title": "Wycofana"})

    assert error.value.code == "state"
    assert fresh(offer).title == "Sportowe wakacje"


@pytest.mark.parametrize(
    "value",
    [Decimal("-0.01"), Decimal("12.345"), Decimal("10000000000.00"), Decimal("1E+20"), Decimal("NaN"), "dużo"],
)
def test_invalid_amounts_are_rejected_and_nothing_is_saved(call, value):
    offer, actor = complete_offer(call)

    with pytest.raises(ValidationError) as error:
        save(offer, "sources", actor, data={"requested_grant": value, "own_financial": Decimal("1")})

    assert "requested_grant" in error.value.message_dict
    saved = fresh(offer)
    assert saved.requested_grant == Decimal("9000.00")
    assert saved.own_financial == Decimal("1000.00")
    assert services.section_version(saved, "sources") == 1
    assert events("offer.save_sources", offer).__len__() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("unit_cost", Decimal("-5")),
        ("quantity", Decimal("-1")),
        ("unit_cost", Decimal("1.001")),
        ("quantity", Decimal("100000000.00")),
        ("unit_cost", Decimal("99999999999")),
        ("year1", Decimal("-1")),
    ],
)
def test_invalid_cost_rows_are_rejected_and_no_row_changes(call, field, value):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        action = offer.actions.get()
        before = list(CostLine.objects.filter(offer=offer).order_by("pk").values())
    good = {
        "category": "action",
        "action": action.pk,
        "name": "Nowy",
        "unit": "szt.",
        "unit_cost": Decimal("1"),
        "quantity": Decimal("1"),
    }

    with pytest.raises(ValidationError):
        save(offer, "costs", actor, rows=[good, {**good, "name": "Zły", field: value}])

    with scopes_disabled():
        assert list(CostLine.objects.filter(offer=offer).order_by("pk").values()) == before


def test_a_date_that_is_not_a_date_is_rejected(call):
    offer, actor = start(call)

    with pytest.raises(ValidationError) as error:
        save(offer, "task", actor, data={"start_date": "2027-02-30"})

    assert "start_date" in error.value.message_dict
    assert fresh(offer).start_date is None


def test_an_invalid_e_mail_of_the_contact_person_is_rejected(call):
    offer, actor = start(call)

    with pytest.raises(ValidationError):
        save(offer, "offerors", actor, data={"contact_email": "nie-e-mail"})

    assert fresh(offer).contact_email == actor.email


def test_unknown_sections_and_fields_are_programming_errors(call):
    offer, actor = start(call)

    with pytest.raises(ValueError):
        save(offer, "budget", actor, data={})
    with pytest.raises(TypeError):
        save(offer, "task", actor, data={"requested_grant": Decimal("1")})


# --- attachments ----------------------------------------------------------------------------------------------


def test_remove_attachment_deletes_the_file_after_commit(call, django_capture_on_commit_callbacks):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        attachment = offer.attachments.first()
        storage, name = attachment.file.storage, attachment.file.name
        assert storage.exists(name)

        with django_capture_on_commit_callbacks(execute=True):
            services.remove_attachment(attachment=attachment, actor=actor)

        assert not offer.attachments.filter(pk=attachment.pk).exists()
    assert not storage.exists(name)
    assert len(events("offer.detach", offer)) == 1


def test_remove_attachment_refuses_a_non_member(call, resident):
    offer, _actor = complete_offer(call)
    with scopes_disabled():
        attachment = offer.attachments.first()
        with pytest.raises(PermissionDenied):
            services.remove_attachment(attachment=attachment, actor=resident)
        assert offer.attachments.filter(pk=attachment.pk).exists()


def test_add_attachment_refuses_a_submitted_offer(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)
        count = offer.attachments.count()
        with pytest.raises(ValidationError):
            services.add_attachment(offer=offer, label="Statut", upload=pdf_upload(), actor=actor)
        assert offer.attachments.count() == count


# --- submit_offer ---------------------------------------------------------------------------------------------


def test_submit_of_an_incomplete_offer_is_blocked_with_problems_by_section(call):
    offer, actor = start(call)

    with scopes_disabled(), pytest.raises(TransitionBlocked) as blocked:
        services.submit_offer(offer=offer, actor=actor)

    found = {p.section for p in blocked.value.problems}
    assert {"task", "actions", "costs", "sources", "statements", "attachments"} <= found
    assert all(p.section for p in blocked.value.problems)
    saved = fresh(offer)
    assert saved.state == OfferState.DRAFT
    assert saved.submitted_at is None
    with scopes_disabled():
        assert not OfferVersion.objects.exists()
    assert events("offer.submit", offer) == []


def test_submit_after_the_deadline_is_blocked_by_the_deadline_alone(call):
    offer, actor = start(call)  # incomplete as well: the deadline is the only problem reported
    deadline = close_call(call)

    with scopes_disabled(), pytest.raises(TransitionBlocked) as blocked:
        services.submit_offer(offer=offer, actor=actor)

    (problem,) = blocked.value.problems
    assert problem.section == "deadline"
    assert timezone.localtime(deadline).strftime("%H:%M:%S") in problem.message
    assert fresh(offer).state == OfferState.DRAFT


def test_submit_of_a_complete_offer_after_the_deadline_is_blocked(call):
    offer, actor = complete_offer(call)
    close_call(call)

    with scopes_disabled(), pytest.raises(TransitionBlocked):
        services.submit_offer(offer=offer, actor=actor)

    with scopes_disabled():
        assert not OfferVersion.objects.exists()


def test_submit_freezes_one_version_with_the_checksum_of_its_canonical_json(call):
    offer, actor = complete_offer(call, joint=True)
    started = timezone.now()

    with scopes_disabled():
        version = services.submit_offer(offer=offer, actor=actor)
        stored = OfferVersion.objects.get(pk=version.pk)
        expected_snapshot = offer_snapshot(fresh(offer), version=1, submitted_at=stored.submitted_at)

    assert len(versions_of(offer)) == 1
    assert stored.number == 1
    assert stored.submitted_by == actor
    assert stored.checksum == hashlib.sha256(canonical_json(stored.snapshot)).hexdigest()
    assert stored.checksum == checksum(expected_snapshot)
    assert stored.snapshot == expected_snapshot
    assert stored.snapshot["version"] == 1
    assert stored.snapshot["costs"]["total"] == "10500.00"
    assert stored.snapshot["joint"] is True
    saved = fresh(offer)
    assert saved.state == OfferState.SUBMITTED
    assert saved.submitted_at == stored.submitted_at
    assert started <= saved.submitted_at <= timezone.now()
    assert len(events("offer.submit", offer)) == 1
    (freeze,) = events("offer.freeze", offer)
    assert freeze.data == {"version": 1, "checksum": stored.checksum}


def test_the_snapshot_of_a_joint_multi_year_offer_has_every_sum(tenant):
    year = timezone.localdate().year + 1
    call = PublishedCallFactory(
        tenant=tenant, delivery_start=dt.date(year, 9, 1), delivery_end=dt.date(year + 1, 6, 30)
    )
    offer, actor = complete_offer(call, joint=True, multi_year=True)

    with scopes_disabled():
        snapshot = services.submit_offer(offer=offer, actor=actor).snapshot

    assert snapshot["years"] == [year, year + 1]
    assert snapshot["costs"]["total"] == "10500.00"
    assert snapshot["costs"]["years_total"] == ["5250.00", "5250.00"]
    assert snapshot["costs"]["admin"]["total"] == "500.00"
    assert [(s["offeror"], s["total"]) for s in snapshot["split"]] == [
        (snapshot["offerors"][0]["name"], "8500.00"),
        ("Stowarzyszenie Partnerskie", "2000.00"),
    ]
    assert sum(Decimal(s["total"]) for s in snapshot["split"]) == Decimal(snapshot["costs"]["total"])
    sources = {row["key"]: (row["value"], row["share"]) for row in snapshot["sources"]}
    assert sources["total"] == ("10500.00", "100.00")
    assert sources["grant"] == ("9000.00", "85.71")
    assert sources["own_total"] == ("1500.00", "14.29")
    assert {a["year"] for a in snapshot["actions"]} == {year, year + 1}


def test_submitting_twice_returns_the_same_version(call):
    offer, actor = complete_offer(call)
    colleague, _org = ngo_member(offer.organisation, role=MemberRole.EDITOR)

    with scopes_disabled():
        first = services.submit_offer(offer=offer, actor=actor)
        again = services.submit_offer(offer=offer, actor=actor)
        by_colleague = services.submit_offer(offer=fresh(offer), actor=colleague)

    assert first.pk == again.pk == by_colleague.pk
    assert len(versions_of(offer)) == 1
    assert len(events("offer.submit", offer)) == 1
    assert len(events("offer.freeze", offer)) == 1


def test_a_non_member_cannot_submit(call, resident):
    offer, _actor = complete_offer(call)

    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.submit_offer(offer=offer, actor=resident)

    assert fresh(offer).state == OfferState.DRAFT
    with scopes_disabled():
        assert not OfferVersion.objects.exists()


def test_a_non_member_gets_nothing_from_a_submitted_offer(call, resident):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)

        with pytest.raises(TransitionNotAllowed):
            services.submit_offer(offer=offer, actor=resident)


def test_a_member_of_another_organisation_cannot_submit(call):
    offer, _actor = complete_offer(call)
    stranger, _org = ngo_member(tenant=call.tenant)

    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.submit_offer(offer=offer, actor=stranger)


def test_a_submitted_version_is_immutable(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        version = services.submit_offer(offer=offer, actor=actor)
        version.snapshot = {"forged": True}

        with pytest.raises(OfferVersionImmutable):
            version.save()
        with pytest.raises(OfferVersionImmutable):
            version.delete()
        stored = OfferVersion.objects.get(pk=version.pk)

    assert "forged" not in stored.snapshot
    assert stored.checksum == checksum(stored.snapshot)


def test_withdraw_reopen_and_submit_again_gives_version_two(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        first = services.submit_offer(offer=offer, actor=actor)
        withdrawn = services.withdraw_offer(offer=offer, actor=actor, reason="Poprawiamy budżet")
        assert withdrawn.state == OfferState.WITHDRAWN
        reopened = services.reopen_offer(offer=offer, actor=actor)
        assert reopened.state == OfferState.DRAFT
        save(reopened, "task", actor, data={"title": "Sportowe wakacje 2"})
        second = services.submit_offer(offer=offer, actor=actor)
        versions = list(OfferVersion.objects.filter(offer=offer).order_by("number"))

    assert second.number == 2
    assert [v.pk for v in versions] == [first.pk, second.pk]
    assert versions[0].snapshot["task"]["title"] == "Sportowe wakacje"
    assert versions[1].snapshot["task"]["title"] == "Sportowe wakacje 2"
    assert versions[0].checksum == checksum(versions[0].snapshot)
    assert versions[0].checksum != versions[1].checksum
    assert fresh(offer).state == OfferState.SUBMITTED
    assert fresh(offer).submitted_at == versions[1].submitted_at
    (withdraw_event,) = events("offer.withdraw", offer)
    assert withdraw_event.data["reason"] == "Poprawiamy budżet"
    assert len(events("offer.submit", offer)) == 2


def test_withdraw_after_the_deadline_is_blocked(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)
    close_call(call)

    with scopes_disabled(), pytest.raises(TransitionBlocked) as blocked:
        services.withdraw_offer(offer=offer, actor=actor)

    assert [p.section for p in blocked.value.problems] == ["deadline"]
    assert fresh(offer).state == OfferState.SUBMITTED


def test_reopen_after_the_deadline_is_blocked(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)
        services.withdraw_offer(offer=offer, actor=actor)
    close_call(call)

    with scopes_disabled(), pytest.raises(TransitionBlocked):
        services.reopen_offer(offer=offer, actor=actor)

    assert fresh(offer).state == OfferState.WITHDRAWN


def cancel_call(call: Call) -> None:
    """Cancelled under art. 18a while offers are still being received (the deadline is ahead)."""
    with scopes_disabled():
        Call.objects.filter(pk=call.pk).update(state=CallState.CANCELLED)
    call.refresh_from_db()


def test_a_cancelled_call_takes_no_submission_before_its_deadline(call):
    offer, actor = complete_offer(call)
    cancel_call(call)

    with scopes_disabled(), pytest.raises(TransitionBlocked) as blocked:
        services.submit_offer(offer=offer, actor=actor)

    assert [p.section for p in blocked.value.problems] == ["deadline"]
    assert fresh(offer).state == OfferState.DRAFT
    assert versions_of(offer) == []


def test_a_draft_in_a_cancelled_call_cannot_be_edited(call):
    offer, actor = complete_offer(call)
    cancel_call(call)

    with pytest.raises(OfferClosed) as error:
        save(offer, "task", actor, data={"title": "Po unieważnieniu"})
    with scopes_disabled(), pytest.raises(OfferClosed):
        services.add_attachment(offer=offer, label="Statut", upload=pdf_upload(), actor=actor)

    assert error.value.code == "call_state"
    assert fresh(offer).title == "Sportowe wakacje"


def test_a_withdrawn_offer_cannot_be_reopened_in_a_cancelled_call(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)
        services.withdraw_offer(offer=offer, actor=actor)
    cancel_call(call)

    with scopes_disabled(), pytest.raises(TransitionBlocked):
        services.reopen_offer(offer=offer, actor=actor)

    assert fresh(offer).state == OfferState.WITHDRAWN


def test_withdraw_of_a_draft_is_not_allowed(call):
    offer, actor = complete_offer(call)

    with scopes_disabled(), pytest.raises(TransitionNotAllowed):
        services.withdraw_offer(offer=offer, actor=actor)


def test_a_non_member_cannot_withdraw(call, resident):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)

        with pytest.raises(PermissionDenied):
            services.withdraw_offer(offer=offer, actor=resident)

    assert fresh(offer).state == OfferState.SUBMITTED


def test_after_withdrawal_a_new_offer_can_be_started_and_the_old_one_cannot_be_reopened(call):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)
        services.withdraw_offer(offer=offer, actor=actor)
    new, _actor = start(call, organisation=offer.organisation, actor=actor)
    assert new.pk != offer.pk

    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.reopen_offer(offer=offer, actor=actor)

    assert error.value.code == "duplicate"
    assert fresh(offer).state == OfferState.WITHDRAWN


def test_the_confirmation_is_e_mailed_after_commit_with_the_pdf(call, django_capture_on_commit_callbacks):
    offer, actor = complete_offer(call)
    with scopes_disabled():
        save(offer, "offerors", actor, data={"contact_email": "anna@fundacja.example"})

    with scopes_disabled(), django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = services.submit_offer(offer=offer, actor=actor)
        assert mail.outbox == []  # nothing is sent before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()

    (message,) = mail.outbox
    assert set(message.to) == {actor.email, "anna@fundacja.example"}
    assert version.checksum in message.body
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "application/pdf"
    assert name.endswith(".pdf")
    assert content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert version.checksum in text.replace("\n", "").replace(" ", "")


def test_the_confirmation_is_sent_once_when_the_submission_is_repeated(call, django_capture_on_commit_callbacks):
    offer, actor = complete_offer(call)

    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        services.submit_offer(offer=offer, actor=actor)
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        services.submit_offer(offer=offer, actor=actor)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [actor.email]


def test_no_confirmation_when_the_submission_is_blocked(call, django_capture_on_commit_callbacks):
    offer, actor = start(call)

    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionBlocked):
        services.submit_offer(offer=offer, actor=actor)

    assert mail.outbox == []


def test_an_offer_of_another_tenant_is_independent(call, other_tenant):
    offer, actor = complete_offer(call)
    other_call = PublishedCallFactory(tenant=other_tenant)
    other, _same_actor = start(other_call, organisation=offer.organisation, actor=actor)

    assert other.pk != offer.pk
    assert other.tenant_id == other_tenant.pk
    with scopes_disabled():
        services.submit_offer(offer=offer, actor=actor)
    assert fresh(other).state == OfferState.DRAFT


def test_a_user_without_membership_of_any_organisation_is_not_an_editor(call):
    offer, _actor = start(call)
    stranger = UserFactory()

    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.add_attachment(offer=offer, label="Statut", upload=pdf_upload(), actor=stranger)


def test_start_offer_refuses_an_entity_type_the_call_does_not_admit(tenant):
    call = PublishedCallFactory(tenant=tenant, eligible_entities=["art3_3"])
    actor, organisation = ngo_member(tenant=tenant)
    assert organisation.legal_form.status == NgoStatus.NGO
    with scopes_disabled(), pytest.raises(ValidationError) as error:
        services.start_offer(call=call, organisation=organisation, actor=actor)
    assert error.value.code == "not_eligible"
    art_3_3 = LegalForm.objects.filter(status=NgoStatus.ART_3_3).first()
    organisation.legal_form = art_3_3
    organisation.save()
    with scopes_disabled():
        assert services.start_offer(call=call, organisation=organisation, actor=actor).pk


def test_removing_an_attachment_listed_by_a_submitted_version_keeps_the_file(tenant):
    call = PublishedCallFactory(tenant=tenant)
    offer, actor = complete_offer(call)
    with scopes_disabled():
        version = services.submit_offer(offer=offer, actor=actor)
        services.withdraw_offer(offer=offer, actor=actor)
        services.reopen_offer(offer=offer, actor=actor)
        attachment = attachments_of(offer).first()
        services.remove_attachment(attachment=attachment, actor=actor)
        assert attachment.pk not in [a.pk for a in attachments_of(offer)]
        kept = version_attachments(version).get(pk=attachment.pk)
        assert kept.file.storage.exists(kept.file.name)
        with pytest.raises(OfferVersionImmutable):
            OfferVersion.objects.filter(pk=version.pk).update(checksum="0" * 64)
        with pytest.raises(OfferVersionImmutable):
            OfferVersion.objects.filter(pk=version.pk).delete()
