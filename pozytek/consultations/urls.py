from django.urls import path

from pozytek.consultations.feeds import ConsultationFeed
from pozytek.consultations.views import public

app_name = "consultations"

urlpatterns = [
    path("", public.consultation_list, name="list"),
    path("kanal.atom", ConsultationFeed(), name="feed"),
    path("<int:pk>/", public.consultation_detail, name="detail"),
    path("<int:pk>/uwagi/", public.comment, name="comment"),
    path("<int:pk>/ankieta/", public.survey, name="survey"),
    path("<int:pk>/spotkania/<int:meeting_pk>/zapis/", public.register, name="register"),
    path("<int:pk>/zalaczniki/<int:attachment_pk>/", public.attachment, name="attachment"),
    path("<int:pk>/raport/", public.report, name="report"),
    path("<int:pk>/raport.pdf", public.report_pdf, name="report_pdf"),
    path("<int:pk>/raport.docx", public.report_docx_view, name="report_docx"),
]
