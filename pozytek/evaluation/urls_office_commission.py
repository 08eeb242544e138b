from django.urls import URLPattern, URLResolver, path

from pozytek.evaluation.views import office_commission as views

app_name = "evaluation_office_commission"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:call_pk>/", views.CommissionOfficeView.as_view(), name="detail"),
    path("<int:call_pk>/nabor/", views.OpenRecruitmentView.as_view(), name="open_recruitment"),
    path("<int:call_pk>/nabor/zamknij/", views.CloseRecruitmentView.as_view(), name="close_recruitment"),
    path("<int:call_pk>/czlonkowie/", views.AddMemberView.as_view(), name="add_member"),
    path("<int:call_pk>/czlonkowie/<int:member_pk>/usun/", views.RemoveMemberView.as_view(), name="remove_member"),
    path("<int:call_pk>/bez-organizacji/", views.WithoutNgoView.as_view(), name="without_ngo"),
    path("<int:call_pk>/powolaj/", views.AppointView.as_view(), name="appoint"),
]
