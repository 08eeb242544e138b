"""Public pages of regranting and applying to an operator's call. Mounted at /<tenant>/regranting/."""

from django.urls import path

from pozytek.regranting.views import public

app_name = "regranting"

urlpatterns = [
    path("", public.ListView.as_view(), name="list"),
    path("<int:operator>/", public.OperatorView.as_view(), name="operator"),
    path("<int:operator>/nabory/<int:pk>/", public.SubCallView.as_view(), name="sub_call"),
    path("<int:operator>/nabory/<int:pk>/wniosek/", public.ApplyView.as_view(), name="apply"),
]
