"""Every other path of the bot, end to end over HTTP: flows, live edits, restarts and delivery faults."""

from __future__ import annotations

import asyncio

import httpx
from tests_bot_helpers import bind, local, wait_text

from bot.app import NhacViec

NV, TP, ADMIN = 100, 200, 900


async def digest_day(app: NhacViec, clock, *when: int) -> None:
    clock.set(local(*when))
    await app.tick()


async def test_extension_request_approved_by_button(make_app, fake, clock):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    await bind(app, fake, ADMIN, None, "admin")
    count = len(fake.sent)
    fake.push_text(NV, "/giahan CCHC-1 30/04/2024 chờ ý kiến của Bộ Nội vụ")
    assert "Đã gửi đề nghị gia hạn nhiệm vụ CCHC-1 đến 30/04/2024" in await wait_text(
        fake, NV, "đề nghị", after=count
    )
    request = await wait_text(fake, ADMIN, "ĐỀ NGHỊ GIA HẠN", after=count)
    assert "Hạn hiện tại: 01/04/2024 → xin gia hạn đến: 30/04/2024" in request
    assert "Lý do: chờ ý kiến của Bộ Nội vụ" in request
    message = next(m for m in fake.sent if m["chat_id"] == ADMIN and "ĐỀ NGHỊ" in m["text"])
    approve = message["reply_markup"]["inline_keyboard"][0][0]
    assert approve["text"] == "✅ Duyệt"
    count = len(fake.sent)
    fake.push_callback(ADMIN, approve["callback_data"], message_id=message["message_id"])
    assert "Đã duyệt đề nghị gia hạn" in await wait_text(fake, ADMIN, "Đã duyệt", after=count)
    decided = await wait_text(fake, NV, "đã được duyệt", after=count)
    assert "hạn mới 30/04/2024 (hạn gốc 01/04/2024)" in decided
    # /viec shows the new deadline and the original; the planner now counts from 30/04 (a Tuesday, a holiday:
    # the effective deadline is Thursday 02/05).
    count = len(fake.sent)
    fake.push_text(NV, "/viec")
    listing = await wait_text(fake, NV, "VIỆC ĐANG MỞ", after=count)
    assert "[CCHC-1] Ban hành kế hoạch tuyên truyền\n   ⏳ hạn 02/05/2024 (gia hạn từ 01/04/2024)" in listing
    await digest_day(app, clock, 2024, 3, 21)  # the 7-days-before reminder of 01/04 no longer comes
    texts = [m["text"] for m in fake.sent if m["chat_id"] == NV and "NHẮC VIỆC" in m["text"]]
    assert all("[CCHC-1]" not in t for t in texts)


async def test_a_second_admin_cannot_decide_twice(make_app, fake):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    await bind(app, fake, ADMIN, None, "admin")
    fake.push_text(NV, "/giahan CCHC-1 30/04/2024 lý do")
    await wait_text(fake, ADMIN, "ĐỀ NGHỊ GIA HẠN")
    ext = app.store.pending_extensions()[0]
    for command, expected in ((f"/tuchoi {ext.id}", "Đã từ chối"), (f"/duyet {ext.id}", "Không có đề nghị")):
        count = len(fake.sent)
        fake.push_text(ADMIN, command)
        await wait_text(fake, ADMIN, expected, after=count)
    assert "không được duyệt; thời hạn vẫn là 01/04/2024" in await wait_text(fake, NV, "không được duyệt")


async def test_verified_task_waits_for_the_admin(make_app, fake):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    await bind(app, fake, ADMIN, None, "admin")
    count = len(fake.sent)
    fake.push_text(NV, "/xong CCHC-4 đã kiểm tra 12 đơn vị")
    assert "cần quản trị viên xác nhận" in await wait_text(fake, NV, "Đã ghi nhận", after=count)
    request = await wait_text(fake, ADMIN, "CẦN XÁC NHẬN", after=count)
    assert "Ghi chú: đã kiểm tra 12 đơn vị" in request
    assert app.store.completions() == {}  # not done until confirmed
    pending = app.store.pending_verifications()[0]
    count = len(fake.sent)
    fake.push_text(ADMIN, f"/xacnhan {pending.id}")
    await wait_text(fake, ADMIN, "Đã xác nhận", after=count)
    assert "đã xác nhận hoàn thành nhiệm vụ CCHC-4" in await wait_text(
        fake, NV, "xác nhận hoàn thành", after=count
    )
    assert set(app.store.completions()) == {("CCHC-4", "demo:so-noi-vu", "once")}


