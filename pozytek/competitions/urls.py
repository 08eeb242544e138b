from django.urls import path

from pozytek.competitions.views import public

app_name = "competitions"

urlpatterns = [
    path("", public.call_list, name="list"),
    path("<int:pk>/", public.call_detail, name="detail"),
    path("<int:pk>/ogloszenie.pdf", public.call_pdf, name="pdf"),
]
