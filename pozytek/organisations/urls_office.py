"""Office pages of the directory. Mounted at /<tenant>/urzad/organizacje/."""

from django.urls import path

from pozytek.organisations.views import office

app_name = "organisations_office"

urlpatterns = [
    path("", office.OfficeListView.as_view(), name="list"),
    path("dodaj/", office.AddOrganisationView.as_view(), name="add"),
    path("dodaj/<int:pk>/", office.ListExistingView.as_view(), name="list-existing"),
    path("weryfikacja/", office.VerificationQueueView.as_view(), name="queue"),
    path("zgloszenia/<int:pk>/", office.ClaimDecisionView.as_view(), name="claim"),
    path("zmiany/<int:pk>/", office.ChangeDecisionView.as_view(), name="change"),
    path("<int:pk>/", office.OfficeDetailView.as_view(), name="detail"),
    path("<int:pk>/weryfikuj/", office.VerifyView.as_view(), name="verify"),
    path("<int:pk>/notatka/", office.NoteView.as_view(), name="note"),
    path("<int:pk>/dezaktywuj/", office.DeactivateView.as_view(), name="deactivate"),
    path("<int:pk>/aktywuj/", office.ReactivateView.as_view(), name="reactivate"),
    path("<int:pk>/scal/", office.MergeView.as_view(), name="merge"),
    path("<int:pk>/wykluczenie/", office.ExclusionView.as_view(), name="exclusion"),
]
