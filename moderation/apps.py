from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import registry


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("内容管理")

    def ready(self) -> None:
        from accounts import personal_data
        from accounts.models import User  # models may be imported only once the app registry is ready

        from .adapters import UserAdapter
        from .personal_data import ModerationProvider

        registry.register(User, UserAdapter())
        personal_data.register(ModerationProvider())
