from django.urls import URLPattern, URLResolver, path

from pozytek.agreements.views import office_updates as updates

app_name = "agreements_office_updates"

urlpatterns: list[URLPattern | URLResolver] = [
    path("konkurs/<int:call_pk>/", updates.UpdateListView.as_view(), name="list"),
    path("<int:offer_pk>/", updates.UpdateReviewView.as_view(), name="review"),
    path("<int:offer_pk>/akceptuj/", updates.AcceptUpdateView.as_view(), name="accept"),
    path("<int:offer_pk>/zwroc/", updates.ReturnUpdateView.as_view(), name="return"),
]
