"""Journeys of the moderator tools (issue 16): a one-click warning read by its user; a note seen on the next case
about the account; the queue driven by keyboard; a suggestion answered and the reply read by its sender; the
statistics charts and the public transparency report."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import MODERATOR
from articles.models import Comment
from moderation import services as moderation
from moderation.models import Case, Decision, Feedback
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def article(site):
    author = UserFactory(username="columnist", display_name="王专栏")
    return ArticleFactory(
        author=author,
        category=site["live"],
        title="私域流量的账怎么算",
        slug="private-traffic-accounting",
        body="<p>私域不是免费的流量池，维护它同样需要成本。</p>",
    )


def _reported(comment: Comment, *, rule="2.6", reporter="reporter") -> Case:
    moderation.report_create(
        reporter=UserFactory(username=f"{reporter}{comment.pk}"), kind="comment", target_id=comment.pk, rule_code=rule
    )
    return Case.objects.get(target_id=comment.pk, status=Case.Status.OPEN)


def test_a_one_click_warning_is_read_by_its_user(site, article, visitors, shots):
    shot = shots("20-warning")
    offender = UserFactory(username="offender", display_name="孙路人")
    comment = CommentFactory(article=article, author=offender, body="楼上的说的都是废话，懂不懂啊")
    case = _reported(comment)
    moderator = UserFactory(username="moderator1", roles=[MODERATOR])

    desk = visitors.open(moderator)
    desk.goto(f"/moderation/cases/{case.pk}/")
    # content, decision and the account side by side
    expect(desk.locator(".case-grid > .case-col")).to_have_count(3)
    expect(desk.locator(".case-content .snapshot-text")).to_contain_text("废话")
    warn = desk.locator("form.quick-warn button")
    expect(warn).to_contain_text("警告 · 2.6")
    shot(desk, "case-page")
    warn.click()
    expect(desk.locator(".messages")).to_contain_text(f"已处理案件 #{case.pk}")
    decision = Decision.objects.get(case=case)
    assert decision.action == Decision.Action.WARN
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.VISIBLE

    user = visitors.open(offender)
    user.goto("/")
    expect(user.locator(".account .inbox .badge")).to_have_text("1")
    user.goto("/me/inbox/")
    expect(user.locator(".article-list")).to_contain_text("您收到一次警告")
    expect(user.locator(".article-list")).to_contain_text("2.6")
    shot(user, "inbox-warning")
    user.goto("/me/status/")
    expect(user.locator("table")).to_contain_text("警告")
    expect(user.locator(".banner.ok")).to_contain_text("您的账号状态正常")
    assert visitors.errors == []


def test_a_note_left_on_one_case_is_seen_on_the_next_case_about_the_account(site, article, visitors, shots):
    shot = shots("21-note")
    offender = UserFactory(username="offender", display_name="孙路人")
    first = _reported(CommentFactory(article=article, author=offender, body="加我微信看更多干货"), rule="3.2")
    second = _reported(
        CommentFactory(article=article, author=offender, body="私信我领取资料包"), rule="3.2", reporter="other"
    )
    moderator = UserFactory(username="moderator1", roles=[MODERATOR])

    desk = visitors.open(moderator)
    desk.goto(f"/moderation/cases/{first.pk}/")
    desk.fill("#id_note-text", "第二次在评论区留微信引流，下次直接处罚")
    desk.get_by_role("button", name="添加备注").click()
    expect(desk.locator(".messages")).to_contain_text("已添加账号备注")
    expect(desk.locator(".notes")).to_contain_text("下次直接处罚")
    desk.locator("form.quick-dismiss button").click()
    expect(desk.locator(".messages")).to_contain_text(f"已处理案件 #{first.pk}")
    desk.goto(f"/moderation/cases/{second.pk}/")
    note = desk.locator(".case-account .notes .note")
    expect(note).to_contain_text("第二次在评论区留微信引流，下次直接处罚")
    expect(note).to_contain_text("moderator1")
    expect(note.get_by_role("link", name=f"#{first.pk}")).to_be_visible()
    shot(desk, "next-case-with-note")

    # never shown to the account itself
    own = visitors.open(offender)
    for path in ("/me/status/", "/me/inbox/", "/me/"):
        own.goto(path)
        expect(own.locator("body")).not_to_contain_text("下次直接处罚")
    assert visitors.errors == []


def test_the_queue_is_driven_by_keyboard(site, article, visitors, shots):
    shot = shots("22-keyboard")
    first = _reported(CommentFactory(article=article, author=UserFactory(username="a1"), body="无聊的评论"))
    second = _reported(CommentFactory(article=article, author=UserFactory(username="a2"), body="你就是个骗子"))
    Case.objects.filter(pk=first.pk).update(severity=3)  # first in the queue
    moderator = UserFactory(username="moderator1", roles=[MODERATOR])

    desk = visitors.open(moderator)
    desk.goto("/moderation/")
    rows = desk.locator("table.queue tbody tr")
    expect(rows).to_have_count(2)
    desk.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(re.compile("selected"))
    desk.keyboard.press("j")
    expect(rows.nth(1)).to_have_class(re.compile("selected"))
    desk.keyboard.press("k")
    expect(rows.nth(0)).to_have_class(re.compile("selected"))
    shot(desk, "queue")
    desk.keyboard.press("Enter")
    expect(desk).to_have_url(re.compile(rf"/moderation/cases/{first.pk}/$"))
    desk.keyboard.press("c")
    expect(desk.locator(".claim .banner")).to_contain_text("您已认领该案件")
    desk.keyboard.press("d")
    expect(desk.locator(".messages")).to_contain_text(f"已处理案件 #{first.pk}")
    assert Decision.objects.get(case=first).action == Decision.Action.DISMISS
    desk.keyboard.press("n")
    expect(desk).to_have_url(re.compile(rf"/moderation/cases/{second.pk}/$"))
    # typing in a field is typing, not a shortcut
    desk.fill("#id_note-text", "")
    desk.locator("#id_note-text").press("r")
    expect(desk.locator("#id_note-text")).to_have_value("r")
    assert not Decision.objects.filter(case=second).exists()
    desk.locator("body").click(position={"x": 5, "y": 5})
    desk.keyboard.press("r")
    expect(desk.locator(".messages")).to_contain_text(f"已处理案件 #{second.pk}")
    assert Decision.objects.get(case=second).action == Decision.Action.REMOVE
    assert Comment.objects.get(pk=second.target_id).status == Comment.Status.REMOVED
    desk.keyboard.press("n")
    expect(desk.locator(".messages")).to_contain_text("队列中没有其他待处理的案件了")
    assert visitors.errors == []


def test_a_suggestion_is_answered_and_the_sender_reads_the_reply(site, visitors, shots):
    shot = shots("23-feedback")
    reader = UserFactory(username="reader1", display_name="钱读者")
    moderator = UserFactory(username="moderator1", roles=[MODERATOR])

    sender = visitors.open(reader)
    sender.goto("/feedback/")
    sender.fill("#id_text", "希望文章页能显示预计阅读时间")
    sender.get_by_role("button", name="提交", exact=True).click()
    expect(sender.locator(".messages")).to_contain_text("感谢您的反馈")
    item = Feedback.objects.get(author=reader)

    desk = visitors.open(moderator)
    desk.goto("/moderation/feedback/")
    row = desk.locator("table.feedback-inbox tbody tr", has_text="预计阅读时间")
    expect(row).to_contain_text("新反馈")
    shot(desk, "inbox")
    row.get_by_role("link", name=f"#{item.pk}").click()
    desk.get_by_role("button", name="由我负责").click()
    expect(desk.locator(".messages")).to_contain_text("已更新负责人")
    expect(desk.locator("h1 .status")).to_have_text("处理中")
    desk.fill("#id_text", "好建议！下个版本会在标题下显示预计阅读时间。")
    shot(desk, "replying")
    desk.get_by_role("button", name="发送答复").click()
    expect(desk.locator(".messages")).to_contain_text("答复已发送给提交者")
    expect(desk.locator("h1 .status")).to_have_text("已答复")
    expect(desk.locator(".replies")).to_contain_text("下个版本")

    sender.goto("/me/inbox/")
    notice = sender.locator(".article-item", has_text="您的反馈有了答复")
    expect(notice).to_contain_text("好建议！下个版本会在标题下显示预计阅读时间。")
    shot(sender, "reply-read")
    assert visitors.errors == []


def test_the_statistics_charts_and_the_public_transparency_report(site, article, visitors, shots):
    shot = shots("24-trends")
    moderator = UserFactory(username="moderator1", roles=[MODERATOR])
    moderator2 = UserFactory(username="moderator2", roles=[MODERATOR])
    for i, (action, rule) in enumerate([("remove", "2.6"), ("warn", "3.2"), ("sanction", "2.6"), ("dismiss", "")]):
        author = UserFactory(username=f"writer{i}")
        case = _reported(CommentFactory(article=article, author=author, body=f"第 {i} 条评论"), rule=rule or "2.6")
        moderation.case_decide(
            case=case,
            moderator=moderator if i % 2 else moderator2,
            action=action,
            rule_codes=[rule] if rule else [],
            reason="依规处理",
        )

    desk = visitors.open(moderator)
    desk.goto("/moderation/stats/")
    desk.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 4")
    expect(desk.locator(".kpi").nth(2)).to_contain_text("4")
    shot(desk, "stats-30")
    desk.get_by_role("link", name="90 天").click()
    desk.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 4")
    expect(desk.locator("h1")).to_contain_text("90")
    with desk.expect_download() as download:
        desk.get_by_role("link", name="下载 CSV").click()
    assert download.value.suggested_filename == "moderation-trends-90d.csv"

    public = visitors.open()
    public.goto("/")
    public.locator(".site-footer").get_by_role("link", name="透明度报告").click()
    expect(public.locator("h1")).to_have_text("透明度报告")
    table = public.locator("table.transparency-table").first
    category = table.locator("tbody tr", has_text="2.")
    expect(category.locator("td").nth(0)).to_have_text("3")  # reports received under category 2
    expect(table.locator("tfoot")).to_contain_text("合计")
    expect(public.locator("body")).not_to_contain_text("writer0")
    expect(public.locator("body")).not_to_contain_text("moderator1")
    shot(public, "transparency")
    assert visitors.errors == []
