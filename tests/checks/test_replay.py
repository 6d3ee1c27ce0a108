"""`manage.py lexicon replay` and its admin page: what a lexicon or policy draft would change over the last N days
of content (new and lost holds) and over the decided cases (agreement with the moderators). Nothing is written."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from moderation.models import Case, ContentCheck, Decision, LexiconTerm, RuleSet
from moderation.services.replay import check_replay
from tests.checks.conftest import draft, publish
from tests.checks.test_lexicon_cli import write
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CURED = "这款神药包治百病，详情咨询客服"  # passes today; the draft's new intent term holds it
INVOICE = "本店可以代开发票，需要的联系客服"  # blocked today; the draft makes 代开发票 a light topic word
INNOCENT = "今天天气很好，我们去公园散步。"
DRAFT = "term,rule,action,kind,weight\n包治百病,1.1,hold,intent,3\n代开发票,3.5,flag,topic,0.5\n"


@pytest.fixture
def small_lexicon(rules, tmp_path):
    """The one term these cases need (the shipped lexicon would only make each test rebuild a bigger engine)."""
    call_command(
        "lexicon", "import", str(write(tmp_path, "term,rule,action,kind\n代开发票,3.5,block,intent\n", "l.csv"))
    )


@pytest.fixture
def content(writer, small_lexicon, django_capture_on_commit_callbacks):
    articles = {}
    for text in (CURED, INVOICE, INNOCENT):
        article = draft(writer, body=f"<p>{text}</p>")
        with django_capture_on_commit_callbacks(execute=True):
            publish(writer, article)
        articles[text] = article
    return articles


def decide(text: str, *, removed: bool, owner, moderator) -> None:
    from django.contrib.contenttypes.models import ContentType

    from articles.models import Article

    case = Case.objects.create(
        target_type=ContentType.objects.get_for_model(Article),
        target_id=90_000 + Case.objects.count(),
        target_owner=owner,
        status=Case.Status.DECIDED,
        snapshot_reported={"title": "", "text": text},
        snapshot_decided={"title": "", "text": text},
    )
    Decision.objects.create(
        case=case,
        moderator=moderator,
        action=Decision.Action.REMOVE if removed else Decision.Action.DISMISS,
        ruleset=RuleSet.objects.get(is_current=True),
        rule_codes=["1.1"] if removed else [],
        reason="test",
    )


@pytest.fixture
def decided(small_lexicon, moderator):
    owner = UserFactory(username="someone")
    decide(CURED, removed=True, owner=owner, moderator=moderator)  # today: published, moderators removed
    decide(INVOICE, removed=False, owner=owner, moderator=moderator)  # today: blocked, moderators dismissed
    decide(INNOCENT, removed=False, owner=owner, moderator=moderator)  # both agree


def test_a_draft_shows_its_new_and_lost_holds_over_recent_content(content, tmp_path):
    report = check_replay(lexicon_path=write(tmp_path, DRAFT), days=7)
    assert (report.content, report.new_holds, report.lost_holds) == (3, 1, 1)
    changed = {c.what: (c.before, c.after) for c in report.examples}
    assert changed == {
        f"article #{content[CURED].pk}": ("pass", "hold"),
        f"article #{content[INVOICE].pk}": ("block", "flag"),
    }


def test_content_checked_before_the_window_is_left_out(content, tmp_path):
    old = ContentCheck.objects.get(target_id=content[CURED].pk)
    ContentCheck.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    report = check_replay(lexicon_path=write(tmp_path, DRAFT), days=7)
    assert (report.content, report.new_holds, report.lost_holds) == (2, 0, 1)


def test_agreement_with_the_moderators_is_counted_before_and_after(decided, tmp_path):
    report = check_replay(lexicon_path=write(tmp_path, DRAFT), days=7)
    assert report.cases == 3
    assert (report.before.agreed, report.after.agreed) == (1, 3)
    assert (report.before.passed_removed, report.before.held_dismissed) == (1, 1)
    assert (report.after.held_removed, report.after.passed_dismissed) == (1, 2)


def test_a_policy_draft_is_replayed_too(content):
    # a hold threshold nothing reaches: what was held is published (flagged) with the draft
    report = check_replay(policy_data={"thresholds": {"flag": 1, "hold": 90, "block": 99}}, days=7)
    assert (report.new_holds, report.lost_holds) == (0, 1)


def test_a_replay_writes_nothing(content, decided, tmp_path):
    terms = list(LexiconTerm.objects.values_list("term", "rule", "action", "kind", "weight"))
    checks = ContentCheck.objects.count()
    check_replay(lexicon_path=write(tmp_path, DRAFT), days=7)
    assert list(LexiconTerm.objects.values_list("term", "rule", "action", "kind", "weight")) == terms
    assert ContentCheck.objects.count() == checks


def test_the_command_prints_the_figures(content, decided, tmp_path):
    out = io.StringIO()
    call_command("lexicon", "replay", str(write(tmp_path, DRAFT)), "--days", "7", stdout=out)
    text = out.getvalue()
    assert "new holds:  1" in text
    assert "lost holds: 1" in text
    assert "agreement with the moderators draft: 100.0% (3/3)" in text


def test_the_command_prints_json(content, tmp_path):
    out = io.StringIO()
    call_command("lexicon", "replay", str(write(tmp_path, DRAFT)), "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert (figures["new_holds"], figures["lost_holds"], figures["days"]) == (1, 1, 30)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give a DRAFT.csv, a --policy POLICY.json, or both"),
        (["missing.csv"], "cannot read missing.csv"),
        (["DRAFT", "--days", "0"], "--days must be at least 1"),
        (["BAD"], "line 2: unknown action 'explode'"),
        (["--policy", "POLICY"], "检查策略无效"),
    ],
)
def test_the_command_refuses_bad_input_with_a_clear_message_and_status_2(rules, tmp_path, args, message):
    files = {
        "DRAFT": write(tmp_path, DRAFT, "draft.csv"),
        "BAD": write(tmp_path, "term,rule,action\n包治百病,1.1,explode\n", "bad.csv"),
        "POLICY": write(tmp_path, json.dumps({"thresholds": {"flag": 5, "hold": 1}}), "policy.json"),
    }
    argv = [str(files.get(a, a)) for a in args]
    with pytest.raises(CommandError, match=message) as error:
        call_command("lexicon", "replay", *argv)
    assert error.value.returncode == 2


@pytest.fixture
def admin(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def replay_form_data(client) -> dict:
    form = client.get(reverse("admin:moderation_lexiconterm_replay")).context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    return {k: v for k, v in data.items() if v is not None and v is not False}


def test_the_admin_page_replays_an_uploaded_draft(client, admin, content, decided, tmp_path):
    client.force_login(admin)
    data = replay_form_data(client)
    with write(tmp_path, DRAFT, "draft.csv").open("rb") as fh:
        response = client.post(reverse("admin:moderation_lexiconterm_replay"), {**data, "draft": fh, "days": 7})
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.new_holds, report.lost_holds, report.after.agreed) == (1, 1, 3)
    assert 'class="replay-new-holds">1<' in response.content.decode()


def test_the_admin_page_shows_a_bad_draft_beside_the_upload(client, admin, rules, tmp_path):
    client.force_login(admin)
    data = replay_form_data(client)
    with write(tmp_path, "term,rule,action\n包治百病,9.99,hold\n", "bad.csv").open("rb") as fh:
        response = client.post(reverse("admin:moderation_lexiconterm_replay"), {**data, "draft": fh})
    assert response.status_code == 200
    assert response.context["form"].errors["draft"] == ["bad.csv: line 2: unknown rule code '9.99'"]
    assert response.context["report"] is None


def test_the_admin_page_replays_the_policy_values_as_a_draft(client, admin, content):
    client.force_login(admin)
    data = replay_form_data(client)
    response = client.post(reverse("admin:moderation_lexiconterm_replay"), {**data, "hold": 90, "block": 99, "days": 7})
    report = response.context["report"]
    assert (report.new_holds, report.lost_holds) == (0, 1)
