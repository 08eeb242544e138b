"""Members' declarations and score cards, and who may open which commission page (H2)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from pozytek.accounts.models import Role
from pozytek.core.models import AuditEvent
from pozytek.core.workflow import TransitionBlocked
from pozytek.evaluation.models import Commission, ConflictDeclaration, ScoreCard
from pozytek.evaluation.selectors import compute_ranking
from pozytek.evaluation.services import scoring
from pozytek.evaluation.states import CardState, CommissionState
from tests.conftest import login_with_mfa, with_totp
from tests.evaluation.commission_helpers import appointed_panel, closed_call, commission_for, declare, seat
from tests.factories.accounts import MembershipFactory, UserFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def panel(tenant):
    return appointed_panel(tenant)


def base(panel, slug="testowo"):
    return f"/{slug}/komisja/{panel.commission.pk}/"


def offer_url(panel, offer, slug="testowo"):
    return f"{base(panel, slug)}oferta/{offer.pk}/"


def card_data(panel, points=("7", "8"), notes=("", ""), justification="Dobra oferta", button="save"):
    data = {"justification": justification, button: "1"}
    for criterion, value, note in zip(panel.call.criteria, points, notes, strict=True):
        data[f"points_{criterion.pk}"] = value
        data[f"note_{criterion.pk}"] = note
    return data


def card_of(member, offer):
    with scopes_disabled():
        return ScoreCard.objects.filter(member=member, offer=offer).prefetch_related("scores").first()


def set_state(commission, state):
    with scopes_disabled():
        Commission.objects.filter(pk=commission.pk).update(state=state)


# --- declaration ----------------------------------------------------------------------------------


def test_the_declaration_comes_before_any_offer(client, panel):
    login_with_mfa(client, panel.undeclared.user)
    offer = panel.call.offers[0]

    workspace = client.get(base(panel))
    hidden = client.get(offer_url(panel, offer))
    page = client.get(f"{base(panel)}oswiadczenie/")

    assert workspace.status_code == 302 and workspace["Location"].endswith("/oswiadczenie/")
    assert hidden.status_code == 404
    html = page.content.decode()
    assert page.status_code == 200
    with scopes_disabled():
        names = scoring.offerors_by_offer(panel.call.offers)[offer.pk]
    assert names
    for name in names:
        assert name in html


def test_the_declaration_lists_every_offeror_of_a_joint_offer(client, tenant):
    data = closed_call(tenant, offers=1, joint=True)
    commission = commission_for(data.call, state=CommissionState.APPOINTED)
    member = seat(commission)
    login_with_mfa(client, member.user)

    html = client.get(f"/testowo/komisja/{commission.pk}/oswiadczenie/").content.decode()

    assert data.offers[0].organisation.name in html
    assert "Stowarzyszenie Partnerskie" in html


def test_signing_with_a_conflict_hides_that_offer_only(client, panel):
    member = panel.undeclared
    conflicted, free = panel.call.offers
    login_with_mfa(client, member.user)

    unconfirmed = client.post(f"{base(panel)}oswiadczenie/", {"conflicts": [str(conflicted.pk)]})
    signed = client.post(f"{base(panel)}oswiadczenie/", {"conflicts": [str(conflicted.pk)], "confirm": "on"})
    again = client.post(f"{base(panel)}oswiadczenie/", {"confirm": "on"})

    assert unconfirmed.status_code == 400 and "confirm" in unconfirmed.context["form"].errors
    assert signed.status_code == 302 and again.status_code == 302
    with scopes_disabled():
        declaration = ConflictDeclaration.objects.get(member=member)
        assert list(declaration.conflicted_offers.all()) == [conflicted]
        assert {row["offer"] for row in declaration.listed} == {conflicted.pk, free.pk}
        assert AuditEvent.objects.filter(action="commission_member.declare").count() == 1
    assert client.get(offer_url(panel, conflicted)).status_code == 404
    assert client.get(offer_url(panel, free)).status_code == 200
    listing = client.get(base(panel)).content.decode()
    assert f'id="offer-{free.pk}"' in listing and f'id="offer-{conflicted.pk}"' not in listing


def test_a_forged_offer_in_the_declaration_is_refused(client, panel, tenant):
    other = closed_call(tenant, offers=1)
    login_with_mfa(client, panel.undeclared.user)

    response = client.post(f"{base(panel)}oswiadczenie/", {"conflicts": [str(other.offers[0].pk)], "confirm": "on"})

    assert response.status_code == 400 and "conflicts" in response.context["form"].errors
    with scopes_disabled():
        assert not ConflictDeclaration.objects.filter(member=panel.undeclared).exists()


def test_no_declaration_before_the_appointment(tenant):
    data = closed_call(tenant, offers=1)
    commission = commission_for(data.call)
    member = seat(commission)

    with scope(tenant=tenant), pytest.raises(ValidationError):
        scoring.sign_declaration(seat=member, actor=member.user, conflicted_offers=[], statement="Oświadczam")
    with scope(tenant=tenant), pytest.raises(PermissionDenied):
        scoring.sign_declaration(seat=member, actor=UserFactory(), conflicted_offers=[], statement="Oświadczam")


def test_offers_not_formally_accepted_are_never_listed_or_shown(client, tenant):
    panel = appointed_panel(tenant, offers=1)
    data = closed_call(tenant, offers=2, accepted=1)
    commission = commission_for(data.call, state=CommissionState.APPOINTED)
    member = seat(commission)
    declare(member)
    login_with_mfa(client, member.user)

    rejected = data.offers[1]
    assert client.get(f"/testowo/komisja/{commission.pk}/oferta/{rejected.pk}/").status_code == 404
    assert client.get(f"/testowo/komisja/{commission.pk}/oferta/{data.offers[0].pk}/").status_code == 200
    # an offer of another commission's call
    assert client.get(f"/testowo/komisja/{commission.pk}/oferta/{panel.call.offers[0].pk}/").status_code == 404


# --- score cards ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("10.01", "above max"),
        ("-1", "negative"),
        ("7." + "0" * 39 + "1", "40 decimals"),
        ("siedem", "text"),
        ("NaN", "not a number"),
        ("1e400", "huge"),
    ],
)
def test_invalid_points_are_field_errors(client, panel, value, reason):
    offer = panel.call.offers[1]
    login_with_mfa(client, panel.member.user)
    first = panel.call.criteria[0]

    response = client.post(offer_url(panel, offer), card_data(panel, points=(value, "5")))

    assert response.status_code == 400, reason
    assert f"points_{first.pk}" in response.context["form"].errors
    assert card_of(panel.member, offer) is None


def test_service_refuses_invalid_points_too(panel):
    offer = panel.call.offers[1]
    first, second = panel.call.criteria
    member = panel.member

    with scope(tenant=member.tenant), pytest.raises(ValidationError) as error:
        scoring.save_card(
            seat=member,
            offer=offer,
            actor=member.user,
            points={first.pk: Decimal("11"), second.pk: Decimal("1.234")},
            notes={},
            justification="",
        )

    assert set(error.value.message_dict) == {f"criterion-{first.pk}", f"criterion-{second.pk}"}


def test_draft_then_submit_with_a_decimal_comma(client, panel):
    offer = panel.call.offers[1]
    login_with_mfa(client, panel.member.user)

    draft = client.post(offer_url(panel, offer), card_data(panel, points=("7,5", ""), notes=("Mocna", "")))
    card = card_of(panel.member, offer)
    assert draft.status_code == 302
    assert card.state == CardState.DRAFT
    assert {s.criterion_id: (s.points, s.note) for s in card.scores.all()} == {
        panel.call.criteria[0].pk: (Decimal("7.50"), "Mocna")
    }

    submitted = client.post(offer_url(panel, offer), card_data(panel, points=("7,5", "10"), button="submit"))
    card = card_of(panel.member, offer)
    assert submitted.status_code == 302
    assert card.state == CardState.SUBMITTED and card.submitted_at is not None
    with scopes_disabled():
        assert card.version.offer_id == offer.pk
        assert card.version.number == 1


def test_submit_without_justification_or_points_is_refused_but_the_draft_is_kept(client, panel):
    offer = panel.call.offers[1]
    login_with_mfa(client, panel.member.user)

    response = client.post(
        offer_url(panel, offer), card_data(panel, points=("5", ""), justification="", button="submit")
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "justification" in errors and f"points_{panel.call.criteria[1].pk}" in errors
    card = card_of(panel.member, offer)
    assert card.state == CardState.DRAFT and card.scores.count() == 1


def test_double_submit_gives_the_same_card(client, panel):
    offer = panel.call.offers[1]
    login_with_mfa(client, panel.member.user)
    data = card_data(panel, button="submit")

    first = client.post(offer_url(panel, offer), data)
    second = client.post(offer_url(panel, offer), {**data, f"points_{panel.call.criteria[0].pk}": "1"})

    assert first.status_code == second.status_code == 302
    card = card_of(panel.member, offer)
    assert card.scores.get(criterion=panel.call.criteria[0]).points == Decimal("7.00")
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="scorecard.submit").count() == 1
        again = scoring.submit_card(card=card, actor=panel.member.user)
    assert again.pk == card.pk and again.state == CardState.SUBMITTED
    with scope(tenant=card.tenant), pytest.raises(ValidationError):
        scoring.save_card(
            seat=panel.member, offer=offer, actor=panel.member.user, points={}, notes={}, justification=""
        )


def test_nothing_changes_after_the_round_is_closed(client, panel):
    offer = panel.call.offers[1]
    login_with_mfa(client, panel.member.user)
    client.post(offer_url(panel, offer), card_data(panel))
    set_state(panel.commission, CommissionState.CLOSED)

    response = client.post(offer_url(panel, offer), card_data(panel, points=("1", "1"), button="submit"))
    page = client.get(offer_url(panel, offer))

    assert response.status_code == 400
    assert page.status_code == 200 and page.context["form"] is None
    card = card_of(panel.member, offer)
    assert card.state == CardState.DRAFT
    assert card.scores.get(criterion=panel.call.criteria[0]).points == Decimal("7.00")
    with scopes_disabled():
        member = panel.member
        with pytest.raises(ValidationError):
            scoring.save_card(seat=member, offer=offer, actor=member.user, points={}, notes={}, justification="x")
        with pytest.raises(ValidationError):
            scoring.submit_card(card=card, actor=member.user)


def test_others_scores_appear_only_after_ones_own_submission(client, panel):
    offer = panel.call.offers[1]
    login_with_mfa(client, panel.chair.user)
    client.post(
        offer_url(panel, offer),
        card_data(panel, points=("9", "9"), justification="Uzasadnienie przewodniczącej", button="submit"),
    )
    login_with_mfa(client, panel.expert.user)
    client.post(
        offer_url(panel, offer), card_data(panel, points=("1", "1"), justification="Opinia eksperta", button="submit")
    )

    login_with_mfa(client, panel.member.user)
    before = client.get(offer_url(panel, offer)).content.decode()
    client.post(offer_url(panel, offer), card_data(panel, justification="Moje zdanie", button="save"))
    draft = client.get(offer_url(panel, offer)).content.decode()
    client.post(offer_url(panel, offer), card_data(panel, justification="Moje zdanie", button="submit"))
    after = client.get(offer_url(panel, offer)).content.decode()

    for html in (before, draft):
        assert 'id="others"' not in html and "Uzasadnienie przewodniczącej" not in html
    assert 'id="others"' in after
    assert "Uzasadnienie przewodniczącej" in after and "Opinia eksperta" in after
    assert f'data-member="{panel.expert.pk}" data-advisory="true"' in after


def test_an_experts_points_are_advisory(client, panel):
    offer = panel.call.offers[1]
    for member, points in ((panel.member, ("6", "4")), (panel.expert, ("0", "0"))):
        login_with_mfa(client, member.user)
        client.post(offer_url(panel, offer), card_data(panel, points=points, button="submit"))

    with scopes_disabled():
        row = next(r for r in compute_ranking(panel.commission).rows if r.offer_id == offer.pk)
    assert row.total == Decimal("10.00")
    assert (row.cards, row.expert_cards) == (1, 1)


def test_a_card_cannot_be_saved_for_someone_else_or_a_conflicted_offer(panel):
    conflicted = panel.call.offers[0]
    with scopes_disabled():
        with pytest.raises(PermissionDenied):
            scoring.save_card(
                seat=panel.member, offer=conflicted, actor=panel.chair.user, points={}, notes={}, justification=""
            )
        with pytest.raises(PermissionDenied):
            scoring.save_card(
                seat=panel.excluded, offer=conflicted, actor=panel.excluded.user, points={}, notes={}, justification=""
            )


def test_the_guard_blocks_an_incomplete_card(panel):
    offer = panel.call.offers[1]
    with scopes_disabled():
        card = scoring.save_card(
            seat=panel.member, offer=offer, actor=panel.member.user, points={}, notes={}, justification=""
        )
        with pytest.raises(TransitionBlocked):
            scoring.submit_card(card=card, actor=panel.member.user)


# --- access to every member page ------------------------------------------------------------------


PAGES = ["index", "commission", "declare", "offer"]


def page_url(panel, page, slug="testowo"):
    offer = panel.call.offers[0]
    return {
        "index": f"/{slug}/komisja/",
        "commission": base(panel, slug),
        "declare": f"{base(panel, slug)}oswiadczenie/",
        "offer": offer_url(panel, offer, slug),
    }[page]


def person(panel, who, tenant):
    if who == "official":
        return with_totp(MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user)
    if who == "ngo_member":
        return with_totp(panel.call.authors[0])
    if who == "resident":
        return with_totp(UserFactory())
    return getattr(panel, who).user


# expected status per page: index, commission, declare (signed → redirect to the workspace), offer 0
EXPECTED = {
    "chair": (200, 200, 302, 200),
    "member": (200, 200, 302, 200),
    "expert": (200, 200, 302, 200),
    "excluded": (200, 200, 302, 404),
    "undeclared": (200, 302, 200, 404),
    "official": (200, 404, 404, 404),
    "ngo_member": (200, 404, 404, 404),
    "resident": (200, 404, 404, 404),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_access_matrix(client, panel, tenant, who):
    login_with_mfa(client, person(panel, who, tenant))

    statuses = tuple(client.get(page_url(panel, page)).status_code for page in PAGES)

    assert statuses == EXPECTED[who]


def test_pages_need_login_and_two_step_verification(client, panel):
    for page in PAGES:
        response = client.get(page_url(panel, page))
        assert response.status_code == 302 and "/konto/login/" in response["Location"], page
    without_totp = UserFactory()
    seat(panel.commission, user=without_totp)
    client.force_login(without_totp)
    response = client.get(page_url(panel, "commission"))
    assert response.status_code == 302 and "totp" in response["Location"]


@pytest.mark.parametrize("page", ["commission", "declare", "offer"])
def test_another_tenants_url_is_not_found(client, panel, other_tenant, page):
    login_with_mfa(client, panel.chair.user)

    assert client.get(page_url(panel, page, "inna")).status_code == 404


def test_a_member_of_another_commission_gets_404(client, panel, tenant):
    other = appointed_panel(tenant, offers=1)
    login_with_mfa(client, other.chair.user)

    assert client.get(base(panel)).status_code == 404
    assert client.get(offer_url(panel, panel.call.offers[1])).status_code == 404
    assert client.post(offer_url(panel, panel.call.offers[1]), card_data(panel)).status_code == 404


def test_a_forged_post_by_an_excluded_member_is_404(client, panel):
    login_with_mfa(client, panel.excluded.user)

    response = client.post(offer_url(panel, panel.call.offers[0]), card_data(panel, button="submit"))

    assert response.status_code == 404
    assert card_of(panel.excluded, panel.call.offers[0]) is None
