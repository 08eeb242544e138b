"""Office pages of councils and teams (/<tenant>/urzad/rady/): bodies, members and the NGO balance,
meetings (agenda, documents, invitations, minutes), resolutions, requests for opinion, calls for candidates.

Every object is read through a selector filtered by the request's tenant (another tenant's id: 404).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from pozytek.accounts.access import OfficeAccessMixin
from pozytek.consultations.models import Consultation
from pozytek.core.files import private_download
from pozytek.core.uploads import limit_uploads, refuse_too_large
from pozytek.core.workflow import TransitionBlocked, TransitionNotAllowed, available_actions, lifecycle
from pozytek.councils.forms import (
    ActForm,
    BodyForm,
    CandidateCallForm,
    DocumentForm,
    EndMembershipForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    OpinionForm,
    OpinionRequestForm,
    ReasonForm,
    ResultForm,
)
from pozytek.councils.history import body_history
from pozytek.councils.models import Body, BodyMeeting, MeetingDocument
from pozytek.councils.selectors import (
    acts_of,
    attendance_of,
    bodies_of,
    body_of_tenant,
    call_of_tenant,
    calls_of,
    document_of_tenant,
    is_overdue,
    meeting_of_tenant,
    meetings_of,
    members_of,
    members_on,
    ngo_balance,
    overdue_requests,
    request_of_tenant,
    requests_of,
    today,
)
from pozytek.councils.services import acts, bodies, meetings, recruitment
from pozytek.councils.states import MeetingState, RequestState
from pozytek.organisations.selectors import in_directory_of
from pozytek.tenants.http import current_tenant

PERMISSION = "councils.manage_bodies"
WORKFLOW_ERRORS = (TransitionNotAllowed, TransitionBlocked, PermissionDenied)


def _tenant(request: HttpRequest) -> Any:
    return current_tenant(request)


def _to_body(tenant_slug: str, body: Body) -> HttpResponse:
    return redirect("councils_office:body", tenant_slug=tenant_slug, pk=body.pk)


def _to_meeting(tenant_slug: str, meeting: BodyMeeting) -> HttpResponse:
    return redirect("councils_office:meeting", tenant_slug=tenant_slug, pk=meeting.pk)


def _workflow_message(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, TransitionBlocked):
        for problem in error.problems:
            messages.error(request, problem.message)
    else:
        messages.error(request, str(error))


def _consultations(request: HttpRequest) -> Any:
    return Consultation.objects.filter(tenant=_tenant(request)).order_by("-created_at")


class OfficeView(OfficeAccessMixin, View):
    permission_required = PERMISSION


class BodyListView(OfficeView):
    """Every body of the local government and the overdue requests for opinion."""

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = _tenant(request)
        context = {"bodies": list(bodies_of(tenant)), "overdue": list(overdue_requests(tenant).order_by("due_on"))}
        return render(request, "councils/office/list.html", context)


class BodyCreateView(OfficeView):
    template = "councils/office/body_form.html"

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        return render(request, self.template, {"form": BodyForm()})

    def post(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        form = BodyForm(request.POST)
        if form.is_valid():
            try:
                body = bodies.create_body(tenant=_tenant(request), actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The body has been created. Appoint its members, then start its term."))
                return _to_body(tenant_slug, body)
        return render(request, self.template, {"form": form}, status=400)


class BodyEditView(OfficeView):
    template = "councils/office/body_form.html"
    fields = ("name", "term_start", "term_end", "legal_basis", "contact_email", "description")

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        form = BodyForm(initial={**{f: getattr(body, f) for f in self.fields}, "kind": body.kind})
        form.fields["kind"].disabled = True
        return render(request, self.template, {"form": form, "body": body})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        form = BodyForm(request.POST, initial={"kind": body.kind})
        form.fields["kind"].disabled = True
        if form.is_valid():
            try:
                bodies.update_body(body=body, actor=request.user, **{f: form.cleaned_data[f] for f in self.fields})
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The changes have been saved."))
                return _to_body(tenant_slug, body)
        return render(request, self.template, {"form": form, "body": body}, status=400)


class BodyDetailView(OfficeView):
    """The body: members in office and the NGO balance, term actions, meetings, acts, requests, calls."""

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        requests = list(requests_of(body))
        context = {
            "body": body,
            "members": list(members_of(body)),
            "balance": ngo_balance(body),
            "actions": available_actions(lifecycle(body), body, request.user),
            "meetings": list(meetings_of(body)),
            "acts": list(acts_of(body)),
            "requests": [(r, is_overdue(r)) for r in requests],
            "calls": list(calls_of(body)),
            "today": today(),
            "history": body_history(body, tenant=_tenant(request)),
        }
        return render(request, "councils/office/body.html", context)


class BodyTransitionView(OfficeView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        action = request.POST.get("action", "")
        try:
            if action == "activate":
                bodies.activate_body(body=body, actor=request.user)
                messages.success(request, _("The term has started."))
            elif action == "end_term":
                bodies.end_term(body=body, actor=request.user)
                messages.success(request, _("The term has ended."))
            else:
                messages.error(request, _("Unknown action."))
        except WORKFLOW_ERRORS as error:
            _workflow_message(request, error)
        return _to_body(tenant_slug, body)


class MemberAddView(OfficeView):
    template = "councils/office/member_form.html"

    def _form(self, request: HttpRequest, data: Any = None) -> MemberForm:
        return MemberForm(data, organisations=in_directory_of(_tenant(request)))

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        return render(request, self.template, {"form": self._form(request), "body": body, "balance": ngo_balance(body)})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                bodies.add_member(
                    body=body,
                    actor=request.user,
                    full_name=data["full_name"],
                    side=data["side"],
                    organisation=data["organisation"],
                    represents_note=data["represents_note"],
                    role=data["role"],
                    term_start=data["term_start"],
                    term_end=data["term_end"],
                    email=data["email"],
                    user=data["account_email"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("%(name)s has been added.") % {"name": data["full_name"]})
                return _to_body(tenant_slug, body)
        context = {"form": form, "body": body, "balance": ngo_balance(body)}
        return render(request, self.template, context, status=400)


class MemberEditView(OfficeView):
    """Correct a member's data, role or term."""

    template = "councils/office/member_form.html"

    def _member(self, request: HttpRequest, pk: int, member_pk: int) -> Any:
        body = body_of_tenant(_tenant(request), pk)
        return get_object_or_404(members_of(body), pk=member_pk)

    def _form(self, request: HttpRequest, data: Any = None, initial: Any = None) -> MemberForm:
        return MemberForm(data, organisations=in_directory_of(_tenant(request)), initial=initial)

    def _render(self, request: HttpRequest, member: Any, form: MemberForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "body": member.body, "member": member, "balance": ngo_balance(member.body)}
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, member_pk: int) -> HttpResponse:
        member = self._member(request, pk, member_pk)
        initial = {
            "full_name": member.full_name,
            "side": member.side,
            "organisation": member.organisation_id,
            "represents_note": member.represents_note,
            "role": member.role,
            "term_start": member.term_start,
            "term_end": member.term_end,
            "email": member.email,
            "account_email": member.user.email if member.user_id else "",
        }
        return self._render(request, member, self._form(request, initial=initial))

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, member_pk: int) -> HttpResponse:
        member = self._member(request, pk, member_pk)
        form = self._form(request, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["user"] = data.pop("account_email")
            try:
                bodies.update_member(member=member, actor=request.user, **data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The changes have been saved."))
                return _to_body(tenant_slug, member.body)
        return self._render(request, member, form, status=400)


class MemberRemoveView(OfficeView):
    """Remove a member entered by mistake while the body is being formed."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, member_pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        member = get_object_or_404(members_of(body), pk=member_pk)
        try:
            bodies.remove_member(member=member, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s has been removed.") % {"name": member.full_name})
        return _to_body(tenant_slug, body)


class MemberEndView(OfficeView):
    template = "councils/office/member_end.html"

    def _member(self, request: HttpRequest, pk: int, member_pk: int) -> Any:
        body = body_of_tenant(_tenant(request), pk)
        return get_object_or_404(members_of(body), pk=member_pk)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, member_pk: int) -> HttpResponse:
        member = self._member(request, pk, member_pk)
        form = EndMembershipForm(initial={"last_day": today()})
        return render(request, self.template, {"form": form, "member": member, "body": member.body})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, member_pk: int) -> HttpResponse:
        member = self._member(request, pk, member_pk)
        form = EndMembershipForm(request.POST)
        if form.is_valid():
            try:
                bodies.end_membership(member=member, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The membership has been ended."))
                return _to_body(tenant_slug, member.body)
        return render(request, self.template, {"form": form, "member": member, "body": member.body}, status=400)


class MeetingCreateView(OfficeView):
    template = "councils/office/meeting_form.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        return render(request, self.template, {"form": MeetingForm(), "body": body})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = meetings.schedule_meeting(body=body, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The meeting has been scheduled. Add documents and send the invitations."))
                return _to_meeting(tenant_slug, meeting)
        return render(request, self.template, {"form": form, "body": body}, status=400)


class MeetingDetailView(OfficeView):
    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        meeting = meeting_of_tenant(_tenant(request), pk)
        return self._render(request, meeting, DocumentForm())

    def _render(
        self, request: HttpRequest, meeting: BodyMeeting, form: DocumentForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "meeting": meeting,
            "body": meeting.body,
            "agenda": list(meeting.agenda.all()),
            "documents": list(meeting.documents.all()),
            "attendance": attendance_of(meeting),
            "acts": list(meeting.acts.all()),
            "document_form": form,
            "is_future": meeting.starts_at > timezone.now(),
            "cancel_form": ReasonForm(),
        }
        return render(request, "councils/office/meeting.html", context, status=status)


class MeetingInviteView(OfficeView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        meeting = meeting_of_tenant(_tenant(request), pk)
        try:
            sent = meetings.send_invitations(meeting=meeting, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Invitations have been sent to %(n)d members.") % {"n": sent})
        return _to_meeting(tenant_slug, meeting)


class MeetingCancelView(OfficeView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        meeting = meeting_of_tenant(_tenant(request), pk)
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the meeting is cancelled."))
            return _to_meeting(tenant_slug, meeting)
        try:
            meetings.cancel_meeting(meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"])
        except WORKFLOW_ERRORS as error:
            _workflow_message(request, error)
        else:
            messages.success(request, _("The meeting has been cancelled."))
        return _to_meeting(tenant_slug, meeting)


@method_decorator(csrf_exempt, name="dispatch")
class DocumentUploadView(OfficeView):
    """Attach a document; the size limit is enforced while it streams in."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        limit_uploads(request)
        return self._post(request, tenant_slug, pk)

    @method_decorator(csrf_protect)
    def _post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        meeting = meeting_of_tenant(_tenant(request), pk)
        form = DocumentForm(request.POST, request.FILES)
        view = MeetingDetailView()
        if refuse_too_large(request, form, "upload"):
            return view._render(request, meeting, form, status=413)
        if form.is_valid():
            try:
                meetings.add_document(meeting=meeting, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The document has been added."))
                return _to_meeting(tenant_slug, meeting)
        return view._render(request, meeting, form, status=400)


def document_response(document: MeetingDocument) -> FileResponse:
    """The document as received, as a download that browsers do not sniff."""
    return private_download(document.file, filename=document.original_name, content_type=document.content_type)


class DocumentDownloadView(OfficeView):
    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> FileResponse:
        return document_response(document_of_tenant(_tenant(request), pk))


class MinutesFormMixin:
    """Record the attendance and minutes; shared by the office and the body's secretariat."""

    template = "councils/office/minutes_form.html"

    def _done(self, tenant_slug: str, meeting: BodyMeeting) -> HttpResponse:
        return _to_meeting(tenant_slug, meeting)

    def _members(self, meeting: BodyMeeting) -> list[Any]:
        return list(members_on(meeting.body, timezone.localtime(meeting.starts_at).date()))

    def _get_meeting(self, request: HttpRequest, pk: int) -> BodyMeeting:
        return meeting_of_tenant(_tenant(request), pk)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        meeting = self._get_meeting(request, pk)
        members = self._members(meeting)
        form = MinutesForm(members=members, initial={"present": [m.pk for m in members]})
        return self._render(request, meeting, form)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        meeting = self._get_meeting(request, pk)
        form = MinutesForm(request.POST, members=self._members(meeting))
        if form.is_valid():
            try:
                meetings.record_minutes(
                    meeting=meeting,
                    actor=request.user,
                    minutes=form.cleaned_data["minutes"],
                    present_member_ids=form.cleaned_data["present"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            except WORKFLOW_ERRORS as error:
                _workflow_message(request, error)
                return self._done(tenant_slug, meeting)
            else:
                messages.success(request, _("The minutes have been recorded and published."))
                return self._done(tenant_slug, meeting)
        return self._render(request, meeting, form, status=400)

    def _render(self, request: HttpRequest, meeting: BodyMeeting, form: MinutesForm, status: int = 200) -> HttpResponse:
        context = {
            "meeting": meeting,
            "body": meeting.body,
            "form": form,
            "not_yet": meeting.starts_at > timezone.now(),
            "already": meeting.state != MeetingState.SCHEDULED,
        }
        return render(request, self.template, context, status=status)


class MinutesView(MinutesFormMixin, OfficeView):
    pass


class ActCreateView(OfficeView):
    template = "councils/office/act_form.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        form = ActForm(meetings=meetings_of(body), initial={"adopted_on": today()})
        return render(request, self.template, {"form": form, "body": body})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        form = ActForm(request.POST, meetings=meetings_of(body))
        if form.is_valid():
            try:
                act = acts.adopt_act(body=body, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("%(kind)s no. %(number)s has been published.")
                    % {"kind": act.get_kind_display(), "number": act.number},
                )
                return _to_body(tenant_slug, body)
        return render(request, self.template, {"form": form, "body": body}, status=400)


class RequestCreateView(OfficeView):
    template = "councils/office/request_form.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        form = OpinionRequestForm(consultations=_consultations(request), initial={"delivered_on": today()})
        return render(request, self.template, {"form": form, "body": body})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        form = OpinionRequestForm(request.POST, consultations=_consultations(request))
        if form.is_valid():
            try:
                opinion_request = acts.request_opinion(body=body, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("The request has been sent. The opinion is due by %(date)s.")
                    % {"date": opinion_request.due_on.isoformat()},
                )
                return _to_body(tenant_slug, body)
        return render(request, self.template, {"form": form, "body": body}, status=400)


class OpinionFormMixin:
    """Record the opinion adopted on a request; shared by the office and the body's secretariat."""

    template = "councils/office/opinion_form.html"

    def _get_request(self, request: HttpRequest, pk: int) -> Any:
        return request_of_tenant(_tenant(request), pk)

    def _done(self, tenant_slug: str, opinion_request: Any) -> HttpResponse:
        return _to_body(tenant_slug, opinion_request.body)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        opinion_request = self._get_request(request, pk)
        form = OpinionForm(
            meetings=meetings_of(opinion_request.body),
            initial={
                "adopted_on": today(),
                "title": _("Opinion on: %(subject)s") % {"subject": opinion_request.subject},
            },
        )
        return self._render(request, opinion_request, form)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        opinion_request = self._get_request(request, pk)
        form = OpinionForm(request.POST, meetings=meetings_of(opinion_request.body))
        if opinion_request.state != RequestState.PENDING:
            messages.error(request, _("This request is no longer awaiting an opinion."))
            return self._done(tenant_slug, opinion_request)
        if form.is_valid():
            try:
                acts.record_opinion(request=opinion_request, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            except WORKFLOW_ERRORS as error:
                _workflow_message(request, error)
                return self._done(tenant_slug, opinion_request)
            else:
                messages.success(request, _("The opinion has been recorded and published."))
                return self._done(tenant_slug, opinion_request)
        return self._render(request, opinion_request, form, status=400)

    def _render(self, request: HttpRequest, opinion_request: Any, form: OpinionForm, status: int = 200) -> HttpResponse:
        context = {
            "opinion_request": opinion_request,
            "body": opinion_request.body,
            "form": form,
            "overdue": is_overdue(opinion_request),
            "pending": opinion_request.state == RequestState.PENDING,
        }
        return render(request, self.template, context, status=status)


class OpinionView(OpinionFormMixin, OfficeView):
    pass


class RequestWithdrawView(OfficeView):
    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        opinion_request = request_of_tenant(_tenant(request), pk)
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the request is withdrawn."))
        else:
            try:
                acts.withdraw_request(request=opinion_request, actor=request.user, reason=form.cleaned_data["reason"])
            except WORKFLOW_ERRORS as error:
                _workflow_message(request, error)
            else:
                messages.success(request, _("The request has been withdrawn."))
        return _to_body(tenant_slug, opinion_request.body)


class CallCreateView(OfficeView):
    template = "councils/office/call_form.html"

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        return render(request, self.template, {"form": CandidateCallForm(), "body": body})

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        body = body_of_tenant(_tenant(request), pk)
        form = CandidateCallForm(request.POST)
        if form.is_valid():
            try:
                call = recruitment.open_call(body=body, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The call for candidates is open."))
                return redirect("councils_office:call", tenant_slug=tenant_slug, pk=call.pk)
        return render(request, self.template, {"form": form, "body": body}, status=400)


class CallDetailView(OfficeView):
    """Candidacies; closing after the deadline; recording the vote or appointment."""

    def _render(
        self, request: HttpRequest, call: Any, form: ResultForm | None = None, status: int = 200
    ) -> HttpResponse:
        candidacies = list(call.candidacies.select_related("organisation"))
        context = {
            "call": call,
            "body": call.body,
            "candidacies": candidacies,
            "form": form or ResultForm(candidacies=candidacies),
            "deadline_passed": call.deadline <= timezone.now(),
        }
        return render(request, "councils/office/call.html", context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return self._render(request, call_of_tenant(_tenant(request), pk))

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        call = call_of_tenant(_tenant(request), pk)
        if request.POST.get("action") == "close":
            try:
                recruitment.close_call(call=call, actor=request.user)
            except WORKFLOW_ERRORS as error:
                _workflow_message(request, error)
            else:
                messages.success(request, _("Nominations are closed."))
            return redirect("councils_office:call", tenant_slug=tenant_slug, pk=call.pk)
        candidacies = list(call.candidacies.select_related("organisation"))
        form = ResultForm(request.POST, candidacies=candidacies)
        if form.is_valid():
            try:
                recruitment.record_result(call=call, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            except WORKFLOW_ERRORS as error:
                _workflow_message(request, error)
                return redirect("councils_office:call", tenant_slug=tenant_slug, pk=call.pk)
            else:
                messages.success(request, _("The result has been recorded and the chosen candidates appointed."))
                return _to_body(tenant_slug, call.body)
        return self._render(request, call, form, status=400)
