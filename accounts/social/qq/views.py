from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.views import OAuth2Adapter, OAuth2CallbackView, OAuth2LoginView
from django.http import HttpRequest


class QQOAuth2Adapter(OAuth2Adapter):
    provider_id = "qq"
    authorize_url = "https://graph.qq.com/oauth2.0/authorize"
    access_token_url = "https://graph.qq.com/oauth2.0/token?fmt=json"  # noqa: S105 (a URL, not a secret)
    access_token_method = "GET"  # QQ takes the code exchange as a GET
    openid_url = "https://graph.qq.com/oauth2.0/me"
    profile_url = "https://graph.qq.com/user/get_user_info"

    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        with get_adapter().get_requests_session() as session:
            me = session.get(self.openid_url, params={"access_token": token.token, "fmt": "json"}).json()
            openid = me.get("openid")
            if not openid:
                raise ProviderException(f"QQ gave no openid: {me.get('error_description') or me}")
            params = {"access_token": token.token, "oauth_consumer_key": app.client_id, "openid": openid}
            profile = session.get(self.profile_url, params=params).json()
        if profile.get("ret", 0) != 0:
            raise ProviderException(f"QQ profile error {profile.get('ret')}: {profile.get('msg')}")
        return self.get_provider().sociallogin_from_response(request, {**profile, "openid": openid})


oauth2_login = OAuth2LoginView.adapter_view(QQOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(QQOAuth2Adapter)
