"""The agreement in the framework layout of the 2018 regulation (Dz.U. 2018 poz. 2057, Annex 3), as a page,
a PDF and a DOCX.

The text is built once, here, as a list of paragraphs (§ 1 … § 16, in the order and under the headings of the
framework agreement) of plain numbered clauses plus the tables of tranches and yearly amounts; the body
template (`AGREEMENT_BODY`, for the page and the PDF) and the DOCX (`docx.py`) only lay it out. Amounts are
written in figures and in Polish words, dates as a Polish document writes them ("7 grudnia 2026 r."), and
every day count comes from the legal parameters (`pozytek.legal`), read on the day the agreement was
prepared, as the deadlines themselves were computed.

What is meant for the office only (the note for its lawyer, dates that do not agree with each other) is in
`office_notes`: the office's page shows it next to the text; the PDF and the DOCX never print it.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from pozytek.agreements.models import Agreement
from pozytek.agreements.selectors import (
    date_problems,
    is_updated,
    legal_days_as_prepared,
    payment_totals,
    prepared_on,
    tranches_of,
    years_of,
)
from pozytek.agreements.selectors_terms import sources_from_snapshot
from pozytek.competitions.states import CallMode
from pozytek.core.money import amount_in_words, format_amount
from pozytek.documents.services import RenderedDocument, render_document
from pozytek.legal.selectors import legal_days
from pozytek.offers.routes import route_of

AGREEMENT_BODY = "agreements/documents/agreement.html"
BLANK = "……………………"
# Years the framework agreement itself sets (documentation kept, control, assets not sold); no legal
# parameter holds them yet.
OWN_SOURCES = ("own_financial", "own_personal", "own_in_kind")


def money(value: Decimal | None) -> str:
    """12 500,00 (grouped, two decimal places, in the active language's format)."""
    if value is None:
        return BLANK
    return format_amount(value)


def day(value: Any) -> str:
    return formats.date_format(value, "j E Y") if value else BLANK


def written_date(value: dt.date | None) -> str:
    """A date as the agreement writes it: "7 grudnia 2026 r." in Polish (the month in the genitive and the
    "r." of "roku"), "7 December 2026" in another language."""
    if not value:
        return BLANK
    text = str(formats.date_format(value, "j E Y"))
    return f"{text} r." if (get_language() or "pl").startswith("pl") else text


def amount_with_words(value: Decimal | None) -> str:
    """12 345,67 zł (słownie: dwanaście tysięcy … złotych, sześćdziesiąt siedem groszy): the words are Polish
    in every language, as the signed document is."""
    if value is None:
        return BLANK
    # The catalogue's sentence of the programme's documents, its full stop dropped: one translation of "in words".
    sentence = _("%(amount)s zł (in words: %(words)s).") % {"amount": money(value), "words": amount_in_words(value)}
    return sentence.removesuffix(".")


@dataclass(frozen=True)
class Clause:
    """One § of the agreement: its heading, numbered paragraphs and, optionally, a table after them."""

    number: int
    heading: str
    paragraphs: list[str]
    # (n, "tranches" | "years"): the table printed inside paragraph n (counted from 1)
    tables: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Letterhead:
    """The municipality whose office signs: its name, office, address and contact, and its coat of arms."""

    name: str
    office: str
    address: str
    contact: str
    coat_of_arms: Any = None  # the tenant's ImageField file, when one was uploaded


@dataclass
class AgreementText:
    title: str
    preamble: list[str]
    parties: list[str]
    clauses: list[Clause] = field(default_factory=list)
    tranches: list[dict[str, str]] = field(default_factory=list)
    years: list[dict[str, str]] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    letterhead: Letterhead | None = None
    footer: str = ""
    # For the office's screen only, never printed: the note for the lawyer, dates that disagree.
    office_notes: list[str] = field(default_factory=list)

    @property
    def footnote(self) -> str:
        """The note for the office's lawyer (the first office note)."""
        return self.office_notes[0] if self.office_notes else ""


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


def _days(key: str, agreement: Agreement) -> int | None:
    return legal_days_as_prepared(key, agreement)


def _years(key: str, agreement: Agreement) -> int:
    """A period of the framework agreement in years (the law is data: pozytek/legal), as on `_prepared_on`."""
    return legal_days(key, on=prepared_on(agreement), tenant=agreement.tenant)


def _letterhead(tenant: Any) -> Letterhead:
    contact = ", ".join(
        part
        for part in (
            _("tel. %(phone)s") % {"phone": tenant.phone} if tenant.phone else "",
            tenant.email,
            tenant.bip_url or tenant.website,
        )
        if part
    )
    return Letterhead(
        name=tenant.name,
        office=tenant.office_name,
        address=tenant.address,
        contact=contact,
        coat_of_arms=tenant.coat_of_arms if tenant.coat_of_arms else None,
    )


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
    snapshot = version.snapshot or {}
    route = route_of(offer)
    entrust = route.mode(offer) == CallMode.ENTRUST
    task = snapshot.get("task", {}).get("title") or offer.title
    multi_year = len(years) > 1
    joint = len(agreement.parties or []) > 1
    answer_days = _days("report.correction_days", agreement)
    year_return_days = _days("agreement.year_unused_return_days", agreement)

    title = (
        _("Agreement no. %(number)s on entrusting the delivery of a public task")
        if entrust
        else _("Agreement no. %(number)s on supporting the delivery of a public task")
    ) % {"number": agreement.number or BLANK}
    preamble = [
        _('titled "%(task)s", concluded on %(date)s in %(place)s,')
        % {"task": task, "date": written_date(agreement.concluded_on), "place": agreement.place or BLANK},
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
    authority = tenant.name
    if tenant.address:
        authority += ", " + _("with its seat at %(address)s") % {"address": tenant.address}
    parties = [
        _('%(authority)s, represented by: %(people)s, hereinafter the "Contracting Authority",')
        % {"authority": authority, "people": office or BLANK},
        pgettext("between the parties", "and") + ":",
        *[_party(p) for p in agreement.parties or []],
        (
            _('hereinafter jointly the "Contractor" (a joint offer, art. 14 ust. 2 of the Act).')
            if joint
            else _('hereinafter the "Contractor".')
        ),
    ]

    # § 1 Subject of the agreement
    contact = snapshot.get("contact") or {}
    contractor_contact = ", ".join(
        str(v) for v in (contact.get("name"), contact.get("phone"), contact.get("email")) if v
    )
    office_contact = ", ".join(v for v in (tenant.ngo_contact_name, tenant.email, tenant.phone) if v)
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
        % {
            "date": written_date(_local_date(version.submitted_at)),
            "version": version.number,
            "checksum": version.checksum,
        },
        (
            _(
                "This agreement is an agreement on entrusting the delivery of a public task within the meaning of "
                "art. 16 ust. 1 of the Act."
            )
            if entrust
            else _(
                "This agreement is an agreement on supporting the delivery of a public task within the meaning of "
                "art. 16 ust. 1 of the Act."
            )
        ),
        _("The agreement is performed once the Contracting Authority accepts the final report referred to in § 8."),
        _(
            "Contact persons for the day-to-day work: for the Contracting Authority: %(office)s; for the "
            "Contractor: %(contractor)s."
        )
        % {"office": office_contact or BLANK, "contractor": contractor_contact or BLANK},
    ]

    # § 2 Manner of delivering the public task
    manner = [
        _("The task is delivered from %(start)s to %(end)s.")
        % {"start": written_date(agreement.start_date), "end": written_date(agreement.end_date)},
        _(
            "Expenses may be incurred: those financed by the grant from %(start)s to %(end)s, and those financed "
            "by other sources from %(start)s to %(end)s."
        )
        % {"start": written_date(agreement.start_date), "end": written_date(agreement.end_date)},
        _("The Contractor undertakes to deliver the task in accordance with the offer, within the period in ust. 1."),
        _(
            "The Contractor undertakes to use the grant only for the task, in accordance with the offer and this "
            "agreement. This also applies to revenue earned while delivering the task that the offer did not "
            "foresee, and to bank interest earned on the grant."
        ),
    ]

    # § 3 The grant
    sources = sources_from_snapshot(snapshot)
    own = sum((sources[key] for key in OWN_SOURCES), Decimal(0))
    total_cost = sum(sources.values(), Decimal(0)) - sources["grant"] + agreement.grant_amount
    grant = [
        _("The Contracting Authority awards the Contractor a grant of %(amount)s for the task.")
        % {"amount": amount_with_words(agreement.grant_amount)},
        _("The grant is paid into the Contractor's bank account no. %(account)s in the following tranches:")
        % {"account": agreement.bank_account or BLANK},
    ]
    if multi_year:
        grant.append(_("The task is delivered over several budget years; the grant in each year is:"))
    grant += [
        _("The Contractor declares that it holds this account and keeps it at least until the agreement is settled."),
        _("The day the grant is transferred is the day the Contracting Authority's account is debited."),
        _(
            "The Contractor undertakes to contribute to the task: own financial resources of %(financial)s zł, "
            "an own personal contribution of %(personal)s zł, an own in-kind contribution of %(in_kind)s zł, "
            "payments from the beneficiaries of %(fees)s zł and other public funds of %(public)s zł; its own "
            "contribution in total is %(own)s."
        )
        % {
            "financial": money(sources["own_financial"]),
            "personal": money(sources["own_personal"]),
            "in_kind": money(sources["own_in_kind"]),
            "fees": money(sources["beneficiary_fees"]),
            "public": money(sources["other_public_funds"]),
            "own": amount_with_words(own),
        },
        _("The total cost of the task is %(total)s; the grant is %(share)s%% of it.")
        % {
            "total": amount_with_words(total_cost),
            "share": money(agreement.grant_amount * 100 / total_cost) if total_cost else BLANK,
        },
    ]

    # § 9 Return of funds
    use_year_end = dt.date(agreement.end_date.year, 12, 31)
    returning = [
        _(
            "The Contractor uses the grant by %(date)s, and in each budget year no later than 31 December of "
            "that year (art. 251 ust. 1 of the Act of 27 August 2009 on public finance, the Public Finance "
            "Act)."
        )
        % {"date": written_date(agreement.grant_use_deadline)},
        _(
            "Revenue and bank interest earned on the grant are also used for the task; otherwise they are "
            "returned together with the unused grant."
        ),
        _(
            "The unused part of the grant is returned to the Contracting Authority's account by %(date)s "
            "(art. 251 ust. 1 and 2 of the Public Finance Act). Interest as for tax arrears is charged on a "
            "late return (art. 251 ust. 5 of the Public Finance Act)."
        )
        % {"date": written_date(agreement.return_deadline)},
    ]
    if multi_year and year_return_days is not None:
        returning.append(
            _(
                "The grant of a budget year not used by 31 December of that year is returned by %(date)s of the "
                "following year (art. 251 ust. 1 of the Public Finance Act)."
            )
            % {"date": formats.date_format(use_year_end + dt.timedelta(days=year_return_days), "j E")}
        )
    returning += [
        _(
            "The grant counts as used in accordance with its purpose if all the results of the task set out in "
            "the offer were achieved; if they were achieved in part, in proportion to the degree achieved."
        ),
        _(
            "A grant used contrary to its purpose, unduly paid or collected in excessive amount is returned "
            "with interest as for tax arrears, on the terms of art. 252 of the Public Finance Act."
        ),
    ]

    reports = [
        *[
            _("The partial report for %(year)s is submitted by %(date)s.")
            % {"year": y.year, "date": written_date(y.partial_report_due)}
            for y in years
            if y.partial_report_due
        ],
        _(
            "The final report is submitted by %(date)s, on the template of Annex 5 to the Regulation of the "
            "Chairman of the Public Benefit Committee of 24 October 2018 (Dz.U. 2018 poz. 2057)."
        )
        % {"date": written_date(agreement.final_report_due)},
        _(
            "The Contracting Authority may ask for a report on the progress of the task or for corrections "
            "and explanations; the Contractor answers within %(days)s days."
        )
        % {"days": answer_days if answer_days is not None else BLANK},
    ]

    clauses = [
        Clause(1, _("Subject of the agreement"), subject),
        Clause(2, _("Manner of delivering the public task"), manner),
        Clause(
            3,
            _("The grant and its payment"),
            grant,
            tables=((2, "tranches"), (3, "years")) if multi_year else ((2, "tranches"),),
        ),
        Clause(
            4,
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
            5,
            _("Records and documentation"),
            [
                _("The Contractor keeps separate accounting records of the grant and of the task's expenses."),
                _(
                    "The Contractor keeps the documentation of the task for %(years)s years from the beginning of "
                    "the year after the year in which the task was delivered."
                )
                % {"years": _years("agreement.records_retention_years", agreement)},
            ],
        ),
        Clause(
            6,
            _("Information obligations"),
            [
                _(
                    "The Contractor informs that the task is co-financed or financed by the Contracting Authority, "
                    "in its materials, publications and on its premises, and places the Contracting Authority's "
                    "logo on them where possible."
                ),
                _(
                    "The Contractor informs the Contracting Authority without delay of any change of its address, "
                    "bank account, representatives or legal status."
                ),
            ],
        ),
        Clause(
            7,
            _("Control"),
            [
                _(
                    "The Contracting Authority may control the delivery of the task, including the use of the grant "
                    "and the documents, during the task and for %(years)s years after its end."
                )
                % {"years": _years("agreement.control_years", agreement)},
                _(
                    "Control may be carried out at the Contractor's seat, where the task is delivered and at the "
                    "Contracting Authority's seat; the Contractor gives the documents and explanations asked for."
                ),
            ],
        ),
        Clause(8, _("Reports"), reports),
        Clause(9, _("Use and return of the grant"), returning),
        Clause(
            10,
            _("Termination by mutual consent"),
            [_("The agreement may be terminated by mutual consent of the parties.")],
        ),
        Clause(
            11,
            _("Withdrawal by the Contractor"),
            [_("The Contractor may withdraw from the agreement before the grant is transferred.")],
        ),
        Clause(
            12,
            _("Termination by the Contracting Authority"),
            [
                _(
                    "The Contracting Authority may terminate the agreement without notice if the grant is used "
                    "contrary to its purpose, the task is not delivered or delivered improperly, a report is not "
                    "submitted or submitted late, or the Contractor's statements prove false."
                ),
            ],
        ),
        Clause(
            13,
            _("Ban on selling things bought with the grant"),
            [
                _(
                    "Equipment and other assets bought with the grant may not be sold or given away for "
                    "%(years)s years from their purchase."
                )
                % {"years": _years("agreement.asset_sale_ban_years", agreement)},
            ],
        ),
        Clause(
            14,
            _("Written form of statements"),
            [_("Any change of this agreement requires an annex in writing, on pain of nullity.")],
        ),
        Clause(
            15,
            _("Liability towards third parties"),
            [_("The Contractor is solely liable towards third parties for damage caused by delivering the task.")],
        ),
        Clause(
            16,
            _("Final provisions"),
            [
                _(
                    "Matters not governed by this agreement are governed by the Civil Code, the Act, the Public "
                    "Finance Act and, where they apply, the Public Procurement Law and the Accounting Act."
                ),
                _("Disputes are settled by the common court competent for the Contracting Authority's seat."),
                _(
                    "The agreement is made in copies, one for each party, or in electronic form with qualified "
                    "signatures."
                ),
            ],
        ),
    ]
    attachments = [
        _("The Contractor's offer (version %(version)s, SHA-256 checksum %(checksum)s).")
        % {"version": version.number, "checksum": version.checksum}
    ]
    if updated:
        attachments.append(_("The update of the description of the actions, the schedule and the cost calculation."))
    footnote = _(
        "This template follows the framework agreement of the Regulation of the Chairman of the Public Benefit "
        "Committee of 24 October 2018 (Dz.U. 2018 poz. 2057). It must be checked by the office's lawyer before use."
    )
    tranche_rows = [
        {"number": str(t.number), "due": written_date(t.due_date), "amount": money(t.amount)} for t in tranches
    ]
    return AgreementText(
        title=title,
        preamble=[_tidy(line) for line in preamble],
        parties=parties,
        clauses=[Clause(c.number, c.heading, [_tidy(p) for p in c.paragraphs], c.tables) for c in clauses],
        tranches=[*tranche_rows, {"number": _("Total"), "due": "", "amount": money(totals.planned)}],
        years=[{"year": str(y.year), "amount": money(y.amount)} for y in years],
        signatories=[_("For the Contracting Authority"), _("For the Contractor")],
        attachments=attachments,
        letterhead=_letterhead(tenant),
        footer=_("Agreement no. %(number)s – %(task)s") % {"number": agreement.number or BLANK, "task": task},
        office_notes=[footnote, *date_problems(agreement, years, tranches)],
    )


def _tidy(sentence: str) -> str:
    """One full stop where a sentence ends on a date's "r." ("… do dnia 25 czerwca 2027 r.")."""
    return sentence.replace(" r..", " r.")


def _local_date(value: dt.datetime | dt.date | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value


def agreement_title(agreement: Agreement) -> str:
    return _("Agreement %(number)s") % {"number": agreement.number or agreement.pk}


def agreement_document(agreement: Agreement, *, request: HttpRequest | None = None) -> RenderedDocument:
    """The agreement as a PDF (and the standalone HTML it was printed from): no office note in it."""
    return render_document(
        AGREEMENT_BODY,
        {"text": agreement_text(agreement), "agreement": agreement},
        title=agreement_title(agreement),
        request=request,
    )
