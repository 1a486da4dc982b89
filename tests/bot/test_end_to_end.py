"""A person goes from invite code to digest to /done to an admin's report, over HTTP against the fake server."""

from __future__ import annotations

import asyncio

from tests_bot_helpers import bind, last_text, local, wait_text

from bot.app import NhacViec

NV, ADMIN = 100, 900


async def test_invite_to_digest_to_done_to_report(make_app, fake, clock):
    app: NhacViec = await make_app()
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    assert "Đã kết nối! Bạn là đầu mối của: Sở Nội vụ." in last_text(fake, NV)
    await bind(app, fake, ADMIN, None, "admin")

    # 21/03/2024 08:00 Hà Nội: Quý I is 7 working days away, the Q1 report was due 15/03.
    clock.set(local(2024, 3, 21, 8, 0))
    await app.tick()
    digest = await wait_text(fake, NV, "NHẮC VIỆC")
    assert digest.startswith("📋 NHẮC VIỆC — Sở Nội vụ\nThứ Năm, 21/03/2024")
    assert "1. [CCHC-2] Báo cáo quý (Quý I/2024)\n   ⚠️ QUÁ HẠN 4 ngày làm việc (hạn 15/03/2024)" in digest
    assert "2. [CCHC-1] Ban hành kế hoạch tuyên truyền\n   🔔 Còn 7 ngày làm việc (hạn 01/04/2024)" in digest
    message = fake.sent[-1]
    buttons = message["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in buttons[0]] == ["✅ 1. Đã hoàn thành", "⏳ Xin gia hạn"]

    # The same tick again sends nothing new (idempotent outbox).
    before = len(fake.sent)
    await app.tick()
    assert len(fake.sent) == before

    # Close item 1 with the button, item 2 with a typed command and a note.
    fake.push_callback(NV, buttons[0][0]["callback_data"], message_id=message["message_id"])
    assert "✅ Đã ghi nhận hoàn thành: [CCHC-2] Báo cáo quý (Quý I/2024)" in await wait_text(
        fake, NV, "Đã ghi nhận"
    )
    fake.push_text(NV, "/done CCHC-1 đã ban hành KH số 12")
    reply = await wait_text(fake, NV, "CCHC-1", after=len(fake.sent))
    assert (
        reply.startswith("✅ Đã ghi nhận hoàn thành: [CCHC-1]") and "Ghi chú: đã ban hành KH số 12" in reply
    )

    # The report: CCHC-1 done on time, CCHC-2 done late (due 15/03, done 21/03).
    fake.push_text(ADMIN, "/baocao")
    report = await wait_text(fake, ADMIN, "BÁO CÁO TIẾN ĐỘ", after=len(fake.sent))
    assert "Sở Nội vụ: ✅ 1 · ☑️ 1 · ⏳ 1 · ⚠️ 0" in report  # CCHC-4 (Tháng 4) is in progress
    assert "bị lỡ" not in report  # a first start reports nothing as missed

    # Next morning nothing is repeated for the closed tasks.
    clock.set(local(2024, 3, 22, 8, 0))
    sent_before = len(fake.sent)
    await app.tick()
    await asyncio.sleep(0.2)
    new = [m["text"] for m in fake.sent[sent_before:] if m["chat_id"] == NV]
    assert all("CCHC-1" not in t and "[CCHC-2] Báo cáo quý (Quý I/2024)" not in t for t in new)


async def test_refusals_change_nothing(make_app, fake, clock):
    app: NhacViec = await make_app()
    fake.push_text(NV, "/viec")
    assert "chưa kết nối" in await wait_text(fake, NV, "chưa kết nối")
    fake.push_text(NV, "/start SAIMA123")
    assert "Mã kết nối không đúng" in await wait_text(fake, NV, "Mã kết nối")
    await bind(app, fake, NV, "demo:so-noi-vu", "focal")
    checks = [
        ("/done CCHC-3", "không giao cho đơn vị của bạn"),  # Sở Tư pháp's task
        ("/done KHONG-CO", "Không tìm thấy nhiệm vụ"),
        ("/giahan CCHC-1 31/02/2024 chờ Bộ", "không tồn tại"),
        ("/giahan CCHC-1 mai nhé", "không đúng dạng dd/mm/yyyy"),
        ("/giahan CCHC-1", "Cách dùng"),
        ("/baocao", "chỉ dành cho quản trị viên"),
        ("/abc", "Không có lệnh /abc"),
        ("xin chào", "chỉ hiểu các lệnh"),
        ("/done 5", "danh sách"),
    ]
    for text, expected in checks:
        count = len(fake.sent)
        fake.push_text(NV, text)
        assert expected in await wait_text(fake, NV, expected, after=count), text
    assert app.store.completions() == {}
    assert app.store.pending_extensions() == []


async def test_an_admin_without_an_agency_is_greeted_as_an_admin(make_app, fake):
    app: NhacViec = await make_app()
    await bind(app, fake, ADMIN, None, "admin")
    assert last_text(fake, ADMIN).startswith("✅ Đã kết nối! Bạn là quản trị viên.\n")
