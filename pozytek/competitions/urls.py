from django.urls import path

from pozytek.competitions.views import proposals, public

app_name = "competitions"

urlpatterns = [
    path("", public.call_list, name="list"),
    path("<int:pk>/", public.call_detail, name="detail"),
    path("<int:pk>/ogloszenie.pdf", public.call_pdf, name="pdf"),
    # Own-initiative proposals of public tasks (art. 12).
    path("wnioski/", proposals.proposal_list, name="proposals"),
    path("wnioski/nowy/", proposals.ProposalStartView.as_view(), name="proposal_new"),
    path("wnioski/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("wnioski/<int:pk>/wycofaj/", proposals.proposal_withdraw, name="proposal_withdraw"),
]
