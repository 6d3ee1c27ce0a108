import pytest
from django.core.management import call_command

from accounts.roles import AUTHOR
from tests.factories import UserFactory


@pytest.fixture
def rules(db):
    from moderation.services import ruleset_load

    ruleset_load()


@pytest.fixture
def lexicon(rules):
    """The default lexicon shipped in the repo, imported the way an operator would."""
    call_command("lexicon", "import", "moderation/data/lexicon.csv")


@pytest.fixture
def writer(db):
    return UserFactory(username="writer", roles=[AUTHOR])


def draft(user, *, title="私域流量运营的三个误区", body="<p>做私域要先想清楚用户价值。</p>"):
    from articles import services

    return services.article_create(user=user, title=title, body=body, summary="", source="原创")


def publish(user, article):
    from articles import services

    return services.article_publish(article=article, user=user)


SPAM_OPENERS = ["想赚钱的朋友", "宝妈学生党", "在家就能做", "兼职招聘", "急招", "诚招代理", "好消息", "福利来了"]
SPAM_OFFERS = [
    "手机刷单日结三百",
    "打字员兼职日赚五百",
    "代开各类发票",
    "低价出售游戏账号",
    "信用卡套现秒到账",
    "一对一视频聊天",
    "网贷秒批无需征信",
    "淘宝好评返现",
]
SPAM_CALLS = ["加微信", "私聊我", "详聊加V", "联系QQ", "扫码进群", "咨询客服"]
HAM_TOPICS = ["这款耳机", "新开的面馆", "这本小说", "今年的发布会", "社区的图书角", "这次的城市马拉松", "新版地图应用"]
HAM_VIEWS = [
    "音质比想象中好，低音很扎实",
    "排队的人不少，味道确实不错",
    "结构紧凑，人物写得很立体",
    "节奏有点拖沓，但细节很用心",
    "志愿者很耐心，孩子们都喜欢",
    "组织得井井有条，补给点很充足",
    "导航准确了很多，耗电也少了",
]
HAM_ENDINGS = ["推荐给大家。", "下次还会再来。", "总体值得一试。", "希望越办越好。", "期待后续更新。"]
# Two rule categories among removals, so that the classifier also learns which one: 3 (ads), 4 (vulgar).
SPAM_CATEGORY = {"一对一视频聊天": "4.1"}


def spam_text(rng) -> tuple[str, str]:
    offer = rng.choice(SPAM_OFFERS)
    text = f"{rng.choice(SPAM_OPENERS)}，{offer}，{rng.choice(SPAM_CALLS)} {rng.randint(10**7, 10**9)}"
    return text, SPAM_CATEGORY.get(offer, "3.1")


def ham_text(rng) -> str:
    return f"{rng.choice(HAM_TOPICS)}{rng.choice(HAM_VIEWS)}，{rng.choice(HAM_ENDINGS)}"


def decided_cases(moderator, owner, *, removed: int, dismissed: int, seed: int = 1, noise: float = 0.0):
    """`removed` + `dismissed` decided cases about articles, written directly (the decision service is tested
    elsewhere; the classifier only reads what a decision leaves). With `noise`, that share of the labels is flipped:
    moderators who disagree with themselves."""
    import random

    from django.contrib.contenttypes.models import ContentType

    from articles.models import Article
    from moderation.models import Case, Decision, RuleSet

    rng = random.Random(seed)
    ruleset = RuleSet.objects.get(is_current=True)
    article_type = ContentType.objects.get_for_model(Article)
    rows, seen = [], set()
    for i in range(removed + dismissed):
        is_removed = i < removed
        text = None
        while text is None or text in seen:  # distinct texts: the classifier counts one example per text
            text, code = spam_text(rng) if is_removed else (ham_text(rng), "")
        seen.add(text)
        if rng.random() < noise:
            is_removed = not is_removed
            code = "3.1" if is_removed else ""
        rows.append((text, is_removed, code))
    cases = Case.objects.bulk_create(
        Case(
            target_type=article_type,
            target_id=10_000 + i,
            target_owner=owner,
            status=Case.Status.DECIDED,
            snapshot_reported={"title": "", "text": text},
            snapshot_decided={"title": "", "text": text, "status": "published"},
        )
        for i, (text, _r, _c) in enumerate(rows)
    )
    Decision.objects.bulk_create(
        Decision(
            case=case,
            moderator=moderator,
            action=Decision.Action.REMOVE if is_removed else Decision.Action.DISMISS,
            ruleset=ruleset,
            rule_codes=[code] if code else [],
            reason="test",
        )
        for case, (_t, is_removed, code) in zip(cases, rows, strict=True)
    )
    return rows
