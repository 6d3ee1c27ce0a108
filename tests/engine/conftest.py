"""Engine fixtures only: no database, no Django."""

from __future__ import annotations

import pytest

from moderation.engine import Engine, Term


@pytest.fixture(scope="session")
def engine() -> Engine:
    """Engine over the bundled default lexicon."""
    return Engine.default()


@pytest.fixture(scope="session")
def make_engine():  # type: ignore[no-untyped-def]
    def make(*terms: tuple[str, ...]) -> Engine:
        """Terms as (term, rule, action) or (term, rule, action, kind)."""
        return Engine(Term(*t) for t in terms)

    return make
