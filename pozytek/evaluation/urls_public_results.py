from django.urls import URLPattern, URLResolver, path

from pozytek.evaluation.views import public

app_name = "evaluation_public_results"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:call_pk>/wyniki/", public.results, name="results"),
    path("<int:call_pk>/wyniki.pdf", public.results_pdf, name="results_pdf"),
    path("<int:call_pk>/wyniki.csv", public.results_csv, name="results_csv"),
    path("<int:call_pk>/wyniki.json", public.results_json, name="results_json"),
    path("<int:call_pk>/uniewaznienie/", public.cancellation, name="cancellation"),
    path("<int:call_pk>/uniewaznienie.pdf", public.cancellation_pdf, name="cancellation_pdf"),
    path("<int:call_pk>/uzasadnienie/", public.justification, name="justification"),
]
