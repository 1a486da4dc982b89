"""Telegram through python-telegram-bot: sending with our error mapping, and receiving into the chat layer.

The adapter is the only module that sees telegram.* types. Error mapping (PTB → ours):
- RetryAfter → RetryLater(seconds);
- Forbidden ("bot was blocked by the user", "user is deactivated") and BadRequest "chat not found" →
  Undeliverable: the chat is flagged and the admins told;
- any other BadRequest → MessageRejected (this message is wrong, the chat is fine);
- TimedOut caused by a connect or pool timeout → TemporaryFailure (nothing reached Telegram: safe to retry);
  any other TimedOut, or a connection dropped after the request was written → DeliveryUncertain (the message
  may have arrived; we do not resend blindly);
- other NetworkError → TemporaryFailure.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta

import httpx
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
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


def _retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 warns that retry_after will become a timedelta
        after = exc.retry_after
    return after.total_seconds() if isinstance(after, timedelta) else float(after)


class TelegramChannel:
    """Sends messages through a PTB `Bot`."""

    name = "telegram"
    max_length = MAX_LENGTH
    supports_buttons = True

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: str, text: str, buttons: Keyboard = ()) -> str:
        try:
            message = await self.bot.send_message(
                chat_id=int(chat_id), text=text, reply_markup=_markup(buttons)
            )
        except RetryAfter as exc:
            raise RetryLater(_retry_seconds(exc), str(exc)) from exc
        except Forbidden as exc:
            raise Undeliverable(str(exc)) from exc
        except BadRequest as exc:
            if any(marker in str(exc).lower() for marker in _CHAT_GONE):
                raise Undeliverable(str(exc)) from exc
            raise MessageRejected(str(exc)) from exc
        except TimedOut as exc:
            if isinstance(exc.__cause__, _NOT_SENT):
                raise TemporaryFailure(str(exc)) from exc
            raise DeliveryUncertain(str(exc)) from exc
        except NetworkError as exc:
            if isinstance(exc.__cause__, _NOT_SENT) or exc.__cause__ is None:
                raise TemporaryFailure(str(exc)) from exc
            raise DeliveryUncertain(str(exc)) from exc
        return str(message.message_id)


def build_application(
    token: str,
    base_url: str | None,
    handler: Handler,
    read_timeout: float = 10.0,
    first_time: Callable[[int], bool] | None = None,
) -> Application:  # type: ignore[type-arg]
    """A PTB application whose every text and button goes to `handler`; replies are sent back in order.

    `first_time(update_id)` is False for an update already handled (a webhook redelivery, a restart in the
    middle of a batch): such repeats are dropped, so a /done or an extension request never happens twice.
    """
    builder = ApplicationBuilder().token(token).read_timeout(read_timeout)
    if base_url:
        builder = builder.base_url(base_url.rstrip("/") + "/bot").base_file_url(
            base_url.rstrip("/") + "/file/bot"
        )
    application = builder.build()

    def repeated(update: Update) -> bool:
        return first_time is not None and not first_time(update.update_id)

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
