"""A whole-page cache for anonymous readers, answered before sessions, authentication and templates run.

A view that renders a page every anonymous reader sees alike calls `declare(request, deps=[...])` with the version
keys its content depends on (e.g. the article's, the article list's). The middleware stores the rendered response
with the versions read *before* rendering; a later request is served from the cache only while every one of those
versions is unchanged, so bumping a version (on commit, by the service that changed the content) retires every page
that showed it. Versions live in the database (`PageVersion`) and, for `VERSION_TIMEOUT` seconds at a time, in
the cache: correctness never rests on a cache write that an outage may have dropped. Requests with a session, a
flash message or anything but GET/HEAD never touch this cache.

When a version changes under a page many readers are asking for (a home page under load, retired by every
publication), one request renders the new page while the others are answered with the previous one for those
milliseconds (`X-Page-Cache: stale`), instead of all of them rendering the same page at once (a cache stampede: on
two cores, 30 concurrent renders of one page take seconds). Who renders is decided by a short lock in the cache
(`add`, i.e. Redis SET NX); the lock's expiry bounds how long a previous page can be served, and a page that is no
longer cacheable (removed: 404) drops its previous copy, so it is never served again.
"""

import hashlib
import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse

from .models import PageVersion

logger = logging.getLogger(__name__)

PREFIX = "pagecache"
DEFAULT_TIMEOUT = 300
# How long the cache trusts its copy of a version before reading the database again. A bump that could not reach
# Redis (down, paused) takes effect at most this long after Redis answers again.
VERSION_TIMEOUT = 30
NEVER_BUMPED = "0"
# The same, for the copy each process keeps while Redis is unreachable: another process's bump reaches the database
# only, so a process trusts its own copy of a version for a few seconds at most.
LOCAL_ALIAS = "pages_local"
LOCAL_VERSION_TIMEOUT = 5
# The longest a previous page is served while another request renders its new version (the render lock's expiry:
# a render that died leaves its lock for this long at most).
RENDER_LOCK_TIMEOUT = 5
# The device cookie is set for every new browser; a cached page simply does not set it again.
IGNORED_COOKIES = {"did"}


def _anonymous_get(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(settings.STATIC_URL)
        # Served ahead of SecurityMiddleware: a request it would redirect to HTTPS must reach it.
        and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request: HttpRequest) -> str:
    """One entry per validated host, language and path. `get_host()` refuses a host outside ALLOWED_HOSTS
    (DisallowedHost, answered 400), so a forged Host header can neither be served a page nor plant one."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)[:16]
    # Hashed: a query string of any length (or bytes) makes a key of one short, safe shape.
    path = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{PREFIX}:{request.get_host()[:100]}:{language}:{path}"


def _stamp_key(key: str) -> str:
    return f"{key}:stamp"


def _store():
    """The shared cache; while it is unreachable (its circuit breaker open), this process's own memory."""
    shared = caches["default"]
    breaker = getattr(shared, "breaker", None)
    if breaker is not None and breaker.is_open() and LOCAL_ALIAS in settings.CACHES:
        return caches[LOCAL_ALIAS]
    return shared


def _get_many(store, names: list[str]) -> dict:
    """`store.get_many(names)`, through the Redis cache's one-MGET fast path when it has one (core/cache.py)."""
    fast = getattr(store, "get_many_fast", None)
    return fast(names) if fast is not None else store.get_many(names)


def _version_timeout(store) -> int:
    return LOCAL_VERSION_TIMEOUT if store is not caches["default"] else VERSION_TIMEOUT


def version_bump(name: str) -> None:
    """A new version for `name`: in the database first (it survives a Redis outage), then in the cache."""
    token = secrets.token_hex(6)
    PageVersion.objects.bulk_create(
        [PageVersion(name=name, token=token)], update_conflicts=True, unique_fields=["name"], update_fields=["token"]
    )
    caches["default"].set(name, token, VERSION_TIMEOUT)
    if LOCAL_ALIAS in settings.CACHES:
        caches[LOCAL_ALIAS].set(name, token, LOCAL_VERSION_TIMEOUT)


def versions(names: list[str], store=None) -> dict[str, str]:
    """Current versions of `names`: from the cache, or (expired, evicted, never cached) from the database in one
    query. A name never bumped has the version NEVER_BUMPED; reading never writes to the database."""
    store = store if store is not None else _store()
    found = _get_many(store, names)
    missing = [name for name in names if name not in found]
    if missing:
        stored = dict(PageVersion.objects.filter(name__in=missing).values_list("name", "token"))
        for name in missing:
            token = stored.get(name, NEVER_BUMPED)
            # add, not set: a bump that lands between the read above and here must not be overwritten.
            store.add(name, token, _version_timeout(store))
            found[name] = token
    return found


def declare(request: HttpRequest, *, deps: list[str], timeout: int = DEFAULT_TIMEOUT) -> None:
    """Mark this response cacheable for anonymous readers, valid while the versions of `deps` stay as they are now."""
    if _anonymous_get(request) and not request.user.is_authenticated:
        request._page_cache = (versions(deps), timeout)


