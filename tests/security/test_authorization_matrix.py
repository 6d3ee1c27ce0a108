"""The authorization matrix: every URL pattern and method against every kind of visitor, with the expected answer.

One table (`ROWS`) says, for each URL and method, what each visitor gets: a status, a redirect to the login page,
or a redirect somewhere else. POSTs carry realistic form data and go through the real views. A banned account's
session is ended everywhere: every banned cell expects the 403 refusal page and a logged-out session.

The objects the URLs need are built once per module (`world`) inside an outer transaction; each cell runs in its
own savepoint (pytest-django's `db`), so whatever a POST changes is undone before the next cell.
`test_every_url_name_is_in_the_table` walks the resolver so that no route is missed.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from allauth.account.forms import default_token_generator as allauth_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from captcha.models import CaptchaStore
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from PIL import Image

from accounts import services as account_services
from accounts.policy import appeal_token
from accounts.roles import AUTHOR, EDITOR, MODERATOR
from articles.models import Article
from moderation import services as mod_services
from moderation.models import Case, Feedback
from tests.articles.factories import ArticleFactory, CategoryFactory, CommentFactory
from tests.factories import PASSWORD, UserFactory

VISITORS = ("anonymous", "reader", "contributor", "author", "editor", "moderator", "admin", "muted", "banned")
LOGGED_IN = VISITORS[1:]
GET, POST = "GET", "POST"


# --- Expectations -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with `to` (a path, or a callable of the world)."""

    to: str | Callable
    exact: bool = False

    def __repr__(self) -> str:
        return f"302->{self.to if isinstance(self.to, str) else 'obj'}"


LOGIN = Redirect("/accounts/login/")
ADMIN_LOGIN = Redirect("/admin/login/")
BANNED = "banned"  # 403 refusal page, and the session is ended


@dataclass
class Row:
    id: str
    name: str
    method: str
    expect: dict
    kwargs: Callable = lambda w, v: {}
    data: Callable = lambda w, v: {}
    query: Callable = lambda w, v: {}


def row(
    id: str,
    name: str,
    method: str,
    *,
    anon=None,
    logged=None,
    kwargs=None,
    data=None,
    query=None,
    **per_visitor,
) -> Row:
    """`anon` for the anonymous visitor, `logged` for every logged-in visitor, then overrides by visitor name.
    The banned visitor always gets the refusal page."""
    expect = {"anonymous": anon}
    for v in LOGGED_IN:
        expect[v] = logged
    for v, status in per_visitor.items():
        assert v in VISITORS, v
        expect[v] = status
    expect["banned"] = BANNED
    assert all(value is not None for value in expect.values()), f"{id}: incomplete row {expect}"
    return Row(
        id=id,
        name=name,
        method=method,
        expect=expect,
        kwargs=kwargs or (lambda w, v: {}),
        data=data or (lambda w, v: {}),
        query=query or (lambda w, v: {}),
    )


def editors_only(ok, *, anon=LOGIN, other=403):
    """Editor and admin get `ok`; every other logged-in visitor `other`."""
    return {"anon": anon, "logged": other, "editor": ok, "admin": ok}


def moderators_only(ok, *, anon=LOGIN, other=403):
    return {"anon": anon, "logged": other, "moderator": ok, "admin": ok}


def own_draft(w, v):
    return {"pk": w.drafts[v if v in w.drafts else "author"]}


def authors_draft(w, v):
    return {"pk": w.drafts["author"]}


def article_slug(w, v):
    return {"slug": w.article_slug}


def own_comment(w, v):
    return {"pk": w.comment_pk}


def article_form(action):
    def data(w, v):
        return {
            "title": f"{v} 的新稿件",
            "summary": "摘要",
            "body": "<p>品牌建设需要耐心，也需要好的内容。</p>",
            "source": "原创",
            "category": w.category_pk,
            "tags": "营销, 品牌",
            "action": action,
        }

    return data


def captcha_key() -> str:
    return CaptchaStore.generate_key()


def signup_data() -> dict:
    key = captcha_key()
    return {
        "username": "newcomer",
        "email": "newcomer@example.com",
        "display_name": "新来的",
        "password1": "a-Long-passw0rd-42",
        "password2": "a-Long-passw0rd-42",
        "captcha_0": key,
        "captcha_1": CaptchaStore.objects.get(hashkey=key).response,
    }


def password_change_data() -> dict:
    return {"oldpassword": PASSWORD, "password1": "Another-passw0rd-77", "password2": "Another-passw0rd-77"}


def png_upload(w, v):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "pic.png"
    return {"upload": buffer}


ME = Redirect("/me/")
HOME = Redirect("/")

