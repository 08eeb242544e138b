"""A local government's cooperation programmes at every stage, written through the services (for the
permission matrix).

`prepare(tenant, official, people)` gives, in one tenant (today is in 2026):

- `programme`: the annual programme for 2026, adopted and in force, with two goals, two forms (bound to
  "other recorded activity"), a priority task and an indicator the office fills in (`goal`, `form`,
  `task`, `indicator` are its first ones); `activity`: an activity recorded under it with a PDF attachment;
  `spare`: another activity without one (the one the matrix removes: a removal deletes the file, which no
  rolled-back transaction brings back); `attribution`: the office's choice of form and goal for `activity`;
  `draft_report`: the report on 2026 being prepared;
- `draft`: next year's programme, a draft (not public), with its own `draft_goal`, `draft_form`,
  `draft_task`, `draft_indicator`;
- `past`: the programme for 2025, in force last year, with an activity (`past_activity`, attachment) and
  an assignment (`past_attribution`), reported: `report` is its published report on 2025.
"""

import datetime as dt
from dataclasses import dataclass

from django_scopes import scope

from pozytek.programmes.models import (
    Activity,
    Attribution,
    CooperationForm,
    Goal,
    Indicator,
    PriorityTask,
    Programme,
    RealisationReport,
)
from pozytek.programmes.services import programmes as services
from pozytek.programmes.services import reports
from tests.factories.accounts import UserFactory
from tests.factories.offers import ngo_member, pdf_upload
from tests.programmes.helpers import draft_programme, programme_in_force

YEAR = 2026
PAST_YEAR = YEAR - 1
NEXT_YEAR = YEAR + 1


@dataclass
class People:
    """Everyone but the tenants' officials."""

    resident: object  # signed in, no roles, no organisation, no authenticator
    ngo: object  # keeps `organisation` (listed in tenant A)
    organisation: object

    @classmethod
    def create(cls, tenant) -> "People":
        ngo, organisation = ngo_member(tenant=tenant)
        return cls(resident=UserFactory(), ngo=ngo, organisation=organisation)


@dataclass
class Prepared:
    tenant: object
    official: object
    programme: Programme
    goal: Goal
    form: CooperationForm
    task: PriorityTask
    indicator: Indicator
    activity: Activity
    spare: Activity
    attribution: Attribution
    draft_report: RealisationReport
    draft: Programme
    draft_goal: Goal
    draft_form: CooperationForm
    draft_task: PriorityTask
    draft_indicator: Indicator
    past: Programme
    past_activity: Activity
    past_attribution: Attribution
    report: RealisationReport


def _activity(programme: Programme, official, title: str, *, attachment: bool) -> Activity:
    return services.record_activity(
        programme=programme,
        actor=official,
        form=programme.forms.get(position=2),
        on=dt.date(programme.year_from, 3, 15),
        title=title,
        description="Omówiono plan na rok.",
        upload=pdf_upload("notatka.pdf") if attachment else None,
    )


def _assign(programme: Programme, official, activity: Activity) -> Attribution:
    return services.assign_record(
        programme=programme,
        actor=official,
        kind="other_activity",
        object_id=activity.pk,
        form=programme.forms.get(position=2),
        goal=programme.goals.get(position=2),
    )


def prepare(tenant, official, people: People) -> Prepared:
    """Every stage of a programme and its report in `tenant` (see the module's docstring)."""
    programme = programme_in_force(tenant, official, year=YEAR, title=f"Program {tenant.slug} {YEAR}")
    draft = draft_programme(tenant, official, year=NEXT_YEAR, title=f"Projekt {tenant.slug} {NEXT_YEAR}")
    past = programme_in_force(tenant, official, year=PAST_YEAR, title=f"Program {tenant.slug} {PAST_YEAR}")
    with scope(tenant=tenant):
        activity = _activity(programme, official, "Spotkanie z organizacjami", attachment=True)
        spare = _activity(programme, official, "Szkolenie dla organizacji", attachment=False)
        attribution = _assign(programme, official, activity)
        draft_report = reports.start_report(programme=programme, actor=official, year=YEAR)
        past_activity = _activity(past, official, "Forum organizacji", attachment=True)
        past_attribution = _assign(past, official, past_activity)
        report = reports.start_report(programme=past, actor=official, year=PAST_YEAR)
        report = reports.save_narrative(report=report, actor=official, texts={"introduction": "Rok współpracy."})
        report = reports.publish_report(report=report, actor=official)
        past = Programme.objects.get(pk=past.pk)
        return Prepared(
            tenant=tenant,
            official=official,
            programme=programme,
            goal=programme.goals.first(),
            form=programme.forms.first(),
            task=programme.priority_tasks.first(),
            indicator=programme.indicators.first(),
            activity=activity,
            spare=spare,
            attribution=attribution,
            draft_report=draft_report,
            draft=draft,
            draft_goal=draft.goals.first(),
            draft_form=draft.forms.first(),
            draft_task=draft.priority_tasks.first(),
            draft_indicator=draft.indicators.first(),
            past=past,
            past_activity=past_activity,
            past_attribution=past_attribution,
            report=report,
        )
