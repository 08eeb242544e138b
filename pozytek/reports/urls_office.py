from django.urls import URLPattern, URLResolver, path

from pozytek.reports.views import office
from pozytek.reports.views import office_dossier as dossier

app_name = "reports_office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", office.OverviewView.as_view(), name="overview"),
    path("<int:pk>/", office.DetailView.as_view(), name="detail"),
    path("<int:pk>/pdf/", office.PdfView.as_view(), name="pdf"),
    path("<int:pk>/przyjmij/", office.AcceptView.as_view(), name="accept"),
    path("<int:pk>/do-poprawy/", office.ReasonView.as_view(action="return"), name="return"),
    path("<int:pk>/odrzuc/", office.ReasonView.as_view(action="reject"), name="reject"),
    path("umowa/<int:agreement_pk>/rozliczenie/", office.SettleView.as_view(), name="settle"),
    path("umowa/<int:agreement_pk>/teczka/", dossier.DossierView.as_view(), name="dossier"),
]
