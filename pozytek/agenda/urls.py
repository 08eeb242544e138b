"""The calendar's addresses: a municipality's public feed under its own path, a person's page and private
feed under /konto/terminarz/ (mounted at the root, before allauth's /konto/)."""

from django.urls import path

from pozytek.agenda.views import personal, public

app_name = "agenda"

urlpatterns = [
    path("<slug:tenant_slug>/kalendarz.ics", public.tenant_ical, name="tenant_feed"),
    path("konto/terminarz/", personal.own_calendar, name="own"),
    path("konto/terminarz/nowy-adres/", personal.reset_token, name="reset"),
    path("konto/terminarz/<str:token>.ics", personal.private_feed, name="private_feed"),
]
