"""What bench/load.py and bench/faults.py share: the production processes, the reader load (wrk) and the writers.

Processes: gunicorn with the project's gunicorn.conf.py (gthread) and a Celery worker with beat, both with DEBUG=0
and the environment the caller set (DATABASE_URL, REDIS_URL...). Readers: wrk, from Debian's package (installed
when missing and run as root), with a Lua script cycling over the reader pages. Writers: threads speaking plain
HTTP with a session each (made with Django's test client `force_login`, so that the login flow, MFA and captchas
stay out of the measurement), sending real forms with their CSRF and one-time tokens, and recording every write
the site acknowledged (a redirect) so that the database can be checked afterwards: each one there exactly once.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')
CASE_RE = re.compile(r'href="/moderation/cases/(\d+)/"')


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, capture_output=True).returncode:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, check=True, capture_output=True)
        return shutil.which("wrk") or "wrk"
    raise SystemExit("wrk is missing: apt-get install wrk")


# --- processes -------------------------------------------------------------------------------------------------


@dataclass
class Site:
    port: int
    out: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_web(self, **env: str) -> None:
        log = open(self.out / "gunicorn.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes["web"] = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env={**os.environ, "WEB_BIND": f"127.0.0.1:{self.port}", **env},
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _, _ = request(self.base, "GET", "/robots.txt")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not start; see {self.out / 'gunicorn.log'}")

    def start_worker(self) -> None:
        log = open(self.out / "worker.log", "ab")  # noqa: SIM115 - closed with the process
        schedule = tempfile.mktemp(prefix="celerybeat-", dir=self.out)
        self.processes["worker"] = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "cms",
                "worker",
                "--beat",
                "--schedule",
                schedule,
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
                "-Q",
                os.environ.get("CELERY_QUEUE", "cms-bench"),
            ],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=log,
            stderr=log,
        )

    def kill_worker(self) -> None:
        """SIGKILL the worker's whole process group members (pool children too), as a crash would."""
        worker = self.processes.pop("worker", None)
        if worker is None:
            return
        for child in children(worker.pid):
            with _quiet():
                os.kill(child, signal.SIGKILL)
        with _quiet():
            worker.kill()
        worker.wait(timeout=10)

    def web_worker_pids(self) -> list[int]:
        return children(self.processes["web"].pid)

    def stop(self) -> None:
        for name in list(self.processes):
            process = self.processes.pop(name)
            with _quiet():
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


class _quiet:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        return exc[0] is not None and issubclass(exc[0], (ProcessLookupError, OSError))


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


# --- HTTP ------------------------------------------------------------------------------------------------------


def request(base: str, method: str, path: str, *, body: bytes | None = None, headers=None, timeout=10.0):
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response.headers
    finally:
        conn.close()


class Session:
    """One logged-in client: the session cookie, the CSRF cookie it is given, and forms sent as a browser would."""

    def __init__(self, base: str, cookies: dict[str, str]) -> None:
        self.base = base
        self.cookies = dict(cookies)

    def _headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _keep(self, headers) -> None:
        for value in headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, path: str) -> tuple[int, str]:
        status, body, headers = request(self.base, "GET", path, headers=self._headers())
        self._keep(headers)
        return status, body.decode("utf-8", "replace")

    def post_form(self, page: str, action: str, data: dict[str, str | list[str]]) -> tuple[int, str]:
        """GET `page`, take its CSRF and one-time tokens, POST `data` to `action`: (status, Location)."""
        status, html = self.get(page)
        if status != 200:
            return status, ""
        csrf = CSRF_RE.search(html)
        token = TOKEN_RE.search(html)
        fields: dict[str, str | list[str]] = dict(data)
        if csrf:
            fields["csrfmiddlewaretoken"] = csrf.group(1)
        if token:
            fields["form_token"] = token.group(1)
        encoded = urllib.parse.urlencode(fields, doseq=True).encode()
        headers = {
            **self._headers(),
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": self.base + page,
            "Origin": self.base,
        }
        status, _body, response_headers = request(self.base, "POST", action, body=encoded, headers=headers)
        self._keep(response_headers)
        return status, response_headers.get("Location", "")


# --- the site's content and accounts for the load -------------------------------------------------------------


@dataclass
class Plan:
    articles: list[str]  # slugs
    category: str
    search: str
    commenters: list[dict[str, str]]
    publisher: dict[str, str]
    moderator: dict[str, str]
    edit_pk: int


