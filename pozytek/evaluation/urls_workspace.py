from django.urls import URLPattern, URLResolver, path

from pozytek.evaluation.views import workspace as views

app_name = "evaluation_workspace"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.IndexView.as_view(), name="index"),
    path("nabor/<int:recruitment_pk>/zglos/", views.NominateView.as_view(), name="nominate"),
    path("<int:commission_pk>/", views.CommissionView.as_view(), name="commission"),
    path("<int:commission_pk>/oswiadczenie/", views.DeclareView.as_view(), name="declare"),
    path("<int:commission_pk>/oferta/<int:offer_pk>/", views.OfferView.as_view(), name="offer"),
]
