"""What a fake messenger server recorded, and waiting for it: shared by the Telegram and Zalo fakes."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

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
