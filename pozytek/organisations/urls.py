"""Public directory and NGO actions in a local government. Mounted at /<tenant>/organizacje/."""

from django.urls import path

from pozytek.organisations.views import member, public

app_name = "organisations"

urlpatterns = [
    path("", public.directory, name="directory"),
    path("<int:pk>/", public.profile, name="profile"),
    path("zarejestruj/", member.RegisterView.as_view(), name="register"),
    path("<int:pk>/przejmij/", member.ClaimView.as_view(), name="claim"),
]
