from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.ip import client_ip
from core.ipregion import UNKNOWN, region_of


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账户")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import personal_data
        from .admin import third_party_admin_restrict
        from .closure import AccountProvider

        personal_data.register(AccountProvider())
        user_logged_in.connect(_region_on_login, dispatch_uid="accounts.region_on_login")
        third_party_admin_restrict()


def _region_on_login(sender, request, user, **kwargs) -> None:
    """IP属地 last seen, for the profile: every login (whichever view or library logs in) records the region."""
    from .services import user_region_seen  # models are ready only once the app registry is

    if request is None:
        return
    region = region_of(client_ip(request))
    if region != UNKNOWN:
        user_region_seen(user=user, region=region)
