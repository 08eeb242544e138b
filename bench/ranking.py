"""Benchmark: the commission's ranking and the protocol PDF for a large call (targets: < 1 s and < 5 s).

Builds in a dedicated PostgreSQL database (`pozytek_bench_ranking`, recreated each run) a closed call
with N formally accepted offers (each with a frozen version), 10 criteria and an appointed commission of
5 voting members who each submitted a card for every offer (N × 5 cards, N × 5 × 10 scores, all
bulk-created), with a proposed amount per offer. Then times, in process:

- `compute_ranking(commission)` (what the chair's progress page and the closing guard use),
  against a baseline in the same run: the same per offer × criterion aggregate as one hand-written
  SQL query (and a plain COUNT over the scores);
- `close_round` (guard + freezing the ranking);
- the protocol PDF through `evaluation.documents.protocol_document` (what the protocol PDF view
  returns), with the time of building its context and rendering its HTML printed apart; baseline:
  WeasyPrint printing a one-line HTML;
- the annex with the members' score cards (`cards_document`, 5 cards per offer), for information.

    .venv/bin/python bench/ranking.py [--quick] [--offers N] [--members M] [--criteria K] [--repeat R]

Needs PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pozytek_bench_ranking).
Last line: RESULT ranking offers=<n> ranking_s=<n> protocol_s=<n> …
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from _common import create_tenant, migrate, setup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RANKING_TARGET_S = 1.0
PROTOCOL_TARGET_S = 5.0


def seed(offers: int, members: int, criteria: int, rng: random.Random) -> object:
    from django.db import connection  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415
    from django_scopes import scopes_disabled  # noqa: PLC0415

    from pozytek.accounts.models import User  # noqa: PLC0415
    from pozytek.competitions.models import Call, Criterion  # noqa: PLC0415
    from pozytek.competitions.states import CallState  # noqa: PLC0415
    from pozytek.evaluation.models import (  # noqa: PLC0415
        Commission,
        CommissionMember,
        ConflictDeclaration,
        Proposal,
        Score,
        ScoreCard,
    )
    from pozytek.evaluation.states import CardState, CommissionState, MemberKind, MemberRole  # noqa: PLC0415
    from pozytek.legal.models import LegalForm  # noqa: PLC0415
    from pozytek.offers.models import Offer, OfferVersion  # noqa: PLC0415
    from pozytek.offers.states import OfferState  # noqa: PLC0415
    from pozytek.organisations.models import Organisation  # noqa: PLC0415

    migrate()
    start = time.perf_counter()
    now = timezone.now()
    with scopes_disabled():
        tenant = create_tenant("9999998")
        users = User.objects.bulk_create(
            [User(email=f"czlonek{n}@example.org", full_name=f"Członek Komisji {n + 1}") for n in range(members)]
            + [User(email=f"oferent{n}@example.org", full_name=f"Oferent {n}") for n in range(1)]
        )
        author = users[-1]
        requested = [Decimal(rng.randrange(1000, 20000)) for _ in range(offers)]
        call = Call.objects.create(
            tenant=tenant,
            number="1/2027",
            title="Wspieranie kultury fizycznej",
            task_type="Organizacja zajęć sportowych.",
            total_funds=sum(requested, Decimal(0)),
            offer_deadline=now - dt.timedelta(days=30),
            state=CallState.CLOSED,
            published_at=now - dt.timedelta(days=60),
        )
        crits = Criterion.objects.bulk_create(
            [Criterion(call=call, name=f"Kryterium oceny nr {n + 1}", max_points=10, order=n) for n in range(criteria)]
        )
        form = LegalForm.objects.get(slug="stowarzyszenie")
        orgs = Organisation.objects.bulk_create(
            [Organisation(name=f"Stowarzyszenie Sportowe nr {n + 1}", legal_form=form) for n in range(offers)]
        )
        offer_rows = Offer.objects.bulk_create(
            [
                Offer(
                    tenant=tenant,
                    call=call,
                    organisation=org,
                    created_by=author,
                    state=OfferState.FORMALLY_ACCEPTED,
                    title=f"Zajęcia sportowe dla dzieci i młodzieży – edycja {n + 1}",
                    requested_grant=requested[n],
                    submitted_at=now - dt.timedelta(days=31),
                )
                for n, org in enumerate(orgs)
            ],
            batch_size=1000,
        )
        OfferVersion.objects.bulk_create(
            [
                OfferVersion(
                    tenant=tenant,
                    offer=offer,
                    number=1,
                    snapshot={"offer_id": offer.pk, "task": {"title": offer.title}},
                    checksum="0" * 64,
                    submitted_at=offer.submitted_at,
                    submitted_by=author,
                )
                for offer in offer_rows
            ],
            batch_size=1000,
        )
        versions = dict(OfferVersion.objects.filter(offer__call=call).values_list("offer_id", "pk"))
        commission = Commission.objects.create(
            tenant=tenant,
            call=call,
            state=CommissionState.APPOINTED,
            appointment_number="ZAR/1/2027",
            appointment_date=now.date(),
        )
        seats = CommissionMember.objects.bulk_create(
            [
                CommissionMember(
                    tenant=tenant,
                    commission=commission,
                    user=user,
                    role=MemberRole.CHAIR if n == 0 else MemberRole.MEMBER,
                    kind=MemberKind.OFFICE if n % 2 == 0 else MemberKind.NGO,
                    represents="Urząd Miasta" if n % 2 == 0 else "Fundacja Spoza Konkursu",
                )
                for n, user in enumerate(users[:members])
            ]
        )
        ConflictDeclaration.objects.bulk_create(
            [
                ConflictDeclaration(tenant=tenant, member=s, statement="Brak przesłanek z art. 24 KPA.", signed_at=now)
                for s in seats
            ]
        )
        cards = ScoreCard.objects.bulk_create(
            [
                ScoreCard(
                    tenant=tenant,
                    member=s,
                    offer=offer,
                    version_id=versions[offer.pk],
                    state=CardState.SUBMITTED,
                    justification="Oferta spójna, kalkulacja kosztów realna, doświadczenie potwierdzone.",
                    submitted_at=now,
                )
                for s in seats
                for offer in offer_rows
            ],
            batch_size=2000,
        )
        Score.objects.bulk_create(
            (
                Score(card=card, criterion=c, points=Decimal(rng.randrange(0, 1001)) / 100)
                for card in cards
                for c in crits
            ),
            batch_size=5000,
        )
        Proposal.objects.bulk_create(
            [
                Proposal(
                    tenant=tenant,
                    commission=commission,
                    offer=offer,
                    amount=(offer.requested_grant * Decimal("0.8")).quantize(Decimal("0.01")),
                )
                for offer in offer_rows
            ],
            batch_size=1000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"seeded {offers} offers × {members} members × {criteria} criteria "
        f"({len(cards)} cards, {len(cards) * criteria} scores) in {time.perf_counter() - start:.1f} s"
    )
    return commission


def timed(fn: object, repeat: int) -> tuple[list[float], object]:
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return samples, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100 offers, fewer repetitions")
    parser.add_argument("--offers", type=int, default=None)
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--criteria", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=None)
    args = parser.parse_args()
    offers = args.offers or (100 if args.quick else 1000)
    repeat = args.repeat or (3 if args.quick else 5)
    setup(os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pozytek_bench_ranking"))

    from django.db import connection  # noqa: PLC0415
    from django.template.loader import render_to_string  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415
    from django_scopes import scope  # noqa: PLC0415
    from pypdf import PdfReader  # noqa: PLC0415
    from weasyprint import HTML  # noqa: PLC0415

    from pozytek.documents.services import pdf_response  # noqa: PLC0415
    from pozytek.evaluation.documents import (  # noqa: PLC0415
        PROTOCOL_BODY,
        cards_document,
        commission_in_tenant,
        protocol_context,
        protocol_document,
        protocol_title,
    )
    from pozytek.evaluation.selectors import compute_ranking  # noqa: PLC0415
    from pozytek.evaluation.services.protocol import close_round  # noqa: PLC0415

    translation.activate("pl")
    seeded = seed(offers, args.members, args.criteria, random.Random(2027))  # noqa: S311 -- test data
    tenant = seeded.tenant  # type: ignore[attr-defined]

    with scope(tenant=tenant):
        chair = seeded.members.get(role="chair").user  # type: ignore[attr-defined]
        commission = commission_in_tenant(tenant, seeded.pk)  # type: ignore[attr-defined]
        compute_ranking(commission)  # warm up (imports, query plans)
        ranking_samples, ranking = timed(lambda: compute_ranking(commission), repeat)

        def aggregate() -> list[tuple]:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT c.offer_id, s.criterion_id, SUM(s.points), COUNT(*) FROM evaluation_score s "
                    "JOIN evaluation_scorecard c ON c.id = s.card_id JOIN evaluation_commissionmember m "
                    "ON m.id = c.member_id WHERE m.commission_id = %s AND c.state = 'submitted' "
                    "AND m.role <> 'expert' GROUP BY c.offer_id, s.criterion_id",
                    [commission.pk],
                )
                return cursor.fetchall()

        def count() -> int:
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM evaluation_score")
                return cursor.fetchone()[0]

        aggregate()
        baseline_samples, groups = timed(aggregate, repeat)
        count_samples, scores = timed(count, repeat)
        rows = ranking.rows  # type: ignore[attr-defined]
        print(f"ranking: {len(rows)} offers, {len(groups)} offer × criterion groups, {scores} scores")
        print(
            f"  compute_ranking        median {statistics.median(ranking_samples):.3f} s  "
            f"max {max(ranking_samples):.3f} s  (target < {RANKING_TARGET_S} s)"
        )
        print(f"  baseline aggregate SQL median {statistics.median(baseline_samples):.3f} s")
        print(f"  baseline COUNT(*)      median {statistics.median(count_samples):.3f} s")

        reverse("evaluation_protocol:protocol", kwargs={"tenant_slug": "bench", "commission_pk": 1})  # loads URLconf
        start = time.perf_counter()
        commission = close_round(commission=commission, actor=chair)
        close_s = time.perf_counter() - start
        print(f"close_round (guard + ranking again + freezing): {close_s:.3f} s")

        commission = commission_in_tenant(tenant, commission.pk)
        context_samples, context = timed(lambda: protocol_context(commission), 1)
        html_samples, html = timed(
            lambda: render_to_string(
                "documents/base_document.html",
                {**context, "body_template": PROTOCOL_BODY, "document_title": protocol_title(commission)},  # type: ignore[dict-item]
            ),
            1,
        )
        protocol_samples, document = timed(lambda: pdf_response(protocol_document(commission)), max(1, repeat // 2))
        pages = len(PdfReader(__import__("io").BytesIO(document.content)).pages)  # type: ignore[attr-defined]
        size_kb = len(document.content) / 1024  # type: ignore[attr-defined]
        cards_samples, cards = timed(lambda: pdf_response(cards_document(commission)), 1)
        cards_pages = len(PdfReader(__import__("io").BytesIO(cards.content)).pages)  # type: ignore[attr-defined]
        HTML(string="<p>Pożytek</p>").write_pdf()
        pdf_baseline_samples, _pdf = timed(lambda: HTML(string="<p>Pożytek</p>").write_pdf(), 3)
        protocol_s = statistics.median(protocol_samples)
        print(f"protocol PDF: {pages} pages, {size_kb:.0f} KiB, HTML {len(html) / 1024:.0f} KiB")  # type: ignore[arg-type]
        print(f"  context (queries)       {context_samples[0]:.3f} s")
        print(f"  HTML (templates)        {html_samples[0]:.3f} s")
        print(f"  protocol_document total median {protocol_s:.3f} s  (target < {PROTOCOL_TARGET_S} s)")
        print(f"  baseline one-line PDF   median {statistics.median(pdf_baseline_samples):.3f} s")
        print(f"annex (score cards) PDF: {cards_pages} pages in {cards_samples[0]:.3f} s")

    ranking_s = statistics.median(ranking_samples)
    print(
        f"RESULT ranking offers={offers} ranking_s={ranking_s:.3f} protocol_s={protocol_s:.3f} "
        f"members={args.members} criteria={args.criteria} scores={scores} "
        f"baseline_aggregate_s={statistics.median(baseline_samples):.3f} "
        f"baseline_count_s={statistics.median(count_samples):.3f} close_s={close_s:.3f} "
        f"protocol_pages={pages} protocol_kib={size_kb:.0f} "
        f"baseline_pdf_s={statistics.median(pdf_baseline_samples):.3f} "
        f"cards_s={cards_samples[0]:.3f} cards_pages={cards_pages} "
        f"ranking_ok={int(ranking_s < RANKING_TARGET_S)} protocol_ok={int(protocol_s < PROTOCOL_TARGET_S)}"
    )


if __name__ == "__main__":
    main()
