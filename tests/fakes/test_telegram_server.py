"""The fake Bot API server, driven by real python-telegram-bot objects over real HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from telegram import Bot as PTBBot
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TimedOut,
)
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from fakes.telegram_server import FakeTelegram

CHAT = 1001

# PTB 22 warns, even while building RetryAfter itself, that `retry_after` will become a timedelta.
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        yield fake


def make_bot(tg: FakeTelegram, token: str | None = None, **request_kwargs: Any) -> PTBBot:
    return PTBBot(
        token or tg.token,
        base_url=tg.base_url,
        base_file_url=tg.base_file_url,
        request=HTTPXRequest(**request_kwargs) if request_kwargs else None,
    )


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[PTBBot]:
    async with make_bot(tg) as bot:  # initialize() calls getMe
        yield bot


def seconds(error: RetryAfter) -> float:
    """RetryAfter.retry_after in seconds: an int in PTB 22, a timedelta later (or with PTB_TIMEDELTA=1)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else value


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, callback_data=data) for text, data in pairs]])


async def test_get_me(tg: FakeTelegram, bot: PTBBot) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "nhacviec_test_bot"
    assert me.id == 123456
    assert bot.username == "nhacviec_test_bot"
    assert tg.base_url.startswith("http://127.0.0.1:") and tg.base_url.endswith("/bot")
    assert [name for name, _ in tg.calls] == ["getMe", "getMe"]


async def test_send_message_is_recorded_with_inline_keyboard(tg: FakeTelegram, bot: PTBBot) -> None:
    msg = await bot.send_message(
        CHAT, "<b>Hạn nộp</b> báo cáo quý: 123", parse_mode="HTML", reply_markup=keyboard(("Xong", "done:7"))
    )
    assert msg.message_id == 1
    assert msg.chat.id == CHAT and msg.from_user is not None and msg.from_user.is_bot
    assert msg.reply_markup == keyboard(("Xong", "done:7"))
    [sent] = tg.sent
    assert sent["chat_id"] == CHAT
    assert sent["text"] == "<b>Hạn nộp</b> báo cáo quý: 123"
    assert sent["parse_mode"] == "HTML"
    assert sent["reply_markup"] == {"inline_keyboard": [[{"text": "Xong", "callback_data": "done:7"}]]}
    assert sent["message_id"] == 1
    await bot.send_message(CHAT, "123")  # a numeric text stays a string
    assert tg.messages_to(CHAT) == ["<b>Hạn nộp</b> báo cáo quý: 123", "123"]
    assert tg.messages_to(CHAT + 1) == []
    assert tg.wait_for_sent(2, timeout=0.1)[1]["message_id"] == 2


async def test_send_message_refuses_what_telegram_refuses(tg: FakeTelegram, bot: PTBBot) -> None:
    # PTB strips "Bad Request: " and str.capitalize()s the rest of the description.
    with pytest.raises(BadRequest, match='Can\'t parse entities: unsupported start tag "br"'):
        await bot.send_message(CHAT, "dòng 1<br>dòng 2", parse_mode="HTML")
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(CHAT, "x" * 4097)
    await bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # tags do not count
    assert len(tg.sent) == 1


async def test_wait_for_sent_reports_what_was_sent(tg: FakeTelegram, bot: PTBBot) -> None:
    await bot.send_message(CHAT, "một")
    with pytest.raises(AssertionError, match="got 1: \\[\\(1001, 'một'\\)\\]"):
        tg.wait_for_sent(2, timeout=0.05)
    sending = asyncio.create_task(bot.send_message(CHAT, "hai"))
    assert len(await tg.wait_for_sent_async(2, timeout=2)) == 2
    await sending


