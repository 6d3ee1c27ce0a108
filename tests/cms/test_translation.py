"""The English catalogue is complete, and the compiled catalogue the site serves is the one in the source."""

import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext (msgfmt)")


def test_every_message_has_an_english_translation_and_none_is_fuzzy():
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
        check=True,
        env={"LC_ALL": "C"},
    )
    stats = result.stderr.strip()
    assert "fuzzy" not in stats, stats
    assert "untranslated" not in stats, stats


def test_the_compiled_catalogue_matches_the_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(LOCALE / "django.po")], check=True)
    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes(), "run `make messages` and commit django.mo"
