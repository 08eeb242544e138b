"""The formal check: the three outcomes and their rules, rounds after a correction, the office's pages,
the public list of results, the changes between versions, and the audit trail."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.competitions.models import Call
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.evaluation.models import FormalCheck
from pozytek.evaluation.services import formal
from pozytek.evaluation.states import FormalOutcome
from pozytek.offers import services as offer_services
from pozytek.offers.models import OfferVersion
from pozytek.offers.states import OfferState
from tests.conftest import login_with_mfa, with_totp
from tests.evaluation.formal_helpers import (
    CORRECTABLE,
    NOT_CORRECTABLE,
    answers,
    check,
    closed_call_with_offers,
    fresh,
    in_a_week,
    items_of,
    open_call,
    pass_correction_deadline,
    pass_deadline,
    request_correction,
    submitted_offer,
)
from tests.factories.accounts import MembershipFactory
from tests.factories.competitions import CallFactory
from tests.factories.offers import complete_offer, ngo_member, save

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def closed(tenant):
    call, offers = closed_call_with_offers(tenant)
    offer, ngo = offers[0]
    return call, offer, ngo


def checks_of(offer) -> list[FormalCheck]:
    with scopes_disabled():
        return list(FormalCheck.objects.filter(offer=offer).order_by("round"))


def versions(offer) -> list[OfferVersion]:
    with scopes_disabled():
        return list(OfferVersion.objects.filter(offer=offer).order_by("number"))


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- the service: outcomes -----------------------------------------------------------------------------------


def test_all_requirements_met_makes_the_offer_formally_correct(closed, official, django_capture_on_commit_callbacks):
    call, offer, ngo = closed
    with django_capture_on_commit_callbacks(execute=True):
        result = check(offer, official, answers=answers(call, notes={CORRECTABLE: "podpisana"}))
    assert result.outcome == FormalOutcome.PASSED and result.round == 1
    offer = fresh(offer)
    assert offer.state == OfferState.FORMALLY_ACCEPTED
    assert offer.correction_sections == [] and offer.correction_deadline is None
    with scopes_disabled():
        assert result.version.number == 1
    items = items_of(call)
    assert result.answers == [
        {"item": items[0].pk, "text": NOT_CORRECTABLE, "correctable": False, "met": True, "note": ""},
        {"item": items[1].pk, "text": CORRECTABLE, "correctable": True, "met": True, "note": "podpisana"},
    ]
    assert len(mail.outbox) == 1
    recipients = set(mail.outbox[0].to)
    assert {offer.contact_email, offer.organisation.email, ngo.email} <= recipients


def test_the_checklist_text_is_copied_so_a_later_edit_does_not_rewrite_the_check(closed, official):
    call, offer, _ngo = closed
    result = check(offer, official)
    with scopes_disabled():
        items_of(call)[0].__class__.objects.filter(call=call).update(text="Zmieniony wymóg")
        assert FormalCheck.objects.get(pk=result.pk).answers[0]["text"] == NOT_CORRECTABLE


def test_an_unmet_requirement_that_cannot_be_corrected_rejects_with_reasons(
    closed, official, django_capture_on_commit_callbacks
):
    call, offer, _ngo = closed
    with pytest.raises(ValidationError) as error:
        check(offer, official, answers=answers(call, unmet=(NOT_CORRECTABLE,)), reasons="  ")
    assert set(error.value.message_dict) == {"reasons"}
    assert fresh(offer).state == OfferState.SUBMITTED and checks_of(offer) == []
    with django_capture_on_commit_callbacks(execute=True):
        result = check(
            offer, official, answers=answers(call, unmet=(NOT_CORRECTABLE, CORRECTABLE)), reasons="Złożona po terminie."
        )
    assert result.outcome == FormalOutcome.REJECTED and result.reasons == "Złożona po terminie."
    assert fresh(offer).state == OfferState.FORMALLY_REJECTED
    assert len(mail.outbox) == 1 and "Złożona po terminie." in mail.outbox[0].body


def test_only_correctable_defects_ask_for_a_correction_of_the_chosen_sections(
    closed, official, django_capture_on_commit_callbacks
):
    call, offer, _ngo = closed
    deadline = in_a_week()
    with django_capture_on_commit_callbacks(execute=True):
        result = check(
            offer,
            official,
            answers=answers(call, unmet=(CORRECTABLE,), notes={CORRECTABLE: "Brak podpisu"}),
            sections=["statements", "task", "task"],
            correction_deadline=deadline,
        )
    assert result.outcome == FormalOutcome.CORRECTION
    assert result.sections_to_correct == ["task", "statements"]  # the template's order, once each
    offer = fresh(offer)
    assert offer.state == OfferState.CORRECTION
    assert offer.correction_sections == ["task", "statements"] and offer.correction_deadline == deadline
    assert len(mail.outbox) == 1 and "Brak podpisu" in mail.outbox[0].body
    assert reverse("offers:overview", kwargs={"tenant_slug": offer.tenant.slug, "pk": offer.pk}) in mail.outbox[0].body


@pytest.mark.parametrize(
    ("sections", "deadline", "keys"),
    [
        ([], None, {"sections", "correction_deadline"}),
        (["task"], None, {"correction_deadline"}),
        ([], "future", {"sections"}),
        (["task"], "past", {"correction_deadline"}),
        (["not-a-section"], "future", {"sections"}),
    ],
)
def test_a_correction_needs_sections_and_a_future_deadline(closed, official, sections, deadline, keys):
    call, offer, _ngo = closed
    when = {"future": in_a_week(), "past": timezone.now() - dt.timedelta(minutes=1), None: None}[deadline]
    with pytest.raises(ValidationError) as error:
        check(offer, official, answers=answers(call, unmet=(CORRECTABLE,)), sections=sections, correction_deadline=when)
    assert set(error.value.message_dict) == keys
    assert fresh(offer).state == OfferState.SUBMITTED and checks_of(offer) == []


def test_sections_and_deadline_are_ignored_when_nothing_needs_correcting(closed, official):
    _call, offer, _ngo = closed
    result = check(offer, official, sections=["task"], correction_deadline=in_a_week())
    assert result.sections_to_correct == [] and result.correction_deadline is None
    assert fresh(offer).correction_sections == []


@pytest.mark.parametrize("mangle", ["missing", "foreign", "twice", "not_a_number", "no_answer"])
def test_the_answers_must_cover_the_checklist_exactly(closed, official, tenant, mangle):
    call, offer, _ngo = closed
    given = answers(call)
    if mangle == "missing":
        given = given[:1]
    elif mangle == "foreign":
        other = open_call(tenant)
        given[0]["item"] = items_of(other)[0].pk
    elif mangle == "twice":
        given[1]["item"] = given[0]["item"]
    elif mangle == "not_a_number":
        given[0]["item"] = "x"
    else:
        given[0]["met"] = "maybe"
    with pytest.raises(ValidationError) as error:
        check(offer, official, answers=given)
    assert set(error.value.message_dict) == {"answers"}
    assert checks_of(offer) == []


def test_the_check_starts_only_after_the_offer_deadline(tenant, official):
    call = open_call(tenant)
    offer, _ngo = submitted_offer(call)
    with pytest.raises(TransitionBlocked) as blocked:
        check(offer, official)
    assert blocked.value.problems[0].section == "deadline"
    assert fresh(offer).state == OfferState.SUBMITTED and checks_of(offer) == []


def test_the_same_check_twice_creates_one_round(closed, official):
    _call, offer, _ngo = closed
    check(offer, official)
    with pytest.raises(TransitionNotAllowed):
        check(offer, official)
    assert len(checks_of(offer)) == 1


def test_only_the_office_of_the_call_checks_offers(closed, other_tenant):
    _call, offer, ngo = closed
    stranger = with_totp(MembershipFactory(tenant=other_tenant).user)
    for actor in (ngo, stranger):
        with pytest.raises(PermissionDenied):
            check(offer, actor)
    assert checks_of(offer) == []


# --- correction rounds -----------------------------------------------------------------------------------------


def correct_and_resubmit(offer, ngo, title="Sportowe wakacje 2"):
    with scopes_disabled():
        save(fresh(offer), "task", ngo, data={"title": title})
        return offer_services.submit_correction(offer=fresh(offer), actor=ngo)


def test_a_corrected_offer_gets_a_second_round_on_its_new_version(closed, official):
    _call, offer, ngo = closed
    request_correction(offer, official)
    version = correct_and_resubmit(offer, ngo)
    assert version.number == 2 and fresh(offer).state == OfferState.SUBMITTED
    second = check(offer, official)
    assert [c.round for c in checks_of(offer)] == [1, 2]
    with scopes_disabled():
        assert second.version.number == 2
    offer = fresh(offer)
    assert offer.state == OfferState.FORMALLY_ACCEPTED and offer.correction_sections == []
    assert offer.correction_deadline is None


def test_an_uncorrected_offer_is_rejected_only_after_the_correction_deadline(
    closed, official, django_capture_on_commit_callbacks
):
    _call, offer, _ngo = closed
    first = request_correction(offer, official)
    with pytest.raises(TransitionBlocked), scopes_disabled():
        formal.reject_uncorrected(offer=fresh(offer), actor=official)
    assert fresh(offer).state == OfferState.CORRECTION
    offer = pass_correction_deadline(offer)
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        rejected = formal.reject_uncorrected(offer=offer, actor=official)
    assert rejected.round == 2 and rejected.outcome == FormalOutcome.REJECTED and rejected.reasons
    assert rejected.answers == first.answers
    offer = fresh(offer)
    assert offer.state == OfferState.FORMALLY_REJECTED and offer.correction_sections == []
    assert len(mail.outbox) == 1
    with pytest.raises(TransitionNotAllowed), scopes_disabled():
        formal.reject_uncorrected(offer=offer, actor=official)


def test_reject_uncorrected_needs_an_offer_awaiting_correction(closed, official):
    _call, offer, _ngo = closed
    with pytest.raises(TransitionNotAllowed), scopes_disabled():
        formal.reject_uncorrected(offer=offer, actor=official)


def test_every_step_is_in_the_audit_trail(closed, official):
    _call, offer, ngo = closed
    request_correction(offer, official)
    correct_and_resubmit(offer, ngo)
    check(offer, official)
    subject = str(offer.pk)
    offer_actions = list(
        AuditEvent.objects.filter(subject_type="offers.offer", subject_id=subject)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert offer_actions[-5:] == [
        "offer.request_correction",
        "offer.save_task",
        "offer.submit_correction",
        "offer.freeze",
        "offer.accept_formally",
    ]
    recorded = events("formal_check.record")
    assert [e.data["outcome"] for e in recorded] == ["correction", "passed"]
    assert recorded[0].data["sections"] == ["task"] and recorded[0].actor_id == official.pk
    assert recorded[1].data["version"] == 2


# --- publication -------------------------------------------------------------------------------------------------


def test_formal_results_are_published_only_when_no_offer_waits(tenant, official):
    call, offers = closed_call_with_offers(tenant, count=2)
    (first, _a), (second, _b) = offers
    with pytest.raises(ValidationError), scopes_disabled():
        formal.publish_formal_results(call=call, actor=official)
    check(first, official)
    request_correction(second, official)
    with pytest.raises(ValidationError), scopes_disabled():
        formal.publish_formal_results(call=call, actor=official)
    with scopes_disabled():
        formal.reject_uncorrected(offer=pass_correction_deadline(second), actor=official)
        published = formal.publish_formal_results(call=call, actor=official)
    assert published.formal_results_published_at is not None
    event = events("call.publish_formal_results")
    assert len(event) == 1 and event[0].data == {"accepted": 1, "rejected": 1}
    with scopes_disabled():
        again = formal.publish_formal_results(call=call, actor=official)
    assert again.formal_results_published_at == published.formal_results_published_at
    assert len(events("call.publish_formal_results")) == 1


def test_publication_waits_for_the_offer_deadline(tenant, official):
    call = open_call(tenant)
    with pytest.raises(ValidationError), scopes_disabled():
        formal.publish_formal_results(call=call, actor=official)


def test_only_office_staff_publish(closed):
    call, _offer, ngo = closed
    with pytest.raises(PermissionDenied), scopes_disabled():
        formal.publish_formal_results(call=call, actor=ngo)


# --- the changes between versions --------------------------------------------------------------------------------


@pytest.mark.unit
def test_version_changes_lists_changed_fields_per_section_in_the_templates_order():
    before = {
        "format": "pozytek.offer/1",
        "version": 1,
        "submitted_at": "2027-01-01T10:00:00+00:00",
        "task": {"title": "A", "summary": "s"},
        "actions": [{"name": "Zajęcia", "year": 2027}],
        "statements": {"true": False},
        "attachments": [],
    }
    after = {
        **before,
        "version": 2,
        "submitted_at": "2027-01-05T10:00:00+00:00",
        "task": {"title": "B", "summary": "s"},
        "actions": [{"name": "Zajęcia", "year": 2027}, {"name": "Festyn", "year": 2027}],
        "statements": {"true": True},
        "attachments": [{"name": "statut.pdf"}],
    }
    groups = formal.version_changes(before, after)
    assert [g.key for g in groups] == ["task", "actions", "statements", "attachments"]
    by_key = {g.key: [(c.path, c.before, c.after) for c in g.changes] for g in groups}
    assert by_key["task"] == [("task.title", "A", "B")]
    assert by_key["actions"] == [("actions[2].name", None, "Festyn"), ("actions[2].year", None, 2027)]
    assert by_key["statements"] == [("statements.true", False, True)]
    assert by_key["attachments"] == [("attachments", [], None), ("attachments[1].name", None, "statut.pdf")]


@pytest.mark.unit
def test_version_changes_of_identical_snapshots_is_empty_and_rows_sort_numerically():
    rows = [{"name": str(n)} for n in range(12)]
    assert formal.version_changes({"actions": rows}, {"actions": rows}) == []
    changed = [*rows[:11], {"name": "inne"}]
    paths = [c.path for c in formal.version_changes({"actions": rows}, {"actions": changed})[0].changes]
    assert paths == ["actions[12].name"]
    removed = formal.version_changes({"actions": rows[:11]}, {"actions": rows[:9]})[0].changes
    assert [c.path for c in removed] == ["actions[10].name", "actions[11].name"]


# --- office pages ----------------------------------------------------------------------------------------------


def call_url(call, name="call") -> str:
    return reverse(f"evaluation_office_formal:{name}", kwargs={"tenant_slug": call.tenant.slug, "call_pk": call.pk})


def check_url(call, offer, name="check") -> str:
    return reverse(
        f"evaluation_office_formal:{name}",
        kwargs={"tenant_slug": call.tenant.slug, "call_pk": call.pk, "offer_pk": offer.pk},
    )


def check_post(call, offer, *, unmet=(), sections=(), deadline="", reasons="", version=1) -> dict:
    data = {"check-version": str(version), "check-reasons": reasons, "check-correction_deadline": deadline}
    for item in items_of(call):
        data[f"check-item_{item.pk}"] = "not_met" if any(item.text.startswith(u) for u in unmet) else "met"
        data[f"check-note_{item.pk}"] = ""
    if sections:
        data["check-sections"] = list(sections)
    return data


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


def test_office_pages_need_a_login_and_a_staff_role(client, closed, tenant):
    call, offer, ngo = closed
    urls = [call_url(call), check_url(call, offer)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url
    client.force_login(ngo)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(check_url(call, offer), check_post(call, offer)).status_code == 403
    assert client.post(call_url(call, "publish")).status_code == 403
    assert fresh(offer).state == OfferState.SUBMITTED


def test_another_tenants_call_or_offer_is_not_found(office, closed, other_tenant):
    call, _offer, _ngo = closed
    theirs, their_offers = closed_call_with_offers(other_tenant)
    their_offer = their_offers[0][0]
    mine = call.tenant.slug
    assert office.get(reverse("evaluation_office_formal:call", args=[mine, theirs.pk])).status_code == 404
    assert (
        office.get(reverse("evaluation_office_formal:check", args=[mine, theirs.pk, their_offer.pk])).status_code == 404
    )
    # an offer of another call, under this call
    assert (
        office.get(reverse("evaluation_office_formal:check", args=[mine, call.pk, their_offer.pk])).status_code == 404
    )
    forged = office.post(reverse("evaluation_office_formal:check", args=[mine, call.pk, their_offer.pk]), {})
    assert forged.status_code == 404 and fresh(their_offer).state == OfferState.SUBMITTED


def test_a_draft_is_not_in_the_formal_check(office, tenant):
    call = open_call(tenant)
    draft, _ngo = complete_offer(call)
    pass_deadline(call)
    assert office.get(check_url(call, draft)).status_code == 404
    page = office.get(call_url(call)).content.decode()
    assert f'id="offer-{draft.pk}"' not in page


def test_the_call_page_lists_the_submitted_offers(office, tenant):
    call, offers = closed_call_with_offers(tenant, count=2)
    page = office.get(call_url(call))
    assert page.status_code == 200
    html = page.content.decode()
    for offer, _ngo in offers:
        assert f'id="offer-{offer.pk}"' in html and check_url(call, offer) in html
    assert 'id="publish-formal-results"' not in html  # offers still wait


def test_the_check_page_shows_the_version_and_every_checklist_item(office, closed):
    call, offer, _ngo = closed
    page = office.get(check_url(call, offer))
    assert page.status_code == 200
    html = page.content.decode()
    for item in items_of(call):
        assert f'name="check-item_{item.pk}"' in html and f'name="check-note_{item.pk}"' in html
    assert 'name="check-sections"' in html and 'type="datetime-local"' in html
    assert reverse("offers_office:detail", args=[call.tenant.slug, offer.pk]) in html
    assert reverse("offers_office:version_pdf", args=[call.tenant.slug, offer.pk, 1]) in html


def test_before_the_deadline_the_check_page_has_no_form_and_a_post_changes_nothing(office, tenant):
    call = open_call(tenant)
    offer, _ngo = submitted_offer(call)
    page = office.get(check_url(call, offer)).content.decode()
    assert 'id="formal-check-form"' not in page
    response = office.post(check_url(call, offer), check_post(call, offer))
    assert response.status_code == 400
    assert fresh(offer).state == OfferState.SUBMITTED and checks_of(offer) == []


def test_posting_the_checklist_records_the_outcome_and_a_repeat_changes_nothing(office, closed):
    call, offer, _ngo = closed
    response = office.post(check_url(call, offer), check_post(call, offer))
    assert response.status_code == 302 and response.url == call_url(call)
    assert fresh(offer).state == OfferState.FORMALLY_ACCEPTED
    again = office.post(check_url(call, offer), check_post(call, offer, unmet=(NOT_CORRECTABLE,), reasons="x"))
    assert again.status_code == 302 and again.url == check_url(call, offer)
    assert len(checks_of(offer)) == 1 and fresh(offer).state == OfferState.FORMALLY_ACCEPTED
    follow = office.get(again.url)
    assert follow.status_code == 200 and 'id="formal-check-form"' not in follow.content.decode()


def test_a_rejection_without_reasons_is_a_field_error(office, closed):
    call, offer, _ngo = closed
    response = office.post(check_url(call, offer), check_post(call, offer, unmet=(NOT_CORRECTABLE,)))
    assert response.status_code == 400
    assert 'id="id_check-reasons_errors"' in response.content.decode()
    assert fresh(offer).state == OfferState.SUBMITTED
    ok = office.post(check_url(call, offer), check_post(call, offer, unmet=(NOT_CORRECTABLE,), reasons="Po terminie"))
    assert ok.status_code == 302 and fresh(offer).state == OfferState.FORMALLY_REJECTED


def test_a_correction_needs_sections_and_a_future_deadline_in_warsaw_time(office, closed):
    call, offer, _ngo = closed
    response = office.post(check_url(call, offer), check_post(call, offer, unmet=(CORRECTABLE,)))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_check-sections_errors"' in html and 'id="id_check-correction_deadline_errors"' in html
    past = check_post(call, offer, unmet=(CORRECTABLE,), sections=["task"], deadline="2020-01-01T10:00")
    response = office.post(check_url(call, offer), past)
    assert response.status_code == 400 and 'id="id_check-correction_deadline_errors"' in response.content.decode()
    when = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    data = check_post(
        call, offer, unmet=(CORRECTABLE,), sections=["task", "attachments"], deadline=when.strftime("%Y-%m-%dT%H:%M")
    )
    assert office.post(check_url(call, offer), data).status_code == 302
    offer = fresh(offer)
    assert offer.state == OfferState.CORRECTION and offer.correction_sections == ["task", "attachments"]
    assert offer.correction_deadline == when


@pytest.mark.parametrize(
    "forge",
    [
        {"answer": "perhaps"},
        {"sections": ["nonsense"]},
        {"deadline": "jutro"},
        {"version": "abc"},
        {"drop_item": True},
    ],
)
def test_forged_values_give_field_errors_not_500(office, closed, forge):
    call, offer, _ngo = closed
    data = check_post(call, offer, unmet=(CORRECTABLE,), sections=["task"], deadline="2099-01-01T10:00")
    first = items_of(call)[0]
    if "answer" in forge:
        data[f"check-item_{first.pk}"] = forge["answer"]
    if "sections" in forge:
        data["check-sections"] = forge["sections"]
    if "deadline" in forge:
        data["check-correction_deadline"] = forge["deadline"]
    if "version" in forge:
        data["check-version"] = forge["version"]
    if "drop_item" in forge:
        del data[f"check-item_{first.pk}"]
    response = office.post(check_url(call, offer), data)
    assert response.status_code == 400
    assert fresh(offer).state == OfferState.SUBMITTED and checks_of(offer) == []


def test_a_form_opened_on_an_older_version_is_refused(office, closed, official):
    call, offer, ngo = closed
    request_correction(offer, official)
    correct_and_resubmit(offer, ngo)
    response = office.post(check_url(call, offer), check_post(call, offer, version=1))
    assert response.status_code == 409 and fresh(offer).state == OfferState.SUBMITTED
    assert 'name="check-version" value="2"' in response.content.decode()
    assert office.post(check_url(call, offer), check_post(call, offer, version=2)).status_code == 302


def test_the_check_page_shows_what_the_correction_changed(office, closed, official):
    call, offer, ngo = closed
    request_correction(offer, official)
    correct_and_resubmit(offer, ngo, title="Nowy tytuł zadania")
    html = office.get(check_url(call, offer)).content.decode()
    assert 'id="version-changes"' in html and 'id="changes-task"' in html
    assert "Nowy tytuł zadania" in html and "task.title" in html
    assert 'id="changes-costs"' not in html


def test_the_office_rejects_an_offer_not_corrected_in_time(office, closed, official):
    call, offer, _ngo = closed
    request_correction(offer, official)
    early = office.post(check_url(call, offer, "reject"))
    assert early.status_code == 302 and fresh(offer).state == OfferState.CORRECTION
    assert 'id="reject-uncorrected"' not in office.get(check_url(call, offer)).content.decode()
    pass_correction_deadline(offer)
    assert 'id="reject-uncorrected"' in office.get(check_url(call, offer)).content.decode()
    assert office.post(check_url(call, offer, "reject")).status_code == 302
    assert fresh(offer).state == OfferState.FORMALLY_REJECTED
    assert office.post(check_url(call, offer, "reject")).status_code == 302  # again: a message, no 500
    assert len(checks_of(offer)) == 2


def test_publishing_from_the_office_page(office, closed, official):
    call, offer, _ngo = closed
    office.post(call_url(call, "publish"))
    call.refresh_from_db()
    assert call.formal_results_published_at is None
    check(offer, official)
    assert 'id="publish-formal-results"' in office.get(call_url(call)).content.decode()
    response = office.post(call_url(call, "publish"))
    assert response.status_code == 302 and response.url == call_url(call)
    call.refresh_from_db()
    assert call.formal_results_published_at is not None
    assert office.post(call_url(call, "publish")).status_code == 302
    page = office.get(call_url(call)).content.decode()
    assert reverse("evaluation_public_formal:results", args=[call.tenant.slug, call.pk]) in page


# --- the public list ---------------------------------------------------------------------------------------------


def results_url(call, tenant_slug=None) -> str:
    return reverse("evaluation_public_formal:results", args=[tenant_slug or call.tenant.slug, call.pk])


def test_the_public_list_appears_only_once_published(client, tenant, official, other_tenant):
    call, offers = closed_call_with_offers(tenant, count=2)
    (good, _a), (bad, _b) = offers
    assert client.get(results_url(call)).status_code == 404
    check(good, official)
    check(bad, official, answers=answers(call, unmet=(NOT_CORRECTABLE,)), reasons="Oferta złożona po terminie.")
    assert client.get(results_url(call)).status_code == 404
    with scopes_disabled():
        formal.publish_formal_results(call=call, actor=official)
    assert client.get(results_url(call, other_tenant.slug)).status_code == 404
    page = client.get(results_url(call))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="result-{good.pk}" data-outcome="passed"' in html
    assert f'id="result-{bad.pk}" data-outcome="rejected"' in html
    assert "Oferta złożona po terminie." in html
    assert good.organisation.name in html and "Sportowe wakacje" in html


def test_a_draft_call_has_no_public_results(client, tenant):
    draft = CallFactory(tenant=tenant)
    with scopes_disabled():
        Call.objects.filter(pk=draft.pk).update(formal_results_published_at=timezone.now())
    assert client.get(results_url(draft)).status_code == 404


def test_a_member_of_the_organisation_is_not_an_official(closed, client):
    """NGO members reach their offer, never the office's check (see also the 403 test above)."""
    call, offer, _ngo = closed
    other_member, _org = ngo_member(offer.organisation)
    client.force_login(other_member)
    assert client.get(check_url(call, offer)).status_code == 403
