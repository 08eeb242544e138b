"""Public pages of the cooperation programme: `/<tenant>/program-wspolpracy/`."""

from django.urls import path

from pozytek.programmes.views import public

app_name = "programmes"
urlpatterns = [
    path("", public.programme_list, name="list"),
    path("<int:pk>/", public.programme_detail, name="detail"),
    path("<int:pk>/pdf/", public.programme_pdf, name="pdf"),
    path("<int:pk>/docx/", public.programme_docx, name="docx"),
    path("<int:pk>/dane.json", public.programme_json, name="json"),
    path("<int:pk>/dzialania/<int:activity>/", public.activity, name="activity"),
    path("<int:pk>/dzialania/<int:activity>/zalacznik/", public.activity_file, name="activity_file"),
    path("sprawozdania/<int:report>/", public.report, name="report"),
    path("sprawozdania/<int:report>/pdf/", public.report_pdf, name="report_pdf"),
    path("sprawozdania/<int:report>/docx/", public.report_docx, name="report_docx"),
    path("sprawozdania/<int:report>/dane.json", public.report_json, name="report_json"),
]
