"""Pages of an NGO member writing an offer: start, overview with checklist, sections, submit.

Every page takes the offer from `member_offer` (the tenant of the URL and the user's
organisations), so any other offer id is a 404. Sections are normal POST forms; with htmx the
form saves inline and the budget totals refresh as you type (the server does the arithmetic).
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_htmx.http import HttpResponseClientRedirect

from pozytek.competitions.selectors import public_call
from pozytek.core.files import private_download
from pozytek.core.selectors import audit_events_of
from pozytek.core.uploads import limit_uploads, refuse_too_large
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.documents.services import pdf_response
from pozytek.offers import completeness
from pozytek.offers.budget import Line, Sources, build_budget, money, task_years
from pozytek.offers.deadlines import correction_closed_message, correction_deadline_passed
from pozytek.offers.documents import confirmation_document, offer_document
from pozytek.offers.forms.applicant import (
    ActionFormSet,
    AttachmentForm,
    CharacteristicsForm,
    ContactForm,
    CostLineFormSet,
    OfferorsFormSet,
    OtherForm,
    ResultFormSet,
    SimplifiedActionFormSet,
    SimplifiedCostLineFormSet,
    SimplifiedOfferorsFormSet,
    SimplifiedSourcesForm,
    SourcesForm,
    StatementsForm,
    TaskForm,
    VersionForm,
    WithdrawForm,
)
from pozytek.offers.history import offer_history
from pozytek.offers.models import Offer
from pozytek.offers.routes import route_of
from pozytek.offers.sections import OfferTemplate, Section
from pozytek.offers.selectors import (
    OfferFacts,
    actions_of,
    attachment_of,
    attachments_of,
    budget_of,
    cost_lines_of,
    deadline_passed,
    latest_version,
    member_offer,
    offers_of_member_across_tenants,
    version_of,
)
from pozytek.offers.services import (
    FIELD_SECTIONS,
    OfferClosed,
    SectionConflict,
    add_attachment,
    remove_attachment,
    reopen_offer,
    save_section,
    section_version,
    start_offer,
    submit_correction,
    submit_offer,
    submit_update,
    withdraw_offer,
)
from pozytek.offers.snapshot import canonical_json, offer_snapshot
from pozytek.offers.states import EDITABLE_STATES, UPDATE_SECTIONS, OfferState
from pozytek.offers.transitions import open_problems, update_problems
from pozytek.organisations.selectors import organisations_of, pending_claims_of
from pozytek.tenants.http import current_tenant

SECTION_TEMPLATE = "offers/section.html"
CORRECTION_TEMPLATE = "offers/applicant/correction.html"
UPDATE_TEMPLATE = "offers/applicant/update.html"
# After a lower award: the offer waits for its update (aktualizacja), or the update waits for the office.
UPDATE_STATES = (OfferState.UPDATE_REQUIRED, OfferState.UPDATE_SUBMITTED)
ROW_FORMSETS: dict[str, Any] = {
    "offerors": OfferorsFormSet,
    "actions": ActionFormSet,
    "results": ResultFormSet,
    "costs": CostLineFormSet,
}
FIELD_FORMS: dict[str, Any] = {
    "offerors": ContactForm,
    "task": TaskForm,
    "characteristics": CharacteristicsForm,
    "other": OtherForm,
}
PLAIN_FORMS: dict[str, Any] = {"sources": SourcesForm, "statements": StatementsForm}
# The simplified offer (art. 19a) replaces these forms of the full one; the other sections are the same.
SIMPLIFIED_FORMS: dict[str, Any] = {
    "offerors": SimplifiedOfferorsFormSet,
    "actions": SimplifiedActionFormSet,
    "costs": SimplifiedCostLineFormSet,
    "sources": SimplifiedSourcesForm,
}


def _template(offer: Offer) -> OfferTemplate:
    """The template the offer is written on (its route says): its sections, forms and checks."""
    return route_of(offer).offer_template(offer)


def _form_class(offer: Offer, kinds: dict[str, Any], section: str) -> Any:
    if _template(offer).simplified and section in SIMPLIFIED_FORMS:
        return SIMPLIFIED_FORMS[section]
    return kinds[section]


def _section_check(offer: Offer, key: str) -> Any:
    """The completeness check of one section: each reports the problems of the section it is named after, so
    a section page runs only its own check (an autosave of section VI then does not recompute the whole budget)."""
    return completeness.section_checks(_template(offer)).get(key, completeness.problems)


def _closed_message(offer: Offer) -> str:
    """Why the offer can no longer change: the deadline has passed or the call was cancelled/closed.

    An offer awaiting correction follows its own deadline (the call's has passed by then).
    """
    if offer.state == OfferState.CORRECTION:
        return correction_closed_message(offer) if correction_deadline_passed(offer) else ""
    if offer.state in UPDATE_STATES:  # the call is resolved: the update has no deadline of the call's
        return ""
    return " ".join(p.message for p in open_problems(offer))


def _correctable(offer: Offer, section_key: str | None) -> bool:
    """Awaiting correction: the sections the formal check listed, until the correction deadline."""
    return (
        offer.state == OfferState.CORRECTION
        and section_key is not None
        and section_key in offer.correction_sections
        and not correction_deadline_passed(offer)
    )


def _editable(offer: Offer, section_key: str | None = None) -> bool:
    if offer.state == OfferState.CORRECTION:
        return _correctable(offer, section_key)
    if offer.state == OfferState.UPDATE_REQUIRED:  # the update revises schedule, results, costs and sources
        return section_key in UPDATE_SECTIONS
    return offer.state in EDITABLE_STATES and not open_problems(offer)


def _offer(request: HttpRequest, pk: int) -> Offer:
    return member_offer(current_tenant(request), pk, request.user)


def _initial_rows(offer: Offer, section: str) -> list[dict[str, Any]]:
    if section == "offerors":
        return [
            {"id": o.pk, **{f: getattr(o, f) for f in OfferorsFormSet.form.base_fields if f not in ("id",)}}
            for o in offer.offerors.all()
        ]
    if section == "actions":
        return [
            {
                "id": a.pk,
                "year": a.year,
                "name": a.name,
                "description": a.description,
                "target_group": a.target_group,
                "period": a.period,
                "external_part": a.external_part,
                "offeror": a.offeror_id,
            }
            for a in actions_of(offer)
        ]
    if section == "results":
        return [
            {"id": r.pk, "name": r.name, "target": r.target, "monitoring": r.monitoring} for r in offer.results.all()
        ]
    if _template(offer).simplified:  # IV.1: a cost is one unit of its value
        return [
            {"id": c.pk, "name": c.name, "value": money(c.unit_cost * c.quantity), "grant": c.grant}
            for c in cost_lines_of(offer)
        ]
    return [
        {
            "id": c.pk,
            "category": c.category,
            "action": c.action_id,
            "name": c.name,
            "unit": c.unit,
            "unit_cost": c.unit_cost,
            "quantity": c.quantity,
            "year1": c.year1,
            "year2": c.year2,
            "year3": c.year3,
            "offeror": c.offeror_id,
        }
        for c in cost_lines_of(offer)
    ]


def _forms(offer: Offer, section: str, data: Any = None) -> dict[str, Any]:
    """The bound (POST) or initial forms of a section: `main` (fields) and/or `rows` (formset)."""
    forms: dict[str, Any] = {
        "version": VersionForm(data, initial={"version": section_version(offer, section)}, prefix="section")
    }
    if section in FIELD_FORMS:
        forms["main"] = FIELD_FORMS[section](data, instance=offer, prefix="f")
    if section in PLAIN_FORMS:
        initial = {f: getattr(offer, f) for f in FIELD_SECTIONS[section]}
        forms["main"] = _form_class(offer, PLAIN_FORMS, section)(data, initial=initial, prefix="f")
    if section in ROW_FORMSETS:
        rows = None if data is not None else _initial_rows(offer, section)
        forms["rows"] = _form_class(offer, ROW_FORMSETS, section)(data, initial=rows, prefix="rows", offer=offer)
    return forms


def _row_data(formset: Any) -> list[dict[str, Any]]:
    """Filled, not deleted rows of a valid formset (an untouched empty row is skipped)."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _preview_budget(offer: Offer, section: str, forms: dict[str, Any]) -> Any:
    """Totals of what is typed (htmx preview): valid rows and sources from the form, the rest saved."""
    if section == "costs" and _template(offer).simplified:
        lines = [
            Line(name=d["name"], unit="", unit_cost=d["value"], quantity=Decimal(1), grant=d.get("grant"))
            for d in _valid_rows(forms["rows"])
        ]
        saved = budget_of(offer)
        return build_budget(years=saved.years, lines=lines, sources=saved.sources)
    if section == "costs":
        actions = {a.pk: a.name for a in actions_of(offer)}
        offerors = {o.pk: o.name for o in offer.offerors.all()}
        lines = []
        for form in forms["rows"].forms:
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE"):
                d = form.cleaned_data
                lines.append(
                    Line(
                        name=d["name"],
                        unit=d["unit"],
                        unit_cost=d["unit_cost"],
                        quantity=d["quantity"],
                        years=(d.get("year1"), d.get("year2"), d.get("year3")),
                        category=d["category"],
                        action=actions.get(d.get("action") or 0, ""),
                        offeror=offerors.get(d.get("offeror") or 0, ""),
                    )
                )
        saved = budget_of(offer)
        return build_budget(
            years=task_years(offer.start_date, offer.end_date),
            lines=lines,
            sources=saved.sources,
            action_labels=list(dict.fromkeys(actions.values())),
            offerors=list(offerors.values()),
        )
    budget = budget_of(offer)
    form = forms["main"]
    if form.is_valid():
        d = form.cleaned_data
        budget.sources = Sources(
            grant=money(d.get("requested_grant")),
            own_financial=money(d.get("own_financial")),
            own_personal=money(d.get("own_personal")),
            own_in_kind=money(d.get("own_in_kind")),
            beneficiary_fees=money(d.get("beneficiary_fees")),
            other_public_funds=money(d.get("other_public_funds")),
        )
    return budget


def _valid_rows(formset: Any) -> list[dict[str, Any]]:
    """The rows of a bound formset that are valid, filled and not deleted (the others wait for their fixes)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _context(
    request: HttpRequest, offer: Offer, section: Section, forms: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    check = _section_check(offer, section.key)
    if offer.state == OfferState.UPDATE_REQUIRED and section.key == "sources":
        check = update_problems  # the sources must also ask for exactly the awarded grant
    problems = [p for p in check(offer) if p.section == section.key]
    context = {
        "offer": offer,
        "call": offer.call,
        "section": section,
        "sections": _template(offer).sections,
        "offer_template": _template(offer),
        "forms": forms,
        "problems": problems,
        "editable": _editable(offer, section.key),
        "closed_message": _closed_message(offer),
        "years": task_years(offer.start_date, offer.end_date),
        **extra,
    }
    if section.key in ("costs", "sources"):
        context["budget"] = extra.get("budget") or budget_of(offer)
        context["call_rules"] = route_of(offer).limits(offer)
    if section.key == "costs":  # how the table's script reads and writes amounts in the page's language
        context["decimal_separator"] = get_format("DECIMAL_SEPARATOR")
        context["thousand_separator"] = get_format("THOUSAND_SEPARATOR")
    return context


def _render(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    template = SECTION_TEMPLATE
    if request.htmx:  # type: ignore[attr-defined]
        template = f"{SECTION_TEMPLATE}#section-form"
        status = 200  # htmx swaps only successful responses; errors are in the fragment
    return render(request, template, context, status=status)


class OfferStartView(LoginRequiredMixin, View):
    """Choose which of one's organisations writes an offer in this call, then start it."""

    def _choices(self, request: HttpRequest) -> list[Any]:
        return [m.organisation for m in organisations_of(request.user)]

    def get(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        call = public_call(current_tenant(request), call_pk)
        organisations = self._choices(request)
        context = {
            "call": call,
            "organisations": organisations,
            "closed": deadline_passed(call),
            # without an organisation the page explains how to register or claim one
            "pending_claims": [] if organisations else list(pending_claims_of(request.user, current_tenant(request))),
        }
        return render(request, "offers/start.html", context)

    def post(self, request: HttpRequest, tenant_slug: str, call_pk: int) -> HttpResponse:
        call = public_call(current_tenant(request), call_pk)
        organisations = {str(o.pk): o for o in self._choices(request)}
        organisation = organisations.get(request.POST.get("organisation", ""))
        error = ""
        if organisation is None:
            error = _("Choose the organisation that writes the offer.")
        else:
            try:
                offer = start_offer(call=call, organisation=organisation, actor=request.user)
            except (ValidationError, PermissionDenied) as problem:
                error = " ".join(getattr(problem, "messages", [str(problem)]))
            else:
                return redirect("offers:overview", tenant_slug=tenant_slug, pk=offer.pk)
        context = {
            "call": call,
            "organisations": list(organisations.values()),
            "error": error,
            "closed": deadline_passed(call),
        }
        return render(request, "offers/start.html", context, status=400)


class OfferOverviewView(LoginRequiredMixin, View):
    """The offer's front page: section I, sections with their problems, submit or withdraw."""

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return self.render(request, _offer(request, pk))

    def render(self, request: HttpRequest, offer: Offer, problems: Any = None, status: int = 200) -> HttpResponse:
        facts = OfferFacts(offer)  # the checklist and the budget read the rows once
        if problems is not None:
            all_problems = problems
        elif offer.state == OfferState.UPDATE_REQUIRED:
            all_problems = update_problems(offer)  # complete, and asking for exactly the awarded grant
        else:
            all_problems = completeness.problems(offer, facts)
        template = _template(offer)
        by_section = {s.key: [p for p in all_problems if p.section == s.key] for s in template.sections}
        version = latest_version(offer)
        context = {
            "offer": offer,
            "call": offer.call,
            "offer_template": template,
            "task_type": route_of(offer).task_type(offer),
            "sections": [(s, by_section.get(s.key, [])) for s in template.sections],
            "problems": all_problems,
            "deadline_problems": [p for p in all_problems if p.section == "deadline"],
            "problem_links": [
                (p, template.by_key(p.section)) for p in all_problems if template.by_key(p.section) is not None
            ],
            "version": version,
            "closed": bool(open_problems(offer)),
            "closed_message": _closed_message(offer),
            "budget": budget_of(offer, facts),
            "withdraw_form": WithdrawForm(),
            "history": offer_history(offer, tenant=current_tenant(request), audience="member"),
        }
        if offer.state == OfferState.CORRECTION:
            context.update(_correction_context(offer))
            return render(request, CORRECTION_TEMPLATE, context, status=status)
        if offer.state in UPDATE_STATES:
            context.update(_update_context(offer))
            return render(request, UPDATE_TEMPLATE, context, status=status)
        return render(request, "offers/overview.html", context, status=status)


def _correction_context(offer: Offer) -> dict[str, Any]:
    """The request for corrections: the defects found by the last formal check, the sections to correct.

    Read through the reverse relation (the offers app does not import the evaluation app).
    """
    check = offer.formal_checks.order_by("-round").first()
    answers = check.answers if check is not None else []
    return {
        "formal_check": check,
        "defects": [a for a in answers if not a.get("met")],
        "correction_sections": [s for s in _template(offer).sections if s.key in offer.correction_sections],
        "correction_open": not correction_deadline_passed(offer),
    }


def _update_context(offer: Offer) -> dict[str, Any]:
    """The offer update after a lower award: the awarded and requested amounts, the decision's reasons, the
    office's reasons if it returned an earlier update, the sections that may change.

    The award is read through the reverse relation (the offers app does not import the evaluation app);
    the reasons for a return are those the office gave in the transition (its audit event).
    """
    award = getattr(offer, "award", None)
    returned = None
    if offer.state == OfferState.UPDATE_REQUIRED:
        returned = audit_events_of(offer).filter(action="offer.return_update").select_related("actor").last()
    return {
        "award": award,
        "decision": award.decision if award is not None else None,
        "returned": returned,
        "returned_reasons": returned.data.get("reason", "") if returned is not None else "",
        "update_sections": [s for s in _template(offer).sections if s.key in UPDATE_SECTIONS],
        "update_open": offer.state == OfferState.UPDATE_REQUIRED,
    }


class SectionView(LoginRequiredMixin, View):
    """One section of the template as a form that saves a draft."""

    def _section(self, offer: Offer, slug: str) -> Section:
        """A section of the offer's own template (another template's section is a 404)."""
        section = _template(offer).by_slug(slug)
        if section is None or section.key == "attachments":
            raise Http404
        return section

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, slug: str) -> HttpResponse:
        offer = _offer(request, pk)
        section = self._section(offer, slug)
        forms = _forms(offer, section.key)
        if section.key == "costs":  # "Add rows" without JavaScript comes back here with the rows it wants
            _show_empty_rows(forms["rows"], request.GET.get("empty", ""))
        return _render(request, _context(request, offer, section, forms))

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, slug: str) -> HttpResponse:
        offer = _offer(request, pk)
        section = self._section(offer, slug)
        forms = _forms(offer, section.key, request.POST)
        # The cost table's own requests: a background save while typing, and "add rows" without JavaScript.
        autosave = section.key == "costs" and "autosave" in request.POST
        adding = section.key == "costs" and "add_rows" in request.POST
        if not all(form.is_valid() for form in forms.values()):
            if autosave:
                return _autosave_status(request, forms, state="invalid")
            if adding:
                forms["rows"] = forms["rows"].with_more_rows()
            return _render(request, _context(request, offer, section, forms), status=400)
        main, rows = forms.get("main"), forms.get("rows")
        try:
            saved = save_section(
                offer=offer,
                section=section.key,
                actor=request.user,
                version=forms["version"].cleaned_data["version"],
                data=dict(main.cleaned_data) if main is not None else None,
                rows=_row_data(rows) if rows is not None else None,
            )
        except SectionConflict as conflict:
            if autosave:  # nothing is overwritten in the background: the person decides with "Save"
                return _autosave_status(request, forms, state="conflict", conflict=conflict)
            forms["version"] = VersionForm(initial={"version": conflict.version}, prefix="section")
            context = _context(request, offer, section, forms, conflict=conflict)
            return _render(request, context, status=409)
        except OfferClosed as closed:
            if autosave:
                return _autosave_status(request, forms, state="closed", message=" ".join(closed.messages))
            messages.error(request, " ".join(closed.messages))
            return redirect("offers:overview", tenant_slug=tenant_slug, pk=pk)
        except ValidationError as error:
            _attach_errors(forms, error)
            if autosave:
                return _autosave_status(request, forms, state="invalid")
            return _render(request, _context(request, offer, section, forms), status=400)
        saved_at = timezone.localtime().strftime("%H:%M:%S")
        if autosave:
            return _autosave_status(request, forms, state="saved", saved=saved, saved_at=saved_at)
        if adding:
            return _after_adding_rows(request, saved, section, forms["rows"], saved_at, tenant_slug=tenant_slug)
        if request.htmx and "continue" not in request.POST:  # type: ignore[attr-defined]
            return _render(request, _context(request, saved, section, _forms(saved, section.key), saved_at=saved_at))
        messages.success(request, _("Section saved at %(time)s.") % {"time": saved_at})
        if "continue" in request.POST:
            sections = _template(offer).sections
            following = sections[[s.key for s in sections].index(section.key) + 1]
            target = reverse("offers:section", kwargs={"tenant_slug": tenant_slug, "pk": pk, "slug": following.slug})
            if request.htmx:  # type: ignore[attr-defined]
                return HttpResponseClientRedirect(target)  # a page load, not the next page swapped into this one
            return redirect(target)
        return redirect("offers:section", tenant_slug=tenant_slug, pk=pk, slug=section.slug)


