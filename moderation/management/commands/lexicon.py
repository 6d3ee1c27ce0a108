import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from moderation.errors import ModerationError
from moderation.selectors.lexicon import lexicon_export
from moderation.services.lexicon import DEFAULT_LEXICON_CSV, LexiconError, lexicon_import
from moderation.services.replay import DEFAULT_DAYS, Replay, check_replay


class Command(BaseCommand):
    help = (
        "Import or export the automatic-check lexicon (CSV with the columns term,rule,action). "
        "`lexicon import --default` loads the lexicon the site ships (moderation/data/lexicon.csv). "
        "`lexicon replay DRAFT.csv` shows what a draft would change before it is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import",
            help="import PATH.csv (or --default): adds new terms, updates terms listed with another rule or action; "
            "atomic and idempotent",
        )
        imp.add_argument("path", type=Path, nargs="?")
        imp.add_argument(
            "--default", action="store_true", help=f"import the shipped lexicon, {DEFAULT_LEXICON_CSV.name}"
        )
        rep = sub.add_parser(
            "replay",
            help="scan the last N days of content and the decided cases with a draft lexicon (merged over the "
            "lexicon as an import would be) and/or a draft policy; print new and lost holds and the agreement with "
            "the moderators. Writes nothing.",
        )
        rep.add_argument("path", type=Path, nargs="?", metavar="DRAFT.csv")
        rep.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"days of content (default {DEFAULT_DAYS})")
        rep.add_argument("--whole", action="store_true", help="the draft is the whole lexicon (unlisted terms go)")
        rep.add_argument("--policy", type=Path, metavar="POLICY.json", help="a draft policy (Policy.to_dict() shape)")
        rep.add_argument("--json", action="store_true", help="print the figures as one JSON object")
        exp = sub.add_parser("export", help="write the lexicon as CSV to standard output or --output")
        exp.add_argument("--output", "-o", type=Path)

    def handle(self, *args, **options) -> None:
        if options["action"] == "import":
            if (options["path"] is None) == (not options["default"]):
                raise CommandError("give either PATH.csv or --default", returncode=2)
            self._import(options["path"] or DEFAULT_LEXICON_CSV)
        elif options["action"] == "replay":
            self._replay(options)
        else:
            self._export(options.get("output"))

    def _import(self, path: Path) -> None:
        def progress(rows):
            return tqdm(rows, desc="lexicon", unit="term", file=sys.stderr, disable=len(rows) < 5000)

        try:
            result = lexicon_import(path=path, progress=progress)
        except LexiconError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"{path}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged")

    def _replay(self, options) -> None:
        path, policy_path, days = options["path"], options["policy"], options["days"]
        if path is None and policy_path is None:
            raise CommandError("give a DRAFT.csv, a --policy POLICY.json, or both", returncode=2)
        if days < 1:
            raise CommandError(f"--days must be at least 1, not {days}", returncode=2)
        policy = None
        if policy_path is not None:
            try:
                policy = json.loads(policy_path.read_text(encoding="utf-8"))
            except OSError as exc:
                raise CommandError(f"cannot read {policy_path}: {exc.strerror or exc}", returncode=2) from exc
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CommandError(f"{policy_path}: not a JSON policy: {exc}", returncode=2) from exc
        if path is not None and not path.is_file():
            raise CommandError(f"cannot read {path}: no such file", returncode=2)

        def progress(items):
            return tqdm(items, desc="replay", unit="item", file=sys.stderr, disable=not sys.stderr.isatty())

        try:
            report = check_replay(
                lexicon_path=path, whole_lexicon=options["whole"], policy_data=policy, days=days, progress=progress
            )
        except ModerationError as exc:  # LexiconError is one; a refused policy is another
            raise CommandError(str(exc), returncode=2) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self._replay_text(report)

    def _replay_text(self, report: Replay) -> None:
        def rate(agreement) -> str:
            return "-" if agreement.rate is None else f"{agreement.rate:.1%} ({agreement.agreed}/{agreement.total})"

        w = self.stdout.write
        truncated = " (truncated)" if report.truncated else ""
        w(f"content checked in the last {report.days} days: {report.content}{truncated}")
        w(f"  new holds:  {report.new_holds}   (held or blocked with the draft, published now)")
        w(f"  lost holds: {report.lost_holds}   (published with the draft, held or blocked now)")
        w(f"  new flags:  {report.new_flags}   lost flags: {report.lost_flags}")
        w(f"decided cases: {report.cases}")
        w(f"  agreement with the moderators now:   {rate(report.before)}")
        w(f"  agreement with the moderators draft: {rate(report.after)}")
        for label, a in (("now", report.before), ("draft", report.after)):
            w(
                f"  {label}: held & removed {a.held_removed}, held & dismissed {a.held_dismissed}, "
                f"published & removed {a.passed_removed}, published & dismissed {a.passed_dismissed}"
            )
        if report.examples:
            w(f"changes (first {len(report.examples)}):")
            for c in report.examples:
                decided = f" [moderators: {c.decided}]" if c.decided else ""
                w(f"  {c.what}: {c.before} -> {c.after}{decided}  {c.text}")

    def _export(self, output: Path | None) -> None:
        if output is None:
            count = lexicon_export(out=self.stdout._out)
        else:
            try:
                with output.open("w", encoding="utf-8", newline="") as fh:
                    count = lexicon_export(out=fh)
            except OSError as exc:
                raise CommandError(f"cannot write {output}: {exc.strerror}", returncode=2) from exc
        self.stderr.write(f"{count} terms exported")
