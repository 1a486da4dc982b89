"""The Zalo Bot API client, update parsing, channel error mapping, poller, webhook check and quota."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from fakes.zalo_server import FakeZalo

from bot.channels.zalo import (
    DEFAULT_BASE_URL,
    MAX_LENGTH,
    QuotaCounter,
    ZaloApiError,
    ZaloChannel,
    ZaloClient,
    ZaloMessage,
    ZaloNetworkError,
    ZaloPoller,
    check_webhook_secret,
    parse_update,
)
from bot.services.channel import (
    Channel,
    DeliveryUncertain,
    MessageRejected,
    RetryLater,
    TemporaryFailure,
    Undeliverable,
)


@pytest.fixture
def zalo() -> Iterator[FakeZalo]:
    with FakeZalo() as fake:
        yield fake


@pytest.fixture
async def client(zalo: FakeZalo) -> AsyncIterator[ZaloClient]:
    c = ZaloClient(zalo.token, base_url=zalo.base_url, timeout=2.0)
    yield c
    await c.aclose()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ------------------------------------------------------------------------------------------- client


async def test_get_me_and_send_message(zalo: FakeZalo, client: ZaloClient) -> None:
    me = await client.get_me()
    assert me["account_name"] == "bot.NhacViecTest"
    result = await client.send_message("u1", "Xin chào")
    assert result["message_id"] and isinstance(result["message_id"], str)
    assert zalo.sent == [{"chat_id": "u1", "text": "Xin chào", "message_id": result["message_id"]}]
    assert zalo.calls[-1] == ("sendMessage", {"chat_id": "u1", "text": "Xin chào"})


async def test_ok_false_with_http_200_raises(zalo: FakeZalo, client: ZaloClient) -> None:
    zalo.fail_next("sendMessage", error_code=400, description="Something is wrong")
    with pytest.raises(ZaloApiError) as info:
        await client.send_message("u1", "x")
    assert info.value.error_code == 400
    assert info.value.http_status == 200
    assert info.value.description == "Something is wrong"
    assert zalo.sent == []


async def test_wrong_token_is_ok_false_401(zalo: FakeZalo) -> None:
    async with ZaloClient("999:wrong-token", base_url=zalo.base_url) as bad:
        with pytest.raises(ZaloApiError) as info:
            await bad.get_me()
    assert info.value.error_code == 401 and info.value.http_status == 200
    assert "wrong-token" not in str(info.value)


async def test_non_json_answer_raises() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html>Bad gateway</html>")

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        c = ZaloClient("1:tok-SECRET", base_url="http://zalo.test", client=http)
        with pytest.raises(ZaloApiError) as info:
            await c.get_me()
        await c.aclose()
        assert not http.is_closed  # a client passed in is the caller's to close
    assert info.value.http_status == 502 and info.value.error_code == 502
    assert "not a JSON answer" in str(info.value)


async def test_envelope_not_status_decides() -> None:
    """ok:true wins even on an odd status; result may be a list; retry_after read from the body."""
    answers = [
        httpx.Response(201, json={"ok": True, "result": [{"message": {"x": 1}}, "junk"]}),
        httpx.Response(
            429,
            json={
                "ok": False,
                "error_code": 429,
                "description": "Too many",
                "parameters": {"retry_after": 7},
            },
        ),
        httpx.Response(429, json={"ok": False, "description": "slow down"}, headers={"Retry-After": "3"}),
    ]

    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda r: answers.pop(0))) as http:
        c = ZaloClient("1:tok", base_url="http://zalo.test", client=http)
        assert await c.get_updates(1) == [{"message": {"x": 1}}]
        with pytest.raises(ZaloApiError) as first:
            await c.send_message("u", "x")
        with pytest.raises(ZaloApiError) as second:
            await c.send_message("u", "x")
        await c.aclose()
    assert first.value.retry_after == 7
    assert second.value.error_code == 429 and second.value.retry_after == 3


async def test_base_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NHACVIEC_ZALO_BASE_URL", raising=False)
    c = ZaloClient("1:t")
    assert c.base_url == DEFAULT_BASE_URL
    await c.aclose()
    monkeypatch.setenv("NHACVIEC_ZALO_BASE_URL", "https://bot-api.zapps.me/")
    c = ZaloClient("1:t")
    assert c.base_url == "https://bot-api.zapps.me"
    await c.aclose()


async def test_idle_poll_answers_408_and_gives_no_updates(zalo: FakeZalo, client: ZaloClient) -> None:
    started = time.monotonic()
    assert await client.get_updates(timeout_s=0.2) == []
    assert time.monotonic() - started < 1.5
    assert zalo.calls[-1] == ("getUpdates", {"timeout": "0"})


async def test_get_updates_returns_one_update_then_repeats_it(zalo: FakeZalo, client: ZaloClient) -> None:
    first = zalo.push_text("u1", "một")
    second = zalo.push_text("u1", "hai")
    assert await client.get_updates(1) == [first]
    assert await client.get_updates(1) == [second]
    assert await client.get_updates(1) == [second]  # already read, comes back
    third = zalo.push_text("u2", "ba")
    assert await client.get_updates(1) == [third]


async def test_webhook_methods(zalo: FakeZalo, client: ZaloClient) -> None:
    await client.set_webhook("https://example.test/zalo", "s3cret-value")
    assert zalo.webhook is not None and zalo.webhook["secret_token"] == "s3cret-value"
    assert (await client.get_webhook_info())["url"] == "https://example.test/zalo"
    with pytest.raises(ZaloApiError):
        await client.get_updates(0)  # refused while a webhook is set
    await client.delete_webhook()
    assert (await client.get_webhook_info())["url"] == ""
    with pytest.raises(ZaloApiError) as info:
        await client.set_webhook("https://example.test/zalo", "short")
    assert "8 to 256" in info.value.description


# ------------------------------------------------------------------------------------------- parsing


def _update(sender: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {
        **top,
        "message": {
            "message_id": "16f6366b3f02645a3d15",
            "date": 1766619597466,
            "text": "/viec",
            "from": {"id": "e4ea2cd5", **sender},
            "chat": {"id": "e4ea2cd5", "chat_type": "PRIVATE"},
        },
    }


@pytest.mark.parametrize("field", ["display_name", "first_name", "name"])
def test_parse_update_reads_every_name_field(field: str) -> None:
    message = parse_update(_update({field: "Nguyễn Văn A"}, event_name="message.text.received"))
    assert message == ZaloMessage(
        message_id="16f6366b3f02645a3d15",
        chat_id="e4ea2cd5",
        sender_id="e4ea2cd5",
        sender_name="Nguyễn Văn A",
        text="/viec",
        date_ms=1766619597466,
        chat_type="PRIVATE",
    )
    assert message.to_incoming().channel == "zalo"
    assert message.to_incoming().text == "/viec"


def test_parse_update_without_event_name_and_in_the_webhook_wrapper() -> None:
    bare = _update({"first_name": "A"})
    assert parse_update(bare) is not None
    wrapped = {"ok": True, "result": _update({"display_name": "B"}, event_name="message.text.received")}
    message = parse_update(wrapped)
    assert message is not None and message.sender_name == "B"


def test_parse_update_skips_non_text_and_junk() -> None:
    sticker = {
        "event_name": "message.sticker.received",
        "message": {"message_id": "1", "sticker": "abc", "from": {"id": "u"}, "chat": {"id": "u"}},
    }
    assert parse_update(sticker) is None
    assert parse_update({"event_name": "message.image.received", **_update({})}) is None
    assert parse_update(None) is None
    assert parse_update("text") is None
    assert parse_update({"message": "text"}) is None
    assert parse_update({"message": {"text": "no ids"}}) is None
    assert parse_update({"ok": True, "result": None}) is None


def test_parse_update_is_lenient_about_types() -> None:
    raw = {"message": {"message_id": 42, "date": 1766619597, "text": "hi", "from": {"id": 7}, "chat": {}}}
    message = parse_update(raw)
    assert message is not None
    assert (message.message_id, message.chat_id, message.sender_id) == ("42", "7", "7")
    assert message.date_ms == 1766619597000  # seconds turned into milliseconds
    assert message.sender_name == "" and message.chat_type == "PRIVATE"


# ------------------------------------------------------------------------------------------- channel


async def test_channel_protocol_and_success(zalo: FakeZalo, client: ZaloClient) -> None:
    channel: Channel = ZaloChannel(client)
    assert (channel.name, channel.max_length, channel.supports_buttons) == ("zalo", 2000, False)
    message_id = await channel.send("u1", "Nhắc việc")
    assert message_id == zalo.sent[0]["message_id"]


async def test_channel_429_is_retry_later(zalo: FakeZalo, client: ZaloClient) -> None:
    channel = ZaloChannel(client)
    zalo.fail_next(
        "sendMessage", http_status=429, error_code=429, description="Too many requests", retry_after=9
    )
    with pytest.raises(RetryLater) as info:
        await channel.send("u1", "x")
    assert info.value.after == 9
    zalo.fail_next("sendMessage", error_code=429, description="Quota exceeded")  # HTTP 200, no hint
    with pytest.raises(RetryLater) as info:
        await channel.send("u1", "x")
    assert info.value.after == 5


async def test_channel_blocked_and_unknown_are_undeliverable(zalo: FakeZalo, client: ZaloClient) -> None:
    channel = ZaloChannel(client)
    zalo.blocked_chats.add("u-blocked")
    zalo.unknown_chats.add("u-gone")
    with pytest.raises(Undeliverable, match="blocked"):
        await channel.send("u-blocked", "x")
    with pytest.raises(Undeliverable, match="not found"):
        await channel.send("u-gone", "x")
    zalo.fail_next("sendMessage", error_code=-230, description="User has not followed the bot")
    with pytest.raises(Undeliverable):
        await channel.send("u1", "x")
    assert zalo.sent == []


async def test_channel_too_long_is_rejected(zalo: FakeZalo, client: ZaloClient) -> None:
    channel = ZaloChannel(client)
    with pytest.raises(MessageRejected):
        await channel.send("u1", "a" * (MAX_LENGTH + 1))
    with pytest.raises(MessageRejected):
        await channel.send("u1", "   ")
    assert zalo.calls == []  # refused locally: no call, no quota spent
    with pytest.raises(ZaloApiError, match="between 1 and 2000"):  # and the server refuses it as well
        await client.send_message("u1", "a" * (MAX_LENGTH + 1))
    zalo.fail_next("sendMessage", error_code=400, description="text must be between 1 and 2000 characters")
    with pytest.raises(MessageRejected):
        await channel.send("u1", "ok")
    assert await channel.send("u1", "a" * MAX_LENGTH)


async def test_channel_server_errors_are_temporary(zalo: FakeZalo, client: ZaloClient) -> None:
    zalo.fail_next("sendMessage", http_status=503, error_code=503, description="Service unavailable")
    with pytest.raises(TemporaryFailure):
        await ZaloChannel(client).send("u1", "x")


async def test_connection_refused_is_temporary_failure() -> None:
    token = "77:refused-SECRET-token"
    async with ZaloClient(token, base_url=f"http://127.0.0.1:{closed_port()}", timeout=1.0) as c:
        with pytest.raises(TemporaryFailure) as info:
            await ZaloChannel(c).send("u1", "x")
        with pytest.raises(ZaloNetworkError) as raw:
            await c.get_me()
    assert raw.value.maybe_sent is False
    assert token not in str(info.value) and token not in str(raw.value)
    assert info.value.__cause__ is None  # the httpx exception (and its URL) is not chained


async def test_read_timeout_is_delivery_uncertain(zalo: FakeZalo) -> None:
    zalo.delay_next("sendMessage", 1.0)
    async with ZaloClient(zalo.token, base_url=zalo.base_url, timeout=0.3) as c:
        with pytest.raises(DeliveryUncertain) as info:
            await ZaloChannel(c).send("u1", "có thể đã tới")
    assert zalo.sent[0]["text"] == "có thể đã tới"  # it did arrive: hence "uncertain", not "failed"
    assert zalo.token not in str(info.value)


async def test_token_never_leaks(zalo: FakeZalo, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    c = ZaloClient(zalo.token, base_url=zalo.base_url, timeout=0.3)
    assert zalo.token not in repr(c) and "redacted" in repr(c)
    errors: list[BaseException] = []
    await c.get_me()
    zalo.fail_next("sendMessage", error_code=400, description=f"bad url /bot{zalo.token}/sendMessage")
    zalo.delay_next("getMe", 1.0)
    for attempt in (c.send_message("u1", "x"), c.get_me()):
        try:
            await attempt
        except ZaloApiError as exc:
            errors.append(exc)
    refused = ZaloClient(zalo.token, base_url=f"http://127.0.0.1:{closed_port()}", timeout=0.3)
    for ch in (ZaloChannel(c), ZaloChannel(refused)):
        zalo.delay_next("sendMessage", 1.0)
        try:
            await ch.send("u1", "x")
        except Exception as exc:
            errors.append(exc)
    await c.aclose()
    await refused.aclose()
    logging.getLogger("test").exception("with a traceback", exc_info=errors[0])
    assert len(errors) == 4
    for exc in errors:
        assert zalo.token not in str(exc) and zalo.token not in repr(exc)
    assert any("<token>" in str(exc) for exc in errors)
    assert any(r.name == "httpx" for r in caplog.records)  # httpx did log the request lines...
    for record in caplog.records:  # ...with the token redacted
        assert zalo.token not in record.getMessage()
    assert zalo.token not in caplog.text


# ------------------------------------------------------------------------------------------- poller


async def _run_until(poller: ZaloPoller, stop: asyncio.Event, done: Any, timeout: float = 5.0) -> None:
    task = asyncio.create_task(poller.run(stop))
    try:
        deadline = time.monotonic() + timeout
        while not done():
            assert time.monotonic() < deadline, "condition not reached in time"
            assert not task.done(), task.exception() if task.done() else None
            await asyncio.sleep(0.01)
    finally:
        stop.set()
        await asyncio.wait_for(task, 2.0)


async def test_poller_dedupes_repeats_and_keeps_the_interval(zalo: FakeZalo, client: ZaloClient) -> None:
    seen_ids: set[str] = set()
    asked: list[str] = []

    def first_time(message_id: str) -> bool:
        asked.append(message_id)
        if message_id in seen_ids:
            return False
        seen_ids.add(message_id)
        return True

    got: list[ZaloMessage] = []

    async def on_message(message: ZaloMessage) -> None:
        got.append(message)

    zalo.push_text("u1", "/start ABC", sender_name="Chị Lan")
    poller = ZaloPoller(client, on_message, first_time, min_interval=0.05, poll_timeout=1)
    stop = asyncio.Event()
    await _run_until(poller, stop, lambda: len(zalo.times_of("getUpdates")) >= 6)
    assert [(m.chat_id, m.text, m.sender_name) for m in got] == [("u1", "/start ABC", "Chị Lan")]
    gaps = [b - a for a, b in itertools.pairwise(zalo.times_of("getUpdates"))]
    assert min(gaps) >= 0.045, gaps  # repeats answer at once: only min_interval spaces the polls

    # A new message after restarting (a fresh poller: its memo is empty, the `seen` set is what dedupes).
    zalo.push_text("u2", "/viec", name_field="first_name")
    poller = ZaloPoller(client, on_message, first_time, min_interval=0.05, poll_timeout=1)
    await _run_until(poller, asyncio.Event(), lambda: len(got) == 2 and poller.polls >= 3)
    assert got[1].text == "/viec" and got[1].sender_name == "Người dùng"
    assert asked.count(got[1].message_id) == 1  # repeats are not even asked again


async def test_poller_survives_bad_updates_and_failing_handlers(zalo: FakeZalo, client: ZaloClient) -> None:
    seen_ids: set[str] = set()
    got: list[str] = []

    def first_time(message_id: str) -> bool:
        new = message_id not in seen_ids
        seen_ids.add(message_id)
        return new

    async def on_message(message: ZaloMessage) -> None:
        if message.text == "boom":
            raise RuntimeError("handler failed")
        got.append(message.text)

    zalo.push_update({"event_name": "message.text.received", "message": "garbage"})
    zalo.push_update({"event_name": "message.sticker.received", "message": {"message_id": "s1"}})
    zalo.push_text("u1", "boom")
    zalo.push_text("u1", "sau lỗi", omit_event_name=True)
    poller = ZaloPoller(client, on_message, first_time, min_interval=0.01, poll_timeout=1)
    await _run_until(poller, asyncio.Event(), lambda: got == ["sau lỗi"])


async def test_poller_backs_off_on_errors(zalo: FakeZalo, client: ZaloClient) -> None:
    zalo.fail_next("getUpdates", http_status=500, error_code=500, description="Internal error", times=3)
    zalo.push_text("u1", "xin chào")
    got: list[str] = []

    async def on_message(message: ZaloMessage) -> None:
        got.append(message.text)

    poller = ZaloPoller(
        client,
        on_message,
        lambda _: True,
        min_interval=0.01,
        poll_timeout=1,
        backoff_base=0.05,
        max_backoff=0.1,
    )
    assert [poller.backoff(n) for n in (1, 2, 3, 4)] == [0.05, 0.1, 0.1, 0.1]
    await _run_until(poller, asyncio.Event(), lambda: got == ["xin chào"])
    times = zalo.times_of("getUpdates")
    assert times[1] - times[0] >= 0.045 and times[2] - times[1] >= 0.095 and times[3] - times[2] >= 0.095


async def test_poller_stops_during_a_long_poll(zalo: FakeZalo, client: ZaloClient) -> None:
    async def on_message(message: ZaloMessage) -> None:
        raise AssertionError("no message expected")

    poller = ZaloPoller(client, on_message, lambda _: True, min_interval=0.01, poll_timeout=30)
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    await asyncio.sleep(0.2)  # now inside a 30 s long poll
    started = time.monotonic()
    stop.set()
    await asyncio.wait_for(task, 2.0)
    assert time.monotonic() - started < 1.0


# ------------------------------------------------------------------------------------------- webhook


def test_check_webhook_secret() -> None:
    assert check_webhook_secret({"X-Bot-Api-Secret-Token": "đúng-bí-mật"}, "đúng-bí-mật")
    assert check_webhook_secret({"x-bot-api-secret-token": "s3cret-value"}, "s3cret-value")
    assert not check_webhook_secret({"X-Bot-Api-Secret-Token": "wrong-value"}, "s3cret-value")
    assert not check_webhook_secret({}, "s3cret-value")
    assert not check_webhook_secret({"X-Bot-Api-Secret-Token": ""}, "")  # no secret configured: refuse


async def test_webhook_delivery_end_to_end(zalo: FakeZalo, client: ZaloClient) -> None:
    received: list[ZaloMessage | None] = []

    class Receiver(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            ok = check_webhook_secret(dict(self.headers.items()), "s3cret-value")
            if ok:
                received.append(parse_update(body))
            self.send_response(200 if ok else 403)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        await client.set_webhook(f"http://127.0.0.1:{server.server_address[1]}/zalo", "s3cret-value")
        zalo.push_text("u1", "/done 3", name_field="name", sender_name="Anh Tuấn")
        assert await zalo.deliver_webhook_async(secret="wrong-secret") == 403
        assert await zalo.deliver_webhook_async(secret=None) == 403
        assert zalo.unread_updates  # not consumed by a refused delivery
        assert await zalo.deliver_webhook_async() == 200
        assert zalo.unread_updates == []
    finally:
        server.shutdown()
        server.server_close()
    assert len(received) == 1 and received[0] is not None
    assert (received[0].text, received[0].sender_name) == ("/done 3", "Anh Tuấn")


# ------------------------------------------------------------------------------------------- quota


def test_quota_should_warn() -> None:
    assert not QuotaCounter.should_warn(2399, 3000, 0.8)
    assert QuotaCounter.should_warn(2400, 3000, 0.8)
    assert QuotaCounter.should_warn(3100, 3000, 0.8)
    assert not QuotaCounter.should_warn(10, 0, 0.8)


def test_quota_month_is_vietnamese() -> None:
    late_utc = datetime(2025, 1, 31, 18, 30, tzinfo=UTC)  # 01:30 on 1 February in Hà Nội
    assert QuotaCounter.month_key(late_utc) == "2025-02"
    assert QuotaCounter.month_key(datetime(2025, 1, 31, 16, 59, tzinfo=UTC)) == "2025-01"
    start = QuotaCounter.month_start(late_utc)
    assert start.isoformat() == "2025-02-01T00:00:00+07:00"


def test_quota_counter_warns_once_a_month() -> None:
    asked: list[datetime] = []
    count = {"n": 2000}

    def count_since(start: datetime) -> int:
        asked.append(start)
        return count["n"]

    quota = QuotaCounter(count_since, quota=3000, share=0.8)
    now = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)
    assert not quota.warn_due(now)
    assert quota.remaining(now) == 1000
    count["n"] = 2500
    assert quota.warn_due(now)
    assert not quota.warn_due(now + timedelta(days=1))
    assert quota.warn_due(now + timedelta(days=31))  # April
    assert asked[0] == QuotaCounter.month_start(now)
