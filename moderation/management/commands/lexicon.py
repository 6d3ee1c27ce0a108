import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from moderation.selectors.lexicon import lexicon_export
from moderation.services.lexicon import DEFAULT_LEXICON_CSV, LexiconError, lexicon_import


class Command(BaseCommand):
    help = (
        "Import or export the automatic-check lexicon (CSV with the columns term,rule,action). "
        "`lexicon import --default` loads the lexicon the site ships (moderation/data/lexicon.csv)."
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
        exp = sub.add_parser("export", help="write the lexicon as CSV to standard output or --output")
        exp.add_argument("--output", "-o", type=Path)

    def handle(self, *args, **options) -> None:
        if options["action"] == "import":
            if (options["path"] is None) == (not options["default"]):
                raise CommandError("give either PATH.csv or --default", returncode=2)
            self._import(options["path"] or DEFAULT_LEXICON_CSV)
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
