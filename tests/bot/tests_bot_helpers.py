"""Small helpers for the end-to-end tests (talking to the fake server as a person would)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fakes.telegram_server import FakeTelegram

from bot.app import NhacViec

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year: int, month: int, day: int, hour: int = 8, minute: int = 0, second: int = 0) -> datetime:
    """A Hà Nội wall-clock moment as aware UTC."""
    return datetime(year, month, day, hour, minute, second, tzinfo=TZ).astimezone(UTC)


def last_text(fake: FakeTelegram, chat_id: int) -> str:
    texts = fake.messages_to(chat_id)
    assert texts, f"nothing was sent to {chat_id}"
    return texts[-1]


async def wait_text(
    fake: FakeTelegram, chat_id: int, needle: str, *, after: int = 0, timeout: float = 5.0
) -> str:
    """The first message to `chat_id` (among those sent after index `after`) containing `needle`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in fake.sent[after:]:
            if message["chat_id"] == chat_id and needle in message["text"]:
                return str(message["text"])
        await asyncio.sleep(0.02)
    raise AssertionError(f"no message with «{needle}» to {chat_id}; sent: {fake.messages_to(chat_id)}")


async def bind(app: NhacViec, fake: FakeTelegram, chat_id: int, agency: str | None, role: str) -> None:
    code = app.store.create_invite(agency, role, app.clock.now())  # type: ignore[arg-type]
    count = len(fake.sent)
    fake.push_text(chat_id, f"/start {code}", first_name=f"Người {chat_id}")
    await wait_text(fake, chat_id, "Đã kết nối", after=count)
