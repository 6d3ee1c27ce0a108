"""Comments, search and forms; the automatic checks' policy and classifier; reader engagement."""

# What this part reads of the earlier parts, or extends in place.
from .base import CELERY_BEAT_SCHEDULE, RATELIMITS, REDIS_URL, env

# --- comments, search and forms (issue 14 items 5-7) ---------------------------------------------
# How long after posting an author may still edit or delete their own comment (an edit is checked again).
COMMENT_EDIT_WINDOW_MINUTES = env.int("COMMENT_EDIT_WINDOW_MINUTES", default=15)
# Top-level comments per page under an article (their replies come with them).
COMMENT_PAGE_SIZE = env.int("COMMENT_PAGE_SIZE", default=20)
RATELIMITS.update(
    {
        # Per user: likes and unlikes of comments, and edits or deletions of one's own comments.
        "comment_like": "60/m",
        "comment_edit": "20/m",
    }
)
# Every form: errors beside their fields, full-width colons after Chinese labels (core/forms.py).
FORM_RENDERER = "core.forms.SiteFormRenderer"
# One date format in both languages (cms/formats/<language>/formats.py): Y-m-d, and Y-m-d H:i for moments.
FORMAT_MODULE_PATH = ["cms.formats"]

# --- Automatic checks: policy, the site's classifier, replays ------------------------------------
# Off switch for the classifier learnt from moderators' decisions (no training, no evidence). Admins can also turn it
# off per policy version (检查策略 → 使用本站分类器) without a deploy.
CHECKS_CLASSIFIER_ENABLED = env.bool("CHECKS_CLASSIFIER_ENABLED", default=True)
# A trained classifier is activated only with at least this many decisions behind it and, on the decisions held out
# of its training, at least this precision and recall for "moderators removed it".
CHECKS_CLASSIFIER_MIN_DECISIONS = env.int("CHECKS_CLASSIFIER_MIN_DECISIONS", default=200)
CHECKS_CLASSIFIER_MIN_PRECISION = env.float("CHECKS_CLASSIFIER_MIN_PRECISION", default=0.85)
CHECKS_CLASSIFIER_MIN_RECALL = env.float("CHECKS_CLASSIFIER_MIN_RECALL", default=0.5)
# How often Celery beat retrains it (hours); a run with no new decision since the last model does nothing.
CHECKS_CLASSIFIER_RETRAIN_HOURS = env.float("CHECKS_CLASSIFIER_RETRAIN_HOURS", default=24)
CELERY_BEAT_SCHEDULE["checks-classifier-train"] = {
    "task": "moderation.tasks.classifier_train",
    "schedule": CHECKS_CLASSIFIER_RETRAIN_HOURS * 3600,
}

# --- Reader engagement (issue 14: counts, likes, favourites, follows, hot list) ---
# Likes, favourites and follows per reader (core.ratelimits): a toggle is cheap, but a script must not spin on it.
RATELIMITS.update({"engage": env.str("RATELIMIT_ENGAGE", default="60/m")})
# Buffered read/like counts are applied by `articles.tasks.engagement_flush`, the 7-day hot list recomputed by
# `articles.tasks.hot_refresh` (seconds between runs; beat with Redis, in-process otherwise).
ENGAGEMENT_FLUSH_SECONDS = env.int("ENGAGEMENT_FLUSH_SECONDS", default=60)
ENGAGEMENT_HOT_SECONDS = env.int("ENGAGEMENT_HOT_SECONDS", default=300)
# Without a broker there is no beat: the counter endpoint runs the two tasks in-process once they are due.
ENGAGEMENT_INLINE_FLUSH = env.bool("ENGAGEMENT_INLINE_FLUSH", default=not REDIS_URL)
CELERY_BEAT_SCHEDULE.update(
    {
        "engagement-flush": {"task": "articles.tasks.engagement_flush", "schedule": float(ENGAGEMENT_FLUSH_SECONDS)},
        "hot-refresh": {"task": "articles.tasks.hot_refresh", "schedule": float(ENGAGEMENT_HOT_SECONDS)},
    }
)
