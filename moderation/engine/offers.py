"""Offers that use no lexicon term: paid video chat, cashing out credit lines, selling accounts.

Spam for these services avoids every listed word, but its shape is stable: the thing offered (a video call, a
credit line, an account) and what makes it an offer (a payment, a conversion, a sale) in the same clause or text.
Each finder needs both, so a mention of one alone (a review of a video course, news of a credit card fee) is not
an offer.  They run only where the lexicon's automaton saw one of their ``TRIGGERS`` (a literal of the offered
thing), so clean text costs nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .normalise import Normalised

Found = tuple[str, str, int, int]  # (category, text, start, end) in ORIGINAL offsets

_CLAUSE = r"[^。！？!?\n]"
CASHOUT_RE = re.compile(
    rf"(?:花呗|借呗|白条|金条|信用卡|月付|分期乐|额度|备用金)(?:{_CLAUSE}){{0,12}}?"
    r"(?:变现|提现|提出来|提不出来|提到银行卡|提到卡|套出|兑现|回收|换现金|换成现金|转成现金|转现|刷出来|取出来)"
    rf"|(?:帮你|帮忙|专业)(?:{_CLAUSE}){{0,6}}?(?:兑现|变现|套现)"
)
_APPS = "微信|qq|抖音|快手|小红书|支付宝|淘宝|拼多多|游戏|社交|实名"
ACCOUNTS_RE = re.compile(
    rf"(?:出售|售卖|卖|收购|高价收|长期收|回收|批发|出租|租用|代注册|出各类|出)(?:{_CLAUSE}){{0,10}}?"
    rf"(?:{_APPS}|老|白|小|靓|粉丝|带粉)(?:账|帐)?号"
    rf"|收(?:{_APPS})(?:账|帐)?号"
    # Registering accounts for hire is an offer whatever the platform (代注册各平台账号).
    rf"|(?:代注册|代实名|批量注册)(?:{_CLAUSE}){{0,10}}?(?:账|帐)号"
    rf"|(?:{_APPS}|老)(?:白|小|老|靓)?(?:账|帐)?号(?:{_CLAUSE}){{0,8}}?(?:出售|出租|回收|批发|收购)"
)
_VIDEO = "视频"
_PAYMENT_RE = re.compile(
    r"付费|红包|先付|收费|价格|[0-9一二三四五六七八九十两百]+\s*(?:元|块|r)|只要\s*\d+|一次|按分钟|不收钱"
)
_INTIMATE_RE = re.compile(r"哥哥|寂寞|脱|露脸|尺度|洗澡|黑丝|制服|福利|一对一|1对1|1v1|陪聊|陪我|裸|私密|摄像头|懂的")

TRIGGERS = {
    "cashout": ("花呗", "借呗", "白条", "金条", "信用卡", "月付", "分期乐", "额度", "备用金", "兑现", "变现", "套现"),
    "accounts": (
        "账号",
        "帐号",
        "微信号",
        "qq号",
        "抖音号",
        "快手号",
        "小红书号",
        "游戏号",
        "老号",
        "白号",
        "小号",
        "靓号",
    ),
    "video": (_VIDEO,),
}


def find_offers(norm: Normalised, triggered: set[str]) -> Iterator[Found]:
    t = norm.contact
    if "cashout" in triggered:
        for m in CASHOUT_RE.finditer(t):
            s, e = norm.span(m.start(), m.end(), "contact")
            yield "cashout", m.group(), s, e
    if "accounts" in triggered:
        for m in ACCOUNTS_RE.finditer(t):
            s, e = norm.span(m.start(), m.end(), "contact")
            yield "accounts", m.group(), s, e
    if "video" in triggered and _PAYMENT_RE.search(t) and _INTIMATE_RE.search(t):
        i = t.find(_VIDEO)
        s, e = norm.span(i, i + len(_VIDEO), "contact")
        yield "video_chat", _VIDEO, s, e
