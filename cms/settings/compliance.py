"""Compliance (filing numbers, IP属地, phone verification, records kept), trust levels and the moderators' tools."""

from django.core.exceptions import ImproperlyConfigured

# What this part reads of the earlier parts, or extends in place.
from .base import BASE_DIR, CELERY_BEAT_SCHEDULE, DEBUG, RATELIMITS, env

# --- compliance ---------------------------------------------------------------------------------
# Filing numbers shown in every page's footer (nothing shown when unset): the ICP 备案号 (e.g. "京ICP备12345678号-1")
# links to the MIIT query site; the 公安备案号 (e.g. "京公网安备11010502000001号") to the PSB site with its record code.
ICP_BEIAN = env.str("ICP_BEIAN", default="")
PSB_BEIAN = env.str("PSB_BEIAN", default="")
# IP属地: the ip2region file (`.xdb` read by py-ip2region, or the 1.x `.db`) that `manage.py ipregion fetch`
# installs; absent, every region shows 未知. Point it at another file to replace the data without a code change.
IP_REGION_DB = env.str("IP_REGION_DB", default=str(BASE_DIR / "data" / "ip2region" / "ip2region.db"))
# 后台实名: publishing, contributing and commenting need a verified mainland mobile number. On by default in
# production (DEBUG=0); off in the embedded default so that the demo accounts can write at once.
PHONE_VERIFICATION_REQUIRED = env.bool("PHONE_VERIFICATION_REQUIRED", default=not DEBUG)
PHONE_CODE_TTL = env.int("PHONE_CODE_TTL", default=300)  # seconds an SMS code stays valid
PHONE_CODE_MAX_ATTEMPTS = 5  # wrong tries before a code is dead
# The SMS sender: "accounts.sms.ConsoleBackend" (prints; the default) or "accounts.sms.AliyunBackend" with the
# SMS_ALIYUN_* values below (an approved 签名 and a template with a ${code} variable).
SMS_BACKEND = env.str("SMS_BACKEND", default="accounts.sms.ConsoleBackend")
SMS_ALIYUN_ACCESS_KEY_ID = env.str("SMS_ALIYUN_ACCESS_KEY_ID", default="")
SMS_ALIYUN_ACCESS_KEY_SECRET = env.str("SMS_ALIYUN_ACCESS_KEY_SECRET", default="")
SMS_ALIYUN_SIGN_NAME = env.str("SMS_ALIYUN_SIGN_NAME", default="")
SMS_ALIYUN_TEMPLATE_CODE = env.str("SMS_ALIYUN_TEMPLATE_CODE", default="")
SMS_ALIYUN_ENDPOINT = env.str("SMS_ALIYUN_ENDPOINT", default="https://dysmsapi.aliyuncs.com/")
SMS_ALIYUN_REGION = env.str("SMS_ALIYUN_REGION", default="cn-hangzhou")
RATELIMITS.update(
    {
        # SMS codes: per number (counted in the database by accounts.phone) and per client IP (cache).
        "sms_phone": "5/h",
        "sms_ip": "20/h",
        # Code entries per account: each code also dies after PHONE_CODE_MAX_ATTEMPTS wrong tries.
        "sms_verify": "30/h",
    }
)
# Retention (《互联网跟帖评论服务管理规定》: at least six months): content snapshots, the audit log, decisions and login
# records are kept RETENTION_DAYS days and purged after that by a daily beat task (accounts.tasks.retention_purge).
RETENTION_DAYS = env.int("RETENTION_DAYS", default=180)
if RETENTION_DAYS < 180:
    raise ImproperlyConfigured("RETENTION_DAYS must be at least 180 (records are kept at least six months).")
CELERY_BEAT_SCHEDULE["retention-purge"] = {"task": "accounts.tasks.retention_purge", "schedule": 24 * 3600.0}
RATELIMITS["data_export"] = "5/h"  # a user's own data export (a ZIP built per request)
# Trust levels (先审后发 for newcomers, like Discourse's TL0-TL2): an account reaches a level when it is at least
# `days` old and has had `accepted` pieces of content published, both counted since its last sanction, with no mute
# or ban in force. TL2 gets RATELIMITS_TRUSTED. JSON in the environment, e.g. '{"1": {"days": 1, "accepted": 1}}'.
TRUST_LEVELS = {
    int(k): v
    for k, v in env.json(
        "TRUST_LEVELS", default={"1": {"days": 1, "accepted": 1}, "2": {"days": 30, "accepted": 10}}
    ).items()
}
# A new (or newly sanctioned) account's first N comments and articles wait for a moderator even when the checks
# pass. Off in the embedded default (the demo's accounts write at once), 3 in production.
TRUST_NEWCOMER_HOLDS = env.int("TRUST_NEWCOMER_HOLDS", default=0 if DEBUG else 3)
# Higher limits for TL2 accounts, by RATELIMITS name (core.ratelimits asks the level through this callable).
RATELIMITS_TRUSTED = {"comment": "30/m", "contribution": "30/h", "upload": "200/h"}
RATELIMIT_TRUST_LEVEL_CALLABLE = "accounts.selectors.trust_level"
# --- Moderator tools ---
# How long the moderators' statistics (trends and their CSV) are kept in the cache, in seconds; 0 computes them on
# every request. A deploy with many moderators may raise it; a minute-old chart is current enough.
MODERATION_TRENDS_CACHE_SECONDS = env.int("MODERATION_TRENDS_CACHE_SECONDS", default=60)
# How often beat computes the statistics' closed days not yet in the daily rollup (moderation.services.stats): a day
# once, shortly after it closes, and again when a later change marked it dirty; until then the pages compute it live.
CELERY_BEAT_SCHEDULE["stats-rollup"] = {
    "task": "moderation.tasks.stats_rollup",
    "schedule": env.float("MODERATION_STATS_ROLLUP_SECONDS", default=900.0),
}
# How often beat raises open cases by their wait (the queue's escalation policy, moderation.EscalationStep).
CELERY_BEAT_SCHEDULE["cases-escalate"] = {
    "task": "moderation.tasks.cases_escalate",
    "schedule": env.float("MODERATION_ESCALATION_SWEEP_SECONDS", default=300.0),
}
