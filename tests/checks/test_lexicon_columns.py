"""The lexicon's evidence columns (kind, weight, category): imported, stored on the term, given to the engine;
terms the engine cannot use refused with their line; the import stays atomic and idempotent."""

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditLog
from moderation.models import LexiconTerm
from moderation.selectors.lexicon import current_engine
from tests.checks.test_lexicon_cli import write

pytestmark = pytest.mark.django_db


def terms() -> dict[str, tuple]:
    return {
        t: rest for t, *rest in LexiconTerm.objects.values_list("term", "rule", "action", "kind", "weight", "category")
    }


def test_the_optional_columns_are_stored_on_the_term(rules, tmp_path):
    call_command(
        "lexicon",
        "import",
        str(write(tmp_path, "term,rule,action,kind,weight,category\n代开发票,3.5,block,intent,4,fraud\n")),
    )
    assert terms() == {"代开发票": ["3.5", "block", "intent", 4.0, "fraud"]}


def test_a_file_without_the_optional_columns_keeps_what_the_lexicon_has(rules, tmp_path):
    call_command(
        "lexicon", "import", str(write(tmp_path, "term,rule,action,kind,weight\n代开发票,3.5,block,intent,4\n"))
    )
    call_command("lexicon", "import", str(write(tmp_path, "term,rule,action\n代开发票,3.5,block\n", name="old.csv")))
    assert terms()["代开发票"][2:4] == ["intent", 4.0]
    assert AuditLog.objects.filter(action="lexicon.import").count() == 1  # the second import changed nothing


def test_changing_only_the_kind_updates_the_term(rules, tmp_path):
    call_command("lexicon", "import", str(write(tmp_path, "term,rule,action,kind\n代开发票,3.5,block,topic\n")))
    call_command(
        "lexicon", "import", str(write(tmp_path, "term,rule,action,kind\n代开发票,3.5,block,intent\n", "b.csv"))
    )
    assert terms()["代开发票"][2] == "intent"


def test_the_engine_is_given_the_stored_kind_and_weight(rules, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "lexicon", "import", str(write(tmp_path, "term,rule,action,kind,weight\n蓝鲸游戏,1.12,hold,intent,2.5\n"))
        )
    engine, _version = current_engine()
    evidence = [e for e in engine.scan("这里有人在玩蓝鲸游戏").evidence if e.kind == "term"]
    assert [(e.reason, e.weight) for e in evidence] == [("term.intent", 2.5)]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("色,4.1,hold,topic,,", "line 3: '色'"),
        ("代开发票,3.5,block,wish,,", "line 3: unknown kind 'wish'"),
        ("代开发票,3.5,block,intent,heavy,", "line 3: the weight 'heavy' is not a number"),
        ("代开发票,3.5,block,intent,101,", "line 3: the weight must be between 0 and 100"),
    ],
)
def test_a_row_the_engine_cannot_use_is_refused_with_its_line_and_nothing_is_imported(rules, tmp_path, row, message):
    path = write(tmp_path, f"term,rule,action,kind,weight,category\n刷单返利,3.1,hold,intent,,\n{row}\n")
    with pytest.raises(CommandError, match=message) as error:
        call_command("lexicon", "import", str(path))
    assert error.value.returncode == 2
    assert not LexiconTerm.objects.exists()


def test_doubled_characters_of_a_term_are_kept(rules, tmp_path):
    call_command("lexicon", "import", str(write(tmp_path, "term,rule,action\n色色,4.1,flag\n")))
    engine, _version = current_engine()
    assert engine.scan("这种颜色很好看").verdict == "pass"


def test_an_unknown_column_is_refused(rules, tmp_path):
    with pytest.raises(CommandError, match="line 1: unknown or repeated column 'colour'"):
        call_command("lexicon", "import", str(write(tmp_path, "term,rule,action,colour\n代开发票,3.5,block,red\n")))