def _attach_errors(forms: dict[str, Any], error: ValidationError) -> None:
    """A service's refusal next to the field it names, or above the rows."""
    main, rows = forms.get("main"), forms.get("rows")
    target = main if main is not None else rows
    assert target is not None  # noqa: S101 -- every section but attachments has fields or rows
    for field, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
        if main is not None and field in main.fields:
            main.add_error(field, errors)
        elif hasattr(target, "non_form_errors"):
            target.non_form_errors()  # computed first, so that the refusal is added to them
            target._non_form_errors.extend(errors)
        else:
            target.add_error(None, errors)


def _show_empty_rows(rows: Any, wanted: str) -> None:
    """Show `wanted` empty rows after the saved ones (at least the usual number, within the formset's limit)."""
    if wanted.isdigit():
        rows.extra = max(rows.extra, min(int(wanted), rows.max_num - rows.initial_form_count()))


def _after_adding_rows(
    request: HttpRequest, saved: Offer, section: Section, posted: Any, saved_at: str, *, tenant_slug: str
) -> HttpResponse:
    """The rows were saved: the table again with as many rows as it had, plus `ADD_ROWS` empty ones."""
    empty = posted.total_form_count() - len(_row_data(posted)) + posted.ADD_ROWS
    if request.htmx:  # type: ignore[attr-defined]
        forms = _forms(saved, section.key)
        _show_empty_rows(forms["rows"], str(empty))
        return _render(request, _context(request, saved, section, forms, saved_at=saved_at))
    messages.success(request, _("Section saved at %(time)s.") % {"time": saved_at})
    url = reverse("offers:section", kwargs={"tenant_slug": tenant_slug, "pk": saved.pk, "slug": section.slug})
    return redirect(f"{url}?empty={empty}#costs-grid")


