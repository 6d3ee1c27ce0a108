from accounts.models import User


def notification_unread_count(*, user: User) -> int:
    from .models import Notification

    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def ruleset_current():
    from .models import RuleSet

    return RuleSet.objects.filter(is_current=True).prefetch_related("categories__rules").first()


def notifications_for(*, user: User):
    from .models import Notification

    return Notification.objects.filter(recipient=user)
