"""URL map: platform-level pages first, then `/<tenant-slug>/…` (see tenants/urls.py)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from pozytek.ui.views import health, ready

admin.site.site_header = _("Pożytek – platform administration")
admin.site.site_title = _("Pożytek administration")
# The 500 page shows the request id (the logs carry it), so an official can quote it.
handler500 = "pozytek.ui.views.server_error"

urlpatterns = [
    path("healthz", health, name="health"),
    path("readyz", ready, name="ready"),
    path("api/v1/", include("pozytek.openapi.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("pozytek.agenda.urls")),
    path("konto/profil/", include("pozytek.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("moje-organizacje/oferty/", include("pozytek.offers.urls_member")),
    path("moje-organizacje/umowy/", include("pozytek.reports.urls_member")),
    path("moje-organizacje/umowy/", include("pozytek.agreements.urls_member")),
    path("moje-organizacje/", include("pozytek.organisations.urls_member")),
    path("<slug:tenant_slug>/organizacje/", include("pozytek.organisations.urls_public_extra")),
    path("<slug:tenant_slug>/organizacje/dane/", include("pozytek.organisations.urls_open_data")),
    path("<slug:tenant_slug>/organizacje/", include("pozytek.organisations.urls_member_join")),
    path("<slug:tenant_slug>/organizacje/", include("pozytek.organisations.urls")),
    path("<slug:tenant_slug>/urzad/organizacje/import/", include("pozytek.organisations.urls_office_imports")),
    # Evaluation (art. 15): public pages next to the call's, office pages, the commission's workspace.
    path("<slug:tenant_slug>/konkursy/", include("pozytek.evaluation.urls_public_formal")),
    path("<slug:tenant_slug>/konkursy/", include("pozytek.evaluation.urls_public_results")),
    path("<slug:tenant_slug>/urzad/ocena/formalna/", include("pozytek.evaluation.urls_office_formal")),
    path("<slug:tenant_slug>/urzad/ocena/komisja/", include("pozytek.evaluation.urls_office_commission")),
    path("<slug:tenant_slug>/urzad/ocena/rozstrzygniecie/", include("pozytek.evaluation.urls_office_decision")),
    path("<slug:tenant_slug>/komisja/protokol/", include("pozytek.evaluation.urls_workspace_protocol")),
    path("<slug:tenant_slug>/komisja/", include("pozytek.evaluation.urls_workspace")),
    path("<slug:tenant_slug>/konkursy/", include("pozytek.competitions.urls")),
    path("<slug:tenant_slug>/urzad/konkursy/", include("pozytek.competitions.urls_office")),
    path("<slug:tenant_slug>/oferty/", include("pozytek.offers.urls_member_generator")),
    path("<slug:tenant_slug>/urzad/oferty/", include("pozytek.offers.urls_office")),
    path("<slug:tenant_slug>/urzad/organizacje/", include("pozytek.organisations.urls_office")),
    path("<slug:tenant_slug>/urzad/umowy/aktualizacje/", include("pozytek.agreements.urls_office_updates")),
    path("<slug:tenant_slug>/urzad/umowy/", include("pozytek.agreements.urls_office")),
    path("<slug:tenant_slug>/urzad/sprawozdania/", include("pozytek.reports.urls_office")),
    path("<slug:tenant_slug>/dotacje/", include("pozytek.grants.urls")),
    path("<slug:tenant_slug>/konsultacje/", include("pozytek.consultations.urls")),
    path("<slug:tenant_slug>/urzad/konsultacje/", include("pozytek.consultations.urls_office")),
    # Councils and teams (ciała konsultacyjno-doradcze): office, the body's secretariat, public pages.
    path("<slug:tenant_slug>/urzad/rady/", include("pozytek.councils.urls_office")),
    path("<slug:tenant_slug>/urzad/program-wspolpracy/sprawozdania/", include("pozytek.programmes.urls_office_report")),
    path("<slug:tenant_slug>/urzad/program-wspolpracy/", include("pozytek.programmes.urls_office")),
    path("<slug:tenant_slug>/program-wspolpracy/", include("pozytek.programmes.urls")),
    # Small grants outside competition (art. 19a): public page and comments, the office's desk.
    path("<slug:tenant_slug>/male-granty/", include("pozytek.smallgrants.urls")),
    path("<slug:tenant_slug>/urzad/male-granty/", include("pozytek.smallgrants.urls_office")),
    # Local initiative (art. 19b–19h): residents apply, the office scores, contracts and records the work.
    path("<slug:tenant_slug>/inicjatywa-lokalna/", include("pozytek.initiatives.urls")),
    path("<slug:tenant_slug>/urzad/inicjatywa-lokalna/", include("pozytek.initiatives.urls_office")),
    # Regranting (art. 16a): operators' calls for micro-grants, the operator's workspace, the office's view.
    path("<slug:tenant_slug>/regranting/<int:operator>/panel/", include("pozytek.regranting.urls_member")),
    path("<slug:tenant_slug>/regranting/", include("pozytek.regranting.urls")),
    path("<slug:tenant_slug>/urzad/regranting/", include("pozytek.regranting.urls_office")),
    # The office's dashboard and data (the office app puts the modules together).
    path("<slug:tenant_slug>/urzad/", include("pozytek.office.urls")),
    path("<slug:tenant_slug>/rady/sekretariat/", include("pozytek.councils.urls_workspace")),
    path("<slug:tenant_slug>/rady/", include("pozytek.councils.urls")),
]
if settings.DEBUG:  # production serves /media/ from the reverse proxy (see README)
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
urlpatterns.append(path("", include("pozytek.tenants.urls")))
