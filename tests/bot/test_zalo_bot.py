"""Zalo and Telegram side by side in one process, on the same storage, commands and outbox."""

from __future__ import annotations

import asyncio
import time

import pytest
from fakes.zalo_server import FakeZalo
from tests_bot_helpers import bind, local, wait_text

from bot.app import NhacViec
from bot.config import BotSettings, Secrets, ZaloSettings

ZALO_CHAT, TG_CHAT, ADMIN = "zalo-user-1", 200, 900


@pytest.fixture
def zalo():
    server = FakeZalo().start()
    yield server
    server.stop()


def both_messengers(fake, zalo: FakeZalo) -> Secrets:
    return Secrets(
        telegram_token=fake.token, telegram_base_url=fake.base_url.removesuffix("/bot"),
        zalo_token=zalo.token, zalo_base_url=zalo.base_url,
    )  # fmt: skip


async def wait_zalo(server: FakeZalo, chat_id: str, needle: str, after: int = 0, timeout: float = 8.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in server.sent[after:]:
            if message["chat_id"] == chat_id and needle in message["text"]:
                return str(message["text"])
        await asyncio.sleep(0.05)
    raise AssertionError(f"no Zalo message with «{needle}»; sent: {server.messages_to(chat_id)}")


async def test_one_contact_on_zalo_one_on_telegram(settings, fake, zalo, clock):
    both = settings.model_copy(update={"bot": BotSettings(zalo=ZaloSettings(poll_interval=1.0))})
    secrets = both_messengers(fake, zalo)
    app = NhacViec(both, secrets, clock, rate_limit=False)
    await app.start(ticks=False)
    try:
        # Zalo: bind with a code, as the Zalo user types it.
        code = app.store.create_invite("demo:so-noi-vu", "focal", clock.now())
        zalo.push_text(ZALO_CHAT, f"/start {code}", sender_name="Trần Thị B")
        assert "Đã kết nối" in await wait_zalo(zalo, ZALO_CHAT, "Đã kết nối")
        # Telegram: another agency's focal point, and an admin.
        await bind(app, fake, TG_CHAT, "demo:so-tu-phap", "focal")
        await bind(app, fake, ADMIN, None, "admin")

        clock.set(local(2024, 3, 28, 8, 0))  # CCHC-3 (Sở Tư pháp) is due today
        await app.tick()
        tg_digest = await wait_text(fake, TG_CHAT, "NHẮC VIỆC")
        assert "[CCHC-3] Rà soát thủ tục hành chính\n   ⏰ HẾT HẠN HÔM NAY (28/03/2024)" in tg_digest
        clock.set(local(2024, 3, 29, 8, 0))  # Sở Nội vụ: the Q1 report overdue, Quý I due in 1 working day
        await app.tick()
        digest = await wait_zalo(zalo, ZALO_CHAT, "NHẮC VIỆC")
        assert digest.startswith("📋 NHẮC VIỆC — Sở Nội vụ\nThứ Sáu, 29/03/2024")
        assert "2. [CCHC-1] Ban hành kế hoạch tuyên truyền" in digest
        assert "/done SỐ THỨ TỰ" in digest  # no buttons on Zalo: numbered items

        # Each closes a task with /done; on Zalo by item number.
        count = len(zalo.sent)
        zalo.push_text(ZALO_CHAT, "/done 2", sender_name="Trần Thị B")
        assert "[CCHC-1]" in await wait_zalo(zalo, ZALO_CHAT, "Đã ghi nhận", after=count)
        fake.push_text(TG_CHAT, "/done CCHC-3")
        await wait_text(fake, TG_CHAT, "Đã ghi nhận")

        fake.push_text(ADMIN, "/baocao")
        report = await wait_text(fake, ADMIN, "BÁO CÁO")
        assert "Sở Nội vụ: ✅ 1 · ☑️ 0 · ⏳ 1 · ⚠️ 1" in report  # CCHC-1 on time (Zalo)
        assert "Sở Tư pháp: ✅ 0 · ☑️ 1 · ⏳ 0 · ⚠️ 0" in report  # CCHC-3 a day late (Telegram)
        # A repeated Zalo update (the API returns already-read updates again) changed nothing twice.
        assert len(app.store.completions()) == 2
    finally:
        await app.stop()


async def test_zalo_quota_warning_reaches_admins_once_a_month(settings, fake, zalo, clock):
    small = settings.model_copy(
        update={"bot": BotSettings(zalo=ZaloSettings(monthly_quota=2, warn_share=0.5))}
    )
    secrets = both_messengers(fake, zalo)
    app = NhacViec(small, secrets, clock, rate_limit=False)
    await app.start(ticks=False)
    try:
        await bind(app, fake, ADMIN, None, "admin")
        code = app.store.create_invite("demo:so-noi-vu", "focal", clock.now())
        zalo.push_text(ZALO_CHAT, f"/start {code}")
        await wait_zalo(zalo, ZALO_CHAT, "Đã kết nối")
        clock.set(local(2024, 3, 21, 8, 0))
        await app.tick()  # one digest on Zalo: 1 of 2 = the 50% threshold
        await wait_zalo(zalo, ZALO_CHAT, "NHẮC VIỆC")
        clock.set(local(2024, 3, 21, 8, 1))
        await app.tick()
        warning = await wait_text(fake, ADMIN, "hạn mức")
        assert "Bot Zalo đã gửi 1/2 tin nhắn trong tháng 3/2024" in warning
        await app.tick()
        await asyncio.sleep(0.2)
        assert sum("hạn mức" in t for t in fake.messages_to(ADMIN)) == 1
    finally:
        await app.stop()


async def test_one_person_on_both_messengers_gets_one_digest_and_falls_back(settings, fake, zalo, clock):
    app = NhacViec(settings, both_messengers(fake, zalo), clock, rate_limit=False)
    await app.start(ticks=False)
    try:
        await bind(app, fake, TG_CHAT, "demo:so-noi-vu", "focal")
        count = len(fake.sent)
        fake.push_text(TG_CHAT, "/lienket")
        code = (await wait_text(fake, TG_CHAT, "Mã liên kết", after=count)).split("\n")[0].split(": ")[1]
        zalo.push_text(ZALO_CHAT, f"/start {code}")
        assert "Đã kết nối" in await wait_zalo(zalo, ZALO_CHAT, "Đã kết nối")
        assert len(app.store.contacts()) == 1  # the same person, two chats

        # Telegram is preferred: one digest, on Telegram only.
        clock.set(local(2024, 3, 21, 8, 0))
        await app.tick()
        await wait_text(fake, TG_CHAT, "NHẮC VIỆC")
        await asyncio.sleep(0.3)
        assert not any("NHẮC VIỆC" in t for t in zalo.messages_to(ZALO_CHAT))

        # The person blocks the Telegram bot: the next digest falls back to Zalo, still once.
        fake.blocked_chats.add(TG_CHAT)
        clock.set(local(2024, 3, 25, 8, 0))
        await app.tick()
        assert "Thứ Hai, 25/03/2024" in await wait_zalo(zalo, ZALO_CHAT, "NHẮC VIỆC")
        await asyncio.sleep(0.3)
        assert sum("25/03/2024" in t for t in zalo.messages_to(ZALO_CHAT)) == 1
    finally:
        await app.stop()


async def test_zalo_webhook_checks_the_secret(settings, fake, zalo, clock, unused_tcp_port):
    import httpx

    from bot.config import ZaloSettings as Zs

    url = f"http://127.0.0.1:{unused_tcp_port}/zalo"
    hooked = settings.model_copy(
        update={
            "bot": BotSettings(
                zalo=Zs(mode="webhook", webhook_url=url, listen="127.0.0.1", port=unused_tcp_port)
            )
        }
    )
    secrets = both_messengers(fake, zalo).model_copy(update={"zalo_webhook_secret": "zalo-s3cret-value"})
    app = NhacViec(hooked, secrets, clock, rate_limit=False)
    await app.start(ticks=False)
    try:
        assert zalo.webhook is not None and zalo.webhook["url"] == url
        code = app.store.create_invite("demo:so-noi-vu", "focal", clock.now())
        update = zalo.push_text(ZALO_CHAT, f"/start {code}")
        assert await zalo.deliver_webhook_async(update) == 200
        assert "Đã kết nối" in await wait_zalo(zalo, ZALO_CHAT, "Đã kết nối")
        assert await zalo.deliver_webhook_async(update) == 200  # a repeat: acknowledged, not processed again
        assert await zalo.deliver_webhook_async(update, secret="wrong") == 403
        assert await zalo.deliver_webhook_async(update, secret=None) == 403
        async with httpx.AsyncClient() as client:
            assert (
                await client.post(
                    url, content=b"{not json", headers={"X-Bot-Api-Secret-Token": "zalo-s3cret-value"}
                )
            ).status_code == 400
        await asyncio.sleep(0.2)
        assert sum("Đã kết nối" in t for t in zalo.messages_to(ZALO_CHAT)) == 1
    finally:
        await app.stop()
