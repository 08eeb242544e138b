"""What must be true before an offer can be submitted: every problem tied to its section.

The same list fills the offer's checklist page and blocks the submit transition. The route's
rules (offers/routes.py: in a competition the call's grant limits, own contribution, administrative
cap, delivery bounds; on a small grant the law's cap) are checked here against the server's own sums.
"""

from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pozytek.core.money import format_amount
from pozytek.core.workflow import Problem
from pozytek.offers.budget import money, share, task_years
from pozytek.offers.models import Offer
from pozytek.offers.routes import route_of
from pozytek.offers.sections import OfferTemplate
from pozytek.offers.selectors import OfferFacts, facts_of
from pozytek.offers.states import TEMPLATE_YEAR_COLUMNS, CostCategory, PaidActivity


def _pln(value: Decimal) -> str:
    return format_amount(value, currency=True)


def _pct(value: Decimal) -> str:
    """A percentage as people write it: "10", "12,5", "4,76" (never "1E+1" from Decimal.normalize())."""
    exponent = value.normalize().as_tuple().exponent
    places = max(-exponent, 0) if isinstance(exponent, int) else 0
    return str(formats.number_format(value, places, use_l10n=True))


def _date(value: Any) -> str:
    return str(formats.date_format(value, "j E Y"))


def offerors_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    problems = []
    offerors = (facts or OfferFacts(offer)).offerors
    if offer.organisation.excluded_art_3_4:
        problems.append(
            Problem(_("Organisations excluded by art. 3 ust. 4 of the Act cannot receive grants."), "offerors")
        )
    if not offerors:
        problems.append(Problem(_("Enter the offeror's data."), "offerors"))
    for offeror in offerors:
        if not offeror.address:
            problems.append(
                Problem(_("Enter the registered address of %(name)s.") % {"name": offeror.name}, "offerors")
            )
    if not offer.contact_name or not (offer.contact_phone or offer.contact_email):
        problems.append(
            Problem(_("Name the person authorised to give explanations, with a telephone or e-mail."), "offerors")
        )
    return problems


def task_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    call, problems = route_of(offer).limits(offer), []
    for field, message in (
        ("title", _("Enter the title of the task.")),
        ("start_date", _("Enter the start date of the task.")),
        ("end_date", _("Enter the end date of the task.")),
        ("summary", _("Write the summary of the task.")),
        ("expected_results", _("Describe the expected results.")),
    ):
        if not getattr(offer, field):
            problems.append(Problem(message, "task"))
    start, end = offer.start_date, offer.end_date
    if start and end and start > end:
        problems.append(Problem(_("The task cannot end before it starts."), "task"))
    if start and call.delivery_start and start < call.delivery_start:
        problems.append(
            Problem(
                _("The task cannot start before %(date)s (the call's bounds).") % {"date": _date(call.delivery_start)},
                "task",
            )
        )
    if end and call.delivery_end and end > call.delivery_end:
        problems.append(
            Problem(
                _("The task must end by %(date)s (the call's bounds).") % {"date": _date(call.delivery_end)}, "task"
            )
        )
    if len(task_years(start, end)) > TEMPLATE_YEAR_COLUMNS:
        problems.append(
            Problem(
                ngettext(
                    "The offer template has room for a task of %(n)d calendar year.",
                    "The offer template has room for a task of at most %(n)d calendar years.",
                    TEMPLATE_YEAR_COLUMNS,
                )
                % {"n": TEMPLATE_YEAR_COLUMNS},
                "task",
            )
        )
    return problems


def actions_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    facts = facts or OfferFacts(offer)
    actions, problems = facts.actions, []
    for year in task_years(offer.start_date, offer.end_date):
        if not any(a.year == year for a in actions):
            problems.append(Problem(_("Plan at least one action for %(year)d.") % {"year": year}, "actions"))
    if not actions and not offer.start_date:
        problems.append(Problem(_("Plan at least one action."), "actions"))
    years = set(task_years(offer.start_date, offer.end_date))
    if years and any(a.year not in years for a in actions):
        problems.append(Problem(_("Some actions are planned in a year outside the task's dates."), "actions"))
    if facts.offeror_count > 1 and any(a.offeror_id is None for a in actions):
        problems.append(Problem(_("In a joint offer, name the offeror responsible for every action."), "actions"))
    return problems