async def test_undo_within_the_window_only(make_app, fake, clock):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    fake.push_text(NV, "/done CCHC-1")
    await wait_text(fake, NV, "Đã ghi nhận")
    count = len(fake.sent)
    fake.push_text(NV, "/hoantac CCHC-1")
    assert "Đã hoàn tác" in await wait_text(fake, NV, "hoàn tác", after=count)
    assert app.store.completions() == {}
    fake.push_text(NV, "/done CCHC-1")
    await wait_text(fake, NV, "Đã ghi nhận", after=count + 1)
    clock.advance(minutes=31)
    count = len(fake.sent)
    fake.push_text(NV, "/hoantac CCHC-1")
    assert "Đã quá 30 phút" in await wait_text(fake, NV, "quá 30 phút", after=count)


async def test_numbered_done_uses_the_last_list(make_app, fake, clock):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    clock.set(local(2024, 4, 10, 9))
    fake.push_text(NV, "/viec")
    listing = await wait_text(fake, NV, "VIỆC ĐANG MỞ")
    lines = listing.splitlines()
    assert lines[1].startswith("1. [CCHC-2] Báo cáo quý (Quý I/2024)")  # the most overdue first (15/03)
    assert lines[3].startswith("2. [CCHC-1]")  # then 01/04
    count = len(fake.sent)
    fake.push_text(NV, "/done 2")
    assert "[CCHC-1]" in await wait_text(fake, NV, "Đã ghi nhận", after=count)


async def test_broken_yaml_edit_keeps_the_last_good_version_and_tells_admins(
    make_app, fake, clock, schedules
):
    app: NhacViec = await make_app()
    await bind(app, fake, ADMIN, None, "admin")
    plan = schedules / "demo" / "plan.yaml"
    good = plan.read_text(encoding="utf-8")
    plan.write_text(good.replace('deadline: "Quý I/2024"', 'dealine: "Quý I/2024"'), encoding="utf-8")
    count = len(fake.sent)
    await app.tick()
    alert = await wait_text(fake, ADMIN, "Tệp kế hoạch có", after=count)
    assert "bot vẫn chạy theo phiên bản hợp lệ trước đó" in alert
    assert f"{plan}:14:5: trường «dealine» không hợp lệ; có phải «deadline»?" in alert
    assert app.live.catalog.task("CCHC-1") is not None  # still running on the last good version
    await app.tick()  # the same broken file is not reported again
    await asyncio.sleep(0.1)
    assert sum("Tệp kế hoạch có" in t for t in fake.messages_to(ADMIN)) == 1
    # The fix is picked up; a removed task is archived, never deleted, and completions survive.
    app.store.complete(("CCHC-2", "demo:so-noi-vu", "2024-Q1"), 1, "telegram", None, clock.now())
    without_3 = good.split("  - id: CCHC-3")[0] + "  - id: CCHC-4" + good.split("  - id: CCHC-4")[1]
    plan.write_text(without_3, encoding="utf-8")
    await app.tick()
    assert app.live.catalog.task("CCHC-3") is None
    assert app.store.archived_task_ids() == {"CCHC-3"}
    assert ("CCHC-2", "demo:so-noi-vu", "2024-Q1") in app.store.completions()
    count = len(fake.sent)
    fake.push_text(ADMIN, "/tailai")
    assert "Đã tải lại: 1 kế hoạch, 3 nhiệm vụ" in await wait_text(fake, ADMIN, "tải lại", after=count)


async def test_restart_never_resends(make_app, fake, clock):
    first: NhacViec = await make_app()
    await bind(first, fake, NV, "demo:so-noi-vu", "focal")
    await digest_day(first, clock, 2024, 3, 21)
    await wait_text(fake, NV, "NHẮC VIỆC")
    await first.stop()
    second: NhacViec = await make_app()
    clock.advance(minutes=5)
    await second.tick()
    await asyncio.sleep(0.2)
    assert sum("NHẮC VIỆC" in t for t in fake.messages_to(NV)) == 1


