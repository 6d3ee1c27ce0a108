"""Demo data for moderation (picked up by `manage.py demo`): one open report so that the queue is not empty."""

from accounts.models import User

from .errors import ModerationError
from .models import Report
from .services import report_create


def demo_seed(accounts: dict[str, User]) -> str:
    """Idempotent: the demo reader reports the demo contributor's account once (rule 2.6)."""
    reader, target = accounts.get("reader"), accounts.get("contributor")
    if reader is None or target is None:
        return "Moderation: no demo accounts"
    if Report.objects.filter(reporter=reader, target_id=target.pk).exists():
        return "Moderation: demo report already present"
    try:
        report_create(reporter=reader, kind="user", target_id=target.pk, rule_code="2.6", text="示例举报（演示数据）")
    except ModerationError as exc:
        return f"Moderation: demo report skipped ({exc})"
    return "Moderation: one demo report in the queue"
