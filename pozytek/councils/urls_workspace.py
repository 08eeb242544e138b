from django.urls import path

from pozytek.councils.views import workspace

app_name = "councils_workspace"

urlpatterns = [
    path("", workspace.SecretariatView.as_view(), name="home"),
    path("posiedzenia/<int:pk>/protokol/", workspace.MinutesView.as_view(), name="minutes"),
    path("wnioski/<int:pk>/opinia/", workspace.OpinionView.as_view(), name="opinion"),
]