def _autosave_status(
    request: HttpRequest,
    forms: dict[str, Any],
    *,
    state: str,
    saved: Offer | None = None,
    saved_at: str = "",
    conflict: SectionConflict | None = None,
    message: str = "",
) -> HttpResponse:
    """The answer to a background save of the cost table: its status, the section's new version and the ids of
    the rows it created (the page keeps the table under the cursor and copies these in); never the table."""
    rows = forms["rows"]
    row_ids: list[tuple[str, int]] = []
    version = None
    if saved is not None:
        version = section_version(saved, "costs")
        kept = [form for form in rows.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        lines = sorted(cost_lines_of(saved), key=lambda line: line.order)
        row_ids = [(form["id"].auto_id, line.pk) for form, line in zip(kept, lines, strict=False)]
    context = {
        "state": state,
        "rows": rows,
        "version": version,
        "row_ids": row_ids,
        "saved_at": saved_at,
        "conflict": conflict,
        "message": message,
    }
    return render(request, f"{SECTION_TEMPLATE}#autosave-status", context)


class BudgetPreviewView(LoginRequiredMixin, View):
    """htmx: totals of V.A/V.B for what is typed, not saved (the server does all the arithmetic)."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, slug: str) -> HttpResponse:
        offer = _offer(request, pk)
        section = _template(offer).by_slug(slug)
        if section is None or section.key not in ("costs", "sources"):
            raise Http404
        forms = _forms(offer, section.key, request.POST)
        budget = _preview_budget(offer, section.key, forms)
        rules = route_of(offer).limits(offer)
        context = {"budget": budget, "offer": offer, "call_rules": rules, "offer_template": _template(offer)}
        return render(request, f"{SECTION_TEMPLATE}#budget-totals", context)


@method_decorator(csrf_exempt, name="dispatch")
class AttachmentsView(LoginRequiredMixin, View):
    """List, upload and remove attachments; the size limit is enforced while the upload streams in."""

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        offer = _offer(request, pk)
        return self.render(request, offer, AttachmentForm(offer=offer))

    def render(self, request: HttpRequest, offer: Offer, form: AttachmentForm, status: int = 200) -> HttpResponse:
        problems = [p for p in completeness.problems(offer) if p.section == "attachments"]
        context = {
            "offer": offer,
            "call": offer.call,
            "section": _template(offer).by_slug("zalaczniki"),
            "sections": _template(offer).sections,
            "form": form,
            "attachments": attachments_of(offer),
            "problems": problems,
            "editable": _editable(offer, "attachments"),
            "closed_message": _closed_message(offer),
        }
        return render(request, "offers/attachments.html", context, status=status)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        limit_uploads(request)
        return self._post(request, tenant_slug, pk)

    @method_decorator(csrf_protect)
    def _post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        offer = _offer(request, pk)
        if "remove" in request.POST:
            attachment = attachment_of(offer, int(request.POST["remove"]) if request.POST["remove"].isdigit() else 0)
            try:
                remove_attachment(attachment=attachment, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The attachment has been removed."))
            return redirect("offers:attachments", tenant_slug=tenant_slug, pk=pk)
        form = AttachmentForm(request.POST, request.FILES, offer=offer)
        if refuse_too_large(request, form, "file"):
            return self.render(request, offer, form, status=413)
        if form.is_valid():
            try:
                add_attachment(
                    offer=offer, label=form.cleaned_data["label"], upload=form.cleaned_data["file"], actor=request.user
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                messages.success(request, _("The attachment has been added."))
                return redirect("offers:attachments", tenant_slug=tenant_slug, pk=pk)
        return self.render(request, offer, form, status=400)


@login_required
def attachment_download(request: HttpRequest, tenant_slug: str, pk: int, attachment_pk: int) -> FileResponse:
    attachment = attachment_of(_offer(request, pk), attachment_pk)
    return private_download(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


class SubmitView(OfferOverviewView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        offer = _offer(request, pk)
        try:
            version = submit_offer(offer=offer, actor=request.user)
        except TransitionBlocked as blocked:
            return self.render(request, offer, blocked.problems, status=400)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect("offers:overview", tenant_slug=tenant_slug, pk=pk)
        when = timezone.localtime(version.submitted_at)
        messages.success(
            request,
            _("The offer was submitted on %(date)s at %(time)s. The confirmation has been sent by e-mail.")
            % {"date": when.strftime("%Y-%m-%d"), "time": when.strftime("%H:%M:%S")},
        )
        return redirect("offers:overview", tenant_slug=tenant_slug, pk=pk)


def _submit_new_version(
    view: OfferOverviewView,
    request: HttpRequest,
    tenant_slug: str,
    pk: int,
    submit: Callable[..., Any],
    message: str,
) -> HttpResponse:
    """Submit a new frozen version of the offer with `submit(offer=, actor=)`; `message` takes its number and time."""
    offer = _offer(request, pk)
    try:
        version = submit(offer=offer, actor=request.user)
    except TransitionBlocked as blocked:
        return view.render(request, offer, blocked.problems, status=400)
    except (TransitionNotAllowed, PermissionDenied) as error:
        messages.error(request, str(error))
        return redirect("offers:overview", tenant_slug=tenant_slug, pk=pk)
    when = timezone.localtime(version.submitted_at)
    messages.success(
        request,
        message % {"number": version.number, "date": when.strftime("%Y-%m-%d"), "time": when.strftime("%H:%M:%S")},
    )
    return redirect("offers:overview", tenant_slug=tenant_slug, pk=pk)


class SubmitCorrectionView(OfferOverviewView):
    """The offeror submits the corrected offer: a new frozen version goes back to the office."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        message = _(
            "The corrected offer (version %(number)s) was submitted on %(date)s at %(time)s. "
            "The confirmation has been sent by e-mail."
        )
        return _submit_new_version(self, request, tenant_slug, pk, submit_correction, message)


