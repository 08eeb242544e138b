from django.urls import URLPattern, URLResolver, path

from pozytek.evaluation.views import workspace_protocol as protocol

app_name = "evaluation_protocol"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:commission_pk>/", protocol.ProgressView.as_view(), name="progress"),
    path("<int:commission_pk>/zamknij/", protocol.CloseView.as_view(), name="close"),
    path("<int:commission_pk>/protokol/", protocol.ProtocolView.as_view(), name="protocol"),
    path("<int:commission_pk>/protokol.pdf", protocol.ProtocolPdfView.as_view(), name="protocol_pdf"),
    path("<int:commission_pk>/karty-oceny.pdf", protocol.CardsPdfView.as_view(), name="cards_pdf"),
    path("<int:commission_pk>/podpisz/", protocol.SignView.as_view(), name="sign"),
]