async def test_get_updates_long_poll_and_offset(tg: FakeTelegram, bot: PTBBot) -> None:
    polling = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    assert not polling.done()  # the poll is held open while there is nothing to return
    pushed = tg.push_text(CHAT, "/start@nhacviec_test_bot hello", first_name="Lan")
    [update] = await asyncio.wait_for(polling, timeout=2)
    assert update.update_id == pushed["update_id"] == 1
    assert update.message is not None
    assert update.message.text == "/start@nhacviec_test_bot hello"
    assert update.message.chat.type == "private" and update.effective_user is not None
    assert update.effective_user.id == CHAT and update.effective_user.first_name == "Lan"
    assert update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start@nhacviec_test_bot")

    # Not acknowledged yet: returned again. Acknowledged with offset: gone.
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [1]
    started = time.monotonic()
    assert await bot.get_updates(offset=update.update_id + 1, timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 3
    assert tg.pending_updates == []
    second = tg.push_text(CHAT, "xin chào", user_id=77)
    assert second["update_id"] == 2 and second["message"]["message_id"] == 2
    assert "entities" not in second["message"] and second["message"]["from"]["id"] == 77


async def test_callback_query_round_trip(tg: FakeTelegram, bot: PTBBot) -> None:
    sent = await bot.send_message(
        CHAT, "Nộp báo cáo?", reply_markup=keyboard(("Xong", "done:7"), ("Hoãn", "snooze:7"))
    )
    tg.push_callback(CHAT, "done:7", message_id=sent.message_id)
    [update] = await bot.get_updates(timeout=1)
    query = update.callback_query
    assert query is not None and query.data == "done:7"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert query.message.reply_markup == sent.reply_markup

    assert await query.answer("Đã ghi nhận")
    edited = await query.edit_message_text("Nộp báo cáo? ✅ Đã xong")
    assert not isinstance(edited, bool) and edited.text == "Nộp báo cáo? ✅ Đã xong"
    assert edited.reply_markup is None and edited.edit_date is not None
    assert tg.answered == [{"callback_query_id": query.id, "text": "Đã ghi nhận"}]
    assert [(e["method"], e["message_id"], e["text"]) for e in tg.edits] == [
        ("editMessageText", sent.message_id, "Nộp báo cáo? ✅ Đã xong")
    ]
    with pytest.raises(BadRequest, match="not modified"):
        await query.edit_message_text("Nộp báo cáo? ✅ Đã xong")
    with pytest.raises(BadRequest, match="query id is invalid"):
        await query.answer()  # a query is answered once

    # A later press shows the message as edited.
    tg.push_callback(CHAT, "snooze:7", message_id=sent.message_id)
    [later] = await bot.get_updates(offset=update.update_id + 1, timeout=1)
    assert later.callback_query is not None and later.callback_query.message is not None
    assert later.callback_query.message.text == "Nộp báo cáo? ✅ Đã xong"
    await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard(("Mở lại", "reopen:7")))
    assert tg.edits[-1]["method"] == "editMessageReplyMarkup"
    assert tg.edits[-1]["reply_markup"] == {
        "inline_keyboard": [[{"text": "Mở lại", "callback_data": "reopen:7"}]]
    }


async def test_429_becomes_retry_after(tg: FakeTelegram, bot: PTBBot) -> None:
    tg.fail_next("sendMessage", status=429, description="Too Many Requests: retry after 3", retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(CHAT, "a")
    assert seconds(caught.value) == 3
    assert tg.sent == []
    await bot.send_message(CHAT, "a")  # only the next call failed
    assert tg.messages_to(CHAT) == ["a"]
    assert [name for name, _ in tg.calls].count("sendMessage") == 2


async def test_blocked_chat_is_forbidden(tg: FakeTelegram, bot: PTBBot) -> None:
    tg.blocked_chats.add(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "a")
    assert tg.sent == []


async def test_unknown_chat_is_bad_request(tg: FakeTelegram, bot: PTBBot) -> None:
    tg.unknown_chats.add(CHAT)
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(CHAT, "a")
    assert caught.value.message == "Chat not found"


async def test_late_answer_times_out_after_delivery(tg: FakeTelegram) -> None:
    tg.delay_next("sendMessage", 0.5)
    async with make_bot(tg, read_timeout=0.15) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(CHAT, "đã gửi nhưng không nhận được trả lời")
        assert tg.messages_to(CHAT) == ["đã gửi nhưng không nhận được trả lời"]
        await bot.send_message(CHAT, "lần sau thì nhanh")  # only the next call was late
    assert len(tg.sent) == 2


async def test_refused_set_my_commands_is_bad_request(tg: FakeTelegram, bot: PTBBot) -> None:
    commands = [BotCommand("start", "Bắt đầu"), BotCommand("today", "Việc hôm nay")]
    tg.refuse_methods.add("setMyCommands")
    with pytest.raises(BadRequest, match="Method is not available"):
        await bot.set_my_commands(commands)
    assert tg.commands is None
    tg.refuse_methods.clear()
    assert await bot.set_my_commands(commands)
    assert tg.commands == [
        {"command": "start", "description": "Bắt đầu"},
        {"command": "today", "description": "Việc hôm nay"},
    ]
    assert tuple(await bot.get_my_commands()) == tuple(commands)
    assert await bot.delete_my_commands()
    assert tg.commands is None
    assert await bot.set_my_description("Nhắc việc cho cơ quan")
    assert await bot.set_my_short_description("Nhắc việc")
    assert (tg.description, tg.short_description) == ("Nhắc việc cho cơ quan", "Nhắc việc")


async def test_wrong_token_and_unknown_method(tg: FakeTelegram, bot: PTBBot) -> None:
    with pytest.raises(InvalidToken, match="Unauthorized"):
        await make_bot(tg, token="999:WRONG").get_me()
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendPigeon", api_kwargs={"chat_id": CHAT})
    assert tg.calls[-1] == ("sendPigeon", {"chat_id": CHAT})
    assert await bot.close() and await bot.log_out()


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[str | None, dict[str, Any]]]

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((self.headers.get("X-Telegram-Bot-Api-Secret-Token"), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[str | None, dict[str, Any]]]]]:
    received: list[tuple[str | None, dict[str, Any]]] = []
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/telegram", received
    server.shutdown()
    server.server_close()


