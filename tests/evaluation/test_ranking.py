"""The ranking: averages of voting members' submitted cards (Decimal, half up), ties, order, warnings."""

from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from pozytek.evaluation.selectors import compute_ranking
from tests.evaluation.protocol_helpers import full_scores, propose, round_setup, score

pytestmark = pytest.mark.django_db


def ranking(rnd):
    with scopes_disabled():
        return compute_ranking(rnd.commission)


def by_offer(result):
    return {row.offer_id: row for row in result.rows}


def test_averages_per_criterion_and_total_ignore_experts(tenant):
    rnd = round_setup(tenant)
    full_scores(rnd)
    a, b, c = rnd.offers
    rows = by_offer(ranking(rnd))
    first, second = rnd.criteria
    # (9 + 8 + 9) / 3 = 8.666… → 8.67; (4 + 5 + 5) / 3 = 4.666… → 4.67
    assert rows[a.pk].averages == {first.pk: Decimal("8.67"), second.pk: Decimal("4.67")}
    assert rows[a.pk].total == Decimal("13.34")
    # The expert's 10 and 5 would lift b and c: they are advisory and do not count.
    assert rows[b.pk].averages == {first.pk: Decimal("6.00"), second.pk: Decimal("3.00")}
    assert rows[b.pk].total == rows[c.pk].total == Decimal("9.00")
    assert (rows[a.pk].cards, rows[a.pk].expert_cards) == (3, 1)


def test_ties_share_a_rank_and_order_is_total_then_offer(tenant):
    rnd = round_setup(tenant)
    full_scores(rnd)
    a, b, c = rnd.offers
    result = ranking(rnd)
    assert [(r.offer_id, r.rank, r.tied) for r in result.rows] == [
        (a.pk, 1, False),
        (b.pk, 2, True),
        (c.pk, 2, True),
    ]
    assert any("2" in w for w in result.warnings)


def test_rank_after_a_tie_skips_positions(tenant):
    rnd = round_setup(tenant, offers=(("A", "1000"), ("B", "1000"), ("C", "1000"), ("D", "1000")), criteria=(10,))
    a, b, c, d = rnd.offers
    for offer, points in ((a, 7), (b, 9), (c, 9), (d, 3)):
        score(rnd.chair, offer, [points])
    result = ranking(rnd)
    assert [(r.offer_id, r.rank) for r in result.rows] == [(b.pk, 1), (c.pk, 1), (a.pk, 3), (d.pk, 4)]


def test_average_rounds_half_up_not_to_even(tenant):
    rnd = round_setup(tenant, offers=(("A", "1000"),), criteria=(10,))
    (a,) = rnd.offers
    score(rnd.chair, a, ["8.01"])
    score(rnd.members[0], a, ["8.00"])
    row = ranking(rnd).rows[0]
    # 16.01 / 2 = 8.005: half up gives 8.01 (banker's rounding would give 8.00)
    assert row.averages[rnd.criteria[0].pk] == Decimal("8.01")
    assert row.total == Decimal("8.01")


def test_draft_cards_do_not_count(tenant):
    rnd = round_setup(tenant, offers=(("A", "1000"),), criteria=(10,))
    (a,) = rnd.offers
    score(rnd.chair, a, [2])
    score(rnd.members[0], a, [10], submitted=False)
    row = ranking(rnd).rows[0]
    assert row.total == Decimal("2.00")
    assert row.cards == 1


def test_offers_without_cards_have_zero_and_are_listed(tenant):
    rnd = round_setup(tenant)
    result = ranking(rnd)
    assert len(result.rows) == 3
    assert all(r.total == Decimal("0.00") and r.rank == 1 and r.tied for r in result.rows)


def test_proposal_warnings_above_requested_and_above_funds(tenant):
    rnd = round_setup(tenant, funds="10000.00")
    a, b, c = rnd.offers
    propose(rnd, {a: "9500.00", b: "1000.00"})  # a requested 9,000: 9,500 is above it
    result = ranking(rnd)
    rows = by_offer(result)
    assert rows[a.pk].warnings and not rows[b.pk].warnings
    assert rows[c.pk].proposed is None
    assert result.proposed_total == Decimal("10500.00")
    assert result.funds == Decimal("10000.00")
    assert len(result.warnings) >= 1


def test_as_json_is_plain_json_with_amounts_as_strings(tenant):
    rnd = round_setup(tenant)
    full_scores(rnd)
    propose(rnd, {rnd.offers[0]: "9000.00"})
    data = ranking(rnd).as_json()
    import json

    assert json.loads(json.dumps(data)) == data
    first = data["rows"][0]
    assert first["total"] == "13.34"
    assert first["proposed"] == "9000.00"
    assert first["requested"] == "9000.00"
    assert data["funds"] == "20000.00"


def test_ranking_query_count_does_not_grow_with_offers(tenant, django_assert_max_num_queries):
    rnd = round_setup(tenant, offers=tuple((f"O{n}", "1000") for n in range(12)))
    for offer in rnd.offers:
        score(rnd.chair, offer, [5, 3])
        score(rnd.members[0], offer, [4, 2])
    with scopes_disabled(), django_assert_max_num_queries(8):
        compute_ranking(rnd.commission)
