"""Literal evidence: clickbait titles, calls to action, money and prices, the words of a report or a warning."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..charclass import bmp_chars
from ..normalise import Normalised
from .contacts import Found

CLICKBAIT_RE = re.compile(
    r"震惊|万万没想到|万万想不到|(?:99|90|95)\s*[%％]\s*的人(?:都)?不知道|惊呆了|速看|速速围观|赶紧看|"
    r"不看后悔|看哭了|吓死了|太可怕了|绝对想不到|删前速看|[!！]{3,}"
)


def find_clickbait(norm: Normalised) -> Iterator[Found]:
    for m in CLICKBAIT_RE.finditer(norm.folded):
        yield m.group(), m.start(), m.end()


# --- intent: calls to action and money ------------------------------------------------------------------------------
# A call to action asks the reader to get in touch or act (加我, 私聊, 详聊, 咨询…); money is an earning promise or a
# price for a unit of a service.  Each alone is ordinary (a shop says 欢迎咨询, a review 好评返现), so they are
# supporting evidence: they add to a term or a contact detail, never make a verdict alone.  They are literals, found
# by the lexicon's automaton in the same search as the terms (see Engine), on the contact level.
CTA_WORDS = (
    "加我",
    "加微",
    "加薇",
    "加威",
    "加v",
    "加vx",
    "加wx",
    "加q",
    "加扣",
    "加好友",
    "加群",
    "加一下",
    "加个v",
    "速加",
    "v我",
    "私聊",
    "私信我",
    "私信",
    "私我",
    "滴我",
    "点我头像",
    "主页有",
    "详聊",
    "详谈",
    "详询",
    "咨询我",
    "欢迎咨询",
    "滴滴我",
    "戳我",
    "扫码进",
    "扫码加",
    "扫描二维码",
    "进群",
    "拉你进",
    "点击链接",
    "点链接",
    "复制这段",
    "复制本条",
    "复制整段",
    "复制口令",
    "复制链接",
    "打开淘宝",
    "打开手机淘宝",
    "打开tb",
    "打开某宝",
    "有意者",
    "有需要的加",
    "有需要的朋友",
    "有需要的联系",
    "有需要私",
    "需要的加",
    "需要的私",
    "感兴趣的加",
    "感兴趣私",
    "名额有限",
    "先到先得",
    "备注来意",
    # Sales language: how an offer closes (delivery, supply, a guarantee, an invitation to follow).
    "货到付款",
    "量大从优",
    "一手货源",
    "私人渠道",
    "注册就送",
    "注册送",
    "首充",  # a first top-up bonus (首充双倍): casinos and game sellers
    "充值送",
    "火热开放",
    "开放中",
    "专业团队",
    "帮你追回",
    "想跟的",
    "跟着我买",
    "想做的",
    "找我拿",
    "找我买",
    "找我做",
    "包赔",
    "一单一结",
    "当面操作",
    "不满意不收费",
    "成功再收费",
    "成功后收费",
    "价格可谈",
    "价格美丽",
    "急用钱的",
    "高端定制",
    "全国空降",
    "长期有单",
    "都能办",
    "带你上岸",
    "稳赢",
    "费率低",
    "加群领取",
    "专业帮",
    "专业代",
    "专业出",
    "专业开",
    "出售",
    "全国包邮",
    "都能做",
    "当天取",
)
MONEY_WORDS = (
    "日赚",
    "日入",
    "月入",
    "月赚",
    "周赚",
    "日结",
    "周结",
    "时薪",
    "佣金",
    "提成",
    "返利",
    "返现",
    "返佣",
    "回本",
    "高薪",
    "躺赚",
    "稳赚",
    "包赚",
    "轻松赚",
    "高额回报",
    "保底收益",
    "税点",
    "点数低",
    "秒到账",
    "当天到账",
    "提现秒到",
    "零门槛",
    "无门槛",
    "提现",
    "秒结",
    "当天结",
)
# Words of a report or a warning (news of a raid, a police notice, an anti-fraud reminder) and of an official
# service: a text that names a scheme in order to report or warn against it does not offer it.  Their presence
# turns intent terms into topic words (see Engine.scan); contact details and links keep their weight.
REPORT_WORDS = (
    "警方",
    "敲诈",
    "民警",
    "公安",
    "派出所",
    "法院",
    "检察院",
    "判处",
    "被判",
    "抓获",
    "捣毁",
    "破获",
    "打击",
    "依法",
    "刑事",
    "拘留",
    "违法",
    "犯罪",
    "诈骗",
    "骗局",
    "骗子",
    "被骗",
    "提醒",
    "谨防",
    "警惕",
    "防范",
    "千万别",
    "不要相信",
    "别信",
    "举报",
    "反诈",
    "通报",
    "案件",
    "涉嫌",
    "嫌疑人",
    "查处",
    "取缔",
    "整治",
    "曝光",
    "税务局",
    "税务机关",
    "据报道",
    "涉案",
    "受害人",
    "受害者",
    "骗取",
    "诱饵",
    "团伙",
    "落网",
    "立案",
    "起诉",
    "不要信",
    "套路",
    "上当",
)
# A price for one unit of a service (500元一次, 10块一张): found by regex where the automaton saw its unit.
_AMOUNT_CHARS = "0123456789一二三四五六七八九十两百千万几"
_AMOUNT = f"[{_AMOUNT_CHARS}]+"
PRICE_RE = re.compile(
    rf"{_AMOUNT}\s*(?:元|块|r|rmb|米|w)\s*(?:一|每|/)\s*(?:次|晚|夜|张|单|位|小时|钟|套)"
    rf"|(?:一|每)(?:单|次|晚|夜|张|套)\s*{_AMOUNT}\s*(?:元|块)?"
)
# The currency and the unit after the amount (元一次, r/次, 块 一张), or the unit before it together with what follows
# it (一次500, 一次 500: the second branch cannot match without): 一次 alone is in every other text (第一次, 一次性).
_SPACES = bmp_chars(r"\s")
PRICE_TRIGGERS = (
    tuple(f"{c}{p}{u}" for c in ("元", "块", "r", "rmb", "米", "w") for p in "一每/" for u in "次晚夜张单位小钟套")
    + tuple(f"{c}{w}{p}" for c in "元块" for w in _SPACES for p in "一每/")
    + tuple(f"{p}{u}{a}" for p in "一每" for u in "单次晚夜张套" for a in _AMOUNT_CHARS + _SPACES)
)


def find_prices(norm: Normalised) -> Iterator[Found]:
    t = norm.contact
    for m in PRICE_RE.finditer(t):
        s, e = norm.span(m.start(), m.end(), "contact")
        yield m.group(), s, e
