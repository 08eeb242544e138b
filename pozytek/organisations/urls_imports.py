"""Office: imports of organisations (KRS extracts, spreadsheets). Mounted at /<tenant>/urzad/organizacje/import/."""

app_name = "organisations_imports"

urlpatterns: list = []
