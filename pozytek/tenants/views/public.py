"""Public pages: the platform home, a local government's home, contact card, accessibility statement."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pozytek.documents.services import pdf_response, render_document
from pozytek.tenants.http import current_tenant, optional_tenant
from pozytek.tenants.selectors import districts_of, published_tenants
from pozytek.ui.navigation import registered_sections

CONTACT_BODY = "tenants/documents/contact_card.html"
ACCESSIBILITY_BODY = "tenants/documents/accessibility_statement.html"


def platform_home(request: HttpRequest) -> HttpResponse:
    if settings.POZYTEK_SINGLE_TENANT:
        return redirect("tenants:home", tenant_slug=settings.POZYTEK_SINGLE_TENANT)
    context = {"tenants": published_tenants(), "sections": registered_sections()}
    return render(request, "tenants/platform_home.html", context)


def tenant_home(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    return render(request, "tenants/tenant_home.html", {"districts": districts_of(tenant)})


def contact(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    return render(request, "tenants/contact.html", {"body_template": CONTACT_BODY})


def contact_pdf(request: HttpRequest, tenant_slug: str) -> HttpResponse:
    tenant = current_tenant(request)
    title = _("Contact card – %(name)s") % {"name": tenant.name}
    return pdf_response(render_document(CONTACT_BODY, {"tenant": tenant}, title=title, request=request))


def accessibility_statement(request: HttpRequest, tenant_slug: str | None = None) -> HttpResponse:
    return render(request, "tenants/accessibility.html", {"body_template": ACCESSIBILITY_BODY, **_statement_context()})


def accessibility_statement_pdf(request: HttpRequest, tenant_slug: str | None = None) -> HttpResponse:
    tenant = optional_tenant(request)
    name = tenant.name if tenant else settings.POZYTEK_PLATFORM_NAME
    title = _("Accessibility statement – %(name)s") % {"name": name}
    context = {"tenant": tenant, "platform_name": settings.POZYTEK_PLATFORM_NAME, **_statement_context()}
    return pdf_response(render_document(ACCESSIBILITY_BODY, context, title=title, request=request))


def _statement_context() -> dict[str, str]:
    return {"platform_contact_email": settings.POZYTEK_ACCESSIBILITY_CONTACT_EMAIL}
