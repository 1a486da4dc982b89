"""A local fake of the Zalo Bot API, served over real HTTP on 127.0.0.1.

The client under test talks to it as it talks to https://bot-api.zaloplatforms.com::

    with FakeZalo() as zalo:
        client = ZaloClient(zalo.token, base_url=zalo.base_url)

Every call is ``POST /bot{TOKEN}/{method}`` with a JSON body (a query string is read too) and is answered
with the envelope ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": ...}``
— with HTTP 200 even for errors (a wrong token included), as Zalo does, unless a fault says otherwise.

Quirks reproduced:
- ``getUpdates`` returns ONE update (``result`` is an object) and has no offset. Each poll returns the oldest
  update not yet read; when every update was read, it returns the last one again (a repeat), at once, until
  a new one is pushed. With no update ever pushed it waits up to the poll's ``timeout`` and answers HTTP 408.
- Updates look like ``{event_name, message: {message_id, date (ms), text, from: {id, <name field>},
  chat: {id, chat_type}}}`` with string ids; ``push_text`` can use ``display_name``, ``first_name`` or
  ``name`` for the sender and omit ``event_name``, as published samples do.
- sendMessage takes 1–2000 characters; chats in ``blocked_chats`` answer ``ok: false`` (error_code 403,
  a "blocked" description), chats in ``unknown_chats`` error_code 404 "User not found".
- Webhook: ``setWebhook`` stores ``url`` and ``secret_token`` (8–256 characters); ``deliver_webhook`` POSTs
  ``{"ok": true, "result": update}`` with ``X-Bot-Api-Secret-Token`` and returns the receiver's status.
  getUpdates is refused while a webhook is set.

Standard library only. The server runs in daemon threads: the blocking helpers (:meth:`wait_for_sent`,
:meth:`deliver_webhook`) must not run on an event loop that also runs the bot; use the ``*_async`` twins.
"""

from __future__ import annotations

import asyncio
import collections
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
from typing import Any, Literal

from fakes.recorder import FakeServer

JSON = dict[str, Any]

MAX_MESSAGE_LENGTH = 2000
TEXT_EVENT = "message.text.received"
SECRET_HEADER = "X-Bot-Api-Secret-Token"
_DEFAULT = object()


