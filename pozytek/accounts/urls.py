from django.urls import path

from pozytek.accounts.views import profile

app_name = "accounts"

urlpatterns = [
    path("", profile.ProfileView.as_view(), name="profile"),
]
