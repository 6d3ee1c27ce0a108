"""The public moderation pages (issue 11): nothing that is not public is shown to someone not allowed to see it
(item 9), bad input never answers 500 (item 15), and the smaller report, feedback and notice defects."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from articles.models import Article, Comment
from core.models import Notification
from moderation import services
from moderation.models import Case, Feedback, Report
from moderation.services import ModerationError
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.moderation.conftest import decide, report_user

pytestmark = pytest.mark.django_db

SECRET_TITLE = "尚未公开的秘密选题"
SECRET_COMMENT = "这是一条被隐藏的评论，里面有不该被看到的内容"


@pytest.fixture
def someone_elses_draft(db):
    return ArticleFactory(title=SECRET_TITLE, status=Article.Status.DRAFT, published_at=None)


# --- item 9: hidden content leaks by id ----------------------------------------------------------------------------


def test_report_page_for_a_draft_answers_404_without_its_title(client, rules, reader, someone_elses_draft):
    client.force_login(reader)
    response = client.get(reverse("moderation:report"), {"type": "article", "id": someone_elses_draft.pk})
    assert response.status_code == 404
    assert SECRET_TITLE not in response.content.decode()
    response = client.post(
        f"{reverse('moderation:report')}?type=article&id={someone_elses_draft.pk}", {"rule": "2.6", "text": ""}
    )
    assert response.status_code == 404
    assert SECRET_TITLE not in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("status", [Comment.Status.HELD, Comment.Status.REJECTED, Comment.Status.REMOVED])
def test_report_page_for_a_hidden_comment_answers_404_without_its_text(client, rules, reader, article, status):
    comment = CommentFactory(article=article, body=SECRET_COMMENT, status=status)
    client.force_login(reader)
    response = client.get(reverse("moderation:report"), {"type": "comment", "id": comment.pk})
    assert response.status_code == 404
    assert SECRET_COMMENT[:10] not in response.content.decode()


def test_a_report_on_hidden_content_answers_as_if_it_does_not_exist(rules, reader, someone_elses_draft):
    with pytest.raises(ModerationError) as refused:
        services.report_create(reporter=reader, kind="article", target_id=someone_elses_draft.pk, rule_code="2.6")
    assert refused.value.status == 404


def test_copyright_form_for_a_draft_shows_neither_title_nor_link(client, rules, reader, someone_elses_draft):
    client.force_login(reader)
    response = client.get(reverse("moderation:feedback"), {"kind": "copyright", "article": someone_elses_draft.pk})
    body = response.content.decode()
    assert SECRET_TITLE not in body
    assert someone_elses_draft.get_absolute_url() not in body


def test_copyright_complaint_about_a_draft_is_refused_as_missing(rules, reader, someone_elses_draft):
    with pytest.raises(ModerationError) as refused:
        services.feedback_submit(author=reader, kind="copyright", text="抄袭", article_id=someone_elses_draft.pk)
    assert refused.value.status == 404
    assert not Feedback.objects.exists()


# --- item 15: bad input --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("next_url", ["abc", "//evil.example/x", "https://evil.example/", "moderation_staff:stats"])
def test_link_with_an_unsafe_or_unknown_next_goes_back_to_the_queue(
    client, rules, offender, reader, moderator, next_url
):
    client.force_login(moderator)
    response = client.post(
        reverse("moderation_staff:link", args=[offender.pk]), {"username": reader.username, "next": next_url}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("moderation_staff:queue")


def test_link_with_a_local_next_goes_there(client, rules, offender, reader, moderator):
    client.force_login(moderator)
    back = reverse("moderation_staff:case", args=[1])
    response = client.post(reverse("moderation_staff:link", args=[offender.pk]), {"username": "x", "next": back})
    assert response.headers["Location"] == back


@pytest.mark.parametrize("value", ["²", "٣", "１２", "-1", "1e3", ""])
def test_bulk_dismiss_with_a_case_id_that_is_not_ascii_digits_names_no_case(client, rules, moderator, value):
    client.force_login(moderator)
    response = client.post(reverse("moderation_staff:bulk_dismiss"), {"case": [value], "reason": "无效"})
    assert response.status_code == 302


# --- smaller: reports ----------------------------------------------------------------------------------------------


def test_a_duplicate_report_says_so_once_and_offers_no_form(client, rules, offender, reader):
    report_user(reporter=reader, target=offender)
    client.force_login(reader)
    url = f"{reverse('moderation:report')}?type=user&id={offender.pk}"
    page = client.get(url).content.decode()
    assert page.count("已举报过") == 1
    assert 'name="rule"' not in page
    response = client.post(url, {"rule": "2.1", "text": "再举报一次"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("已举报过") == 1
    assert 'name="rule"' not in page
    assert Report.objects.count() == 1


def test_nobody_is_offered_the_form_to_report_their_own_content(client, rules, author, article):
    client.force_login(author)
    url = f"{reverse('moderation:report')}?type=article&id={article.pk}"
    page = client.get(url).content.decode()
    assert "不能举报自己" in page
    assert 'name="rule"' not in page
    response = client.post(url, {"rule": "2.6"})
    assert response.status_code == 400
    assert not Report.objects.exists()


def _render(template: str, **context) -> str:
    return Template("{% load moderation_tags %}" + template).render(Context(context)).strip()


def test_the_report_link_is_offered_only_on_public_content_of_others(rules, article, author, reader):
    own = CommentFactory(article=article, author=reader, status=Comment.Status.VISIBLE)
    held = CommentFactory(article=article, author=reader, status=Comment.Status.HELD)
    others = CommentFactory(article=article, author=author, status=Comment.Status.VISIBLE)
    template = "{% if target|reportable_by:user %}yes{% else %}no{% endif %}"
    assert _render(template, target=own, user=reader) == "no"
    assert _render(template, target=held, user=reader) == "no"
    assert _render(template, target=others, user=reader) == "yes"
    assert _render(template, target=article, user=author) == "no"
    assert _render(template, target=article, user=reader) == "yes"


# --- smaller: notices, evidence --------------------------------------------------------------------------------------


def test_a_reason_ending_in_a_full_stop_gets_no_second_one(rules, comment, reader, moderator, offender):
    services.report_create(reporter=reader, kind="comment", target_id=comment.pk, rule_code="2.6")
    decide(Case.objects.get(), moderator=moderator, action="remove", rule_codes=["2.6"], reason="辱骂他人。")
    notices = Notification.objects.filter(recipient=offender)
    assert notices.exists()
    for notice in notices:
        assert "。。" not in notice.body
    assert "理由：辱骂他人。如有异议" in notices.get(subject__contains="移除").body


def test_case_page_shows_each_finding_once_in_words(
    client, rules, moderator, author, django_capture_on_commit_callbacks
):
    from articles import services as articles

    live = ArticleFactory(author=author, title="私域流量运营", body="<p>做私域要先想清楚用户价值。</p>")
    for body in ("<p>想了解更多请加微信 abc12345 私聊</p>", "<p>加微信 abc12345 私聊，再加微信 abc12345</p>"):
        with django_capture_on_commit_callbacks(execute=True):
            articles.article_update(article=live, user=author, title=live.title, body=body)
        live.refresh_from_db()
    case = Case.objects.get(target_id=live.pk)
    client.force_login(moderator)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    assert "wechat:" not in page
    assert "(hold)" not in page
    assert "自动检查：hold" not in page
    assert page.count("<td>联系方式：微信号 abc12345</td>") == 1
    assert "转人工审核" in page
    assert "发布垃圾广告信息" in page or "3.1" in page


# --- smaller: copyright complaints --------------------------------------------------------------------------------


def test_anonymous_visitors_to_the_copyright_queue_are_sent_to_log_in(client, rules):
    response = client.get(reverse("moderation:copyright_queue"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))
    response = client.post(reverse("moderation:copyright_handle", args=[1]), {"response": "x"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))


def test_a_rights_holder_files_a_copyright_complaint_without_an_account(client, rules, article, editor):
    url = reverse("moderation:feedback")
    page = client.get(url, {"kind": "copyright", "article": article.pk})
    assert page.status_code == 200
    assert article.title in page.content.decode()
    # without contact details there is nobody to answer: refused beside the field
    response = client.post(url, {"kind": "copyright", "article": article.pk, "text": "这篇文章抄袭了我的作品。"})
    assert response.status_code == 400
    assert not Feedback.objects.exists()
    response = client.post(
        url,
        {
            "kind": "copyright",
            "article": article.pk,
            "text": "这篇文章抄袭了我的作品。",
            "contact": "rights@example.com",
        },
    )
    assert response.status_code == 302
    complaint = Feedback.objects.get()
    assert complaint.author is None
    assert complaint.contact == "rights@example.com"
    assert complaint.target_url == article.get_absolute_url()
    # the editors see it and close it; there is no inbox to notify
    client.force_login(editor)
    assert "rights@example.com" in client.get(reverse("moderation:copyright_queue")).content.decode()
    services.feedback_handle(feedback=complaint, editor=editor, response="已下架")
    complaint.refresh_from_db()
    assert complaint.status == Feedback.Status.ANSWERED


def test_anonymous_visitors_give_suggestions_and_appeals_only_after_logging_in(client, rules):
    for kind in ("suggestion", "appeal"):
        response = client.post(reverse("moderation:feedback"), {"kind": kind, "text": "你好"})
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("accounts:login"))
    with pytest.raises(ModerationError):
        services.feedback_submit(author=None, kind="suggestion", text="你好", contact="a@example.com")
    assert not Feedback.objects.exists()


def test_anonymous_complaints_are_rate_limited_by_ip(client, rules, article, settings):
    allowed = int(settings.RATELIMITS["feedback"].split("/")[0])
    data = {"kind": "copyright", "article": article.pk, "text": "抄袭", "contact": "rights@example.com"}
    statuses = [client.post(reverse("moderation:feedback"), data).status_code for _ in range(allowed + 1)]
    assert statuses == [302] * allowed + [429]
    assert Feedback.objects.count() == allowed


def test_a_logged_in_complainant_still_needs_no_contact(client, rules, article, reader):
    client.force_login(reader)
    response = client.post(reverse("moderation:feedback"), {"kind": "copyright", "article": article.pk, "text": "抄袭"})
    assert response.status_code == 302
    assert Feedback.objects.get().author == reader