ROWS: list[Row] = [
    # --- accounts ---------------------------------------------------------------------------------------------------
    # Registration and login are allauth's (issue 15); the old names serve the same views at the same paths.
    row("register", "accounts:register", GET, anon=200, logged=HOME),
    row("register", "accounts:register", POST, anon=HOME, logged=HOME, data=lambda w, v: signup_data()),
    row("signup", "account_signup", GET, anon=200, logged=HOME),
    row("signup", "account_signup", POST, anon=HOME, logged=HOME, data=lambda w, v: signup_data()),
    row("login", "accounts:login", GET, anon=200, logged=HOME),
    row(
        "login",
        "accounts:login",
        POST,
        anon=HOME,
        logged=HOME,
        data=lambda w, v: {"login": "walker", "password": PASSWORD},
    ),
    row("login", "account_login", GET, anon=200, logged=HOME),
    row(
        "login",
        "account_login",
        POST,
        anon=HOME,
        logged=HOME,
        data=lambda w, v: {"login": "walker", "password": PASSWORD},
    ),
    row("logout", "accounts:logout", GET, anon=405, logged=405),
    row("logout", "accounts:logout", POST, anon=HOME, logged=HOME),
    row("logout", "account_logout", GET, anon=405, logged=405),
    row("logout", "account_logout", POST, anon=HOME, logged=HOME),
    row("inactive", "account_inactive", GET, anon=200, logged=200),
    row("inactive", "account_inactive", POST, anon=405, logged=405),
    row("password-change", "accounts:password_change", GET, anon=LOGIN, logged=200),
    row(
        "password-change",
        "accounts:password_change",
        POST,
        anon=LOGIN,
        logged=Redirect("/accounts/password/change/"),
        data=lambda w, v: password_change_data(),
    ),
    row("password-change", "account_change_password", GET, anon=LOGIN, logged=200),
    row(
        "password-change",
        "account_change_password",
        POST,
        anon=LOGIN,
        logged=Redirect("/accounts/password/change/"),
        data=lambda w, v: password_change_data(),
    ),
    # Every account has a password, so the set-password page sends to the change-password page.
    row("password-set", "account_set_password", GET, anon=LOGIN, logged=Redirect("/accounts/password/change/")),
    row("password-set", "account_set_password", POST, anon=LOGIN, logged=Redirect("/accounts/password/change/")),
    row(
        "password-change-done",
        "accounts:password_change_done",
        GET,
        anon=Redirect("/accounts/password/change/"),
        logged=Redirect("/accounts/password/change/"),
    ),
    row(
        "password-change-done",
        "accounts:password_change_done",
        POST,
        anon=Redirect("/accounts/password/change/"),
        logged=Redirect("/accounts/password/change/"),
    ),
    row("password-reset", "accounts:password_reset", GET, anon=200, logged=200),
    row(
        "password-reset",
        "accounts:password_reset",
        POST,
        anon=Redirect("/accounts/password/reset/done/"),
        logged=Redirect("/accounts/password/reset/done/"),
        data=lambda w, v: {"email": "resetter@example.com"},
    ),
    row("password-reset", "account_reset_password", GET, anon=200, logged=200),
    row(
        "password-reset",
        "account_reset_password",
        POST,
        anon=Redirect("/accounts/password/reset/done/"),
        logged=Redirect("/accounts/password/reset/done/"),
        data=lambda w, v: {"email": "resetter@example.com"},
    ),
    row("password-reset-done", "accounts:password_reset_done", GET, anon=200, logged=200),
    row("password-reset-done", "accounts:password_reset_done", POST, anon=405, logged=405),
    row("password-reset-done", "account_reset_password_done", GET, anon=200, logged=200),
    row("password-reset-done", "account_reset_password_done", POST, anon=405, logged=405),
    # A link from the old reset mails: whatever its token, the reader is asked for a new mail.
    row(
        "password-reset-confirm-old-link",
        "accounts:password_reset_confirm",
        GET,
        anon=Redirect("/accounts/password/reset/", exact=True),
        logged=Redirect("/accounts/password/reset/", exact=True),
        kwargs=lambda w, v: w.reset_kwargs,
    ),
    row(
        "password-reset-confirm-old-link",
        "accounts:password_reset_confirm",
        POST,
        anon=Redirect("/accounts/password/reset/", exact=True),
        logged=Redirect("/accounts/password/reset/", exact=True),
        kwargs=lambda w, v: w.reset_kwargs,
        data=lambda w, v: {"new_password1": "Hijack-passw0rd-1", "new_password2": "Hijack-passw0rd-1"},
    ),
    row(
        "password-reset-from-key",
        "account_reset_password_from_key",
        GET,
        anon=Redirect("/accounts/password/reset/key/"),
        logged=Redirect("/accounts/password/reset/key/"),
        kwargs=lambda w, v: w.reset_key_kwargs,
    ),
    row(
        "password-reset-from-key-bad-token",
        "account_reset_password_from_key",
        POST,
        anon=200,
        logged=200,
        kwargs=lambda w, v: {"uidb36": w.reset_key_kwargs["uidb36"], "key": "set-password"},
        data=lambda w, v: {"password1": "Hijack-passw0rd-1", "password2": "Hijack-passw0rd-1"},
    ),
    row(
        "password-reset-complete",
        "accounts:password_reset_complete",
        GET,
        anon=Redirect("/accounts/password/reset/key/done/"),
        logged=Redirect("/accounts/password/reset/key/done/"),
    ),
    row(
        "password-reset-complete",
        "accounts:password_reset_complete",
        POST,
        anon=Redirect("/accounts/password/reset/key/done/"),
        logged=Redirect("/accounts/password/reset/key/done/"),
    ),
    row("password-reset-from-key-done", "account_reset_password_from_key_done", GET, anon=200, logged=200),
    row("password-reset-from-key-done", "account_reset_password_from_key_done", POST, anon=405, logged=405),
    # E-mail addresses: adding one, the confirmation link (the key is the proof: anyone holding it may confirm).
    row("email", "account_email", GET, anon=LOGIN, logged=200),
    row(
        "email-add",
        "account_email",
        POST,
        anon=LOGIN,
        logged=Redirect("/accounts/email/"),
        data=lambda w, v: {"action_add": "", "email": f"second-{v}@example.com"},
    ),
    row("email-verification-sent", "account_email_verification_sent", GET, anon=200, logged=200),
    row("email-verification-sent", "account_email_verification_sent", POST, anon=405, logged=405),
    row(
        "email-confirm",
        "account_confirm_email",
        GET,
        anon=200,
        logged=200,
        kwargs=lambda w, v: {"key": w.confirm_key},
    ),
    row(
        "email-confirm",
        "account_confirm_email",
        POST,
        anon=Redirect("/"),
        logged=Redirect("/"),
        kwargs=lambda w, v: {"key": w.confirm_key},
    ),
    # Re-authentication (asked before adding an authenticator) by password; login and re-authentication by an
    # e-mailed code are off, so their pages send back.
    row("reauthenticate", "account_reauthenticate", GET, anon=LOGIN, logged=200),
    row(
        "reauthenticate",
        "account_reauthenticate",
        POST,
        anon=LOGIN,
        logged=HOME,
        data=lambda w, v: {"password": PASSWORD},
    ),
    row("reauthenticate-code", "account_request_reauthentication_code", GET, anon=LOGIN, logged=200),
    row("reauthenticate-code", "account_request_reauthentication_code", POST, anon=LOGIN, logged=200),
    row(
        "reauthenticate-code-confirm",
        "account_confirm_reauthentication_code",
        GET,
        anon=LOGIN,
        logged=Redirect("/accounts/reauthenticate/code/"),
    ),
    row(
        "reauthenticate-code-confirm",
        "account_confirm_reauthentication_code",
        POST,
        anon=LOGIN,
        logged=Redirect("/accounts/reauthenticate/code/"),
    ),
    row("login-code-confirm", "account_confirm_login_code", GET, anon=LOGIN, logged=HOME),
    row("login-code-confirm", "account_confirm_login_code", POST, anon=LOGIN, logged=HOME),
    # Two-factor (TOTP and recovery codes). Nobody in this world has an authenticator yet.
    row("mfa", "mfa_index", GET, anon=LOGIN, logged=200),
    row("mfa", "mfa_index", POST, anon=LOGIN, logged=405),
    row("mfa-authenticate", "mfa_authenticate", GET, anon=LOGIN, logged=HOME),
    row("mfa-authenticate", "mfa_authenticate", POST, anon=LOGIN, logged=HOME, data=lambda w, v: {"code": "123456"}),
    row("mfa-reauthenticate", "mfa_reauthenticate", GET, anon=LOGIN, logged=Redirect("/accounts/reauthenticate/")),
    row("mfa-reauthenticate", "mfa_reauthenticate", POST, anon=LOGIN, logged=Redirect("/accounts/reauthenticate/")),
    row("mfa-activate", "mfa_activate_totp", GET, anon=LOGIN, logged=Redirect("/accounts/reauthenticate/")),
    row(
        "mfa-activate",
        "mfa_activate_totp",
        POST,
        anon=LOGIN,
        logged=Redirect("/accounts/reauthenticate/"),
        data=lambda w, v: {"code": "123456"},
    ),
    row("mfa-deactivate", "mfa_deactivate_totp", GET, anon=LOGIN, logged=404),
    row("mfa-deactivate", "mfa_deactivate_totp", POST, anon=LOGIN, logged=404),
    row("mfa-recovery-codes", "mfa_view_recovery_codes", GET, anon=LOGIN, logged=404),
    row("mfa-recovery-codes", "mfa_view_recovery_codes", POST, anon=LOGIN, logged=405),
    row(
        "mfa-recovery-codes-generate",
        "mfa_generate_recovery_codes",
        GET,
        anon=LOGIN,
        logged=Redirect("/accounts/reauthenticate/"),
    ),
    row(
        "mfa-recovery-codes-generate",
        "mfa_generate_recovery_codes",
        POST,
        anon=LOGIN,
        logged=Redirect("/accounts/reauthenticate/"),
    ),
    row("mfa-recovery-codes-download", "mfa_download_recovery_codes", GET, anon=LOGIN, logged=404),
    row("mfa-recovery-codes-download", "mfa_download_recovery_codes", POST, anon=LOGIN, logged=404),
    # The captcha image: drawn by the site for whoever holds the challenge's key.
    row("captcha-image", "captcha-image", GET, anon=200, logged=200, kwargs=lambda w, v: {"key": captcha_key()}),
    row("captcha-image", "captcha-image", POST, anon=200, logged=200, kwargs=lambda w, v: {"key": captcha_key()}),
    row("captcha-image-2x", "captcha-image-2x", GET, anon=200, logged=200, kwargs=lambda w, v: {"key": captcha_key()}),
    row("captcha-image-2x", "captcha-image-2x", POST, anon=200, logged=200, kwargs=lambda w, v: {"key": captcha_key()}),
    # The account's privacy pages (issue 15): phone verification, data export, deletion (注销).
    row("phone", "privacy:phone", GET, anon=LOGIN, logged=200),
    row(
        "phone-send",
        "privacy:phone",
        POST,
        anon=LOGIN,
        logged=200,
        data=lambda w, v: {"phone": f"138{VISITORS.index(v):08d}", "action": "send"},
    ),
    row("data", "privacy:data", GET, anon=LOGIN, logged=200),
    row("data", "privacy:data", POST, anon=LOGIN, logged=405),
    row("export", "privacy:export", GET, anon=LOGIN, logged=405),
    row("export", "privacy:export", POST, anon=LOGIN, logged=200),
    row("delete", "privacy:delete", GET, anon=LOGIN, logged=405),
    row(
        "delete-wrong-password",
        "privacy:delete",
        POST,
        anon=LOGIN,
        logged=400,
        data=lambda w, v: {"password": "not-the-password", "content": "anonymise", "confirm": "on"},
    ),
    row("profile", "accounts:profile", GET, anon=LOGIN, logged=200),
    row(
        "profile",
        "accounts:profile",
        POST,
        anon=LOGIN,
        logged=Redirect("/accounts/profile/"),
        muted=403,
        data=lambda w, v: {"display_name": "新的昵称", "bio": "热爱写作。"},
    ),
    # Notification settings are not public writing: a muted account may still change them.
    row("notification-settings", "accounts:notification_settings", GET, anon=LOGIN, logged=405),
    row(
        "notification-settings",
        "accounts:notification_settings",
        POST,
        anon=LOGIN,
        logged=Redirect("/accounts/profile/#notifications", exact=True),
        data=lambda w, v: {"reply": "on"},
    ),
    row(
        "public-profile",
        "accounts:public_profile",
        GET,
        anon=Redirect("/authors/author1/"),
        logged=Redirect("/authors/author1/"),
        kwargs=lambda w, v: {"username": "author1"},
    ),
    row(
        "public-profile",
        "accounts:public_profile",
        POST,
        anon=Redirect("/authors/author1/"),
        logged=Redirect("/authors/author1/"),
        kwargs=lambda w, v: {"username": "author1"},
    ),
    # --- cms --------------------------------------------------------------------------------------------------------
    row("robots", "robots", GET, anon=200, logged=200),
    row("robots", "robots", POST, anon=405, logged=405),
    row("copyright", "copyright", GET, anon=200, logged=200),
    row("copyright", "copyright", POST, anon=200, logged=200),
    row("language", "language", GET, anon=HOME, logged=HOME, kwargs=lambda w, v: {"code": "en"}),
    row("language", "language", POST, anon=405, logged=405, kwargs=lambda w, v: {"code": "en"}),
    row(
        "language-offsite-next",
        "language",
        GET,
        anon=Redirect("/", exact=True),
        logged=Redirect("/", exact=True),
        kwargs=lambda w, v: {"code": "en"},
        query=lambda w, v: {"next": "//evil.example/"},
    ),
    row("language-unknown", "language", GET, anon=404, logged=404, kwargs=lambda w, v: {"code": "xx"}),
    # --- articles: reading ------------------------------------------------------------------------------------------
    row("home", "articles:home", GET, anon=200, logged=200),
    row("home", "articles:home", POST, anon=405, logged=405),
    row("category", "articles:category", GET, anon=200, logged=200, kwargs=lambda w, v: {"slug": "live-commerce"}),
    row("category", "articles:category", POST, anon=405, logged=405, kwargs=lambda w, v: {"slug": "live-commerce"}),
    row("tag", "articles:tag", GET, anon=200, logged=200, kwargs=lambda w, v: {"slug": w.tag_slug}),
    row("tag", "articles:tag", POST, anon=405, logged=405, kwargs=lambda w, v: {"slug": w.tag_slug}),
    row("author", "articles:author", GET, anon=200, logged=200, kwargs=lambda w, v: {"username": "author1"}),
    row("author", "articles:author", POST, anon=405, logged=405, kwargs=lambda w, v: {"username": "author1"}),
    # --- articles: readers' engagement (counts, likes, favourites, follows, share, readers' own pages, feeds) -------
    row(
        "category-feed",
        "articles:category_feed",
        GET,
        anon=200,
        logged=200,
        kwargs=lambda w, v: {"slug": "live-commerce"},
    ),
    row(
        "category-feed",
        "articles:category_feed",
        POST,
        anon=200,
        logged=200,
        kwargs=lambda w, v: {"slug": "live-commerce"},
    ),
    row("author-feed", "articles:author_feed", GET, anon=200, logged=200, kwargs=lambda w, v: {"username": "author1"}),
    row("author-feed", "articles:author_feed", POST, anon=200, logged=200, kwargs=lambda w, v: {"username": "author1"}),
    row("counts", "articles:counts", GET, anon=200, logged=200, kwargs=lambda w, v: {"pk": w.article_pk}),
    # counting a read acts for nobody: no CSRF token needed, any visitor
    row("counts", "articles:counts", POST, anon=200, logged=200, kwargs=lambda w, v: {"pk": w.article_pk}),
    row("like", "articles:like", GET, anon=405, logged=405, kwargs=lambda w, v: {"pk": w.article_pk}),
    row(
        "like",
        "articles:like",
        POST,
        anon=LOGIN,
        logged=Redirect(lambda w: f"/articles/{w.article_slug}/#engagement", exact=True),
        kwargs=lambda w, v: {"pk": w.article_pk},
        data=lambda w, v: {"on": "1"},
    ),
    row("favorite", "articles:favorite", GET, anon=405, logged=405, kwargs=lambda w, v: {"pk": w.article_pk}),
    row(
        "favorite",
        "articles:favorite",
        POST,
        anon=LOGIN,
        logged=Redirect(lambda w: f"/articles/{w.article_slug}/#engagement", exact=True),
        kwargs=lambda w, v: {"pk": w.article_pk},
        data=lambda w, v: {"on": "1"},
    ),
    row("share-qr", "articles:share_qr", GET, anon=200, logged=200, kwargs=lambda w, v: {"pk": w.article_pk}),
    row("share-qr", "articles:share_qr", POST, anon=405, logged=405, kwargs=lambda w, v: {"pk": w.article_pk}),
    row("follow", "articles:follow", GET, anon=405, logged=405, kwargs=lambda w, v: {"username": "author1"}),
    row(
        "follow",
        "articles:follow",
        POST,
        anon=LOGIN,
        logged=Redirect("/authors/author1/", exact=True),
        author=400,  # nobody follows themselves
        kwargs=lambda w, v: {"username": "author1"},
        data=lambda w, v: {"on": "1"},
    ),
    row("my-favorites", "articles:my_favorites", GET, anon=LOGIN, logged=200),
    row("my-favorites", "articles:my_favorites", POST, anon=LOGIN, logged=405),
    row("my-following", "articles:my_following", GET, anon=LOGIN, logged=200),
    row("my-following", "articles:my_following", POST, anon=LOGIN, logged=405),
    row("my-history", "articles:my_history", GET, anon=LOGIN, logged=200),
    row("my-history", "articles:my_history", POST, anon=LOGIN, logged=405),
    row("detail-published", "articles:detail", GET, anon=200, logged=200, kwargs=article_slug),
    row("detail-published", "articles:detail", POST, anon=405, logged=405, kwargs=article_slug),
    # A draft is its author's (and the editors', who review everything); nobody else learns it exists.
    row(
        "detail-authors-draft",
        "articles:detail",
        GET,
        anon=404,
        logged=404,
        author=200,
        editor=200,
        admin=200,
        kwargs=lambda w, v: {"slug": w.draft_slug},
    ),
    row("comment", "articles:comment", GET, anon=LOGIN, logged=405, kwargs=article_slug),
    row(
        "comment",
        "articles:comment",
        POST,
        anon=LOGIN,
        logged=Redirect(lambda w: f"/articles/{w.article_slug}/#comment-"),
        muted=403,
        kwargs=article_slug,
        data=lambda w, v: {"body": "写得很好，受益匪浅。"},
    ),
    # The reader's own comment (issue 14): only its author edits or deletes it; any writer may like it.
    row("comment-edit", "articles:comment_edit", GET, anon=LOGIN, logged=404, reader=200, kwargs=own_comment),
    row(
        "comment-edit",
        "articles:comment_edit",
        POST,
        anon=LOGIN,
        logged=404,
        reader=Redirect(lambda w: f"/articles/{w.article_slug}/#comment-"),
        kwargs=own_comment,
        data=lambda w, v: {"body": "改一下措辞，观点不变。"},
    ),
    row("comment-delete", "articles:comment_delete", GET, anon=LOGIN, logged=405, kwargs=own_comment),
    row(
        "comment-delete",
        "articles:comment_delete",
        POST,
        anon=LOGIN,
        logged=404,
        reader=Redirect(lambda w: f"/articles/{w.article_slug}/#comments"),
        kwargs=own_comment,
    ),
    row("comment-like", "articles:comment_like", GET, anon=LOGIN, logged=405, kwargs=own_comment),
    row(
        "comment-like",
        "articles:comment_like",
        POST,
        anon=LOGIN,
        logged=Redirect(lambda w: f"/articles/{w.article_slug}/#comment-"),
        muted=403,
        kwargs=own_comment,
        data=lambda w, v: {"like": "1"},
    ),
    row("search", "articles:search", GET, anon=200, logged=200, query=lambda w, v: {"q": "直播"}),
    row("search", "articles:search", POST, anon=405, logged=405),
    row("feed", "articles:feed", GET, anon=200, logged=200),
    row("sitemap", "articles:sitemap", GET, anon=200, logged=200),
    row("media", "articles:media", GET, anon=200, logged=200, kwargs=lambda w, v: {"path": "uploads/matrix.png"}),
    row("media", "articles:media", POST, anon=405, logged=405, kwargs=lambda w, v: {"path": "uploads/matrix.png"}),
    row(
        "media-traversal",
        "articles:media",
        GET,
        anon=404,
        logged=404,
        kwargs=lambda w, v: {"path": "../../etc/passwd.png"},
    ),
    # --- articles: writing (a muted account may read its drafts but not save, publish or submit them) ---------------
    row("write", "articles:write", GET, anon=LOGIN, logged=200),
    row("write-save", "articles:write", POST, anon=LOGIN, logged=ME, muted=403, data=article_form("save")),
    row(
        "write-publish",
        "articles:write",
        POST,
        anon=LOGIN,
        logged=403,
        author=ME,
        editor=ME,
        admin=ME,
        data=article_form("publish"),
    ),
    row("write-submit", "articles:write", POST, anon=LOGIN, logged=ME, muted=403, data=article_form("submit")),
    row("edit-own-draft", "articles:edit", GET, anon=LOGIN, logged=200, kwargs=own_draft),
    row(
        "edit-own-draft",
        "articles:edit",
        POST,
        anon=LOGIN,
        logged=ME,
        muted=403,
        kwargs=own_draft,
        data=article_form("save"),
    ),
    row(
        "edit-authors-draft",
        "articles:edit",
        GET,
        anon=LOGIN,
        logged=404,
        author=200,
        editor=200,
        admin=200,
        kwargs=authors_draft,
    ),
    row(
        "edit-authors-draft",
        "articles:edit",
        POST,
        anon=LOGIN,
        logged=404,
        author=ME,
        editor=ME,
        admin=ME,
        kwargs=authors_draft,
        data=article_form("save"),
    ),
    row("publish-own-draft", "articles:publish", GET, anon=LOGIN, logged=405, kwargs=own_draft),
    row(
        "publish-own-draft",
        "articles:publish",
        POST,
        anon=LOGIN,
        logged=403,
        author=ME,
        editor=ME,
        admin=ME,
        kwargs=own_draft,
    ),
    row(
        "publish-authors-draft",
        "articles:publish",
        POST,
        anon=LOGIN,
        logged=404,
        author=ME,
        editor=ME,
        admin=ME,
        muted=404,
        kwargs=authors_draft,
    ),
    row("submit-own-draft", "articles:submit", GET, anon=LOGIN, logged=405, kwargs=own_draft),
    row("submit-own-draft", "articles:submit", POST, anon=LOGIN, logged=ME, muted=403, kwargs=own_draft),
    row(
        "submit-authors-draft",
        "articles:submit",
        POST,
        anon=LOGIN,
        logged=404,
        author=ME,
        editor=403,
        admin=403,
        kwargs=authors_draft,
    ),
    row("become-author", "articles:become_author", GET, anon=LOGIN, logged=200),
    # Refused (form error) for authors and editors (already authors), the contributor (one pending application
    # already) and the muted account.
    row(
        "become-author",
        "articles:become_author",
        POST,
        anon=LOGIN,
        logged=400,
        reader=ME,
        moderator=ME,
        data=lambda w, v: {"motivation": "我想分享行业观察。", "sample_links": "https://example.com/post"},
    ),
    row("dashboard", "articles:dashboard", GET, anon=LOGIN, logged=200),
    row("dashboard", "articles:dashboard", POST, anon=LOGIN, logged=405),
    row("upload-image", "articles:upload_image", GET, anon=LOGIN, logged=405),
    row(
        "upload-image",
        "articles:upload_image",
        POST,
        anon=LOGIN,
        logged=200,
        muted=403,
        data=png_upload,
    ),
    # --- articles: editors ------------------------------------------------------------------------------------------
    row("review-queue", "articles:review_queue", GET, **editors_only(200)),
    row("review-queue", "articles:review_queue", POST, anon=LOGIN, logged=405),
    row("review", "articles:review", GET, **editors_only(200), kwargs=lambda w, v: {"pk": w.contribution_pk}),
    row("review", "articles:review", POST, anon=LOGIN, logged=405, kwargs=lambda w, v: {"pk": w.contribution_pk}),
    row("revisions", "articles:revisions", GET, **editors_only(200), kwargs=lambda w, v: {"pk": w.contribution_pk}),
    row("revisions", "articles:revisions", POST, anon=LOGIN, logged=405, kwargs=lambda w, v: {"pk": w.contribution_pk}),
    row(
        "review-accept",
        "articles:review_decide",
        GET,
        anon=LOGIN,
        logged=405,
        kwargs=lambda w, v: {"pk": w.contribution_pk, "decision": "accept"},
    ),
    row(
        "review-accept",
        "articles:review_decide",
        POST,
        **editors_only(Redirect("/editor/")),
        kwargs=lambda w, v: {"pk": w.contribution_pk, "decision": "accept"},
    ),
    row(
        "review-reject",
        "articles:review_decide",
        POST,
        **editors_only(Redirect("/editor/")),
        kwargs=lambda w, v: {"pk": w.contribution_pk, "decision": "reject"},
        data=lambda w, v: {"reason": "与本站主题不符。"},
    ),
    row(
        "review-changes",
        "articles:review_decide",
        POST,
        **editors_only(Redirect("/editor/")),
        kwargs=lambda w, v: {"pk": w.contribution_pk, "decision": "changes"},
        data=lambda w, v: {"reason": "请补充数据来源。"},
    ),
    row(
        "review-feature",
        "articles:review_decide",
        POST,
        **editors_only(Redirect(lambda w: f"/articles/{w.article_slug}/")),
        kwargs=lambda w, v: {"pk": w.article_pk, "decision": "feature"},
    ),
    row(
        "review-unknown-decision",
        "articles:review_decide",
        POST,
        **editors_only(404),
        kwargs=lambda w, v: {"pk": w.contribution_pk, "decision": "publish-everything"},
    ),
    row(
        "application-approve",
        "articles:application_decide",
        GET,
        anon=LOGIN,
        logged=405,
        kwargs=lambda w, v: {"pk": w.application_pk, "decision": "approve"},
    ),
    row(
        "application-approve",
        "articles:application_decide",
        POST,
        **editors_only(Redirect("/editor/")),
        kwargs=lambda w, v: {"pk": w.application_pk, "decision": "approve"},
    ),
    row(
        "application-reject",
        "articles:application_decide",
        POST,
        **editors_only(Redirect("/editor/")),
        kwargs=lambda w, v: {"pk": w.application_pk, "decision": "reject"},
        data=lambda w, v: {"reason": "作品太少。"},
    ),
    # --- moderation: public pages (a muted account may still report, give feedback and appeal) ----------------------
    row("rules", "moderation:rules", GET, anon=200, logged=200),
    row("rules-version", "moderation:rules_version", GET, anon=200, logged=200, kwargs=lambda w, v: {"version": 1}),
    row(
        "report-article",
        "moderation:report",
        GET,
        anon=LOGIN,
        logged=200,
        query=lambda w, v: {"type": "article", "id": w.article_pk},
    ),
    row(
        "report-article",
        "moderation:report",
        POST,
        anon=LOGIN,
        logged=Redirect(lambda w: f"/articles/{w.article_slug}/"),
        author=400,  # one's own article
        data=lambda w, v: {"type": "article", "id": w.article_pk, "rule": "2.6", "text": "人身攻击"},
    ),
    row(
        "report-comment",
        "moderation:report",
        POST,
        anon=LOGIN,
        logged=Redirect(lambda w: f"/articles/{w.article_slug}/"),
        reader=400,  # one's own comment
        data=lambda w, v: {"type": "comment", "id": w.comment_pk, "rule": "2.6", "text": ""},
    ),
    row(
        "report-user",
        "moderation:report",
        POST,
        anon=LOGIN,
        logged=HOME,
        data=lambda w, v: {"type": "user", "id": w.spammer_pk, "rule": "3.2", "text": "广告"},
    ),
    row("report-missing-target", "moderation:report", GET, anon=LOGIN, logged=404, query=lambda w, v: {"type": "x"}),
    row("feedback", "moderation:feedback", GET, anon=LOGIN, logged=200),
    row(
        "feedback-suggestion",
        "moderation:feedback",
        POST,
        anon=LOGIN,
        logged=Redirect("/feedback/"),
        data=lambda w, v: {"kind": "suggestion", "text": "希望增加夜间模式。", "contact": ""},
    ),
    # A rights holder may complain without an account, with contact details (then required: 400 without them).
    row(
        "feedback-copyright-form",
        "moderation:feedback",
        GET,
        anon=200,
        logged=200,
        query=lambda w, v: {"kind": "copyright", "article": w.article_pk},
    ),
    row(
        "feedback-copyright",
        "moderation:feedback",
        POST,
        anon=400,
        logged=Redirect("/feedback/"),
        data=lambda w, v: {"kind": "copyright", "article": w.article_pk, "text": "这篇文章抄袭了我的作品。"},
    ),
    row(
        "feedback-copyright-with-contact",
        "moderation:feedback",
        POST,
        anon=Redirect("/feedback/"),
        logged=Redirect("/feedback/"),
        data=lambda w, v: {
            "kind": "copyright",
            "article": w.article_pk,
            "text": "这篇文章抄袭了我的作品。",
            "contact": "rights@example.com",
        },
    ),
    # Only the account the decision concerns may appeal it: for everyone else the decision is not a choice (200 with
    # the form error), for the muted account it is filed.
    row(
        "feedback-appeal",
        "moderation:feedback",
        POST,
        anon=LOGIN,
        logged=200,
        muted=Redirect("/me/status/"),
        data=lambda w, v: {"kind": "appeal", "decision": w.mute_decision_pk, "text": "我没有违反规则。"},
    ),
    row("appeal-banned", "moderation:appeal_banned", GET, anon=200, logged=200, kwargs=lambda w, v: w.appeal_kwargs),
    row(
        "appeal-banned",
        "moderation:appeal_banned",
        POST,
        anon=200,
        logged=200,
        kwargs=lambda w, v: w.appeal_kwargs,
        data=lambda w, v: {"decision": w.ban_decision_pk, "text": "请重新考虑。"},
    ),
    row(
        "appeal-banned-forged-token",
        "moderation:appeal_banned",
        GET,
        anon=404,
        logged=404,
        kwargs=lambda w, v: {"token": "eyJ1IjoxfQ:forged:signature"},
    ),
    row("inbox", "moderation:inbox", GET, anon=LOGIN, logged=200),
    row("account-status", "moderation:account_status", GET, anon=LOGIN, logged=200),
    row("copyright-queue", "moderation:copyright_queue", GET, **editors_only(200)),
    row(
        "copyright-queue-bad-status",
        "moderation:copyright_queue",
        GET,
        **editors_only(400),
        query=lambda w, v: {"status": "' OR 1=1 --"},
    ),
    row(
        "copyright-handle",
        "moderation:copyright_handle",
        GET,
        anon=405,
        logged=405,
        kwargs=lambda w, v: {"pk": w.complaint_pk},
    ),
    row(
        "copyright-handle",
        "moderation:copyright_handle",
        POST,
        **editors_only(Redirect("/copyright-complaints/")),
        kwargs=lambda w, v: {"pk": w.complaint_pk},
        data=lambda w, v: {"response": "已核实并下架相关内容。"},
    ),
    # --- moderation: staff pages (only moderators and the admin) ----------------------------------------------------
    row("mod-queue", "moderation_staff:queue", GET, **moderators_only(200)),
    row(
        "mod-queue-filters",
        "moderation_staff:queue",
        GET,
        **moderators_only(200),
        query=lambda w, v: {"category": "2", "source": "report", "status": "claimed"},
    ),
    row("mod-bulk-dismiss", "moderation_staff:bulk_dismiss", GET, anon=405, logged=405),
    row(
        "mod-bulk-dismiss",
        "moderation_staff:bulk_dismiss",
        POST,
        **moderators_only(Redirect("/moderation/")),
        data=lambda w, v: {"case": [w.case_pk], "reason": "无效举报"},
    ),
    row("mod-case", "moderation_staff:case", GET, **moderators_only(200), kwargs=lambda w, v: {"pk": w.case_pk}),
    row("mod-case-missing", "moderation_staff:case", GET, **moderators_only(404), kwargs=lambda w, v: {"pk": 10**9}),
    row("mod-claim", "moderation_staff:claim", GET, anon=405, logged=405, kwargs=lambda w, v: {"pk": w.case_pk}),
    row(
        "mod-claim",
        "moderation_staff:claim",
        POST,
        **moderators_only(Redirect(lambda w: f"/moderation/cases/{w.case_pk}/")),
        kwargs=lambda w, v: {"pk": w.case_pk},
    ),
    row(
        "mod-release",
        "moderation_staff:release",
        POST,
        **moderators_only(Redirect(lambda w: f"/moderation/cases/{w.case_pk}/")),
        kwargs=lambda w, v: {"pk": w.case_pk},
    ),
    row("mod-release", "moderation_staff:release", GET, anon=405, logged=405, kwargs=lambda w, v: {"pk": w.case_pk}),
    row(
        "mod-decide-sanction",
        "moderation_staff:decide",
        POST,
        **moderators_only(Redirect("/moderation/")),
        kwargs=lambda w, v: {"pk": w.case_pk},
        data=lambda w, v: {"action": "sanction", "rule_codes": ["2.6"], "reason": "辱骂他人", "rung": ""},
    ),
    row("mod-decide", "moderation_staff:decide", GET, anon=405, logged=405, kwargs=lambda w, v: {"pk": w.case_pk}),
    row(
        "mod-link",
        "moderation_staff:link",
        POST,
        **moderators_only(Redirect("/moderation/")),
        kwargs=lambda w, v: {"pk": w.offender_pk},
        data=lambda w, v: {"username": "spammer", "reason": "同一设备注册"},
    ),
    row("mod-link", "moderation_staff:link", GET, anon=405, logged=405, kwargs=lambda w, v: {"pk": w.offender_pk}),
    row("mod-appeals", "moderation_staff:appeals", GET, **moderators_only(200)),
    row("mod-appeal", "moderation_staff:appeal", GET, **moderators_only(200), kwargs=lambda w, v: {"pk": w.appeal_pk}),
    row(
        "mod-appeal-review",
        "moderation_staff:appeal",
        POST,
        **moderators_only(Redirect("/moderation/appeals/")),
        kwargs=lambda w, v: {"pk": w.appeal_pk},
        data=lambda w, v: {"outcome": "upheld", "reason": "证据充分。", "reduced_to": ""},
    ),
    row("mod-stats", "moderation_staff:stats", GET, **moderators_only(200)),
    # --- moderator tools (issue 16): next case, notes, trends, the transparency report, the feedback inbox --------
    row("transparency", "moderation:transparency", GET, anon=200, logged=200),
    row("transparency", "moderation:transparency", POST, anon=405, logged=405),
    row(
        "mod-next",
        "moderation_staff:next",
        GET,
        **moderators_only(Redirect(lambda w: f"/moderation/cases/{w.case_pk}/")),
    ),
    row("mod-next", "moderation_staff:next", POST, anon=405, logged=405),
    row("mod-note", "moderation_staff:note", GET, anon=405, logged=405, kwargs=lambda w, v: {"pk": w.offender_pk}),
    row(
        "mod-note",
        "moderation_staff:note",
        POST,
        **moderators_only(Redirect("/moderation/")),
        kwargs=lambda w, v: {"pk": w.offender_pk},
        data=lambda w, v: {"note-text": "多次引流，留意。"},
    ),
    row("mod-stats-csv", "moderation_staff:stats_csv", GET, **moderators_only(200)),
    row("mod-stats-csv", "moderation_staff:stats_csv", POST, anon=405, logged=405),
    row(
        "feedback-inbox",
        "moderation_staff:feedback_inbox",
        GET,
        anon=LOGIN,
        logged=403,
        editor=200,
        moderator=200,
        admin=200,
    ),
    row("feedback-inbox", "moderation_staff:feedback_inbox", POST, anon=405, logged=405),
    # A copyright complaint is the editors' (a moderator is told nothing of it: 404).
    row(
        "feedback-item",
        "moderation_staff:feedback_item",
        GET,
        anon=LOGIN,
        logged=403,
        editor=200,
        moderator=404,
        admin=200,
        kwargs=lambda w, v: {"pk": w.complaint_pk},
    ),
    row(
        "feedback-item-reply",
        "moderation_staff:feedback_item",
        POST,
        anon=LOGIN,
        logged=403,
        editor=Redirect(lambda w: f"/moderation/feedback/{w.complaint_pk}/"),
        moderator=404,
        admin=Redirect(lambda w: f"/moderation/feedback/{w.complaint_pk}/"),
        kwargs=lambda w, v: {"pk": w.complaint_pk},
        data=lambda w, v: {"text": "已核实，相关图片已替换。"},
    ),
    row(
        "feedback-assign",
        "moderation_staff:feedback_assign",
        GET,
        anon=405,
        logged=405,
        kwargs=lambda w, v: {"pk": w.complaint_pk},
    ),
    row(
        "feedback-assign",
        "moderation_staff:feedback_assign",
        POST,
        anon=LOGIN,
        logged=403,
        editor=Redirect(lambda w: f"/moderation/feedback/{w.complaint_pk}/"),
        moderator=404,
        admin=Redirect(lambda w: f"/moderation/feedback/{w.complaint_pk}/"),
        kwargs=lambda w, v: {"pk": w.complaint_pk},
        data=lambda w, v: {"me": "1"},
    ),
    row(
        "feedback-status",
        "moderation_staff:feedback_status",
        GET,
        anon=405,
        logged=405,
        kwargs=lambda w, v: {"pk": w.complaint_pk},
    ),
    row(
        "feedback-status",
        "moderation_staff:feedback_status",
        POST,
        anon=LOGIN,
        logged=403,
        editor=Redirect(lambda w: f"/moderation/feedback/{w.complaint_pk}/"),
        moderator=404,
        admin=Redirect(lambda w: f"/moderation/feedback/{w.complaint_pk}/"),
        kwargs=lambda w, v: {"pk": w.complaint_pk},
        data=lambda w, v: {"status": "closed"},
    ),
    # Read-only pages without a method restriction: a POST answers the same page and changes nothing.
    row("feed", "articles:feed", POST, anon=200, logged=200),
    row("sitemap", "articles:sitemap", POST, anon=200, logged=200),
    row("rules", "moderation:rules", POST, anon=200, logged=200),
    row("rules-version", "moderation:rules_version", POST, anon=200, logged=200, kwargs=lambda w, v: {"version": 1}),
    row("inbox", "moderation:inbox", POST, anon=LOGIN, logged=200),
    row("account-status", "moderation:account_status", POST, anon=LOGIN, logged=200),
    row("copyright-queue", "moderation:copyright_queue", POST, **editors_only(200)),
    row("mod-queue", "moderation_staff:queue", POST, **moderators_only(200)),
    row("mod-case", "moderation_staff:case", POST, **moderators_only(200), kwargs=lambda w, v: {"pk": w.case_pk}),
    row("mod-appeals", "moderation_staff:appeals", POST, **moderators_only(200)),
    row("mod-stats", "moderation_staff:stats", POST, **moderators_only(200)),
    # --- Django admin: only staff; each staff role sees only the models its permissions name ------------------------
    row("admin-index", "admin:index", GET, anon=ADMIN_LOGIN, logged=ADMIN_LOGIN, editor=200, moderator=200, admin=200),
    # The admin logs in through the site's login (lockout, captcha, TOTP); a logged-in non-staff account is refused.
    row(
        "admin-login",
        "admin:login",
        GET,
        anon=LOGIN,
        logged=403,
        editor=Redirect("/admin/"),
        moderator=Redirect("/admin/"),
        admin=Redirect("/admin/"),
    ),
    row(
        "admin-users",
        "admin:accounts_user_changelist",
        GET,
        anon=ADMIN_LOGIN,
        logged=ADMIN_LOGIN,
        editor=403,
        moderator=403,
        admin=200,
    ),
    row(
        "admin-make-superuser",
        "admin:accounts_user_change",
        POST,
        anon=ADMIN_LOGIN,
        logged=ADMIN_LOGIN,
        editor=403,
        moderator=403,
        admin=200,  # the admin's own form needs every field; what matters is that nobody else gets this far
        kwargs=lambda w, v: {"object_id": w.reader_pk},
        data=lambda w, v: {"username": "reader1", "is_superuser": "on", "is_staff": "on"},
    ),
    row(
        "admin-cases",
        "admin:moderation_case_changelist",
        GET,
        anon=ADMIN_LOGIN,
        logged=ADMIN_LOGIN,
        editor=403,
        moderator=200,
        admin=200,
    ),
    row(
        "admin-articles",
        "admin:articles_article_changelist",
        GET,
        anon=ADMIN_LOGIN,
        logged=ADMIN_LOGIN,
        editor=200,
        moderator=403,
        admin=200,
    ),
    row(
        "admin-sanction-policy",
        "admin:moderation_sanctionpolicy_changelist",
        GET,
        anon=ADMIN_LOGIN,
        logged=ADMIN_LOGIN,
        editor=403,
        moderator=403,
        admin=200,
    ),
]


