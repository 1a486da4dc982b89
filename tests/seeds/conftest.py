"""Fixtures for tests that hold the shipped schedules to the seed documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.model import Catalog, Plan, Task
from bot.schedules.loader import LoadResult, load_schedules

ROOT = Path(__file__).resolve().parents[2]
SCHEDULES = ROOT / "schedules"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def shipped() -> LoadResult:
    """The shipped schedules/, loaded once."""
    return load_schedules([SCHEDULES])


@pytest.fixture(scope="session")
def catalog(shipped: LoadResult) -> Catalog:
    assert shipped.ok, "\n".join(map(str, shipped.errors))
    return shipped.catalog


def plan_of(catalog: Catalog, plan_id: str) -> Plan:
    return catalog.plans[plan_id]


def task_of(catalog: Catalog, task_id: str) -> Task:
    task = catalog.task(task_id)
    assert task is not None, f"no task {task_id}"
    return task


@pytest.fixture(scope="session")
def seed_text():
    """The text of a seed document; skips (with the reason) when ../shared/seeds is not beside the project."""

    def read(name: str) -> str:
        path = SEEDS / name
        if not path.exists():
            pytest.skip(
                f"seed document {path} is absent (it ships beside the project in CI, not in a user's clone)"
            )
        return path.read_text(encoding="utf-8")

    return read
