"""The commission's protocol (protokół z prac komisji konkursowej) as a page and a PDF.

One body template (`PROTOCOL_BODY`) is included by the protocol page and, through
`documents/base_document.html`, by the PDF. It is built from what the closing froze: the ranking and
the proposals in `Commission.result`, and the members, declarations and submitted score cards, which
no service changes once the round is closed. Signatures are each member's acceptance in the system.

The members' score cards (points per criterion and justifications) are an annex, a second document
(`CARDS_BODY`), as the cards usually are to a commission's protocol: WeasyPrint lays out about 300–500
lines a second on the benchmark machine, and 1,000 offers × 5 members is 5,000 cards, so the annex of a
large call takes several times the protocol's 5-second target (bench/ranking.py). In print the annex uses one
compact line per card, and so does the ranking of a call with more than PRINT_TABLE_ROWS offers (a table
cell costs several times a line of text); a smaller ranking prints as a table, as the page shows it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from pozytek.documents.services import RenderedDocument, render_document
from pozytek.evaluation.models import (
    Commission,
    CommissionMember,
    ConflictDeclaration,
    ProtocolSignature,
    Score,
    ScoreCard,
)
from pozytek.evaluation.selectors import members_of
from pozytek.evaluation.selectors_results import awarded_total, justification_deadline, result_rows
from pozytek.evaluation.states import CardState, MemberRole

PROTOCOL_BODY = "evaluation/protocol/document.html"
CARDS_BODY = "evaluation/protocol/cards.html"
RESULTS_BODY = "evaluation/public/results_document.html"
# Up to this many offers the printed ranking is a table (position, offer, organisation, task, points, amounts);
# a larger call prints one line per offer, which WeasyPrint lays out several times faster.
PRINT_TABLE_ROWS = 200


def commission_in_tenant(tenant: Any, pk: int) -> Commission:
    """A commission of this local government with its call, or 404 (another tenant's id never leaks)."""
    try:
        return Commission.objects.select_related("call", "closed_by").get(tenant=tenant, pk=pk)  # type: ignore[no-any-return]
    except Commission.DoesNotExist as error:
        raise Http404 from error


def signatures_of(commission: Commission) -> dict[int, ProtocolSignature]:
    return {s.member_id: s for s in ProtocolSignature.objects.filter(member__commission=commission)}


@dataclass
class MemberScores:
    offer_id: int
    title: str
    points: list[Decimal | None]
    total: Decimal
    justification: str
    notes: list[str]


@dataclass
class MemberEntry:
    member: CommissionMember
    signed_at: Any
    declared_at: Any
    conflicts: list[str]
    votes: bool
    scores: list[MemberScores] = field(default_factory=list)


def _result_rows(result: dict[str, Any], criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for row in result.get("rows", []):
        averages = row.get("averages", {})
        rows.append(
            {
                **row,
                "average_list": [Decimal(averages.get(str(c["id"]), "0")) for c in criteria],
                "requested_d": Decimal(row["requested"]),
                "proposed_d": None if row.get("proposed") is None else Decimal(row["proposed"]),
                "total_d": Decimal(row["total"]),
            }
        )
    return rows


def protocol_context(commission: Commission, *, with_scores: bool = False) -> dict[str, Any]:
    """Everything the protocol prints, from the frozen result and the closed round's rows.

    `with_scores` adds each member's cards (points per criterion, justification) for the annex.
    """
    call = commission.call
    result: dict[str, Any] = commission.result or {}
    criteria = [{**c, "code": f"K{n}"} for n, c in enumerate(result.get("criteria", []), start=1)]
    rows = _result_rows(result, criteria)
    titles = {row["offer"]: row for row in rows}
    signatures = signatures_of(commission)
    members = list(members_of(commission))
    entries: dict[int, MemberEntry] = {}
    for member in members:
        declaration = getattr(member, "declaration", None) if _declared(member) else None
        conflicts = []
        if declaration is not None:
            for offer in sorted(declaration.conflicted_offers.all(), key=lambda o: o.pk):
                row = titles.get(offer.pk)
                conflicts.append(f"{row['title']} ({row['offeror']})" if row else f"{offer.title} (#{offer.pk})")
        signature = signatures.get(member.pk)
        entries[member.pk] = MemberEntry(
            member=member,
            signed_at=signature.signed_at if signature else None,
            declared_at=declaration.signed_at if declaration else None,
            conflicts=conflicts,
            votes=member.role != MemberRole.EXPERT,
        )
    if with_scores:
        _attach_scores(commission, entries, criteria, rows)
    warnings_ties = sorted({row["rank"] for row in rows if row.get("tied")})
    return {
        "commission": commission,
        "call": call,
        "tenant": call.tenant,
        "criteria": criteria,
        "rows": rows,
        "funds": Decimal(result.get("funds", "0")),
        "proposed_total": Decimal(result.get("proposed_total", "0")),
        "tied_ranks": warnings_ties,
        "ranking_as_table": len(rows) <= PRINT_TABLE_ROWS,
        "members": [entries[m.pk] for m in members],
        "has_ngo_members": any(m.kind == "ngo" for m in members),
        "signed_count": len(signatures),
        "card_count": ScoreCard.objects.filter(member__commission=commission, state=CardState.SUBMITTED).count(),
    }


def _declared(member: CommissionMember) -> bool:
    try:
        member.declaration  # noqa: B018 -- reverse one-to-one raises when absent
    except ConflictDeclaration.DoesNotExist:
        return False
    return True


def _attach_scores(
    commission: Commission,
    entries: dict[int, MemberEntry],
    criteria: list[dict[str, Any]],
    rows: list[dict[str, Any]],
) -> None:
    """Per member, one row per offer in ranking order: points per criterion, total, justification.

    Two queries whatever the size (cards, then their scores as plain tuples)."""
    cards = ScoreCard.objects.filter(member__commission=commission, state=CardState.SUBMITTED).values_list(
        "pk", "member_id", "offer_id", "justification"
    )
    by_card: dict[int, tuple[int, int, str]] = {pk: (m, o, j) for pk, m, o, j in cards}
    points: dict[int, dict[int, Decimal]] = defaultdict(dict)
    notes: dict[int, list[str]] = defaultdict(list)
    names = {c["id"]: c["code"] for c in criteria}
    for card_id, criterion_id, value, note in (
        Score.objects.filter(card__member__commission=commission, card__state=CardState.SUBMITTED)
        .order_by("card_id", "criterion_id")
        .values_list("card_id", "criterion_id", "points", "note")
    ):
        points[card_id][criterion_id] = value
        if note.strip():
            notes[card_id].append(f"{names.get(criterion_id, '?')}: {note.strip()}")
    position = {row["offer"]: n for n, row in enumerate(rows)}
    titles = {row["offer"]: row["title"] for row in rows}
    per_member: dict[int, list[tuple[int, MemberScores]]] = defaultdict(list)
    for card_id, (member_id, offer_id, justification) in by_card.items():
        card_points = points.get(card_id, {})
        values = [card_points.get(c["id"]) for c in criteria]
        per_member[member_id].append(
            (
                position.get(offer_id, len(position) + offer_id),
                MemberScores(
                    offer_id=offer_id,
                    title=titles.get(offer_id, f"#{offer_id}"),
                    points=values,
                    total=sum((v for v in values if v is not None), Decimal("0.00")),
                    justification=justification,
                    notes=notes.get(card_id, []),
                ),
            )
        )
    for member_id, scored in per_member.items():
        entry = entries.get(member_id)
        if entry is not None:
            entry.scores = [s for _pos, s in sorted(scored, key=lambda item: item[0])]


def protocol_title(commission: Commission) -> str:
    call = commission.call
    return _("Protocol of the competition commission, call %(number)s") % {"number": call.number or call.pk}


def cards_title(commission: Commission) -> str:
    call = commission.call
    return _("Score cards, annex to the protocol, call %(number)s") % {"number": call.number or call.pk}


def protocol_document(commission: Commission, *, request: HttpRequest | None = None) -> RenderedDocument:
    """The protocol as a PDF (and the standalone HTML it was printed from)."""
    return render_document(
        PROTOCOL_BODY, protocol_context(commission), title=protocol_title(commission), request=request
    )


def cards_document(commission: Commission, *, request: HttpRequest | None = None) -> RenderedDocument:
    """The annex: every member's score cards with points per criterion and justifications."""
    return render_document(
        CARDS_BODY, protocol_context(commission, with_scores=True), title=cards_title(commission), request=request
    )


def results_context(call: Any, decision: Any) -> dict[str, Any]:
    """What the published results of a competition show (art. 15 ust. 2h): rows, totals, the window for
    asking for a justification; shared by the public page, its PDF and the audit dossier."""
    rows = result_rows(decision)
    return {
        "call": call,
        "decision": decision,
        "rows": rows,
        "total": awarded_total(rows),
        "has_points": any(r.points is not None for r in rows),
        "awarded_count": sum(1 for r in rows if r.awarded),
        "tenant": call.tenant,
        "justification_until": justification_deadline(call, decision),
    }


def results_title(call: Any) -> str:
    return _("Results of the open competition %(number)s") % {"number": call.number or call.pk}


def results_document(call: Any, decision: Any, *, request: HttpRequest | None = None) -> RenderedDocument:
    return render_document(RESULTS_BODY, results_context(call, decision), title=results_title(call), request=request)