# --- The world the URLs need -------------------------------------------------------------------------------------


class World:
    pass


def _decide_sanction(case, moderator, rung=None, rung_reason=""):
    return mod_services.case_decide(
        case=case,
        moderator=moderator,
        action="sanction",
        rule_codes=["2.6"],
        reason="辱骂他人",
        rung=rung,
        rung_reason=rung_reason,
    )


def _build_world() -> World:
    w = World()
    mod_services.ruleset_load()
    users = {
        "reader": UserFactory(username="reader1"),
        "contributor": UserFactory(username="contributor1"),
        "author": UserFactory(username="author1", roles=[AUTHOR]),
        # Staff flags as `manage.py demo` gives them: editors and moderators reach the admin, within their perms.
        "editor": UserFactory(username="editor1", roles=[EDITOR], is_staff=True),
        "moderator": UserFactory(username="moderator1", roles=[MODERATOR], is_staff=True),
        "admin": UserFactory(username="admin1", is_superuser=True, is_staff=True),
        "muted": UserFactory(username="muted1"),
        "banned": UserFactory(username="banned1"),
    }
    moderator2 = UserFactory(username="moderator2", roles=[MODERATOR], is_staff=True)
    offender = UserFactory(username="offender")
    appellant = UserFactory(username="appellant")
    UserFactory(username="spammer")
    UserFactory(username="walker")
    resetter = UserFactory(username="resetter")
    w.users = users
    w.reader_pk = users["reader"].pk
    w.offender_pk = offender.pk
    w.spammer_pk = UserFactory(username="spammer").pk

    category = CategoryFactory(name="直播电商", slug="live-commerce")
    w.category_pk = category.pk
    article = ArticleFactory(author=users["author"], category=category, title="直播电商的下半场", tags=["marketing"])
    w.article_pk, w.article_slug = article.pk, article.slug
    w.tag_slug = article.tags.get().slug
    w.comment_pk = CommentFactory(article=article, author=users["reader"]).pk
    w.drafts = {
        v: ArticleFactory(author=u, category=category, status=Article.Status.DRAFT, published_at=None).pk
        for v, u in users.items()
    }
    w.draft_slug = Article.objects.get(pk=w.drafts["author"]).slug
    contribution = ArticleFactory(
        author=users["contributor"],
        contributor=users["contributor"],
        category=category,
        status=Article.Status.SUBMITTED,
        published_at=None,
    )
    w.contribution_pk = contribution.pk
    w.application_pk = account_services.author_application_submit(
        user=users["contributor"], motivation="我想成为作者", sample_links="https://example.com/a"
    ).pk

    # An open case (a report on an account), and an appeal decided by moderator2 (so moderator1 may review it).
    mod_services.report_create(reporter=users["reader"], kind="user", target_id=offender.pk, rule_code="2.6")
    w.case_pk = Case.objects.get(target_id=offender.pk, status=Case.Status.OPEN).pk
    mod_services.report_create(reporter=users["reader"], kind="user", target_id=appellant.pk, rule_code="2.6")
    decision = _decide_sanction(Case.objects.get(target_id=appellant.pk), moderator2)
    w.appeal_pk = mod_services.appeal_file(decision=decision, appellant=appellant, text="冤枉").pk

    # The muted and the banned account, sanctioned through the real decision path.
    mod_services.report_create(reporter=users["reader"], kind="user", target_id=users["muted"].pk, rule_code="2.6")
    w.mute_decision_pk = _decide_sanction(Case.objects.get(target_id=users["muted"].pk), moderator2).pk
    mod_services.report_create(reporter=users["reader"], kind="user", target_id=users["banned"].pk, rule_code="2.6")
    w.ban_decision_pk = _decide_sanction(
        Case.objects.get(target_id=users["banned"].pk), moderator2, rung=5, rung_reason="多次辱骂"
    ).pk
    for v in ("muted", "banned"):
        users[v].refresh_from_db()
    assert users["muted"].is_muted()
    assert users["muted"].sanction_rule
    assert not users["muted"].is_banned
    assert users["banned"].is_banned
    w.appeal_kwargs = {"token": appeal_token(users["banned"])}

    w.complaint_pk = mod_services.feedback_submit(
        author=users["reader"], kind=Feedback.Kind.COPYRIGHT, text="抄袭", article_id=article.pk
    ).pk
    w.reset_kwargs = {
        "uidb64": urlsafe_base64_encode(force_bytes(resetter.pk)),
        "token": default_token_generator.make_token(resetter),
    }
    w.reset_key_kwargs = {"uidb36": user_pk_to_url_str(resetter), "key": allauth_token_generator.make_token(resetter)}
    pending = UserFactory(username="pending", email="pending@example.com", email_verified=False)
    address = EmailAddress.objects.create(user=pending, email="pending@example.com", primary=True, verified=False)
    w.confirm_key = EmailConfirmationHMAC(address).key
    # One logged-in session per visitor, made once: each cell presents its cookie (the cell's savepoint undoes
    # whatever the request does to the session row, a logout or a banned account's session ended included).
    w.sessions = {}
    for v, user in users.items():
        login = Client()
        login.force_login(user)
        w.sessions[v] = login.cookies[settings.SESSION_COOKIE_NAME].value
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once, inside a transaction rolled back after the module; each test adds its own savepoint.
    A fast password hasher: a dozen accounts are made and the login and password-change cells check passwords."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with fast, django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def media_file(settings):
    path = settings.MEDIA_ROOT / "uploads" / "matrix.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 4)).save(path, "PNG")
    return path


