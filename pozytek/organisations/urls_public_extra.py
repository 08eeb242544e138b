"""Public statistics and the 1.5% page of a directory. Mounted at /<tenant>/organizacje/."""

from django.urls import path

from pozytek.organisations.views import public_one_and_half as one_and_half
from pozytek.organisations.views import public_statistics as statistics

app_name = "organisations_stats"

urlpatterns = [
    path("statystyki/", statistics.statistics, name="statistics"),
    path("jeden-i-pol-procent/", one_and_half.one_and_half, name="one-and-half"),
]
