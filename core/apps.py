from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom layer: audit log, notifications, the base error, rate limits and the page cache.

    It imports only Django (and Celery for its one task); users are reached through settings.AUTH_USER_MODEL.
    """

    name = "core"
    verbose_name = _("站点基础")
