"""A local fake of the Telegram Bot API, served over real HTTP on 127.0.0.1.

python-telegram-bot talks to it exactly as it talks to api.telegram.org::

    with FakeTelegram() as tg:
        app = (
            ApplicationBuilder()
            .token(tg.token)
            .base_url(tg.base_url)
            .base_file_url(tg.base_file_url)
            .build()
        )

PTB builds every call as ``f"{base_url}{token}/{method}"`` (``base_url`` defaults to
``https://api.telegram.org/bot``) and POSTs the parameters as ``application/x-www-form-urlencoded``
(``multipart/form-data`` when files are attached); each value that is not a string is JSON-encoded
(``chat_id=123``, ``reply_markup={"inline_keyboard": ...}``, ``disable_notification=true``). This
server parses that, JSON bodies and query strings alike, and answers ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": N, "description": "...", "parameters": {...}}`` with the matching HTTP
status, which PTB maps to its exceptions (429 + ``retry_after`` → RetryAfter, 403 → Forbidden,
400 → BadRequest, 401/404 → InvalidToken, 409 → Conflict; a late answer → TimedOut).

Standard library only; nothing leaves the machine. The server runs in daemon threads, so the blocking
helpers (:meth:`FakeTelegram.wait_for_sent`, :meth:`FakeTelegram.deliver_webhook`) must not be called
on an event loop that is also running the bot: use their ``*_async`` twins there.
"""

from __future__ import annotations

import asyncio
import collections
import email.parser
import email.policy
import html.parser
import itertools
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fakes.recorder import FakeServer

JSON = dict[str, Any]

# Parameters whose form value is a plain string and must not be JSON-decoded ("text=123" stays "123").
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "description",
        "short_description",
        "language_code",
        "name",
        "business_connection_id",
        "message_effect_id",
    }
)

# Tags that Telegram accepts in parse_mode=HTML (https://core.telegram.org/bots/api#html-style).
_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)

MAX_MESSAGE_LENGTH = 4096


