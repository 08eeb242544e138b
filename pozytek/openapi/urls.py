"""Mounted at /api/v1/: our page about the API, then ninja's routes and OpenAPI document, then a
JSON 404 for any other address. Ninja's routes answer another method than theirs with a JSON 405."""

from django.urls import URLPattern, path, re_path

from pozytek.openapi import views
from pozytek.openapi.api import api

ninja_patterns, ninja_app_name, ninja_namespace = api.urls

urlpatterns = [
    path("", views.index, name="api-index"),
    path(
        "",
        (
            [
                URLPattern(p.pattern, views.json_method_not_allowed(p.callback), p.default_args, p.name)
                if isinstance(p, URLPattern)
                else p
                for p in ninja_patterns
            ],
            ninja_app_name,
            ninja_namespace,
        ),
    ),
    re_path(r"^.*", views.not_found),
]
