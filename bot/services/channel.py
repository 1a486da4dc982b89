"""The seam between the bot and a messenger: a small protocol and our own delivery errors.

Adapters (bot/channels/telegram.py, bot/channels/zalo.py) map their vendor's errors to these, so nothing above
this line ever sees a vendor type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    data: str  # callback data, at most 64 bytes (Telegram's limit)


Keyboard = Sequence[Sequence[Button]]


class DeliveryError(Exception):
    """Base of every delivery failure."""


class RetryLater(DeliveryError):
    """The messenger asked us to slow down (HTTP 429): try again after `after` seconds."""

    def __init__(self, after: float, detail: str = "") -> None:
        super().__init__(detail or f"retry after {after} s")
        self.after = after


class TemporaryFailure(DeliveryError):
    """The request certainly did not get through (connection refused, DNS, connect timeout): back off."""


class Undeliverable(DeliveryError):
    """The messenger will never deliver to this chat (blocked by the user, chat not found)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DeliveryUncertain(DeliveryError):
    """The request was sent but no answer came (read timeout): the message may or may not have arrived."""


class Channel(Protocol):
    """A messenger we can write to."""

    name: str  # "telegram" | "zalo"
    max_length: int  # characters in one message
    supports_buttons: bool

    async def send(self, chat_id: str, text: str, buttons: Keyboard = ()) -> str:
        """Send one message; returns the messenger's message id. Raises a `DeliveryError`."""
        ...


class MessageRejected(DeliveryError):
    """The messenger refused this message (too long, malformed); the chat itself is fine."""
