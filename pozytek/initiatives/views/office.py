"""Office pages of local initiative: the council's criteria (versions), the applications with their scores and
decision, the agreement (with what the office buys or lends, and its PDF), and the execution."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.core.money import amount_in_words
from pozytek.core.uploads import limit_uploads, refuse_too_large
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.documents.services import pdf_response, render_document
from pozytek.initiatives.forms.initiatives import (
    AgreementForm,
    CompleteForm,
    CriteriaForm,
    DecisionForm,
    DeliveryForm,
    MilestoneDoneForm,
    OfficeItemForm,
    PhotoForm,
    ScoreForm,
    points_of,
)
from pozytek.initiatives.models import Initiative
from pozytek.initiatives.selectors import (
    criteria_in_force,
    criteria_of,
    criteria_sets,
    initiatives_for_office,
    office_initiative,
    photo_of,
    scores_of,
)
from pozytek.initiatives.services import (
    add_office_item,
    add_photo,
    complete_initiative,
    decide_initiative,
    mark_milestone_done,
    prepare_agreement,
    record_delivery,
    remove_office_item,
    save_criteria,
    score_initiative,
    sign_agreement,
)
from pozytek.initiatives.views.common import initiative_context, photo_response, run
from pozytek.tenants.http import current_tenant

PERMISSION = "initiatives.manage"
AGREEMENT_BODY = "initiatives/documents/agreement.html"


def _initiative(request: HttpRequest, pk: int) -> Initiative:
    initiative = office_initiative(current_tenant(request), pk)
    if initiative is None:
        raise Http404
    return initiative


def _refusals(request: HttpRequest, call: Any) -> None:
    """Run a service; its refusals become messages on the next page."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except TransitionBlocked as blocked:
        for problem in blocked.problems:
            messages.error(request, problem.message)
    except (TransitionNotAllowed, PermissionDenied) as refusal:
        messages.error(request, str(refusal))


class ListView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        context = {"initiatives": list(initiatives_for_office(tenant)), "criteria_set": criteria_in_force(tenant)}
        return render(request, "initiatives/office/list.html", context)


class CriteriaView(OfficeAccessMixin, View):
    """The versions of the council's criteria, and a new version from a new resolution."""

    permission_required = PERMISSION
    template_name = "initiatives/office/criteria.html"

    def _render(self, request: HttpRequest, form: CriteriaForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "sets": list(criteria_sets(current_tenant(request)))}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        return self._render(request, CriteriaForm())

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        form = CriteriaForm(request.POST)

        def save(data: dict[str, Any]) -> None:
            save_criteria(
                tenant=current_tenant(request),
                actor=request.user,
                resolution_number=data["resolution_number"],
                resolution_date=data["resolution_date"],
                effective_from=data["effective_from"],
                procedure=data["procedure"],
                social_work_name=data["social_work_name"],
                social_work_weight=data["social_work_weight"],
                criteria=form.criteria(),
            )

        if run(form, save):
            messages.success(request, _("The new version of the criteria has been saved."))
            return redirect("initiatives_office:criteria", tenant_slug=tenant_slug)
        return self._render(request, form, status=400)


class DetailView(OfficeAccessMixin, View):
    """One application: its content, the scores on the criteria it was filed under, the decision."""

    permission_required = PERMISSION
    template_name = "initiatives/office/detail.html"

    def _render(self, request: HttpRequest, initiative: Initiative, bound: dict[str, BaseForm]) -> HttpResponse:
        criteria = criteria_of(initiative)
        scores = scores_of(initiative)
        initial = {f"criterion_{pk}": points for pk, points in scores.items()}
        context = {
            **initiative_context(initiative),
            "criteria": [(c, scores.get(c.pk)) for c in criteria],
            "score_total": sum(scores.values()),
            "score_max": sum(c.weight for c in criteria),
            "score_form": bound.get("score") or ScoreForm(criteria=criteria, initial=initial, prefix="score"),
            "decision_form": bound.get("decide") or DecisionForm(prefix="decide"),
        }
        return render(request, self.template_name, context, status=400 if bound else 200)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return self._render(request, _initiative(request, pk), {})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        initiative = _initiative(request, pk)
        action, user = request.POST.get("action", ""), request.user
        form: BaseForm
        call: Callable[[dict[str, Any]], Any]
        if action == "score":
            form = ScoreForm(request.POST, criteria=criteria_of(initiative), prefix="score")
            call = lambda data: score_initiative(initiative=initiative, actor=user, points=points_of(data))  # noqa: E731
        elif action == "decide":
            form = DecisionForm(request.POST, prefix="decide")
            call = lambda data: decide_initiative(initiative=initiative, actor=user, **data)  # noqa: E731
        else:
            return self._render(request, initiative, {})
        try:
            if not run(form, call):
                return self._render(request, initiative, {action: form})
        except TransitionBlocked as blocked:
            for problem in blocked.problems:
                messages.error(request, problem.message)
        except (TransitionNotAllowed, PermissionDenied) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Saved."))
        return redirect("initiatives_office:detail", tenant_slug=tenant_slug, pk=pk)


