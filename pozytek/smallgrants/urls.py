"""Public pages of small grants and an organisation's start of an offer. Mounted at /<tenant>/male-granty/."""

from django.urls import path

from pozytek.smallgrants.views import member, public

app_name = "smallgrants"

urlpatterns = [
    path("", public.SchemeView.as_view(), name="scheme"),
    path("nowa-oferta/", member.StartView.as_view(), name="start"),
    path("oferty.json", public.publications_json, name="json"),
    path("oferty/<int:pk>/", public.PublicationView.as_view(), name="publication"),
    path("oferty/<int:pk>/ogloszenie.pdf", public.notice_pdf, name="notice"),
]
