"""Office pages of what was done under a programme: activities recorded by hand under its forms (with an
attachment kept in private storage) and the assignment of the year's records to its forms and goals."""

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from pozytek.core.files import private_download
from pozytek.core.uploads import limit_uploads, refuse_too_large
from pozytek.organisations.selectors import in_directory_of
from pozytek.programmes.forms.office import ActivityForm, AssignForm
from pozytek.programmes.models import Activity, Attribution, CooperationForm, Programme
from pozytek.programmes.selectors import records_to_attribute
from pozytek.programmes.services import programmes as services
from pozytek.programmes.states import ProgrammeState
from pozytek.programmes.views.office import Office, year_of
from pozytek.tenants.http import current_tenant
from pozytek.ui.form_errors import attach_service_errors

RECORDING_STATES = (ProgrammeState.ADOPTED, ProgrammeState.IN_FORCE)


def _activities_url(programme: Programme) -> str:
    return reverse("programmes_office:activities", kwargs={"tenant_slug": programme.tenant.slug, "pk": programme.pk})


def _activity(request: HttpRequest, programme: Programme, pk: int) -> Activity:
    activity: Activity = get_object_or_404(
        Activity.objects.filter(tenant=current_tenant(request), programme=programme), pk=pk
    )
    return activity


class ActivitiesView(Office):
    """The activities recorded by hand, per form of cooperation."""

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        by_form: dict[int, list[Activity]] = defaultdict(list)
        rows = (
            Activity.objects.filter(tenant=current_tenant(request), programme=programme)
            .select_related("goal")
            .prefetch_related("organisations")
        )
        for activity in rows:
            by_form[activity.form_id].append(activity)
        context = {
            "programme": programme,
            "sections": [(form, by_form.get(form.pk, [])) for form in programme.forms.all()],
            "can_record": programme.state in RECORDING_STATES,
            "can_remove": programme.state != ProgrammeState.REPORTED,
        }
        return render(request, "programmes/office_activities.html", context)


