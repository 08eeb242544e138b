from django.urls import URLPattern, URLResolver, path

from pozytek.evaluation.views import office_decision as decision

app_name = "evaluation_office_decision"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:call_pk>/", decision.DecisionFormView.as_view(), name="form"),
    path("<int:call_pk>/uzasadnienia/", decision.RequestListView.as_view(), name="requests"),
    path("<int:request_pk>/odpowiedz/", decision.AnswerView.as_view(), name="answer"),
]
