"""Office: imports of organisations (KRS extracts, spreadsheets). Mounted at /<tenant>/urzad/organizacje/import/."""

from django.urls import path

from pozytek.organisations.views import office_imports as imports

app_name = "organisations_imports"

urlpatterns = [
    path("", imports.ImportListView.as_view(), name="list"),
    path("nowy/", imports.UploadView.as_view(), name="upload"),
    path("<int:pk>/", imports.DetailView.as_view(), name="detail"),
    path("<int:pk>/kolumny/", imports.MappingView.as_view(), name="mapping"),
    path("<int:pk>/sprawdz/", imports.CheckView.as_view(), name="check"),
    path("<int:pk>/podglad/", imports.PreviewView.as_view(), name="preview"),
    path("<int:pk>/stan.json", imports.StatusView.as_view(), name="status"),
]
