from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import connection


@shared_task
def diagnostics(username: str) -> dict:
    """Reports what a worker sees: its database, and whether an account exists there. Used by health checks."""
    return {
        "vendor": connection.vendor,
        "database": connection.settings_dict["NAME"],
        "user_exists": get_user_model().objects.filter(username=username).exists(),
    }
