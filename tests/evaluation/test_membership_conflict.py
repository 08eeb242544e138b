"""A commission member who keeps an offering organisation (owner or editor) never sees or scores its offers,
whatever the declaration says and whichever came first: joining or declaring (issue 14, defect 7)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from pozytek.evaluation.models import ScoreCard
from pozytek.evaluation.selectors import scoring_progress
from pozytek.evaluation.services import scoring
from pozytek.evaluation.states import CardState, CommissionState
from pozytek.offers.models import Offeror
from pozytek.organisations import services as organisation_services
from pozytek.organisations.models import OrganisationMember
from pozytek.organisations.states import MemberRole
from tests.conftest import login_with_mfa
from tests.evaluation.commission_helpers import closed_call, commission_for, declare, seat
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.integration

ORDERS = ("declares_then_joins", "joins_then_declares")


def join(organisation, owner, user) -> None:
    """The organisation's owner invites the member, who accepts: they keep the profile from now on."""
    with scopes_disabled():
        invitation = organisation_services.invite_member(
            organisation=organisation, actor=owner, email=user.email, role=MemberRole.EDITOR
        )
        organisation_services.accept_invitation(token=invitation.token, actor=user)


def card_data(criteria, button="submit"):
    data = {"justification": "Oferta spójna.", button: "1"}
    for criterion in criteria:
        data[f"points_{criterion.pk}"] = "7"
        data[f"note_{criterion.pk}"] = ""
    return data


@pytest.fixture
def setting(tenant):
    """An appointed commission of a call with two formally accepted offers; a member without a declaration."""
    data = closed_call(tenant, offers=2)
    commission = commission_for(data.call, state=CommissionState.APPOINTED)
    return data, commission, seat(commission)


@pytest.mark.parametrize("order", ORDERS)
def test_the_offer_of_the_members_organisation_is_hidden_over_http(client, setting, order):
    data, commission, member = setting
    tied, free = data.offers
    base = f"/testowo/komisja/{commission.pk}/"
    login_with_mfa(client, member.user)

    if order == "joins_then_declares":
        join(tied.organisation, data.authors[0], member.user)
    declared = client.post(f"{base}oswiadczenie/", {"confirm": "on"})  # no conflict ticked
    assert declared.status_code == 302
    if order == "declares_then_joins":
        assert client.get(f"{base}oferta/{tied.pk}/").status_code == 200
        join(tied.organisation, data.authors[0], member.user)

    listing = client.get(base).content.decode()
    assert f'id="offer-{free.pk}"' in listing
    assert f'id="offer-{tied.pk}"' not in listing
    assert client.get(f"{base}oferta/{tied.pk}/").status_code == 404
    assert client.post(f"{base}oferta/{tied.pk}/", card_data(data.criteria)).status_code == 404
    assert client.get(f"{base}oferta/{free.pk}/").status_code == 200
    with scopes_disabled():
        assert not ScoreCard.objects.filter(member=member, offer=tied).exists()


@pytest.mark.parametrize("order", ORDERS)
def test_the_service_refuses_a_card_for_the_members_organisation(setting, order):
    data, _commission, member = setting
    tied = data.offers[0]
    points = {c.pk: Decimal(7) for c in data.criteria}

    if order == "joins_then_declares":
        join(tied.organisation, data.authors[0], member.user)
    with scopes_disabled():
        scoring.sign_declaration(seat=member, actor=member.user, conflicted_offers=[], statement="Oświadczam.")
        draft = None
        if order == "declares_then_joins":
            draft = scoring.save_card(
                seat=member, offer=tied, actor=member.user, points=points, notes={}, justification="Spójna."
            )
    if order == "declares_then_joins":
        join(tied.organisation, data.authors[0], member.user)

    with scopes_disabled():
        with pytest.raises(PermissionDenied):
            scoring.save_card(
                seat=member, offer=tied, actor=member.user, points=points, notes={}, justification="Spójna."
            )
        if draft is not None:
            with pytest.raises(PermissionDenied):
                scoring.submit_card(card=draft, actor=member.user)
        assert not ScoreCard.objects.filter(member=member, offer=tied, state=CardState.SUBMITTED).exists()


def test_keeping_a_partner_of_a_joint_offer_hides_it_too(client, tenant):
    data = closed_call(tenant, offers=1, joint=True)
    commission = commission_for(data.call, state=CommissionState.APPOINTED)
    member = seat(commission)
    declare(member)
    partner = OrganisationFactory(name="Stowarzyszenie Partnerskie")
    with scopes_disabled():
        Offeror.objects.filter(offer=data.offers[0], order=1).update(organisation=partner)
        OrganisationMember.objects.create(organisation=partner, user=member.user, role=MemberRole.OWNER)
    login_with_mfa(client, member.user)

    assert client.get(f"/testowo/komisja/{commission.pk}/oferta/{data.offers[0].pk}/").status_code == 404


def test_the_progress_expects_no_card_for_the_members_organisation(setting):
    """Otherwise the chair could never close the round: the member cannot score that offer."""
    data, commission, member = setting
    declare(member)
    join(data.offers[0].organisation, data.authors[0], member.user)

    with scopes_disabled():
        progress = next(p for p in scoring_progress(commission) if p.member.pk == member.pk)

    assert progress.expected == 1
