"""What the Telegram and Zalo fake servers share: their lifecycle, what they recorded, and waiting for it."""

from __future__ import annotations

import asyncio
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

JSON = dict[str, Any]


class SentRecorder:
    """Mixin: `sent` messages guarded by `_cond`, with blocking and async waits for tests."""

    sent: list[JSON]
    _cond: threading.Condition

    def wait_for_sent(self, count: int, timeout: float = 5.0) -> list[JSON]:
        """Block until at least ``count`` messages were sent; AssertionError listing them otherwise."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.sent) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    got = [(m["chat_id"], m["text"]) for m in self.sent]
                    raise AssertionError(
                        f"expected {count} sent message(s) within {timeout}s, got {len(got)}: {got!r}"
                    )
                self._cond.wait(remaining)
            return list(self.sent)

    async def wait_for_sent_async(self, count: int, timeout: float = 5.0) -> list[JSON]:
        """:meth:`wait_for_sent` for a test whose event loop also runs the bot."""
        return await asyncio.to_thread(self.wait_for_sent, count, timeout)

    def messages_to(self, chat_id: Any) -> list[str]:
        with self._cond:
            return [m["text"] for m in self.sent if m["chat_id"] == chat_id]


class FakeServer(SentRecorder):
    """The shared lifecycle of a fake messenger server: a threaded HTTP server on an ephemeral loopback port."""

    _stopping: threading.Event
    _server: ThreadingHTTPServer | None
    _thread: threading.Thread | None

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> int:
        """Start serving `handler` in a daemon thread; returns the port."""
        self._stopping.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return int(self._server.server_address[1])

    def stop(self) -> None:
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()  # wake long polls
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def start(self) -> Self:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
