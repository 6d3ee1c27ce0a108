"""Pure helpers for article text: HTML sanitising, plain text, slugs, jieba segmentation and search snippets."""

import functools
import hashlib
import html
import logging
import re
from collections.abc import Iterable

import jieba
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from pypinyin import lazy_pinyin

jieba.setLogLevel(logging.WARNING)

_TAGS = """p br h2 h3 h4 strong b em i u s sub sup a ul ol li blockquote figure figcaption img
table thead tbody tr th td code pre hr"""
ALLOWED_TAGS = set(_TAGS.split())
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# CKEditor 5 marks images and tables with these classes; nothing else may carry a class.
ALLOWED_CLASSES = {"figure": {"image", "table", "image-style-side", "image_resized"}}
URL_SCHEMES = {"http", "https", "mailto"}
_SPACE = re.compile(r"\s+")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|tr|pre)>|<br\s*/?>", re.IGNORECASE)


def html_clean(body: str) -> str:
    """Allowlist tags, attributes and URL schemes; drop script/style and the like with their content, and on*."""
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript", "template"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(body: str) -> str:
    """Plain text of sanitized HTML: block ends become line breaks, tags are stripped, entities decoded."""
    marked = _BLOCK_END.sub("\n", body)
    text = html.unescape(nh3.clean(marked, tags=set(), clean_content_tags={"script", "style"}))
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def slug_base(title: str, *, max_length: int = 80) -> str:
    """An ASCII slug from a (Chinese) title by pinyin; may be empty for a title of symbols only."""
    words = lazy_pinyin(title, errors="default")
    return slugify(" ".join(words))[:max_length].strip("-")


def tag_slug(name: str) -> str:
    """The slug taggit gives a tag (Unicode letters and digits kept), or, for a name with none (`">`, `!!!`, `😀`),
    one made from the name's hash: taggit would store an empty slug, which no URL can name."""
    return slugify(name, allow_unicode=True) or f"tag-{hashlib.sha1(name.encode()).hexdigest()[:10]}"


def tokens(text: str) -> list[str]:
    """jieba search-mode segmentation, lower-cased, without whitespace and punctuation."""
    return [t.lower() for t in jieba.cut_for_search(text) if t.strip() and re.search(r"\w", t)]


def tokens_text(text: str) -> str:
    return " ".join(tokens(text))


def _terms_pattern(terms: Iterable[str]) -> re.Pattern | None:
    """One pattern for every term, longest first so that the longest match wins (compiled once per set of terms:
    a search page highlights twenty titles and snippets with the same terms)."""
    return _terms_compiled(tuple(sorted({t for t in terms if t}, key=lambda t: (-len(t), t))))


@functools.lru_cache(maxsize=512)
def _terms_compiled(ordered: tuple[str, ...]) -> re.Pattern | None:
    return re.compile("|".join(re.escape(t) for t in ordered), re.IGNORECASE) if ordered else None


def _marked(text: str, pattern: re.Pattern) -> str:
    parts: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def highlight(text: str, terms: Iterable[str], *, width: int = 140) -> SafeString:
    """An escaped snippet of `text` around the first match of any term, with every match wrapped in <mark>."""
    pattern = _terms_pattern(terms)
    if pattern is None:
        return mark_safe(escape(text[:width]))
    first = pattern.search(text)
    start = max(0, first.start() - width // 3) if first else 0
    snippet = _marked(text[start : start + width], pattern)
    # every piece of user text went through escape()
    return mark_safe(("…" if start else "") + snippet + ("…" if start + width < len(text) else ""))


def highlight_all(text: str, terms: Iterable[str]) -> SafeString:
    """All of `text`, escaped, with every match of any term wrapped in <mark>: for titles, which are never cut."""
    pattern = _terms_pattern(terms)
    return mark_safe(escape(text) if pattern is None else _marked(text, pattern))  # escaped in _marked