def plan(base: str, *, commenters: int = 6) -> Plan:
    """Accounts with sessions (cookies) and the pages to load. Runs in this process with Django set up."""
    from datetime import timedelta

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import AUTHOR, MODERATOR
    from accounts.services import user_role_grant
    from articles.models import Article, Category

    def cookies_for(user) -> dict[str, str]:
        client = Client()
        client.force_login(user)
        return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}

    def account(username: str, *, roles=()) -> User:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@bench.invalid", "display_name": username}
        )
        for role in roles:
            user_role_grant(user=user, role=role)
        _verify(user)
        # Established members (TL2: months old, content accepted before), as most of a real site's writers are: a
        # new account's first pieces wait for a moderator (TRUST_NEWCOMER_HOLDS), so with fresh accounts the
        # writers' content would never reach the pages and the load would never retire a cached page.
        user.date_joined = min(user.date_joined, timezone.now() - timedelta(days=90))
        user.accepted_content = max(user.accepted_content, 20, settings.TRUST_NEWCOMER_HOLDS)
        user.save(update_fields=["date_joined", "accepted_content"])
        return user

    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    slugs = list(published.order_by("-published_at").values_list("slug", flat=True)[:3])
    if len(slugs) < 3:
        raise SystemExit("fewer than 3 published articles: run `manage.py demo` or bench/seed_articles.py first")
    category = Category.objects.filter(articles__status=Article.Status.PUBLISHED).values_list("slug", flat=True)[0]
    publisher = account("load-author", roles=(AUTHOR,))
    moderator = account("load-moderator", roles=(MODERATOR,))
    editable = published.filter(author=publisher).first()
    if editable is None:
        from articles import services

        # Published through the checks (the worker is running): the edit loop then edits a live article.
        editable = services.article_save(
            user=publisher, action="publish", title="压测用于修改的文章", body="<p>这篇文章在压测中被反复修改。</p>"
        )
    readers = [account(f"load-reader{i}") for i in range(commenters)]
    return Plan(
        articles=slugs,
        category=category,
        search="直播电商",
        commenters=[cookies_for(u) for u in readers],
        publisher=cookies_for(publisher),
        moderator=cookies_for(moderator),
        edit_pk=editable.pk,
    )


def _verify(user) -> None:
    """Whatever the site requires before a write (a verified e-mail, a verified phone), true of the bench accounts."""
    try:  # django-allauth, where installed
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    except Exception:  # noqa: BLE001 - not installed, or a different schema: nothing to verify
        pass


# --- writers ---------------------------------------------------------------------------------------------------


@dataclass
class Ledger:
    comments: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    edits: list[str] = field(default_factory=list)
    decisions: list[int] = field(default_factory=list)
    refused: int = 0
    refused_by: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, value) -> None:
        with self.lock:
            getattr(self, kind).append(value)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def _outcome(ledger: Ledger, kind: str, marker, status: int, what: str) -> None:
    if status in (302, 303):
        ledger.add(kind, marker)
    elif status in (400, 403, 404, 409, 429):  # 404: the article was removed meanwhile (bench/faults.py does)
        with ledger.lock:
            ledger.refused += 1
            key = f"{what} {status}"
            ledger.refused_by[key] = ledger.refused_by.get(key, 0) + 1
    else:
        ledger.error(f"{what}: HTTP {status}")


def _loop(stop: threading.Event, pause: float, body, ledger: Ledger, what: str) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        try:
            body(n)
        except Exception as exc:  # noqa: BLE001 - counted: a writer's error is a finding, not a crash of the bench
            ledger.error(f"{what}: {type(exc).__name__}: {exc}")
        stop.wait(pause)


