from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthMFAAuthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from core.ip import client_ip

from .lockout import login_captcha_required
from .models import AuthorApplication, User

USERNAME_MAX = User._meta.get_field(User.USERNAME_FIELD).max_length
EMAIL_MAX = 254

# Our own words instead of Django's defaults (a paragraph of rules and a bulleted list of password validators).
USERNAME_HELP = _("最多 150 个字符：字母、数字或 @ . + - _")
PASSWORD_HELP = _("至少 8 位，不能全是数字，也不要与用户名或邮箱相近。")


def _password_help(form: forms.Form, first: str, second: str) -> None:
    form.fields[first].help_text = PASSWORD_HELP
    form.fields[second].help_text = ""


def _captcha_field() -> CaptchaField:
    return CaptchaField(
        label=_("验证码"),
        help_text=_("请输入图中的字符，不区分大小写。"),
        error_messages={"invalid": _("验证码不正确，请重新输入。"), "required": _("请输入验证码。")},
    )


class SignupForm(AllauthSignupForm):
    """allauth's sign-up (username, e-mail unique in any letter case, password twice) with the nickname and a
    captcha drawn by the server."""

    display_name = forms.CharField(label=_("昵称"), max_length=40, required=False)
    captcha = _captcha_field()

    field_order = ["username", "email", "display_name", "password1", "password2", "captcha"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["email"].label = _("邮箱")
        self.fields["email"].help_text = _("注册后我们会发一封验证邮件；验证之前可以浏览，但不能评论、投稿或举报。")
        self.fields["username"].help_text = USERNAME_HELP
        if "password1" in self.fields and "password2" in self.fields:
            _password_help(self, "password1", "password2")
        self.order_fields(self.field_order)


class LoginForm(AllauthLoginForm):
    """Login by username or e-mail. A captcha is added once the client's IP or the account has failed
    CAPTCHA_LOGIN_AFTER_FAILURES times; a wrong captcha refuses the attempt before any password is checked, so it
    does not count as a failed login either."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("用户名或邮箱")
        self.fields["login"].widget.attrs["placeholder"] = _("用户名或邮箱")
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].label = _("密码")
        self.fields["password"].widget.attrs["placeholder"] = _("密码")
        self.fields["password"].help_text = ""  # the page links "忘记密码？" under the form
        typed = self.data.get("login", "") if self.is_bound else ""
        ip = client_ip(self.request) if self.request is not None else None
        self.captcha_required = login_captcha_required(ip=ip, typed_login=str(typed)[: EMAIL_MAX + 1])
        if self.captcha_required:
            self.fields["captcha"] = _captcha_field()

    def clean_login(self) -> str:
        """No account has a longer name than its column allows, so none is looked up: an overlong value never
        reaches `authenticate` (nor axes' 255-character column for the failed attempt, a 500 on PostgreSQL)."""
        login = super().clean_login()
        if "@" in login and len(login) > EMAIL_MAX:
            raise forms.ValidationError(_("邮箱最多 %(n)d 个字符。"), code="max_length", params={"n": EMAIL_MAX})
        if "@" not in login and len(login) > USERNAME_MAX:
            raise forms.ValidationError(_("用户名最多 %(n)d 个字符。"), code="max_length", params={"n": USERNAME_MAX})
        return login


class MFAAuthenticateForm(AllauthMFAAuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("验证码或恢复码")
        self.fields["code"].widget.attrs.update({"autocomplete": "one-time-code", "placeholder": _("6 位数字")})


class ActivateTOTPForm(AllauthActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("动态验证码")
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "placeholder": _("6 位数字")}
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name", "bio", "avatar")
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class AuthorApplicationForm(forms.ModelForm):
    class Meta:
        model = AuthorApplication
        fields = ("motivation", "sample_links")
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 5}),
            "sample_links": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_sample_links(self) -> str:
        links = [line.strip() for line in self.cleaned_data["sample_links"].splitlines() if line.strip()]
        validator = forms.URLField()
        for link in links:
            validator.clean(link)
        return "\n".join(links)


class NotificationPreferenceForm(forms.Form):
    reply = forms.BooleanField(label=_("有人回复我的评论时通知我"), required=False)
    mention = forms.BooleanField(label=_("有人在评论中@我时通知我"), required=False)
    email = forms.BooleanField(label=_("以上通知同时发送邮件"), required=False)
