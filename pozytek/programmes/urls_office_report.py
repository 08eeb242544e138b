"""Office pages of the realisation report: `/<tenant>/urzad/program-wspolpracy/sprawozdania/`."""

from django.urls import path

from pozytek.programmes.views import office_report

app_name = "programmes_reports"
urlpatterns = [
    path("<int:pk>/<int:year>/", office_report.LiveView.as_view(), name="live"),
    path("<int:pk>/<int:year>/przygotuj/", office_report.StartView.as_view(), name="start"),
    path("raport/<int:report>/", office_report.EditView.as_view(), name="edit"),
    path("raport/<int:report>/publikuj/", office_report.PublishView.as_view(), name="publish"),
    path("raport/<int:report>/pdf/", office_report.PdfView.as_view(), name="pdf"),
]