class SubmitUpdateView(OfferOverviewView):
    """The offeror submits the offer update after a lower award: a new frozen version goes to the office."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        message = _(
            "The offer update (version %(number)s) was submitted on %(date)s at %(time)s. "
            "The office has been notified; the confirmation has been sent by e-mail."
        )
        return _submit_new_version(self, request, tenant_slug, pk, submit_update, message)


class WithdrawView(OfferOverviewView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        offer = _offer(request, pk)
        form = WithdrawForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            withdraw_offer(offer=offer, actor=request.user, reason=reason)
        except TransitionBlocked as blocked:
            messages.error(request, " ".join(p.message for p in blocked.problems))
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The offer has been withdrawn."))
        return redirect("offers:overview", tenant_slug=tenant_slug, pk=pk)


class ReopenView(OfferOverviewView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        offer = _offer(request, pk)
        try:
            reopen_offer(offer=offer, actor=request.user)
        except TransitionBlocked as blocked:
            messages.error(request, " ".join(p.message for p in blocked.problems))
        except (TransitionNotAllowed, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The offer is a draft again. Submit it again before the deadline."))
        return redirect("offers:overview", tenant_slug=tenant_slug, pk=pk)


@login_required
def offer_pdf(request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
    """The current draft, correction or update (marked as a draft) or the latest submitted version, as printed."""
    offer = _offer(request, pk)
    version = latest_version(offer)
    # An offer being corrected or updated prints as it now stands (the submitted versions have their own PDFs).
    if offer.state not in (OfferState.DRAFT, OfferState.CORRECTION, OfferState.UPDATE_REQUIRED) and version is not None:
        return pdf_response(offer_document(version.snapshot, checksum=version.checksum, request=request))
    return pdf_response(offer_document(offer_snapshot(offer), draft=True, request=request))


@login_required
def version_pdf(request: HttpRequest, tenant_slug: str, pk: int, number: int) -> HttpResponse:
    version = version_of(_offer(request, pk), number)
    return pdf_response(offer_document(version.snapshot, checksum=version.checksum, request=request))


@login_required
def version_json(request: HttpRequest, tenant_slug: str, pk: int, number: int) -> HttpResponse:
    """The exact bytes the checksum was computed over: `sha256sum` of this file equals it."""
    version = version_of(_offer(request, pk), number)
    response = HttpResponse(canonical_json(version.snapshot), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="oferta-{version.offer_id}-v{version.number}.json"'
    return response


@login_required
def confirmation_pdf(request: HttpRequest, tenant_slug: str, pk: int, number: int) -> HttpResponse:
    version = version_of(_offer(request, pk), number)
    return pdf_response(confirmation_document(version, request=request))


@login_required
def my_offers(request: HttpRequest) -> HttpResponse:
    """Every offer of the user's organisations, in every local government."""
    offers = list(offers_of_member_across_tenants(request.user))
    return render(request, "offers/my_offers.html", {"offers": offers, "now": timezone.now(), "zero": Decimal(0)})
