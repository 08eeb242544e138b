"""A call under the Sport Act (art. 27–28 of the Act of 25 June 2010 on sport): published only with the
council's resolution (number and date), announced under the Sport Act and the resolution, its offers on
the Sport Act route (the call's rules, the same formal check and decision), the agreement and the register
naming the Sport Act, and the programme's report counting its grants under their own kind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django_scopes import scope, scopes_disabled

from pozytek.agreements.documents import agreement_text
from pozytek.competitions.models import Call
from pozytek.competitions.services import publish_call
from pozytek.competitions.states import CallRoute, CallState
from pozytek.core.record_kinds import record_kind
from pozytek.core.workflow import TransitionBlocked
from pozytek.evaluation.services.decision import record_decision
from pozytek.grants.models import Grant
from pozytek.grants.states import GrantSource
from pozytek.offers import services as offer_services
from pozytek.offers.models import Offer
from pozytek.offers.routes import route_of
from pozytek.offers.states import FundingRoute, OfferState
from tests.agreements.agreement_helpers import signed
from tests.competitions.test_views import pdf_text, valid_post
from tests.conftest import login_with_mfa
from tests.factories.competitions import CallFactory, PublishedCallFactory
from tests.factories.offers import complete_offer, ngo_member
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.integration

RESOLUTION_DATE = dt.date(2026, 11, 26)


def sport_call(tenant, **fields):
    values = {
        "tenant": tenant,
        "route": CallRoute.SPORT,
        "resolution_number": "XL/512/2026",
        "resolution_date": RESOLUTION_DATE,
        "total_funds": Decimal("100000.00"),
        "max_grant": Decimal("20000.00"),
    }
    values.update(fields)
    return PublishedCallFactory(**values)


def sport_grant(tenant, official) -> Grant:
    """A grant decided on a published Sport Act call, for a complete offer of a sports club."""
    call = sport_call(tenant)
    organisation = OrganisationFactory(
        listed_in=tenant,
        name="Klub Sportowy Orzeł",
        email="klub@example.org",
        bank_account="61109010140000071219812874",
    )
    author, organisation = ngo_member(organisation)
    offer, author = complete_offer(call, organisation=organisation, actor=author)
    with scopes_disabled():
        offer_services.submit_offer(offer=offer, actor=author)
        Offer.objects.filter(pk=offer.pk).update(state=OfferState.FORMALLY_ACCEPTED, requested_grant=Decimal("9000"))
        Call.objects.filter(pk=call.pk).update(
            state=CallState.CLOSED, offer_deadline=timezone.now() - dt.timedelta(days=3)
        )
        call = Call.objects.get(pk=call.pk)
    with scope(tenant=tenant):
        record_decision(
            call=call,
            actor=official,
            number="ZAR/SPORT/1/2027",
            date=timezone.localdate(),
            note="",
            amounts={offer.pk: Decimal("9000")},
            reasons={offer.pk: ""},
        )
    with scopes_disabled():
        return Grant.objects.select_related("offer", "offer__call", "tenant", "organisation").get(offer=offer)


def test_a_sport_act_call_is_published_only_with_the_council_resolution(tenant, official):
    call = CallFactory(tenant=tenant, route=CallRoute.SPORT)

    with scope(tenant=tenant), pytest.raises(TransitionBlocked) as blocked:
        publish_call(call=call, actor=official)

    assert sorted(p.section for p in blocked.value.problems) == ["resolution_date", "resolution_number"]
    with scope(tenant=tenant):
        Call.objects.filter(pk=call.pk).update(resolution_number="XL/512/2026", resolution_date=RESOLUTION_DATE)
        assert publish_call(call=Call.objects.get(pk=call.pk), actor=official).state == CallState.PUBLISHED


def test_an_open_competition_needs_no_resolution(tenant, official):
    call = CallFactory(tenant=tenant)

    with scope(tenant=tenant):
        assert publish_call(call=call, actor=official).state == CallState.PUBLISHED


def test_the_office_form_saves_the_legal_basis_and_the_resolution(client, tenant, official):
    login_with_mfa(client, official)
    data = valid_post()
    data.update(route="sport", resolution_number="XL/512/2026", resolution_date="2026-11-26")

    response = client.post(reverse("competitions_office:create", kwargs={"tenant_slug": tenant.slug}), data)

    assert response.status_code == 302
    with scopes_disabled():
        call = Call.objects.get(tenant=tenant)
    assert (call.route, call.resolution_number, call.resolution_date) == ("sport", "XL/512/2026", RESOLUTION_DATE)


def test_the_office_form_without_the_legal_basis_keeps_an_open_competition(client, tenant, official):
    login_with_mfa(client, official)

    response = client.post(reverse("competitions_office:create", kwargs={"tenant_slug": tenant.slug}), valid_post())

    assert response.status_code == 302
    with scopes_disabled():
        assert Call.objects.get(tenant=tenant).route == CallRoute.COMPETITION


def test_the_announcement_names_the_sport_act_and_the_resolution(client, tenant):
    call = sport_call(tenant)

    html = client.get(reverse("competitions:detail", kwargs={"tenant_slug": tenant.slug, "pk": call.pk})).content

    text = html.decode()
    expected = gettext(
        "%(name)s announces a call for applications for grants supporting sport, under art. 27–28 of the Act of "
        "25 June 2010 on sport, and resolution No %(number)s of the council of %(date)s."
    ) % {"name": tenant.name, "number": "XL/512/2026", "date": formats.date_format(RESOLUTION_DATE, "j E Y")}
    assert expected in text
    assert gettext("(art. 13 of the Act on public benefit activity and volunteering)") not in text


def test_the_announcement_pdf_names_the_sport_act_and_the_resolution(client, tenant):
    call = sport_call(tenant)

    pdf = client.get(reverse("competitions:pdf", kwargs={"tenant_slug": tenant.slug, "pk": call.pk}))

    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.content).split())  # lines wrap differently per language
    assert "XL/512/2026" in text
    assert gettext("Sport Act call no. %(number)s") % {"number": call.number} in text
    assert "art. 27–28" in text


def test_an_offer_on_the_call_is_on_the_sport_act_route_with_the_calls_rules(tenant):
    call = sport_call(tenant, max_grant=Decimal("15000.00"))
    author, organisation = ngo_member(OrganisationFactory(listed_in=tenant))

    with scope(tenant=tenant):
        offer = offer_services.start_offer(call=call, organisation=organisation, actor=author)

    with scopes_disabled():
        offer = Offer.objects.get(pk=offer.pk)
        route = route_of(offer)
        assert offer.call == call
        assert route.code == FundingRoute.SPORT
        assert route.legal_basis == "art. 28 ust. 1 ustawy z dnia 25 czerwca 2010 r. o sporcie"
        assert route.limits(offer).max_grant == Decimal("15000.00")
        assert route.deadline(offer) == call.offer_deadline
        assert route.mode(offer) == call.mode
        assert not route.is_competition and route.takes_call


def test_an_offer_in_an_open_competition_stays_on_the_competition_route(tenant):
    call = PublishedCallFactory(tenant=tenant)
    author, organisation = ngo_member(OrganisationFactory(listed_in=tenant))

    with scope(tenant=tenant):
        offer = offer_services.start_offer(call=call, organisation=organisation, actor=author)

    with scopes_disabled():
        assert route_of(Offer.objects.get(pk=offer.pk)).code == FundingRoute.COMPETITION


def test_the_register_and_the_agreement_name_the_sport_act(client, tenant, official):
    grant = sport_grant(tenant, official)

    assert grant.source == GrantSource.SPORT
    assert grant.call == grant.offer.call
    agreement = signed(grant, official)
    with scopes_disabled():
        preamble = " ".join(agreement_text(agreement).preamble)
    basis = gettext("art. 28 ust. 1 of the Act of 25 June 2010 on sport (the Act)")
    assert gettext("under %(basis)s, between:") % {"basis": basis} in preamble
    page = reverse("grants:register", kwargs={"tenant_slug": tenant.slug})
    html = client.get(page, {"year": grant.year}).content.decode()
    assert reverse("competitions:detail", kwargs={"tenant_slug": tenant.slug, "pk": grant.call_id}) in html


def test_the_programme_report_counts_sport_grants_under_their_own_kind(tenant, official):
    grant = sport_grant(tenant, official)
    competition = PublishedCallFactory(tenant=tenant)

    with scope(tenant=tenant):
        sport = list(record_kind("sport_act_call").list_records(tenant, grant.year))
        competitions = list(record_kind("open_competition").list_records(tenant, timezone.localdate().year))

    assert [(r.pk, r.amount) for r in sport] == [(grant.call_id, Decimal("9000.00"))]
    assert grant.call_id not in [r.pk for r in competitions]
    assert competition.pk in [r.pk for r in competitions]
