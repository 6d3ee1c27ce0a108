"""Demo content for `python manage.py demo`: categories, three writers with bios and avatars, ten long articles
with covers, one accepted contribution, comments, likes, favourites, follows, reads and the hot list.

Idempotent: everything is looked up by a natural key first. Seed content is our own, so it is marked as having passed
the checks directly (through the same verdict service the pipeline uses) instead of waiting for a worker. The
texts (articles/demo_texts/*.txt: paragraphs, `## ` headings) are written for this demo; covers and avatars are
drawn locally (articles/demo_covers.py) and stored through the real upload pipeline.
"""

from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from accounts.images import image_save
from accounts.models import User
from accounts.roles import AUTHOR
from accounts.services import email_verified_set, user_roles_set
from moderation.engine import Verdict

from . import services
from .demo_covers import avatar_png, cover_png
from .models import Article, ArticleDailyStat, ArticleStats, Category, Comment, ReadingHistory

TEXTS = Path(__file__).resolve().parent / "demo_texts"

CATEGORIES = [
    ("global", "跨境出海", "跨境电商、海外市场与品牌出海"),
    ("live-commerce", "直播电商", "主播、选品、投流与直播间运营"),
    ("private-traffic", "私域流量", "社群、企业微信与会员体系"),
    ("brand", "品牌营销", "品牌定位、传播与长期建设"),
    ("content", "内容营销", "内容策略、短视频与种草"),
]

# username, display name, bio, avatar colour. "author" is a demo account (cms/demo.py); the others write only.
WRITERS = [
    ("author", "作者老张", "十年快消品牌营销经验，关注直播电商与品牌自播，写给一线运营的实操笔记。", (217, 72, 15)),
    ("linxiao", "林晓", "跨境电商观察者，长期跟踪东南亚与中东市场的直播电商和品牌出海。", (18, 100, 160)),
    ("zhouhang", "周航", "增长顾问，服务过多家新消费品牌，专注私域运营、会员体系与内容营销。", (43, 138, 62)),
]

# text file, category, title, tags, summary, source, writer, featured, days ago, cover keyword
ARTICLES = [
    ("cross_border_live", "global", "跨境直播电商：从“把货卖出去”到“把品牌带出去”",
     ["跨境电商", "直播电商", "品牌出海"],
     "流量红利退去之后，跨境直播的竞争转向本地化、供应链与品牌建设。一家深圳小家电品牌的三次调整，给出了答案。",
     "刘旷", "linxiao", True, 0, "出海"),
    ("live_second_half", "live-commerce", "直播电商的下半场：从流量驱动到内容驱动", ["直播电商", "内容"],
     "流量红利见顶之后，直播电商的竞争正在转向内容与信任。", "原创", "author", True, 1, "直播"),
    ("private_not_ads", "private-traffic", "私域流量不是建群发广告", ["私域流量", "社群"],
     "私域的本质是长期关系，而不是免费的广告位。", "原创", "zhouhang", True, 2, "私域"),
    ("brand_long_term", "brand", "品牌营销的长期主义", ["品牌营销", "长期主义"],
     "短期的声量不等于长期的品牌资产：一致的定位、视觉与沟通，才是时间的朋友。", "原创", "author", True, 3, "品牌"),
    ("self_live_checklist", "live-commerce", "品牌自播怎么做：一份直播间搭建清单", ["直播电商", "品牌自播"],
     "从定位、货盘、团队到话术、节奏与复盘，品牌自播需要一套可复制的流程。", "原创", "author", False, 4, "自播"),
    ("short_video_seeding", "content", "短视频种草的内容结构", ["内容营销", "短视频"],
     "前三秒抓住注意力，中段给出真实的理由，结尾告诉用户下一步做什么。", "原创", "zhouhang", False, 5, "种草"),
    ("membership", "private-traffic", "会员体系设计：让用户愿意留下来", ["私域流量", "会员"],
     "积累感、看得见的门槛、少而精的权益，以及定期的回顾。", "原创", "zhouhang", False, 6, "会员"),
    ("xhs_topics", "content", "小红书笔记的选题方法", ["内容营销", "小红书"],
     "选题来自用户真实的搜索与讨论：搜索词、评论区和同类笔记的空白。", "原创", "linxiao", False, 8, "选题"),
]  # fmt: skip

