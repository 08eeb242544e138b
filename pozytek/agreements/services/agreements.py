"""Writes of the agreement (umowa): prepare and edit it while it is a draft, record the signed
agreement, record payments of its tranches, terminate it.

Every rule is checked before anything is saved; a `ValidationError` keyed by the form's fields
("number", "place", "office_representatives", "representatives", "bank_account", "start_date",
"end_date", "years", "tranches", "cost_shift_percent", "concluded_on", "upload", "paid_on",
"amount", "reason", "__all__") says what is wrong. Deadlines are computed from the legal
parameters `agreement.*` in force on the day the agreement is prepared (a tenant's own row wins).
"""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

import filetype
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban

from pozytek.agreements.models import Agreement, AgreementYear, Tranche
from pozytek.agreements.permissions import is_agreement_officer
from pozytek.agreements.selectors import (
    document_problems,
    latest_version,
    parties_from_offer,
    task_dates,
)
from pozytek.agreements.states import AgreementState
from pozytek.core.audit import field_diff, record_event
from pozytek.core.files import SNIFF_BYTES, max_size, safe_name, sha256_of, too_large_message
from pozytek.core.money import CENT, parse_amount
from pozytek.core.workflow import apply_transition, not_allowed
from pozytek.grants.models import Grant
from pozytek.legal.selectors import legal_days, legal_value
from pozytek.offers.routes import route_of
from pozytek.offers.states import OfferState

NUMBER_MAX_LENGTH = 60
PLACE_MAX_LENGTH = 100
OFFICE_REPRESENTATIVES_MAX_LENGTH = 2000
PERSON_MAX_LENGTH = 200
REASON_MAX_LENGTH = 2000
MAX_TRANCHES = 12
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
XMLDSIG = b"http://www.w3.org/2000/09/xmldsig#"

# The signed agreement: a scan (PDF, JPG, PNG), a PAdES-signed PDF, or an XAdES-signed XML file.
SIGNED_TYPES = {
    "application/pdf": ("PDF", ".pdf"),
    "image/jpeg": ("JPG", ".jpg"),
    "image/png": ("PNG", ".png"),
    "application/xml": ("XAdES", ".xml"),
}
XML_SUFFIXES = (".xml", ".xades")

Person = Mapping[str, str]


# Amounts, account numbers, files ------------------------------------------------------------------


def clean_amount(value: Any, *, positive: bool) -> tuple[Decimal | None, str]:
    """(amount, "") or (None, message): a finite number, ≥ 0 (or > 0), at most two decimal places."""
    return parse_amount(value, missing=_("Enter the amount."), positive=positive)


def clean_percent(value: Any) -> tuple[Decimal | None, str]:
    """(percent, "") or (None, message): a number from 0 to 100 with at most two decimal places."""
    if value is None or value == "":
        return None, _("Enter the percentage.")
    try:
        percent = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        return None, _("Enter the percentage as a number, e.g. 10.")
    if not percent.is_finite():
        return None, _("Enter the percentage as a number, e.g. 10.")
    if percent < 0:
        return None, _("The percentage cannot be negative.")
    if percent > HUNDRED:
        return None, _("The percentage cannot exceed 100.")
    if percent != percent.quantize(CENT):
        return None, _("Enter the percentage with at most two decimal places.")
    return percent.quantize(CENT), ""


def clean_bank_account(value: str) -> tuple[str, str]:
    """(formatted, "") or ("", message): a Polish account number (NRB, 26 digits, IBAN check digits)."""
    compact = "".join(ch for ch in (value or "") if not ch.isspace() and ch != "-").upper()
    if not compact:
        return "", ""
    if compact.startswith("PL"):
        compact = compact[2:]
    if len(compact) != 26 or not compact.isdigit():
        return "", _("Enter the account number as 26 digits (NRB), e.g. 61 1090 1014 0000 0712 1981 2874.")
    if not iban.is_valid(f"PL{compact}"):
        return "", _("This account number is not valid: its check digits do not match.")
    return " ".join([compact[:2], *(compact[i : i + 4] for i in range(2, 26, 4))]), ""


