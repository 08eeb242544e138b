"""The public directory of a local government. Mounted at /<tenant>/organizacje/ (registering and claiming:
urls_member_join.py)."""

from django.urls import path

from pozytek.organisations.views import public

app_name = "organisations"

urlpatterns = [
    path("", public.directory, name="directory"),
    path("<int:pk>/", public.profile, name="profile"),
]
