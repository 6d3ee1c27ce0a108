"""Views read through selectors and write through services (ARCHITECTURE.md): no view module touches the ORM.

import-linter keeps the apps' arrows pointing down (`make lint`); it cannot see a query built inside a view, so this
walks the views' syntax trees for the two ways one is built: a manager (`X.objects`) and `get_object_or_404`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VIEW_MODULES = sorted(
    p
    for app in ("accounts", "articles", "moderation", "core", "cms")
    for p in (ROOT / app).rglob("*.py")
    if (p.name.startswith("views") or "views" in p.parent.name) and ".venv" not in p.parts
)


def _orm_uses(path: Path) -> list[str]:
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{name}:{node.lineno} .objects")
        elif isinstance(node, ast.Name) and node.id in ("get_object_or_404", "get_list_or_404"):
            found.append(f"{name}:{node.lineno} {node.id}")
    return found


def test_there_are_view_modules_to_check() -> None:
    assert len(VIEW_MODULES) >= 10


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_view_module_does_not_query_the_orm(path: Path) -> None:
    assert _orm_uses(path) == []


def test_the_check_sees_a_query(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text("def v(r, pk):\n    return Article.objects.get(pk=pk) or get_object_or_404(X, pk=pk)\n")
    assert sorted(_orm_uses(sample)) == ["views.py:2 .objects", "views.py:2 get_object_or_404"]


def test_no_test_flushes_the_shared_redis() -> None:
    # django-redis' cache.clear() is FLUSHDB: it wipes the other test processes' keys and the broker's queues. Tests
    # call tests.conftest.clear_cache(), which deletes this run's keys only (and is the one place cache.clear() is
    # right: the embedded default's local memory).
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name == "conftest.py" and path.parent.name == "tests":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "clear"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "cache"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
