"""What readers do with articles: read and like counts, likes, favourites (收藏), follows, reading history.

Kept apart from `articles.models` (imported at its end) so that the content models stay the content. Counts live
in `ArticleStats`, one row per article written only by the periodic flush (`services.engagement`), never per view;
`ArticleDailyStat` keeps per-day sums for the 7-day hot list. Likes, favourites and follows are one row per reader
and target (unique), so every toggle is idempotent.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArticleStats(models.Model):
    article = models.OneToOneField(
        "articles.Article", primary_key=True, on_delete=models.CASCADE, related_name="stats", verbose_name=_("文章")
    )
    reads = models.PositiveBigIntegerField(_("阅读数"), default=0)
    likes = models.PositiveIntegerField(_("点赞数"), default=0)
    favorites = models.PositiveIntegerField(_("收藏数"), default=0)
    # Computed by the periodic hot-list task from the last 7 days of ArticleDailyStat; 0 outside the list.
    hot_score = models.FloatField(_("热度"), default=0, db_index=True)

    class Meta:
        verbose_name = _("文章数据")
        verbose_name_plural = _("文章数据")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.reads}"


class ArticleDailyStat(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="daily_stats")
    day = models.DateField()
    reads = models.PositiveIntegerField(default=0)
    # Net for the day (a like taken back the same day cancels out); may go below zero for a day.
    likes = models.IntegerField(default=0)
    favorites = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="unique_article_day")]
        indexes = [models.Index(fields=["day"], name="article_daily_day_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}"


class ArticleLike(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_likes")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("点赞")
        verbose_name_plural = _("点赞")
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="unique_article_like")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.article_id}"


class ArticleFavorite(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_favorites")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="favorites")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("收藏")
        verbose_name_plural = _("收藏")
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="unique_article_favorite")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.article_id}"


class AuthorFollow(models.Model):
    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("关注")
        verbose_name_plural = _("关注")
        constraints = [
            models.UniqueConstraint(fields=["follower", "author"], name="unique_author_follow"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("author")), name="no_self_follow"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} → {self.author_id}"


class ReadingHistory(models.Model):
    """A logged-in reader's last read of an article, written in batches by the flush (never per view)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_history")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        verbose_name = _("阅读记录")
        verbose_name_plural = _("阅读记录")
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="unique_reading_history")]
        indexes = [models.Index(fields=["user", "-read_at"], name="reading_history_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.article_id}"
