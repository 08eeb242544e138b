"""Mounted at /api/v1/: our page about the API, then ninja's routes and OpenAPI document."""

from django.urls import path

from pozytek.openapi import views
from pozytek.openapi.api import api

urlpatterns = [
    path("", views.index, name="api-index"),
    path("", api.urls),
]
