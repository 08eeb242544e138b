"""Public open data of the directory. Mounted at /<tenant>/organizacje/dane/."""

app_name = "organisations_open_data"

urlpatterns: list = []
