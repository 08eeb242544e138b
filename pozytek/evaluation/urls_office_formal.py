from django.urls import path

from pozytek.evaluation.views import office_formal as formal

app_name = "evaluation_office_formal"

urlpatterns = [
    path("<int:call_pk>/", formal.FormalCallView.as_view(), name="call"),
    path("<int:call_pk>/oferta/<int:offer_pk>/", formal.FormalCheckView.as_view(), name="check"),
    path("<int:call_pk>/oferta/<int:offer_pk>/odrzuc/", formal.RejectUncorrectedView.as_view(), name="reject"),
    path("<int:call_pk>/publikuj/", formal.PublishView.as_view(), name="publish"),
]