async def test_catch_up_after_downtime(make_app, fake, clock):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    await digest_day(app, clock, 2024, 3, 19, 7, 0)  # Tuesday 07:00: planned up to here, nothing due yet
    await app.stop()
    # Down until Thursday 09:30. Tuesday's 08:00 slot (the Q1 report 2 working days late) is older than the
    # 12-hour catch-up window: recorded as missed, never sent. Wednesday has nothing for this agency.
    # Thursday's 08:00 slot is 1.5 hours late: sent.
    later: NhacViec = await make_app()
    await digest_day(later, clock, 2024, 3, 21, 9, 30)
    digest = await wait_text(fake, NV, "NHẮC VIỆC")
    assert "Thứ Năm, 21/03/2024" in digest
    states = sorted((m.key.split("|")[2], m.state) for m in later.store.outbox() if m.kind == "digest")
    assert states == [("2024-03-19", "missed"), ("2024-03-21", "sent")]
    await bind(later, fake, ADMIN, None, "admin")
    fake.push_text(ADMIN, "/baocao")
    assert "1 tin bị lỡ khi bot ngừng" in await wait_text(fake, ADMIN, "BÁO CÁO")


async def test_429_is_retried_after_retry_after(make_app, fake, clock):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    fake.fail_next("sendMessage", status=429, description="Too Many Requests: retry after 3", retry_after=3)
    await digest_day(app, clock, 2024, 3, 21)
    [row] = [m for m in app.store.outbox() if m.kind == "digest"]
    assert (row.state, row.attempts) == ("pending", 1)
    clock.advance(seconds=2)
    await app.tick()
    assert app.store.outbox_row(row.id).state == "pending"  # not before retry_after
    clock.advance(seconds=2)
    await app.tick()
    assert app.store.outbox_row(row.id).state == "sent"
    assert sum("NHẮC VIỆC" in t for t in fake.messages_to(NV)) == 1


async def test_blocked_user_is_flagged_and_admins_told(make_app, fake, clock):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    await bind(app, fake, ADMIN, None, "admin")
    fake.blocked_chats.add(NV)
    await digest_day(app, clock, 2024, 3, 21)
    alert = await wait_text(fake, ADMIN, "Không gửi được")
    assert "Không gửi được tin nhắn tới Người 100 qua Telegram" in alert
    person = app.store.contact_for_chat("telegram", str(NV))
    [row] = [m for m in app.store.outbox() if m.kind == "digest" and m.contact_id == person.id]
    assert row.state == "failed"
    assert app.store.bindings(person.id) == []
    await digest_day(app, clock, 2024, 3, 22)  # no more attempts to a chat that refuses
    assert [m.state for m in app.store.outbox() if m.kind == "digest" and m.contact_id == person.id] == [
        "failed"
    ]


async def test_read_timeout_is_uncertain_and_not_resent(make_app, fake, clock):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    fake.delay_next("sendMessage", seconds=1.5)  # longer than the 0.5 s read timeout of these tests
    await digest_day(app, clock, 2024, 3, 21)
    [row] = [m for m in app.store.outbox() if m.kind == "digest"]
    assert row.state == "uncertain"
    clock.advance(minutes=10)
    await app.tick()
    await asyncio.sleep(1.2)
    assert sum("NHẮC VIỆC" in t for t in fake.messages_to(NV)) == 1  # delivered once, never blindly resent
    assert app.store.outbox_row(row.id).state == "uncertain"


async def test_tick_job_settings_and_refused_menu(make_app, fake, settings):
    fake.refuse_methods.add("setMyCommands")
    app: NhacViec = await make_app()  # a refused command menu does not stop the start
    await app.stop()
    from bot.app import NhacViec as App
    from bot.config import Secrets

    ticking = App(
        settings, Secrets(telegram_token=fake.token, telegram_base_url=fake.base_url.removesuffix("/bot"))
    )
    await ticking.start()
    try:
        assert ticking.job_settings() == {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}
    finally:
        await ticking.stop()


async def test_bad_token_stops_the_start_with_a_clear_message(settings, fake):
    from bot.app import NhacViec as App
    from bot.app import StartupError
    from bot.config import Secrets

    app = App(
        settings, Secrets(telegram_token="999:WRONG", telegram_base_url=fake.base_url.removesuffix("/bot"))
    )
    try:
        await app.start(ticks=False)
        raise AssertionError("the start should have failed")
    except StartupError as exc:
        assert "Token Telegram không hợp lệ" in str(exc)
    finally:
        await app.stop()


