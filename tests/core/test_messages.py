"""Notifications are stored untranslated and read in the reader's language (core.messages): written while one
language is active (a worker, another reader's request), shown in the other, values included."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.roles import MODERATOR
from core import messages
from core.models import Notification
from core.services import notify
from moderation.models import Rung
from tests.factories import UserFactory


def test_a_term_is_translated_where_it_is_shown_not_where_it_was_written():
    with translation.override("zh-hans"):
        stored = messages.store({"label": messages.term(Rung(2).label)})
    assert stored == {"label": {"term": "R2 禁言 7 天"}}
    with translation.override("en"):
        assert (
            messages.render(gettext_noop("账号处罚通知：%(label)s"), stored) == "Account sanction: R2 Mute for 7 days"
        )


def test_a_lazy_label_keeps_its_source_text_whatever_language_is_active():
    with translation.override("en"):
        assert messages.term(gettext_lazy("禁言 7 天")) == messages.Term("禁言 7 天")


def test_rule_codes_take_the_languages_list_separator():
    stored = messages.store({"rules": messages.Codes(["2.6", "2.7"])})
    with translation.override("zh-hans"):
        assert messages.render("%(rules)s", stored) == "2.6、2.7"
    with translation.override("en"):
        assert messages.render("%(rules)s", stored) == "2.6, 2.7"
        assert messages.joined("2.6、2.7") == "2.6, 2.7"  # as an account stores its sanction's


def test_a_typed_sentence_gets_the_languages_full_stop_once():
    with translation.override("en"):
        assert messages.render("%(r)s", messages.store({"r": messages.Sentence("Spam links")})) == "Spam links."
        assert messages.render("%(r)s", messages.store({"r": messages.Sentence("广告。")})) == "广告。"
    with translation.override("zh-hans"):
        assert messages.render("%(r)s", messages.store({"r": messages.Sentence("发广告")})) == "发广告。"


def test_an_entry_whose_placeholders_do_not_fit_falls_back_to_the_source_text(monkeypatch):
    monkeypatch.setattr(messages, "gettext", lambda text: "%(other)s" if text == "%(a)s!" else text)
    assert messages.render("%(a)s!", {"a": "x"}) == "x!"


@pytest.mark.django_db
def test_a_sanction_notice_written_in_chinese_reads_in_english(client):
    from moderation import services
    from tests.moderation.conftest import decide, report_user

    services.ruleset_load()
    member = UserFactory(username="member")
    moderator = UserFactory(username="mod", roles=[MODERATOR])
    case = report_user(reporter=UserFactory(username="reporter"), target=member, rule_code="2.6").case
    with translation.override("zh-hans"):
        decide(case, moderator=moderator, action="sanction", rule_codes=("2.6", "2.7"), reason="发广告")
    notice = Notification.objects.filter(recipient=member, subject_msgid__startswith="账号处罚通知").get()
    assert notice.subject.startswith("账号处罚通知：")  # what the email said, in the language it was sent in
    assert "2.6、2.7" in notice.body
    client.get("/i18n/en/", {"next": "/"})
    client.force_login(member)
    inbox = client.get("/me/inbox/").content.decode()
    assert "Account sanction: " in inbox
    assert "2.6, 2.7" in inbox
    assert "账号处罚通知" not in inbox


@pytest.mark.django_db
def test_notify_renders_the_email_text_in_the_active_language():
    reader = UserFactory(username="reader")
    with translation.override("en"):
        notice = notify(recipient=reader, subject=gettext_noop("申诉已收到"), body="%(n)s", params={"n": 3})
    assert notice.subject == "Appeal received"
    assert notice.body == "3"
    with translation.override("zh-hans"):
        assert notice.subject_shown == "申诉已收到"


@pytest.mark.django_db
def test_a_stored_notice_whose_values_do_not_fit_shows_what_was_sent():
    reader = UserFactory(username="reader")
    notice = Notification.objects.create(
        recipient=reader,
        subject="已发送的标题",
        body="已发送的正文",
        subject_msgid="%(gone)s",
        body_msgid="%(x)d",
        params={},
    )
    assert notice.subject_shown == "已发送的标题"
    assert notice.body_shown == "已发送的正文"
