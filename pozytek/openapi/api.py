"""The API instance. Mounted at /api/v1/; the OpenAPI document is /api/v1/openapi.json.

Ninja's Swagger UI loads its JavaScript from a CDN, which our CSP forbids, so the docs UI is
off: `/api/v1/` is our own page listing the endpoints (see views.py).
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from pozytek.grants.api import router as grants_router
from pozytek.organisations.api import router as organisations_router

with translation.override(settings.LANGUAGE_CODE):  # the document must not depend on the first request
    description = str(_("Read-only open data of the platform: the directories of organisations of local governments."))

api = NinjaAPI(
    title="Pożytek – otwarte dane",
    version="1",
    description=description,
    urls_namespace="api",
    docs_url=None,
)
api.add_router("/", organisations_router)
api.add_router("/", grants_router)
