"""The platform's public, read-only REST API (django-ninja): one NinjaAPI, routers from the apps."""
