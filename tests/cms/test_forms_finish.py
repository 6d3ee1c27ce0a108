"""Issue 14 item 7: forms speak the site's language (no Django default help text, no 「---------」, full-width
colons after Chinese labels), errors sit beside their fields, and the English UI names rules and sets CKEditor's
own language."""

import re

import pytest
from allauth.account.forms import ChangePasswordForm
from django.utils import translation

from accounts.forms import SignupForm
from articles.forms import ArticleForm, SearchForm

pytestmark = pytest.mark.django_db

DJANGO_DEFAULTS = [
    "必填；长度为150个字符或以下",
    "Required. 150 characters",
    "您的密码不能",
    "Your password can",
    "---------",
]


@pytest.mark.parametrize("make", [SignupForm, ArticleForm, SearchForm, lambda: ChangePasswordForm(user=None)])
def test_forms_show_our_words_and_full_width_colons(make):
    html = str(make())
    for text in DJANGO_DEFAULTS:
        assert text not in html
    labels = re.findall(r"<label[^>]*>([^<]+)</label>", html)
    assert labels
    assert all(label.endswith("：") for label in labels), labels


def test_an_error_is_right_beside_its_field():
    form = SearchForm({"q": "私域", "date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert not form.is_valid()
    html = str(form)
    field, error = html.index('name="date_to"'), html.index("结束日期不能早于开始日期。")
    assert field < error
    assert "has-error" in html[: field + 200]


def test_english_labels_keep_the_plain_colon():
    with translation.override("en"):
        assert re.findall(r"<label[^>]*>[^<]+</label>", str(SearchForm()))[0].endswith(":</label>")


def test_every_shipped_rule_title_and_text_is_marked_for_translation():
    import json
    from pathlib import Path

    from moderation.rule_titles import TEXTS, TITLES

    data = json.loads(Path("moderation/data/rules-v1.json").read_text(encoding="utf-8"))
    shipped = [c["title"] for c in data["categories"]] + [r["title"] for c in data["categories"] for r in c["rules"]]
    assert set(shipped) <= set(TITLES)
    assert {data[key] for key in ("name", "preamble", "legal_basis", "penalties", "appeals")} <= set(TEXTS)


def test_the_rules_page_shows_titles_through_the_catalogue(client, monkeypatch):
    from moderation.models import rules
    from moderation.services import ruleset_load

    ruleset_load()
    monkeypatch.setattr(rules, "gettext", lambda text: f"[{text}]")
    page = client.get("/rules/").content.decode()
    assert "[发布垃圾广告信息]" in page
    assert "[轻蔑：贬低、轻视他人及其劳动成果]" in page
    assert "[跟帖评论自律管理公约]" in page  # the rule set's name and texts too
    assert "[《网络信息内容生态治理规定》《中华人民共和国未成年人保护法》]" in page


def test_ckeditor_follows_the_page_language_and_counts_characters(client, author):
    client.force_login(author)
    zh = client.get("/write/").content.decode()
    assert '"language": "zh-cn"' in zh
    assert '"displayWords": false' in zh
    assert '"displayCharacters": true' in zh
    client.cookies["django_language"] = "en"
    en = client.get("/write/").content.decode()
    assert '"language": "en"' in en


def test_a_label_in_a_template_takes_the_colon_of_the_pages_language():
    # A template's own label (状态：, 检查结论：), not a form's: full width in Chinese, ": " in English.
    from django.template import Context, Template
    from django.utils import translation

    tpl = Template('{% load i18n %}{% translate "状态" %}{% translate "：" %}ok')
    with translation.override("zh-hans"):
        assert tpl.render(Context()) == "状态：ok"
    with translation.override("en"):
        assert tpl.render(Context()) == "Status: ok"


def test_no_template_writes_a_full_width_colon_after_a_translated_label():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.html") if "%}：" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_a_proposed_sanction_is_punctuated_in_the_pages_language():
    from django.utils import translation

    from moderation.services.sanctions import Proposal

    proposal = Proposal(rung=1, steps=("a", "b"))
    with translation.override("zh-hans"):
        assert proposal.explanation == "a；b。"
    with translation.override("en"):
        assert proposal.explanation == "a; b."