def identify_signed_file(upload: Any) -> str:
    """The content type of the signed agreement, read from its content; ValidationError otherwise.

    PDF (scans and PAdES), JPG and PNG are identified by their first bytes; an XML document counts
    only when it carries an XML signature (XAdES: the xmldsig namespace). Nothing else is accepted,
    whatever the file's name says.
    """
    size = getattr(upload, "size", 0) or 0
    if size > max_size():
        raise ValidationError(too_large_message(), code="too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in SIGNED_TYPES:
        return str(kind.mime)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if kind is None and text.startswith(b"<"):
        content = upload.read()
        upload.seek(0)
        if XMLDSIG in content and b"Signature" in content:
            return "application/xml"
        raise ValidationError(
            _("This XML file carries no electronic signature (XAdES). Upload the signed file."), code="unsigned"
        )
    raise ValidationError(
        _("This file is not one of the allowed types (%(types)s), whatever its name says.")
        % {"types": ", ".join(label for label, _suffix in SIGNED_TYPES.values())},
        code="type",
    )


def signed_file_name(name: str, content_type: str) -> str:
    """The uploaded name, made safe, with an extension that matches the content."""
    name = safe_name(name)
    suffix = PurePath(name).suffix.lower()
    if content_type == "application/xml" and suffix in XML_SUFFIXES:
        return name
    extension = SIGNED_TYPES[content_type][1]
    if suffix == extension or (content_type == "image/jpeg" and suffix == ".jpeg"):
        return name
    return f"{name[:140]}{extension}"


# Terms of the agreement -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedTerms:
    """The terms an official proposes for an agreement (warunki umowy), as typed: one value for preparing
    and for editing it. `representatives`: per party of the offer (lead first), the people who sign;
    `years`: the grant per budget year; `tranches`: (due date, amount) of each payment (transza)."""

    number: str
    place: str
    office_representatives: str
    representatives: Sequence[Sequence[Person]]
    bank_account: str
    start_date: dt.date | None
    end_date: dt.date | None
    years: Mapping[int, Any]
    tranches: Sequence[tuple[dt.date | None, Any]]
    cost_shift_percent: Any = None


@dataclass
class Terms:
    """The cleaned terms of an agreement, or the errors found in them."""

    number: str = ""
    place: str = ""
    office_representatives: str = ""
    representatives: list[list[dict[str, str]]] = field(default_factory=list)
    bank_account: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    years: dict[int, Decimal] = field(default_factory=dict)
    tranches: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    cost_shift_percent: Decimal = ZERO
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)


@dataclass(frozen=True)
class Deadlines:
    grant_use: dt.date
    unused_return: dt.date
    final_report: dt.date
    partial_reports: dict[int, dt.date]


def compute_deadlines(*, end_date: dt.date, years: Sequence[int], tenant: Any, on: dt.date) -> Deadlines:
    """Grant use: N days after the end, not after 31 December of the last year (art. 251 ufp);
    return of unused funds: M days after that; final report: K days after the end; a partial report
    K days after the end of every year but the last."""
    use = end_date + dt.timedelta(days=legal_days("agreement.grant_use_days", on=on, tenant=tenant))
    use = min(use, dt.date(end_date.year, 12, 31))
    unused = use + dt.timedelta(days=legal_days("agreement.unused_return_days", on=on, tenant=tenant))
    report_days = legal_days("agreement.final_report_days", on=on, tenant=tenant)
    final = end_date + dt.timedelta(days=report_days)
    partial = {year: dt.date(year, 12, 31) + dt.timedelta(days=report_days) for year in sorted(years)[:-1]}
    return Deadlines(grant_use=use, unused_return=unused, final_report=final, partial_reports=partial)


def _date_bounds(grant: Grant, version: Any) -> tuple[dt.date | None, dt.date | None]:
    """The task's dates in the offer's version, inside the route's delivery period (a competition's call)."""
    limits = route_of(grant.offer).limits(grant.offer) if grant.offer is not None else None
    offer_start, offer_end = task_dates(version)
    lows = [d for d in (offer_start, getattr(limits, "delivery_start", None)) if d is not None]
    highs = [d for d in (offer_end, getattr(limits, "delivery_end", None)) if d is not None]
    return (max(lows) if lows else None, min(highs) if highs else None)