class AgreementView(OfficeAccessMixin, View):
    """The agreement of an approved initiative: its terms, what the office buys or lends, and the signing."""

    permission_required = PERMISSION
    template_name = "initiatives/office/agreement.html"

    def _render(self, request: HttpRequest, initiative: Initiative, bound: dict[str, BaseForm]) -> HttpResponse:
        context = initiative_context(initiative)
        context["agreement_form"] = bound.get("agreement") or AgreementForm(
            instance=context["agreement"], prefix="agreement"
        )
        context["item_form"] = bound.get("item") or OfficeItemForm(prefix="item")
        return render(request, self.template_name, context, status=400 if bound else 200)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return self._render(request, _initiative(request, pk), {})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        initiative = _initiative(request, pk)
        action, user = request.POST.get("action", ""), request.user
        call: Callable[[dict[str, Any]], Any]
        if action in ("agreement", "item"):
            form: BaseForm = (
                AgreementForm(request.POST, prefix=action)
                if action == "agreement"
                else OfficeItemForm(request.POST, prefix=action)
            )
            if action == "agreement":
                call = lambda data: prepare_agreement(initiative=initiative, actor=user, data=data)  # noqa: E731
            else:
                call = lambda data: add_office_item(initiative=initiative, actor=user, **data)  # noqa: E731
            if not run(form, call):
                return self._render(request, initiative, {action: form})
            messages.success(request, _("Saved."))
        elif action == "remove":
            value = request.POST.get("pk", "")
            _refusals(
                request,
                lambda: remove_office_item(initiative=initiative, actor=user, pk=int(value) if value.isdigit() else 0),
            )
        elif action == "sign":
            _refusals(request, lambda: sign_agreement(initiative=initiative, actor=user))
        else:
            return self._render(request, initiative, {})
        return redirect("initiatives_office:agreement", tenant_slug=tenant_slug, pk=pk)


class AgreementPdfView(OfficeAccessMixin, View):
    """Umowa o wykonanie inicjatywy lokalnej on A4, from the agreement prepared on the page."""

    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        initiative = _initiative(request, pk)
        context = initiative_context(initiative)
        if context["agreement"] is None:
            raise Http404
        context["tenant"] = initiative.tenant
        context["office_words"] = amount_in_words(context["totals"].office)
        context["residents_words"] = amount_in_words(context["totals"].residents)
        title = _("Agreement %(number)s on a local initiative") % {"number": context["agreement"].number}
        return pdf_response(render_document(AGREEMENT_BODY, context, title=title, request=request))


@method_decorator(csrf_exempt, name="dispatch")  # the size limit goes in before CSRF reads the body: see post()
class ExecutionView(OfficeAccessMixin, View):
    """The execution: steps done, contributions delivered against promised, photos, and the end."""

    permission_required = PERMISSION
    template_name = "initiatives/office/execution.html"

    def _forms(self, context: dict[str, Any], bound: dict[str, BaseForm]) -> dict[str, BaseForm]:
        return {
            "milestone": MilestoneDoneForm(milestones=context["milestones"], prefix="milestone"),
            "delivery": DeliveryForm(contributions=context["contributions"], prefix="delivery"),
            "photo": PhotoForm(prefix="photo"),
            "complete": CompleteForm(prefix="complete"),
            **bound,
        }

    def _render(self, request: HttpRequest, initiative: Initiative, bound: dict[str, BaseForm]) -> HttpResponse:
        context = initiative_context(initiative)
        context["forms"] = self._forms(context, bound)
        return render(request, self.template_name, context, status=400 if bound else 200)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return self._render(request, _initiative(request, pk), {})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        limit_uploads(request)
        return self._post(request, tenant_slug, pk)

    @method_decorator(csrf_protect)
    def _post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        initiative = _initiative(request, pk)
        context = initiative_context(initiative)
        action, user = request.POST.get("action", ""), request.user
        by_pk = {c.pk: c for c in context["contributions"]}
        steps = {m.pk: m for m in context["milestones"]}
        call: Callable[[dict[str, Any]], Any]
        if action == "milestone":
            form: BaseForm = MilestoneDoneForm(request.POST, milestones=context["milestones"], prefix=action)
            call = lambda d: mark_milestone_done(milestone=steps[d["milestone"]], actor=user, done_on=d["done_on"])  # noqa: E731
        elif action == "delivery":
            form = DeliveryForm(request.POST, contributions=context["contributions"], prefix=action)
            call = lambda d: record_delivery(  # noqa: E731
                contribution=by_pk[d["contribution"]],
                actor=user,
                on=d["on"],
                hours=d["hours"],
                value=d["value"],
                note=d["note"],
            )
        elif action == "photo":
            form = PhotoForm(request.POST, request.FILES, prefix=action)
            if refuse_too_large(request, form, "file"):
                return self._render(request, initiative, {action: form})
            call = lambda d: add_photo(initiative=initiative, actor=user, upload=d["file"], caption=d["caption"])  # noqa: E731
        elif action == "complete":
            form = CompleteForm(request.POST, prefix=action)
            call = lambda d: complete_initiative(initiative=initiative, actor=user, **d)  # noqa: E731
        else:
            return self._render(request, initiative, {})
        try:
            if not run(form, call):
                return self._render(request, initiative, {action: form})
        except (TransitionBlocked, TransitionNotAllowed, PermissionDenied) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Saved."))
        return redirect("initiatives_office:execution", tenant_slug=tenant_slug, pk=pk)


class PhotoView(OfficeAccessMixin, View):
    permission_required = PERMISSION

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, photo_pk: int) -> FileResponse:
        return photo_response(photo_of(_initiative(request, pk), photo_pk))
