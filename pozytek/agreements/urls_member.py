from django.urls import URLPattern, URLResolver, path

from pozytek.agreements.views import member
from pozytek.agreements.views import member_annexes as annexes

app_name = "agreements_member"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", member.agreement_list, name="list"),
    path("<int:pk>/", member.agreement_detail, name="detail"),
    path("<int:pk>/pdf/", member.agreement_pdf, name="pdf"),
    path("<int:pk>/podpisana/", member.signed_file, name="signed_file"),
    path("<int:pk>/aneksy/", annexes.member_annex_list, name="annexes"),
    path("<int:pk>/aneksy/nowy/", annexes.member_annex_request, name="annex_request"),
    path("<int:pk>/aneksy/<int:annex_pk>/", annexes.member_annex_detail, name="annex"),
    path("<int:pk>/aneksy/<int:annex_pk>/wycofaj/", annexes.member_annex_withdraw, name="annex_withdraw"),
    path("<int:pk>/aneksy/<int:annex_pk>/pdf/", annexes.member_annex_pdf, name="annex_pdf"),
]
