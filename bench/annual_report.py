"""Benchmark: the cooperation programme's realisation report for one year of a large city (targets: the
report < 2 s, its PDF < 5 s), against one hand-written SQL query computing the same figures.

Builds in a dedicated PostgreSQL database (`pozytek_bench_report`, recreated each run) a city with three
years of records, per year: 300 calls (published, resolved, spheres, half bound to a priority task), 8,000
submitted offers (5 % joint), 5,000 published grants (one in 25 withdrawn, which the register and the report
leave out) with their agreements (a tenth multi-year), a
commission per call (members from the office and organisations), 40 consultations with 10 comments each,
council acts and meetings, and 2,000 organisations listed in the directory; plus 30 activities recorded
under the programme. Rows are bulk-created (the services would take minutes); the programme itself
(goals ↔ forms bound to every registered record kind, priority tasks per sphere, indicators bound to the
measures) is typed in through the services, adopted and brought into force. A second, small city (a
fiftieth of the records) is seeded beside it to show that the number of queries does not grow.

Times, in process, under the tenant's scope:

- `selectors.realisation(programme, year)` (what the live view, the report page and publishing compute),
  median of 3 after a warm-up, and its number of queries for the large and the small city;
- the report PDF through `programmes.documents.report_pdf` (the office's preview of a report being
  prepared: realisation computed, then printed), and the published report's PDF (printed from the frozen
  snapshot) for information;
- baseline: one hand-written SQL query computing the same figures (calls and the grants awarded under
  each, offers, joint offers, grants, amounts, organisations funded, agreements, multi-year agreements,
  commissions and those with NGO members, consultations, comments, comments answered, organisations
  commenting, council opinions, resolutions and meetings, actual funds per priority task), checked
  against the report's figures.

    .venv/bin/python bench/annual_report.py [--quick] [--scale S] [--repeat R]

Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pozytek_bench_report).
Last line: RESULT annual_report report_s=<n> pdf_s=<n> baseline_s=<n> queries=<n> …
"""

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import create_tenant, migrate, setup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REPORT_TARGET_S = 2.0
PDF_TARGET_S = 5.0
YEARS = 3
# Per year of the large city (the city); `--scale` multiplies them.
CALLS, OFFERS, GRANTS, CONSULTATIONS, COMMENTS, ORGANISATIONS = 300, 8000, 5000, 40, 10, 2000
ACTS, MEETINGS, ACTIVITIES = 24, 10, 30
SPHERES = ("1", "6", "7", "10", "13", "14", "15", "16", "17", "27")


