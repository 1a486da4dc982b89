"""One contract, every messenger: the same sends and faults give the same outcomes through each adapter.

Each case runs against the real adapter talking HTTP to its local fake server (Telegram, Zalo).
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from fakes.telegram_server import FakeTelegram
from fakes.zalo_server import FakeZalo

from bot.channels.telegram import TelegramChannel
from bot.channels.zalo import ZaloChannel, ZaloClient
from bot.services.channel import (
    Channel,
    DeliveryUncertain,
    MessageRejected,
    RetryLater,
    TemporaryFailure,
    Undeliverable,
)


@dataclass
class Harness:
    """An adapter wired to its fake, and the fake's fault switches in one vocabulary."""

    channel: Channel
    fake: Any
    chat: str
    kind: str

    def block(self) -> None:
        self.fake.blocked_chats.add(int(self.chat) if self.kind == "telegram" else self.chat)

    def throttle(self, seconds: int) -> None:
        if self.kind == "telegram":
            self.fake.fail_next(
                "sendMessage", status=429, description="Too Many Requests", retry_after=seconds
            )
        else:
            self.fake.fail_next(
                "sendMessage", error_code=429, description="Too many requests", retry_after=seconds
            )

    def reject(self) -> None:
        if self.kind == "telegram":
            self.fake.fail_next("sendMessage", status=400, description="Bad Request: message text is empty")
        else:
            self.fake.fail_next("sendMessage", error_code=400, description="Invalid text")

    def texts(self) -> list[str]:
        return self.fake.messages_to(int(self.chat) if self.kind == "telegram" else self.chat)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(params=["telegram", "zalo"])
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    if request.param == "telegram":
        fake = FakeTelegram().start()
        channel: Any = TelegramChannel(fake.token, fake.base_url.removesuffix("/bot"), read_timeout=0.5)
        yield Harness(channel, fake, "4242", "telegram")
        await channel.aclose()
    else:
        fake = FakeZalo().start()
        client = ZaloClient(fake.token, fake.base_url, timeout=0.5)
        yield Harness(ZaloChannel(client), fake, "zalo-4242", "zalo")
        await client.aclose()
    fake.stop()


async def test_send_returns_the_message_id(harness):
    message_id = await harness.channel.send(harness.chat, "Xin chào — tin nhắc thử")
    assert message_id and harness.texts() == ["Xin chào — tin nhắc thử"]


async def test_blocked_chat_is_undeliverable(harness):
    harness.block()
    with pytest.raises(Undeliverable):
        await harness.channel.send(harness.chat, "tin")


async def test_throttling_asks_to_retry_later(harness):
    harness.throttle(3)
    with pytest.raises(RetryLater) as caught:
        await harness.channel.send(harness.chat, "tin")
    assert caught.value.after == 3
    await harness.channel.send(harness.chat, "tin")  # the next attempt goes through
    assert harness.texts() == ["tin"]


async def test_a_refused_message_is_rejected_not_the_chat(harness):
    harness.reject()
    with pytest.raises(MessageRejected):
        await harness.channel.send(harness.chat, "tin")


async def test_read_timeout_after_sending_is_uncertain(harness):
    harness.fake.delay_next("sendMessage", 1.5)
    with pytest.raises(DeliveryUncertain):
        await harness.channel.send(harness.chat, "tin")
    assert harness.texts() == ["tin"]  # it did arrive: that is why it must not be resent blindly


async def test_nothing_listening_is_a_temporary_failure(harness):
    port = _closed_port()
    if harness.kind == "telegram":
        channel: Any = TelegramChannel(harness.fake.token, f"http://127.0.0.1:{port}")
        with pytest.raises(TemporaryFailure):
            await channel.send(harness.chat, "tin")
        await channel.aclose()
    else:
        client = ZaloClient(harness.fake.token, f"http://127.0.0.1:{port}")
        with pytest.raises(TemporaryFailure):
            await ZaloChannel(client).send(harness.chat, "tin")
        await client.aclose()


async def test_errors_never_carry_the_token(harness):
    harness.block()
    with pytest.raises(Undeliverable) as caught:
        await harness.channel.send(harness.chat, "tin")
    assert harness.fake.token not in str(caught.value) and harness.fake.token not in repr(harness.channel)