def results_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    if route_of(offer).limits(offer).requires_results_table and not (facts or OfferFacts(offer)).results:
        return [Problem(_("The call asks for the results table: add at least one result."), "results")]
    return []


def characteristics_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    problems = []
    if not offer.previous_activity:
        problems.append(Problem(_("Describe the offeror's previous activity."), "characteristics"))
    if not offer.resources:
        problems.append(Problem(_("Describe the resources that will be used."), "characteristics"))
    return problems


def costs_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    call, problems, facts = route_of(offer).limits(offer), [], facts or OfferFacts(offer)
    lines = facts.cost_lines
    if not any(line.category == CostCategory.ACTION for line in lines):
        problems.append(Problem(_("Add at least one cost of an action."), "costs"))
    if any(line.category == CostCategory.ACTION and line.action_id is None for line in lines):
        problems.append(Problem(_("Every cost of an action must belong to an action."), "costs"))
    budget = facts.budget
    if budget.year_count > 1:
        for group in [*budget.action_groups, budget.admin]:
            for line in group.lines:
                if sum(line.year_values(budget.year_count), Decimal(0)) != line.total:
                    problems.append(
                        Problem(
                            _("The values per year of “%(name)s” must add up to %(total)s.")
                            % {"name": line.name, "total": _pln(line.total)},
                            "costs",
                        )
                    )
    if facts.offeror_count > 1 and any(line.offeror_id is None for line in lines):
        problems.append(Problem(_("In a joint offer, name the offeror of every cost."), "costs"))
    if call.admin_costs_cap is not None and budget.total:
        cap = money(budget.total * call.admin_costs_cap / 100)
        if budget.admin_total > cap:
            problems.append(
                Problem(
                    _("Administrative costs are %(admin)s (%(share)s%%); the call allows at most %(cap)s%% (%(max)s).")
                    % {
                        "admin": _pln(budget.admin_total),
                        "share": _pct(share(budget.admin_total, budget.total)),
                        "cap": _pct(call.admin_costs_cap),
                        "max": _pln(cap),
                    },
                    "costs",
                )
            )
    return problems


def sources_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    call, problems = route_of(offer).limits(offer), []
    budget = (facts or OfferFacts(offer)).budget
    total, s = budget.total, budget.sources
    if offer.requested_grant is None:
        problems.append(Problem(_("Enter the planned grant."), "sources"))
    if call.min_grant is not None and s.grant < call.min_grant:
        problems.append(Problem(_("The grant must be at least %(min)s.") % {"min": _pln(call.min_grant)}, "sources"))
    if call.max_grant is not None and s.grant > call.max_grant:
        problems.append(Problem(_("The grant cannot exceed %(max)s.") % {"max": _pln(call.max_grant)}, "sources"))
    if s.total != total:
        problems.append(
            Problem(
                _("The funding sources add up to %(sources)s but the costs are %(costs)s; the difference is %(diff)s.")
                % {"sources": _pln(s.total), "costs": _pln(total), "diff": _pln(total - s.total)},
                "sources",
            )
        )
    for minimum, value, message in (
        (call.min_own_total, s.own_total, _("The own contribution must be at least %(pct)s%% of costs (%(min)s).")),
        (
            call.min_own_financial,
            s.own_financial,
            _("The own financial contribution must be at least %(pct)s%% of costs (%(min)s)."),
        ),
        (
            call.min_own_personal,
            s.own_personal,
            _("The own personal contribution must be at least %(pct)s%% of costs (%(min)s)."),
        ),
    ):
        if minimum and total:
            required = money(total * minimum / 100)
            if value < required:
                problems.append(Problem(message % {"pct": _pct(minimum), "min": _pln(required)}, "sources"))
    if s.beneficiary_fees and offer.paid_activity == PaidActivity.FREE:
        problems.append(
            Problem(
                _("Payments from beneficiaries are possible only when the task is delivered for payment."), "sources"
            )
        )
    return problems


def other_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    problems = []
    if not offer.paid_activity:
        problems.append(Problem(_("Say whether the task is delivered free of charge or for payment."), "other"))
    if (facts or OfferFacts(offer)).offeror_count > 1 and not offer.joint_arrangements:
        problems.append(
            Problem(_("Describe the actions of each offeror and how they are represented (joint offer)."), "other")
        )
    return problems