def seed_city(tenant: Any, official: Any, year: int, scale: float, orgs: list[Any], users: list[Any]) -> Any:
    """Three years of records for `tenant` ending with `year`, and the programme of `year` in force."""
    from django.utils import timezone  # noqa: PLC0415

    from pozytek.agreements.models import Agreement  # noqa: PLC0415
    from pozytek.agreements.states import AgreementState  # noqa: PLC0415
    from pozytek.competitions.models import Call  # noqa: PLC0415
    from pozytek.competitions.states import CallState  # noqa: PLC0415
    from pozytek.consultations.models import Comment, Consultation  # noqa: PLC0415
    from pozytek.consultations.states import ConsultationState  # noqa: PLC0415
    from pozytek.councils.models import Body, BodyAct, BodyMeeting  # noqa: PLC0415
    from pozytek.councils.states import ActKind, BodyKind, BodyState, MeetingState  # noqa: PLC0415
    from pozytek.evaluation.models import Commission, CommissionMember  # noqa: PLC0415
    from pozytek.evaluation.states import CommissionState, MemberKind, MemberRole  # noqa: PLC0415
    from pozytek.grants.models import Grant  # noqa: PLC0415
    from pozytek.grants.states import GrantStatus  # noqa: PLC0415
    from pozytek.legal.models import SphereOfPublicTasks  # noqa: PLC0415
    from pozytek.offers.models import Offer, Offeror, OfferVersion  # noqa: PLC0415
    from pozytek.offers.states import OfferState  # noqa: PLC0415
    from pozytek.organisations.models import OrganisationArea  # noqa: PLC0415
    from pozytek.programmes.models import Activity  # noqa: PLC0415

    n_calls, n_offers, n_grants = max(2, int(CALLS * scale)), max(4, int(OFFERS * scale)), max(2, int(GRANTS * scale))
    n_consultations, n_orgs = max(1, int(CONSULTATIONS * scale)), max(10, int(ORGANISATIONS * scale))
    n_acts, n_meetings = max(1, int(ACTS * scale)), max(1, int(MEETINGS * scale))
    spheres = [SphereOfPublicTasks.objects.filter(code=c).order_by("-valid_from").first() for c in SPHERES]
    programme = build_programme(tenant, official, year, spheres)
    tasks = list(programme.priority_tasks.order_by("position"))
    city_orgs = orgs[:n_orgs]
    tz = timezone.get_current_timezone()
    areas = OrganisationArea.objects.bulk_create(
        [OrganisationArea(tenant=tenant, organisation=org, basis="seat") for org in city_orgs], batch_size=2000
    )
    for k in range(YEARS):  # listed over the three years (created_at is set on insert)
        OrganisationArea.objects.filter(pk__in=[a.pk for a in areas[k::YEARS]]).update(
            created_at=dt.datetime(year - k, 3, 1, 9, tzinfo=tz)
        )
    body = Body.objects.create(
        tenant=tenant,
        kind=BodyKind.PUBLIC_BENEFIT_COUNCIL,
        name="Rada Działalności Pożytku Publicznego",
        slug="rdpp",
        term_start=dt.date(year - 3, 1, 1),
        term_end=dt.date(year + 1, 12, 31),
        state=BodyState.ACTIVE,
    )
    for y in range(year - YEARS + 1, year + 1):

        def moment(n: int, total: int, y: int = y) -> dt.datetime:
            """Spread `total` events over the year, in business hours."""
            day = dt.date(y, 1, 2) + dt.timedelta(days=(n * 330) // max(total, 1))
            return dt.datetime(day.year, day.month, day.day, 10 + n % 6, tzinfo=tz)

        calls = Call.objects.bulk_create(
            [
                Call(
                    tenant=tenant,
                    number=f"{n + 1}/{y}",
                    title=f"Otwarty konkurs ofert nr {n + 1}/{y} – zadania w sferze {spheres[n % len(spheres)].code}",
                    task_type="Realizacja zadania publicznego.",
                    total_funds=Decimal("200000.00"),
                    offer_deadline=moment(n, n_calls) + dt.timedelta(days=21),
                    state=CallState.RESOLVED,
                    published_at=moment(n, n_calls),
                    priority_task=tasks[n % len(tasks)] if y == year and n % 2 == 0 else None,
                )
                for n in range(n_calls)
            ],
            batch_size=1000,
        )
        through = Call.spheres.through
        through.objects.bulk_create(
            [through(call_id=c.pk, sphereofpublictasks_id=spheres[n % len(spheres)].pk) for n, c in enumerate(calls)],
            batch_size=2000,
        )
        per_call = -(-n_offers // n_calls)
        offers = Offer.objects.bulk_create(
            [
                Offer(
                    tenant=tenant,
                    call=calls[n % n_calls],
                    organisation=city_orgs[((n % n_calls) * per_call + n // n_calls) % len(city_orgs)],
                    created_by=users[0],
                    state=OfferState.AWARDED if n < n_grants else OfferState.NOT_AWARDED,
                    submitted_at=moment(n % n_calls, n_calls) + dt.timedelta(days=10),
                    title=f"Zadanie publiczne – oferta {n + 1}/{y}",
                    requested_grant=Decimal(5000 + (n * 7919) % 45000),
                    start_date=dt.date(y, 3, 1),
                    end_date=dt.date(y, 11, 30),
                )
                for n in range(n_offers)
            ],
            batch_size=2000,
        )
        Offeror.objects.bulk_create(
            [
                Offeror(offer=o, organisation=o.organisation, order=k, name=f"Oferent {k}")
                for o in offers[:: max(1, n_offers // max(1, n_offers // 20))]
                for k in (0, 1)
            ],
            batch_size=2000,
        )
        grants = Grant.objects.bulk_create(
            [
                Grant(
                    tenant=tenant,
                    organisation=o.organisation,
                    organisation_name=f"Organizacja {o.organisation_id}",
                    task_title=o.title,
                    source="competition",
                    call=o.call,
                    offer=o,
                    mode="support",
                    sphere=spheres[n % n_calls % len(spheres)],
                    year=y,
                    amount_awarded=o.requested_grant,
                    status=GrantStatus.AGREEMENT if n % 25 else GrantStatus.WITHDRAWN,
                    decision_number=f"ZAR/{n % n_calls}/{y}",
                    published_at=moment(n % n_calls, n_calls) + dt.timedelta(days=40),
                )
                for n, o in enumerate(offers[:n_grants])
            ],
            batch_size=2000,
        )
        versions = OfferVersion.objects.bulk_create(
            [
                OfferVersion(
                    tenant=tenant,
                    offer=g.offer,
                    number=1,
                    snapshot={"offer_id": g.offer_id},
                    checksum="0" * 64,
                    submitted_at=g.offer.submitted_at,
                    submitted_by=users[0],
                )
                for g in grants
            ],
            batch_size=2000,
        )
        Agreement.objects.bulk_create(
            [
                Agreement(
                    tenant=tenant,
                    grant=g,
                    offer=g.offer,
                    version=v,
                    number=f"UM/{n + 1}/{y}",
                    state=AgreementState.SIGNED,
                    concluded_on=dt.date(y, 2, 20) + dt.timedelta(days=n % 60),
                    start_date=dt.date(y, 3, 1),
                    end_date=dt.date(y + 1 if n % 10 == 0 else y, 11, 30),
                    grant_amount=g.amount_awarded,
                    cost_shift_percent=Decimal(10),
                    grant_use_deadline=dt.date(y, 12, 31),
                    return_deadline=dt.date(y + 1, 1, 15),
                    final_report_due=dt.date(y + 1, 1, 30),
                    signed_at=dt.datetime(y, 2, 21, 9, tzinfo=tz),
                    signed_by=official,
                    signed_file="bench/umowa.pdf",
                )
                for n, (g, v) in enumerate(zip(grants, versions, strict=True))
            ],
            batch_size=2000,
        )
        commissions = Commission.objects.bulk_create(
            [
                Commission(
                    tenant=tenant,
                    call=c,
                    state=CommissionState.CLOSED,
                    appointment_number=f"ZAR/K/{n}/{y}",
                    appointment_date=c.published_at.date() + dt.timedelta(days=14),
                )
                for n, c in enumerate(calls)
            ],
            batch_size=1000,
        )
        CommissionMember.objects.bulk_create(
            [
                CommissionMember(
                    tenant=tenant,
                    commission=cm,
                    user=users[k],
                    role=MemberRole.CHAIR if k == 0 else MemberRole.MEMBER,
                    kind=MemberKind.NGO if k == 2 and n % 3 else MemberKind.OFFICE,
                    represents="Urząd" if k < 2 else "Fundacja",
                )
                for n, cm in enumerate(commissions)
                for k in range(3)
            ],
            batch_size=2000,
        )
        consultations = Consultation.objects.bulk_create(
            [
                Consultation(
                    tenant=tenant,
                    title=f"Konsultacje projektu uchwały nr {n + 1}/{y}",
                    starts_on=moment(n, n_consultations).date(),
                    ends_on=moment(n, n_consultations).date() + dt.timedelta(days=30),
                    state=ConsultationState.REPORTED if n % 4 else ConsultationState.CLOSED,
                    published_at=moment(n, n_consultations),
                    created_by=official,
                )
                for n in range(n_consultations)
            ]
        )
        Comment.objects.bulk_create(
            [
                Comment(
                    tenant=tenant,
                    consultation=c,
                    author=users[k % len(users)],
                    organisation=city_orgs[(n * COMMENTS + k) % len(city_orgs)],
                    justification="Uwaga do projektu.",
                    response="Uwzględniono." if k % 3 else "",
                )
                for n, c in enumerate(consultations)
                for k in range(COMMENTS)
            ],
            batch_size=2000,
        )
        BodyAct.objects.bulk_create(
            [
                BodyAct(
                    tenant=tenant,
                    body=body,
                    kind=ActKind.OPINION if n % 3 else ActKind.RESOLUTION,
                    year=y,
                    sequence=n + 1,
                    title=f"Akt nr {n + 1}/{y}",
                    text="Treść.",
                    adopted_on=moment(n, n_acts).date(),
                    recorded_by=official,
                )
                for n in range(n_acts)
            ]
        )
        BodyMeeting.objects.bulk_create(
            [
                BodyMeeting(
                    tenant=tenant,
                    body=body,
                    title=f"{n + 1}. posiedzenie Rady",
                    starts_at=moment(n, n_meetings),
                    place="Ratusz",
                    state=MeetingState.HELD,
                    minutes="Protokół.",
                )
                for n in range(n_meetings)
            ]
        )
    other = next(form for form in programme.forms.all() if "other_activity" in form.kinds)
    Activity.objects.bulk_create(
        [
            Activity(
                tenant=tenant,
                programme=programme,
                form=other,
                on=dt.date(year, 1, 10) + dt.timedelta(days=n * 11),
                title=f"Działanie nr {n + 1}",
                created_by=official,
            )
            for n in range(max(1, int(ACTIVITIES * min(scale, 1))))
        ]
    )
    return programme


def build_programme(tenant: Any, official: Any, year: int, spheres: list[Any]) -> Any:
    """The programme of `year` through the services: 9 goals, forms bound to every registered kind, one
    priority task per sphere, an indicator per measure; adopted and in force."""
    from pozytek.core.record_kinds import measures, record_kinds  # noqa: PLC0415
    from pozytek.programmes.services import programmes as services  # noqa: PLC0415

    programme = services.create_programme(
        tenant=tenant,
        actor=official,
        data={
            "kind": "annual",
            "title": f"Program współpracy na rok {year}",
            "year_from": year,
            "planned_funds": Decimal("100000000.00"),
            "main_goal": "Rozwój społeczeństwa obywatelskiego.",
            "principles": "Pomocniczość, suwerenność stron, partnerstwo, efektywność, uczciwa konkurencja, jawność.",
            "subject_scope": "Zadania publiczne z art. 4 ustawy.",
            "implementation": "Konkursy ofert i współpraca pozafinansowa.",
            "evaluation_method": "Wskaźniki.",
            "commission_rules": "Komisje powołuje Prezydent.",
            "creation_and_consultation": "Konsultowano przed wprowadzeniem platformy.",
        },
    )
    goals = [services.add_goal(programme=programme, actor=official, text=f"Cel szczegółowy {n + 1}") for n in range(9)]
    for n, kind in enumerate(record_kinds()):
        services.add_form(
            programme=programme,
            actor=official,
            text=f"Forma współpracy: {kind.label}",
            kinds=[kind.key],
            goals=[goals[n % 9], goals[(n + 4) % 9]],
        )
    for n, sphere in enumerate(spheres):
        services.add_priority_task(
            programme=programme,
            actor=official,
            sphere=sphere,
            title=f"Zadanie priorytetowe {n + 1}",
            planned_funds=Decimal("5000000.00"),
        )
    for n, m in enumerate(measures()):
        services.add_indicator(
            programme=programme,
            actor=official,
            data={"name": str(m.label), "baseline": Decimal(0), "target": Decimal(100 + n), "measure": m.key},
        )
    programme = services.adopt_programme(
        programme=programme,
        actor=official,
        resolution_number=f"XX/1/{year - 1}",
        resolution_date=dt.date(year - 1, 11, 20),
    )
    return services.bring_into_force(programme=programme, actor=official)


def seed(scale: float, year: int) -> tuple[Any, Any, Any]:
    from django.db import connection  # noqa: PLC0415
    from django_scopes import scopes_disabled  # noqa: PLC0415

    from pozytek.accounts.models import Membership, User  # noqa: PLC0415
    from pozytek.legal.models import LegalForm  # noqa: PLC0415
    from pozytek.organisations.models import Organisation  # noqa: PLC0415
    from pozytek.tenants.models import Tenant  # noqa: PLC0415

    migrate()
    start = time.perf_counter()
    with scopes_disabled():
        tenant = create_tenant("9999996")
        small = Tenant.objects.create(
            name="Gmina Mała",
            slug="mala",
            kind="gmina_wiejska",
            teryt="9999995",
            state="published",
            office_name="Urząd Gminy",
            address="ul. Krótka 1",
        )
        users = User.objects.bulk_create(
            [User(email=f"osoba{n}@example.org", full_name=f"Osoba {n + 1}") for n in range(COMMENTS)]
        )
        official = User.objects.create_user("urzednik@example.org", "x", full_name="Urzędniczka")
        for t in (tenant, small):
            Membership.objects.create(tenant=t, user=official, role="official")
        form = LegalForm.objects.get(slug="stowarzyszenie")
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(name=f"Stowarzyszenie nr {n + 1}", legal_form=form)
                for n in range(ORGANISATIONS * max(1, int(scale)))
            ],
            batch_size=2000,
        )
        programme = seed_city(tenant, official, year, scale, orgs, users)
        small_programme = seed_city(small, official, year, scale / 50, orgs, users)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seeded {YEARS} years in {time.perf_counter() - start:.1f} s (scale {scale:g}, small city {scale / 50:g})")
    return programme, small_programme, official


BASELINE_SQL = """
WITH y AS (SELECT %(tenant)s::bigint AS tenant, %(start)s::timestamptz AS t0, %(end)s::timestamptz AS t1,
                  %(first)s::date AS d0, %(last)s::date AS d1, %(year)s::int AS year),
calls AS (
  SELECT c.id, c.priority_task_id,
         (SELECT min(cs.sphereofpublictasks_id) FROM competitions_call_spheres cs WHERE cs.call_id = c.id) AS sphere,
         COALESCE((SELECT sum(g.amount_awarded) FROM grants_grant g WHERE g.call_id = c.id AND g.tenant_id = y.tenant
                   AND g.published_at IS NOT NULL AND g.status <> 'withdrawn' AND g.year = y.year), 0) AS awarded
  FROM competitions_call c, y
  WHERE c.tenant_id = y.tenant
    AND ((c.state IN ('published', 'closed', 'resolved', 'cancelled')
          AND c.published_at >= y.t0 AND c.published_at < y.t1)
         OR EXISTS (SELECT 1 FROM grants_grant g WHERE g.call_id = c.id AND g.tenant_id = y.tenant
                    AND g.published_at IS NOT NULL AND g.status <> 'withdrawn' AND g.year = y.year))),
offers AS (
  SELECT o.id FROM offers_offer o, y WHERE o.tenant_id = y.tenant AND o.submitted_at >= y.t0
    AND o.submitted_at < y.t1 AND o.state NOT IN ('draft', 'withdrawn')),
grants AS (
  SELECT g.amount_awarded, g.organisation_id FROM grants_grant g, y WHERE g.tenant_id = y.tenant
    AND g.published_at IS NOT NULL AND g.status <> 'withdrawn' AND g.year = y.year),
agreements AS (
  SELECT a.start_date, a.end_date FROM agreements_agreement a, y WHERE a.tenant_id = y.tenant
    AND a.signed_at IS NOT NULL AND a.concluded_on BETWEEN y.d0 AND y.d1),
commissions AS (
  SELECT m.id, EXISTS (SELECT 1 FROM evaluation_commissionmember cm WHERE cm.commission_id = m.id
                       AND cm.kind = 'ngo') AS has_ngo
  FROM evaluation_commission m JOIN competitions_call c ON c.id = m.call_id, y
  WHERE m.tenant_id = y.tenant AND m.state <> 'forming' AND c.state IN ('published', 'closed', 'resolved', 'cancelled')
    AND c.published_at >= y.t0 AND c.published_at < y.t1),
consultations AS (
  SELECT k.id FROM consultations_consultation k, y WHERE k.tenant_id = y.tenant
    AND k.state IN ('published', 'closed', 'reported') AND k.starts_on BETWEEN y.d0 AND y.d1),
comments AS (
  SELECT r.response, r.organisation_id, d.response AS duplicate_response, r.duplicate_of_id
  FROM consultations_comment r LEFT JOIN consultations_comment d ON d.id = r.duplicate_of_id
  WHERE r.consultation_id IN (SELECT id FROM consultations)),
acts AS (
  SELECT a.kind FROM councils_bodyact a, y WHERE a.tenant_id = y.tenant AND a.adopted_on BETWEEN y.d0 AND y.d1)
SELECT
  (SELECT count(*) FROM calls) AS calls,
  (SELECT COALESCE(sum(awarded), 0) FROM calls) AS calls_awarded,
  (SELECT json_object_agg(id, awarded) FROM calls) AS per_call,
  (SELECT count(*) FROM offers) AS offers,
  (SELECT count(*) FROM offers o WHERE (SELECT count(*) FROM offers_offeror f WHERE f.offer_id = o.id) > 1) AS joint,
  (SELECT count(*) FROM grants) AS grants,
  (SELECT COALESCE(sum(amount_awarded), 0) FROM grants) AS grants_amount,
  (SELECT count(DISTINCT organisation_id) FROM grants) AS organisations_funded,
  (SELECT count(*) FROM agreements) AS agreements,
  (SELECT count(*) FROM agreements WHERE extract(year FROM end_date) > extract(year FROM start_date)) AS multi_year,
  (SELECT count(*) FROM commissions) AS commissions,
  (SELECT count(*) FROM commissions WHERE has_ngo) AS commissions_ngo,
  (SELECT count(*) FROM consultations) AS consultations,
  (SELECT count(*) FROM comments) AS comments,
  (SELECT count(*) FROM comments WHERE response <> '' OR (duplicate_of_id IS NOT NULL AND duplicate_response <> ''))
    AS answered,
  (SELECT count(DISTINCT organisation_id) FROM comments) AS organisations_commenting,
  (SELECT count(*) FROM acts WHERE kind = 'opinion') AS opinions,
  (SELECT count(*) FROM acts WHERE kind = 'resolution') AS resolutions,
  (SELECT count(*) FROM councils_bodymeeting b, y WHERE b.tenant_id = y.tenant AND b.state = 'held'
     AND b.starts_at >= y.t0 AND b.starts_at < y.t1) AS meetings,
  (SELECT json_object_agg(t.id, (SELECT COALESCE(sum(c.awarded), 0) FROM calls c
      WHERE c.priority_task_id = t.id
         OR (c.priority_task_id IS NULL AND c.sphere = t.sphere_id)))
   FROM programmes_prioritytask t WHERE t.programme_id = %(programme)s) AS per_task
"""


def baseline(programme: Any, year: int) -> dict[str, Any]:
    from django.db import connection  # noqa: PLC0415

    from pozytek.core.record_kinds import year_bounds, year_span  # noqa: PLC0415

    start, end = year_span(year)
    first, last = year_bounds(year)
    params = {
        "tenant": programme.tenant_id,
        "programme": programme.pk,
        "start": start,
        "end": end,
        "first": first,
        "last": last,
        "year": year,
    }
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL, params)
        columns = [c.name for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def compare(report: dict[str, Any], base: dict[str, Any]) -> list[str]:
    """Where the report's figures differ from the baseline's (an empty list: the same figures)."""
    figures = {row["key"]: Decimal(row["value"]) for side in ("financial", "non_financial") for row in report[side]}
    kinds = {k["key"]: k for k in report["kinds"]}
    expected = {
        "calls.announced": base["calls"],
        "offers.submitted": base["offers"],
        "offers.joint": base["joint"],
        "grants.awarded": base["grants"],
        "grants.amount": base["grants_amount"],
        "grants.organisations": base["organisations_funded"],
        "agreements.signed": base["agreements"],
        "agreements.multi_year": base["multi_year"],
        "commissions.held": base["commissions"],
        "commissions.with_ngo_members": base["commissions_ngo"],
        "consultations.held": base["consultations"],
        "consultations.comments": base["comments"],
        "consultations.comments_answered": base["answered"],
        "consultations.organisations": base["organisations_commenting"],
        "councils.opinions": base["opinions"],
        "councils.resolutions": base["resolutions"],
        "councils.meetings": base["meetings"],
    }
    problems = [
        f"{key}: report {figures[key]} ≠ SQL {value}"
        for key, value in expected.items()
        if key in figures and figures[key] != Decimal(value)
    ]
    if "open_competition" in kinds:
        kind = kinds["open_competition"]
        if kind["count"] != base["calls"] or Decimal(kind["amount"]) != Decimal(base["calls_awarded"]):
            problems.append(f"open competitions: report {kind['count']} / {kind['amount']} ≠ SQL {base['calls']}")
    tasks = {t["number"]: Decimal(t["actual"]) for t in report["priority_tasks"]}
    sql_tasks = sorted(Decimal(str(v)) for v in (base["per_task"] or {}).values())
    if sorted(tasks.values()) != sql_tasks:
        problems.append(f"priority tasks: report {sorted(tasks.values())} ≠ SQL {sql_tasks}")
    return problems


def timed(fn: Any, repeat: int) -> tuple[list[float], Any]:
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return samples, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a tenth of the city, fewer repetitions")
    parser.add_argument("--scale", type=float, default=None, help="records per year as a share of the issue's city")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scale = args.scale or (0.1 if args.quick else 1.0)
    setup(os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pozytek_bench_report"))

    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415
    from django.utils import timezone, translation  # noqa: PLC0415
    from django_scopes import scope  # noqa: PLC0415
    from pypdf import PdfReader  # noqa: PLC0415
    from weasyprint import HTML  # noqa: PLC0415

    from pozytek.documents.services import pdf_response  # noqa: PLC0415
    from pozytek.programmes import documents  # noqa: PLC0415
    from pozytek.programmes.selectors import realisation  # noqa: PLC0415
    from pozytek.programmes.services import reports  # noqa: PLC0415

    translation.activate("pl")
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} ({os.cpu_count()} cores)")
    year = timezone.localdate().year - 1  # the last complete year: the report the office prepares by 31 May
    programme, small_programme, official = seed(scale, year)

    def queries_of(p: Any) -> int:
        with scope(tenant=p.tenant), CaptureQueriesContext(connection) as captured:
            realisation(p, year)
        return len(captured)

    with scope(tenant=programme.tenant):
        data = realisation(programme, year)  # warm up (imports, URL resolver, query plans)
        report_samples, data = timed(lambda: realisation(programme, year), args.repeat)
    queries, small_queries = queries_of(programme), queries_of(small_programme)
    baseline(programme, year)
    baseline_samples, base = timed(lambda: baseline(programme, year), args.repeat)
    problems = compare(data, base)
    records = sum(len(f["records"]) for f in data["forms"]) + len(data["unassigned"])
    report_s = statistics.median(report_samples)
    print(
        f"report for {year}: {base['calls']} calls, {base['offers']} offers, {base['grants']} grants "
        f"({base['grants_amount']} zł), {base['agreements']} agreements, {base['commissions']} commissions, "
        f"{base['consultations']} consultations, {base['comments']} comments; {records} records listed"
    )
    print(
        f"  selectors.realisation     median {report_s:.3f} s  max {max(report_samples):.3f} s  "
        f"(target < {REPORT_TARGET_S} s)"
    )
    print(f"  queries                   {queries} (small city, a fiftieth of the records: {small_queries})")
    print(f"  baseline one SQL query    median {statistics.median(baseline_samples):.3f} s")
    print("  figures = baseline        " + ("yes" if not problems else "NO: " + "; ".join(problems)))

    with scope(tenant=programme.tenant):
        report = reports.start_report(programme=programme, actor=official, year=year)
        reports.save_narrative(report=report, actor=official, texts={"introduction": "Wstęp. " * 40})
        documents.report_pdf(report)  # warm up (fonts, templates)
        pdf_samples, document = timed(lambda: pdf_response(documents.report_pdf(report)), max(1, args.repeat))
        pages = len(PdfReader(io.BytesIO(document.content)).pages)
        size_kb = len(document.content) / 1024
        context_samples, _context = timed(lambda: documents.report_context(report), 1)
        published = reports.publish_report(report=report, actor=official)
        frozen_samples, _frozen = timed(lambda: pdf_response(documents.report_pdf(published)), 1)
    HTML(string="<p>Pożytek</p>").write_pdf()
    pdf_baseline_samples, _pdf = timed(lambda: HTML(string="<p>Pożytek</p>").write_pdf(), 3)
    pdf_s = statistics.median(pdf_samples)
    print(f"report PDF (office preview, computed): {pages} pages, {size_kb:.0f} KiB")
    print(f"  context (realisation)     {context_samples[0]:.3f} s")
    print(f"  report_pdf total          median {pdf_s:.3f} s  (target < {PDF_TARGET_S} s)")
    print(f"  published (frozen) PDF    {frozen_samples[0]:.3f} s")
    print(f"  baseline one-line PDF     median {statistics.median(pdf_baseline_samples):.3f} s")

    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(
        f"RESULT annual_report report_s={report_s:.3f} pdf_s={pdf_s:.3f} "
        f"baseline_s={statistics.median(baseline_samples):.3f} queries={queries} small_queries={small_queries} "
        f"scale={scale:g} calls={base['calls']} offers={base['offers']} grants={base['grants']} "
        f"consultations={base['consultations']} records={records} pdf_pages={pages} "
        f"frozen_pdf_s={frozen_samples[0]:.3f} baseline_pdf_s={statistics.median(pdf_baseline_samples):.3f} "
        f"figures_ok={int(not problems)} report_ok={int(report_s < REPORT_TARGET_S)} pdf_ok={int(pdf_s < PDF_TARGET_S)}"
    )


if __name__ == "__main__":
    main()