CONTRIBUTION = (
    "county_story", "live-commerce", "一个县城商家的直播电商实践", ["直播电商", "案例"],
    "县城商家如何把直播间搬到竹林和作坊里，用真实的产地内容把本地特产卖到全国。", "投稿", 1, "县城",
)  # fmt: skip

COMMENTS = {
    "cross_border_live": [
        ("reader", "本地导购做主播这一点很有启发，专业比粉丝量更重要。"),
        ("contributor", "合规那一节很及时，我们就因为功效宣传被平台警告过。"),
        ("editor", "三次调整的案例写得很具体，期待后续跟踪。"),
    ],
    "live_second_half": [
        ("reader", "写得很实在，直播间确实要先想清楚用户的问题。"),
        ("zhouhang", "退货原因先于成交额，这个例会顺序值得借鉴。"),
    ],
    "self_live_checklist": [("reader", "清单已经打印贴在直播间了，收藏。"), ("linxiao", "设备焦虑太真实了。")],
    "private_not_ads": [("reader", "咖啡品牌社群店长的做法很落地。"), ("author", "有用、有趣、有利的比例很实用。")],
}
LIKES = {
    "cross_border_live": ["reader", "contributor", "editor", "author", "zhouhang"],
    "live_second_half": ["reader", "linxiao", "editor"],
    "private_not_ads": ["reader", "author", "contributor"],
    "brand_long_term": ["zhouhang", "editor"],
    "self_live_checklist": ["reader", "linxiao"],
}
FAVORITES = {"reader": ["cross_border_live", "self_live_checklist", "private_not_ads"]}
FOLLOWS = {"reader": ["linxiao", "author"], "contributor": ["linxiao"]}
# Reads per day over the last week, as a plausible spread (the hot list is computed from these).
READS = {
    "cross_border_live": 860, "live_second_half": 540, "private_not_ads": 410, "brand_long_term": 260,
    "self_live_checklist": 380, "short_video_seeding": 190, "membership": 150, "xhs_topics": 220, "county_story": 300,
}  # fmt: skip


def body_html(text: str) -> str:
    """Paragraphs separated by blank lines; `## ` starts a heading."""
    parts = []
    for block in text.strip().split("\n\n"):
        block = block.strip()
        if block.startswith("## "):
            parts.append(f"<h2>{escape(block[3:])}</h2>")
        elif block:
            parts.append(f"<p>{escape(block)}</p>")
    return "".join(parts)


def _mark_passed(article: Article, *, published_at) -> None:
    """Seed content is ours: hand it to the same verdict service a passing check would call."""
    revision = article.revisions.order_by("-number").first()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.CHECKING, pending_revision=revision)
    revision.status = revision.Status.CHECKING
    revision.save(update_fields=["status"])
    services.article_verdict_apply(article_id=article.pk, revision_id=revision.pk, verdict=Verdict.PASS)
    Article.objects.filter(pk=article.pk).update(published_at=published_at)


def _writers(accounts: dict[str, User]) -> dict[str, User]:
    people = dict(accounts)
    for username, name, bio, color in WRITERS:
        person = people.get(username)
        if person is None:
            person, created = User.objects.get_or_create(
                username=username, defaults={"display_name": name, "email": f"{username}@example.com"}
            )
            if created:
                person.set_unusable_password()
                person.save(update_fields=["password"])
            user_roles_set(user=person, roles=[AUTHOR], actor=None)
            email_verified_set(user=person, email=person.email)  # writes need a verified address
            people[username] = person
        if not person.bio:
            person.bio = bio
            person.save(update_fields=["bio"])
        if not person.avatar:
            person.avatar = image_save(avatar_png(name=person.public_name, color=color), folder="avatars")
            person.save(update_fields=["avatar"])
    return people


