from django.urls import path

from pozytek.evaluation.views import public

app_name = "evaluation_public_formal"

urlpatterns = [
    path("<int:call_pk>/wyniki-oceny-formalnej/", public.formal_results, name="results"),
]
