"""Store fixtures: one contract suite runs against a real SQLite file and the real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.store.migrate import upgrade
from bot.store.repository import Store, make_engine


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield Store(engine)
    engine.dispose()
