"""The typed fields of an article, checked and cleaned once for every write path (create, edit, the write page)."""

import re
from collections.abc import Sequence

from django.utils.translation import gettext as _

from .. import content
from ..models import Category
from .common import BODY_MAX, SOURCE_MAX, SUMMARY_MAX, TAG_MAX, TAGS_MAX, TITLE_MAX, ArticleError


def tags_parse(raw: str) -> list[str]:
    """Tags typed as one string: separated by commas (half or full width), 、 or spaces."""
    seen: dict[str, None] = {}
    for name in re.split(r"[,，、;；\s]+", raw or ""):
        name = name.strip()
        if name:
            seen.setdefault(name, None)
    return list(seen)


def fields_clean(
    *, title: str, body: str, summary: str, source: str, tags: Sequence[str], category: Category | None
) -> dict:
    """The fields as the models store them (body sanitised, text extracted, summary defaulted), or ArticleError
    naming the field that is wrong."""
    title = (title or "").strip()
    if not title:
        raise ArticleError(_("标题不能为空。"), field="title")
    if len(title) > TITLE_MAX:
        raise ArticleError(_("标题不能超过 %(n)d 个字。") % {"n": TITLE_MAX}, field="title")
    if len(body or "") > BODY_MAX:
        raise ArticleError(_("正文过长（最多 %(n)d 个字符）。") % {"n": BODY_MAX}, field="body")
    clean_body = content.html_clean(body or "")
    body_text = content.html_to_text(clean_body)
    if not body_text and "<img" not in clean_body:
        raise ArticleError(_("正文不能为空。"), field="body")
    summary = (summary or "").strip()
    if len(summary) > SUMMARY_MAX:
        raise ArticleError(_("摘要不能超过 %(n)d 个字。") % {"n": SUMMARY_MAX}, field="summary")
    source = (source or "").strip()
    if len(source) > SOURCE_MAX:
        raise ArticleError(_("来源不能超过 %(n)d 个字。") % {"n": SOURCE_MAX}, field="source")
    tags = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
    if len(tags) > TAGS_MAX:
        raise ArticleError(_("最多 %(n)d 个标签。") % {"n": TAGS_MAX}, field="tags")
    if any(len(t) > TAG_MAX for t in tags):
        raise ArticleError(_("每个标签不能超过 %(n)d 个字。") % {"n": TAG_MAX}, field="tags")
    return {
        "title": title,
        "summary": summary or body_text[:120],
        "body": clean_body,
        "body_text": body_text,
        "source": source,
        "category": category,
        "tags": tags,
    }
