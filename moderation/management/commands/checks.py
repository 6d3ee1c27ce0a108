from django.core.management.base import BaseCommand, CommandParser

from moderation.services.checks import checks_sweep


class Command(BaseCommand):
    help = "Automatic checks: `sweep` enqueues again every check pending for over 60 seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("sweep", help="re-enqueue checks left pending (e.g. while the broker was down)")

    def handle(self, *args, **options) -> None:
        count = checks_sweep()
        self.stdout.write(f"{count} pending checks enqueued again")
