"""The office's programme pages through HTTP: a draft typed in, consulted and adopted; bad input gets messages
next to the fields, never a 500; another tenant's ids give 404."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.consultations.models import Consultation
from pozytek.councils.models import OpinionRequest
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.programmes.models import Activity, Attribution, Goal, Indicator, Programme
from pozytek.programmes.services import programmes as services
from pozytek.programmes.states import ProgrammeState
from tests.conftest import login_with_mfa, with_totp
from tests.councils.helpers import balanced_council
from tests.factories.accounts import MembershipFactory
from tests.factories.organisations import OrganisationFactory
from tests.programmes.helpers import ELEMENTS, adopted_programme, draft_programme, programme_in_force

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def office(client, official):
    login_with_mfa(client, official)
    return client


def o(name, tenant, **kwargs):
    return reverse(f"programmes_office:{name}", kwargs={"tenant_slug": tenant.slug, **kwargs})


def get(pk):
    with scopes_disabled():
        return Programme.objects.get(pk=pk)


def page(response):
    return response.content.decode()


def test_draft_typed_in_consulted_and_adopted_through_the_office(office, tenant, official):
    council = balanced_council(tenant, official)
    response = office.post(
        o("create", tenant),
        {
            "kind": "annual",
            "title": "Program współpracy na rok 2027",
            "year_from": "2027",
            "planned_funds": "150 000,00",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        programme = Programme.objects.get(title="Program współpracy na rok 2027")
    assert programme.planned_funds == Decimal("150000.00") and programme.year_to == 2027
    detail = page(office.get(o("detail", tenant, pk=programme.pk)))
    assert "Add at least one specific goal." in detail
    assert o("consult", tenant, pk=programme.pk) not in detail  # blocked: the problems are listed instead

    data = {"kind": "annual", "title": programme.title, "year_from": "2027", "planned_funds": "150000", **ELEMENTS}
    assert office.post(o("edit", tenant, pk=programme.pk), data).status_code == 302
    assert office.post(o("goal_add", tenant, pk=programme.pk), {"text": "Wzmacnianie organizacji."}).status_code == 302
    assert office.post(o("goal_add", tenant, pk=programme.pk), {"text": "Dialog obywatelski."}).status_code == 302
    with scopes_disabled():
        first, second = programme.goals.all()
    response = office.post(
        o("form_add", tenant, pk=programme.pk),
        {"text": "Otwarte konkursy ofert", "kinds": ["open_competition"], "goals": [first.pk]},
    )
    assert response.status_code == 302
    response = office.post(
        o("form_add", tenant, pk=programme.pk),
        {"text": "Konsultowanie aktów", "kinds": ["consultation", "council_act"], "goals": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    with scope(tenant=tenant):
        sphere = SphereOfPublicTasks.objects.order_by("order").first()
    response = office.post(
        o("task_add", tenant, pk=programme.pk),
        {"sphere": sphere.pk, "title": "Wsparcie seniorów", "planned_funds": "100 000,50"},
    )
    assert response.status_code == 302
    response = office.post(
        o("indicator_add", tenant, pk=programme.pk),
        {"goal": first.pk, "name": "Liczba konkursów", "unit": "szt.", "baseline": "2", "target": "4", "measure": ""},
    )
    assert response.status_code == 302

    detail = page(office.get(o("detail", tenant, pk=programme.pk)))
    assert 'id="matrix"' in detail and "Konsultowanie aktów" in detail
    assert "100,000.50" in detail and "150,000.00" in detail
    assert o("consult", tenant, pk=programme.pk) in detail

    today = timezone.localdate()
    response = office.post(
        o("consult", tenant, pk=programme.pk),
        {
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=30)).isoformat(),
            "contact_name": "Anna Urzędniczka",
            "contact_email": "anna@example.org",
            "council": council.pk,
            "delivered_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    programme = get(programme.pk)
    assert programme.state == ProgrammeState.IN_CONSULTATION
    assert programme.consultation_id and programme.opinion_request_id
    detail = page(office.get(o("detail", tenant, pk=programme.pk)))
    assert (
        reverse("consultations_office:detail", kwargs={"tenant_slug": tenant.slug, "pk": programme.consultation_id})
        in detail
    )
    assert "The consultation of the draft ends on" in detail  # the adoption waits for it
    assert o("edit", tenant, pk=programme.pk) in detail  # still editable while consulted

    with scopes_disabled():  # the consultation and the council's time have passed
        Consultation.objects.filter(pk=programme.consultation_id).update(
            starts_on=today - dt.timedelta(days=40), ends_on=today - dt.timedelta(days=10)
        )
        OpinionRequest.objects.filter(pk=programme.opinion_request_id).update(
            delivered_on=today - dt.timedelta(days=40), due_on=today - dt.timedelta(days=1)
        )
    response = office.post(o("adopt", tenant, pk=programme.pk), {"resolution_number": "", "resolution_date": ""})
    assert response.status_code == 400
    assert "Enter the resolution number." in page(response)
    response = office.post(
        o("adopt", tenant, pk=programme.pk),
        {"resolution_number": "LX/800/2026", "resolution_date": today.isoformat(), "adopting_body": "Rada Miasta"},
    )
    assert response.status_code == 302
    programme = get(programme.pk)
    assert programme.state == ProgrammeState.ADOPTED and programme.resolution_number == "LX/800/2026"
    detail = page(office.get(o("detail", tenant, pk=programme.pk)))
    assert reverse("programmes:detail", kwargs={"tenant_slug": tenant.slug, "pk": programme.pk}) in detail
    live = reverse("programmes_reports:live", kwargs={"tenant_slug": tenant.slug, "pk": programme.pk, "year": 2027})
    assert live in detail
    assert o("edit", tenant, pk=programme.pk) not in detail
    assert "The programme comes into force on 1 January 2027." in detail  # the next step and what blocks it


def test_create_keeps_the_input_and_shows_errors_next_to_the_fields(office, tenant):
    response = office.post(
        o("create", tenant),
        {"kind": "multi_year", "title": "Program wieloletni", "year_from": "2027", "planned_funds": "12,345"},
    )
    assert response.status_code == 400
    html = page(response)
    assert "Enter the last year of a multi-year programme." in html
    assert "at most two decimal places" in html
    assert 'value="Program wieloletni"' in html
    response = office.post(
        o("create", tenant),
        {
            "kind": "multi_year",
            "title": "Program wieloletni",
            "year_from": "2027",
            "year_to": "2027",
            "planned_funds": "1",
        },
    )
    assert response.status_code == 400
    assert "A multi-year programme covers more than one year." in page(response)
    with scopes_disabled():
        assert not Programme.objects.exists()


def test_a_forged_goal_of_another_programme_is_a_form_error(office, tenant, official):
    programme = draft_programme(tenant, official)
    other = draft_programme(tenant, official, year=2028)
    with scopes_disabled():
        foreign_goal = other.goals.first()
    response = office.post(
        o("form_add", tenant, pk=programme.pk),
        {"text": "Forma", "kinds": ["other_activity"], "goals": [foreign_goal.pk]},
    )
    assert response.status_code == 400
    assert "Choose goals of this programme." in page(response)
    response = office.post(
        o("form_add", tenant, pk=programme.pk), {"text": "Forma", "kinds": ["no_such_kind"], "goals": ["x"]}
    )
    assert response.status_code == 400
    assert "Choose kinds of record the platform keeps." in page(response)
    with scopes_disabled():
        assert programme.forms.count() == 2


def test_an_indicator_without_a_target_is_refused(office, tenant, official):
    programme = draft_programme(tenant, official)
    response = office.post(
        o("indicator_add", tenant, pk=programme.pk), {"name": "Liczba spotkań", "baseline": "1", "target": ""}
    )
    assert response.status_code == 400
    assert "Every indicator needs a target value." in page(response)
    assert 'value="Liczba spotkań"' in page(response)
    response = office.post(
        o("indicator_add", tenant, pk=programme.pk), {"name": "X", "target": "abc", "measure": "no_such_measure"}
    )
    assert response.status_code == 400
    assert "Enter a number" in page(response) and "Choose a figure the platform computes." in page(response)
    with scopes_disabled():
        assert Indicator.objects.filter(programme=programme).count() == 1


def test_funds_that_do_not_add_up_are_refused(office, tenant, official):
    programme = draft_programme(tenant, official, funds=Decimal(1000))  # one task of 500
    with scope(tenant=tenant):
        sphere = SphereOfPublicTasks.objects.order_by("order").first()
        task = programme.priority_tasks.get()
    response = office.post(
        o("task_add", tenant, pk=programme.pk), {"sphere": sphere.pk, "title": "Drugie", "planned_funds": "600"}
    )
    assert response.status_code == 400
    assert "more than the programme&#x27;s planned funds" in page(response)
    response = office.post(
        o("task_edit", tenant, pk=programme.pk, task=task.pk),
        {"sphere": sphere.pk, "title": "Wsparcie seniorów", "planned_funds": "-5"},
    )
    assert response.status_code == 400 and "The amount cannot be negative." in page(response)
    data = {"kind": "annual", "title": programme.title, "year_from": "2027", "planned_funds": "100", **ELEMENTS}
    response = office.post(o("edit", tenant, pk=programme.pk), data)
    assert response.status_code == 400
    assert "raise the total or lower the tasks" in page(response)
    with scopes_disabled():
        assert programme.priority_tasks.count() == 1
        assert get(programme.pk).planned_funds == Decimal(1000)


def test_editing_an_adopted_programme_is_refused_with_a_message(office, tenant, official):
    programme = adopted_programme(tenant, official, year=2027)
    with scopes_disabled():
        goal = programme.goals.first()
    response = office.get(o("edit", tenant, pk=programme.pk), follow=True)
    assert "An adopted programme can no longer be changed" in page(response)
    data = {"kind": "annual", "title": "Zmieniony", "year_from": "2027", "planned_funds": "1", **ELEMENTS}
    response = office.post(o("edit", tenant, pk=programme.pk), data, follow=True)
    assert "An adopted programme can no longer be changed" in page(response)
    response = office.post(o("goal_edit", tenant, pk=programme.pk, goal=goal.pk), {"text": "Nowy"}, follow=True)
    assert "An adopted programme can no longer be changed" in page(response)
    assert office.post(o("goal_remove", tenant, pk=programme.pk, goal=goal.pk)).status_code == 302
    with scopes_disabled():
        assert get(programme.pk).title != "Zmieniony"
        assert Goal.objects.get(pk=goal.pk).text == "Wzmacnianie organizacji."
    response = office.get(o("adopt", tenant, pk=programme.pk), follow=True)
    assert "The programme has already been adopted." in page(response)


def test_another_tenants_programme_and_rows_give_404(office, tenant, official, other_tenant):
    stranger = with_totp(MembershipFactory(tenant=other_tenant).user)
    foreign = draft_programme(other_tenant, stranger)
    mine = draft_programme(tenant, official)
    with scopes_disabled():
        foreign_goal = foreign.goals.first()
        foreign_indicator = foreign.indicators.first()
    for name in ("detail", "edit", "copy", "goal_add", "consult", "adopt", "activities"):
        assert office.get(o(name, tenant, pk=foreign.pk)).status_code == 404, name
    assert office.post(o("force", tenant, pk=foreign.pk)).status_code == 404
    assert office.get(o("goal_edit", tenant, pk=mine.pk, goal=foreign_goal.pk)).status_code == 404
    assert office.post(o("goal_remove", tenant, pk=mine.pk, goal=foreign_goal.pk)).status_code == 404
    assert office.get(o("indicator_value", tenant, pk=mine.pk, indicator=foreign_indicator.pk)).status_code == 404
    assert office.get(o("assign", tenant, pk=foreign.pk, year=2027)).status_code == 404
    assert office.get(o("assign", tenant, pk=mine.pk, year=2030)).status_code == 404  # not a year of the programme
    with scopes_disabled():
        assert foreign.goals.count() == 2


def test_only_office_staff_with_two_step_verification(client, tenant, official, resident):
    programme = draft_programme(tenant, official)
    client.force_login(resident)
    assert client.get(o("detail", tenant, pk=programme.pk)).status_code == 403
    no_totp = MembershipFactory(tenant=tenant).user
    client.force_login(no_totp)
    response = client.get(o("list", tenant))
    assert response.status_code == 302 and "totp" in response["Location"]
    client.logout()
    assert client.get(o("list", tenant)).status_code == 302


def test_list_shows_programmes_and_copy_highlights_unmet_targets(office, tenant, official):
    programme = programme_in_force(tenant, official, year=2026)
    with scopes_disabled():
        indicator = programme.indicators.get()
    response = office.post(o("indicator_value", tenant, pk=programme.pk, indicator=indicator.pk), {"actual": "1"})
    assert response.status_code == 302
    listing = page(office.get(o("list", tenant)))
    assert programme.title in listing and "In force" in listing and o("copy", tenant, pk=programme.pk) in listing
    form = page(office.get(o("copy", tenant, pk=programme.pk)))
    assert 'value="2027"' in form
    response = office.post(o("copy", tenant, pk=programme.pk), {"year_from": "2026"})
    assert response.status_code == 400 and "The copy must start after the programme it copies." in page(response)
    response = office.post(o("copy", tenant, pk=programme.pk), {"year_from": "2027"})
    assert response.status_code == 302
    with scopes_disabled():
        copy = Programme.objects.get(copied_from=programme)
    assert copy.state == ProgrammeState.DRAFT and copy.year_from == 2027
    detail = page(office.get(response["Location"]))
    assert "Target not met last time: 1 of 3" in detail


def test_indicator_values_only_for_entered_indicators_of_a_programme_in_force(office, tenant, official):
    draft = draft_programme(tenant, official, year=2028)
    with scopes_disabled():
        draft_indicator = draft.indicators.get()
    response = office.get(o("indicator_value", tenant, pk=draft.pk, indicator=draft_indicator.pk), follow=True)
    assert "Values are entered while the programme is in force." in page(response)
    programme = programme_in_force(tenant, official)
    with scopes_disabled():
        indicator = programme.indicators.get()
    response = office.post(o("indicator_value", tenant, pk=programme.pk, indicator=indicator.pk), {"actual": "x"})
    assert response.status_code == 400 and "Enter a number" in page(response)
    office.post(o("indicator_value", tenant, pk=programme.pk, indicator=indicator.pk), {"actual": "2,5"})
    with scopes_disabled():
        assert Indicator.objects.get(pk=indicator.pk).actual == Decimal("2.50")
    detail = page(office.get(o("detail", tenant, pk=programme.pk)))
    assert o("indicator_value", tenant, pk=programme.pk, indicator=indicator.pk) in detail


def test_recorded_adoption_from_a_draft_lists_what_is_missing(office, tenant, official):
    programme = draft_programme(tenant, official, year=2027)
    form = page(office.get(o("adopt", tenant, pk=programme.pk)))
    assert "needs the information on how it was consulted" in form
    response = office.post(
        o("adopt", tenant, pk=programme.pk), {"resolution_number": "XX/1/2026", "resolution_date": "2026-11-20"}
    )
    assert response.status_code == 400
    assert "needs the information on how it was consulted" in page(response)
    assert get(programme.pk).state == ProgrammeState.DRAFT
    with scope(tenant=tenant):
        services.update_programme(
            programme=programme, actor=official, data={"creation_and_consultation": "Konsultacje w 2026."}
        )
    response = office.post(
        o("adopt", tenant, pk=programme.pk), {"resolution_number": "XX/1/2026", "resolution_date": "2026-11-20"}
    )
    assert response.status_code == 302 and get(programme.pk).state == ProgrammeState.ADOPTED


def test_consultation_with_a_bad_period_keeps_the_draft(office, tenant, official):
    programme = draft_programme(tenant, official)
    today = timezone.localdate()
    response = office.post(
        o("consult", tenant, pk=programme.pk),
        {
            "starts_on": (today - dt.timedelta(days=3)).isoformat(),
            "ends_on": (today + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "The consultation cannot start in the past." in page(response)
    response = office.post(
        o("consult", tenant, pk=programme.pk),
        {"starts_on": today.isoformat(), "ends_on": (today - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400 and "The end cannot be before the start." in page(response)
    assert get(programme.pk).state == ProgrammeState.DRAFT
    with scopes_disabled():
        assert not Consultation.objects.exists()


def test_bring_into_force_only_from_the_first_year(office, tenant, official):
    later = adopted_programme(tenant, official, year=2027)
    response = office.post(o("force", tenant, pk=later.pk), follow=True)
    assert "The programme comes into force on 1 January 2027." in page(response)
    assert get(later.pk).state == ProgrammeState.ADOPTED
    current = adopted_programme(tenant, official, year=2026)
    detail = page(office.get(o("detail", tenant, pk=current.pk)))
    assert o("force", tenant, pk=current.pk) in detail
    assert office.get(o("force", tenant, pk=current.pk)).status_code == 405
    office.post(o("force", tenant, pk=current.pk))
    assert get(current.pk).state == ProgrammeState.IN_FORCE


def test_removal_asks_first_and_renumbers(office, tenant, official):
    programme = draft_programme(tenant, official)
    with scopes_disabled():
        goal = programme.goals.last()
    confirm = page(office.get(o("goal_remove", tenant, pk=programme.pk, goal=goal.pk)))
    assert "Remove this specific goal?" in confirm and goal.text in confirm
    with scopes_disabled():
        assert programme.goals.count() == 2
    assert office.post(o("goal_remove", tenant, pk=programme.pk, goal=goal.pk)).status_code == 302
    with scopes_disabled():
        assert list(programme.goals.values_list("position", flat=True)) == [1]
    with scopes_disabled():
        form = programme.forms.first()
    assert "Remove this form of cooperation?" in page(
        office.get(o("form_remove", tenant, pk=programme.pk, form=form.pk))
    )
    office.post(o("form_remove", tenant, pk=programme.pk, form=form.pk))
    with scopes_disabled():
        assert list(programme.forms.values_list("text", flat=True)) == ["Konsultowanie projektów aktów"]


def test_activity_with_organisations_and_attachment(office, tenant, official, other_tenant):
    programme = programme_in_force(tenant, official)
    listed = OrganisationFactory(listed_in=tenant, name="Stowarzyszenie Testowe")
    elsewhere = OrganisationFactory(listed_in=other_tenant, name="Fundacja Obca")
    with scopes_disabled():
        form = programme.forms.get(position=1)
        served, unserved = programme.goals.get(position=1), programme.goals.get(position=2)
    form_page = page(office.get(o("activity_add", tenant, pk=programme.pk)))
    assert "Stowarzyszenie Testowe" in form_page and "Fundacja Obca" not in form_page
    data = {
        "form": form.pk,
        "goal": unserved.pk,
        "on": "2026-05-10",
        "title": "Szkolenie",
        "organisations": [listed.pk],
    }
    response = office.post(o("activity_add", tenant, pk=programme.pk), data)
    assert response.status_code == 400 and "Choose a goal this form serves." in page(response)
    response = office.post(o("activity_add", tenant, pk=programme.pk), {**data, "organisations": [elsewhere.pk]})
    assert response.status_code == 400 and "Choose organisations from the directory." in page(response)
    response = office.post(o("activity_add", tenant, pk=programme.pk), {**data, "on": "2025-05-10", "goal": served.pk})
    assert response.status_code == 400 and "within the programme&#x27;s period" in page(response)
    upload = SimpleUploadedFile("lista obecności.pdf", PDF, content_type="application/pdf")
    response = office.post(
        o("activity_add", tenant, pk=programme.pk), {**data, "goal": served.pk, "attachment": upload}
    )
    assert response.status_code == 302
    with scopes_disabled():
        activity = Activity.objects.get(title="Szkolenie")
        assert list(activity.organisations.all()) == [listed]
    listing = page(office.get(o("activities", tenant, pk=programme.pk)))
    assert "Szkolenie" in listing and "Stowarzyszenie Testowe" in listing
    download = office.get(o("activity_file", tenant, pk=programme.pk, activity=activity.pk))
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "Remove this recorded activity?" in page(
        office.get(o("activity_remove", tenant, pk=programme.pk, activity=activity.pk))
    )
    assert office.post(o("activity_remove", tenant, pk=programme.pk, activity=activity.pk)).status_code == 302
    with scopes_disabled():
        assert not Activity.objects.filter(pk=activity.pk).exists()


@override_settings(POZYTEK_MAX_ATTACHMENT_BYTES=1024)
def test_an_oversized_attachment_shows_only_the_size_and_keeps_the_fields(office, tenant, official):
    programme = programme_in_force(tenant, official)
    with scopes_disabled():
        form = programme.forms.get(position=1)
    big = SimpleUploadedFile("duzy.pdf", PDF + b"0" * 5000, content_type="application/pdf")
    response = office.post(
        o("activity_add", tenant, pk=programme.pk),
        {"form": form.pk, "on": "2026-05-10", "title": "Spotkanie z NGO", "attachment": big},
    )
    assert response.status_code == 413
    html = page(response)
    assert "The file is larger than" in html and "This field is required" not in html
    assert 'value="Spotkanie z NGO"' in html
    with scopes_disabled():
        assert not Activity.objects.exists()


def test_records_assigned_to_a_form_and_goal_and_cleared(office, tenant, official):
    programme = draft_programme(tenant, official, year=2026)
    with scope(tenant=tenant):
        first, second = programme.goals.all()
        bound = services.add_form(
            programme=programme, actor=official, text="Konsultacje", kinds=["consultation"], goals=[first, second]
        )
        services.add_form(programme=programme, actor=official, text="Opinie", kinds=["consultation"], goals=[second])
        services.update_programme(programme=programme, actor=official, data={"creation_and_consultation": "Tak."})
        services.adopt_programme(
            programme=programme, actor=official, resolution_number="I/1/2025", resolution_date=dt.date(2025, 11, 1)
        )
    draft_2027 = draft_programme(tenant, official, year=2027)  # its consultation starts today: a record of 2026
    today = timezone.localdate()
    with scope(tenant=tenant):
        services.send_to_consultation(
            programme=draft_2027, actor=official, starts_on=today, ends_on=today + dt.timedelta(days=30)
        )
    consultation_id = get(draft_2027.pk).consultation_id
    url = o("assign", tenant, pk=programme.pk, year=2026)
    html = page(office.get(url))
    assert "Draft cooperation programme" in html and "by its kind" in html
    row = {"kind": "consultation", "object_id": consultation_id}
    with scopes_disabled():
        opinions = programme.forms.get(text="Opinie")
        other_form = programme.forms.get(position=1)  # bound to other_activity only
    response = office.post(url, {**row, "form": other_form.pk})
    assert response.status_code == 400 and "Choose a form bound to records of this kind." in page(response)
    response = office.post(url, {**row, "form": opinions.pk, "goal": first.pk})
    assert response.status_code == 400 and "Choose a goal this form serves." in page(response)
    response = office.post(url, {**row, "object_id": 999999, "form": bound.pk})
    assert response.status_code == 302
    response = office.post(url, {**row, "form": opinions.pk, "goal": second.pk})
    assert response.status_code == 302
    with scopes_disabled():
        attribution = Attribution.objects.get()
    assert (attribution.form_id, attribution.goal_id) == (opinions.pk, second.pk)
    assert "chosen by the office" in page(office.get(url))
    assert office.get(o("unassign", tenant, pk=programme.pk, year=2026, attribution=attribution.pk)).status_code == 405
    office.post(o("unassign", tenant, pk=programme.pk, year=2026, attribution=attribution.pk))
    with scopes_disabled():
        assert not Attribution.objects.exists()
