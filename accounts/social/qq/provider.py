from allauth.socialaccount.providers.base import ProviderAccount, ProviderException
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from .views import QQOAuth2Adapter


class QQAccount(ProviderAccount):
    def get_avatar_url(self) -> str | None:
        return self.account.extra_data.get("figureurl_qq_2") or self.account.extra_data.get("figureurl_qq_1")

    def to_str(self) -> str:
        return self.account.extra_data.get("nickname") or super().to_str()


class QQProvider(OAuth2Provider):
    id = "qq"
    name = "QQ"
    account_class = QQAccount
    oauth2_adapter_class = QQOAuth2Adapter

    def get_default_scope(self) -> list[str]:
        return ["get_user_info"]

    def extract_uid(self, data: dict) -> str:
        uid = data.get("openid")
        if not uid:
            raise ProviderException("Missing 'openid'")
        return str(uid)

    def extract_common_fields(self, data: dict) -> dict:
        return {"username": data.get("nickname"), "name": data.get("nickname")}


provider_classes = [QQProvider]
