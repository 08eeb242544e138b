from django.urls import path

from pozytek.tenants.views import public

app_name = "tenants"

urlpatterns = [
    path("", public.platform_home, name="platform-home"),
    path("deklaracja-dostepnosci/", public.accessibility_statement, name="platform-accessibility"),
    path("deklaracja-dostepnosci.pdf", public.accessibility_statement_pdf, name="platform-accessibility-pdf"),
    path("<slug:tenant_slug>/", public.tenant_home, name="home"),
    path("<slug:tenant_slug>/kontakt/", public.contact, name="contact"),
    path("<slug:tenant_slug>/kontakt.pdf", public.contact_pdf, name="contact-pdf"),
    path("<slug:tenant_slug>/deklaracja-dostepnosci/", public.accessibility_statement, name="accessibility"),
    path("<slug:tenant_slug>/deklaracja-dostepnosci.pdf", public.accessibility_statement_pdf, name="accessibility-pdf"),
]
