"""Office pages of consultations: list, create/edit, the draft (paste or DOCX), attachments, survey,
meetings and minutes, publish / close / cancel, answering and merging comments, the report."""

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.consultations.documents import BODY, report_context, report_title
from pozytek.consultations.forms.office import (
    AnswerForm,
    AttachmentForm,
    CancelForm,
    ConsultationForm,
    DraftForm,
    MeetingForm,
    MergeForm,
    MinutesForm,
    QuestionFormSet,
    ReportForm,
)
from pozytek.consultations.history import consultation_history
from pozytek.consultations.models import Consultation
from pozytek.consultations.selectors import (
    PUBLIC_STATES,
    comments_of,
    consultations_of_tenant,
    has_ended,
    meeting_of,
    office_comment,
    office_consultation,
    phase,
    unanswered,
)
from pozytek.consultations.services import (
    add_attachment,
    add_meeting,
    answer_comment,
    cancel_consultation,
    close_consultation,
    create_consultation,
    merge_comment,
    publish_consultation,
    publish_report,
    record_minutes,
    remove_attachment,
    replace_units,
    set_questions,
    unmerge_comment,
    update_consultation,
)
from pozytek.consultations.states import DOCX_MAX_BYTES, ConsultationState, Phase
from pozytek.consultations.transitions import closing_problems, publication_problems, report_problems
from pozytek.core.files import max_size
from pozytek.core.uploads import limit_uploads, refuse_too_large
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # the stubs' alias of str | lazy str, for types only


class Office(OfficeAccessMixin, View):
    permission_required = "consultations.manage_consultations"

    def consultation(self, request: HttpRequest, pk: int) -> Consultation:
        return office_consultation(current_tenant(request), pk)

    def back(self, tenant_slug: str, pk: int) -> HttpResponse:
        return redirect("consultations_office:detail", tenant_slug=tenant_slug, pk=pk)


class ListView(Office):
    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        rows = list(consultations_of_tenant(current_tenant(request)))
        for row in rows:
            row.phase_label = (  # type: ignore[attr-defined]
                Phase(phase(row)).label if row.state != ConsultationState.DRAFT else row.get_state_display()
            )
            if row.state == ConsultationState.CANCELLED:
                row.phase_label = row.get_state_display()  # type: ignore[attr-defined]
        return render(request, "consultations/office/list.html", {"consultations": rows})


