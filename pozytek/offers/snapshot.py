"""The offer as one canonical JSON document: what is frozen at submission, hashed and printed.

The same structure feeds the offer page, the offer PDF (draft preview or a submitted version)
and the confirmation of submission, so a printed version always matches its checksum.
"""

import hashlib
import json
from decimal import Decimal
from typing import Any

from pozytek.offers.budget import Budget, Group, task_years
from pozytek.offers.models import Offer
from pozytek.offers.routes import FULL_OFFER_TEMPLATE, route_of
from pozytek.offers.selectors import OfferFacts

# The same format for both templates: "template" names the one the version was written on (versions frozen
# before the simplified template existed name the full one); a simplified offer's costs add the grant's part
# of each line ("grant") and their sum ("grant_total"), keeping every key the full offer's readers use.
FORMAT = "pozytek.offer/1"
TEMPLATE = FULL_OFFER_TEMPLATE


def _s(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value.isoformat() if hasattr(value, "isoformat") else value


def canonical_json(data: dict[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes the SHA-256 checksum is computed over."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def checksum(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def _group(number: str, group: Group, year_count: int, label: str) -> dict[str, Any]:
    return {
        "no": number,
        "label": label,
        "lines": [
            {
                "no": f"{number}.{i}",
                "name": line.name,
                "unit": line.unit,
                "unit_cost": _s(line.unit_cost),
                "quantity": _s(line.quantity),
                "total": _s(line.total),
                "years": [_s(v) for v in line.year_values(year_count)],
                "offeror": line.offeror,
            }
            for i, line in enumerate(group.lines, start=1)
        ],
        "total": _s(group.total()),
        "years": [_s(v) for v in group.year_totals(year_count)],
    }


def _simplified_costs(budget: Budget) -> dict[str, Any]:
    """IV.1 of the simplified offer: one list of costs numbered 1, 2, …, each with the grant's part; one column
    of values (no years), kept in the shape of V.A (one group of action costs, no administrative costs)."""
    lines = [
        {
            "no": str(i),
            "name": line.name,
            "unit": line.unit,
            "unit_cost": _s(line.unit_cost),
            "quantity": _s(line.quantity),
            "total": _s(line.total),
            "grant": _s(line.grant_part),
            "years": [_s(line.total)],
            "offeror": line.offeror,
        }
        for i, line in enumerate(budget.lines, start=1)
    ]
    total = _s(budget.total)
    return {
        "groups": [{"no": "", "label": "", "lines": lines, "total": total, "years": [total]}] if lines else [],
        "actions_total": total,
        "actions_years": [total],
        "admin": {"no": "II", "label": "", "lines": [], "total": _s(Decimal(0)), "years": [_s(Decimal(0))]},
        "total": total,
        "grant_total": _s(budget.lines_grant_total),
        "years_total": [total],
    }


def offer_snapshot(
    offer: Offer, *, version: int | None = None, submitted_at: Any = None, facts: OfferFacts | None = None
) -> dict[str, Any]:
    """Everything section I–VII and the attachments say, with every sum computed."""
    # `facts`: the rows and budget the submission's checks already read (the row is locked meanwhile).
    facts = facts or OfferFacts(offer)
    route = route_of(offer)
    call = route.call(offer)
    budget = facts.budget
    count = budget.year_count
    offerors = facts.offerors
    template = route.offer_template(offer)
    return {
        "format": FORMAT,
        "template": template.citation,
        "offer_id": offer.pk,
        "version": version,
        "submitted_at": _s(submitted_at),
        "authority": offer.tenant.name,
        # The route the offer answers; the call only in an open competition.
        "route": {
            "code": route.code.value,
            "legal_basis": route.legal_basis,
            "task_type": route.task_type(offer),
            "mode": route.mode(offer),
        },
        "call": (
            {
                "id": call.pk,
                "number": call.number,
                "title": call.title,
                "task_type": call.task_type,
                "mode": call.mode,
            }
            if call is not None
            else None
        ),
        "joint": len(offerors) > 1,
        "offerors": [
            {
                "name": o.name,
                "legal_form": o.legal_form,
                "register_number": o.register_number,
                "address": o.address,
                "correspondence_address": o.correspondence_address,
                "website": o.website,
                "email": o.email,
                "phone": o.phone,
            }
            for o in offerors
        ],
        "contact": {"name": offer.contact_name, "phone": offer.contact_phone, "email": offer.contact_email},
        "task": {
            "title": offer.title,
            "start_date": _s(offer.start_date),
            "end_date": _s(offer.end_date),
            "summary": offer.summary,
            "expected_results": offer.expected_results,
        },
        "years": task_years(offer.start_date, offer.end_date),
        "actions": [
            {
                "year": a.year,
                "name": a.name,
                "description": a.description,
                "target_group": a.target_group,
                "period": a.period,
                "external_part": a.external_part,
                "offeror": a.offeror.name if a.offeror else "",
            }
            for a in facts.actions
        ],
        "results": [{"name": r.name, "target": r.target, "monitoring": r.monitoring} for r in facts.results],
        "characteristics": {"previous_activity": offer.previous_activity, "resources": offer.resources},
        "costs": _simplified_costs(budget)
        if template.simplified
        else {
            "groups": [_group(f"I.{i}", g, count, g.label) for i, g in enumerate(budget.action_groups, start=1)],
            "actions_total": _s(budget.actions_total),
            "actions_years": [
                _s(sum((g.year_totals(count)[i] for g in budget.action_groups), Decimal(0))) for i in range(count)
            ],
            "admin": _group("II", budget.admin, count, ""),
            "total": _s(budget.total),
            "years_total": [_s(v) for v in budget.year_totals()],
        },
        "sources": [
            {"no": no, "key": key, "value": _s(value), "share": _s(pct)}
            for no, key, value, pct in (
                budget.simplified_source_rows() if template.simplified else budget.source_rows()
            )
        ],
        "split": [
            {"offeror": name, "total": _s(total), "years": [_s(v) for v in years]}
            for name, total, years in budget.offeror_split()
        ],
        "other": {
            "paid_activity": offer.paid_activity,
            "joint_arrangements": offer.joint_arrangements,
            "other_info": offer.other_info,
        },
        "statements": {
            "public_benefit": offer.statement_public_benefit,
            "fees": offer.statement_fees,
            "tax_arrears": offer.tax_arrears,
            "social_insurance_arrears": offer.social_insurance_arrears,
            "register": offer.statement_register,
            "true": offer.statement_true,
            "gdpr": offer.statement_gdpr,
        },
        "attachments": [
            {"label": a.label, "name": a.original_name, "size": a.size, "sha256": a.sha256} for a in facts.attachments
        ],
    }
