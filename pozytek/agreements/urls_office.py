from django.urls import URLPattern, URLResolver, path

from pozytek.agreements.views import office
from pozytek.agreements.views import office_annexes as annexes

app_name = "agreements_office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", office.AgreementListView.as_view(), name="list"),
    path("<int:grant_pk>/przygotuj/", office.PrepareView.as_view(), name="prepare"),
    path("<int:pk>/", office.DetailView.as_view(), name="detail"),
    path("<int:pk>/edytuj/", office.EditView.as_view(), name="edit"),
    path("<int:pk>/pdf/", office.PdfView.as_view(), name="pdf"),
    path("<int:pk>/docx/", office.DocxView.as_view(), name="docx"),
    path("<int:pk>/podpisz/", office.SignView.as_view(), name="sign"),
    path("<int:pk>/podpisana/", office.SignedFileView.as_view(), name="signed_file"),
    path("<int:pk>/transze/<int:tranche_pk>/", office.PayView.as_view(), name="pay"),
    path("<int:pk>/rozwiaz/", office.TerminateView.as_view(), name="terminate"),
    path("aneksy/", annexes.AnnexRequestListView.as_view(), name="annexes"),
    path("<int:pk>/aneksy/<int:annex_pk>/", annexes.AnnexDetailView.as_view(), name="annex"),
    path("<int:pk>/aneksy/<int:annex_pk>/zatwierdz/", annexes.ApproveAnnexView.as_view(), name="annex_approve"),
    path("<int:pk>/aneksy/<int:annex_pk>/odmow/", annexes.RefuseAnnexView.as_view(), name="annex_refuse"),
    path("<int:pk>/aneksy/<int:annex_pk>/pdf/", annexes.AnnexPdfView.as_view(), name="annex_pdf"),
    path("<int:pk>/aneksy/<int:annex_pk>/docx/", annexes.AnnexDocxView.as_view(), name="annex_docx"),
]
