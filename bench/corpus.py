"""A synthetic but realistic Chinese marketing corpus: templates over a vocabulary of real marketing terms.

Sentences are segmented with the application's own `articles.content.tokens` (jieba, search mode) once each and
cached. jieba splits its input at punctuation before segmenting, so the tokens of an article made of whole sentences
are exactly the concatenation of its sentences' tokens: the search vectors are what the app itself would store.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Frequent terms: each appears in a large share of articles (the hard case for ranked search).
TERMS = [
    "直播电商",
    "私域流量",
    "品牌营销",
    "内容营销",
    "增长黑客",
    "短视频",
    "用户增长",
    "社群运营",
    "种草",
    "转化率",
    "复购率",
    "客单价",
    "流量池",
    "公域流量",
    "达人带货",
    "KOL",
    "KOC",
    "全域营销",
    "品效合一",
    "用户画像",
    "精准投放",
    "信息流广告",
    "搜索引擎优化",
    "会员体系",
    "裂变营销",
    "小程序",
    "新零售",
    "品牌出海",
    "跨境电商",
    "数字化转型",
    "营销自动化",
    "私域运营",
    "直播间",
    "爆款",
    "用户留存",
    "获客成本",
    "生命周期价值",
    "品牌心智",
    "口碑传播",
    "视频号",
    "公众号",
    "朋友圈广告",
    "电商大促",
    "双十一",
    "618",
    "本地生活",
    "即时零售",
    "内容电商",
    "兴趣电商",
    "品牌联名",
]
PLATFORMS = ["抖音", "快手", "小红书", "微信", "视频号", "淘宝", "天猫", "京东", "拼多多", "B站", "微博", "知乎"]
INDUSTRIES = ["美妆", "母婴", "食品饮料", "服饰", "家电", "汽车", "教育", "文旅", "医美", "宠物", "茶饮", "家居"]
ROLES = ["品牌方", "商家", "运营团队", "市场部", "创始人", "主播", "操盘手", "代运营公司", "中小企业", "新消费品牌"]
VERBS = ["提升", "优化", "拉动", "沉淀", "打通", "放大", "重构", "撬动", "布局", "深耕"]
METRICS = ["GMV", "ROI", "转化率", "复购率", "客单价", "点击率", "完播率", "互动率", "粉丝量", "留存率"]
# Rare terms: each in well under 1% of articles (the easy, selective case).
RARE = [
    "元宇宙营销",
    "虚拟数字人",
    "品牌资产评估",
    "归因模型",
    "营销云",
    "客户数据平台",
    "私域SCRM",
    "心智份额",
    "长尾关键词",
    "内容中台",
    "品牌溢价",
    "场景营销",
    "事件营销",
    "情绪价值",
    "银发经济",
    "县域市场",
    "国潮品牌",
    "反向定制",
    "柔性供应链",
    "会员日",
]

SENTENCES = [
    "在{platform}上做{term}，{role}首先要想清楚目标人群是谁。",
    "{term}的核心不是流量本身，而是如何把流量沉淀为{term2}。",
    "很多{industry}品牌在{platform}投放时只看{metric}，忽视了{term}带来的长期价值。",
    "数据显示，今年{industry}行业通过{term}实现的销售额同比增长{num}%。",
    "{role}可以借助{term}来{verb}{metric}，但前提是内容足够真实。",
    "与其盲目追逐{term}，不如先把{term2}的基本功做扎实。",
    "一场成功的{term}活动，往往离不开{platform}达人的配合和{term2}的承接。",
    "我们观察到，{metric}每提升{num}个百分点，{role}的利润就能明显改善。",
    "{industry}赛道竞争激烈，{term}已经成为新品牌突围的标配。",
    "在预算有限的情况下，{role}应当优先投入{term}，再逐步{verb}{term2}。",
    "{platform}的算法更偏爱{term}类内容，{metric}通常更高。",
    "案例中的{industry}品牌用三个月时间{verb}了{term}，{metric}提升了{num}%。",
    "不少{role}反映，{term}的投入产出比越来越难以衡量。",
    "做好{term}需要长期主义，短期的{metric}波动不必过度焦虑。",
    "{term}和{term2}并不矛盾，关键在于找到适合自己的节奏。",
    "从{platform}到{platform2}，{term}的玩法正在发生深刻变化。",
    "对于{industry}商家而言，{term}是降低获客成本的重要手段。",
    "专家建议，{role}在布局{term}时要建立清晰的数据指标体系。",
    "今年的{term}呈现出精细化、专业化和内容化三大趋势。",
    "如果没有{term2}做支撑，{term}带来的用户很快就会流失。",
]
RARE_SENTENCES = [
    "值得一提的是，{rare}正在成为{industry}行业的新话题。",
    "部分领先的{role}已经开始尝试{rare}，并将其与{term}结合。",
    "{rare}的价值在于帮助{role}更好地理解用户。",
]
TITLES = [
    "{term}实战指南：{industry}品牌如何{verb}{metric}",
    "深度解读：{platform}{term}的新玩法",
    "{num}个案例告诉你，{term}到底怎么做",
    "从0到1搭建{term}体系：{role}必读",
    "{industry}行业{term}观察：机会与挑战",
    "{term}还是{term2}？{role}的选择题",
    "{platform}{term}复盘：{metric}提升{num}%的背后",
    "为什么说{term}是{industry}品牌的下一个增长点",
    "{term}避坑手册：{num}个常见误区",
    "年度盘点：{term}与{term2}的十大趋势",
]


def _fill(template: str, rng: random.Random, *, rare: str | None = None) -> str:
    term, term2 = rng.sample(TERMS, 2)
    platform, platform2 = rng.sample(PLATFORMS, 2)
    return template.format(
        term=term,
        term2=term2,
        platform=platform,
        platform2=platform2,
        industry=rng.choice(INDUSTRIES),
        role=rng.choice(ROLES),
        verb=rng.choice(VERBS),
        metric=rng.choice(METRICS),
        num=rng.randint(2, 95),
        rare=rare or rng.choice(RARE),
    )


@dataclass
class Piece:
    text: str
    tokens: list[str]


@dataclass
class Article:
    title: str
    title_tokens: list[str]
    paragraphs: list[list[str]]
    tokens: list[str]

    @property
    def body_html(self) -> str:
        return "".join(f"<p>{''.join(p)}</p>" for p in self.paragraphs)

    @property
    def body_text(self) -> str:
        return "\n".join("".join(p) for p in self.paragraphs)

    @property
    def summary(self) -> str:
        return "".join(self.paragraphs[0])[:120]


class Corpus:
    """Pools of segmented sentences and titles; `article()` draws one ~300-token article from them."""

    def __init__(self, *, seed: int = 7, sentences: int = 6000, rare_sentences: int = 600, titles: int = 3000):
        from articles import content

        self.rng = random.Random(seed)
        rng = self.rng

        def piece(text: str) -> Piece:
            return Piece(text, content.tokens(text))

        self.sentences = [piece(_fill(rng.choice(SENTENCES), rng)) for _ in range(sentences)]
        # Rare sentences: each rare term gets its own few, so it ends up in ~0.1-0.5% of articles.
        self.rare = [
            piece(_fill(rng.choice(RARE_SENTENCES), rng, rare=RARE[i % len(RARE)])) for i in range(rare_sentences)
        ]
        self.titles = [piece(_fill(rng.choice(TITLES), rng)) for _ in range(titles)]

    def article(self, *, words: int = 300) -> Article:
        rng = self.rng
        title = rng.choice(self.titles)
        paragraphs: list[list[str]] = []
        tokens: list[str] = []
        while len(tokens) < words:
            paragraph = []
            for _ in range(rng.randint(3, 5)):
                sentence = rng.choice(self.rare) if rng.random() < 0.02 else rng.choice(self.sentences)
                paragraph.append(sentence.text)
                tokens.extend(sentence.tokens)
            paragraphs.append(paragraph)
        return Article(title.text, title.tokens, paragraphs, tokens)
