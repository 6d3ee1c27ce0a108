"""Messages kept untranslated and put into words where they are read: a notification is written by a worker or by
another reader's request, in whatever language that had, and shown in its recipient's inbox in theirs.

A message is a msgid (the source text, marked with `gettext_noop`) with `%(name)s` placeholders and its values,
stored as JSON (`store`) and rendered by `render`. A value is shown as it is (a title, a typed reason, a date)
unless it is one of:

- `Term(msgid)`, or `term(lazy)` for a lazy label such as a choice's: translated where shown (禁言 7 天);
- `Codes([...])`: rule codes, joined with the language's list separator (2.6、2.7 / 2.6, 2.7);
- `Sentence(text)`: text typed in any language, ended with the language's full stop unless it ends a sentence.

Written by hand: gettext has no notion of a message whose values are themselves translated later."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

SENTENCE_ENDS = "。！？.!?…"
LIST_SEPARATOR = gettext_noop("、")
FULL_STOP = gettext_noop("。")


@dataclass(frozen=True)
class Term:
    msgid: str


@dataclass(frozen=True)
class Codes:
    codes: tuple[str, ...]

    def __init__(self, codes) -> None:
        object.__setattr__(self, "codes", tuple(str(c) for c in codes))


@dataclass(frozen=True)
class Sentence:
    text: str


def joined(codes) -> str:
    """Rule codes joined with the active language's list separator: a list, or a string of them as an account
    stores its sanction's (2.6、2.7)."""
    if isinstance(codes, str):
        codes = [c for c in re.split(r"[、,，\s]+", codes) if c]
    return gettext(LIST_SEPARATOR).join(str(c) for c in codes or ())


def term(label) -> Term:
    """The msgid of a lazy translation (a `TextChoices` label, a `gettext_lazy` string): its text with
    translation turned off."""
    with translation.override(None):
        return Term(str(label))


def store(params: dict | None) -> dict:
    """`params` as JSON: plain values as they are, the kinds above as one-key objects."""
    out: dict = {}
    for name, value in (params or {}).items():
        if isinstance(value, Term):
            out[name] = {"term": value.msgid}
        elif isinstance(value, Codes):
            out[name] = {"codes": list(value.codes)}
        elif isinstance(value, Sentence):
            out[name] = {"sentence": value.text}
        elif isinstance(value, int | float):
            out[name] = value
        else:
            out[name] = str(value)
    return out


def _value(value):
    if not isinstance(value, dict):
        return value
    if "term" in value:
        return gettext(value["term"])
    if "codes" in value:
        return joined(value["codes"])
    if "sentence" in value:
        text = str(value["sentence"]).strip()
        return text if not text or text[-1] in SENTENCE_ENDS else text + gettext(FULL_STOP)
    return ""


def render(msgid: str, stored: dict) -> str:
    """The message in the active language; its source text with the values if the catalogue's entry does not fit
    them (an entry with other placeholders)."""
    values = {name: _value(value) for name, value in (stored or {}).items()}
    try:
        return gettext(msgid) % values
    except (KeyError, TypeError, ValueError):
        return msgid % values
