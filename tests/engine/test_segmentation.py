"""Segmentation-aware confirmation: accidental hits across word boundaries must not fire."""

from __future__ import annotations

import pytest

from moderation.engine import Engine, Term

TERMS = [
    "发票",
    "六合彩",
    "算命",
    "刷单",
    "约炮",
    "日结",
    "套现",
    "援交",
    "包夜",
    "网贷",
    "外挂",
    "返水",
    "彩金",
    "下注",
    "跑分",
    "黑卡",
    "秒批",
    "楼凤",
    "约妹",
    "包养",
    "传销",
    "荐股",
    "洗码",
    "马报",
    "下款",
    "存送",
    "进群",
    "加群",
    "带单",
    "赌博",
    "代购",
    "赌球",
    "网赌",
    "洗钱",
    "水军",
    "私服",
    "涨粉",
    "日赚",
    "时时彩",
    "百家乐",
    "上门服务",
    "代写",
    "刷粉",
]


@pytest.fixture(scope="module")
def seg_engine() -> Engine:
    return Engine(Term(t, "9.9", "block") for t in TERMS)


INNOCENT = [
    ("我们开发票务系统", "发票"),
    ("六合彩虹小区", "六合彩"),
    ("用计算命令行", "算命"),
    ("他们的开发票务平台上线了", "发票"),
    ("牙刷单价上涨了", "刷单"),
    ("大约炮火连天的时候", "约炮"),
    ("节日结束以后", "日结"),
    ("今日结果已经公布", "日结"),
    ("引进一套现代化设备", "套现"),
    ("请求救援交通中断", "援交"),
    ("买面包夜市很热闹", "包夜"),
    ("国家电网贷款项目", "网贷"),
    ("室外挂机的位置", "外挂"),
    ("往返水路都很方便", "返水"),
    ("色彩金属质感", "彩金"),
    ("请阅读以下注意事项", "下注"),
    ("长跑分组比赛", "跑分"),
    ("一辆漆黑卡车", "黑卡"),
    ("大楼凤凰雕塑", "楼凤"),
    ("大约妹妹也来了", "约妹"),
    ("面包养分充足", "包养"),
    ("做好宣传销售工作", "传销"),
    ("老师推荐股票", "荐股"),
    ("清洗码头地面", "洗码"),
    ("赛马报名开始了", "马报"),
    ("以下款式任选", "下款"),
    ("文件保存送达", "存送"),
    ("干部走进群众", "进群"),
    ("增加群众收入", "加群"),
    ("随身携带单据", "带单"),
    ("参观赌博物馆", "赌博"),
    ("替代购买方案", "代购"),
    ("每天打赌球队会赢", "赌球"),
    ("清洗钱包内衬", "洗钱"),
    ("海水军舰停泊", "水军"),
    ("上涨粉丝经济", "涨粉"),
    ("平日赚钱不容易", "日赚"),
]

GUILTY = [
    ("兼职刷单日结", "刷单"),
    ("同城约炮", "约炮"),
    ("今晚六合彩开奖", "六合彩"),
    ("公司代开发票", "发票"),
    ("大师帮你算命", "算命"),
    ("信用卡套现秒到", "套现"),
    ("周末一起约炮吗", "约炮"),
    ("在家刷单赚钱", "刷单"),
    ("学生援交信息", "援交"),
    ("网上赌博很危险", "赌博"),
    ("提供上门服务", "上门服务"),
    ("包夜价格优惠", "包夜"),
    ("找人代写论文", "代写"),
    ("网贷秒批", "秒批"),
    ("网贷下款快", "下款"),
    ("洗钱犯罪", "洗钱"),
    ("加入传销组织", "传销"),
    ("老师荐股很准", "荐股"),
    ("注册送彩金", "彩金"),
    ("高额返水", "返水"),
    ("跑分平台招人", "跑分"),
    ("出售黑卡", "黑卡"),
    ("加入水军赚钱", "水军"),
    ("游戏外挂免费下载", "外挂"),
    ("本地楼凤信息", "楼凤"),
    ("私服开服啦", "私服"),
    ("抖音涨粉技巧", "涨粉"),
    ("快速刷粉", "刷粉"),
    ("在家日赚五百", "日赚"),
    ("日结工资", "日结"),
    ("百家乐技巧", "百家乐"),
    ("足球赌球", "赌球"),
    ("网赌输光了", "网赌"),
    ("扫码进群领福利", "进群"),
    ("天天玩时时彩", "时时彩"),
    ("马报资料大全", "马报"),
    ("寻找包养", "包养"),
]


def _terms(engine: Engine, text: str) -> list[str]:
    return [m.term for m in engine.scan(text).matches if m.source == "lexicon"]


@pytest.mark.parametrize(("text", "term"), INNOCENT)
def test_innocent_words_do_not_fire(seg_engine: Engine, text: str, term: str) -> None:
    assert term in text
    assert term not in _terms(seg_engine, text)


@pytest.mark.parametrize(("text", "term"), GUILTY)
def test_true_hits_fire(seg_engine: Engine, text: str, term: str) -> None:
    assert term in _terms(seg_engine, text)


def test_enough_cases() -> None:
    assert len(INNOCENT) >= 30
    assert len(GUILTY) >= 30


def test_true_hit_where_jieba_splits_it() -> None:
    import jieba

    # The premise of the design: jieba's own best cut splits these true hits.
    assert "刷单" not in jieba.lcut("兼职刷单日结", HMM=False)
    assert "约炮" not in jieba.lcut("同城约炮", HMM=False)


def test_span_of_confirmed_hit_is_exact(seg_engine: Engine) -> None:
    text = "兼职刷单日结"
    (m,) = [m for m in seg_engine.scan(text).matches if m.term == "刷单"]
    assert text[m.start : m.end] == "刷单"


def test_confirmation_works_on_obfuscated_text(seg_engine: Engine) -> None:
    assert "发票" not in _terms(seg_engine, "我们开 发票 务系统".replace(" ", ""))
    assert "刷单" in _terms(seg_engine, "兼职刷★单日结")


def test_long_text_only_windows_are_segmented(seg_engine: Engine) -> None:
    filler = "今天天气很好，我们一起去公园散步。" * 2000
    text = filler + "我们开发票务系统" + filler + "兼职刷单日结" + filler
    terms = _terms(seg_engine, text)
    assert terms.count("刷单") == 1
    assert "发票" not in terms
