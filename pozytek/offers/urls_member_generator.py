from django.urls import path

from pozytek.offers.views import member as applicant

app_name = "offers"

urlpatterns = [
    path("nowa/<int:call_pk>/", applicant.OfferStartView.as_view(), name="start"),
    path("<int:pk>/", applicant.OfferOverviewView.as_view(), name="overview"),
    path("<int:pk>/zloz/", applicant.SubmitView.as_view(), name="submit"),
    path("<int:pk>/wycofaj/", applicant.WithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/zloz-korekte/", applicant.SubmitCorrectionView.as_view(), name="submit_correction"),
    path("<int:pk>/popraw/", applicant.ReopenView.as_view(), name="reopen"),
    path("<int:pk>/zloz-aktualizacje/", applicant.SubmitUpdateView.as_view(), name="submit_update"),
    path("<int:pk>/oferta.pdf", applicant.offer_pdf, name="pdf"),
    path("<int:pk>/wersja/<int:number>.pdf", applicant.version_pdf, name="version_pdf"),
    path("<int:pk>/wersja/<int:number>.json", applicant.version_json, name="version_json"),
    path("<int:pk>/wersja/<int:number>/potwierdzenie.pdf", applicant.confirmation_pdf, name="confirmation_pdf"),
    path("<int:pk>/zalaczniki/", applicant.AttachmentsView.as_view(), name="attachments"),
    path("<int:pk>/zalaczniki/<int:attachment_pk>/", applicant.attachment_download, name="attachment"),
    path("<int:pk>/<slug:slug>/", applicant.SectionView.as_view(), name="section"),
    path("<int:pk>/<slug:slug>/podsumowanie/", applicant.BudgetPreviewView.as_view(), name="budget_preview"),
]