# What a page does on every hit besides being served, e.g. the search page counting its query for the hot searches.
# A view names a registered hook and its argument (`on_hit`); the entry keeps both, so a hit calls the hook without
# rendering anything. The app that owns the behaviour registers the hook (core imports no app).
_HIT_HOOKS: dict[str, Callable[[str], None]] = {}


def hit_hook_register(name: str, hook: Callable[[str], None]) -> None:
    _HIT_HOOKS[name] = hook


def on_hit(request: HttpRequest, name: str, arg: str) -> None:
    """Call hook `name` with `arg` on every cache hit of the page this request renders (the render itself has
    already done the work once, so the hook runs on hits only). Nothing happens if the page is not cached."""
    request._page_cache_hit = (name, arg)


def _hit_hook_run(hook: tuple[str, str]) -> None:
    name, arg = hook
    call = _HIT_HOOKS.get(name)
    if call is None:
        return
    try:
        call(arg)
    except Exception:  # a hook is bookkeeping: it never fails the page it was cached with
        logger.warning("page-cache hit hook %s failed", name, exc_info=True)


class _KeptPage:
    """A page this process keeps (see `Kept`), with what a hit before Django needs ready-made: the packed MGET of
    its stamp and versions, the WSGI headers, and the last raw answer to that MGET that proved the page current."""

    __slots__ = ("command", "entry", "headers", "names", "verified")

    def __init__(self, store, key: str, entry: dict) -> None:
        self.entry = entry
        self.names = list(entry["deps"])
        self.command = store.mget_command([_stamp_key(key), *self.names])
        self.headers = [*entry["headers"].items(), ("X-Page-Cache", "hit")]
        self.verified: list | None = None


class Kept:
    """The pages this process served, up to KEPT_BYTES (then it starts again): a hit on a kept page asks the shared
    cache for the page's stamp and versions only, a few bytes, instead of the whole page, which is most of a hit's
    cost (moving ~10-60 kB out of Redis and unpickling it). A kept copy is served exactly when the shared one would
    be: its stamp (a token stored beside the shared entry, with the same timeout) says the shared entry is still
    the same one (not expired, evicted, cleared or replaced by another process's render), and the versions are the
    shared ones, read on every hit. Only while the shared cache is Redis (not while its breaker is open).

    One per process, shared by the middleware (which keeps the pages it renders or reads) and `wsgi_hits` (which
    serves them before Django). A plain dict, cleared whole: safe under gthread's threads without a lock."""

    KEPT_BYTES = 32 * 1024 * 1024

    def __init__(self) -> None:
        self.pages: dict[str, _KeptPage] = {}
        self.bytes = 0

    def keep(self, store, key: str, entry: dict) -> None:
        if not hasattr(store, "mget_raw") or "stamp" not in entry:
            return
        size = len(entry["content"])
        replaced = self.pages.get(key)
        if replaced is not None:
            self.bytes -= len(replaced.entry["content"])
        if self.bytes + size > self.KEPT_BYTES:
            self.pages.clear()
            self.bytes = 0
        self.pages[key] = _KeptPage(store, key, entry)
        self.bytes += size

    def drop(self, key: str) -> None:
        self.pages.pop(key, None)


KEPT = Kept()


