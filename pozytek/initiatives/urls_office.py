"""Office pages of local initiative. Mounted at /<tenant>/urzad/inicjatywa-lokalna/."""

from django.urls import path

from pozytek.initiatives.views import office

app_name = "initiatives_office"

urlpatterns = [
    path("", office.ListView.as_view(), name="list"),
    path("kryteria/", office.CriteriaView.as_view(), name="criteria"),
    path("<int:pk>/", office.DetailView.as_view(), name="detail"),
    path("<int:pk>/umowa/", office.AgreementView.as_view(), name="agreement"),
    path("<int:pk>/umowa.pdf", office.AgreementPdfView.as_view(), name="agreement_pdf"),
    path("<int:pk>/realizacja/", office.ExecutionView.as_view(), name="execution"),
    path("<int:pk>/zdjecia/<int:photo_pk>/", office.PhotoView.as_view(), name="photo"),
]
