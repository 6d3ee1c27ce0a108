"""`manage.py account_export <username|id> --out FILE.zip`: everything held about one account, for a lawful request
(the user's own data, and what moderators hold: cases, decisions, login records, audit entries). Audited."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.closure import account_export
from accounts.models import User


class Command(BaseCommand):
    help = "Export everything held about one account (username or id) into a ZIP of JSON files and uploads."

    def add_arguments(self, parser) -> None:
        parser.add_argument("account", help="username or numeric id (a deleted account: its id)")
        parser.add_argument("--out", required=True, help="the ZIP file to write")
        parser.add_argument("--actor", default="", help="username of the staff member answering the request")

    def handle(self, *args, account: str, out: str, actor: str, **options) -> None:
        user = User.objects.filter(username=account).first()
        if user is None and account.isdigit():
            user = User.objects.filter(pk=int(account)).first()
        if user is None:
            raise CommandError(f"no account {account!r}")
        staff = None
        if actor:
            staff = User.objects.filter(username=actor, is_staff=True).first()
            if staff is None:
                raise CommandError(f"no staff account {actor!r}")
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            names = account_export(user=user, out=handle, internal=True, actor=staff)
        self.stdout.write(f"wrote {path} ({len(names)} files) for account #{user.pk}")