class AnonymousPageCacheMiddleware:
    # Which version keys each cached page depends on, remembered per process, so that a hit costs one round trip
    # to the cache (the page and its versions together) instead of two.
    REMEMBERED = 10_000

    def __init__(self, get_response):
        self.get_response = get_response
        self.deps_of: dict[str, list[str]] = {}

    def _remember(self, key: str, names: list[str]) -> None:
        if len(self.deps_of) >= self.REMEMBERED:
            self.deps_of.clear()
        self.deps_of[key] = names

    def _current(self, store, names: list[str], found: dict) -> dict:
        if len(found) < len(names):  # a version's short cache copy expired: the database has it
            return versions(names, store)
        return found

    def _lookup(self, store, key: str) -> tuple[dict | None, bool]:
        """The cached page for `key` (or None), and whether every version it was rendered under is still current."""
        kept = KEPT.pages.get(key)
        if kept is not None and hasattr(store, "mget_raw"):
            entry = kept.entry
            found = _get_many(store, [_stamp_key(key), *kept.names])
            if found.pop(_stamp_key(key), None) == entry["stamp"]:  # the shared entry is still this one
                return entry, self._current(store, kept.names, found) == entry["deps"]
            KEPT.drop(key)  # gone or replaced: the shared cache may hold a newer render
        names = self.deps_of.get(key)
        if names is None:
            entry = store.get(key)
            if entry is None:
                return None, False
            names = list(entry["deps"])
            self._remember(key, names)
            current = _get_many(store, names)
        else:
            found = _get_many(store, [key, *names])
            entry = found.pop(key, None)
            if entry is None:
                return None, False
            current = found
        current = self._current(store, names, current) == entry["deps"]
        if current:
            KEPT.keep(store, key, entry)
        return entry, current

    def _serve(self, entry: dict, state: str) -> HttpResponse:
        response = HttpResponse(entry["content"], status=entry["status"])
        for header, value in entry["headers"].items():
            response.headers[header] = value
        response.headers["X-Page-Cache"] = state
        if entry.get("hit") is not None:
            _hit_hook_run(entry["hit"])
        return response

    @staticmethod
    def _someone_else_renders(store, key: str) -> bool:
        """True when another request holds the render lock of `key`. A cache that failed to answer (its breaker
        has just opened) holds no lock: this request renders."""
        if store.add(f"{key}:render", 1, RENDER_LOCK_TIMEOUT):
            return False
        breaker = getattr(store, "breaker", None)
        return not (breaker is not None and breaker.is_open())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _anonymous_get(request):
            return self.get_response(request)
        key = _key(request)
        store = _store()
        entry, current = self._lookup(store, key)
        if entry is not None and current:
            return self._serve(entry, "hit")
        if entry is not None and self._someone_else_renders(store, key):
            return self._serve(entry, "stale")
        # A page never cached renders without a lock: there is nothing to serve meanwhile.
        locked = entry is not None
        try:
            response = self.get_response(request)
            declared = getattr(request, "_page_cache", None)
            if (
                declared is not None
                and response.status_code == 200
                and not response.streaming
                and not (set(response.cookies) - IGNORED_COOKIES)
            ):
                deps, timeout = declared
                headers = {k: v for k, v in response.headers.items() if k.lower() not in {"set-cookie", "x-page-cache"}}
                page = {
                    "deps": deps,
                    "status": 200,
                    "headers": headers,
                    "content": response.content,
                    "hit": getattr(request, "_page_cache_hit", None),
                    "stamp": secrets.token_hex(6),
                }
                # Stored where the versions were read (declare() runs during the view, the same store as a rule).
                target = _store()
                target.set_many({key: page, _stamp_key(key): page["stamp"]}, timeout)
                self._remember(key, list(deps))
                KEPT.keep(target, key, page)
                response.headers["X-Page-Cache"] = "miss"
            elif locked:
                # The page is no longer what readers may be given (removed, an error): its previous copy (and every
                # process's kept copy, through the stamp) must not be served to anyone again.
                store.delete_many([key, _stamp_key(key)])
                KEPT.drop(key)
        finally:
            if locked:
                store.delete(f"{key}:render")
        return response


def _hit_before_django(environ: dict) -> _KeptPage | None:
    """The kept page this request is to be given, decided from its WSGI environ alone, or None: Django then answers
    the request (the middleware above included), which is also the answer to every case not sure here.

    The same rules as the middleware's hit, by the same functions (`_anonymous_get`, `_key` on Django's own request
    class): a kept page, while the breaker is closed, whose stamp and versions Redis answers unchanged. A version
    whose short cache copy expired (the database has it), a changed stamp or version, a render to wait for: all
    go to Django."""
    if not KEPT.pages:
        return None
    store = caches["default"]
    breaker = getattr(store, "breaker", None)
    if breaker is None or breaker.is_open() or not hasattr(store, "mget_raw"):
        return None
    request = WSGIRequest(environ)
    try:
        if not _anonymous_get(request):
            return None
        key = _key(request)
    except Exception:  # a host outside ALLOWED_HOSTS, a malformed request: Django answers it (400)
        return None
    kept = KEPT.pages.get(key)
    if kept is None:
        return None
    values = store.mget_raw(kept.command)
    if values is None:
        return None
    if values != kept.verified:
        # Not the bytes that last proved this page current: decode and compare, as the middleware does.
        stamp, *tokens = values
        if stamp is None or None in tokens:
            return None
        decode = store.client.decode
        if decode(stamp) != kept.entry["stamp"]:
            return None
        if dict(zip(kept.names, map(decode, tokens), strict=True)) != kept.entry["deps"]:
            return None
        kept.verified = values  # equal bytes decode to equal values: the next hit compares bytes only
    return kept


def wsgi_hits(application: Callable) -> Callable:
    """Wrap the project's WSGI application so that page-cache hits are answered before Django's handler runs.

    A hit through Django costs its request handling (request signals: connection and cache closing, URL conf,
    the middleware chain's wrappers, an HttpResponse and its headers rebuilt) several times what the hit itself
    costs; here a hit is one request object for the key, one MGET of a few bytes and the kept page's ready-made
    headers and body. It touches no database connection (the request signals exist for those), sets no cookie
    and runs the page's hit hook, as the middleware's hit does. Pages are kept by the middleware, so a page's
    first request in each process always goes through Django."""

    def serve(environ: dict, start_response: Callable):
        try:
            kept = _hit_before_django(environ)
        except Exception:  # never worse than Django: anything unexpected here is Django's to answer
            logger.warning("page-cache hit before Django failed", exc_info=True)
            kept = None
        if kept is None:
            return application(environ, start_response)
        start_response("200 OK", list(kept.headers))  # a copy: a server may add to the list it is given
        if kept.entry.get("hit") is not None:
            _hit_hook_run(kept.entry["hit"])
        return [kept.entry["content"]]

    return serve
