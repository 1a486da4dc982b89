"""Shared fixtures: the demo registry, catalogs built from YAML text, and the shipped schedules."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg import postgres_database

from bot.domain.model import Catalog
from bot.schedules.loader import load_schedules

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def make_catalog(tmp_path: Path) -> Callable[[str], Catalog]:
    """Catalog from the demo registry plus one plan given as YAML text (which must be valid)."""

    def build(plan_yaml: str) -> Catalog:
        shutil.copytree(DATA / "registry", tmp_path / "agencies", dirs_exist_ok=True)
        (tmp_path / "plan.yaml").write_text(textwrap.dedent(plan_yaml), encoding="utf-8")
        result = load_schedules([tmp_path])
        assert result.ok, "\n".join(map(str, result.problems))
        return result.catalog

    return build


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The store contract and the end-to-end tests run on a SQLite file and on the real PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'nhacviec.db'}"
    else:
        yield from postgres_database()
