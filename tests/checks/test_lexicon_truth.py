"""Production set-up without `demo` (issue 11, items 4 and 11): the shipped rules come with `migrate`, the default
lexicon loads on its own, an import updates what the operator's file says differently, and no path lets the lexicon
cite a rule the current version does not have."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from core.models import AuditLog
from moderation.models import LexiconTerm, RuleSet
from moderation.services.lexicon import DEFAULT_LEXICON_CSV

pytestmark = pytest.mark.django_db


def write(tmp_path, text: str, name: str = "terms.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows() -> list[tuple[str, str, str]]:
    return list(LexiconTerm.objects.order_by("term").values_list("term", "rule", "action"))


# --- item 4: what `migrate` alone leaves ------------------------------------------------------------------------


def test_migrate_alone_ships_the_rules_version_1_as_current_and_no_account():
    # no `rules` fixture and no `demo`: only the migrations have run
    ruleset = RuleSet.objects.get(is_current=True)
    codes = list(ruleset.rules.values_list("code", flat=True))
    assert (ruleset.version, codes[0], codes[-1], len(codes)) == (1, "1.1", "9.4", 55)
    assert ruleset.detectors == {"contact": "3.1", "duplicate": "3.2", "link": "3.4", "clickbait": "7.1"}
    assert not User.objects.exists()


def test_the_default_lexicon_loads_on_its_own_after_migrate(capsys):
    call_command("lexicon", "import", "--default")
    shipped = sum(1 for line in DEFAULT_LEXICON_CSV.read_text(encoding="utf-8").splitlines()[1:] if line.strip())
    assert LexiconTerm.objects.count() == shipped
    assert f"{shipped} created, 0 updated, 0 unchanged" in capsys.readouterr().out
    call_command("lexicon", "import", "--default")
    assert f"0 created, 0 updated, {shipped} unchanged" in capsys.readouterr().out
    assert not User.objects.exists()


def test_import_needs_a_path_or_default_but_not_both(tmp_path):
    with pytest.raises(CommandError) as neither:
        call_command("lexicon", "import")
    assert neither.value.returncode == 2
    with pytest.raises(CommandError) as both:
        call_command("lexicon", "import", "--default", str(write(tmp_path, "term,rule,action\n")))
    assert both.value.returncode == 2


def test_demo_is_idempotent_with_the_rules_already_there(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Pass-123")
    assert RuleSet.objects.count() == 1  # from the migration
    call_command("demo")
    call_command("demo")
    assert RuleSet.objects.count() == 1
    assert RuleSet.objects.get(is_current=True).rules.count() == 55


# --- item 4: the operator's file is the truth ---------------------------------------------------------------------


def test_importing_a_term_with_another_rule_or_action_updates_it_and_says_so(tmp_path, capsys):
    call_command("lexicon", "import", str(write(tmp_path, "term,rule,action\n刷单返利,3.1,hold\n网赌平台,1.8,block\n")))
    capsys.readouterr()
    text = "term,rule,action\n刷单返利,3.1,block\n网赌平台,1.8,block\n蓝鲸游戏,1.12,block\n"
    changed = write(tmp_path, text, "v2.csv")
    call_command("lexicon", "import", str(changed))
    assert "1 created, 1 updated, 1 unchanged" in capsys.readouterr().out
    assert rows() == [("刷单返利", "3.1", "block"), ("网赌平台", "1.8", "block"), ("蓝鲸游戏", "1.12", "block")]
    assert LexiconTerm.objects.get(term="刷单返利").source == "v2.csv"
    entry = AuditLog.objects.filter(action="lexicon.import").order_by("id").last()
    assert (entry.after["created"], entry.after["updated"]) == (1, 1)
    assert entry.before["updated"] == [
        {"term": "刷单返利", "rule": "3.1", "action": "hold", "kind": "topic", "weight": None, "category": ""}
    ]
    # importing the same file again changes nothing and records nothing
    call_command("lexicon", "import", str(changed))
    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out
    assert AuditLog.objects.filter(action="lexicon.import").count() == 2


def test_a_bad_row_after_an_update_imports_nothing(tmp_path):
    call_command("lexicon", "import", str(write(tmp_path, "term,rule,action\n刷单返利,3.1,hold\n")))
    bad = write(tmp_path, "term,rule,action\n刷单返利,3.1,block\n新词,1.8,block\n坏词,1.8,explode\n", "bad.csv")
    with pytest.raises(CommandError, match="line 4") as error:
        call_command("lexicon", "import", str(bad))
    assert error.value.returncode == 2
    assert rows() == [("刷单返利", "3.1", "hold")]


def test_one_file_naming_a_term_twice_differently_is_refused_with_both_lines(tmp_path):
    path = write(tmp_path, "term,rule,action\n刷单返利,3.1,hold\n网赌平台,1.8,block\n刷单返利,3.1,block\n")
    with pytest.raises(CommandError, match=r"line 4: .*刷单返利.* line 2"):
        call_command("lexicon", "import", str(path))
    assert not LexiconTerm.objects.exists()


def test_one_file_naming_a_term_twice_the_same_way_imports_it_once(tmp_path):
    call_command("lexicon", "import", str(write(tmp_path, "term,rule,action\n刷单返利,3.1,hold\n刷单返利,3.1,hold\n")))
    assert rows() == [("刷单返利", "3.1", "hold")]


def test_a_term_is_in_the_lexicon_once(admin_client):
    from django.db import IntegrityError, transaction

    LexiconTerm.objects.create(term="蓝鲸游戏", rule="1.12", action="hold")
    with pytest.raises(IntegrityError), transaction.atomic():
        LexiconTerm.objects.create(term="蓝鲸游戏", rule="1.8", action="block")
    # the admin says so beside the field instead of adding a second row
    response = admin_client.post(
        "/admin/moderation/lexiconterm/add/", {"term": "蓝鲸游戏", "rule": "1.8", "action": "block", "source": ""}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert rows() == [("蓝鲸游戏", "1.12", "hold")]


# --- item 11: no path cites a rule that does not exist ------------------------------------------------------------


def test_the_cli_refuses_rule_99_9_with_its_line(tmp_path):
    path = write(tmp_path, "term,rule,action\n刷单返利,3.1,hold\n测试词,99.9,block\n")
    with pytest.raises(CommandError, match="line 3: unknown rule code '99.9'"):
        call_command("lexicon", "import", str(path))
    assert not LexiconTerm.objects.exists()


def test_the_admin_refuses_rule_99_9(admin_client):
    response = admin_client.post(
        "/admin/moderation/lexiconterm/add/", {"term": "测试词", "rule": "99.9", "action": "block", "source": ""}
    )
    assert response.status_code == 200
    assert "99.9" in str(response.context["adminform"].form.errors["rule"])
    assert not LexiconTerm.objects.exists()


def test_a_version_without_a_rule_the_lexicon_cites_cannot_be_published(tmp_path, django_user_model):
    from moderation.errors import ModerationError
    from moderation.services import rule_draft_save, ruleset_copy, ruleset_publish

    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    call_command("lexicon", "import", str(write(tmp_path, "term,rule,action\n蓝鲸游戏,1.12,block\n开发票务,,allow\n")))
    draft = ruleset_copy(source=RuleSet.objects.get(is_current=True), actor=admin)
    rule_draft_save(ruleset=draft, rules=[], deleted=[draft.rules.get(code="1.12")], actor=admin)
    with pytest.raises(ModerationError, match="1.12"):
        ruleset_publish(ruleset=draft, actor=admin)
    assert RuleSet.objects.get(is_current=True).version == 1