def _clean_people(people: Sequence[Person]) -> tuple[list[dict[str, str]], str]:
    cleaned = []
    for person in people:
        name = str(person.get("name") or "").strip()
        function = str(person.get("function") or "").strip()
        if not name and not function:
            continue
        if not name:
            return [], _("Give the name of every person who signs (the function alone is not enough).")
        if len(name) > PERSON_MAX_LENGTH or len(function) > PERSON_MAX_LENGTH:
            return [], _("A name or function can have at most %(n)d characters.") % {"n": PERSON_MAX_LENGTH}
        cleaned.append({"name": name, "function": function})
    return cleaned, ""


def clean_terms(
    *,
    grant: Grant,
    version: Any,
    party_count: int,
    proposed: ProposedTerms,
    exclude_pk: int | None = None,
) -> Terms:
    """Check every term against the grant, the offer, the route (a competition's call) and the legal
    parameters."""
    terms = Terms()
    number, place, office_representatives = proposed.number, proposed.place, proposed.office_representatives
    representatives, bank_account = proposed.representatives, proposed.bank_account
    start_date, end_date, years, tranches = proposed.start_date, proposed.end_date, proposed.years, proposed.tranches
    cost_shift_percent = proposed.cost_shift_percent
    tenant = grant.tenant
    today = timezone.localdate()

    terms.number = (number or "").strip()
    if not terms.number:
        terms.error("number", _("Enter the number of the agreement."))
    elif len(terms.number) > NUMBER_MAX_LENGTH:
        terms.error("number", _("The number can have at most %(n)d characters.") % {"n": NUMBER_MAX_LENGTH})
    elif Agreement.objects.filter(tenant=tenant, number=terms.number).exclude(pk=exclude_pk).exists():
        terms.error("number", _("Another agreement already has this number."))
    terms.place = (place or "").strip()
    if len(terms.place) > PLACE_MAX_LENGTH:
        terms.error("place", _("The place can have at most %(n)d characters.") % {"n": PLACE_MAX_LENGTH})
    terms.office_representatives = (office_representatives or "").strip()
    if len(terms.office_representatives) > OFFICE_REPRESENTATIVES_MAX_LENGTH:
        terms.error(
            "office_representatives",
            _("This text can have at most %(n)d characters.") % {"n": OFFICE_REPRESENTATIVES_MAX_LENGTH},
        )
    if len(representatives) != party_count:
        terms.error("__all__", _("The form does not match the parties of the offer. Reload the page."))
    for people in representatives:
        cleaned, message = _clean_people(people)
        if message:
            terms.error("representatives", message)
        terms.representatives.append(cleaned)
    terms.bank_account, message = clean_bank_account(bank_account)
    if message:
        terms.error("bank_account", message)

    # Dates: the task's dates in the offer, inside the call's period, at most N budget years.
    low, high = _date_bounds(grant, version)
    if start_date is None:
        terms.error("start_date", _("Enter the date the task starts."))
    elif low is not None and start_date < low:
        terms.error(
            "start_date",
            _("The task cannot start before %(date)s (the offer's and the call's dates).") % {"date": low.isoformat()},
        )
    if end_date is None:
        terms.error("end_date", _("Enter the date the task ends."))
    elif high is not None and end_date > high:
        terms.error(
            "end_date",
            _("The task cannot end after %(date)s (the offer's and the call's dates).") % {"date": high.isoformat()},
        )
    if start_date is not None and end_date is not None and end_date < start_date:
        terms.error("end_date", _("The task cannot end before it starts."))
    max_years = int(legal_value("agreement.max_years", on=today, tenant=tenant))
    span: list[int] = []
    if start_date is not None and end_date is not None and end_date >= start_date:
        span = list(range(start_date.year, end_date.year + 1))
        if len(span) > max_years:
            terms.error(
                "end_date",
                _("An agreement can cover at most %(n)d budget years (art. 16).") % {"n": max_years},
            )
            span = []
    terms.start_date, terms.end_date = start_date, end_date

    grant_amount = grant.amount_awarded
    # Yearly amounts: one per budget year of the term, each ≥ 0, together the grant.
    amounts: dict[int, Decimal] = {}
    for year, value in years.items():
        amount, message = clean_amount(value, positive=False)
        if amount is None:
            terms.error("years", _("%(year)s: %(message)s") % {"year": year, "message": message})
        else:
            amounts[int(year)] = amount
    if span and not terms.errors.get("years"):
        if sorted(amounts) != span:
            terms.error(
                "years",
                _("Give the grant of each budget year of the agreement: %(years)s.")
                % {"years": ", ".join(str(y) for y in span)},
            )
        elif sum(amounts.values(), ZERO) != grant_amount:
            terms.error(
                "years",
                _("The yearly amounts total %(total)s PLN; together they must equal the grant of %(grant)s PLN.")
                % {"total": sum(amounts.values(), ZERO), "grant": grant_amount},
            )
    terms.years = amounts

    # Tranches: at least one, each > 0 and due within the task's dates, together the grant.
    planned: list[tuple[dt.date, Decimal]] = []
    if not tranches:
        terms.error("tranches", _("Plan at least one tranche of the grant."))
    elif len(tranches) > MAX_TRANCHES:
        terms.error("tranches", _("Plan at most %(n)d tranches.") % {"n": MAX_TRANCHES})
    for index, (due, value) in enumerate(tranches, start=1):
        amount, message = clean_amount(value, positive=True)
        if amount is None:
            terms.error("tranches", _("Tranche %(n)d: %(message)s") % {"n": index, "message": message})
            continue
        if due is None:
            terms.error("tranches", _("Tranche %(n)d: enter the date it is paid by.") % {"n": index})
            continue
        if start_date is not None and end_date is not None and not start_date <= due <= end_date:
            terms.error(
                "tranches",
                _("Tranche %(n)d: the payment date must be within the task's dates (%(start)s – %(end)s).")
                % {"n": index, "start": start_date.isoformat(), "end": end_date.isoformat()},
            )
            continue
        planned.append((due, amount))
    if planned and not terms.errors.get("tranches"):
        total = sum((amount for _due, amount in planned), ZERO)
        if total != grant_amount:
            terms.error(
                "tranches",
                _("The tranches total %(total)s PLN; together they must equal the grant of %(grant)s PLN.")
                % {"total": total, "grant": grant_amount},
            )
    terms.tranches = sorted(planned, key=lambda row: row[0])

    if cost_shift_percent is None or cost_shift_percent == "":
        cost_shift_percent = legal_value("agreement.default_cost_shift_percent", on=today, tenant=tenant)
    percent, message = clean_percent(cost_shift_percent)
    if percent is None:
        terms.error("cost_shift_percent", message)
    else:
        terms.cost_shift_percent = percent
    return terms


