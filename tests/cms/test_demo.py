import pytest
from django.core.management import call_command

from accounts.models import User
from moderation.models import Rule, RuleSet

pytestmark = pytest.mark.django_db
ROLES = ["reader", "contributor", "author", "editor", "moderator", "admin"]


def test_demo_twice_creates_each_account_once_with_the_given_password(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Pass-123")
    call_command("demo")
    first = {model: model.objects.count() for model in (User, RuleSet, Rule)}
    call_command("demo")
    out = capsys.readouterr().out
    assert {model: model.objects.count() for model in (User, RuleSet, Rule)} == first
    for username in ROLES:
        assert User.objects.get(username=username).check_password("demo-Pass-123")
        assert username in out
    assert "demo-Pass-123" in out


def test_demo_accounts_have_their_roles(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Pass-123")
    call_command("demo")
    users = {u.username: u for u in User.objects.all()}
    assert users["admin"].is_superuser
    assert users["editor"].has_perm("accounts.review_authorapplication")
    assert not users["reader"].has_perm("accounts.review_authorapplication")
    assert not users["contributor"].groups.exists()


def test_demo_loads_the_rules(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Pass-123")
    call_command("demo")
    ruleset = RuleSet.objects.get(is_current=True)
    codes = list(ruleset.rules.values_list("code", flat=True))
    assert (codes[0], codes[-1], len(codes)) == ("1.1", "9.4", 55)
    assert set(ruleset.rules.filter(aggravating=True).values_list("code", flat=True)) == {
        "1.11",
        "1.12",
        "3.3",
        "8.1",
        "8.4",
        "9.1",
    }


def test_demo_generates_and_prints_a_password_when_unset(monkeypatch, tmp_path, capsys):
    from cms import demo

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    monkeypatch.setattr(demo, "PASSWORD_FILE", tmp_path / ".demo_password")
    call_command("demo")
    generated = (tmp_path / ".demo_password").read_text().strip()
    assert len(generated) >= 12
    assert generated in capsys.readouterr().out
    assert User.objects.get(username="reader").check_password(generated)
