import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from moderation.selectors.lexicon import lexicon_export
from moderation.services.lexicon import LexiconError, lexicon_import


class Command(BaseCommand):
    help = "Import or export the automatic-check lexicon (CSV with the columns term,rule,action)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import PATH.csv: atomic and idempotent")
        imp.add_argument("path", type=Path)
        exp = sub.add_parser("export", help="write the lexicon as CSV to standard output or --output")
        exp.add_argument("--output", "-o", type=Path)

    def handle(self, *args, **options) -> None:
        if options["action"] == "import":
            self._import(options["path"])
        else:
            self._export(options.get("output"))

    def _import(self, path: Path) -> None:
        def progress(rows):
            return tqdm(rows, desc="lexicon", unit="term", file=sys.stderr, disable=len(rows) < 5000)

        try:
            result = lexicon_import(path=path, progress=progress)
        except LexiconError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"{path}: {result.created} terms added, {result.unchanged} already present")

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
