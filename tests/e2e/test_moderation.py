"""Journeys 5–9: a comment checked by the worker; three reports → a case → a mute; the muted user's refused comment
and the appeal another moderator overturns; a banned user's refused login and appeal; a disguised comment held by the
worker and its case saying why."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from accounts.roles import MODERATOR
from articles.models import Comment
from moderation import services as moderation
from moderation.models import Appeal, Case
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.e2e.conftest import login_form, reload_until
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

INSULT = "你这个傻瓜，写的什么东西"


@pytest.fixture
def article(site):
    author = UserFactory(username="columnist", display_name="王专栏")
    return ArticleFactory(
        author=author,
        category=site["live"],
        title="直播电商的下半场",
        slug="live-commerce-second-half",
        body="<p>直播电商正在从流量驱动走向内容驱动。</p>",
    )


def _report(page, comment: Comment, text: str) -> None:
    page.goto(comment.article.get_absolute_url())
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="举报").click()
    expect(page.locator("h1")).to_have_text("举报")
    page.select_option("#id_rule", value="2.6")
    page.fill("#id_text", text)
    page.get_by_role("button", name="提交举报").click()
    expect(page.locator(".messages")).to_contain_text("举报已提交")


def _muted_by_reports(comment: Comment, moderator: User):
    """Three reports and a remove+sanction decision at the proposed rung, made through the services."""
    for i in range(3):
        reporter = UserFactory(username=f"reporter{i}")
        moderation.report_create(reporter=reporter, kind="comment", target_id=comment.pk, rule_code="2.6")
    case = Case.objects.get(target_id=comment.pk)
    moderation.case_claim(case=case, moderator=moderator)
    return moderation.case_decide(
        case=case, moderator=moderator, action="sanction", rule_codes=["2.6"], reason="人身攻击其他用户"
    )


def test_reader_posts_a_comment_that_appears_after_its_check(real_worker, article, visitors, shots):
    shot = shots("05-comment")
    reader = UserFactory(username="reader1", display_name="钱读者")
    page = visitors.open(reader)
    page.goto(article.get_absolute_url())
    page.fill("#id_body", "分析得很到位，期待下一篇关于选品的文章。")
    shot(page, "comment-typed")
    page.get_by_role("button", name="发表", exact=True).click()
    comment = Comment.objects.get(author=reader)
    mine = page.locator(f"#comment-{comment.pk}")
    expect(mine).to_contain_text("分析得很到位")
    shot(page, "comment-posted")

    reload_until(page, lambda: mine.locator(".status").count() == 0, what="the comment's verdict")
    expect(mine.locator(".comment-body")).to_have_text("分析得很到位，期待下一篇关于选品的文章。")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.VISIBLE
    anonymous = visitors.open()
    anonymous.goto(article.get_absolute_url())
    expect(anonymous.locator(f"#comment-{comment.pk} .comment-body")).to_have_text(
        "分析得很到位，期待下一篇关于选品的文章。"
    )
    shot(anonymous, "comment-public")
    assert visitors.errors == []


def test_three_reports_make_one_case_and_a_moderator_mutes_the_commenter(site, article, visitors, shots):
    shot = shots("06-reports-mute")
    offender = UserFactory(username="offender", display_name="孙路人")
    comment = CommentFactory(article=article, author=offender, body=INSULT)
    moderator = UserFactory(username="moderator1", roles=[MODERATOR])

    for i in range(3):
        page = visitors.open(UserFactory(username=f"reporter{i}"))
        _report(page, comment, f"第 {i + 1} 位读者：辱骂作者")
        if i == 0:
            shot(page, "reported")
    assert Case.objects.filter(target_id=comment.pk).count() == 1

    desk = visitors.open(moderator)
    desk.goto("/moderation/")
    row = desk.locator("table.queue tbody tr", has_text="offender")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(5)).to_have_text("3")
    shot(desk, "queue")
    row.get_by_role("link", name=re.compile(r"^#\d+$")).click()
    expect(desk.locator(".snapshot-text")).to_contain_text(INSULT)
    desk.get_by_role("button", name="认领（15 分钟）").click()
    expect(desk.locator(".claim .banner")).to_contain_text("您已认领该案件")
    expect(desk.locator(".proposal")).to_contain_text("建议处罚：R1")
    desk.locator("details.full-decision summary").click()  # the full form, beside the one-click decisions
    desk.check(".decision-form input[name=action][value=sanction]")
    desk.fill("#id_reason", "评论辱骂作者，违反 2.6")
    expect(desk.locator("#id_rung option:checked")).to_have_text("按建议（R1）")
    shot(desk, "case-deciding")
    desk.get_by_role("button", name="提交处理").click()
    expect(desk.locator(".messages")).to_contain_text("已处理案件")

    offender.refresh_from_db()
    assert offender.is_muted()
    muted = visitors.open(offender)
    muted.goto("/me/status/")
    expect(muted.locator(".banner.danger")).to_contain_text("您的账号被禁言至")
    expect(muted.locator(".banner.danger")).to_contain_text("2.6")
    shot(muted, "account-status-muted")
    reader = visitors.open()
    reader.goto(article.get_absolute_url())
    expect(reader.locator(f"#comment-{comment.pk}")).to_have_count(0)
    assert visitors.errors == []


def test_muted_user_is_refused_appeals_and_another_moderator_overturns(site, article, visitors, shots):
    shot = shots("07-mute-appeal")
    offender = UserFactory(username="offender", display_name="孙路人")
    comment = CommentFactory(article=article, author=offender, body=INSULT)
    first = UserFactory(username="moderator1", roles=[MODERATOR])
    second = UserFactory(username="moderator2", roles=[MODERATOR])
    decision = _muted_by_reports(comment, first)
    offender.refresh_from_db()
    until = timezone.localtime(offender.muted_until)

    page = visitors.open(offender)
    page.goto(article.get_absolute_url())
    # The mute is shown where the comment box would be: nothing to type into and lose.
    expect(page.locator("form.comment-form")).to_have_count(0)
    refusal = page.locator(".mute-notice")
    expect(refusal).to_contain_text("您的账号被禁言至")
    expect(refusal).to_contain_text("依据：2.6")
    expect(refusal).to_contain_text(f"{until:%Y}")
    expect(refusal).to_contain_text(f"{until:%H:%M}")
    shot(page, "comment-refused")
    assert not Comment.objects.filter(author=offender).exclude(pk=comment.pk).exists()

    page.goto("/me/status/")
    page.get_by_role("link", name="申诉", exact=True).click()
    expect(page.locator("#id_decision")).to_have_value(str(decision.pk))
    page.fill("#id_text", "那是一时冲动，我已删除并向作者道歉，请求撤销禁言。")
    shot(page, "appeal-form")
    page.get_by_role("button", name="提交申诉").click()
    expect(page.locator(".messages")).to_contain_text("申诉已提交，将由另一位审核员复核。")
    shot(page, "appeal-filed")
    appeal = Appeal.objects.get(decision=decision)

    own = visitors.open(first)
    own.goto(f"/moderation/appeals/{appeal.pk}/")
    expect(own.locator(".banner.warn")).to_contain_text("须由其他审核员复核")
    expect(own.locator("input[name=outcome]")).to_have_count(0)

    desk = visitors.open(second)
    desk.goto("/moderation/appeals/")
    desk.get_by_role("link", name=f"#{appeal.pk}").click()
    expect(desk.locator("body")).to_contain_text("那是一时冲动")
    desk.check("input[name=outcome][value=overturned]")
    desk.fill("#id_reason", "初犯且已道歉，撤销处罚。")
    shot(desk, "appeal-review")
    desk.get_by_role("button", name="提交复核").click()
    expect(desk.locator(".messages")).to_contain_text("申诉已复核。")

    offender.refresh_from_db()
    assert not offender.is_muted()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.VISIBLE
    page.goto("/me/status/")
    expect(page.locator(".banner.ok")).to_have_text("您的账号状态正常。")
    expect(page.locator("body")).to_contain_text("撤销处理")
    shot(page, "status-restored")
    reader = visitors.open()
    reader.goto(article.get_absolute_url())
    expect(reader.locator(f"#comment-{comment.pk} .comment-body")).to_have_text(INSULT)
    assert visitors.errors == []


def test_banned_user_is_refused_at_login_and_appeals_through_the_link(site, visitors, shots):
    shot = shots("08-ban-appeal")
    banned = UserFactory(username="spammer", display_name="周广告")
    moderator = UserFactory(username="moderator1", roles=[MODERATOR])
    reporter = UserFactory(username="reporter0")
    moderation.report_create(reporter=reporter, kind="user", target_id=banned.pk, rule_code="3.3")
    case = Case.objects.get(target_id=banned.pk)
    moderation.case_claim(case=case, moderator=moderator)
    decision = moderation.case_decide(
        case=case,
        moderator=moderator,
        action="sanction",
        rule_codes=["3.3"],
        reason="批量注册账号发布广告",
        rung=5,
        rung_reason="多账号广告，直接封停",
    )
    banned.refresh_from_db()
    assert banned.is_banned

    page = visitors.open()
    login_form(page, "spammer", PASSWORD)
    refused = page.locator("section.banner.danger")
    expect(refused.locator("h1")).to_have_text("账号已封停")
    expect(refused).to_contain_text("依据规则：3.3")
    expect(page.locator("header .account")).to_contain_text("登录")
    shot(page, "login-refused")
    refused.get_by_role("link", name="提出申诉").click()
    expect(page).to_have_url(re.compile(r"/feedback/appeal/[^/]+/$"))
    expect(page.locator("body")).to_contain_text(f"处理决定 #{decision.pk}")
    page.fill("#id_text", "这是我的唯一账号，请核实。")
    shot(page, "appeal-form")
    page.get_by_role("button", name="提交申诉").click()
    expect(page.locator(".msg.success")).to_contain_text("申诉已提交")
    shot(page, "appeal-filed")
    appeal = Appeal.objects.get(decision=decision)
    assert (appeal.appellant_id, appeal.status) == (banned.pk, Appeal.Status.PENDING)
    assert visitors.errors == []


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        # A homophone of a long term that the text reads better without: the disguise is the intent.
        ("代开发飘，点数优惠，全国各地都能开", "刻意遮掩的写法：用同音字写成「代开发飘」代替「代开发票」"),
        # No ID in the text: the account named and the reader sent to the profile for it.
        ("看我主页签名，那里有我的绿色软件号", "联系方式：让读者去个人资料里找的账号 绿色软件号"),
    ],
    ids=["homophone", "profile"],
)
def test_a_disguised_comment_is_held_and_its_case_says_why(real_worker, article, visitors, shots, body, shown):
    shot = shots(f"09-disguised-{'homophone' if '飘' in body else 'profile'}")
    reader = UserFactory(username="reader1", display_name="钱读者")
    page = visitors.open(reader)
    page.goto(article.get_absolute_url())
    page.fill("#id_body", body)
    page.get_by_role("button", name="发表", exact=True).click()
    comment = Comment.objects.get(author=reader)
    reload_until(page, lambda: Case.objects.filter(target_id=comment.pk).exists(), what="the check's case")
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HELD
    anonymous = visitors.open()
    anonymous.goto(article.get_absolute_url())
    expect(anonymous.locator(f"#comment-{comment.pk}")).to_have_count(0)  # held: not public

    desk = visitors.open(UserFactory(username="moderator1", roles=[MODERATOR]))
    desk.goto(f"/moderation/cases/{Case.objects.get(target_id=comment.pk).pk}/")
    expect(desk.locator("table.findings")).to_contain_text(shown)
    shot(desk, "case-explained")
    assert visitors.errors == []
