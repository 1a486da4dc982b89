"""Zalo through the Zalo Bot API: a thin httpx client, update parsing, the Channel adapter and a poller.

The Bot API (DESIGN §7) is Telegram-shaped but not Telegram: ``POST {base}/bot{TOKEN}/{method}`` with a
JSON body, answered with the envelope ``{ok, result, error_code, description}``. The envelope decides, not
the HTTP status: an HTTP 200 with ``ok: false`` is an error. ``getUpdates`` has no offset and returns one
update at a time, repeating already-read ones, so callers dedupe by ``message_id``; an idle long poll ends
with HTTP 408. Webhook bodies arrive as ``{ok: true, result: update}`` with the header
``X-Bot-Api-Secret-Token``. No buttons, no edits.

The token is part of every URL, and httpx puts URLs into its exception texts and its INFO log lines; so
this module never lets an httpx exception escape (it wraps them, with the token redacted and without
chaining), and it filters the ``httpx`` logger's records to redact the token while a client is open.

Error mapping in :class:`ZaloChannel` (ours on the right):
- HTTP 429 or ``error_code`` 429 → RetryLater (``retry_after`` from the body or ``Retry-After``, else 5 s);
- ``error_code`` 403/404, or a description saying the user is unknown, blocked, not following or that
  sending is not allowed/forbidden → Undeliverable;
- connect errors/timeouts (nothing reached Zalo), HTTP 5xx and 401 (bad token) → TemporaryFailure;
- a read timeout or a connection dropped after the request was written → DeliveryUncertain;
- any other ``ok: false`` (too long, empty, malformed) → MessageRejected.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import math
import os
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from bot.chat.commands import Incoming
from bot.services.channel import (
    DeliveryUncertain,
    Keyboard,
    MessageRejected,
    RetryLater,
    TemporaryFailure,
    Undeliverable,
)

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
LEGACY_BASE_URL = "https://bot-api.zapps.me"
BASE_URL_ENV = "NHACVIEC_ZALO_BASE_URL"
MAX_LENGTH = 2000
SECRET_HEADER = "X-Bot-Api-Secret-Token"
TEXT_EVENT = "message.text.received"
DEFAULT_RETRY_AFTER = 5.0
DEFAULT_QUOTA = 3000  # messages a month for a free bot
VN = ZoneInfo("Asia/Ho_Chi_Minh")

_GONE_CODES = frozenset({403, 404})
_GONE_MARKERS = (
    "not found",
    "not exist",
    "blocked",
    "not allowed",
    "forbidden",
    "not follow",
    "unfollow",
    "not a follower",
    "invalid chat",
    "chat_id is invalid",
    "user is deactivated",
)
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
_NAME_FIELDS = ("display_name", "first_name", "name", "username")


# ---------------------------------------------------------------------------------------------- errors


class ZaloApiError(Exception):
    """Zalo answered ``ok: false`` (or something that is not the envelope). Never carries the token."""

    def __init__(
        self,
        description: str,
        *,
        error_code: int | None = None,
        http_status: int | None = None,
        method: str = "",
        retry_after: float | None = None,
    ) -> None:
        self.description = description
        self.error_code = error_code
        self.http_status = http_status
        self.method = method
        self.retry_after = retry_after
        where = f"Zalo {method}: " if method else "Zalo: "
        code = f" (error_code {error_code})" if error_code is not None else ""
        status = f" [HTTP {http_status}]" if http_status is not None and http_status != 200 else ""
        super().__init__(f"{where}{description}{code}{status}")


class ZaloNetworkError(ZaloApiError):
    """No usable answer came. ``maybe_sent`` is False only when the request certainly never left."""

    def __init__(self, description: str, *, method: str = "", maybe_sent: bool) -> None:
        super().__init__(description, method=method)
        self.maybe_sent = maybe_sent


def _redact(text: str, token: str) -> str:
    if not token:
        return text
    for form in {token, urllib.parse.quote(token, safe=""), urllib.parse.quote(token)}:
        text = text.replace(form, "<token>")
    return text


class _RedactToken(logging.Filter):
    """Rewrites records of the ``httpx`` logger ("HTTP Request: POST https://…/bot<TOKEN>/…")."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is not ours to fix
            return True
        if self._token in message or urllib.parse.quote(self._token, safe="") in message:
            record.msg = _redact(message, self._token)
            record.args = None
        return True


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _as_seconds(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


# ---------------------------------------------------------------------------------------------- client


def default_base_url() -> str:
    return (os.environ.get(BASE_URL_ENV) or "").strip() or DEFAULT_BASE_URL


class ZaloClient:
    """A small async client of the Zalo Bot API. ``client`` lets a caller share (and own) an httpx client."""

    def __init__(
        self,
        token: str,
        base_url: str | None = None,
        timeout: float = 10.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        if not token:
            raise ValueError("a Zalo bot token is required")
        self._token = token
        self.base_url = (base_url or default_base_url()).rstrip("/")
        self.timeout = timeout
        self._owns_client = client is None
        self._http = client if client is not None else httpx.AsyncClient(timeout=httpx.Timeout(timeout))
        self._log_filter = _RedactToken(token)
        logging.getLogger("httpx").addFilter(self._log_filter)

    def __repr__(self) -> str:
        return f"ZaloClient(base_url={self.base_url!r}, token=<redacted>)"

    def redact(self, text: str) -> str:
        """``text`` with this client's token replaced by ``<token>``."""
        return _redact(text, self._token)

    async def aclose(self) -> None:
        logging.getLogger("httpx").removeFilter(self._log_filter)
        if self._owns_client:
            await self._http.aclose()

    async def __aenter__(self) -> ZaloClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _url(self, method: str) -> str:
        return f"{self.base_url}/bot{self._token}/{method}"

    async def call(
        self, method: str, payload: Mapping[str, Any] | None = None, *, read_timeout: float | None = None
    ) -> Any:
        """POST ``payload`` as JSON to ``method``; returns ``result`` or raises :class:`ZaloApiError`."""
        timeout = httpx.Timeout(self.timeout, read=read_timeout if read_timeout is not None else self.timeout)
        try:
            response = await self._http.post(self._url(method), json=dict(payload or {}), timeout=timeout)
        except httpx.TransportError as exc:
            maybe_sent = not isinstance(exc, _NOT_SENT)
            detail = self.redact(f"{type(exc).__name__}: {exc}".rstrip(": "))
            raise ZaloNetworkError(detail, method=method, maybe_sent=maybe_sent) from None
        except httpx.HTTPError as exc:  # e.g. an invalid URL built from a bad base_url
            detail = self.redact(f"{type(exc).__name__}: {exc}")
            raise ZaloNetworkError(detail, method=method, maybe_sent=False) from None
        return self._result(method, response)

    def _result(self, method: str, response: httpx.Response) -> Any:
        status = response.status_code
        header_retry = _as_seconds(response.headers.get("Retry-After"))
        try:
            body = response.json()
        except (ValueError, UnicodeDecodeError):
            excerpt = self.redact(response.text[:200]).strip() or "empty body"
            raise ZaloApiError(
                f"not a JSON answer: {excerpt}",
                error_code=status if status >= 400 else None,
                http_status=status,
                method=method,
                retry_after=header_retry,
            ) from None
        if not isinstance(body, dict):
            raise ZaloApiError(
                f"unexpected answer: {self.redact(json.dumps(body)[:200])}", http_status=status, method=method
            )
        if body.get("ok") is True:
            return body.get("result")
        code = _as_int(body.get("error_code"))
        if code is None and status >= 400:
            code = status
        description = body.get("description") or body.get("message") or f"HTTP {status}"
        parameters = _mapping(body.get("parameters"))
        retry_after = _as_seconds(parameters.get("retry_after"))
        if retry_after is None:
            retry_after = _as_seconds(body.get("retry_after"))
        if retry_after is None:
            retry_after = header_retry
        raise ZaloApiError(
            self.redact(str(description)),
            error_code=code,
            http_status=status,
            method=method,
            retry_after=retry_after,
        )

    async def get_me(self) -> dict[str, Any]:
        result = await self.call("getMe")
        return dict(result) if isinstance(result, dict) else {}

    async def get_updates(self, timeout_s: float = 30.0) -> list[dict[str, Any]]:
        """One long poll. [] when idle (HTTP 408); otherwise the update(s) Zalo returned (usually one)."""
        try:
            result = await self.call(
                "getUpdates",
                {"timeout": str(max(0, int(timeout_s)))},  # documented as a String
                read_timeout=timeout_s + self.timeout,
            )
        except ZaloApiError as exc:
            if exc.http_status == 408 or (exc.error_code == 408 and not isinstance(exc, ZaloNetworkError)):
                return []
            raise
        if isinstance(result, dict):
            return [result] if result else []
        if isinstance(result, list):
            return [item for item in result if isinstance(item, dict)]
        return []

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        result = await self.call("sendMessage", {"chat_id": str(chat_id), "text": text})
        return dict(result) if isinstance(result, dict) else {}

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": str(chat_id), "action": action})

    async def set_webhook(self, url: str, secret: str) -> dict[str, Any]:
        result = await self.call("setWebhook", {"url": url, "secret_token": secret})
        return dict(result) if isinstance(result, dict) else {}

    async def delete_webhook(self) -> dict[str, Any]:
        result = await self.call("deleteWebhook")
        return dict(result) if isinstance(result, dict) else {}

    async def get_webhook_info(self) -> dict[str, Any]:
        result = await self.call("getWebhookInfo")
        return dict(result) if isinstance(result, dict) else {}


# ---------------------------------------------------------------------------------------------- updates


@dataclass(frozen=True, slots=True)
class ZaloMessage:
    message_id: str
    chat_id: str
    sender_id: str
    sender_name: str
    text: str
    date_ms: int
    chat_type: str  # "PRIVATE" | "GROUP" (upper case)

    def to_incoming(self) -> Incoming:
        return Incoming("zalo", self.chat_id, self.sender_name, text=self.text)


def _text_id(value: Any) -> str:
    if value is None or isinstance(value, bool | dict | list):
        return ""
    return str(value).strip()


def _sender_name(sender: Mapping[str, Any]) -> str:
    for field in _NAME_FIELDS:
        value = sender.get(field)
        if isinstance(value, str) and value.strip():
            if (
                field == "first_name"
                and isinstance(sender.get("last_name"), str)
                and sender["last_name"].strip()
            ):
                return f"{value.strip()} {sender['last_name'].strip()}"
            return value.strip()
    return ""


def parse_update(raw: Any) -> ZaloMessage | None:
    """A text message from an update (or a webhook body ``{ok, result: update}``); None for anything else."""
    if not isinstance(raw, Mapping):
        return None
    if "message" not in raw and "event_name" not in raw and "result" in raw:
        inner = raw["result"]
        if isinstance(inner, list):  # defensive: a getUpdates envelope with a list
            inner = next((item for item in inner if isinstance(item, Mapping)), None)
        return parse_update(inner) if isinstance(inner, Mapping) else None
    event = raw.get("event_name")
    if event is not None and event != TEXT_EVENT:
        return None  # images, stickers, "unsupported" and future events
    message = raw.get("message")
    if not isinstance(message, Mapping):
        return None
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    message_id = _text_id(message.get("message_id") or message.get("msg_id"))
    sender = _mapping(message.get("from"))
    chat = _mapping(message.get("chat"))
    sender_id = _text_id(sender.get("id"))
    chat_id = _text_id(chat.get("id")) or sender_id
    if not message_id or not chat_id:
        return None
    date = _as_int(message.get("date")) or 0
    if 0 < date < 100_000_000_000:  # seconds, not milliseconds (before 1973 in ms: not a real date)
        date *= 1000
    chat_type = str(chat.get("chat_type") or chat.get("type") or "PRIVATE").upper()
    return ZaloMessage(
        message_id=message_id,
        chat_id=chat_id,
        sender_id=sender_id,
        sender_name=_sender_name(sender),
        text=text,
        date_ms=date,
        chat_type=chat_type,
    )


# ---------------------------------------------------------------------------------------------- channel


def _is_gone(exc: ZaloApiError) -> bool:
    if exc.error_code in _GONE_CODES:
        return True
    description = exc.description.lower()
    return any(marker in description for marker in _GONE_MARKERS)


class ZaloChannel:
    """Sends messages through a :class:`ZaloClient`; implements ``bot.services.channel.Channel``."""

    name = "zalo"
    max_length = MAX_LENGTH
    supports_buttons = False

    def __init__(self, client: ZaloClient) -> None:
        self.client = client

    async def send(self, chat_id: str, text: str, buttons: Keyboard = ()) -> str:
        """Send one message (callers split long texts; ``buttons`` are ignored). Returns Zalo's message id."""
        if not text.strip() or len(text) > MAX_LENGTH:  # refused before spending a call (and quota)
            raise MessageRejected(f"Zalo text must be 1–{MAX_LENGTH} characters, got {len(text)}")
        try:
            result = await self.client.send_message(chat_id, text)
        except ZaloNetworkError as exc:
            if exc.maybe_sent:
                raise DeliveryUncertain(str(exc)) from None
            raise TemporaryFailure(str(exc)) from None
        except ZaloApiError as exc:
            if exc.http_status == 429 or exc.error_code == 429:
                after = exc.retry_after if exc.retry_after is not None else DEFAULT_RETRY_AFTER
                raise RetryLater(after, str(exc)) from None
            if _is_gone(exc):
                raise Undeliverable(str(exc)) from None
            status = exc.http_status or 0
            if status >= 500 or (exc.error_code or 0) >= 500 or exc.error_code == 401 or status == 401:
                raise TemporaryFailure(str(exc)) from None
            raise MessageRejected(str(exc)) from None
        return _text_id(result.get("message_id"))


# ---------------------------------------------------------------------------------------------- polling


class ZaloPoller:
    """Long-polls getUpdates until ``stop`` is set, handing each first-time text message to ``on_message``.

    ``seen(message_id)`` returns True the first time a message id is offered (the bot passes a wrapper of
    ``store.first_time_seen``); repeats, which Zalo sends back on later polls, are skipped. Polls are at
    least ``min_interval`` seconds apart (a repeated update answers at once); errors back off exponentially
    up to ``max_backoff``. Nothing an update or a handler does ends the loop.
    """

    def __init__(
        self,
        client: ZaloClient,
        on_message: Callable[[ZaloMessage], Awaitable[None]],
        seen: Callable[[str], bool],
        min_interval: float = 1.0,
        *,
        poll_timeout: float = 30.0,
        backoff_base: float = 1.0,
        max_backoff: float = 60.0,
    ) -> None:
        self.client = client
        self.on_message = on_message
        self.seen = seen
        self.min_interval = min_interval
        self.poll_timeout = poll_timeout
        self.backoff_base = backoff_base
        self.max_backoff = max_backoff
        self.polls = 0
        self.failures = 0  # consecutive
        self._last_id: str | None = None  # the repeat we already decided on: no need to ask `seen` again

    def backoff(self, failures: int) -> float:
        return float(min(self.max_backoff, self.backoff_base * 2 ** max(0, failures - 1)))

    async def run(self, stop: asyncio.Event) -> None:
        last_poll = -math.inf
        while not stop.is_set():
            wait = last_poll + self.min_interval - time.monotonic()
            if wait > 0 and await _sleep_or_stop(stop, wait):
                break
            last_poll = time.monotonic()
            try:
                updates = await self._poll(stop)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.failures += 1
                delay = self.backoff(self.failures)
                if isinstance(exc, ZaloApiError):
                    log.warning("Zalo getUpdates failed (%s); retrying in %.1f s", exc, delay)
                else:
                    log.exception("Zalo getUpdates failed unexpectedly; retrying in %.1f s", delay)
                if await _sleep_or_stop(stop, delay):
                    break
                continue
            if updates is None:  # stopped during the poll
                break
            self.polls += 1
            self.failures = 0
            for raw in updates:
                await self._handle(raw)

    async def _poll(self, stop: asyncio.Event) -> list[dict[str, Any]] | None:
        poll = asyncio.ensure_future(self.client.get_updates(self.poll_timeout))
        stopper = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({poll, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
            if not poll.done():
                poll.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await poll
        if poll.cancelled():  # stopped during the poll
            return None
        return poll.result()

    async def _handle(self, raw: Any) -> None:
        try:
            message = parse_update(raw)
        except Exception:
            log.exception("unreadable Zalo update skipped")
            return
        if message is None:
            log.debug("Zalo update without a text message skipped")
            return
        if message.message_id == self._last_id:
            return
        try:
            first_time = self.seen(message.message_id)
        except Exception:  # e.g. the database is down: Zalo will offer it again, handle it then
            log.exception("could not record Zalo message %s; it will be retried", message.message_id)
            return
        self._last_id = message.message_id
        if not first_time:
            return
        try:
            await self.on_message(message)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("handling Zalo message %s failed", message.message_id)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep ``seconds`` unless ``stop`` is set first; True when stopped."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        return False
    return True


# ---------------------------------------------------------------------------------------------- webhook


def check_webhook_secret(headers: Mapping[str, str], expected: str) -> bool:
    """True when the request's ``X-Bot-Api-Secret-Token`` equals ``expected`` (constant-time compare)."""
    if not expected:
        return False  # an unset secret never authenticates anything
    got = headers.get(SECRET_HEADER)
    if got is None:
        wanted = SECRET_HEADER.lower()
        got = next((value for key, value in headers.items() if key.lower() == wanted), None)
    if got is None:
        return False
    return hmac.compare_digest(got.encode("utf-8"), expected.encode("utf-8"))


# ---------------------------------------------------------------------------------------------- quota


class QuotaCounter:
    """The free tier's monthly message quota, counted per calendar month in Vietnam (Asia/Ho_Chi_Minh).

    ``count_since(month_start)`` returns how many messages were sent since that instant (the caller's
    database query); the decisions themselves are the pure static methods.
    """

    def __init__(
        self, count_since: Callable[[datetime], int], quota: int = DEFAULT_QUOTA, share: float = 0.8
    ) -> None:
        self.count_since = count_since
        self.quota = quota
        self.share = share
        self._warned_for: str | None = None

    @staticmethod
    def _local(now: datetime) -> datetime:
        return (now if now.tzinfo is not None else now.replace(tzinfo=UTC)).astimezone(VN)

    @staticmethod
    def month_key(now: datetime) -> str:
        """'YYYY-MM' of ``now`` in Vietnam; a naive ``now`` is taken as UTC."""
        local = QuotaCounter._local(now)
        return f"{local.year:04d}-{local.month:02d}"

    @staticmethod
    def month_start(now: datetime) -> datetime:
        """Midnight of the first day of ``now``'s month in Vietnam (aware)."""
        return QuotaCounter._local(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)

    @staticmethod
    def should_warn(sent_this_month: int, quota: int, share: float) -> bool:
        """True once ``sent_this_month`` reaches ``share`` (0–1) of ``quota``."""
        if quota <= 0:
            return False
        return sent_this_month >= quota * share

    def used(self, now: datetime) -> int:
        return self.count_since(self.month_start(now))

    def remaining(self, now: datetime) -> int:
        return max(0, self.quota - self.used(now))

    def warn_due(self, now: datetime) -> bool:
        """True the first time in a month that the threshold is reached (then False until next month)."""
        key = self.month_key(now)
        if self._warned_for == key or not self.should_warn(self.used(now), self.quota, self.share):
            return False
        self._warned_for = key
        return True


__all__ = [
    "DEFAULT_BASE_URL",
    "LEGACY_BASE_URL",
    "MAX_LENGTH",
    "SECRET_HEADER",
    "QuotaCounter",
    "ZaloApiError",
    "ZaloChannel",
    "ZaloClient",
    "ZaloMessage",
    "ZaloNetworkError",
    "ZaloPoller",
    "check_webhook_secret",
    "default_base_url",
    "parse_update",
]
