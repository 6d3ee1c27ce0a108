import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from moderation.selectors.lexicon import current_engine


class Command(BaseCommand):
    help = "Scan text (a file, or - for standard input) with the current lexicon and print the verdict as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", dest="source", required=True, metavar="FILE|-", help="the text to scan")

    def handle(self, *args, **options) -> None:
        source = options["source"]
        try:
            raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {source}: {exc.strerror or exc}", returncode=2) from exc
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{source}: not valid UTF-8 (byte {exc.start})", returncode=2) from exc
        engine, _version = current_engine()
        result = engine.scan(text)
        out = {
            "verdict": result.verdict,
            "matches": [
                {"term": m.term, "rule": m.rule, "action": m.action, "start": m.start, "end": m.end}
                for m in result.matches
            ],
        }
        self.stdout.write(json.dumps(out, ensure_ascii=False))
