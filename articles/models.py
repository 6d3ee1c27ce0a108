"""Articles, their revisions, categories and comments.

`Article` holds the public copy (title, body, tags ...) of an article. Every saved version is an `ArticleRevision`.
A revision handed to the automatic checks is the article's `pending_revision`; it becomes `live_revision` (and its
fields are copied onto the article) only when its verdict is "pass" or "flag". So an edit of a published article never
shows until it has passed, and the old copy stays public meanwhile.

Writes happen in `articles.services`; moderation reaches these models through the adapters in `articles.moderation`.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager


class Category(models.Model):
    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(_("网址名"), max_length=60, unique=True)
    description = models.CharField(_("简介"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:category", args=[self.slug])


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("投稿待审")
        CHANGES_REQUESTED = "changes_requested", _("需修改")
        CHECKING = "checking", _("检查中")
        PUBLISHED = "published", _("已发布")
        HELD = "held", _("待人工审核")
        REJECTED = "rejected", _("未通过")
        REMOVED = "removed", _("已移除")

    title = models.CharField(_("标题"), max_length=200)
    slug = models.SlugField(_("网址名"), max_length=120, unique=True)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    cover = models.ImageField(_("封面图"), upload_to="uploads/", max_length=255, blank=True)
    body = models.TextField(_("正文"), help_text=_("经过服务器端清洗的 HTML"))
    body_text = models.TextField(_("正文纯文本"), blank=True, editable=False)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles", verbose_name=_("作者")
    )
    # Set when the article came in as a contribution (投稿): the byline credits this account.
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=_("投稿人"),
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("责任编辑"),
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", verbose_name=_("栏目")
    )
    tags = TaggableManager(_("标签"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # Why the article is where it is: the editor's reason (rejected, changes requested) or the rule a check cited.
    status_reason = models.TextField(_("原因"), blank=True)
    rejection_rule = models.CharField(_("违反规则"), max_length=100, blank=True)
    status_before_removal = models.CharField(max_length=20, blank=True, editable=False)
    featured = models.BooleanField(_("推荐"), default=False)
    # IP属地 of the author's last write (region only, never the address; core.ipregion).
    ip_region = models.CharField(_("IP属地"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    live_revision = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    pending_revision = models.ForeignKey(
        "ArticleRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # jieba-segmented title (weight A) and body (weight B), computed by the service; GIN/RUM index in a migration.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_article", "Can publish own articles without an editor"),
            ("review_article", "Can review contributions and see revisions"),
            ("edit_any_article", "Can edit any article"),
            ("feature_article", "Can feature articles"),
        ]
        indexes = [
            models.Index(fields=["status", "-featured", "-published_at"], name="article_home_idx"),
            # Newest published first, without the drafts' NULL dates that a plain published_at index starts with:
            # search walks it to find the newest matches of a frequent word in a few milliseconds.
            models.Index(F("published_at").desc(), name="article_published_idx", condition=Q(status="published")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def byline(self):
        return self.contributor or self.author


class ArticleRevision(models.Model):
    """One saved version of an article. The public copy is the article's `live_revision`."""

    class Status(models.TextChoices):
        SAVED = "saved", _("已保存")
        CHECKING = "checking", _("检查中")
        PASSED = "passed", _("已通过")
        HELD = "held", _("待人工审核")
        REJECTED = "rejected", _("未通过")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = models.TextField(_("正文"))
    body_text = models.TextField(blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    cover = models.CharField(max_length=255, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tags = models.JSONField(default=list, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SAVED)
    rule = models.CharField(_("违反规则"), max_length=100, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("文章版本")
        verbose_name_plural = _("文章版本")
        ordering = ["article", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class Comment(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", _("检查中")
        VISIBLE = "visible", _("已显示")
        HELD = "held", _("待人工审核")
        REJECTED = "rejected", _("未通过")
        REMOVED = "removed", _("已移除")
        DELETED = "deleted", _("已删除")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="article_comments")
    # Threads: `parent` is the comment replied to (any depth), `root` the top-level comment of the thread (None for
    # a top-level one) and `depth` its distance from the root, so that a page of threads loads in two queries.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="thread")
    depth = models.PositiveSmallIntegerField(default=0)
    # Usernames @mentioned in the body that named an account when it was written (linked and notified).
    mentions = models.JSONField(default=list, blank=True)
    # Kept in step with CommentLike rows by `comment_like_set`, so "most liked" sorts on an indexed column.
    like_count = models.PositiveIntegerField(default=0)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Set when the replied-to and mentioned accounts were told, the first time the comment became visible.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The form's one-time token: a second submit of the same form returns the first comment (double clicks).
    client_token = models.CharField(max_length=40, blank=True, editable=False)
    body = models.TextField(_("评论"), max_length=2000)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.CHECKING)
    rejection_rule = models.CharField(_("违反规则"), max_length=100, blank=True)
    status_before_removal = models.CharField(max_length=16, blank=True, editable=False)
    # IP属地 when it was written (region only, never the address; core.ipregion).
    ip_region = models.CharField(_("IP属地"), max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("评论")
        verbose_name_plural = _("评论")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_idx"),
            models.Index(fields=["article", "status", "-like_count"], name="comment_liked_idx"),
            models.Index(fields=["author", "client_token"], name="comment_token_idx"),
        ]

    def __str__(self) -> str:
        return self.body[:40]

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"


class CommentLike(models.Model):
    """One reader's like of one comment (at most one: the unique constraint makes a repeated like a no-op)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("评论点赞")
        verbose_name_plural = _("评论点赞")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_like_per_comment")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.comment_id}"


# Readers' engagement (counts, likes, favourites, follows, history): its own module, registered with this app here.
from .models_engagement import (  # noqa: E402, F401
    ArticleDailyStat,
    ArticleFavorite,
    ArticleLike,
    ArticleStats,
    AuthorFollow,
    ReadingHistory,
)
