from django.urls import path

from pozytek.office import views

app_name = "office"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("dane/", views.ProfileEditView.as_view(), name="profile"),
]
