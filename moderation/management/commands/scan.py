import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from moderation.selectors.checks import check_policy_current
from moderation.selectors.evidence import result_words
from moderation.selectors.lexicon import current_engine


def scan_output(engine, policy, text: str) -> dict:  # type: ignore[no-untyped-def]
    """What `scan --json` prints for one text (and `scan --jsonl` for each line): the verdict, the matches with their
    spans in the original text, the evidence with its weights and the policy's explanation, and the same in the
    words the case page uses (`words`)."""
    result = engine.scan(text, policy=policy)
    out = {
        "verdict": result.verdict,
        "matches": [
            {"term": m.term, "rule": m.rule, "action": m.action, "start": m.start, "end": m.end} for m in result.matches
        ],
        "score": result.score,
        "rule": result.rule,
        "evidence": [e.to_dict() for e in result.evidence],
        "explanation": dict(result.explanation),
    }
    out["words"] = result_words(out)
    return out


class Command(BaseCommand):
    help = (
        "Scan text with the current lexicon and check policy and print the verdict as JSON: --json FILE|- scans one "
        "text; --jsonl FILE|- reads one JSON string per line and prints one result object per line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--json", dest="source", metavar="FILE|-", help="the text to scan")
        group.add_argument("--jsonl", dest="lines", metavar="FILE|-", help="one JSON string per line")

    def _read(self, source: str) -> str:
        try:
            raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {source}: {exc.strerror or exc}", returncode=2) from exc
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{source}: not valid UTF-8 (byte {exc.start})", returncode=2) from exc

    def handle(self, *args, **options) -> None:
        engine, _version = current_engine()
        _row, policy = check_policy_current()
        if options["source"] is not None:
            text = self._read(options["source"])
            self.stdout.write(json.dumps(scan_output(engine, policy, text), ensure_ascii=False))
            return
        source = options["lines"]
        # Every line is checked before anything is printed: a bad line fails the run with its number, not halfway.
        texts = []
        for number, line in enumerate(self._read(source).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                text = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CommandError(f"{source}: line {number}: not JSON ({exc.msg})", returncode=2) from exc
            if not isinstance(text, str):
                raise CommandError(f"{source}: line {number}: expected a JSON string", returncode=2)
            texts.append(text)
        for text in texts:
            self.stdout.write(json.dumps(scan_output(engine, policy, text), ensure_ascii=False))
