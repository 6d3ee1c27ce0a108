"""The single entry point through which content reaches the automatic checks.

Articles call `check_submit` when an article is published, a contribution accepted, a published article edited,
or a comment posted. The pipeline (ContentCheck + Celery task + engine) fills this in; the contract stays.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import ContentCheck
from .protocol import Moderatable


@transaction.atomic
def check_submit(*, target: Moderatable, revision_id: int | None = None) -> ContentCheck:
    """Record a check of `target` (at `revision_id`, for revisioned content) and have it run after commit.

    The target stays in `checking` until the check's verdict is applied through `target.moderation_apply_verdict`.
    """
    check = ContentCheck.objects.create(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk, revision_id=revision_id
    )
    # Until the pipeline exists, content passes straight through.
    target.moderation_apply_verdict(revision_id=revision_id, verdict=ContentCheck.Verdict.PASS, rule="")
    check.status = ContentCheck.Status.DONE
    check.verdict = ContentCheck.Verdict.PASS
    check.save(update_fields=["status", "verdict"])
    return check
