from django.urls import path

from pozytek.offers.views import member as applicant

app_name = "offers_member"

urlpatterns = [path("", applicant.my_offers, name="list")]
