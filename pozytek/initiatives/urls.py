"""Public pages of local initiative, a resident's application, a member's confirmation.
Mounted at /<tenant>/inicjatywa-lokalna/."""

from django.urls import path

from pozytek.initiatives.views import member, public

app_name = "initiatives"

urlpatterns = [
    path("", public.IndexView.as_view(), name="index"),
    path("nowy-wniosek/", member.StartView.as_view(), name="start"),
    path("wnioski/<int:pk>/", member.ApplicationView.as_view(), name="application"),
    path("potwierdzenie/<str:token>/", public.ConfirmView.as_view(), name="confirm"),
    path("zrealizowane/<int:pk>/", public.DoneView.as_view(), name="done"),
    path("zrealizowane/<int:pk>/zdjecia/<int:photo_pk>/", public.photo, name="photo"),
]
