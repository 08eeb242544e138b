from django.urls import URLPattern, URLResolver, path

from pozytek.agreements.views import member

app_name = "agreements_member"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", member.agreement_list, name="list"),
    path("<int:pk>/", member.agreement_detail, name="detail"),
    path("<int:pk>/pdf/", member.agreement_pdf, name="pdf"),
    path("<int:pk>/podpisana/", member.signed_file, name="signed_file"),
]