class FormView(Office):
    """Create (no pk) or edit a consultation's data."""

    def get(self, request: HttpRequest, tenant_slug: str, pk: int | None = None) -> HttpResponse:
        consultation = self.consultation(request, pk) if pk else None
        form = ConsultationForm(instance=consultation, tenant=current_tenant(request))
        return render(request, "consultations/office/form.html", {"form": form, "consultation": consultation})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int | None = None) -> HttpResponse:
        consultation = self.consultation(request, pk) if pk else None
        form = ConsultationForm(request.POST, instance=consultation, tenant=current_tenant(request))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if consultation is None:
                    consultation = create_consultation(
                        tenant=current_tenant(request),
                        actor=request.user,
                        data=data,
                    )
                else:
                    consultation = update_consultation(consultation=consultation, actor=request.user, data=data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The consultation has been saved."))
                return self.back(tenant_slug, consultation.pk)
        context = {"form": form, "consultation": consultation}
        return render(request, "consultations/office/form.html", context, status=400)


class DetailView(Office):
    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return self.render(request, self.consultation(request, pk))

    def render(
        self, request: HttpRequest, consultation: Consultation, problems: Any = None, status: int = 200, **extra: Any
    ) -> HttpResponse:
        draft = consultation.state == ConsultationState.DRAFT
        if problems is None:
            problems = publication_problems(consultation) if draft else []
        context = {
            "consultation": consultation,
            "phase_label": Phase(phase(consultation)).label,
            "problems": problems,
            "draft": draft,
            "has_public_page": consultation.state in PUBLIC_STATES,  # not a draft, not cancelled
            "units": list(consultation.units.all()),
            "attachments": list(consultation.attachments.all()),
            "questions": list(consultation.questions.all()),
            "meetings": list(consultation.meeting_set.all()),
            "comment_count": comments_of(consultation).count(),
            "unanswered_count": unanswered(consultation).count(),
            "can_close": consultation.state == ConsultationState.PUBLISHED and not closing_problems(consultation),
            "answering": consultation.state in (ConsultationState.PUBLISHED, ConsultationState.CLOSED)
            and has_ended(consultation),
            "can_cancel": consultation.state in (ConsultationState.DRAFT, ConsultationState.PUBLISHED),
            "attachment_form": extra.get("attachment_form") or AttachmentForm(),
            "meeting_form": extra.get("meeting_form") or MeetingForm(),
            "cancel_form": extra.get("cancel_form") or CancelForm(),
            "history": consultation_history(consultation, tenant=current_tenant(request)),
        }
        return render(request, "consultations/office/detail.html", context, status=status)


def _draft_limit() -> int:
    """A draft's DOCX may not exceed its own limit, nor the platform's for any upload."""
    return min(DOCX_MAX_BYTES, max_size())


@method_decorator(csrf_exempt, name="dispatch")
class DraftView(Office):
    """Paste the draft or upload a DOCX; the units replace the current ones (drafts only).

    CSRF is checked in `_post`, after the size-limiting upload handler is in place.
    """

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        current = "\n\n".join(
            "\n".join(filter(None, [f"{u.label} {u.heading}".strip(), u.text])) for u in consultation.units.all()
        )
        form = DraftForm(initial={"text": current})
        return render(request, "consultations/office/draft.html", {"form": form, "consultation": consultation})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        limit_uploads(request, limit=_draft_limit())
        return self._post(request, tenant_slug, pk)

    @method_decorator(csrf_protect)
    def _post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        form = DraftForm(request.POST, request.FILES)
        if refuse_too_large(request, form, "file", limit=_draft_limit()):
            return render(
                request, "consultations/office/draft.html", {"form": form, "consultation": consultation}, status=413
            )
        if form.is_valid():
            try:
                replace_units(
                    consultation=consultation,
                    actor=request.user,
                    units=form.cleaned_data["units"],
                    source=form.cleaned_data.get("source", ""),
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The draft has been saved: %(count)d units.") % {"count": len(form.cleaned_data["units"])},
                )
                return self.back(tenant_slug, pk)
        context = {"form": form, "consultation": consultation}
        return render(request, "consultations/office/draft.html", context, status=400)


@method_decorator(csrf_exempt, name="dispatch")
class AttachmentView(DetailView):
    """Add an attachment; CSRF is checked in `_post`, after the size-limiting upload handler is in place."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        limit_uploads(request)
        return self._post(request, tenant_slug, pk)

    @method_decorator(csrf_protect)
    def _post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        form = AttachmentForm(request.POST, request.FILES)
        if refuse_too_large(request, form, "file"):
            return self.render(request, consultation, status=413, attachment_form=form)
        if form.is_valid():
            try:
                add_attachment(
                    consultation=consultation,
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The attachment has been added."))
                return self.back(tenant_slug, pk)
        return self.render(request, consultation, status=400, attachment_form=form)


class AttachmentRemoveView(Office):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int, attachment_pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        item = get_object_or_404(consultation.attachments.all(), pk=attachment_pk)
        try:
            remove_attachment(attachment=item, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The attachment has been removed."))
        return self.back(tenant_slug, pk)


class MeetingView(DetailView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                add_meeting(consultation=consultation, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The meeting has been added."))
                return self.back(tenant_slug, pk)
        return self.render(request, consultation, status=400, meeting_form=form)


class MinutesView(Office):
    def _context(self, request: HttpRequest, pk: int, meeting_pk: int) -> dict[str, Any]:
        consultation = self.consultation(request, pk)
        meeting = meeting_of(consultation, meeting_pk)
        return {"consultation": consultation, "meeting": meeting}

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, meeting_pk: int) -> HttpResponse:
        context = self._context(request, pk, meeting_pk)
        meeting = context["meeting"]
        context["form"] = MinutesForm(initial={"minutes": meeting.minutes, "attendance": meeting.attendance})
        context["registrations"] = meeting.registrations.select_related("user", "organisation")
        return render(request, "consultations/office/minutes.html", context)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, meeting_pk: int) -> HttpResponse:
        context = self._context(request, pk, meeting_pk)
        form = MinutesForm(request.POST)
        if form.is_valid():
            try:
                record_minutes(meeting=context["meeting"], actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The minutes have been saved."))
                return self.back(tenant_slug, pk)
        context["form"] = form
        context["registrations"] = context["meeting"].registrations.select_related("user", "organisation")
        return render(request, "consultations/office/minutes.html", context, status=400)


class SurveyView(Office):
    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        initial = [{"text": q.text, "kind": q.kind, "choices": q.choices} for q in consultation.questions.all()]
        formset = QuestionFormSet(prefix="questions", initial=initial)
        return render(request, "consultations/office/survey.html", {"formset": formset, "consultation": consultation})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        formset = QuestionFormSet(request.POST, prefix="questions")
        error_message = ""
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and f.cleaned_data.get("text")]
            try:
                set_questions(consultation=consultation, actor=request.user, questions=rows)
            except ValidationError as error:
                error_message = " ".join(error.messages)
            else:
                messages.success(request, _("The survey has been saved."))
                return self.back(tenant_slug, pk)
        context = {"formset": formset, "consultation": consultation, "error_message": error_message}
        return render(request, "consultations/office/survey.html", context, status=400)


class _TransitionView(DetailView):
    """A button that moves the consultation along its workflow (publish, close); problems come back on the page."""

    service: Any = None
    success: "StrOrPromise" = ""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        try:
            type(self).service(consultation=consultation, actor=request.user)
        except TransitionBlocked as blocked:
            return self.render(request, consultation, blocked.problems, status=400)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return self.back(tenant_slug, pk)
        messages.success(request, self.success)
        return self.back(tenant_slug, pk)


class PublishView(_TransitionView):
    service = publish_consultation
    success = gettext_lazy("The consultation has been published.")


class CloseView(_TransitionView):
    service = close_consultation
    success = gettext_lazy("The consultation has been closed.")


class CancelView(DetailView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                cancel_consultation(consultation=consultation, actor=request.user, reason=form.cleaned_data["reason"])
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
                return self.back(tenant_slug, pk)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The consultation has been cancelled."))
                return self.back(tenant_slug, pk)
        return self.render(request, consultation, status=400, cancel_form=form)


class CommentsView(Office):
    """Every comment with its answer; links to answer each one."""

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        context = {
            "consultation": consultation,
            "comments": list(comments_of(consultation)),
            "answering": consultation.state in (ConsultationState.PUBLISHED, ConsultationState.CLOSED)
            and has_ended(consultation),
            "report_problems": report_problems(consultation)
            if consultation.state in (ConsultationState.PUBLISHED, ConsultationState.CLOSED)
            else [],
            "report_form": ReportForm(initial={"summary": consultation.report_summary}),
        }
        return render(request, "consultations/office/comments.html", context)


class AnswerView(Office):
    """Answer one comment (accepted / partly / rejected with the reason) or merge it into another."""

    def _context(self, request: HttpRequest, pk: int, comment_pk: int) -> dict[str, Any]:
        consultation = self.consultation(request, pk)
        comment = office_comment(consultation, comment_pk)
        others = [c for c in comments_of(consultation) if c.duplicate_of_id is None and c.pk != comment.pk]
        return {"consultation": consultation, "comment": comment, "others": others}

    def _forms(self, context: dict[str, Any], data: Any = None, which: str = "") -> None:
        comment = context["comment"]
        initial = {"response": comment.response, "response_reason": comment.response_reason}
        context["form"] = AnswerForm(data if which == "answer" else None, initial=initial)
        context["merge_form"] = MergeForm(data if which == "merge" else None, comment=comment, others=context["others"])

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, comment_pk: int) -> HttpResponse:
        context = self._context(request, pk, comment_pk)
        self._forms(context)
        return render(request, "consultations/office/answer.html", context)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, comment_pk: int) -> HttpResponse:
        context = self._context(request, pk, comment_pk)
        which = request.POST.get("action", "answer")
        which = which if which in ("answer", "merge", "unmerge") else "answer"
        self._forms(context, request.POST, which)
        comment = context["comment"]
        form = context["merge_form"] if which == "merge" else context["form"]
        try:
            if which == "unmerge":
                unmerge_comment(comment=comment, actor=request.user)
                messages.success(request, _("The comment is no longer marked as a duplicate."))
                return redirect("consultations_office:answer", tenant_slug=tenant_slug, pk=pk, comment_pk=comment.pk)
            if form.is_valid():
                if which == "merge":
                    into = next((c for c in context["others"] if c.pk == form.cleaned_data["into"]), None)
                    if into is None:
                        raise Http404
                    merge_comment(comment=comment, into=into, actor=request.user)
                    messages.success(request, _("The comment has been merged as a duplicate."))
                else:
                    answer_comment(
                        comment=comment,
                        actor=request.user,
                        response=form.cleaned_data["response"],
                        reason=form.cleaned_data["response_reason"],
                    )
                    messages.success(request, _("The answer has been saved."))
                url_name = self._next(context)  # first: it finds the next comment that _next_kwargs reads
                kwargs = {"tenant_slug": tenant_slug, "pk": pk, **self._next_kwargs(context)}
                return redirect(reverse(url_name, kwargs=kwargs))
        except ValidationError as error:
            if which == "unmerge":
                messages.error(request, " ".join(error.messages))
                return redirect("consultations_office:answer", tenant_slug=tenant_slug, pk=pk, comment_pk=comment.pk)
            attach_service_errors(form, error)
        return render(request, "consultations/office/answer.html", context, status=400)

    def _next(self, context: dict[str, Any]) -> str:
        waiting = unanswered(context["consultation"]).exclude(pk=context["comment"].pk).first()
        context["next_comment"] = waiting
        return "consultations_office:answer" if waiting else "consultations_office:comments"

    def _next_kwargs(self, context: dict[str, Any]) -> dict[str, Any]:
        waiting = context.get("next_comment")
        return {"comment_pk": waiting.pk} if waiting else {}


class ReportView(Office):
    """Preview of the report (GET) and its publication with the summary (POST)."""

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        context = {
            **report_context(consultation),
            "body_template": BODY,
            "title": report_title(consultation),
            "report_problems": report_problems(consultation),
            "form": ReportForm(initial={"summary": consultation.report_summary}),
        }
        return render(request, "consultations/office/report.html", context)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        consultation = self.consultation(request, pk)
        form = ReportForm(request.POST)
        problems: list[Any] = []
        if form.is_valid():
            try:
                publish_report(consultation=consultation, actor=request.user, summary=form.cleaned_data["summary"])
            except TransitionBlocked as blocked:
                problems = blocked.problems
            except TransitionNotAllowed as error:
                messages.error(request, str(error))
                return self.back(tenant_slug, pk)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The consultation report has been published."))
                return redirect("consultations:report", tenant_slug=tenant_slug, pk=pk)
        consultation.refresh_from_db()
        context = {
            **report_context(consultation),
            "body_template": BODY,
            "title": report_title(consultation),
            "report_problems": problems or report_problems(consultation),
            "form": form,
        }
        return render(request, "consultations/office/report.html", context, status=400)
