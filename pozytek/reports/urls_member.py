from django.urls import URLPattern, URLResolver, path

from pozytek.reports.views import member

app_name = "reports_member"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:agreement_pk>/sprawozdania/", member.report_list, name="list"),
    path("<int:agreement_pk>/sprawozdania/nowe/", member.report_start, name="start"),
    path("<int:agreement_pk>/sprawozdania/<int:pk>/", member.report_edit, name="edit"),
    path("<int:agreement_pk>/sprawozdania/<int:pk>/zloz/", member.report_submit, name="submit"),
    path("<int:agreement_pk>/sprawozdania/<int:pk>/pdf/", member.report_pdf, name="pdf"),
]
