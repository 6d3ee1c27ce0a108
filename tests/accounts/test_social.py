"""Social logins (WeChat, Weibo, QQ) are off by default and on by settings; QQ is the site's own allauth provider
(that its login sends to graph.qq.com with the app id was checked by hand with test credentials)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

ROOT = Path(__file__).resolve().parents[2]
ENABLED = {
    "SOCIAL_LOGIN_PROVIDERS": "weixin,weibo,qq",
    **{f"{p}_{k}": f"{p.lower()}-{k.lower()}" for p in ("WEIXIN", "WEIBO", "QQ") for k in ("CLIENT_ID", "SECRET")},
    "DATABASE_URL": "sqlite://:memory:",
    "REDIS_URL": "",
}
# With the providers on: allauth has registered the three, and their login URLs exist.
PROBE = """
from allauth.socialaccount import providers
from django.urls import reverse
print("providers", sorted(p.id for p in providers.registry.get_class_list()))
print("urls", reverse("weixin_login"), reverse("weibo_login"), reverse("qq_login"))
"""


def run(code: str, env: dict[str, str], command: str = "shell") -> subprocess.CompletedProcess:
    args = ["shell", "-c", code] if command == "shell" else [command]
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
def test_off_by_default(client):
    assert 'class="social-login"' not in client.get("/accounts/login/").content.decode()
    for name in ("weixin_login", "weibo_login", "qq_login", "socialaccount_connections"):
        with pytest.raises(NoReverseMatch):
            reverse(name)


def test_on_by_settings():
    result = run(PROBE, ENABLED)
    assert result.returncode == 0, result.stderr
    assert "providers ['qq', 'weibo', 'weixin']" in result.stdout
    assert "urls /accounts/weixin/login/ /accounts/weibo/login/ /accounts/qq/login/" in result.stdout


def test_an_unknown_provider_refuses_to_start():
    result = run("", {**ENABLED, "SOCIAL_LOGIN_PROVIDERS": "weixin,facebook"}, command="check")
    assert result.returncode != 0
    assert "unknown provider(s) ['facebook']" in result.stderr
