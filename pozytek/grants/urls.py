"""The public grants register and its open data. Mounted at /<tenant>/dotacje/."""

from django.urls import URLPattern, URLResolver, path

from pozytek.grants.views import public

app_name = "grants"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.register, name="register"),
    path("rejestr-dotacji.csv", public.register_csv, name="register_csv"),
    path("rejestr-dotacji.xlsx", public.register_xlsx, name="register_xlsx"),
    path("rejestr-dotacji.json", public.register_json, name="register_json"),
]
