from django.urls import path

from pozytek.offers.views import office

app_name = "offers_office"

urlpatterns = [
    path("konkurs/<int:call_pk>/", office.CallOffersView.as_view(), name="call"),
    path("konkurs/<int:call_pk>/oferty.xlsx", office.CallOffersXlsxView.as_view(), name="call_xlsx"),
    path("<int:pk>/", office.OfferDetailView.as_view(), name="detail"),
    path("<int:pk>/wersja/<int:number>.pdf", office.OfferVersionPdfView.as_view(), name="version_pdf"),
    path("<int:pk>/wersja/<int:number>.json", office.OfferVersionJsonView.as_view(), name="version_json"),
    path("<int:pk>/zalaczniki/<int:attachment_pk>/", office.AttachmentDownloadView.as_view(), name="attachment"),
]
