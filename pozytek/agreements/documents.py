"""The agreement in the framework layout of the 2018 regulation (Dz.U. 2018 poz. 2057), as a page, a PDF and a DOCX.

The text is built once, here, as a list of clauses (§) of plain paragraphs plus the tables of tranches
and yearly amounts; the body template (`AGREEMENT_BODY`, for the page and the PDF) and the DOCX
(`docx.py`) only lay it out. The wording follows the framework agreement and the Public Finance Act;
a visible footnote says it must be checked by the office's lawyer before use.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_scopes import scopes_disabled

from pozytek.agreements.models import Agreement
from pozytek.agreements.selectors import is_updated, payment_totals, tranches_of, years_of
from pozytek.competitions.states import CallMode
from pozytek.core.money import format_amount
from pozytek.documents.services import RenderedDocument, render_document
from pozytek.offers.routes import route_of

AGREEMENT_BODY = "agreements/documents/agreement.html"
BLANK = "……………………"
RETENTION_YEARS = 5
REPORT_ANSWER_DAYS = 7


def money(value: Decimal | None) -> str:
    """12 500,00 (grouped, two decimal places, in the active language's format)."""
    if value is None:
        return BLANK
    return format_amount(value)


def day(value: Any) -> str:
    return formats.date_format(value, "j E Y") if value else BLANK


@dataclass(frozen=True)
class Clause:
    """One § of the agreement: its heading, numbered paragraphs and, optionally, a table after them."""

    number: int
    heading: str
    paragraphs: list[str]
    table: str = ""  # "tranches" or "years"


@dataclass
class AgreementText:
    title: str
    preamble: list[str]
    parties: list[str]
    clauses: list[Clause] = field(default_factory=list)
    tranches: list[dict[str, str]] = field(default_factory=list)
    years: list[dict[str, str]] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    footnote: str = ""


def _people(people: list[dict[str, str]]) -> str:
    return "; ".join(
        f"{p.get('name', '')} – {p['function']}" if p.get("function") else p.get("name", "") for p in people
    )


def _party(party: dict[str, Any]) -> str:
    details = [party.get("name") or BLANK]
    if party.get("legal_form"):
        details.append(party["legal_form"])
    if party.get("register_number"):
        details.append(_("register number %(number)s") % {"number": party["register_number"]})
    if party.get("address"):
        details.append(_("with its seat at %(address)s") % {"address": party["address"]})
    text = ", ".join(details)
    people = _people(party.get("representatives") or []) or BLANK
    text += ", " + _("represented by: %(people)s") % {"people": people}
    if party.get("manner"):
        text += " (" + _("manner of representation: %(manner)s") % {"manner": party["manner"]} + ")"
    return text


def agreement_text(agreement: Agreement) -> AgreementText:
    """Every sentence of the agreement, from its saved terms (never from the live offer)."""
    with scopes_disabled():  # the agreement was found through its tenant or the user's membership
        tranches = list(tranches_of(agreement))
        years = list(years_of(agreement))
        totals = payment_totals(agreement)
        updated = is_updated(agreement)
    tenant = agreement.tenant
    offer = agreement.offer
    version = agreement.version
    route = route_of(offer)
    entrust = route.mode(offer) == CallMode.ENTRUST
    task = version.snapshot.get("task", {}).get("title") or offer.title
    multi_year = len(years) > 1
    joint = len(agreement.parties or []) > 1

    title = (
        _("Agreement no. %(number)s on entrusting the delivery of a public task")
        if entrust
        else _("Agreement no. %(number)s on supporting the delivery of a public task")
    ) % {"number": agreement.number or BLANK}
    preamble = [
        _('titled "%(task)s", concluded on %(date)s in %(place)s,')
        % {"task": task, "date": day(agreement.concluded_on), "place": agreement.place or BLANK},
        (
            _(
                "under art. 16 ust. 1 of the Act of 24 April 2003 on public benefit activity and volunteering "
                "(the Act), between:"
            )
            if route.is_competition
            else _("under %(basis)s, between:") % {"basis": route.agreement_basis}
        ),
    ]
    office = "; ".join(line.strip() for line in agreement.office_representatives.splitlines() if line.strip())
    parties = [
        _('%(authority)s, represented by: %(people)s, hereinafter the "Contracting Authority",')
        % {"authority": tenant.name, "people": office or BLANK},
        pgettext("between the parties", "and") + ":",
        *[_party(p) for p in agreement.parties or []],
        (
            _('hereinafter jointly the "Contractor" (a joint offer, art. 14 ust. 2 of the Act).')
            if joint
            else _('hereinafter the "Contractor".')
        ),
    ]
    offer_date = day(version.submitted_at)
    subject = [
        (
            _(
                "The Contracting Authority entrusts the Contractor, under the Act, with delivering the public task "
                'titled "%(task)s", and the Contractor undertakes to deliver it on the terms of this agreement.'
            )
            if entrust
            else _(
                "The Contracting Authority supports the Contractor, under the Act, in delivering the public task "
                'titled "%(task)s", and the Contractor undertakes to deliver it on the terms of this agreement.'
            )
        )
        % {"task": task},
        (
            _(
                "The task is delivered as described in the Contractor's offer submitted on %(date)s, updated after "
                "the award (version %(version)s, SHA-256 checksum %(checksum)s): the update of the description of "
                "the actions, the schedule and the cost calculation forms an integral part of this agreement, "
                "together with the offer."
            )
            if updated
            else _(
                "The task is delivered as described in the Contractor's offer submitted on %(date)s "
                "(version %(version)s, SHA-256 checksum %(checksum)s), which forms an integral part of this agreement."
            )
        )
        % {"date": offer_date, "version": version.number, "checksum": version.checksum},
        _(
            "The Contractor undertakes to use the grant only for the task, in accordance with the offer and this "
            "agreement. The agreement is performed once the Contracting Authority accepts the final report."
        ),
    ]
    term = [
        _("The task is delivered from %(start)s to %(end)s.")
        % {"start": day(agreement.start_date), "end": day(agreement.end_date)},
        _("Expenses financed by the grant and by other sources may be incurred within the dates of the task."),
    ]
    grant = [
        _("The Contracting Authority awards the Contractor a grant of %(amount)s PLN for the task.")
        % {"amount": money(agreement.grant_amount)},
        _("The grant is paid into the Contractor's bank account no. %(account)s in the following tranches:")
        % {"account": agreement.bank_account or BLANK},
        _("The Contractor declares that it holds this account and keeps it at least until the agreement is settled."),
    ]
    clauses = [
        Clause(1, _("Subject of the agreement"), subject),
        Clause(2, _("Term"), term),
        Clause(3, _("The grant and its payment"), grant, table="tranches"),
    ]
    number = 4
    if multi_year:
        clauses.append(
            Clause(
                number,
                _("The grant in each budget year"),
                [_("The task is delivered over several budget years; the grant in each year is:")],
                table="years",
            )
        )
        number += 1
    clauses += [
        Clause(
            number,
            _("Use and return of the grant"),
            [
                _(
                    "The Contractor uses the grant by %(date)s, and in each budget year no later than 31 December of "
                    "that year (art. 251 ust. 1 of the Act of 27 August 2009 on public finance, the Public Finance "
                    "Act)."
                )
                % {"date": day(agreement.grant_use_deadline)},
                _(
                    "Revenue and bank interest earned on the grant are also used for the task; otherwise they are "
                    "returned together with the unused grant."
                ),
                _(
                    "The unused part of the grant is returned to the Contracting Authority's account by %(date)s "
                    "(art. 251 ust. 1 and 2 of the Public Finance Act). Interest as for tax arrears is charged on a "
                    "late return (art. 251 ust. 5 of the Public Finance Act)."
                )
                % {"date": day(agreement.return_deadline)},
                _(
                    "A grant used contrary to its purpose, unduly paid or collected in excessive amount is returned "
                    "with interest as for tax arrears, on the terms of art. 252 of the Public Finance Act."
                ),
            ],
        ),
        Clause(
            number + 1,
            _("Shifts between cost lines"),
            [
                _(
                    "A cost line of the cost calculation financed by the grant is considered compliant with the "
                    "agreement if it has not increased by more than %(percent)s%% against the calculation."
                )
                % {"percent": money(agreement.cost_shift_percent)},
                _(
                    "A larger increase counts as the grant collected in excessive amount (art. 252 of the Public "
                    "Finance Act); a change beyond it requires an annex to this agreement."
                ),
            ],
        ),
        Clause(
            number + 2,
            _("Reports"),
            [
                *[
                    _("The partial report for %(year)s is submitted by %(date)s.")
                    % {"year": y.year, "date": day(y.partial_report_due)}
                    for y in years
                    if y.partial_report_due
                ],
                _("The final report is submitted by %(date)s, on the template of the 2018 regulation (Annex 5).")
                % {"date": day(agreement.final_report_due)},
                _(
                    "The Contracting Authority may ask for a report on the progress of the task or for corrections "
                    "and explanations; the Contractor answers within %(days)s days."
                )
                % {"days": REPORT_ANSWER_DAYS},
            ],
        ),
        Clause(
            number + 3,
            _("Records and documentation"),
            [
                _("The Contractor keeps separate accounting records of the grant and of the task's expenses."),
                _(
                    "The Contractor keeps the documentation of the task for %(years)s years from the beginning of "
                    "the year after the year in which the task was delivered."
                )
                % {"years": RETENTION_YEARS},
            ],
        ),
        Clause(
            number + 4,
            _("Information obligations"),
            [
                _(
                    "The Contractor informs that the task is co-financed or financed by the Contracting Authority, "
                    "in its materials, publications and on its premises, and places the Contracting Authority's "
                    "logo on them where possible."
                ),
            ],
        ),
        Clause(
            number + 5,
            _("Control"),
            [
                _(
                    "The Contracting Authority may control the delivery of the task, including the use of the grant "
                    "and the documents, during the task and for %(years)s years after its end."
                )
                % {"years": RETENTION_YEARS},
            ],
        ),
        Clause(
            number + 6,
            _("Withdrawal and termination"),
            [
                _("The agreement may be terminated by mutual consent of the parties."),
                _("The Contractor may withdraw from the agreement before the grant is transferred."),
                _(
                    "The Contracting Authority may terminate the agreement without notice if the grant is used "
                    "contrary to its purpose, the task is not delivered or delivered improperly, a report is not "
                    "submitted or submitted late, or the Contractor's statements prove false."
                ),
            ],
        ),
        Clause(
            number + 7,
            _("Equipment and liability"),
            [
                _(
                    "Equipment and other assets bought with the grant may not be sold or given away for "
                    "%(years)s years from their purchase."
                )
                % {"years": RETENTION_YEARS},
                _("The Contractor is solely liable towards third parties for damage caused by delivering the task."),
            ],
        ),
        Clause(
            number + 8,
            _("Final provisions"),
            [
                _(
                    "Matters not governed by this agreement are governed by the Civil Code, the Act, the Public "
                    "Finance Act and, where they apply, the Public Procurement Law and the Accounting Act."
                ),
                _("Any change of this agreement requires an annex in writing, on pain of nullity."),
                _("Disputes are settled by the common court competent for the Contracting Authority's seat."),
                _(
                    "The agreement is made in copies, one for each party, or in electronic form with qualified "
                    "signatures."
                ),
            ],
        ),
    ]
    signatories = [_("For the Contracting Authority"), _("For the Contractor")]
    footnote = _(
        "This template follows the framework agreement of the Regulation of the Chairman of the Public Benefit "
        "Committee of 24 October 2018 (Dz.U. 2018 poz. 2057). It must be checked by the office's lawyer before use."
    )
    return AgreementText(
        title=title,
        preamble=preamble,
        parties=parties,
        clauses=clauses,
        tranches=[{"number": str(t.number), "due": day(t.due_date), "amount": money(t.amount)} for t in tranches]
        + [{"number": _("Total"), "due": "", "amount": money(totals.planned)}],
        years=[{"year": str(y.year), "amount": money(y.amount)} for y in years],
        signatories=signatories,
        footnote=footnote,
    )


def agreement_title(agreement: Agreement) -> str:
    return _("Agreement %(number)s") % {"number": agreement.number or agreement.pk}


def agreement_document(agreement: Agreement, *, request: HttpRequest | None = None) -> RenderedDocument:
    """The agreement as a PDF (and the standalone HTML it was printed from)."""
    return render_document(
        AGREEMENT_BODY,
        {"text": agreement_text(agreement), "agreement": agreement},
        title=agreement_title(agreement),
        request=request,
    )
