from django.urls import path

from pozytek.councils.views import office

app_name = "councils_office"

urlpatterns = [
    path("", office.BodyListView.as_view(), name="list"),
    path("nowa/", office.BodyCreateView.as_view(), name="body-new"),
    path("<int:pk>/", office.BodyDetailView.as_view(), name="body"),
    path("<int:pk>/edycja/", office.BodyEditView.as_view(), name="body-edit"),
    path("<int:pk>/kadencja/", office.BodyTransitionView.as_view(), name="body-transition"),
    path("<int:pk>/czlonkowie/dodaj/", office.MemberAddView.as_view(), name="member-add"),
    path("<int:pk>/czlonkowie/<int:member_pk>/", office.MemberEditView.as_view(), name="member-edit"),
    path("<int:pk>/czlonkowie/<int:member_pk>/usun/", office.MemberRemoveView.as_view(), name="member-remove"),
    path("<int:pk>/czlonkowie/<int:member_pk>/koniec/", office.MemberEndView.as_view(), name="member-end"),
    path("<int:pk>/posiedzenia/nowe/", office.MeetingCreateView.as_view(), name="meeting-new"),
    path("<int:pk>/uchwaly/nowa/", office.ActCreateView.as_view(), name="act-new"),
    path("<int:pk>/wnioski/nowy/", office.RequestCreateView.as_view(), name="request-new"),
    path("<int:pk>/nabory/nowy/", office.CallCreateView.as_view(), name="call-new"),
    path("posiedzenia/<int:pk>/", office.MeetingDetailView.as_view(), name="meeting"),
    path("posiedzenia/<int:pk>/zaproszenia/", office.MeetingInviteView.as_view(), name="meeting-invite"),
    path("posiedzenia/<int:pk>/odwolanie/", office.MeetingCancelView.as_view(), name="meeting-cancel"),
    path("posiedzenia/<int:pk>/dokumenty/", office.DocumentUploadView.as_view(), name="document-upload"),
    path("posiedzenia/<int:pk>/protokol/", office.MinutesView.as_view(), name="minutes"),
    path("dokumenty/<int:pk>/", office.DocumentDownloadView.as_view(), name="document"),
    path("wnioski/<int:pk>/opinia/", office.OpinionView.as_view(), name="opinion"),
    path("wnioski/<int:pk>/wycofanie/", office.RequestWithdrawView.as_view(), name="request-withdraw"),
    path("nabory/<int:pk>/", office.CallDetailView.as_view(), name="call"),
]