def statements_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    return _statements(offer, _("Confirm every statement of section VII."))


def _statements(offer: Offer, confirm_all: str) -> list[Problem]:
    """The statements (VII of the full offer, V of the simplified one): the arrears answered, the rest confirmed."""
    problems = []
    if offer.tax_arrears is None or offer.social_insurance_arrears is None:
        problems.append(Problem(_("Answer the statements on tax and social insurance arrears."), "statements"))
    if not all(
        (
            offer.statement_public_benefit,
            offer.statement_fees,
            offer.statement_register,
            offer.statement_true,
            offer.statement_gdpr,
        )
    ):
        problems.append(Problem(confirm_all, "statements"))
    return problems


def attachments_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    labels = {a.label for a in (facts or OfferFacts(offer)).attachments}
    return [
        Problem(_("Attach: %(name)s.") % {"name": required}, "attachments")
        for required in route_of(offer).limits(offer).attachment_list
        if required not in labels
    ]


# The simplified offer (art. 19a, Dz.U. 2018 poz. 2055) ----------------------------------------------------


def simplified_offerors_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    facts = facts or OfferFacts(offer)
    problems = offerors_problems(offer, facts)
    if facts.offeror_count > 1:
        problems.append(Problem(_("A simplified offer has a single offeror (it cannot be a joint offer)."), "offerors"))
    return problems


def simplified_actions_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    if not (facts or OfferFacts(offer)).actions:
        return [Problem(_("Plan at least one action."), "actions")]
    return []


def simplified_costs_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    """IV.1: at least one cost; the grant's part of each within its value; the parts add up to the planned grant
    (once any is given)."""
    budget, problems = (facts or OfferFacts(offer)).budget, []
    lines = budget.lines
    if not lines:
        problems.append(Problem(_("Add at least one cost."), "costs"))
    for line in lines:
        if line.grant_part > line.total:
            problems.append(
                Problem(
                    _("The part of “%(name)s” paid from the grant cannot exceed its value (%(total)s).")
                    % {"name": line.name, "total": _pln(line.total)},
                    "costs",
                )
            )
    # The split is checked once any cost names its grant part (costs written for the full offer name none).
    named = any(line.grant is not None for line in lines)
    if named and offer.requested_grant is not None and budget.lines_grant_total != budget.sources.grant:
        problems.append(
            Problem(
                _(
                    "The parts of the costs paid from the grant add up to %(parts)s but the planned grant "
                    "(IV.2) is %(grant)s."
                )
                % {"parts": _pln(budget.lines_grant_total), "grant": _pln(budget.sources.grant)},
                "costs",
            )
        )
    return problems


def simplified_statements_problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    return _statements(offer, _("Confirm every statement of section V."))


SIMPLIFIED_CHECKS = (
    simplified_offerors_problems,
    task_problems,
    simplified_actions_problems,
    simplified_costs_problems,
    sources_problems,
    simplified_statements_problems,
    attachments_problems,
)


def section_checks(template: OfferTemplate) -> dict[str, Any]:
    """The check of each section of `template`, by section key (each reports only its own section)."""
    return _SECTION_CHECKS["simplified" if template.simplified else "full"]


CHECKS = (
    offerors_problems,
    task_problems,
    actions_problems,
    results_problems,
    characteristics_problems,
    costs_problems,
    sources_problems,
    other_problems,
    statements_problems,
    attachments_problems,
)


_SECTION_CHECKS: dict[str, dict[str, Any]] = {
    code: {check.__name__.removesuffix("_problems").removeprefix("simplified_"): check for check in checks}
    for code, checks in (("full", CHECKS), ("simplified", SIMPLIFIED_CHECKS))
}


def problems(offer: Offer, facts: OfferFacts | None = None) -> list[Problem]:
    """Every reason the offer cannot be submitted yet, in the order of the template's sections."""
    # One OfferFacts for all checks: the rows and the budget are read once, not once per check.
    facts = facts or facts_of(offer)
    checks = SIMPLIFIED_CHECKS if route_of(offer).offer_template(offer).simplified else CHECKS
    return [problem for check in checks for problem in check(offer, facts)]