def _cover(title: str, category: str, keyword: str) -> SimpleUploadedFile:
    # No tag drawn into the picture: the pages show the tags, and a wide featured tile, cropped from the top, put
    # the drawn tag under its own badge and title.
    data = cover_png(title=title, category=category, keyword=keyword)
    return SimpleUploadedFile("cover.jpg", data, content_type="image/jpeg")


def _article(*, user: User, key: str, category: Category, title: str, tags, summary: str, source: str, keyword: str):
    text = (TEXTS / f"{key}.txt").read_text(encoding="utf-8")
    return services.article_create(
        user=user, title=title, body=body_html(text), summary=summary, source=source, category=category, tags=tags,
        cover=_cover(title, category.slug, keyword),
    )  # fmt: skip


@transaction.atomic
def demo_seed(accounts: dict[str, User]) -> str:
    categories = {}
    for position, (slug, name, description) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    people = _writers(accounts)
    now = timezone.now()
    created = 0
    by_key: dict[str, Article] = {}
    for key, slug, title, tags, summary, source, writer, featured, days, keyword in ARTICLES:
        article = Article.objects.filter(title=title).first()
        if article is None:
            article = _article(
                user=people[writer], key=key, category=categories[slug], title=title, tags=tags, summary=summary,
                source=source, keyword=keyword,
            )  # fmt: skip
            _mark_passed(article, published_at=now - timedelta(days=days, hours=3 * len(by_key)))
            if featured:
                Article.objects.filter(pk=article.pk).update(featured=True)
            created += 1
        by_key[key] = article
    key, slug, title, tags, summary, source, days, keyword = CONTRIBUTION
    contribution = Article.objects.filter(title=title).first()
    if contribution is None:
        contributor = accounts["contributor"]
        contribution = _article(
            user=contributor, key=key, category=categories[slug], title=title, tags=tags, summary=summary,
            source=source, keyword=keyword,
        )  # fmt: skip
        Article.objects.filter(pk=contribution.pk).update(contributor=contributor, accepted_by=accounts["editor"])
        _mark_passed(contribution, published_at=now - timedelta(days=days))
        created += 1
    by_key[key] = contribution
    if created:
        _engagement(by_key, people)
    return f"Articles: {created} created, {Article.objects.filter(status=Article.Status.PUBLISHED).count()} published"


def _engagement(articles: dict[str, Article], people: dict[str, User]) -> None:
    """Comments, likes, favourites, follows, a week of reads and the hot list, for a first page that looks used."""
    for key, comments in COMMENTS.items():
        article = articles[key]
        if article.comments.exists():
            continue
        for username, body in comments:
            Comment.objects.create(article=article, author=people[username], body=body, status=Comment.Status.VISIBLE)
    for key, usernames in LIKES.items():
        for username in usernames:
            services.article_like_set(user=people[username], article_id=articles[key].pk, on=True)
    for username, keys in FAVORITES.items():
        for key in keys:
            services.article_favorite_set(user=people[username], article_id=articles[key].pk, on=True)
    for username, followed in FOLLOWS.items():
        for name in followed:
            services.author_follow_set(follower=people[username], author_id=people[name].pk, on=True)
    today = timezone.localdate()
    for key, daily in READS.items():
        article = articles[key]
        days = [
            ArticleDailyStat(article=article, day=today - timedelta(days=d), reads=daily * (7 - d) // 7)
            for d in range(7)
        ]
        ArticleDailyStat.objects.bulk_create(days, ignore_conflicts=True)
        ArticleStats.objects.update_or_create(article=article, defaults={"reads": daily * 5})
    for index, key in enumerate(["cross_border_live", "live_second_half", "self_live_checklist"]):
        ReadingHistory.objects.update_or_create(
            user=people["reader"], article=articles[key], defaults={"read_at": timezone.now() - timedelta(hours=index)}
        )
    transaction.on_commit(_counts_settle)


def _counts_settle() -> None:
    """After commit (the likes' counts are buffered on commit): apply them and score the hot list."""
    services.engagement_flush()
    services.hot_refresh()
