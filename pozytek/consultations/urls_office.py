from django.urls import path

from pozytek.consultations.views import office

app_name = "consultations_office"

urlpatterns = [
    path("", office.ListView.as_view(), name="list"),
    path("nowa/", office.FormView.as_view(), name="create"),
    path("<int:pk>/", office.DetailView.as_view(), name="detail"),
    path("<int:pk>/edycja/", office.FormView.as_view(), name="edit"),
    path("<int:pk>/projekt/", office.DraftView.as_view(), name="draft"),
    path("<int:pk>/zalaczniki/", office.AttachmentView.as_view(), name="attach"),
    path("<int:pk>/zalaczniki/<int:attachment_pk>/usun/", office.AttachmentRemoveView.as_view(), name="detach"),
    path("<int:pk>/ankieta/", office.SurveyView.as_view(), name="survey"),
    path("<int:pk>/spotkania/", office.MeetingView.as_view(), name="meeting"),
    path("<int:pk>/spotkania/<int:meeting_pk>/protokol/", office.MinutesView.as_view(), name="minutes"),
    path("<int:pk>/publikuj/", office.PublishView.as_view(), name="publish"),
    path("<int:pk>/zamknij/", office.CloseView.as_view(), name="close"),
    path("<int:pk>/anuluj/", office.CancelView.as_view(), name="cancel"),
    path("<int:pk>/uwagi/", office.CommentsView.as_view(), name="comments"),
    path("<int:pk>/uwagi/<int:comment_pk>/", office.AnswerView.as_view(), name="answer"),
    path("<int:pk>/raport/", office.ReportView.as_view(), name="report"),
]
