"""Demo content for `python manage.py demo`: categories, a dozen articles, one accepted contribution, comments.

Idempotent: everything is looked up by a natural key first. Seed content is our own, so it is marked as having passed
the checks directly (through the same verdict service the pipeline uses) instead of waiting for a worker.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from moderation.engine import Verdict

from . import services
from .models import Article, Category, Comment

CATEGORIES = [
    ("live-commerce", "直播电商", "主播、选品、投流与直播间运营"),
    ("private-traffic", "私域流量", "社群、企业微信与会员体系"),
    ("brand", "品牌营销", "品牌定位、传播与长期建设"),
    ("content", "内容营销", "内容策略、短视频与种草"),
]

ARTICLES = [
    ("live-commerce", "直播电商的下半场：从流量驱动到内容驱动", ["直播电商", "内容"],
     "流量红利见顶之后，直播电商的竞争正在转向内容与信任。",
     ["过去三年，直播电商的增长主要依靠平台流量红利和头部主播的号召力。",
      "随着流量成本上升，越来越多的品牌开始自建直播间，把直播当作长期经营的内容阵地。",
      "内容驱动的直播间更重视讲解的专业度、场景的真实感和售后的确定性。"]),
    ("live-commerce", "品牌自播怎么做：一份直播间搭建清单", ["直播电商", "品牌自播"],
     "从场景、话术到排班，品牌自播需要一套可复制的流程。",
     ["品牌自播的第一步不是买设备，而是想清楚直播间要解决用户的什么问题。",
      "一份可复制的清单包括：货盘结构、主播话术、场控分工、投流节奏和复盘模板。",
      "坚持每日复盘，比一次性的爆款更能带来稳定的成交。"]),
    ("live-commerce", "直播选品的五个原则", ["直播电商", "选品"],
     "选品决定了直播间的天花板。",
     ["好的选品要兼顾需求强度、价格带、演示性、复购率和供应链稳定性。",
      "演示性强的商品更适合直播，因为用户能在几十秒内看到效果。",
      "供应链不稳定会直接伤害直播间的口碑。"]),
    ("private-traffic", "私域流量不是建群发广告", ["私域流量", "社群"],
     "私域的本质是长期关系，而不是免费的广告位。",
     ["很多企业把私域理解为把用户拉进群，然后每天推送优惠信息。",
      "真正有效的私域运营，是为用户提供持续的价值：专业的建议、及时的服务和有温度的互动。",
      "衡量私域的指标不只是群人数，更是复购率和用户生命周期价值。"]),
    ("private-traffic", "企业微信私域运营的三个阶段", ["私域流量", "企业微信"],
     "从加好友到分层运营，私域需要循序渐进。",
     ["第一阶段是沉淀：通过门店、包裹卡和公众号把用户引导到企业微信。",
      "第二阶段是激活：用内容和服务建立信任，而不是急于转化。",
      "第三阶段是分层：根据用户的购买行为和兴趣标签提供差异化的服务。"]),
    ("private-traffic", "会员体系设计：让用户愿意留下来", ["私域流量", "会员"],
     "会员权益要让用户感到被重视。",
     ["会员体系的核心是让用户的每一次消费都有积累感。",
      "权益设计要简单易懂，等级门槛要让大多数用户看得见、够得着。",
      "定期回顾会员数据，及时调整权益，避免体系变成摆设。"]),
    ("brand", "品牌营销的长期主义", ["品牌营销", "长期主义"],
     "短期的声量不等于长期的品牌资产。",
     ["品牌建设是一件需要耐心的事情，很难靠一次爆款活动完成。",
      "长期主义意味着在定位、视觉和沟通方式上保持一致，让用户逐渐形成清晰的认知。",
      "效果广告和品牌广告并不对立，关键在于预算的合理配比。"]),
    ("brand", "新消费品牌如何讲好品牌故事", ["品牌营销", "品牌故事"],
     "好故事来自真实的产品与真实的人。",
     ["品牌故事不是编出来的，而是从创始人的初心、产品的细节和用户的反馈里提炼出来的。",
      "讲故事要克制，少用空洞的形容词，多用具体的场景和数据。",
      "当故事和产品体验一致时，用户才会愿意转述。"]),
    ("brand", "联名营销的得与失", ["品牌营销", "联名"],
     "联名能带来话题，也可能稀释品牌。",
     ["联名营销的价值在于借助对方的用户群体和文化符号，为品牌带来新鲜感。",
      "选择联名对象时，要看双方的用户是否重合、调性是否匹配。",
      "频繁联名容易让用户审美疲劳，反而削弱品牌自身的辨识度。"]),
    ("content", "短视频种草的内容结构", ["内容营销", "短视频"],
     "前三秒抓住注意力，后面要给出真实的理由。",
     ["一条有效的种草视频通常包含：痛点场景、产品展示、使用体验和行动建议。",
      "真实的使用场景比精致的布景更能打动用户。",
      "投放前先小范围测试不同的开头，再放大效果最好的版本。"]),
    ("content", "内容营销的复利效应", ["内容营销", "长期主义"],
     "优质内容会在搜索和推荐中持续带来流量。",
     ["与一次性的广告投放不同，优质内容可以长期被搜索和转发。",
      "建立选题库和内容日历，保持稳定的更新频率。",
      "把用户常问的问题整理成系列内容，是最容易产生复利的方式。"]),
    ("content", "小红书笔记的选题方法", ["内容营销", "小红书"],
     "选题来自用户真实的搜索与讨论。",
     ["好的选题往往来自用户的搜索词、评论区的提问和同类笔记的高频话题。",
      "标题要准确描述内容，避免夸张和误导。",
      "持续记录数据表现，逐步形成自己的选题方法论。"]),
]  # fmt: skip

CONTRIBUTION = (
    "live-commerce",
    "一个县城商家的直播电商实践",
    ["直播电商", "案例"],
    "县城商家如何用直播把本地特产卖到全国。",
    ["我们是一家经营本地特产的小店，两年前开始尝试直播。",
     "最初每天只有几十人观看，我们坚持讲解产品的产地和制作过程。",
     "慢慢地，直播间积累了一批信任我们的老顾客，复购率明显提高。"],
)  # fmt: skip

COMMENTS = ["写得很实在，直播间确实要先想清楚用户的问题。", "选品原则总结得很好，收藏了。", "期待更多案例分享。"]


def _body(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _mark_passed(article: Article, *, published_at) -> None:
    """Seed content is ours: hand it to the same verdict service a passing check would call."""
    revision = article.revisions.order_by("-number").first()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.CHECKING, pending_revision=revision)
    revision.status = revision.Status.CHECKING
    revision.save(update_fields=["status"])
    services.article_verdict_apply(article_id=article.pk, revision_id=revision.pk, verdict=Verdict.PASS)
    Article.objects.filter(pk=article.pk).update(published_at=published_at)


@transaction.atomic
def demo_seed(accounts: dict[str, User]) -> str:
    categories = {}
    for slug, name, description in CATEGORIES:
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    author, contributor, editor = accounts["author"], accounts["contributor"], accounts["editor"]
    now = timezone.now()
    created = 0
    for index, (slug, title, tags, summary, paragraphs) in enumerate(ARTICLES):
        if Article.objects.filter(author=author, title=title).exists():
            continue
        article = services.article_create(
            user=author, title=title, body=_body(paragraphs), summary=summary, source="原创",
            category=categories[slug], tags=tags,
        )  # fmt: skip
        _mark_passed(article, published_at=now - timedelta(days=len(ARTICLES) - index))
        created += 1
    slug, title, tags, summary, paragraphs = CONTRIBUTION
    if not Article.objects.filter(author=contributor, title=title).exists():
        article = services.article_create(
            user=contributor, title=title, body=_body(paragraphs), summary=summary, source="投稿",
            category=categories[slug], tags=tags,
        )  # fmt: skip
        Article.objects.filter(pk=article.pk).update(contributor=contributor, accepted_by=editor)
        _mark_passed(article, published_at=now)
        created += 1
    featured = Article.objects.filter(author=author, title=ARTICLES[0][1]).first()
    if featured and not featured.featured:
        Article.objects.filter(pk=featured.pk).update(featured=True)
    first = Article.objects.filter(author=author, title=ARTICLES[2][1]).first()
    if first and not first.comments.exists():
        top = Comment.objects.create(
            article=first, author=accounts["reader"], body=COMMENTS[0], status=Comment.Status.VISIBLE
        )
        Comment.objects.create(article=first, author=author, parent=top, body="谢谢！", status=Comment.Status.VISIBLE)
        for body in COMMENTS[1:]:
            Comment.objects.create(article=first, author=accounts["reader"], body=body, status=Comment.Status.VISIBLE)
    return f"Articles: {created} created, {Article.objects.filter(status=Article.Status.PUBLISHED).count()} published"
