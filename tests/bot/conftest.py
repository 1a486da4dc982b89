"""End-to-end fixtures: the real app, python-telegram-bot polling the fake Bot API over HTTP, SQLite on disk."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from fakes.telegram_server import FakeTelegram
from tests_bot_helpers import local

from bot.app import NhacViec
from bot.config import BotSettings, Secrets, Settings, TelegramSettings
from bot.services.clock import FakeClock

DATA = Path(__file__).resolve().parent.parent / "data"

PLAN = """\
plan:
  id: demo-2024
  number: 7/KH-UBND
  title: Kế hoạch cải cách hành chính năm 2024
  year: 2024
  province: demo
  issued: 2024-01-05
tasks:
  - id: CCHC-1
    ref: "1"
    title: Ban hành kế hoạch tuyên truyền
    lead: Sở Nội vụ
    support: Sở Tư pháp
    deadline: "Quý I/2024"
  - id: CCHC-2
    ref: "2"
    title: Báo cáo quý
    lead: Sở Nội vụ
    deadline: "định kỳ hằng quý trước ngày 15 tháng cuối quý"
  - id: CCHC-3
    ref: "3"
    title: Rà soát thủ tục hành chính
    lead: Sở Tư pháp
    deadline: "Trước 28/03/2024"
  - id: CCHC-4
    ref: "4"
    title: Kiểm tra công vụ
    lead: Sở Nội vụ
    verify: true
    deadline: "Tháng 4/2024"
"""


@pytest.fixture
def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server  # type: ignore[misc]
    server.stop()


@pytest.fixture
def schedules(tmp_path: Path) -> Path:
    folder = tmp_path / "schedules"
    shutil.copytree(DATA / "registry", folder / "agencies")
    (folder / "demo").mkdir()
    (folder / "demo" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    return folder


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(local(2024, 3, 20, 7, 0))


@pytest.fixture
def settings(database_url: str, schedules: Path) -> Settings:
    return Settings(
        schedules_dir=schedules,
        database_url=database_url,
        bot=BotSettings(tick_seconds=1, telegram=TelegramSettings(read_timeout=0.5)),
    )


@pytest.fixture
async def make_app(
    settings: Settings, fake: FakeTelegram, clock: FakeClock
) -> AsyncIterator[Callable[..., object]]:
    """Start an app (several may be started: a restart is a second app on the same database)."""
    started: list[NhacViec] = []

    async def start(*, rate_limit: bool = False, with_settings: Settings | None = None) -> NhacViec:
        secrets = Secrets(telegram_token=fake.token, telegram_base_url=fake.base_url.removesuffix("/bot"))
        app = NhacViec(with_settings or settings, secrets, clock, rate_limit=rate_limit)
        await app.start(ticks=False)
        started.append(app)
        return app

    yield start
    for app in started:
        await app.stop()
