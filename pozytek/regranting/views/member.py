"""The operator's workspace: the people who keep the operator organisation's profile run calls, decide
applications and sign and settle micro-grants; the committee it names scores. Anyone else gets 404."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from pozytek.core.money import amount_in_words
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.documents.services import pdf_response, render_document
from pozytek.regranting.forms.regranting import (
    CommitteeForm,
    DecisionForm,
    ScoreForm,
    SettleForm,
    SignForm,
    SubCallForm,
)
from pozytek.regranting.models import Application, MicroGrant, Operator, SubCall
from pozytek.regranting.permissions import is_operator_keeper, sits_on_committee
from pozytek.regranting.selectors import (
    application_of,
    applications_of,
    average_score,
    awarded_in_sub_call,
    committee_of,
    committee_seat,
    micro_grant_of,
    micro_grants_of,
    operator_in,
    pool_use,
    scores_of,
    sub_call_of,
    sub_calls_of,
)
from pozytek.regranting.services import (
    add_committee_member,
    close_sub_call,
    create_sub_call,
    decide_application,
    publish_sub_call,
    score_application,
    settle_micro_grant,
    sign_micro_grant,
)
from pozytek.regranting.states import ApplicationState, MicroGrantState, SubCallState
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

AGREEMENT_BODY = "regranting/documents/agreement.html"


class WorkspaceMixin(LoginRequiredMixin):
    """Finds the operator of the URL in the request's tenant; 404 unless the person keeps its profile or
    sits on its committee; `keepers_only` pages refuse committee members (403)."""

    keepers_only = False
    operator: Operator
    keeper: bool

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        operator = operator_in(current_tenant(request), kwargs["operator"])
        # The predicates themselves, not has_perm: the platform admin has no seat in an operator's workspace.
        keeper = is_operator_keeper(request.user, operator) if operator is not None else False
        if operator is None or not (keeper or sits_on_committee(request.user, operator)):
            raise Http404
        self.operator, self.keeper = operator, keeper
        if self.keepers_only and not self.keeper:
            raise PermissionDenied(_("Only the people who keep the organisation's profile can do this."))
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"operator": self.operator, "keeper": self.keeper, **extra}


def _refused(request: HttpRequest, refusal: Exception) -> None:
    if isinstance(refusal, TransitionBlocked):
        for problem in refusal.problems:
            messages.error(request, problem.message)
    else:
        messages.error(request, str(refusal))


class HomeView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, tenant_slug: str, operator: int) -> HttpResponse:
        context = self.context(
            use=pool_use(self.operator),
            sub_calls=list(sub_calls_of(self.operator)),
            micro_grants=list(micro_grants_of(self.operator)),
        )
        return render(request, "regranting/member/home.html", context)


class CommitteeView(WorkspaceMixin, View):
    keepers_only = True
    template_name = "regranting/member/committee.html"

    def _render(self, request: HttpRequest, form: CommitteeForm, status: int = 200) -> HttpResponse:
        context = self.context(form=form, committee=list(committee_of(self.operator)))
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, operator: int) -> HttpResponse:
        return self._render(request, CommitteeForm())

    def post(self, request: HttpRequest, tenant_slug: str, operator: int) -> HttpResponse:
        form = CommitteeForm(request.POST)
        if form.is_valid():
            try:
                add_committee_member(operator=self.operator, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The person has been added to the committee."))
                return redirect("regranting_operator:committee", tenant_slug=tenant_slug, operator=operator)
        return self._render(request, form, status=400)


class SubCallCreateView(WorkspaceMixin, View):
    keepers_only = True
    template_name = "regranting/member/sub_call_form.html"

    def get(self, request: HttpRequest, tenant_slug: str, operator: int) -> HttpResponse:
        return render(request, self.template_name, self.context(form=SubCallForm(), use=pool_use(self.operator)))

    def post(self, request: HttpRequest, tenant_slug: str, operator: int) -> HttpResponse:
        form = SubCallForm(request.POST)
        if form.is_valid():
            try:
                sub_call = create_sub_call(operator=self.operator, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The call has been saved as a draft."))
                return redirect(
                    "regranting_operator:sub_call", tenant_slug=tenant_slug, operator=operator, pk=sub_call.pk
                )
        context = self.context(form=form, use=pool_use(self.operator))
        return render(request, self.template_name, context, status=400)


class SubCallView(WorkspaceMixin, View):
    def _sub_call(self, pk: int) -> SubCall:
        sub_call = sub_call_of(self.operator, pk)
        if sub_call is None:
            raise Http404
        return sub_call

    def get(self, request: HttpRequest, tenant_slug: str, operator: int, pk: int) -> HttpResponse:
        sub_call = self._sub_call(pk)
        context = self.context(
            sub_call=sub_call, applications=list(applications_of(sub_call)), awarded=awarded_in_sub_call(sub_call)
        )
        return render(request, "regranting/member/sub_call.html", context)

    def post(self, request: HttpRequest, tenant_slug: str, operator: int, pk: int) -> HttpResponse:
        sub_call = self._sub_call(pk)
        action = request.POST.get("action", "")
        try:
            if action == "publish":
                publish_sub_call(sub_call=sub_call, actor=request.user)
                messages.success(request, _("The call is open for applications."))
            elif action == "close":
                close_sub_call(sub_call=sub_call, actor=request.user)
                messages.success(request, _("The call is closed: the committee may score the applications."))
            else:
                messages.error(request, _("Choose an action."))
        except (TransitionNotAllowed, TransitionBlocked, PermissionDenied) as refusal:
            _refused(request, refusal)
        return redirect("regranting_operator:sub_call", tenant_slug=tenant_slug, operator=operator, pk=pk)


class ApplicationView(WorkspaceMixin, View):
    template_name = "regranting/member/application.html"

    def _application(self, pk: int) -> Application:
        application = application_of(self.operator, pk)
        if application is None:
            raise Http404
        return application

    def _render(self, request: HttpRequest, application: Application, **forms: Any) -> HttpResponse:
        seat = committee_seat(request.user, self.operator)
        scores = list(scores_of(application))
        mine = next((s for s in scores if seat is not None and s.member_id == seat.pk), None)
        initial = {"points": mine.points, "comment": mine.comment} if mine else None
        context = self.context(
            application=application,
            sub_call=application.sub_call,
            scores=scores,
            average=average_score(application),
            seat=seat,
            closed=application.sub_call.state == SubCallState.CLOSED,
            open_for_decision=application.state == ApplicationState.SUBMITTED,
            score_form=forms.get("score_form") or ScoreForm(initial=initial),
            decision_form=forms.get("decision_form") or DecisionForm(initial={"amount": application.amount_requested}),
        )
        return render(request, self.template_name, context, status=400 if forms else 200)

    def get(self, request: HttpRequest, tenant_slug: str, operator: int, pk: int) -> HttpResponse:
        return self._render(request, self._application(pk))

    def post(self, request: HttpRequest, tenant_slug: str, operator: int, pk: int) -> HttpResponse:
        application = self._application(pk)
        action = request.POST.get("action", "")
        form: ScoreForm | DecisionForm
        if action == "score":
            form, key = ScoreForm(request.POST), "score_form"
        elif action == "decide":
            form, key = DecisionForm(request.POST), "decision_form"
        else:
            return self._render(request, application, decision_form=DecisionForm())
        if not form.is_valid():
            return self._render(request, application, **{key: form})
        try:
            if action == "score":
                score_application(application=application, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Your score has been saved."))
            else:
                decide_application(application=application, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The decision has been recorded."))
        except ValidationError as error:
            attach_service_errors(form, error)
            return self._render(request, application, **{key: form})
        except (TransitionNotAllowed, TransitionBlocked, PermissionDenied) as refusal:
            _refused(request, refusal)
        return redirect("regranting_operator:application", tenant_slug=tenant_slug, operator=operator, pk=pk)


class MicroGrantView(WorkspaceMixin, View):
    keepers_only = True
    template_name = "regranting/member/micro_grant.html"

    def _micro_grant(self, pk: int) -> MicroGrant:
        micro_grant = micro_grant_of(self.operator, pk)
        if micro_grant is None:
            raise Http404
        return micro_grant

    def _render(self, request: HttpRequest, micro_grant: MicroGrant, **forms: Any) -> HttpResponse:
        context = self.context(
            micro_grant=micro_grant,
            sign_form=forms.get("sign_form") or SignForm(),
            settle_form=forms.get("settle_form") or SettleForm(),
            states=MicroGrantState,
        )
        return render(request, self.template_name, context, status=400 if forms else 200)

    def get(self, request: HttpRequest, tenant_slug: str, operator: int, pk: int) -> HttpResponse:
        return self._render(request, self._micro_grant(pk))

    def post(self, request: HttpRequest, tenant_slug: str, operator: int, pk: int) -> HttpResponse:
        micro_grant = self._micro_grant(pk)
        action = request.POST.get("action", "")
        form: SignForm | SettleForm
        if action == "sign":
            form, key = SignForm(request.POST), "sign_form"
        elif action == "settle":
            form, key = SettleForm(request.POST), "settle_form"
        else:
            return self._render(request, micro_grant, sign_form=SignForm())
        if not form.is_valid():
            return self._render(request, micro_grant, **{key: form})
        try:
            if action == "sign":
                sign_micro_grant(micro_grant=micro_grant, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The agreement is recorded as signed."))
            else:
                settle_micro_grant(micro_grant=micro_grant, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The micro-grant is settled."))
        except ValidationError as error:
            attach_service_errors(form, error)
            return self._render(request, micro_grant, **{key: form})
        except (TransitionNotAllowed, TransitionBlocked, PermissionDenied) as refusal:
            _refused(request, refusal)
        return redirect("regranting_operator:micro_grant", tenant_slug=tenant_slug, operator=operator, pk=pk)


class AgreementPdfView(WorkspaceMixin, View):
    """The micro-grant agreement on A4, with the amount in words, to print and sign."""

    keepers_only = True

    def get(self, request: HttpRequest, tenant_slug: str, operator: int, pk: int) -> HttpResponse:
        micro_grant = micro_grant_of(self.operator, pk)
        if micro_grant is None:
            raise Http404
        context = {
            "tenant": current_tenant(request),
            "operator": self.operator,
            "micro_grant": micro_grant,
            "application": micro_grant.application,
            "amount_words": amount_in_words(micro_grant.amount),
            "page_url": request.build_absolute_uri(
                reverse("regranting:operator", kwargs={"tenant_slug": tenant_slug, "operator": operator})
            ),
        }
        title = _("Micro-grant agreement %(number)s") % {"number": micro_grant.number}
        return pdf_response(render_document(AGREEMENT_BODY, context, title=title, request=request))