def start_writers(base: str, p: Plan, stop: threading.Event, ledger: Ledger, run: str) -> list[threading.Thread]:
    threads = []

    def commenter(i: int, cookies: dict[str, str]):
        session = Session(base, cookies)

        def once(n: int):
            slug = p.articles[n % len(p.articles)]
            spam = n % 5 == 0  # one in five looks like spam: the checks hold it and a case opens
            marker = f"{run}-c{i}-{n}" + (f" 加我薇信 ab{n}cd 领资料" if spam else " 这篇分析很有启发")
            page = f"/articles/{urllib.parse.quote(slug)}/"
            status, _ = session.post_form(page, page + "comments/", {"body": marker})
            _outcome(ledger, "comments", marker, status, "comment")

        return once

    author_session = Session(base, p.publisher)
    moderator_session = Session(base, p.moderator)

    def publisher(n: int, session=author_session):
        title = f"{run}-a{n} 压测发布的文章"
        data = {"title": title, "body": f"<p>{title}：直播电商与私域流量的一次复盘。</p>", "action": "publish"}
        status, _ = session.post_form("/write/", "/write/", data)
        _outcome(ledger, "articles", title, status, "publish")

    def editor(n: int, session=author_session):
        marker = f"{run}-e{n}"
        page = f"/write/{p.edit_pk}/"
        body = f"<p>第 {marker} 次修改：内容运营的复盘。</p>"
        data = {"title": "压测用于修改的文章", "body": body, "action": "publish"}
        status, _ = session.post_form(page, page, data)
        _outcome(ledger, "edits", marker, status, "edit")

    def moderator(n: int, session=moderator_session):
        status, html = session.get("/moderation/")
        if status != 200:
            ledger.error(f"queue: HTTP {status}")
            return
        ids = CASE_RE.findall(html)
        if not ids:
            return
        case = ids[0]
        page = f"/moderation/cases/{case}/"
        session.post_form(page, f"{page}claim/", {})
        status, _ = session.post_form(page, f"{page}decide/", {"action": "dismiss", "reason": "压测：驳回"})
        _outcome(ledger, "decisions", int(case), status, "decide")

    # Comments: 10 a minute per account is the site's limit; each commenter stays just under it.
    for i, cookies in enumerate(p.commenters):
        threads.append(threading.Thread(target=_loop, args=(stop, 6.2, commenter(i, cookies), ledger, "comment")))
    threads.append(threading.Thread(target=_loop, args=(stop, 2.0, publisher, ledger, "publish")))
    threads.append(threading.Thread(target=_loop, args=(stop, 3.0, editor, ledger, "edit")))
    threads.append(threading.Thread(target=_loop, args=(stop, 1.0, moderator, ledger, "decide")))
    for t in threads:
        t.daemon = True
        t.start()
    return threads


def verify(ledger: Ledger, run: str, *, since, wait_checks: float = 120) -> dict:
    """Every acknowledged write present exactly once; every check of this run reached a verdict."""
    from articles.models import Article, ArticleRevision, Comment
    from moderation.models import ContentCheck, Decision

    deadline = time.monotonic() + wait_checks
    pending = ContentCheck.objects.filter(created_at__gte=since, status=ContentCheck.Status.PENDING)
    while pending.exists() and time.monotonic() < deadline:
        time.sleep(1)

    def counts(values, query) -> tuple[int, int]:
        missing = duplicated = 0
        for value in values:
            n = query(value)
            missing += n == 0
            duplicated += n > 1
        return missing, duplicated

    result = {}
    for kind, values, query in (
        ("comments", ledger.comments, lambda m: Comment.objects.filter(body=m).count()),
        ("articles", ledger.articles, lambda t: Article.objects.filter(title=t).count()),
        ("edits", ledger.edits, lambda m: ArticleRevision.objects.filter(body__contains=f"第 {m} 次").count()),
        ("decisions", ledger.decisions, lambda c: Decision.objects.filter(case_id=c).count()),
    ):
        missing, duplicated = counts(values, query)
        result[kind] = {"acknowledged": len(values), "missing": missing, "duplicated": duplicated}
    checks = ContentCheck.objects.filter(created_at__gte=since)
    result["checks"] = {
        "total": checks.count(),
        "pending": checks.filter(status=ContentCheck.Status.PENDING).count(),
        "failed": checks.filter(status=ContentCheck.Status.FAILED).count(),
    }
    result["writer_errors"] = ledger.errors[:20]
    result["writer_error_count"] = len(ledger.errors)
    result["refused"] = ledger.refused
    result["refused_by"] = ledger.refused_by
    return result


# --- readers ---------------------------------------------------------------------------------------------------

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Host"] = "127.0.0.1"})
end
"""


def reader_paths(p: Plan) -> list[str]:
    quote = urllib.parse.quote
    return [
        "/",
        *(f"/articles/{quote(s)}/" for s in p.articles),
        f"/category/{quote(p.category)}/",
        f"/search/?q={quote(p.search)}",
    ]


def wrk(base: str, paths: list[str], *, connections: int, seconds: int, out: Path, name: str) -> dict:
    script = out / f"{name}.lua"
    script.write_text(LUA % ", ".join(f'"{path}"' for path in paths))
    threads = min(2, connections)
    cmd = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    text = subprocess.run([*cmd, "-s", str(script), base + "/"], capture_output=True, text=True).stdout
    (out / f"{name}.txt").write_text(text)
    return parse_wrk(text)


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(text: str) -> dict:
    result: dict[str, float] = {}
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M)
        if m:
            result[f"p{pct}_ms"] = round(_ms(m.group(1)), 1)
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    result["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in", text)
    result["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    result["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    result["socket_errors"] = sum(int(g) for g in m.groups()) if m else 0
    m = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", text)
    result["max_ms"] = round(_ms(m.group(1)), 1) if m else 0.0
    return result
