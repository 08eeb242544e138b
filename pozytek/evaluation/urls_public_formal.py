from django.urls import path

from pozytek.evaluation.views import formal

app_name = "evaluation_public_formal"

urlpatterns = [
    path("<int:call_pk>/wyniki-oceny-formalnej/", formal.formal_results, name="results"),
]
