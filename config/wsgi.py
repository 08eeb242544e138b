"""WSGI entry point for gunicorn: `gunicorn config.wsgi`."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Refuse to serve without a secret key (Django raises ImproperlyConfigured on reading an empty one):
# at start-up, not at the first request that signs a session.
settings.SECRET_KEY  # noqa: B018