def _raise(terms: Terms) -> None:
    if terms.errors:
        raise ValidationError(terms.errors)


def _write_rows(agreement: Agreement, terms: Terms, deadlines: Deadlines) -> None:
    AgreementYear.objects.filter(agreement=agreement).delete()
    Tranche.objects.filter(agreement=agreement).delete()
    AgreementYear.objects.bulk_create(
        AgreementYear(
            agreement=agreement, year=year, amount=amount, partial_report_due=deadlines.partial_reports.get(year)
        )
        for year, amount in sorted(terms.years.items())
    )
    Tranche.objects.bulk_create(
        Tranche(tenant=agreement.tenant, agreement=agreement, number=n, due_date=due, amount=amount)
        for n, (due, amount) in enumerate(terms.tranches, start=1)
    )


def _deadlines_for(terms: Terms, parties: list[dict[str, Any]], tenant: Any) -> Deadlines:
    """Give each party (in place) the people who sign for it; the deadlines of the checked terms."""
    assert terms.end_date is not None  # noqa: S101 -- checked by clean_terms
    for party, people in zip(parties, terms.representatives, strict=True):
        party["representatives"] = people
    return compute_deadlines(end_date=terms.end_date, years=list(terms.years), tenant=tenant, on=timezone.localdate())


def _save_terms(save: Callable[[], Agreement], terms: Terms, deadlines: Deadlines) -> Agreement:
    """Save the agreement (its number taken is the form's error), then write its years and tranches."""
    try:
        with transaction.atomic():
            agreement = save()
    except IntegrityError as error:
        raise _number_taken() from error
    _write_rows(agreement, terms, deadlines)
    return agreement


