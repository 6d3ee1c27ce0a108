"""Helpers shared by the test suites and the benchmarks: each piece of launching and setting up lives here once.

Importing this package needs neither pytest nor a configured Django: the benchmarks use it too.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"  # worker logs and screenshots of a test run (git ignores it)
