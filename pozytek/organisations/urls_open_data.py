"""Public open data of the directory. Mounted at /<tenant>/organizacje/dane/."""

from django.urls import path

from pozytek.organisations.views import public_open_data as open_data

app_name = "organisations_open_data"

urlpatterns = [
    path("", open_data.index, name="index"),
    path("organizacje.csv", open_data.csv_export, name="csv"),
    path("organizacje.xlsx", open_data.xlsx_export, name="xlsx"),
    path("organizacje.json", open_data.json_export, name="json"),
]
