from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import AuthorApplication, User
from .policy import login_refusal

# Our own words instead of Django's defaults (a paragraph of rules and a bulleted list of password validators).
USERNAME_HELP = _("最多 150 个字符：字母、数字或 @ . + - _")
PASSWORD_HELP = _("至少 8 位，不能全是数字，也不要与用户名或邮箱相近。")


def _password_help(form: forms.Form, first: str, second: str) -> None:
    form.fields[first].help_text = PASSWORD_HELP
    form.fields[second].help_text = ""


class RegistrationForm(UserCreationForm):
    email = forms.EmailField(label=_("邮箱"), required=True)

    class Meta:
        model = User
        fields = ("username", "email", "display_name")
        help_texts = {"username": USERNAME_HELP}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _password_help(self, "password1", "password2")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("该用户名已被使用。"))
        return username


class UsernameLengthMixin:
    """No account has a longer name than the User column allows, so none is looked up. AuthenticationForm sets
    `max_length` on its field after the validators are built, so without this a 300-character name reached
    `authenticate` and axes' 255-character column for the failed attempt (a 500 on PostgreSQL)."""

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        limit = User._meta.get_field(User.USERNAME_FIELD).max_length
        if len(username) > limit:
            raise forms.ValidationError(_("用户名最多 %(n)d 个字符。"), code="max_length", params={"n": limit})
        return username


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    """Refuses a banned account with the rule, the end and a way to appeal (the view shows `refusal`)."""

    refusal = None

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        refusal = login_refusal(user)
        if refusal is not None:
            self.refusal = refusal
            raise forms.ValidationError(refusal.message, code="banned")


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    """The admin's login form, with the same bound on the username."""


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


class SitePasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _password_help(self, "new_password1", "new_password2")


class SiteSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _password_help(self, "new_password1", "new_password2")