# --- The test ------------------------------------------------------------------------------------------------------


def _cells():
    for r in ROWS:
        for visitor in VISITORS:
            yield pytest.param(r, visitor, id=f"{r.method}-{r.id}-{visitor}")


def _check(response, expected, w, cell: str) -> None:
    status = response.status_code
    if expected == BANNED:
        assert status == 403, f"{cell}: banned session got {status}"
        assert "accounts/banned.html" in [t.name for t in response.templates], f"{cell}: not the refusal page"
        return
    if isinstance(expected, Redirect):
        to = expected.to(w) if callable(expected.to) else expected.to
        location = response.headers.get("Location", "")
        assert status == 302, f"{cell}: expected a redirect to {to}, got {status} {location}"
        ok = location == to if expected.exact else location.startswith(to)
        assert ok, f"{cell}: redirected to {location}, expected {to}"
        return
    assert status == expected, f"{cell}: expected {expected}, got {status} {response.headers.get('Location', '')}"


@pytest.mark.parametrize(("r", "visitor"), list(_cells()))
def test_authorization_matrix(world, db, client, media_file, r: Row, visitor: str):
    w = world
    if visitor != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[visitor]
        assert client.session.get("_auth_user_id") == str(w.users[visitor].pk)
    url = reverse(r.name, kwargs=r.kwargs(w, visitor) or None)
    query = r.query(w, visitor)
    if query:
        url = f"{url}?{urlencode(query)}"
    data = r.data(w, visitor)
    # The test client encodes a POST dict as multipart, files included.
    response = client.get(url) if r.method == GET else client.post(url, data)
    _check(response, r.expect[visitor], w, f"{r.method} {url} as {visitor}")
    if visitor == "banned":
        assert "_auth_user_id" not in client.session, "the banned account's session was not ended"


