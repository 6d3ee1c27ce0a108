from django.apps import AppConfig


class QQConfig(AppConfig):
    name = "accounts.social.qq"
    label = "socialaccount_qq"
    verbose_name = "QQ"