class _ApiError(Exception):
    def __init__(
        self, error_code: int, description: str, *, http_status: int = 200, retry_after: float | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.http_status = http_status
        self.retry_after = retry_after

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class FakeZalo(FakeServer):
    """A fake Zalo Bot API server. See the module docstring; attributes are safe to read from tests."""

    def __init__(self, token: str = "3141592653589793:zalo-FAKE-token-abcdef") -> None:
        self.token = token
        self.bot_info: JSON = {
            "id": token.split(":", 1)[0],
            "account_name": "bot.NhacViecTest",
            "account_type": "BASIC",
            "can_join_groups": False,
        }
        self.base_url = ""

        # What the bot did.
        self.sent: list[JSON] = []  # {"chat_id", "text", "message_id"}
        self.photos: list[JSON] = []
        self.actions: list[JSON] = []
        self.calls: list[tuple[str, JSON]] = []
        self.call_times: list[tuple[str, float]] = []  # (method, time.monotonic() on arrival)
        self.webhook: JSON | None = None  # {"url", "secret_token", "updated_at"}

        # Faults.
        self.blocked_chats: set[str] = set()
        self.unknown_chats: set[str] = set()
        self._failures: dict[str, collections.deque[_ApiError]] = collections.defaultdict(collections.deque)
        self._delays: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)

        # Server state.
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._unread: collections.deque[JSON] = collections.deque()
        self._last_read: JSON | None = None
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Callable[[JSON], Any]] = {
            "getMe": lambda params: dict(self.bot_info),
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendChatAction": self._send_chat_action,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
        }

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> FakeZalo:
        fake = self

        class Handler(_Handler):
            zalo = fake

        self.base_url = f"http://127.0.0.1:{self._serve(Handler)}"
        return self

    # ---------------------------------------------------------------- injecting updates

    def _new_id(self) -> str:
        return f"{next(self._ids):020x}"  # Zalo ids are 20 hex digits, as strings

    def push_update(self, update: JSON) -> JSON:
        """Queue any update as is (a sticker, an image, something malformed)."""
        with self._cond:
            self._unread.append(json.loads(json.dumps(update)))
            self._cond.notify_all()
        return update

    def push_text(
        self,
        chat_id: str,
        text: str,
        *,
        sender_name: str = "Người dùng",
        sender_id: str | None = None,
        name_field: Literal["display_name", "first_name", "name"] = "display_name",
        omit_event_name: bool = False,
        chat_type: str = "PRIVATE",
    ) -> JSON:
        """Queue a text message from a user; returns the update (as JSON)."""
        with self._cond:
            message_id = self._new_id()
        update: JSON = {
            "event_name": TEXT_EVENT,
            "message": {
                "message_id": message_id,
                "date": int(time.time() * 1000),
                "text": text,
                "from": {"id": str(sender_id or chat_id), name_field: sender_name, "is_bot": False},
                "chat": {"id": str(chat_id), "chat_type": chat_type},
            },
        }
        if omit_event_name:
            del update["event_name"]
        return self.push_update(update)

    @property
    def unread_updates(self) -> list[JSON]:
        with self._cond:
            return list(self._unread)

    # ---------------------------------------------------------------- what the bot did

    def times_of(self, method: str) -> list[float]:
        with self._cond:
            return [t for name, t in self.call_times if name == method]

    # ---------------------------------------------------------------- faults

    def fail_next(
        self,
        method: str,
        *,
        http_status: int = 200,
        error_code: int,
        description: str,
        retry_after: float | None = None,
        times: int = 1,
    ) -> None:
        """The next ``times`` calls of ``method`` answer this error (recorded in ``calls``, nothing else)."""
        with self._cond:
            self._failures[method].extend(
                _ApiError(error_code, description, http_status=http_status, retry_after=retry_after)
                for _ in range(times)
            )

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` take effect at once but are answered ``seconds`` late."""
        with self._cond:
            self._delays[method].extend([seconds] * times)

    # ---------------------------------------------------------------- webhook

    def deliver_webhook(
        self, update: JSON | None = None, *, secret: Any = _DEFAULT, timeout: float = 5.0
    ) -> int:
        """POST ``{"ok": true, "result": update}`` to the webhook; returns the receiver's HTTP status.

        ``update`` defaults to the oldest unread update (consumed on a 2xx answer). ``secret`` overrides the
        header value (None: no header at all), for testing receivers.
        """
        with self._cond:
            if self.webhook is None:
                raise AssertionError("no webhook is set")
            hook = dict(self.webhook)
            pending = update is None
            if update is None:
                if not self._unread:
                    raise AssertionError("no unread update to deliver")
                update = self._unread[0]
        headers = {"Content-Type": "application/json"}
        value = hook.get("secret_token") if secret is _DEFAULT else secret
        if value is not None:
            headers[SECRET_HEADER] = str(value)
        body = json.dumps({"ok": True, "result": update}, ensure_ascii=False).encode()
        request = urllib.request.Request(str(hook["url"]), data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            status = exc.code
        if pending and 200 <= status <= 299:
            with self._cond:
                if self._unread and self._unread[0] is update:
                    self._unread.popleft()
        return status

    async def deliver_webhook_async(
        self, update: JSON | None = None, *, secret: Any = _DEFAULT, timeout: float = 5.0
    ) -> int:
        """:meth:`deliver_webhook` for a test whose event loop also runs the webhook receiver."""
        return await asyncio.to_thread(self.deliver_webhook, update, secret=secret, timeout=timeout)

    # ---------------------------------------------------------------- request dispatch

    def _dispatch(self, method: str, params: JSON) -> tuple[int, JSON, float]:
        """Returns (HTTP status, JSON body, seconds to wait before answering)."""
        with self._cond:
            self.calls.append((method, params))
            self.call_times.append((method, time.monotonic()))
            delays = self._delays.get(method)
            delay = delays.popleft() if delays else 0.0
        handler = self._methods.get(method)
        try:
            if handler is None:
                raise _ApiError(404, f"Method {method} is not supported")
            with self._cond:
                failures = self._failures.get(method)
                if failures:
                    raise failures.popleft()
            result = handler(params)
        except _ApiError as exc:
            return exc.http_status, exc.body(), delay
        return 200, {"ok": True, "result": result}, delay

    # ---------------------------------------------------------------- methods

    def _get_updates(self, params: JSON) -> JSON:
        try:
            timeout = max(0.0, min(60.0, float(params.get("timeout") or 30)))
        except (TypeError, ValueError):
            raise _ApiError(400, "timeout must be a number of seconds") from None
        deadline = time.monotonic() + timeout
        with self._cond:
            if self.webhook is not None:
                raise _ApiError(400, "Webhook is active; use deleteWebhook before getUpdates")
            while not self._unread and self._last_read is None and not self._stopping.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            if self._unread:
                self._last_read = self._unread.popleft()
            if self._last_read is None:
                raise _ApiError(408, "Request timeout", http_status=408)
            update: JSON = json.loads(json.dumps(self._last_read))
            return update

    def _chat_id(self, params: JSON) -> str:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, str | int) or isinstance(chat_id, bool) or str(chat_id).strip() == "":
            raise _ApiError(400, "chat_id is required")
        chat_id = str(chat_id)
        if chat_id in self.blocked_chats:
            raise _ApiError(403, "User has blocked the bot; sending is not allowed")
        if chat_id in self.unknown_chats:
            raise _ApiError(404, "User not found")
        return chat_id

    @staticmethod
    def _check_text(value: Any, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise _ApiError(400, f"{field} is required")
        if len(value) > MAX_MESSAGE_LENGTH:
            raise _ApiError(400, f"{field} must be between 1 and {MAX_MESSAGE_LENGTH} characters")
        return value

    def _send_message(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        text = self._check_text(params.get("text"), "text")
        with self._cond:
            message_id = self._new_id()
            date = int(time.time() * 1000)
            self.sent.append({"chat_id": chat_id, "text": text, "message_id": message_id})
            self._cond.notify_all()
        return {"message_id": message_id, "date": date}

    def _send_photo(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        photo = params.get("photo")
        if not isinstance(photo, str) or not photo:
            raise _ApiError(400, "photo is required")
        if params.get("caption") is not None:
            self._check_text(params.get("caption"), "caption")
        with self._cond:
            message_id = self._new_id()
            self.photos.append({**params, "chat_id": chat_id, "message_id": message_id})
        return {"message_id": message_id, "date": int(time.time() * 1000)}

    def _send_chat_action(self, params: JSON) -> None:
        chat_id = self._chat_id(params)
        if params.get("action") not in ("typing", "upload_photo"):
            raise _ApiError(400, "action is invalid")
        with self._cond:
            self.actions.append({"chat_id": chat_id, "action": params["action"]})

    def _set_webhook(self, params: JSON) -> JSON:
        url = params.get("url")
        secret = params.get("secret_token")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise _ApiError(400, "url must be an HTTPS URL")
        if not isinstance(secret, str) or not 8 <= len(secret) <= 256:
            raise _ApiError(400, "secret_token must be 8 to 256 characters")
        with self._cond:
            self.webhook = {"url": url, "secret_token": secret, "updated_at": int(time.time() * 1000)}
            return {"url": url, "updated_at": self.webhook["updated_at"]}

    def _delete_webhook(self, params: JSON) -> JSON:
        with self._cond:
            self.webhook = None
        return {"url": "", "updated_at": int(time.time() * 1000)}

    def _get_webhook_info(self, params: JSON) -> JSON:
        with self._cond:
            hook = self.webhook or {"url": "", "updated_at": 0}
            return {"url": hook["url"], "updated_at": hook["updated_at"]}


class _Handler(BaseHTTPRequestHandler):
    zalo: FakeZalo
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
        params: JSON = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query, keep_blank_values=True).items()}
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if body:
            decoded = json.loads(body)
            if not isinstance(decoded, dict):
                raise ValueError("the body must be a JSON object")
            params.update(decoded)
        return params

    def _reply(self, status: int, body: JSON) -> None:
        payload = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (e.g. its read timeout fired during delay_next)
            self.close_connection = True

    def _handle(self) -> None:
        fake = self.zalo
        path = urllib.parse.urlsplit(self.path).path
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", path)
        try:
            params = self._params()
        except (ValueError, UnicodeDecodeError):
            self._reply(200, {"ok": False, "error_code": 400, "description": "Invalid JSON body"})
            return
        if match is None:
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = urllib.parse.unquote(match.group(1)), match.group(2)
        if token != fake.token:
            self._reply(200, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        status, body, delay = fake._dispatch(method, params)
        if delay and fake._stopping.wait(delay):
            self.close_connection = True
            return
        self._reply(status, body)


__all__ = ["MAX_MESSAGE_LENGTH", "SECRET_HEADER", "TEXT_EVENT", "FakeZalo"]
