"""Public pages of local initiative: how it works and the criteria in force, the done initiatives and each
one's page with its photos, and a group member's confirmation through the signed e-mail link."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from pozytek.initiatives.forms.initiatives import ConfirmForm
from pozytek.initiatives.models import GroupMember
from pozytek.initiatives.selectors import (
    criteria_in_force,
    done_initiatives,
    initiatives_of,
    member_from_token,
    min_group_members,
    photo_of,
    public_initiative,
)
from pozytek.initiatives.services import confirm_member
from pozytek.initiatives.views.common import initiative_context, photo_response, run
from pozytek.tenants.http import current_tenant


class IndexView(View):
    """Inicjatywa lokalna: what may be done, who may apply, the council's criteria, what residents did."""

    def get(self, request: HttpRequest, tenant_slug: str) -> HttpResponse:
        tenant = current_tenant(request)
        criteria_set = criteria_in_force(tenant)
        context = {
            "criteria_set": criteria_set,
            "criteria": list(criteria_set.criteria.all()) if criteria_set else [],
            "min_members": min_group_members(tenant),
            "done": list(done_initiatives(tenant)),
            "mine": list(initiatives_of(tenant, request.user)),
        }
        return render(request, "initiatives/public/index.html", context)


class DoneView(View):
    """The public page of a done initiative: what was done, the residents' work and things, the photos."""

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        initiative = public_initiative(current_tenant(request), pk)
        if initiative is None:
            raise Http404
        return render(request, "initiatives/public/done.html", initiative_context(initiative))


def photo(request: HttpRequest, tenant_slug: str, pk: int, photo_pk: int) -> FileResponse:
    initiative = public_initiative(current_tenant(request), pk)
    if initiative is None:
        raise Http404
    return photo_response(photo_of(initiative, photo_pk))


class ConfirmView(View):
    """A member of a residents' group confirms, through the signed link, as an adult resident."""

    template_name = "initiatives/public/confirm.html"

    def _member(self, request: HttpRequest, token: str) -> GroupMember:
        member = member_from_token(current_tenant(request), token)
        if member is None:
            raise Http404
        return member

    def get(self, request: HttpRequest, tenant_slug: str, token: str) -> HttpResponse:
        member = self._member(request, token)
        form = ConfirmForm(tenant_name=member.tenant.name)
        return render(request, self.template_name, {"member": member, "form": form})

    def post(self, request: HttpRequest, tenant_slug: str, token: str) -> HttpResponse:
        member = self._member(request, token)
        form = ConfirmForm(request.POST, tenant_name=member.tenant.name)
        if run(form, lambda data: confirm_member(member=member, adult=data["adult"], resident=data["resident"])):
            messages.success(request, _("Thank you: you have confirmed that you join the application."))
            return redirect("initiatives:confirm", tenant_slug=tenant_slug, token=token)
        return render(request, self.template_name, {"member": member, "form": form}, status=400)
