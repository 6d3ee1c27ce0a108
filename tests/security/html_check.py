"""A strict check that a page carries no live markup from user input: parse it (Python's html.parser, which decodes
entities in attribute values as a browser does) and report every element or attribute that could run script."""

import re
from html.parser import HTMLParser

FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "isindex", "portal"}
URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "background",
    "poster",
    "dynsrc",
    "lowsrc",
    "ping",
    "codebase",
    "cite",
    "manifest",
    "icon",
    "to",
    "from",
    "values",
    "by",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:text/html", "data:image/svg", "data:application")
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]+")
_CANARY = re.compile(r"__xss|alert\(|confirm\(|prompt\(|eval\(", re.IGNORECASE)


def _url_is_bad(value: str) -> bool:
    squeezed = _CONTROL.sub("", value).lower()
    return any(squeezed.startswith(s) for s in BAD_SCHEMES)


def _style_is_bad(value: str) -> bool:
    squeezed = _CONTROL.sub("", value).lower()
    return any(
        s in squeezed for s in ("expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding", "@import")
    )


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._script: dict | None = None
        self._style = False

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "script":
            self._script = {"attrs": dict(attrs), "text": ""}
        elif tag == "style":
            self._style = True

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._script_done(self._script)
            self._script = None
        elif tag == "style":
            self._style = False

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data
        elif self._style:
            if _style_is_bad(data) or _CANARY.search(data):
                self.problems.append(f"<style> with {data[:80]!r}")
        else:
            self.text.append(data)

    def _element(self, tag, attrs):
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)[:160]}>"
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"forbidden element {where}")
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs):
            self.problems.append(f"meta refresh {where}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on {where}")
            elif name == "srcdoc":
                self.problems.append(f"srcdoc on {where}")
            elif name in URL_ATTRS and _url_is_bad(value):
                self.problems.append(f"script URL in {name} of {where}")
            elif name == "srcset" and "javascript:" in _CONTROL.sub("", value).lower():
                self.problems.append(f"script URL in srcset of {where}")
            elif name == "style" and _style_is_bad(value):
                self.problems.append(f"style with script of {where}")

    def _script_done(self, script: dict) -> None:
        attrs, text = script["attrs"], script["text"]
        kind = (attrs.get("type") or "").lower()
        if kind == "application/json":
            # json_script escapes <, > and &: the element cannot be closed from inside.
            if "<" in text or _CANARY.search(text):
                self.problems.append(f"JSON script with markup {text[:80]!r}")
            return
        src = attrs.get("src") or ""
        if not (src.startswith("/static/") or src == "/admin/jsi18n/"):
            self.problems.append(f"a script we did not ship: src={src!r} text={text[:80]!r}")
        elif text.strip():
            self.problems.append(f"inline text in a script element: {text[:80]!r}")


def live_markup(page: str) -> list[str]:
    """Problems found in `page` (empty when nothing live survives)."""
    checker = _Checker()
    checker.feed(page)
    checker.close()
    if checker._script is not None:  # an unclosed <script> swallows the rest of the page in a browser
        checker.problems.append(f"unclosed script element: {checker._script['text'][:80]!r}")
    return checker.problems


def page_text(page: str) -> str:
    """The text a reader sees (entities decoded), outside script and style."""
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return "".join(checker.text)