class _ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class _HtmlChecker(html.parser.HTMLParser):
    """Rejects what Telegram rejects in parse_mode=HTML: unknown tags and unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.plain: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.error:
            return
        if tag not in _HTML_TAGS:
            self.error = f'Unsupported start tag "{tag}"'
            return
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.error:
            self.error = f'Unsupported start tag "{tag}"'

    def handle_endtag(self, tag: str) -> None:
        if self.error:
            return
        if not self.stack or self.stack[-1] != tag:
            self.error = f'Unexpected end tag "{tag}"'
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.plain.append(data)


def _plain_text(text: str, parse_mode: str | None) -> str:
    """The text as Telegram would display it; raises 400 for HTML that Telegram refuses to parse."""
    if (parse_mode or "").upper() != "HTML":
        return text
    checker = _HtmlChecker()
    checker.feed(text)
    checker.close()
    if checker.error is None and checker.stack:
        checker.error = f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
    if checker.error:
        raise _ApiError(400, f"Bad Request: can't parse entities: {checker.error}")
    return "".join(checker.plain)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_param(name: str, value: Any) -> Any:
    if not isinstance(value, str) or name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeTelegram(FakeServer):
    """A fake Bot API server. See the module docstring; attributes are safe to read from tests."""

    def __init__(self, token: str = "123456:TEST-TOKEN", bot_username: str = "nhacviec_test_bot") -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_user: JSON = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "Nhắc việc (test)",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.base_url = ""
        self.base_file_url = ""

        # What the bot did.
        self.sent: list[JSON] = []
        self.edits: list[JSON] = []
        self.answered: list[JSON] = []
        self.commands: list[JSON] | None = None
        self.description: str | None = None
        self.short_description: str | None = None
        self.calls: list[tuple[str, JSON]] = []
        self.webhook: JSON | None = None

        # Faults.
        self.blocked_chats: set[int] = set()
        self.unknown_chats: set[int] = set()
        self.refuse_methods: set[str] = set()
        self.rejected_429 = 0
        self._failures: dict[str, collections.deque[_ApiError]] = collections.defaultdict(collections.deque)
        self._delays: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        self._rate_limit: int | None = None
        self._rate_window = 1.0
        self._send_times: collections.deque[float] = collections.deque()

        # Server state.
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._pending: list[JSON] = []  # updates not yet confirmed by getUpdates offset / webhook 200
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], JSON] = {}  # (chat_id, message_id) -> Message
        self._callbacks: set[str] = set()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Callable[[JSON], Any]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": self._set_my_description,
            "setMyShortDescription": self._set_my_short_description,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "close": lambda params: True,
            "logOut": lambda params: True,
        }
        self._methods_lower = {name.lower(): name for name in self._methods}

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> FakeTelegram:
        fake = self

        class Handler(_Handler):
            telegram = fake

        port = self._serve(Handler)
        self.base_url = f"http://127.0.0.1:{port}/bot"
        self.base_file_url = f"http://127.0.0.1:{port}/file/bot"
        return self

    # ---------------------------------------------------------------- injecting updates

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    @staticmethod
    def _private_chat(chat_id: int, first_name: str) -> JSON:
        return {"id": chat_id, "type": "private", "first_name": first_name}

    def _user(self, user_id: int, first_name: str) -> JSON:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"}

    def _enqueue(self, body: JSON) -> JSON:
        with self._cond:
            update = {"update_id": next(self._update_ids), **body}
            self._pending.append(update)
            self._cond.notify_all()
        return update

    def push_text(
        self, chat_id: int, text: str, *, user_id: int | None = None, first_name: str = "Người dùng"
    ) -> JSON:
        """Queue a private-chat text message from a user; returns the Update (as JSON)."""
        with self._cond:
            message: JSON = {
                "message_id": self._next_message_id(chat_id),
                "from": self._user(chat_id if user_id is None else user_id, first_name),
                "chat": self._private_chat(chat_id, first_name),
                "date": int(time.time()),
                "text": text,
            }
            if text.startswith("/"):
                command = text.split(maxsplit=1)[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
            self._messages[(chat_id, message["message_id"])] = message
        return self._enqueue({"message": message})

    def push_callback(
        self,
        chat_id: int,
        data: str,
        *,
        message_id: int,
        user_id: int | None = None,
        first_name: str = "Người dùng",
    ) -> JSON:
        """Queue a button press on message ``message_id`` (normally one the bot sent) in ``chat_id``."""
        with self._cond:
            message = self._messages.get((chat_id, message_id)) or {
                "message_id": message_id,
                "from": self.bot_user,
                "chat": self._private_chat(chat_id, first_name),
                "date": int(time.time()),
                "text": "",
            }
            query_id = f"cbq-{next(self._callback_ids)}"
            self._callbacks.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(chat_id if user_id is None else user_id, first_name),
            "message": json.loads(json.dumps(message)),
            "chat_instance": f"ci-{chat_id}",
            "data": data,
        }
        return self._enqueue({"callback_query": query})

    @property
    def pending_updates(self) -> list[JSON]:
        with self._cond:
            return list(self._pending)

    # ---------------------------------------------------------------- what the bot did

    # ---------------------------------------------------------------- faults

    def fail_next(
        self, method: str, *, status: int, description: str, retry_after: int | None = None, times: int = 1
    ) -> None:
        """The next ``times`` calls of ``method`` answer this error (before anything is recorded)."""
        with self._cond:
            self._failures[self._canonical(method)].extend(
                _ApiError(status, description, retry_after) for _ in range(times)
            )

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` take effect at once but are answered ``seconds`` late."""
        with self._cond:
            self._delays[self._canonical(method)].extend([seconds] * times)

    def limit_rate(self, per_second: int | None, window: float = 1.0) -> None:
        """Answer 429 (retry_after=1) to sendMessage calls beyond ``per_second`` in any rolling ``window``.

        Tests that count rejections widen the window so that a slow machine cannot spread a burst over two
        windows; the benchmark keeps Telegram's one second.
        """
        with self._cond:
            self._rate_limit = per_second
            self._rate_window = window
            self._send_times.clear()

    # ---------------------------------------------------------------- webhook

    def deliver_webhook(self, update: JSON | None = None, timeout: float = 5.0) -> int:
        """POST the oldest pending update (or ``update``) to the webhook; returns the HTTP status.

        A 2xx answer confirms the update (it leaves the pending queue), as with Telegram.
        """
        with self._cond:
            if self.webhook is None:
                raise AssertionError("no webhook is set")
            hook = dict(self.webhook)
            if update is None:
                if not self._pending:
                    raise AssertionError("no pending update to deliver")
                update = self._pending[0]
        headers = {"Content-Type": "application/json"}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
        request = urllib.request.Request(
            str(hook["url"]), data=json.dumps(update).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            status = exc.code
        if 200 <= status <= 299:
            with self._cond:
                self._pending = [u for u in self._pending if u["update_id"] != update["update_id"]]
        return status

    async def deliver_webhook_async(self, update: JSON | None = None, timeout: float = 5.0) -> int:
        """:meth:`deliver_webhook` for a test whose event loop also runs the webhook receiver."""
        return await asyncio.to_thread(self.deliver_webhook, update, timeout)

    # ---------------------------------------------------------------- request dispatch

    def _canonical(self, method: str) -> str:
        return self._methods_lower.get(method.lower(), method)

    def _dispatch(self, method: str, params: JSON) -> tuple[int, JSON, float]:
        """Returns (HTTP status, JSON body, seconds to wait before answering)."""
        method = self._canonical(method)
        with self._cond:
            self.calls.append((method, params))
            delays = self._delays.get(method)
            delay = delays.popleft() if delays else 0.0
        handler = self._methods.get(method)
        try:
            if handler is None:
                raise _ApiError(404, "Not Found")
            if method in self.refuse_methods:
                raise _ApiError(400, "Bad Request: method is not available")
            with self._cond:
                failures = self._failures.get(method)
                if failures:
                    raise failures.popleft()
            result = handler(params)
        except _ApiError as exc:
            return exc.status, exc.body(), delay
        return 200, {"ok": True, "result": result}, delay

    # ---------------------------------------------------------------- methods

    def _get_me(self, params: JSON) -> JSON:
        return dict(self.bot_user)

    def _get_updates(self, params: JSON) -> list[JSON]:
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._cond:
            if self.webhook is not None:
                raise _ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
                )
            if offset < 0:  # -N: only the last N updates, forgetting the older ones
                self._pending = self._pending[offset:]
            elif offset > 0:
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
            while not self._pending and not self._stopping.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            return [json.loads(json.dumps(u)) for u in self._pending[:limit]]

    def _chat_id(self, params: JSON) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int):
            raise _ApiError(400, "Bad Request: chat not found")  # "@channel" names are not modelled
        if chat_id in self.blocked_chats:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.unknown_chats:
            raise _ApiError(400, "Bad Request: chat not found")
        return chat_id

    def _check_text(self, params: JSON) -> str:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(_plain_text(text, params.get("parse_mode"))) > MAX_MESSAGE_LENGTH:
            raise _ApiError(400, "Bad Request: message is too long")
        return text

    def _send_message(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        text = self._check_text(params)
        with self._cond:
            if self._rate_limit is not None:
                now = time.monotonic()
                while self._send_times and now - self._send_times[0] >= self._rate_window:
                    self._send_times.popleft()
                if len(self._send_times) >= self._rate_limit:
                    self.rejected_429 += 1
                    raise _ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
                self._send_times.append(now)
            message_id = self._next_message_id(chat_id)
            message: JSON = {
                "message_id": message_id,
                "from": dict(self.bot_user),
                "chat": self._private_chat(chat_id, "Người dùng"),
                "date": int(time.time()),
                "text": text,
            }
            if isinstance(params.get("reply_markup"), dict):
                message["reply_markup"] = params["reply_markup"]
            self._messages[(chat_id, message_id)] = message
            self.sent.append({**params, "chat_id": chat_id, "message_id": message_id})
            self._cond.notify_all()
            return json.loads(json.dumps(message))

    def _edited_message(self, params: JSON) -> JSON:
        if params.get("inline_message_id"):
            raise _ApiError(400, "Bad Request: inline messages are not supported by the fake")
        chat_id = self._chat_id(params)
        message = self._messages.get((chat_id, int(params.get("message_id") or 0)))
        if message is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        return message

    def _store_edit(self, method: str, params: JSON, message: JSON, changes: JSON) -> JSON:
        if all(message.get(key) == value for key, value in changes.items()):
            raise _ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a content and reply markup of the current message",
            )
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())
        self.edits.append({"method": method, **params})
        self._cond.notify_all()
        return json.loads(json.dumps(message))

    def _edit_message_text(self, params: JSON) -> JSON:
        text = self._check_text(params)
        markup = params.get("reply_markup") if isinstance(params.get("reply_markup"), dict) else None
        with self._cond:
            message = self._edited_message(params)
            return self._store_edit(
                "editMessageText", params, message, {"text": text, "reply_markup": markup}
            )

    def _edit_message_reply_markup(self, params: JSON) -> JSON:
        markup = params.get("reply_markup") if isinstance(params.get("reply_markup"), dict) else None
        with self._cond:
            message = self._edited_message(params)
            return self._store_edit("editMessageReplyMarkup", params, message, {"reply_markup": markup})

    def _answer_callback_query(self, params: JSON) -> bool:
        with self._cond:
            query_id = params.get("callback_query_id")
            if query_id not in self._callbacks:
                raise _ApiError(
                    400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
                )
            self._callbacks.discard(query_id)
            self.answered.append(params)
            return True

    def _set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, "Bad Request: can't parse commands JSON object")
        with self._cond:
            self.commands = commands
        return True

    def _get_my_commands(self, params: JSON) -> list[JSON]:
        with self._cond:
            return list(self.commands or [])

    def _delete_my_commands(self, params: JSON) -> bool:
        with self._cond:
            self.commands = None
        return True

    def _set_my_description(self, params: JSON) -> bool:
        self.description = params.get("description") or None
        return True

    def _set_my_short_description(self, params: JSON) -> bool:
        self.short_description = params.get("short_description") or None
        return True

    def _set_webhook(self, params: JSON) -> bool:
        url = params.get("url") or ""
        with self._cond:
            if params.get("drop_pending_updates"):
                self._pending.clear()
            if not url:  # setWebhook with an empty url removes it, as deleteWebhook does
                self.webhook = None
                return True
            if not str(url).startswith(("http://", "https://")):
                raise _ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            self.webhook = dict(params)
        return True

    def _delete_webhook(self, params: JSON) -> bool:
        with self._cond:
            self.webhook = None
            if params.get("drop_pending_updates"):
                self._pending.clear()
        return True

    def _get_webhook_info(self, params: JSON) -> JSON:
        with self._cond:
            hook = self.webhook or {}
            info: JSON = {
                "url": hook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self._pending),
            }
            for key in ("max_connections", "allowed_updates", "ip_address"):
                if key in hook:
                    info[key] = hook[key]
            return info


