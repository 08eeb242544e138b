"""Office pages of regranting. Mounted at /<tenant>/urzad/regranting/."""

from django.urls import path

from pozytek.regranting.views import office

app_name = "regranting_office"

urlpatterns = [
    path("", office.ListView.as_view(), name="list"),
    path("<int:pk>/", office.OperatorView.as_view(), name="operator"),
]
