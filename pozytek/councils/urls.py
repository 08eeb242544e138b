from django.urls import path

from pozytek.councils.views import public

app_name = "councils"

urlpatterns = [
    path("", public.BodyListView.as_view(), name="list"),
    path("nabory/<int:pk>/", public.CallView.as_view(), name="call"),
    path("<slug:slug>/", public.BodyView.as_view(), name="body"),
    path("<slug:slug>/posiedzenia/<int:pk>/", public.MeetingView.as_view(), name="meeting"),
    path("<slug:slug>/posiedzenia/<int:pk>/protokol/", public.MinutesView.as_view(), name="minutes"),
    path("<slug:slug>/posiedzenia/<int:pk>/protokol.pdf", public.MinutesPdfView.as_view(), name="minutes-pdf"),
    path("<slug:slug>/uchwaly/<int:pk>/", public.ActView.as_view(), name="act"),
    path("<slug:slug>/dokumenty/<int:pk>/", public.DocumentView.as_view(), name="document"),
]