# --- The table covers every route ---------------------------------------------------------------------------------


def _url_names(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            if p.name is None:
                yield (namespace, None, str(p.pattern))
            else:
                yield (namespace, f"{namespace}:{p.name}" if namespace else p.name, str(p.pattern))


def test_every_url_name_is_in_the_table():
    covered = {r.name for r in ROWS}
    routes = list(_url_names(get_resolver().url_patterns))
    # Django admin internals (one set per registered model) are left out; the admin itself is in.
    names = {name for ns, name, _ in routes if name and ns != "admin"} | {"admin:index"}
    missing = sorted(names - covered)
    assert not missing, f"URL names without a row in the authorization matrix: {missing}"
    unnamed = [pattern for ns, name, pattern in routes if name is None and ns != "admin"]
    assert not unnamed, f"unnamed routes the matrix cannot cover: {unnamed}"
    stale = sorted(n for n in covered - names if not n.startswith("admin:"))
    assert not stale, f"rows for URL names that no longer exist: {stale}"


def test_every_route_has_a_get_and_a_post_row_for_every_visitor():
    methods: dict[str, set[str]] = {}
    for r in ROWS:
        methods.setdefault(r.name, set()).add(r.method)
        assert set(r.expect) == set(VISITORS)
    single = sorted(n for n, m in methods.items() if m != {GET, POST} and not n.startswith("admin:"))
    assert not single, f"routes without both a GET and a POST row: {single}"


def test_muted_and_banned_are_what_the_matrix_says(world, db):
    muted, banned = world.users["muted"], world.users["banned"]
    assert muted.muted_until > timezone.now() + timedelta(hours=12)
    assert muted.sanction_rule == "2.6"
    assert banned.banned_at is not None
