"""Forms of the account's privacy pages: phone verification, data export, account deletion (注销)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("手机号"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class DeleteForm(forms.Form):
    ANONYMISE = "anonymise"
    REMOVE = "remove"

    password = forms.CharField(label=_("当前密码"), strip=False, widget=forms.PasswordInput)
    content = forms.ChoiceField(
        label=_("我发布的文章和评论"),
        choices=[
            (ANONYMISE, _("保留，作者显示为「已注销用户」")),
            (REMOVE, _("全部下线（不再公开）")),
        ],
        initial=ANONYMISE,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(label=_("我了解注销后无法恢复，账号将不能再登录。"))

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")  # the labels are sentences (the confirmation ends in 。)
        super().__init__(*args, **kwargs)
