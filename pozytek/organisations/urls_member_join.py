"""How a signed-in person becomes a member of an organisation in a local government's directory:
registering a new organisation, or claiming an existing profile. Mounted at /<tenant>/organizacje/."""

from django.urls import path

from pozytek.organisations.views import member

app_name = "organisations_join"

urlpatterns = [
    path("zarejestruj/", member.RegisterView.as_view(), name="register"),
    path("<int:pk>/przejmij/", member.ClaimView.as_view(), name="claim"),
]