def _audit_terms(terms: Terms, deadlines: Deadlines) -> dict[str, Any]:
    return {
        "number": terms.number,
        "place": terms.place,
        "office_representatives": terms.office_representatives,
        "representatives": terms.representatives,
        "bank_account": terms.bank_account,
        "start_date": terms.start_date.isoformat() if terms.start_date else None,
        "end_date": terms.end_date.isoformat() if terms.end_date else None,
        "years": {str(y): str(a) for y, a in sorted(terms.years.items())},
        "tranches": [[due.isoformat(), str(amount)] for due, amount in terms.tranches],
        "cost_shift_percent": str(terms.cost_shift_percent),
        "grant_use_deadline": deadlines.grant_use.isoformat(),
        "return_deadline": deadlines.unused_return.isoformat(),
        "final_report_due": deadlines.final_report.isoformat(),
    }


def _require_officer(actor: Any, obj: Any) -> None:
    if not is_agreement_officer(actor, obj):
        raise PermissionDenied(_("You do not have a role in this office that allows this."))


def _number_taken() -> ValidationError:
    return ValidationError({"number": [_("Another agreement already has this number.")]})


@transaction.atomic
def prepare_agreement(
    *,
    grant: Grant,
    actor: Any,
    proposed: ProposedTerms,
) -> Agreement:
    """Prepare the agreement of an awarded grant (a draft awaiting signatures), from the offer's latest version.

    Only a grant whose offer is awarded (updated and accepted when less was awarded) gets one, once.
    `representatives`: per party of the offer (lead first), the people who sign for it.
    """
    _require_officer(actor, grant)
    locked: Grant = (
        Grant.objects.select_for_update(of=("self",)).select_related("tenant", "offer", "offer__call").get(pk=grant.pk)
    )
    offer = locked.offer
    if Agreement.objects.filter(grant=locked).exists():
        raise ValidationError({"__all__": [_("An agreement for this grant has already been prepared.")]})
    if offer is None:
        raise ValidationError({"__all__": [_("This grant has no offer to base an agreement on.")]})
    if offer.state != OfferState.AWARDED:
        raise ValidationError(
            {
                "__all__": [
                    _(
                        "The agreement is prepared once the offer is awarded; an offer awarded less than requested "
                        "must be updated and the update accepted first."
                    )
                ]
            }
        )
    version = latest_version(offer)
    if version is None:
        raise ValidationError({"__all__": [_("The offer has no submitted version.")]})
    parties = parties_from_offer(offer, version)
    terms = clean_terms(
        grant=locked,
        version=version,
        party_count=len(parties),
        proposed=proposed,
    )
    _raise(terms)
    assert terms.start_date is not None and terms.end_date is not None  # noqa: S101 -- checked by clean_terms
    deadlines = _deadlines_for(terms, parties, locked.tenant)

    def create() -> Agreement:
        created: Agreement = Agreement.objects.create(
            tenant=locked.tenant,
            grant=locked,
            offer=offer,
            version=version,
            number=terms.number,
            place=terms.place,
            office_representatives=terms.office_representatives,
            parties=parties,
            start_date=terms.start_date,
            end_date=terms.end_date,
            grant_amount=locked.amount_awarded,
            bank_account=terms.bank_account,
            cost_shift_percent=terms.cost_shift_percent,
            grant_use_deadline=deadlines.grant_use,
            return_deadline=deadlines.unused_return,
            final_report_due=deadlines.final_report,
        )
        return created

    agreement = _save_terms(create, terms, deadlines)
    record_event(
        actor=actor,
        subject=agreement,
        action="agreement.prepare",
        data={"grant": locked.pk, "offer": offer.pk, "version": version.number, **_audit_terms(terms, deadlines)},
    )
    return agreement


