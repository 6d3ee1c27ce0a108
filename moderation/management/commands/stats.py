from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from moderation.services.stats import stats_days_rollup, stats_horizon, stats_rollup_missing


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = (
        "The daily rollup of the moderation statistics. `rollup` computes closed days from the source tables and "
        "replaces what was stored (idempotent): by default every day the pages read (the last 90 days and the "
        "transparency report's 12 months); `--missing` only the days not yet computed or marked dirty (what the "
        "beat task does)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rollup = sub.add_parser("rollup", help="compute closed days (backfill); rerunning a day replaces it")
        rollup.add_argument("--since", type=_date, help="first day (YYYY-MM-DD, the site's time zone)")
        rollup.add_argument("--until", type=_date, help="last day (default: yesterday; today is always read live)")
        rollup.add_argument("--missing", action="store_true", help="only the days missing or marked dirty")

    def handle(self, *args, **options) -> None:
        if options["missing"]:
            if options["since"] or options["until"]:
                raise CommandError("--missing takes no --since/--until")
            count = stats_rollup_missing()
            self.stdout.write(f"{count} days computed")
            return
        first, last = stats_horizon()
        first = options["since"] or first
        last = options["until"] or last
        yesterday = timezone.localdate() - timedelta(days=1)
        if last > yesterday:
            raise CommandError(f"--until must be a closed day (at most {yesterday.isoformat()}): today is read live")
        if first > last:
            raise CommandError(f"--since {first.isoformat()} is after --until {last.isoformat()}")
        count = stats_days_rollup(days=[first + timedelta(days=i) for i in range((last - first).days + 1)])
        self.stdout.write(f"{count} days computed ({first.isoformat()} to {last.isoformat()})")