@method_decorator(csrf_exempt, name="dispatch")
class ActivityAddView(Office):
    """Record an activity; the attachment's size limit is enforced while it streams in (CSRF checked after)."""

    template = "programmes/office_activity_form.html"

    def _form(self, request: HttpRequest, programme: Programme, *args: Any, **kwargs: Any) -> ActivityForm:
        return ActivityForm(
            *args, programme=programme, organisations=in_directory_of(current_tenant(request)), **kwargs
        )

    def _render(
        self, request: HttpRequest, programme: Programme, form: ActivityForm, status: int = 200
    ) -> HttpResponse:
        return render(request, self.template, {"programme": programme, "form": form}, status=status)

    def _closed(self, request: HttpRequest, programme: Programme) -> HttpResponse | None:
        if programme.state in RECORDING_STATES:
            return None
        messages.error(request, _("Activities are recorded under a programme that is adopted or in force."))
        return redirect(_activities_url(programme))

    def get(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        if closed := self._closed(request, programme):
            return closed
        initial: dict[str, Any] = {"on": timezone.localdate()}
        form_id = request.GET.get("form", "")
        if form_id.isdigit() and programme.forms.filter(pk=int(form_id)).exists():
            initial["form"] = int(form_id)
        return self._render(request, programme, self._form(request, programme, initial=initial))

    def post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        limit_uploads(request)
        return self._post(request, tenant_slug, pk)

    @method_decorator(csrf_protect)
    def _post(self, request: HttpRequest, tenant_slug: str, pk: int) -> HttpResponse:
        programme = self.programme(request, pk)
        if closed := self._closed(request, programme):
            return closed
        form = self._form(request, programme, request.POST, request.FILES)
        if refuse_too_large(request, form, "attachment"):
            return self._render(request, programme, form, status=413)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_activity(
                    programme=programme,
                    actor=request.user,
                    form=data["form"],
                    goal=data["goal"],
                    on=data["on"],
                    title=data["title"],
                    description=data["description"],
                    organisations=list(data["organisations"]),
                    upload=data["attachment"],
                    kind=data["kind"],
                    ends_on=data["ends_on"],
                    partner=data["partner"],
                    value=data["value"],
                    social_clauses=data["social_clauses"],
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The activity has been recorded."))
                return redirect(_activities_url(programme))
        return self._render(request, programme, form, status=400)


class ActivityRemoveView(Office):
    def get(self, request: HttpRequest, tenant_slug: str, pk: int, activity: int) -> HttpResponse:
        programme = self.programme(request, pk)
        item = _activity(request, programme, activity)
        context = {
            "programme": programme,
            "item": item,
            "question": _("Remove this recorded activity?"),
            "back_url": _activities_url(programme),
        }
        return render(request, "programmes/office_confirm_remove.html", context)

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, activity: int) -> HttpResponse:
        programme = self.programme(request, pk)
        item = _activity(request, programme, activity)
        try:
            services.remove_activity(activity=item, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Removed: %(item)s") % {"item": item.title[:120]})
        return redirect(_activities_url(programme))


class ActivityFileView(Office):
    def get(self, request: HttpRequest, tenant_slug: str, pk: int, activity: int) -> FileResponse:
        item = _activity(request, self.programme(request, pk), activity)
        return private_download(item.attachment, filename=item.attachment_name, content_type=item.attachment_type)


# --- assigning the year's records to forms and goals ---------------------------------------------------


class AssignView(Office):
    """Every record of the year with the form and goal it is counted under; a small form per row."""

    template = "programmes/office_assign.html"

    def _rows(
        self, programme: Programme, year: int, forms_: list[CooperationForm], bound: AssignForm | None = None
    ) -> list[dict[str, Any]]:
        forms_by_pk = {f.pk: f for f in forms_}
        goals_by_pk = {g.pk: g for f in forms_ for g in f.goals.all()}
        rows = records_to_attribute(programme, year)
        for row in rows:
            record, chosen = row["record"], row["attribution"]
            key = f"{row['kind']}-{record.pk}"
            row["key"] = key
            if chosen is not None:
                row["chosen_form"] = forms_by_pk.get(chosen.form_id)
                row["chosen_goal"] = goals_by_pk.get(chosen.goal_id) if chosen.goal_id else None
            if bound is not None and (bound.data.get("kind"), str(bound.data.get("object_id"))) == (
                row["kind"],
                str(record.pk),
            ):
                row["assign_form"] = bound
                continue
            initial = {"kind": row["kind"], "object_id": record.pk}
            if chosen is not None:
                initial.update(form=chosen.form_id, goal=chosen.goal_id)
            row["assign_form"] = AssignForm(forms_=forms_, kind=row["kind"], initial=initial, auto_id=f"id_{key}_%s")
        return rows

    def _forms(self, programme: Programme) -> list[CooperationForm]:
        return list(programme.forms.prefetch_related("goals"))

    def _render(
        self,
        request: HttpRequest,
        programme: Programme,
        year: int,
        bound: AssignForm | None = None,
        forms_: list[CooperationForm] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        forms_ = forms_ if forms_ is not None else self._forms(programme)
        context = {
            "programme": programme,
            "year": year,
            "rows": self._rows(programme, year, forms_, bound),
            "forms": forms_,
            "goals": list(programme.goals.all()),
        }
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest, tenant_slug: str, pk: int, year: int) -> HttpResponse:
        programme = self.programme(request, pk)
        return self._render(request, programme, year_of(programme, year))

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, year: int) -> HttpResponse:
        programme = self.programme(request, pk)
        year_of(programme, year)
        kind, object_id = request.POST.get("kind", ""), request.POST.get("object_id", "")
        known = {(row["kind"], str(row["record"].pk)) for row in records_to_attribute(programme, year)}
        if (kind, object_id) not in known:
            messages.error(request, _("No such record among this year's records."))
            return redirect(self._url(programme, year))
        key = f"{kind}-{object_id}"
        forms_ = self._forms(programme)
        form = AssignForm(request.POST, forms_=forms_, kind=kind, auto_id=f"id_{key}_%s")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assign_record(
                    programme=programme,
                    actor=request.user,
                    kind=kind,
                    object_id=data["object_id"],
                    form=data["form"],
                    goal=data["goal"],
                )
            except ValidationError as error:
                attach_service_errors(form, error, field="form")
            else:
                messages.success(request, _("The assignment has been saved."))
                return redirect(f"{self._url(programme, year)}#row-{key}")
        return self._render(request, programme, year, form, forms_, status=400)

    def _url(self, programme: Programme, year: int) -> str:
        return reverse(
            "programmes_office:assign",
            kwargs={"tenant_slug": programme.tenant.slug, "pk": programme.pk, "year": year},
        )


class UnassignView(Office):
    """Clear the office's choice: the record goes back under the first form bound to its kind."""

    def post(self, request: HttpRequest, tenant_slug: str, pk: int, year: int, attribution: int) -> HttpResponse:
        programme = self.programme(request, pk)
        year_of(programme, year)
        chosen = get_object_or_404(
            Attribution.objects.filter(tenant=current_tenant(request), programme=programme), pk=attribution
        )
        services.clear_assignment(attribution=chosen, actor=request.user)
        messages.success(request, _("The choice has been cleared; the record is counted under its default form."))
        url = reverse("programmes_office:assign", kwargs={"tenant_slug": tenant_slug, "pk": programme.pk, "year": year})
        return redirect(f"{url}#row-{chosen.kind}-{chosen.object_id}")
