"""The body's secretariat (/<tenant>/rady/sekretariat/): a chair, deputy chair or secretary in office
who has a platform account records the minutes of the body's meetings and the opinions it adopted.

Signed in and with a second factor, as office staff; anything not of their own body is 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from pozytek.accounts.access import needs_mfa_setup
from pozytek.councils.models import BodyMeeting, OpinionRequest
from pozytek.councils.permissions import acts_for_body, is_council_officer
from pozytek.councils.selectors import (
    bodies_of,
    is_overdue,
    meeting_of_tenant,
    request_of_tenant,
)
from pozytek.councils.states import MeetingState, RequestState
from pozytek.councils.views.office import MinutesFormMixin, OpinionFormMixin
from pozytek.tenants.http import current_tenant


class SecretariatAccessMixin(AccessMixin):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if needs_mfa_setup(user):
            messages.warning(
                request, _("The body's secretariat requires two-step verification. Set up an authenticator app first.")
            )
            from django.urls import reverse  # noqa: PLC0415

            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


def _may_act(user: Any, obj: Any) -> bool:
    """The predicates themselves (not has_perm, which lets platform admins through)."""
    return bool(is_council_officer(user, obj) or acts_for_body(user, obj))


def _check(request: HttpRequest, obj: Any) -> None:
    if not _may_act(request.user, obj):
        raise Http404


class SecretariatView(SecretariatAccessMixin, View):
    """What the user's bodies wait for: minutes of past meetings and pending opinions."""

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        rows = []
        for body in bodies_of(tenant):
            if not _may_act(request.user, body):
                continue
            meetings = list(body.meetings.filter(state=MeetingState.SCHEDULED, starts_at__lte=timezone.now()))
            requests = [(r, is_overdue(r)) for r in body.opinion_requests.filter(state=RequestState.PENDING)]
            rows.append({"body": body, "meetings": meetings, "requests": requests})
        if not rows:
            raise Http404
        return render(request, "councils/workspace/home.html", {"rows": rows})


class MinutesView(SecretariatAccessMixin, MinutesFormMixin, View):
    def _get_meeting(self, request: HttpRequest, pk: int) -> BodyMeeting:
        meeting = meeting_of_tenant(current_tenant(request), pk)
        _check(request, meeting)
        return meeting

    def _done(self, tenant_slug: str, meeting: BodyMeeting) -> HttpResponse:
        return redirect("councils:meeting", tenant_slug=tenant_slug, slug=meeting.body.slug, pk=meeting.pk)


class OpinionView(SecretariatAccessMixin, OpinionFormMixin, View):
    def _done(self, tenant_slug: str, opinion_request: Any) -> HttpResponse:
        return redirect("councils:body", tenant_slug=tenant_slug, slug=opinion_request.body.slug)

    def _get_request(self, request: HttpRequest, pk: int) -> OpinionRequest:
        opinion_request = request_of_tenant(current_tenant(request), pk)
        _check(request, opinion_request)
        return opinion_request