class _Handler(BaseHTTPRequestHandler):
    telegram: FakeTelegram
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
    disable_nagle_algorithm = True  # headers and body go out separately: without this each reply waits ~40 ms
    timeout = 30  # an idle keep-alive connection's thread ends after this

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _params(self) -> JSON:
        url = urllib.parse.urlsplit(self.path)
        raw: JSON = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query, keep_blank_values=True).items()}
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        content_type = self.headers.get("Content-Type", "").lower()
        if body and content_type.startswith("application/json"):
            raw.update(json.loads(body))
        elif body and content_type.startswith("multipart/form-data"):
            header = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
            parsed = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
            for part in parsed.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if part.get_filename():
                    raw[str(name)] = {
                        "filename": part.get_filename(),
                        "content": part.get_payload(decode=True),
                    }
                else:
                    raw[str(name)] = part.get_content()
        elif body:
            for key, values in urllib.parse.parse_qs(body.decode(), keep_blank_values=True).items():
                raw[key] = values[-1]
        return {name: _decode_param(name, value) for name, value in raw.items()}

    def _reply(self, status: int, body: JSON) -> None:
        payload = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (e.g. its read timeout fired during delay_next)
            self.close_connection = True

    def _handle(self) -> None:
        fake = self.telegram
        path = urllib.parse.urlsplit(self.path).path
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", path)
        if match is None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))  # keep the connection usable
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = match.groups()
        try:
            params = self._params()
        except (ValueError, UnicodeDecodeError):
            self._reply(
                400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid request body"}
            )
            return
        if token != fake.token:
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        status, body, delay = fake._dispatch(method, params)
        if delay and fake._stopping.wait(delay):
            self.close_connection = True
            return
        self._reply(status, body)


__all__ = ["MAX_MESSAGE_LENGTH", "FakeTelegram"]
