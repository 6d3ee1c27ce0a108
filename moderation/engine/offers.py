"""Offers that use no lexicon term: paid video chat, cashing out credit lines, selling accounts, forged certificates,
paid gambling tips, illegal goods and spying services.

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
    r"(?:变现|提现|提出来|提不出来|提到银行卡|提到卡|套出|兑现|回收|换现金|换成现金|转成现金|变成现金|变成钱|转现|刷出来"
    r"|取出来|取不出来|转出来)"
    rf"|(?:帮你|帮忙|专业|找我)(?:{_CLAUSE}){{0,6}}?(?:兑现|变现|套现|提现|提出来|转出来)"
)
_APPS = "微信|qq|抖音|快手|小红书|支付宝|淘宝|拼多多|游戏|社交|实名"
ACCOUNTS_RE = re.compile(
    rf"(?:出售|售卖|卖|收购|高价收|长期收|回收|批发|出租|租用|代注册|出各类|出)(?:{_CLAUSE}){{0,10}}?"
    rf"(?:{_APPS}|老|白|小|靓|粉丝|带粉)(?:素人|成品|实名|白|老)?(?:账|帐)?号"
    # The accounts and cards of a payment (两卡): a company's Alipay, a bank card, a SIM card.
    rf"|(?:出售|售卖|收购|高价收|长期收|回收|批发|出租|租用)(?:{_CLAUSE}){{0,6}}?"
    r"(?:对公账户|银行卡|电话卡|手机卡|u盾|企业支付宝|个人支付宝|实名支付宝|支付宝账户)"
    rf"|收(?:{_APPS})(?:账|帐)?号"
    # Registering accounts for hire is an offer whatever the platform (代注册各平台账号).
    rf"|(?:代注册|代实名|批量注册)(?:{_CLAUSE}){{0,10}}?(?:账|帐)号"
    rf"|(?:{_APPS}|老)(?:白|小|老|靓)?(?:账|帐)?号(?:{_CLAUSE}){{0,8}}?(?:出售|出租|回收|批发|收购)"
)
_VIDEO_RE = re.compile("视频|摄像头")
_PAYMENT_RE = re.compile(
    r"付费|红包|先付|先转|转账|礼物|加钱|收费|价格|[0-9一二三四五六七八九十两百]+\s*(?:元|块|r)"
    r"|[一二两三四五六七八九十几]百(?![万年])|只要\s*\d+|一次|按分钟|不收钱"
)
# (A camera is not intimate by itself: a laptop review names its 摄像头 beside its price.)
_INTIMATE_RE = re.compile(
    r"哥哥|寂寞|脱|露脸|露了|尺度|洗澡|黑丝|制服|女仆|福利|一对一|1对1|1v1|陪聊|陪我|裸|私密|懂的|全程配合|宅男"
)
# A certificate, a diploma or a record (证, 学历, 档案) and what makes it forged or bought: made to order, issued
# without the exam or the check, guaranteed, or put into the official system.
_NO_EXAM = ("不用考试", "免考", "不用体检", "免体检")
_FORGED = (
    "都能做",
    "能做进",
    "可以做",
    "直接出",
    "直接拿",
    "包过",
    "包拿证",
    "保录取",
    *_NO_EXAM,
    "网上可查",
    "学信网可查",
    "查不出来",
    "和真的一模一样",
    "跟真的一样",
)
CERTIFICATE_RE = re.compile(
    rf"(?:证|证书|学历|文凭|档案|职称)(?:{_CLAUSE}){{0,8}}?(?:{'|'.join(_FORGED)})"
    rf"|(?:{'|'.join(_NO_EXAM)})(?:{_CLAUSE}){{0,8}}?(?:拿证|拿|出证|代办|办证|证)"
)
# Goods and services that are illegal whatever the wording: spying on a person (their location, calls, chats, hotel
# records), weapons, knock-out drugs; offered when a seller's verb comes first.
_SELLERS = ("出售", "售卖", "提供", "供应", "批发", "有货", "代查", "专业查", "包查")
_GOODS = (
    *("监听", "窃听", "车辆定位", "手机定位", "定位找人", "开房记录", "通话记录", "聊天记录", "户籍信息", "公民信息"),
    *("身份信息查询", "实名查询", "迷药", "迷幻药", "听话水", "弓弩", "钢珠", "仿真枪", "气枪", "猎枪", "管制刀具"),
    *("针孔摄像", "偷拍设备"),
)
# Or goods that are illegal whatever else they could be first, and how a seller ships them after (弓弩配件钢珠，隐私
# 包装，全国发货); not 钢珠 (a bearing's) nor 包邮 (every shop's).
_WEAPONS = (
    "迷药",
    "迷幻药",
    "听话水",
    "弓弩",
    "仿真枪",
    "猎枪",
    "管制刀具",
    "针孔摄像",
    "偷拍设备",
    "窃听器",
    "监听器",
)
_SHIPPING = ("全国发货", "隐私包装", "保密发货", "货到付款", "顺丰发货")
GOODS_RE = re.compile(
    rf"(?:{'|'.join(_SELLERS)}|卖)(?:{_CLAUSE}){{0,8}}?(?:{'|'.join(_GOODS)})"
    rf"|(?:{'|'.join(_WEAPONS)})(?:{_CLAUSE}){{0,16}}?(?:{'|'.join(_SHIPPING)})"
)
# Paid gambling tips: a betting plan or a tipster's record (倍投, 跟单, 连中) beside what is bet on.
_TIP_SIGNS = ("倍投", "跟单", "重注", "包回本", "回血", "连中", "稳赚", "必中", "期期准", "带单")
TIPS_RE = re.compile(
    rf"(?:{'|'.join(_TIP_SIGNS)})(?:{_CLAUSE}){{0,10}}?(?:计划|期|走势|盘|注|单|球|彩)"
    rf"|(?:计划|走势|让分|大小球)(?:{_CLAUSE}){{0,10}}?(?:倍投|跟单|重注|包回本|回血|连中|稳赚|必中|带单|跟上)"
)

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
        "素人号",
        "成品号",
        "对公账户",
        "银行卡",
        "电话卡",
        "手机卡",
        "u盾",
        "支付宝",
    ),
    "video": ("视频", "摄像头"),
    # Each finder runs where the automaton saw a literal its regex cannot match without (the regexes above are built
    # from the same tuples): what makes a paper forged, not the paper (证 is in every other text); the goods, not the
    # seller's verb (提供 is in every other review).
    "certificate": _FORGED,
    "goods": _GOODS + _WEAPONS,
    "tips": _TIP_SIGNS,
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
        m = _VIDEO_RE.search(t)
        if m is not None:
            s, e = norm.span(m.start(), m.end(), "contact")
            yield "video_chat", m.group(), s, e
    for category, rx in (("certificate", CERTIFICATE_RE), ("tips", TIPS_RE), ("goods", GOODS_RE)):
        if category in triggered:
            for m in rx.finditer(t):
                s, e = norm.span(m.start(), m.end(), "contact")
                yield category, m.group(), s, e
