"""The moderation adapters for articles and comments, registered in ArticlesConfig.ready().

Moderation never imports this app: it asks `moderation.registry.adapter_for(target)` and gets one of these.
Reads come from the models, writes from `articles.services`.
"""

from moderation.engine import Verdict
from moderation.registry import CheckText

from . import services
from .models import Article, Comment
from .services import verdicts


class ArticleAdapter:
    kind = "article"
    is_content = True

    def owner(self, target: Article):
        return target.author

    def check_text(self, target: Article, *, revision_id: int | None = None) -> CheckText:
        """The given revision, else the pending revision (the one under check), else the public copy."""
        revision = None
        if revision_id is not None:
            revision = target.revisions.filter(pk=revision_id).first()
        elif target.pending_revision_id is not None:
            revision = target.pending_revision
        if revision is not None:
            return CheckText(revision.title, revision.body_text)
        return CheckText(target.title, target.body_text)

    def snapshot(self, target: Article, *, revision_id: int | None = None) -> dict:
        """The copy at `revision_id`; else the copy readers see (the live revision), or before the article was
        ever published the revision under check. Says which revision it is and whether readers see it."""
        if revision_id is None and target.live_revision_id is None:
            revision_id = target.pending_revision_id
        revision = target.revisions.filter(pk=revision_id).first() if revision_id is not None else None
        if revision is None:  # the public copy; its revision is the live one
            title, text, revision = target.title, target.body_text, target.live_revision
        else:
            title, text = revision.title, revision.body_text
        live_number = target.live_revision.number if target.live_revision_id else None
        return {
            "title": title,
            "text": text,
            "url": target.get_absolute_url(),
            "status": target.status,
            "live_revision_id": target.live_revision_id,
            "pending_revision_id": target.pending_revision_id,
            "revision_id": revision.pk if revision else None,
            "revision_number": revision.number if revision else None,
            "revision_status": revision.status if revision else "",
            "live": revision is not None and revision.pk == target.live_revision_id and self.is_public(target),
            "live_revision_number": live_number,
        }

    def is_public(self, target: Article) -> bool:
        return target.status == Article.Status.PUBLISHED

    def is_pending_edit(self, target: Article, *, revision_id: int | None) -> bool:
        return (
            revision_id is not None
            and target.status == Article.Status.PUBLISHED
            and target.live_revision_id is not None
            and target.pending_revision_id == revision_id
        )

    def hide(self, target: Article, *, revision_id: int | None = None, rule: str = "") -> None:
        if self.is_pending_edit(target, revision_id=revision_id):
            verdicts.article_edit_reject(article_id=target.pk, revision_id=revision_id, rule=rule)
        else:
            services.article_visibility_set(article_id=target.pk, hide=True)
        target.refresh_from_db()

    def restore(self, target: Article, *, revision_id: int | None = None) -> None:
        if revision_id is not None:
            verdicts.article_edit_restore(article_id=target.pk, revision_id=revision_id)
        else:
            services.article_visibility_set(article_id=target.pk, hide=False)
        target.refresh_from_db()

    def apply_verdict(self, target: Article, *, revision_id: int | None, verdict: Verdict, rule: str) -> None:
        services.article_verdict_apply(article_id=target.pk, revision_id=revision_id, verdict=verdict, rule=rule)
        target.refresh_from_db()


class CommentAdapter:
    kind = "comment"
    is_content = True

    def owner(self, target: Comment):
        return target.author

    def check_text(self, target: Comment, *, revision_id: int | None = None) -> CheckText:
        return CheckText("", target.body)

    def snapshot(self, target: Comment, *, revision_id: int | None = None) -> dict:
        return {
            "title": "",
            "text": target.body,
            "url": target.get_absolute_url(),
            "status": target.status,
            "article_id": target.article_id,
        }

    def is_public(self, target: Comment) -> bool:
        """Visible, under an article readers can see: a comment on a removed or draft article is not public."""
        return target.status == Comment.Status.VISIBLE and target.article.status == Article.Status.PUBLISHED

    def is_pending_edit(self, target: Comment, *, revision_id: int | None) -> bool:
        return False  # comments are not edited

    def hide(self, target: Comment, *, revision_id: int | None = None, rule: str = "") -> None:
        services.comment_visibility_set(comment_id=target.pk, hide=True)
        target.refresh_from_db()

    def restore(self, target: Comment, *, revision_id: int | None = None) -> None:
        services.comment_visibility_set(comment_id=target.pk, hide=False)
        target.refresh_from_db()

    def apply_verdict(self, target: Comment, *, revision_id: int | None, verdict: Verdict, rule: str) -> None:
        services.comment_verdict_apply(comment_id=target.pk, verdict=verdict, rule=rule)
        target.refresh_from_db()
