"""A municipality's public calendar as an iCal feed (calls, consultations, council meetings)."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pozytek.agenda.ical import calendar_bytes
from pozytek.agenda.selectors import tenant_calendar
from pozytek.tenants.http import current_tenant


@require_safe
def tenant_ical(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    body = calendar_bytes(
        tenant_calendar(tenant),
        name=_("Calendar – %(name)s") % {"name": tenant.name},
        absolute=request.build_absolute_uri,
    )
    return ical_response(body, f"kalendarz-{tenant.slug}.ics")


def ical_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