@transaction.atomic
def update_agreement(
    *,
    agreement: Agreement,
    actor: Any,
    proposed: ProposedTerms,
) -> Agreement:
    """Change a prepared agreement's terms while it awaits signatures (the same rules as preparing it)."""
    _require_officer(actor, agreement)
    locked: Agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("tenant", "grant", "grant__tenant", "offer", "offer__call", "version")
        .get(pk=agreement.pk)
    )
    if locked.state != AgreementState.DRAFT:
        raise ValidationError(
            {"__all__": [_("Only an agreement awaiting signatures can be edited; a signed one changes by an annex.")]}
        )
    parties: list[dict[str, Any]] = [dict(p) for p in locked.parties or []]
    terms = clean_terms(
        grant=locked.grant,
        version=locked.version,
        party_count=len(parties),
        proposed=proposed,
        exclude_pk=locked.pk,
    )
    _raise(terms)
    assert terms.start_date is not None and terms.end_date is not None  # noqa: S101 -- checked by clean_terms
    before_years = {str(y.year): str(y.amount) for y in AgreementYear.objects.filter(agreement=locked)}
    before_tranches = [[t.due_date.isoformat(), str(t.amount)] for t in Tranche.objects.filter(agreement=locked)]
    before = {
        "number": locked.number,
        "place": locked.place,
        "office_representatives": locked.office_representatives,
        "representatives": [p.get("representatives", []) for p in parties],
        "start_date": locked.start_date.isoformat(),
        "end_date": locked.end_date.isoformat(),
        "cost_shift_percent": str(locked.cost_shift_percent),
        "years": before_years,
        "tranches": before_tranches,
        "grant_use_deadline": locked.grant_use_deadline.isoformat(),
        "return_deadline": locked.return_deadline.isoformat(),
        "final_report_due": locked.final_report_due.isoformat(),
    }
    account_changed = locked.bank_account != terms.bank_account
    deadlines = _deadlines_for(terms, parties, locked.tenant)
    locked.number = terms.number
    locked.place = terms.place
    locked.office_representatives = terms.office_representatives
    locked.parties = parties
    locked.bank_account = terms.bank_account
    locked.start_date, locked.end_date = terms.start_date, terms.end_date
    locked.cost_shift_percent = terms.cost_shift_percent
    locked.grant_use_deadline = deadlines.grant_use
    locked.return_deadline = deadlines.unused_return
    locked.final_report_due = deadlines.final_report

    def save() -> Agreement:
        locked.save()
        return locked

    _save_terms(save, terms, deadlines)
    after = {k: v for k, v in _audit_terms(terms, deadlines).items() if k != "bank_account"}
    record_event(
        actor=actor,
        subject=locked,
        action="agreement.update",
        data={"changes": field_diff(before, after), "bank_account_changed": account_changed},
    )
    return locked


# Signing -------------------------------------------------------------------------------------------


@transaction.atomic
def sign_agreement(*, agreement: Agreement, actor: Any, concluded_on: dt.date | None, upload: Any) -> Agreement:
    """Record the concluded agreement: its date and the signed file (kept exactly as received, with its
    SHA-256, in private storage); the agreement becomes signed, the register shows the grant as contracted,
    and the organisation is e-mailed."""
    _require_officer(actor, agreement)
    locked: Agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("tenant", "grant", "offer")
        .get(pk=agreement.pk)
    )
    if locked.state != AgreementState.DRAFT:
        raise not_allowed(locked, "sign")
    errors: dict[str, list[str]] = {}
    problems = document_problems(locked)
    if problems:
        errors["__all__"] = problems
    today = timezone.localdate()
    if concluded_on is None:
        errors["concluded_on"] = [_("Enter the date of conclusion.")]
    elif concluded_on > today:
        errors["concluded_on"] = [_("The date of conclusion cannot be in the future.")]
    elif concluded_on > locked.end_date:
        errors["concluded_on"] = [_("The agreement must be concluded before the task ends.")]
    content_type = ""
    if upload is None:
        errors["upload"] = [_("Upload the signed agreement.")]
    else:
        try:
            content_type = identify_signed_file(upload)
        except ValidationError as error:
            errors["upload"] = error.messages
    if errors:
        raise ValidationError(errors)
    name = signed_file_name(getattr(upload, "name", ""), content_type)
    digest = sha256_of(upload)
    locked.signed_file.save(name, upload, save=False)
    try:
        locked.concluded_on = concluded_on
        locked.signed_file_name = name
        locked.signed_file_sha256 = digest
        locked.signed_file_type = content_type
        locked.signed_at = timezone.now()
        locked.signed_by = actor
        locked.save(
            update_fields=[
                "concluded_on",
                "signed_file",
                "signed_file_name",
                "signed_file_sha256",
                "signed_file_type",
                "signed_at",
                "signed_by",
                "updated_at",
            ]
        )
        signed = apply_transition(
            locked,
            "sign",
            actor=actor,
            data={"concluded_on": concluded_on.isoformat() if concluded_on else None, "sha256": digest, "file": name},
        )
    except Exception:
        locked.signed_file.delete(save=False)  # nothing is kept of a signing that did not happen
        raise
    signed.tenant, signed.offer, signed.grant = locked.tenant, locked.offer, locked.grant
    return signed


