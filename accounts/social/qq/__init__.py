"""QQ 互联 (QQ Connect) as an allauth OAuth2 provider. Installed only when SOCIAL_LOGIN_PROVIDERS names `qq`.

Hand-written because allauth has no QQ provider and no kept package offers one: QQ's OAuth2 differs from the
standard only in a GET token request, a separate call for the openid, and `oauth_consumer_key` on the profile call.
"""
