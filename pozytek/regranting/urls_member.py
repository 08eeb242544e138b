"""The operator's workspace. Mounted at /<tenant>/regranting/<operator>/panel/."""

from django.urls import path

from pozytek.regranting.views import member

app_name = "regranting_operator"

urlpatterns = [
    path("", member.HomeView.as_view(), name="home"),
    path("komisja/", member.CommitteeView.as_view(), name="committee"),
    path("nabory/nowy/", member.SubCallCreateView.as_view(), name="sub_call_new"),
    path("nabory/<int:pk>/", member.SubCallView.as_view(), name="sub_call"),
    path("wnioski/<int:pk>/", member.ApplicationView.as_view(), name="application"),
    path("mikrogranty/<int:pk>/", member.MicroGrantView.as_view(), name="micro_grant"),
    path("mikrogranty/<int:pk>/umowa.pdf", member.AgreementPdfView.as_view(), name="agreement_pdf"),
]
