"""Accounts journeys (issue 15): a newcomer registers with the captcha, may read but not comment until the e-mail is
verified, verifies it from the mail and comments; a moderator with TOTP is asked for the code at login."""

import re

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from captcha.models import CaptchaStore
from playwright.sync_api import expect

from accounts.roles import EDITOR, MODERATOR
from tests.articles.factories import ArticleFactory
from tests.e2e.conftest import login_form
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_a_newcomer_registers_verifies_the_email_and_comments(site, visitors, shots, mailoutbox):
    shot = shots("accounts-register")
    article = ArticleFactory(category=site["brand"], title="私域运营的三个误区")
    page = visitors.open()
    page.goto("/accounts/register/")
    page.fill("#id_username", "xiaoxin")
    page.fill("#id_email", "XiaoXin@example.com")
    page.fill("#id_display_name", "小新")
    page.fill("#id_password1", "s7rong-Passw0rd!")
    page.fill("#id_password2", "s7rong-Passw0rd!")
    # the captcha is an image the site drew; a person reads it, the test reads what was drawn
    expect(page.locator("img.captcha")).to_be_visible()
    key = page.locator("input[name=captcha_0]").input_value()
    page.fill("input[name=captcha_1]", CaptchaStore.objects.get(hashkey=key).response)
    shot(page, "register-form")
    page.click("form button[type=submit]")
    expect(page.locator("header .account")).to_contain_text("小新")
    expect(page.locator(".verify-email")).to_contain_text("请验证您的邮箱")

    page.goto(article.get_absolute_url())
    refusal = page.locator("#comment-form")
    expect(refusal).to_contain_text("请先验证您的邮箱")
    expect(refusal.get_by_role("link", name="重新发送验证邮件")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_count(0)
    shot(page, "unverified-comment-box")

    assert mailoutbox[-1].to == ["xiaoxin@example.com"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("确认邮箱")
    shot(page, "confirm-email")
    page.click("main form button[type=submit]")
    page.goto(article.get_absolute_url())
    expect(page.locator(".verify-email")).to_have_count(0)
    page.fill("textarea[name=body]", "说得很实在，私域不是拉群。")
    page.click("#comment-form button[type=submit]")
    expect(page.locator(".comments")).to_contain_text("说得很实在，私域不是拉群。")
    shot(page, "commented")


def test_a_moderator_is_asked_for_a_totp_code_at_login(site, visitors, shots):
    shot = shots("accounts-mfa-login")
    moderator = UserFactory(username="moderator1", display_name="审核员小赵", roles=[MODERATOR], is_staff=True)
    secret = pyotp.random_base32()
    TOTP.activate(moderator, secret)

    page = visitors.open()
    login_form(page, "moderator1", PASSWORD)
    expect(page.locator("h1")).to_have_text("两步验证")
    expect(page.locator("header .account")).to_contain_text("登录")  # the password alone logged nobody in
    shot(page, "asked-for-code")
    page.fill("input[name=code]", "000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("两步验证")
    expect(page.locator(".errorlist")).to_be_visible()
    shot(page, "wrong-code")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("main form button[type=submit]")
    expect(page.locator("header .account")).to_contain_text("审核员小赵")
    expect(page.locator("header nav.main-nav")).to_contain_text("审核台")
    shot(page, "logged-in")


def test_an_editor_sets_up_totp_when_it_is_required(site, visitors, shots, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    shot = shots("accounts-mfa-setup")
    UserFactory(username="editor1", display_name="编辑小陈", roles=[EDITOR], is_staff=True)
    page = visitors.open()
    login_form(page, "editor1", PASSWORD)
    # allauth asks for the password again before an authenticator is added
    expect(page.locator("h1")).to_have_text("确认身份")
    expect(page.locator(".messages")).to_contain_text("需要先开启两步验证")
    shot(page, "reauthenticate")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("开启两步验证")
    expect(page.locator(".qr img")).to_be_visible()
    shot(page, "activate")
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("恢复码")
    assert len(page.locator("pre.recovery-codes").inner_text().split()) == 10
    shot(page, "recovery-codes")
    page.goto("/editor/")
    expect(page.locator("header nav.main-nav")).to_contain_text("编辑审核")
    assert not visitors.errors, visitors.errors
