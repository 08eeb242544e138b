"""Funding routes (tryby): how an offer reaches a grant, and the rules each route sets.

An offer answers a route (`Offer.route`, `FundingRoute`):

- open competition (otwarty konkurs ofert, art. 11–15 of the Act of 24 April 2003): the offer answers a
  `Call`, whose announcement sets the deadline, the grant limits, own contribution, admin-cost cap,
  delivery period, attachments, mode and spheres;
- small grant outside competition (tryb pozakonkursowy, małe granty, art. 19a): no call and no call
  deadline; the grant is capped by the legal parameter `small_grant.max_amount` in force when filed;
- an operator's sub-call (regranting, art. 16a): the operator's own call, not a `Call` of the office;
- local initiative (inicjatywa lokalna, art. 19b–19h);
- a call under the Sport Act (ustawa o sporcie, art. 28 ust. 1), on the council's resolution.

Every place that used to read `offer.call.<rule>` asks the route instead: `route_of(offer).limits(offer)`,
`.deadline_passed(offer)`, `.open_problems(offer)`, `.mode(offer)`, `.spheres(offer)`. Outside a
competition the mode (wspieranie / powierzanie) and the sphere are the offer's own columns.
The offer template (`offer_template(offer)`, its sections `sections(offer)`) is the 2018 full offer (Annex 1
of Dz.U. 2018 poz. 2057) on every route but the small grant, which uses the simplified offer of art. 19a
(Annex 1 of Dz.U. 2018 poz. 2055).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pozytek.competitions.states import CallState
from pozytek.core.workflow import Problem
from pozytek.legal.selectors import LegalParameterMissing, legal_value
from pozytek.offers.deadlines import closed_message
from pozytek.offers.sections import FULL_OFFER, SIMPLIFIED_OFFER, OfferTemplate, Section
from pozytek.offers.selectors import deadline_passed
from pozytek.offers.states import FundingRoute

ACT = "ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie"
FULL_OFFER_TEMPLATE = FULL_OFFER.citation
SIMPLIFIED_OFFER_TEMPLATE = SIMPLIFIED_OFFER.citation


@dataclass(frozen=True)
class Limits:
    """What an offer is checked against before submission (the call's rules in a competition)."""

    min_grant: Decimal | None = None
    max_grant: Decimal | None = None
    min_own_total: Decimal | None = None
    min_own_financial: Decimal | None = None
    min_own_personal: Decimal | None = None
    admin_costs_cap: Decimal | None = None
    delivery_start: dt.date | None = None
    delivery_end: dt.date | None = None
    requires_results_table: bool = False
    attachment_list: tuple[str, ...] = ()
    eligible_entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    """The rules of a route without a call: always open, no deadline, no limits but the law's."""

    code: FundingRoute
    legal_basis: str  # the citation printed on the offer (Polish, as in the documents of the law)
    agreement_basis: str | Promise  # the agreement's "under …" line
    form: OfferTemplate = FULL_OFFER  # the offer template of the route's offers

    @property
    def label(self) -> str:
        return str(self.code.label)

    @property
    def template(self) -> str:
        """The citation of the offer template this route uses (frozen in every version's snapshot)."""
        return self.form.citation

    def offer_template(self, offer: Any) -> OfferTemplate:
        """The template `offer` is written on: its sections, checks, pages and printed layout follow it."""
        return self.form

    def sections(self, offer: Any) -> tuple[Section, ...]:
        return self.offer_template(offer).sections

    @property
    def is_competition(self) -> bool:
        """An open competition of the Act (art. 11–15); a Sport Act call answers a call too (`takes_call`)
        but is not one: its agreement names the Sport Act."""
        return self.code == FundingRoute.COMPETITION

    @property
    def takes_call(self) -> bool:
        """The route's offers answer a `Call` (an open competition, a Sport Act call)."""
        return False

    def call(self, offer: Any) -> Any:
        return None

    def deadline(self, offer: Any) -> dt.datetime | None:
        """The moment offers can no longer be submitted (none outside a competition)."""
        return None

    def deadline_passed(self, offer: Any) -> bool:
        deadline = self.deadline(offer)
        return deadline is not None and timezone.now() >= deadline

    def deadline_problems(self, offer: Any) -> list[Problem]:
        """Why the offer cannot be submitted or withdrawn any more (tied to the "deadline" section)."""
        return []

    def open_problems(self, offer: Any) -> list[Problem]:
        """Why the route takes no offers now: its deadline, then its state."""
        return self.deadline_problems(offer)

    def evaluation_problems(self, offer: Any) -> list[Problem]:
        """Why the formal check cannot start yet (a competition waits for its deadline)."""
        return []

    def submission_problems(self, offer: Any) -> list[Problem]:
        """The route's own limits checked at submission, besides the offer's completeness: the checks
        that apps above this one registered for the route (`register_submission_check`)."""
        return [problem for check in _SUBMISSION_CHECKS.get(self.code.value, ()) for problem in check(offer)]

    def limits(self, offer: Any) -> Limits:
        return Limits()

    def mode(self, offer: Any) -> str:
        """Supporting (wspieranie) or entrusting (powierzanie), "" when not said."""
        return str(offer.mode or "")

    def spheres(self, offer: Any) -> list[Any]:
        """The task's spheres of public tasks (art. 4), the main one first."""
        return [offer.sphere] if offer.sphere_id else []

    def task_type(self, offer: Any) -> str:
        """Section I.2 of the offer, "type of public task"."""
        spheres = self.spheres(offer)
        return str(spheres[0].name) if spheres else ""


@dataclass(frozen=True)
class CompetitionRoute(Route):
    """Open competition (art. 11–15): everything comes from the call's announcement (art. 13)."""

    @property
    def takes_call(self) -> bool:
        return True

    def call(self, offer: Any) -> Any:
        return offer.call

    def deadline(self, offer: Any) -> dt.datetime | None:
        deadline: dt.datetime | None = offer.call.offer_deadline
        return deadline

    def deadline_passed(self, offer: Any) -> bool:
        return deadline_passed(offer.call)

    def deadline_problems(self, offer: Any) -> list[Problem]:
        if deadline_passed(offer.call):
            return [Problem(closed_message(offer.call), "deadline")]
        return []

    def open_problems(self, offer: Any) -> list[Problem]:
        """The deadline, then the call's state: a call no longer published (cancelled under art. 18a,
        or closed) takes no offers, even before its deadline."""
        problems = self.deadline_problems(offer)
        if not problems and offer.call.state != CallState.PUBLISHED:
            problems = [Problem(_("This call is not open for offers."), "deadline")]
        return problems

    def evaluation_problems(self, offer: Any) -> list[Problem]:
        if not deadline_passed(offer.call):
            return [Problem(_("The formal check starts after the offer deadline."), "deadline")]
        return []

    def limits(self, offer: Any) -> Limits:
        call = offer.call
        return Limits(
            min_grant=call.min_grant,
            max_grant=call.max_grant,
            min_own_total=call.min_own_total,
            min_own_financial=call.min_own_financial,
            min_own_personal=call.min_own_personal,
            admin_costs_cap=call.admin_costs_cap,
            delivery_start=call.delivery_start,
            delivery_end=call.delivery_end,
            requires_results_table=call.requires_results_table,
            attachment_list=tuple(call.attachment_list or ()),
            eligible_entities=tuple(call.eligible_entities or ()),
        )

    def mode(self, offer: Any) -> str:
        return str(offer.call.mode or "")

    def spheres(self, offer: Any) -> list[Any]:
        return list(offer.call.spheres.order_by("pk"))

    def task_type(self, offer: Any) -> str:
        return str(offer.call.task_type or "")


@dataclass(frozen=True)
class SmallGrantRoute(Route):
    """Small grant outside competition (art. 19a): always open; the grant per task is capped by the
    law in force when the offer is filed (offers filed before the 2026 amendment keep the old cap).
    The offer is the simplified one (Dz.U. 2018 poz. 2055)."""

    form: OfferTemplate = SIMPLIFIED_OFFER

    def limits(self, offer: Any) -> Limits:
        filed = timezone.localdate(offer.submitted_at) if offer.submitted_at else timezone.localdate()
        try:
            cap: Decimal | None = legal_value("small_grant.max_amount", on=filed, tenant=offer.tenant)
        except LegalParameterMissing:
            cap = None
        return Limits(max_grant=cap)

    def submission_problems(self, offer: Any) -> list[Problem]:
        """The task's duration under the rules in force when the offer is filed (the 90-day limit was
        repealed by the 2026 amendment; an offer filed before keeps it), then the registered checks."""
        filed = timezone.localdate(offer.submitted_at) if offer.submitted_at else timezone.localdate()
        problems = []
        try:
            longest = int(legal_value("small_grant.max_duration_days", on=filed, tenant=offer.tenant))
        except LegalParameterMissing:
            longest = 0
        if longest and offer.start_date and offer.end_date and (offer.end_date - offer.start_date).days + 1 > longest:
            problems.append(
                Problem(
                    _(
                        "Outside a competition the task may last at most %(days)d days "
                        "(from %(start)s to %(end)s is %(n)d)."
                    )
                    % {
                        "days": longest,
                        "start": offer.start_date.strftime("%d.%m.%Y"),
                        "end": offer.end_date.strftime("%d.%m.%Y"),
                        "n": (offer.end_date - offer.start_date).days + 1,
                    },
                    "task",
                )
            )
        return problems + super().submission_problems(offer)


@dataclass(frozen=True)
class SportRoute(CompetitionRoute):
    """A call under the Sport Act (art. 27–28 of the Act of 25 June 2010 on sport): the call sets the
    deadline, limits, spheres and mode as a competition's announcement does (its conditions come from the
    council's resolution, art. 27 ust. 2), the offers go through the same formal check and commission; the
    offer, the agreement and the register name the Sport Act (art. 28 ust. 1)."""


def _route(code: FundingRoute, basis: str, agreement: str | Promise, kind: type[Route] = Route) -> Route:
    return kind(code=code, legal_basis=basis, agreement_basis=agreement)


ROUTES: dict[str, Route] = {
    route.code.value: route
    for route in (
        _route(
            FundingRoute.COMPETITION,
            f"art. 11–15 {ACT}",
            gettext_lazy(
                "art. 16 ust. 1 of the Act of 24 April 2003 on public benefit activity and volunteering (the Act)"
            ),
            CompetitionRoute,
        ),
        _route(
            FundingRoute.SMALL_GRANT,
            f"art. 19a {ACT}",
            gettext_lazy(
                "art. 16 ust. 1 in connection with art. 19a of the Act of 24 April 2003 on public benefit activity "
                "and volunteering (the Act)"
            ),
            SmallGrantRoute,
        ),
        _route(
            FundingRoute.SUB_CALL,
            f"art. 16a {ACT}",
            gettext_lazy("art. 16a of the Act of 24 April 2003 on public benefit activity and volunteering (the Act)"),
        ),
        _route(
            FundingRoute.LOCAL_INITIATIVE,
            f"art. 19b–19h {ACT}",
            gettext_lazy("art. 19e of the Act of 24 April 2003 on public benefit activity and volunteering (the Act)"),
        ),
        _route(
            FundingRoute.SPORT,
            "art. 28 ust. 1 ustawy z dnia 25 czerwca 2010 r. o sporcie",
            gettext_lazy("art. 28 ust. 1 of the Act of 25 June 2010 on sport (the Act)"),
            SportRoute,
        ),
    )
}


# Checks of a route that need records above this app (e.g. the grants register's sums for a small grant):
# registered from the checking app's `ready()`, so this app imports none of them.
_SUBMISSION_CHECKS: dict[str, list[Callable[[Any], list[Problem]]]] = {}


def register_submission_check(route: str, check: Callable[[Any], list[Problem]]) -> None:
    """Run `check(offer)` when an offer on `route` (a FundingRoute value) is submitted."""
    checks = _SUBMISSION_CHECKS.setdefault(str(route), [])
    if check not in checks:
        checks.append(check)


def route_named(code: str) -> Route:
    """The rules of the route `code` (a FundingRoute value); KeyError for an unknown one."""
    return ROUTES[str(code)]


def route_for_call(call: Any) -> Route:
    """The route of the offers answering `call`: the Sport Act for a Sport Act call, else a competition."""
    return ROUTES[FundingRoute.SPORT if call.route == FundingRoute.SPORT else FundingRoute.COMPETITION]


def stored_route(rules: Route) -> FundingRoute:
    """The `Offer.route` an offer on `rules` is saved with: the route's own code (a Sport Act call's offers are
    on the Sport Act route, with their call)."""
    return rules.code


def route_of(offer: Any) -> Route:
    """The rules of the offer's route (a competition for offers stored before routes existed)."""
    return ROUTES[str(getattr(offer, "route", "") or FundingRoute.COMPETITION)]
