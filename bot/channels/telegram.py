"""Telegram through python-telegram-bot: sending with our error mapping, and receiving into the chat layer.

The adapter is the only module that sees Telegram's types and answers. Error mapping (Telegram → ours):
- 429 / `parameters.retry_after` → RetryLater(seconds);
- 403 ("bot was blocked by the user", "user is deactivated") and 400 "chat not found" → Undeliverable: the
  chat is flagged and the admins told;
- any other 400 → MessageRejected (this message is wrong, the chat is fine);
- a connect or pool timeout, a refused connection → TemporaryFailure (nothing reached Telegram: safe to retry);
  a read timeout, or a connection dropped after the request was written → DeliveryUncertain (the message may
  have arrived; we do not resend blindly);
- 401/404/409/5xx → TemporaryFailure.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.chat.commands import Incoming, Reply
from bot.chat.texts import split_message
from bot.services.channel import (
    DeliveryUncertain,
    Keyboard,
    MessageRejected,
    RetryLater,
    TemporaryFailure,
    Undeliverable,
)

log = logging.getLogger(__name__)

MAX_LENGTH = 4096
MENU = [
    ("viec", "Các việc đang mở của đơn vị"),
    ("done", "Báo hoàn thành: /done MÃ hoặc /done SỐ"),
    ("giahan", "Xin gia hạn: /giahan MÃ dd/mm/yyyy lý do"),
    ("hoantac", "Hoàn tác báo hoàn thành nhầm"),
    ("huongdan", "Hướng dẫn sử dụng"),
]
_CHAT_GONE = ("chat not found", "user is deactivated", "bot was kicked", "bot was blocked", "peer_id_invalid")
_NOT_SENT = (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ConnectError)

Handler = Callable[[Incoming], Awaitable[list[Reply]]]


def _markup(buttons: Keyboard) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in buttons]
    )


class TelegramChannel:
    """Sends messages with one plain HTTPS call per message to the Bot API's sendMessage.

    Receiving, the command menu and webhooks go through python-telegram-bot; sending does not, because PTB
    builds and parses full `Message` objects we never use: measured at 1.6× the CPU of a bare request per
    message (bench/dispatch_bench.py). The error mapping is the same as PTB's, read from Telegram's answer.
    """

    name = "telegram"
    max_length = MAX_LENGTH
    supports_buttons = True

    def __init__(self, token: str, base_url: str | None = None, read_timeout: float = 10.0) -> None:
        root = (base_url or "https://api.telegram.org").rstrip("/")
        self._url = f"{root}/bot{token}/sendMessage"
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(connect=5.0, read=read_timeout, write=5.0, pool=5.0),
            limits=httpx.Limits(max_connections=8, max_keepalive_connections=8),
        )

    def __repr__(self) -> str:
        return "TelegramChannel(***)"  # the URL holds the token

    async def aclose(self) -> None:
        await self._client.aclose()

    async def send(self, chat_id: str, text: str, buttons: Keyboard = ()) -> str:
        payload: dict[str, object] = {"chat_id": int(chat_id), "text": text}
        if buttons:
            payload["reply_markup"] = {
                "inline_keyboard": [
                    [{"text": b.text, "callback_data": b.data} for b in row] for row in buttons
                ]
            }
        try:
            response = await self._client.post(self._url, json=payload)
        except _NOT_SENT as exc:
            raise TemporaryFailure(type(exc).__name__) from None  # nothing reached Telegram: safe to retry
        except httpx.HTTPError as exc:  # read timeout, connection dropped after writing: it may have arrived
            raise DeliveryUncertain(type(exc).__name__) from None
        try:
            answer = response.json()
        except ValueError:
            raise TemporaryFailure(f"HTTP {response.status_code}: not JSON") from None
        if answer.get("ok"):
            return str(answer["result"]["message_id"])
        raise _delivery_error(response.status_code, answer)


def _delivery_error(status: int, answer: dict[str, Any]) -> Exception:
    code = int(answer.get("error_code") or status)
    description = str(answer.get("description") or f"HTTP {status}")
    retry_after = (answer.get("parameters") or {}).get("retry_after")
    if retry_after is not None or code == 429:
        return RetryLater(float(retry_after or 5), description)
    if code == 403 or any(marker in description.lower() for marker in _CHAT_GONE):
        return Undeliverable(description)
    if code == 400:
        return MessageRejected(description)
    return TemporaryFailure(description)  # 401/404 (token revoked), 409, 5xx: nothing delivered; retry later


def build_application(
    token: str,
    base_url: str | None,
    handler: Handler,
    read_timeout: float = 10.0,
    first_time: Callable[[str], bool] | None = None,
) -> Application:  # type: ignore[type-arg]
    """A PTB application whose every text and button goes to `handler`; replies are sent back in order.

    `first_time(key)` is False for an update already handled (a webhook redelivery, a restart in the
    middle of a batch): such repeats are dropped, so a /done or an extension request never happens twice.
    """
    builder = ApplicationBuilder().token(token).read_timeout(read_timeout)
    if base_url:
        builder = builder.base_url(base_url.rstrip("/") + "/bot").base_file_url(
            base_url.rstrip("/") + "/file/bot"
        )
    application = builder.build()
    bot_id = token.split(":", 1)[0]  # keys of handled updates are per bot

    def repeated(update: Update) -> bool:
        # Keyed by what Telegram keeps unique (a chat's message ids never repeat; callback ids are unique),
        # not by update_id, which restarts at random after a week without updates.
        if first_time is None:
            return False
        if update.callback_query is not None:
            key = f"callback:{update.callback_query.id}"
        elif update.effective_message is not None and update.effective_chat is not None:
            key = f"message:{update.effective_chat.id}:{update.effective_message.message_id}"
        else:
            return False
        return not first_time(f"{bot_id}:{key}")

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, chat, user = update.effective_message, update.effective_chat, update.effective_user
        if message is None or chat is None or message.text is None or repeated(update):
            return
        name = user.full_name if user else ""
        replies = await handler(Incoming("telegram", str(chat.id), name, text=message.text))
        await _send_replies(context.bot, chat.id, replies)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, chat, user = update.callback_query, update.effective_chat, update.effective_user
        if query is None or chat is None or repeated(update):
            return
        name = user.full_name if user else ""
        replies = await handler(Incoming("telegram", str(chat.id), name, callback=query.data or ""))
        try:
            await query.answer()
        except TelegramError as exc:  # an old button: answering may fail, the reply below still goes out
            log.info("callback answer failed: %s", exc)
        await _send_replies(context.bot, chat.id, replies)

    application.add_handler(MessageHandler(filters.TEXT, on_text))
    application.add_handler(CallbackQueryHandler(on_button))
    return application


async def _send_replies(bot: Bot, chat_id: int, replies: list[Reply]) -> None:
    for reply in replies:
        parts = split_message(reply.text, MAX_LENGTH)
        for i, part in enumerate(parts):
            markup = _markup(reply.buttons) if i == len(parts) - 1 else None
            await bot.send_message(chat_id=chat_id, text=part, reply_markup=markup)


async def set_menu(bot: Bot) -> None:
    """Register the Vietnamese command menu; a server that refuses it only costs the menu, never the start."""
    try:
        await bot.set_my_commands([BotCommand(name, description) for name, description in MENU])
    except TelegramError as exc:
        log.warning("setMyCommands refused (%s); continuing without the command menu", exc)
