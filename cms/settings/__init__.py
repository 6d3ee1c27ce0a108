"""Settings for the CMS: every deploy-specific value from the environment, in four parts read in this order.

Defaults are for `make run` on a developer's machine (SQLite, tasks in-process, local-memory cache).
Production sets DEBUG=0, SECRET_KEY, DATABASE_URL, REDIS_URL and ALLOWED_HOSTS; see README.md.

- `base`: Django, the database, Redis (broker, results, cache), auth and login throttling, rate limits, i18n, static
  and media, e-mail, security headers, the editor, logging;
- `compliance`: filing numbers, IP属地, phone verification, records kept, trust levels, the moderators' tools;
- `accounts`: django-allauth and the captcha;
- `content`: comments, search and forms, the automatic checks, reader engagement.

A later part extends what an earlier one set (INSTALLED_APPS, MIDDLEWARE, RATELIMITS, CELERY_BEAT_SCHEDULE) by
importing it from `base` and changing it in place.
"""

# In this order: a part imports what it extends from the parts before it.
# ruff: noqa: I001
from .base import *  # noqa: F403
from .compliance import *  # noqa: F403
from .accounts import *  # noqa: F403
from .content import *  # noqa: F403
