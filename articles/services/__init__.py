"""Writes for articles, comments and the editorial review, one module per sub-domain. Views, admin, commands and
tasks only call these.

Every write that publishes or changes content asks `accounts.policy.write_refusal` first. Every editor action is
audited (`core.services.audit_record`) in the same transaction. Content reaches the automatic checks only through
`common.check_submit` (moderation's `check_submit`); the verdict may come back at once or later, through the
adapters in `articles.moderation`, which call the services in `verdicts`.

The public names are re-exported here so that `from articles import services; services.article_accept(...)` works;
code inside the package imports from the module that owns a name.
"""

from .articles import article_create, article_publish, article_save, article_submit, article_update
from .comments import comment_create, comment_delete, comment_like_set, comment_update
from .common import (
    ACTIONS,
    BODY_MAX,
    COMMENT_MAX,
    EDITABLE_BY_OWNER,
    REASON_MAX,
    SOURCE_MAX,
    SUMMARY_MAX,
    TAG_MAX,
    TAGS_MAX,
    TITLE_MAX,
    ArticleError,
)
from .engagement import (
    article_favorite_set,
    article_like_set,
    article_read_record,
    author_follow_set,
    engagement_flush,
    engagement_tick,
    hot_refresh,
)
from .fields import tags_parse
from .review import article_accept, article_feature_set, article_reject, article_request_changes
from .revisions import article_search_index
from .searches import search_record
from .uploads import image_upload
from .verdicts import article_verdict_apply, article_visibility_set, comment_verdict_apply, comment_visibility_set

__all__ = [
    "ACTIONS",
    "BODY_MAX",
    "COMMENT_MAX",
    "EDITABLE_BY_OWNER",
    "REASON_MAX",
    "SOURCE_MAX",
    "SUMMARY_MAX",
    "TAGS_MAX",
    "TAG_MAX",
    "TITLE_MAX",
    "ArticleError",
    "article_accept",
    "article_create",
    "article_favorite_set",
    "article_feature_set",
    "article_like_set",
    "article_publish",
    "article_read_record",
    "article_reject",
    "article_request_changes",
    "article_save",
    "article_search_index",
    "article_submit",
    "article_update",
    "article_verdict_apply",
    "article_visibility_set",
    "author_follow_set",
    "comment_create",
    "comment_delete",
    "comment_like_set",
    "comment_update",
    "comment_verdict_apply",
    "comment_visibility_set",
    "engagement_flush",
    "engagement_tick",
    "hot_refresh",
    "image_upload",
    "search_record",
    "tags_parse",
]
