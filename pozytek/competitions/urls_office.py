from django.urls import path

from pozytek.competitions.views import office, office_proposals

app_name = "competitions_office"

urlpatterns = [
    path("", office.CallListView.as_view(), name="list"),
    path("nowy/", office.CallFormView.as_view(), name="create"),
    path("<int:pk>/", office.CallPreviewView.as_view(), name="preview"),
    path("<int:pk>/edycja/", office.CallFormView.as_view(), name="edit"),
    path("<int:pk>/publikuj/", office.CallPublishView.as_view(), name="publish"),
    path("<int:pk>/kopiuj/", office.CallCloneView.as_view(), name="clone"),
    path("<int:pk>/zamknij/", office.CallCloseView.as_view(), name="close"),
    path("<int:pk>/uniewaznij/", office.CallCancelView.as_view(), name="cancel"),
    path("<int:pk>/zadanie-priorytetowe/", office.CallPriorityTaskView.as_view(), name="priority_task"),
    path("wnioski/", office_proposals.ProposalListView.as_view(), name="proposals"),
    path("wnioski/<int:pk>/", office_proposals.ProposalDetailView.as_view(), name="proposal"),
]