@transaction.atomic
def terminate_agreement(*, agreement: Agreement, actor: Any, reason: str) -> Agreement:
    """Cancel a prepared agreement or terminate a signed one (with the reason); the register shows the
    grant as withdrawn and the organisation is e-mailed."""
    _require_officer(actor, agreement)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    if len(reason) > REASON_MAX_LENGTH:
        message = _("The reason can have at most %(n)d characters.") % {"n": REASON_MAX_LENGTH}
        raise ValidationError({"reason": [message]})
    ended = apply_transition(agreement, "terminate", actor=actor, reason=reason)
    result: Agreement = Agreement.objects.select_related("tenant", "grant", "offer").get(pk=ended.pk)
    return result


# Payments ------------------------------------------------------------------------------------------


@transaction.atomic
def settle_agreement(*, agreement: Agreement, actor: Any, data: dict[str, Any] | None = None) -> Agreement:
    """Settle the agreement (rozliczenie), asked by the reports once the settlement is recorded; the grants
    register follows the agreement's lifecycle (grants.listeners) and shows the amount settled."""
    return apply_transition(agreement, "settle", actor=actor, data=data)


@transaction.atomic
def record_payment(*, tranche: Tranche, actor: Any, paid_on: dt.date | None, amount: Any) -> Tranche:
    """Record that a tranche was paid (date, amount): only for a signed agreement, once per tranche,
    an amount > 0 with at most two decimal places and not above the tranche, a date not in the future
    nor before the agreement was concluded."""
    _require_officer(actor, tranche)
    locked: Tranche = Tranche.objects.select_for_update(of=("self",)).select_related("agreement").get(pk=tranche.pk)
    agreement = locked.agreement
    if agreement.state != AgreementState.SIGNED:
        raise ValidationError({"__all__": [_("Payments are recorded only for signed agreements.")]})
    if locked.paid_on is not None:
        raise ValidationError({"__all__": [_("This tranche has already been recorded as paid.")]})
    errors: dict[str, list[str]] = {}
    value, message = clean_amount(amount, positive=True)
    if value is None:
        errors["amount"] = [message]
    elif value > locked.amount:
        errors["amount"] = [_("The payment cannot exceed the tranche of %(amount)s PLN.") % {"amount": locked.amount}]
    if paid_on is None:
        errors["paid_on"] = [_("Enter the date of the payment.")]
    elif paid_on > timezone.localdate():
        errors["paid_on"] = [_("The date of the payment cannot be in the future.")]
    elif agreement.concluded_on is not None and paid_on < agreement.concluded_on:
        errors["paid_on"] = [_("The payment cannot precede the conclusion of the agreement.")]
    if errors:
        raise ValidationError(errors)
    locked.paid_on = paid_on
    locked.paid_amount = value
    locked.recorded_by = actor
    locked.save(update_fields=["paid_on", "paid_amount", "recorded_by", "updated_at"])
    record_event(
        actor=actor,
        subject=locked,
        action="tranche.pay",
        data={
            "agreement": agreement.pk,
            "tranche": locked.number,
            "paid_on": paid_on.isoformat() if paid_on else None,
            "amount": str(value),
        },
    )
    return locked
