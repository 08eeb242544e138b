"""Public pages of councils and teams (/<tenant>/rady/): the list, each body's page (members in office,
meetings, minutes, resolutions, opinions, requests for opinion with their due dates), minutes as a page
and PDF, published meeting documents, calls for candidates with the nomination form for organisations.

A body still being formed is not public (404); private meeting documents are never served here.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from pozytek.councils.documents import MINUTES_BODY, minutes_context, minutes_document, minutes_title
from pozytek.councils.forms import NominationForm
from pozytek.councils.history import act_history
from pozytek.councils.models import Body, BodyMeeting
from pozytek.councils.permissions import acts_for_body
from pozytek.councils.selectors import (
    acts_of,
    call_of_tenant,
    is_overdue,
    members_on,
    open_calls,
    public_bodies,
    public_body,
    public_documents,
    public_meetings,
    requests_of,
    today,
)
from pozytek.councils.services.recruitment import nominate
from pozytek.councils.states import BodyState, CandidateCallState, MeetingState
from pozytek.councils.views.office import document_response
from pozytek.documents.services import pdf_response
from pozytek.organisations.models import Organisation
from pozytek.tenants.http import current_tenant


def _tenant(request: HttpRequest) -> Any:
    return current_tenant(request)


def _meeting(request: HttpRequest, slug: str, pk: int) -> tuple[Body, BodyMeeting]:
    body = public_body(_tenant(request), slug)
    return body, get_object_or_404(public_meetings(body), pk=pk)


class BodyListView(View):
    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = _tenant(request)
        context = {"bodies": list(public_bodies(tenant)), "calls": list(open_calls(tenant))}
        return render(request, "councils/public/list.html", context)


class BodyView(View):
    def get(self, request: HttpRequest, tenant_slug: str, slug: str) -> HttpResponse:
        body = public_body(_tenant(request), slug)
        day = min(max(today(), body.term_start), body.term_end)
        requests = [r for r in requests_of(body) if r.state != "withdrawn"]
        context = {
            "body": body,
            "members": list(members_on(body, day)),
            "members_day": day,
            "meetings": list(public_meetings(body)),
            "acts": list(acts_of(body)),
            "requests": [(r, is_overdue(r)) for r in requests],
            "ended": body.state == BodyState.ENDED,
            "secretariat": acts_for_body(request.user, body),
        }
        return render(request, "councils/public/body.html", context)


class MeetingView(View):
    def get(self, request: HttpRequest, tenant_slug: str, slug: str, pk: int) -> HttpResponse:
        body, meeting = _meeting(request, slug, pk)
        context = {
            "body": body,
            "meeting": meeting,
            "agenda": list(meeting.agenda.all()),
            "documents": list(public_documents(meeting)),
            "acts": list(meeting.acts.all()),
        }
        return render(request, "councils/public/meeting.html", context)


class MinutesView(View):
    def get(self, request: HttpRequest, tenant_slug: str, slug: str, pk: int) -> HttpResponse:
        _body, meeting = _meeting(request, slug, pk)
        if meeting.state != MeetingState.HELD:
            raise Http404
        context = {**minutes_context(meeting), "body_template": MINUTES_BODY, "title": minutes_title(meeting)}
        return render(request, "councils/public/minutes.html", context)


class MinutesPdfView(View):
    def get(self, request: HttpRequest, tenant_slug: str, slug: str, pk: int) -> HttpResponse:
        _body, meeting = _meeting(request, slug, pk)
        if meeting.state != MeetingState.HELD:
            raise Http404
        return pdf_response(minutes_document(meeting))


class ActView(View):
    def get(self, request: HttpRequest, tenant_slug: str, slug: str, pk: int) -> HttpResponse:
        body = public_body(_tenant(request), slug)
        act = get_object_or_404(acts_of(body), pk=pk)
        request_of_act = getattr(act, "request", None) if act.kind == "opinion" else None
        tenant = _tenant(request)
        # The office reads the act's history (who recorded it, when) on the same page.
        office = request.user.is_authenticated and request.user.has_perm("councils.manage_bodies", tenant)
        context = {
            "body": body,
            "act": act,
            "opinion_request": request_of_act,
            "history": act_history(act, tenant=tenant) if office else None,
        }
        return render(request, "councils/public/act.html", context)


class DocumentView(View):
    def get(self, request: HttpRequest, tenant_slug: str, slug: str, pk: int) -> FileResponse:
        body = public_body(_tenant(request), slug)
        from pozytek.councils.models import MeetingDocument  # noqa: PLC0415

        document = get_object_or_404(
            MeetingDocument.objects.filter(meeting__body=body, public=True).exclude(
                meeting__state=MeetingState.CANCELLED
            ),
            pk=pk,
        )
        return document_response(document)


def _organisations_of(user: Any) -> Any:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(members__user=user).order_by("name")


class CallView(View):
    """A call for candidates; an owner or editor of an organisation nominates its candidate here."""

    template = "councils/public/call.html"

    def _call(self, request: HttpRequest, pk: int) -> Any:
        call = call_of_tenant(_tenant(request), pk)
        if call.body.state == BodyState.FORMING and call.state != CandidateCallState.OPEN:
            raise Http404
        return call

    def _render(self, request: HttpRequest, call: Any, form: NominationForm | None, status: int = 200) -> HttpResponse:
        is_open = call.state == CandidateCallState.OPEN and call.deadline > timezone.now()
        organisations = _organisations_of(request.user)
        if form is None and is_open and request.user.is_authenticated:
            form = NominationForm(organisations=organisations)
        context = {
            "call": call,
            "body": call.body,
            "is_open": is_open,
            "form": form,
            "has_organisations": organisations.exists(),
            "appointed": [c for c in call.candidacies.select_related("organisation") if c.outcome == "appointed"],
        }
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        return self._render(request, self._call(request, pk), None)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        call = self._call(request, pk)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = NominationForm(request.POST, organisations=_organisations_of(request.user))
        if form.is_valid():
            try:
                nominate(call=call, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The candidate has been nominated."))
                return redirect("councils:call", tenant_slug=tenant_slug, pk=call.pk)
        return self._render(request, call, form, status=400)