async def test_webhook_mode_checks_the_secret(settings, fake, clock, unused_tcp_port):
    from bot.app import NhacViec as App
    from bot.config import BotSettings, Secrets, TelegramSettings

    url = f"http://127.0.0.1:{unused_tcp_port}/telegram"
    webhook = settings.model_copy(
        update={"bot": BotSettings(telegram=TelegramSettings(mode="webhook", webhook_url=url, listen="127.0.0.1",
                                                               port=unused_tcp_port, read_timeout=0.5))}
    )  # fmt: skip
    secrets = Secrets(telegram_token=fake.token, telegram_base_url=fake.base_url.removesuffix("/bot"),
                      telegram_webhook_secret="s3cret-value")  # fmt: skip
    app = App(webhook, secrets, clock, rate_limit=False)
    await app.start(ticks=False)
    try:
        assert fake.webhook is not None and fake.webhook["secret_token"] == "s3cret-value"
        code = app.store.create_invite("demo:so-noi-vu", "focal", clock.now())
        fake.push_text(NV, f"/start {code}")
        assert await fake.deliver_webhook_async() == 200
        await wait_text(fake, NV, "Đã kết nối")
        update = {"update_id": 999, "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"},
                                                "text": "/start X"}}  # fmt: skip
        async with httpx.AsyncClient() as client:
            wrong = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
            missing = await client.post(url, json=update)
        assert (wrong.status_code, missing.status_code) == (403, 403)
    finally:
        await app.stop()


def test_rate_limiter_spaces_sends():
    from bot.services.outbox import RateLimiter

    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    limiter = RateLimiter(3, 1.0, monotonic=lambda: now[0], sleep=sleep)

    async def run() -> None:
        for chat in ("a", "b", "c", "d"):
            await limiter.wait(chat)  # the 4th waits for the rolling window
        await limiter.wait("d")  # the same chat again waits a second after its last send

    asyncio.run(run())
    assert slept == [1.05, 1.0]


def test_dispatch_lock_is_exclusive(database_url):
    from bot.store.lock import DispatchLock
    from bot.store.repository import make_engine

    one, two = make_engine(database_url), make_engine(database_url)
    first, second = DispatchLock(one), DispatchLock(two)
    try:
        assert first.try_acquire()
        assert not second.try_acquire()
        first.release()
        assert second.try_acquire()
    finally:
        first.release()
        second.release()
        one.dispose()
        two.dispose()


async def test_a_redelivered_update_is_handled_once(make_app, fake):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    update = fake.push_text(NV, "/done CCHC-1 lần đầu")
    await wait_text(fake, NV, "Đã ghi nhận")
    fake.push_text(NV, "/hoantac CCHC-1")
    await wait_text(fake, NV, "Đã hoàn tác")
    # The same update arrives again (as after a webhook retry): it must not close the task a second time.
    replay = dict(update)
    app.telegram.update_queue.put_nowait(  # type: ignore[union-attr]
        __import__("telegram").Update.de_json(replay, app.telegram.bot)  # type: ignore[union-attr]
    )
    await asyncio.sleep(0.3)
    assert app.store.completions() == {}


async def test_idle_ticks_skip_planning_but_never_the_next_slot(make_app, fake, clock):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    for moment in (local(2024, 3, 21, 7, 0), local(2024, 3, 21, 7, 30), local(2024, 3, 21, 7, 59)):
        clock.set(moment)
        await app.tick()  # no send time in between: nothing planned
    assert [m for m in app.store.outbox() if m.kind == "digest"] == []
    clock.set(local(2024, 3, 21, 8, 0, 20))
    await app.tick()
    assert "Thứ Năm, 21/03/2024" in await wait_text(fake, NV, "NHẮC VIỆC")
    clock.set(local(2024, 3, 21, 8, 0, 50))
    await app.tick()
    await asyncio.sleep(0.2)
    assert sum("NHẮC VIỆC" in t for t in fake.messages_to(NV)) == 1


async def test_a_new_message_with_a_reused_update_id_is_still_handled(make_app, fake):
    # Telegram picks update ids at random after a week without updates: only a repeated *message* is a repeat.
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    first = fake.push_text(NV, "/done CCHC-1")
    await wait_text(fake, NV, "Đã ghi nhận")
    reused = dict(first, message=dict(first["message"], message_id=9999, text="/done CCHC-4"))
    app.telegram.update_queue.put_nowait(  # type: ignore[union-attr]
        __import__("telegram").Update.de_json(reused, app.telegram.bot)  # type: ignore[union-attr]
    )
    assert "[CCHC-4]" in await wait_text(fake, NV, "CCHC-4")