async def test_webhook_set_and_delivered_with_secret(tg: FakeTelegram, bot: PTBBot, receiver: Any) -> None:
    url, received = receiver
    assert await bot.set_webhook(
        url, secret_token="bi-mat_123", allowed_updates=["message", "callback_query"]
    )
    assert tg.webhook is not None and tg.webhook["url"] == url and tg.webhook["secret_token"] == "bi-mat_123"
    pushed = tg.push_text(CHAT, "/today")
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == (url, 1)
    assert info.allowed_updates == ("message", "callback_query")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()

    assert await tg.deliver_webhook_async() == 200
    assert received == [("bi-mat_123", pushed)]
    assert (await bot.get_webhook_info()).pending_update_count == 0
    assert tg.deliver_webhook({"update_id": 99, "message": pushed["message"]}) == 200
    assert received[-1][1]["update_id"] == 99

    assert await bot.delete_webhook()
    assert tg.webhook is None
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates(timeout=0) == ()


async def test_rate_limit_answers_429_and_counts(tg: FakeTelegram, bot: PTBBot) -> None:
    tg.limit_rate(30, window=60.0)  # one burst, however slowly this machine sends it
    results = await asyncio.gather(
        *(bot.send_message(CHAT, f"tin {i}") for i in range(40)), return_exceptions=True
    )
    rejected = [r for r in results if isinstance(r, RetryAfter)]
    assert len(rejected) == 10 and tg.rejected_429 == 10
    assert all(seconds(r) == 1 for r in rejected)
    assert len(tg.sent) == 30
    tg.limit_rate(None)
    await bot.send_message(CHAT, "không giới hạn nữa")
    assert len(tg.sent) == 31


async def test_application_polling_end_to_end(tg: FakeTelegram) -> None:
    """The way the bot's own tests use the fake: a whole Application polling it."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Chào bạn!", reply_markup=keyboard(("OK", "ok")))

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("Đã nhận")
        await update.callback_query.edit_message_text("Xong")

    app = ApplicationBuilder().token(tg.token).base_url(tg.base_url).base_file_url(tg.base_file_url).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        tg.push_text(CHAT, "/start")
        # Not tg.wait_for_sent(): it would block the event loop that runs the bot.
        [sent] = await tg.wait_for_sent_async(1)
        assert sent["text"] == "Chào bạn!" and sent["message_id"] == 2  # the user's /start was message 1
        tg.push_callback(CHAT, "ok", message_id=sent["message_id"])
        for _ in range(200):
            if tg.edits:
                break
            await asyncio.sleep(0.01)
        await app.updater.stop()
        await app.stop()
    assert [a["text"] for a in tg.answered] == ["Đã nhận"]
    assert [e["text"] for e in tg.edits] == ["Xong"]
    assert [name for name, _ in tg.calls][:2] == ["getMe", "deleteWebhook"]
