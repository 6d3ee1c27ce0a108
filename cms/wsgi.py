import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
django_application = get_wsgi_application()

from core.pagecache import wsgi_hits  # noqa: E402 - needs the apps loaded above

# Anonymous readers' page-cache hits are answered before Django's handler (core/pagecache.py); the rest is Django.
application = wsgi_hits(django_application)
