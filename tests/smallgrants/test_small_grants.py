"""Small grants (art. 19a) through the services: the publication due in working days, comments only in the
window, the decision on purposefulness after it, and the limits with the values in force on the day that
matters (both sides of the 2026 amendment), computed from the grants register."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pozytek.core.models import AuditEvent
from pozytek.grants.models import Grant
from pozytek.legal.working_days import add_working_days
from pozytek.offers import services as offer_services
from pozytek.offers.models import Offer
from pozytek.offers.routes import route_of
from pozytek.offers.states import OfferState
from pozytek.smallgrants.models import Publication, SmallGrantComment, SmallGrantScheme
from pozytek.smallgrants.selectors import organisation_year_sum, pool_meter
from pozytek.smallgrants.services import (
    add_comment,
    decide_small_grant,
    limit_problems,
    publish_for_comments,
    save_scheme,
)
from pozytek.smallgrants.states import PublicationState
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer, fill
from tests.offers.test_funding_routes import small_grant_offer

AMENDMENT = dt.date(2026, 9, 1)


def submitted(tenant, **kwargs) -> tuple[Offer, object]:
    offer, author = small_grant_offer(tenant, **kwargs)
    offer = fill(offer, author)
    with scopes_disabled():
        offer_services.submit_offer(offer=offer, actor=author)
        return Offer.objects.get(pk=offer.pk), author


def publication_of(offer) -> Publication:
    with scopes_disabled():
        return Publication.objects.select_related("offer", "tenant").get(offer=offer)


def scheme(tenant, official, year, budget="100000.00") -> SmallGrantScheme:
    with scope(tenant=tenant):
        return save_scheme(
            tenant=tenant, year=year, actor=official, data={"grants_budget": Decimal(budget), "published": True}
        )


def close_window(publication) -> Publication:
    """Test setup: the comment window ended yesterday (dates moved back, not the clock)."""
    with scopes_disabled():
        Publication.objects.filter(pk=publication.pk).update(
            published_at=timezone.now() - dt.timedelta(days=9),
            comments_until=timezone.localdate() - dt.timedelta(days=1),
        )
        return Publication.objects.select_related("offer", "tenant").get(pk=publication.pk)


def decide(publication, official, *, purposeful=True, reason="Zadanie celowe: uwag nie zgłoszono."):
    with scope(tenant=publication.tenant):
        return decide_small_grant(
            publication=publication,
            actor=official,
            purposeful=purposeful,
            reason=reason,
            number="ZAR/19a/7/2026",
            date=timezone.localdate(),
        )


# Working days --------------------------------------------------------------------------------------


def test_working_days_skip_weekends_and_polish_holidays():
    # Friday 18 December 2026: 24–26 December are holidays (24th from 2025), 19–20 and 26–27 weekends.
    assert add_working_days(dt.date(2026, 12, 18), 7) == dt.date(2026, 12, 31)
    # Around 1 and 3 May: Friday 1 May and Sunday 3 May 2026.
    assert add_working_days(dt.date(2026, 4, 30), 1) == dt.date(2026, 5, 4)
    assert add_working_days(dt.date(2026, 3, 2), 0) == dt.date(2026, 3, 2)


# Publication and comments ---------------------------------------------------------------------------


def test_a_submitted_small_grant_is_due_for_publication_within_seven_working_days(tenant):
    offer, _author = submitted(tenant)
    publication = publication_of(offer)
    received = timezone.localdate(offer.submitted_at)
    assert publication.state == PublicationState.PENDING
    assert publication.received_on == received
    assert publication.publish_by == add_working_days(received, 7)


def test_a_competition_offer_gets_no_publication(tenant):
    offer, author = complete_offer(PublishedCallFactory(tenant=tenant))
    with scopes_disabled():
        offer_services.submit_offer(offer=offer, actor=author)
        assert Offer.objects.get(pk=offer.pk).state == OfferState.SUBMITTED
        assert not Publication.objects.exists()


def test_publishing_opens_a_seven_day_window_for_comments(tenant, official, resident):
    offer, _author = submitted(tenant)
    with scope(tenant=tenant):
        publication = publish_for_comments(publication=publication_of(offer), actor=official)
    assert publication.state == PublicationState.PUBLISHED
    assert publication.comments_until == timezone.localdate() + dt.timedelta(days=7)
    with scope(tenant=tenant):
        add_comment(publication=publication, actor=resident, author_name="Jan Mieszkaniec", text="Dobry pomysł.")
        assert SmallGrantComment.objects.filter(publication=publication).count() == 1


def test_only_the_office_publishes(tenant, resident):
    offer, author = submitted(tenant)
    with scope(tenant=tenant), pytest.raises(PermissionDenied):
        publish_for_comments(publication=publication_of(offer), actor=author)


def test_a_comment_after_the_window_is_refused_and_nothing_is_saved(tenant, official, resident):
    offer, _author = submitted(tenant)
    with scope(tenant=tenant):
        publish_for_comments(publication=publication_of(offer), actor=official)
    publication = close_window(publication_of(offer))
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as refused:
            add_comment(publication=publication, actor=resident, author_name="Jan", text="Za późno?")
        assert list(refused.value.message_dict) == ["__all__"]
        assert not SmallGrantComment.objects.exists()


def test_a_comment_before_publication_is_refused(tenant, resident):
    offer, _author = submitted(tenant)
    with scope(tenant=tenant), pytest.raises(ValidationError):
        add_comment(publication=publication_of(offer), actor=resident, author_name="Jan", text="Uwaga")


# The decision ---------------------------------------------------------------------------------------


def test_the_decision_waits_for_the_end_of_the_window(tenant, official):
    offer, _author = submitted(tenant)
    scheme(tenant, official, offer.start_date.year)
    with scope(tenant=tenant):
        publication = publish_for_comments(publication=publication_of(offer), actor=official)
    with pytest.raises(ValidationError) as refused:
        decide(publication, official)
    assert "__all__" in refused.value.message_dict
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).state == OfferState.SUBMITTED


def test_a_purposeful_task_is_awarded_and_enters_the_register(tenant, official):
    offer, _author = submitted(tenant)
    scheme(tenant, official, offer.start_date.year)
    with scope(tenant=tenant):
        publish_for_comments(publication=publication_of(offer), actor=official)
    moved = decide(close_window(publication_of(offer)), official)
    assert moved.state == OfferState.AWARDED
    with scopes_disabled():
        grant = Grant.objects.get(offer=offer)
        assert grant.amount_awarded == offer.requested_grant
        assert AuditEvent.objects.filter(action="smallgrants.decision").count() == 1
    with scope(tenant=tenant):
        meter = pool_meter(tenant, offer.start_date.year)
    assert meter.used == offer.requested_grant
    assert meter.cap == Decimal("30000.00")  # 30 % of 100 000 (the 2026 value)


def test_a_decision_needs_a_reason(tenant, official):
    offer, _author = submitted(tenant)
    scheme(tenant, official, offer.start_date.year)
    with scope(tenant=tenant):
        publish_for_comments(publication=publication_of(offer), actor=official)
    with pytest.raises(ValidationError) as refused:
        decide(close_window(publication_of(offer)), official, reason="  ")
    assert "reason" in refused.value.message_dict


def test_not_purposeful_gives_no_grant(tenant, official):
    offer, _author = submitted(tenant)
    with scope(tenant=tenant):
        publish_for_comments(publication=publication_of(offer), actor=official)
    moved = decide(close_window(publication_of(offer)), official, purposeful=False, reason="Brak celowości.")
    assert moved.state == OfferState.NOT_AWARDED
    with scopes_disabled():
        assert not Grant.objects.filter(offer=offer).exists()


def test_the_pool_cannot_be_checked_without_the_years_funds(tenant, official):
    offer, _author = submitted(tenant)
    with scope(tenant=tenant):
        publish_for_comments(publication=publication_of(offer), actor=official)
    with pytest.raises(ValidationError):
        decide(close_window(publication_of(offer)), official)


# Limits on both sides of the amendment ----------------------------------------------------------------


def test_the_organisations_yearly_sum_one_grosz_over_is_refused(tenant, official):
    offer, _author = submitted(tenant)
    year = offer.start_date.year
    scheme(tenant, official, year, budget="1000000.00")
    with scope(tenant=tenant):
        # The 2026 limit is 40 000 zł (nothing given yet): 40 000 passes, one grosz more does not.
        assert limit_problems(offer, Decimal("40000.00"), on=AMENDMENT) == []
        over = limit_problems(offer, Decimal("40000.01"), on=AMENDMENT)
        assert len(over) == 1 and "40 000,00" in over[0].message
        # Before the amendment the limit was 20 000 zł.
        assert limit_problems(offer, Decimal("20000.00"), on=AMENDMENT - dt.timedelta(days=1)) == []
        assert len(limit_problems(offer, Decimal("20000.01"), on=AMENDMENT - dt.timedelta(days=1))) == 1
        assert organisation_year_sum(tenant, offer.organisation, year) == Decimal(0)


def test_the_pool_share_follows_the_date(tenant, official):
    offer, _author = submitted(tenant)
    scheme(tenant, official, offer.start_date.year, budget="50000.00")
    with scope(tenant=tenant):
        # 20 % of 50 000 before the amendment, 30 % from it.
        assert pool_meter(tenant, offer.start_date.year, on=AMENDMENT - dt.timedelta(days=1)).cap == Decimal("10000.00")
        assert pool_meter(tenant, offer.start_date.year, on=AMENDMENT).cap == Decimal("15000.00")
        assert limit_problems(offer, Decimal("15000.00"), on=AMENDMENT) == []
        assert len(limit_problems(offer, Decimal("15000.01"), on=AMENDMENT)) == 1


def test_ninety_one_days_under_the_old_rules_is_refused_and_allowed_after(tenant):
    offer, _author = small_grant_offer(tenant)
    offer.start_date = dt.date(2026, 6, 1)
    offer.end_date = offer.start_date + dt.timedelta(days=90)  # 91 days counting both ends
    with scopes_disabled():
        offer.submitted_at = dt.datetime(2026, 8, 31, 12, tzinfo=dt.UTC)
        old = route_of(offer).submission_problems(offer)
        offer.submitted_at = dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC)
        new = route_of(offer).submission_problems(offer)
        offer.end_date = offer.start_date + dt.timedelta(days=89)
        offer.submitted_at = dt.datetime(2026, 8, 31, 12, tzinfo=dt.UTC)
        ninety = route_of(offer).submission_problems(offer)
    assert [p.section for p in old] == ["task"] and "90" in old[0].message
    assert new == []
    assert ninety == []


def test_the_yearly_sum_blocks_submission_but_a_missing_pool_does_not(tenant, official):
    first, _author = submitted(tenant)
    year = first.start_date.year
    with scopes_disabled():
        Grant.objects.create(
            tenant=tenant,
            organisation=first.organisation,
            organisation_name=first.organisation.name,
            task_title="Wcześniejszy mały grant",
            source="small_grant",
            year=year,
            amount_awarded=Decimal("39000.00"),
        )
        second = offer_services.start_offer(
            route="small_grant",
            tenant=tenant,
            organisation=first.organisation,
            actor=first.created_by,
            mode=first.mode,
            sphere=first.sphere,
            title="Drugi mały grant",
        )
    second = fill(second, first.created_by)
    with scopes_disabled():
        problems = route_of(second).submission_problems(second)
    assert len(problems) == 1 and problems[0].section == "sources"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_cannot_both_exceed_the_pool(tenant):
    from pozytek.accounts.models import Role
    from tests.factories.accounts import MembershipFactory

    official = MembershipFactory(tenant=tenant, role=Role.OFFICIAL).user
    first, _a = submitted(tenant)
    year = first.start_date.year
    second, _b = submitted(tenant)
    # A pool that holds one of the two grants but not both.
    scheme(
        tenant,
        official,
        year,
        budget=str((first.requested_grant * Decimal("1.5") / Decimal("0.30")).quantize(Decimal("0.01"))),
    )
    publications = []
    for offer in (first, second):
        with scope(tenant=tenant):
            publish_for_comments(publication=publication_of(offer), actor=official)
        publications.append(close_window(publication_of(offer)))
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def run(publication) -> None:
        from django.db import connections

        try:
            barrier.wait()
            decide(publication, official)
            outcomes.append("awarded")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(p,)) for p in publications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["awarded", "refused"]
    with scopes_disabled():
        assert Grant.objects.filter(source="small_grant").count() == 1
