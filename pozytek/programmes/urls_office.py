"""Office pages of the cooperation programme: `/<tenant>/urzad/program-wspolpracy/`."""

from django.urls import path

from pozytek.programmes.views import office, office_records

app_name = "programmes_office"

urlpatterns = [
    path("", office.ListView.as_view(), name="list"),
    path("nowy/", office.CreateView.as_view(), name="create"),
    path("<int:pk>/", office.DetailView.as_view(), name="detail"),
    path("<int:pk>/kopia/", office.CopyView.as_view(), name="copy"),
    path("<int:pk>/edycja/", office.EditView.as_view(), name="edit"),
    path("<int:pk>/cele/dodaj/", office.GoalView.as_view(), name="goal_add"),
    path("<int:pk>/cele/<int:goal>/", office.GoalView.as_view(), name="goal_edit"),
    path("<int:pk>/cele/<int:goal>/usun/", office.GoalRemoveView.as_view(), name="goal_remove"),
    path("<int:pk>/formy/dodaj/", office.FormView.as_view(), name="form_add"),
    path("<int:pk>/formy/<int:form>/", office.FormView.as_view(), name="form_edit"),
    path("<int:pk>/formy/<int:form>/usun/", office.FormRemoveView.as_view(), name="form_remove"),
    path("<int:pk>/zadania/dodaj/", office.TaskView.as_view(), name="task_add"),
    path("<int:pk>/zadania/<int:task>/", office.TaskView.as_view(), name="task_edit"),
    path("<int:pk>/zadania/<int:task>/usun/", office.TaskRemoveView.as_view(), name="task_remove"),
    path("<int:pk>/wskazniki/dodaj/", office.IndicatorView.as_view(), name="indicator_add"),
    path("<int:pk>/wskazniki/<int:indicator>/", office.IndicatorView.as_view(), name="indicator_edit"),
    path("<int:pk>/wskazniki/<int:indicator>/usun/", office.IndicatorRemoveView.as_view(), name="indicator_remove"),
    path("<int:pk>/wskazniki/<int:indicator>/wartosc/", office.IndicatorValueView.as_view(), name="indicator_value"),
    path("<int:pk>/konsultacje/", office.ConsultView.as_view(), name="consult"),
    path("<int:pk>/uchwala/", office.AdoptView.as_view(), name="adopt"),
    path("<int:pk>/wejscie-w-zycie/", office.ForceView.as_view(), name="force"),
    path("<int:pk>/dzialania/", office_records.ActivitiesView.as_view(), name="activities"),
    path("<int:pk>/dzialania/dodaj/", office_records.ActivityAddView.as_view(), name="activity_add"),
    path(
        "<int:pk>/dzialania/<int:activity>/usun/", office_records.ActivityRemoveView.as_view(), name="activity_remove"
    ),
    path(
        "<int:pk>/dzialania/<int:activity>/zalacznik/", office_records.ActivityFileView.as_view(), name="activity_file"
    ),
    path("<int:pk>/przypisania/<int:year>/", office_records.AssignView.as_view(), name="assign"),
    path(
        "<int:pk>/przypisania/<int:year>/<int:attribution>/usun/",
        office_records.UnassignView.as_view(),
        name="unassign",
    ),
]
