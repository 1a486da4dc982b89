"""Delivery you can trust: due digests become outbox rows idempotently, and one dispatcher sends them.

Planning. On every tick, each send slot that came since the previous planning run is turned into one
message per person: the digests of all their agencies for that slot, merged. The row key is deterministic
(person, day, send time, part), so planning the same slot twice inserts nothing, and a restart never resends.
The store remembers up to when it planned (`planned_until`): after downtime, slots missed by less than the
catch-up window are still sent, older ones are recorded as `missed` (reported, never sent), so nobody gets a
flood of stale reminders. The very first run plans only the catch-up window: nothing from before the bot
existed is reported as missed.

Sending. Rows with `due_at <= now` and no pending retry are sent in due order, under a global and a per-chat
rate limit. Outcomes:
- sent → `sent`, and the numbered items become the person's list for "/done N";
- RetryLater (HTTP 429) → retried at `retry_after`;
- TemporaryFailure (nothing reached the server) → exponential backoff, `failed` after `max_attempts`;
- Undeliverable (blocked, chat not found) → `failed`, the chat flagged, the admins told, and the message
  handed to the person's other messenger when they have one;
- DeliveryUncertain (sent, no answer) → `uncertain` and NOT resent: Telegram has no idempotency key, so a
  blind retry could duplicate; admins see these in /baocao and can resend by hand.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time as _time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from bot.chat import texts
from bot.domain.calendar import WorkCalendar
from bot.domain.model import Catalog
from bot.domain.planner import Digest, Reminder, plan_digests
from bot.services.channel import (
    Button,
    Channel,
    DeliveryUncertain,
    Keyboard,
    MessageRejected,
    RetryLater,
    TemporaryFailure,
    Undeliverable,
)
from bot.services.clock import Clock
from bot.services.live_catalog import LiveCatalog
from bot.store.repository import Binding, ContactView, NewMessage, OutboxRow, Store

log = logging.getLogger(__name__)

LOOKBACK_DAYS = 7  # slots this far back are still recorded (as missed when beyond the catch-up window)


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    catch_up: timedelta = timedelta(hours=12)  # a slot missed by less than this is still sent after downtime
    max_attempts: int = 8
    messages_per_second: float = 30.0  # Telegram: about 30 messages per second per bot
    per_chat_interval: float = 1.0  # Telegram: about one message per second per chat
    channel_order: tuple[str, ...] = ("telegram", "zalo")  # preferred messenger first
    fallback: bool = True  # hand a message to the person's other messenger when one refuses for good


# --- planning ---------------------------------------------------------------------------------------------


class Planner:
    """Turns the digests that are due into outbox rows, one per person per slot (split if too long)."""

    def __init__(
        self,
        live: LiveCatalog,
        store: Store,
        calendar: WorkCalendar,
        tz: ZoneInfo,
        channels: Mapping[str, Channel],
        settings: DeliverySettings,
    ) -> None:
        self.live, self.store, self.calendar, self.tz = live, store, calendar, tz
        self.channels, self.settings = channels, settings
        self._send_times: tuple[Catalog | None, frozenset[clock_time]] = (None, frozenset())

    def materialize(self, now: datetime) -> int:
        """Insert the rows for every slot that has come; returns how many rows were new."""
        catalog = self.live.catalog
        last = self.store.planned_until()
        since = max(
            last if last is not None else now - self.settings.catch_up, now - timedelta(days=LOOKBACK_DAYS)
        )
        if not self._slot_passed(catalog, since, now):
            self.store.set_planned_until(now)
            return 0  # most ticks: no send time came since the last run, so there is nothing to plan
        completed = set(self.store.completions(("done", "pending")))
        extensions = {k: e.requested_due for k, e in self.store.approved_extensions().items()}
        found = plan_digests(
            catalog,
            self.calendar,
            since.astimezone(self.tz).date(),
            now.astimezone(self.tz).date(),
            completed,
            extensions,
        )
        contacts = self.store.contacts()
        by_agency: dict[str, list[ContactView]] = defaultdict(list)
        for contact in contacts:
            for ref in contact.agencies:
                by_agency[ref].append(contact)
        admins = [c for c in contacts if c.is_admin]
        slots: dict[tuple[int, date, clock_time], list[Reminder]] = defaultdict(list)
        for digest in found:
            if not since < self._due_at(digest) <= now:
                continue  # not due yet, or planned by an earlier run
            receivers = by_agency.get(digest.recipient, [])
            for contact in receivers:
                slots[(contact.id, digest.day, digest.send_time)].extend(digest.items)
            escalations = [i for i in digest.items if i.role == "supervisor"]
            for admin in admins:
                if escalations and admin not in receivers:
                    slots[(admin.id, digest.day, digest.send_time)].extend(escalations)
        messages: list[NewMessage] = []
        bindings = self._preferred_bindings()
        names = {c.id: c for c in contacts}
        for (contact_id, day, send_time), items in sorted(
            slots.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])
        ):
            binding = bindings.get(contact_id)
            if binding is None:
                continue  # nobody to write to (not bound, or every chat refused)
            digest = Digest(
                day,
                send_time,
                names[contact_id].agencies[0] if names[contact_id].agencies else "",
                tuple(sorted(items, key=lambda r: r.urgency)),
            )
            heading = self._heading(names[contact_id], catalog.agency_name)
            text, numbered = texts.render_digest_numbered(digest, catalog, heading=heading)
            due_at = self._due_at(digest)
            state = "missed" if due_at < now - self.settings.catch_up else "pending"
            limit = self.channels[binding.channel].max_length if binding.channel in self.channels else 4096
            for part_no, part in enumerate(texts.split_message(text, limit)):
                in_part = {int(n) for n in re.findall(r"^(\d+)\. ", part, flags=re.MULTILINE)}
                items_json = [
                    {
                        "n": n,
                        "task": r.task.id,
                        "agency": r.agency_id,
                        "occ": r.occurrence.key,
                        "closable": r.role == "lead",
                        "in_part": n in in_part,
                    }
                    for n, r in numbered
                ]
                messages.append(
                    NewMessage(
                        key=f"digest|{contact_id}|{day.isoformat()}|{send_time:%H:%M}|{part_no}",
                        contact_id=contact_id,
                        channel=binding.channel,
                        chat_id=binding.chat_id,
                        kind="digest",
                        slot_date=day,
                        due_at=due_at,
                        text=part,
                        items=items_json,
                        state=state,
                    )
                )
        added = self.store.enqueue(messages)
        self.store.set_planned_until(now)
        if added:
            log.info("planned %d outbox messages", added)
        return added

    def _slot_passed(self, catalog: Catalog, since: datetime, now: datetime) -> bool:
        """Whether some send time of the schedules falls in (since, now]."""
        if self._send_times[0] is not catalog:  # the distinct send times, computed once per loaded catalog
            times = {t.policy.send_time for p in catalog.plans.values() for t in p.tasks}
            self._send_times = (catalog, frozenset(times))
        day, last_day = since.astimezone(self.tz).date(), now.astimezone(self.tz).date()
        while day <= last_day:
            for send_time in self._send_times[1]:
                if since < datetime.combine(day, send_time, self.tz) <= now:
                    return True
            day += timedelta(days=1)
        return False

    def _due_at(self, digest: Digest) -> datetime:
        return datetime.combine(digest.day, digest.send_time, self.tz).astimezone(UTC)

    def _preferred_bindings(self) -> dict[int, Binding]:
        order = {name: i for i, name in enumerate(self.settings.channel_order)}
        chosen: dict[int, Binding] = {}
        for binding in self.store.bindings():
            if binding.channel not in self.channels:
                continue
            current = chosen.get(binding.contact_id)
            if current is None or order.get(binding.channel, 99) < order.get(current.channel, 99):
                chosen[binding.contact_id] = binding
        return chosen

    @staticmethod
    def _heading(contact: ContactView, name_of: Callable[[str], str]) -> str | None:
        if len(contact.agencies) > 1:
            return ", ".join(name_of(a) for a in contact.agencies)
        return None


def notice(
    store: Store,
    contact: ContactView,
    key: str,
    text: str,
    now: datetime,
    buttons: Sequence[Sequence[Button]] = (),
    channel_order: Sequence[str] = ("telegram", "zalo"),
) -> bool:
    """Queue an immediate message to one person (an admin's approval request, say) on their preferred chat."""
    bindings = sorted(
        store.bindings(contact.id),
        key=lambda b: list(channel_order).index(b.channel) if b.channel in channel_order else 99,
    )
    if not bindings:
        return False
    binding = bindings[0]
    items = [{"button": b.text, "data": b.data, "row": r} for r, row in enumerate(buttons) for b in row]
    message = NewMessage(key, contact.id, binding.channel, binding.chat_id, "notice", None, now, text, items)
    return store.enqueue([message]) == 1


# --- sending ----------------------------------------------------------------------------------------------


class RateLimiter:
    """At most `per_second` sends in any rolling second overall, and one per `per_chat_interval` per chat."""

    def __init__(
        self,
        per_second: float,
        per_chat_interval: float,
        monotonic: Callable[[], float] = _time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.per_second = max(1, int(per_second))
        self.per_chat_interval = per_chat_interval
        self._monotonic, self._sleep = monotonic, sleep
        self._recent: deque[float] = deque()
        self._last_by_chat: dict[str, float] = {}
        self.window = 1.05  # a little over a second: the server's clock and ours do not tick together

    async def wait(self, chat_id: str) -> None:
        while True:
            now = self._monotonic()
            while self._recent and now - self._recent[0] >= self.window:
                self._recent.popleft()
            delay = 0.0
            if len(self._recent) >= self.per_second:
                delay = self.window - (now - self._recent[0])
            last = self._last_by_chat.get(chat_id)
            if last is not None:
                delay = max(delay, self.per_chat_interval - (now - last))
            if delay <= 1e-6:  # float residue (2.05 - 1.05 < 1.0) must not become an endless wait
                self._recent.append(now)
                self._last_by_chat[chat_id] = now
                return
            await self._sleep(delay)


@dataclass
class DispatchReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    uncertain: int = 0
    undeliverable_chats: list[tuple[str, str]] = field(default_factory=list)


class Dispatcher:
    """Sends what is due. Only the holder of the dispatch lock should run it (see bot.store.lock)."""

    def __init__(
        self,
        store: Store,
        channels: Mapping[str, Channel],
        clock: Clock,
        settings: DeliverySettings,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.store, self.channels, self.clock, self.settings = store, channels, clock, settings
        self.limiter = limiter

    async def dispatch_due(self, limit: int = 500, passes: int = 3) -> DispatchReport:
        """Send every due row; a few more passes pick up what sending queued (an admin's notice of a
        blocked chat) so that it does not wait for the next tick."""
        report = DispatchReport()
        for _ in range(passes):
            rows = self.store.due_messages(self.clock.now(), limit=limit)
            if not rows:
                break
            for row in rows:
                await self._send(row, report)
        return report

    async def _send(self, row: OutboxRow, report: DispatchReport) -> None:
        channel = self.channels.get(row.channel)
        if channel is None:
            return  # that messenger is not running in this process; another may send it
        if self.limiter is not None:
            await self.limiter.wait(f"{row.channel}:{row.chat_id}")
        try:
            remote_id = await channel.send(row.chat_id, row.text, self._buttons(row, channel))
        except RetryLater as exc:
            report.retried += 1
            self.store.mark_retry(
                row.id, self.clock.now() + timedelta(seconds=max(exc.after, 1)), f"429: {exc}"
            )
        except TemporaryFailure as exc:
            if row.attempts + 1 >= self.settings.max_attempts:
                report.failed += 1
                self.store.mark_final(row.id, "failed", f"network: {exc}", self.clock.now())
            else:
                report.retried += 1
                backoff = min(5 * 2**row.attempts, 900)
                self.store.mark_retry(
                    row.id, self.clock.now() + timedelta(seconds=backoff), f"network: {exc}"
                )
        except Undeliverable as exc:
            report.failed += 1
            report.undeliverable_chats.append((row.channel, row.chat_id))
            self._undeliverable(row, exc.reason)
        except MessageRejected as exc:
            report.failed += 1
            self.store.mark_final(row.id, "failed", f"rejected: {exc}", self.clock.now())
        except DeliveryUncertain as exc:
            report.uncertain += 1
            self.store.mark_final(row.id, "uncertain", f"no answer after sending: {exc}", self.clock.now())
        else:
            report.sent += 1
            listed = None
            if row.kind == "digest" and row.contact_id is not None:
                items = [[i["task"], i["agency"], i["occ"]] if i.get("closable") else None for i in row.items]
                listed = (row.contact_id, items)
            self.store.mark_sent(row.id, remote_id, self.clock.now(), item_list=listed)

    def _buttons(self, row: OutboxRow, channel: Channel) -> Keyboard:
        if not channel.supports_buttons:
            return ()
        if row.kind == "notice":
            rows: dict[int, list[Button]] = defaultdict(list)
            for item in row.items:
                if "button" in item:
                    rows[item["row"]].append(Button(item["button"], item["data"]))
            return [rows[r] for r in sorted(rows)]
        closable = [i for i in row.items if i.get("closable") and i.get("in_part")]
        keyboard: list[list[Button]] = []
        for item in closable[:20]:  # beyond 20 buttons a keyboard is harder to use than typing /done
            keyboard.append(
                [
                    Button(f"✅ {item['n']}. Đã hoàn thành", f"d:{row.id}:{item['n']}"),
                    Button("⏳ Xin gia hạn", f"x:{row.id}:{item['n']}"),
                ]
            )
        return keyboard

    def _undeliverable(self, row: OutboxRow, reason: str) -> None:
        now = self.clock.now()
        self.store.mark_final(row.id, "failed", f"undeliverable: {reason}", now)
        contact_id = self.store.mark_undeliverable(row.channel, row.chat_id, reason, now)
        contact = self.store.contact(contact_id) if contact_id is not None else None
        if contact is not None and self.settings.fallback:
            for other in self.store.bindings(contact.id):
                if other.channel != row.channel and other.channel in self.channels:
                    self.store.enqueue(
                        [
                            NewMessage(
                                f"{row.key}|{other.channel}",
                                contact.id,
                                other.channel,
                                other.chat_id,
                                row.kind,
                                None,
                                now,
                                row.text,
                                row.items,
                            )
                        ]
                    )
                    break
        who = contact.name if contact else row.chat_id
        text = texts.undeliverable_notice(who, row.channel, reason)
        for admin in (c for c in self.store.contacts() if c.is_admin):
            if contact is None or admin.id != contact.id:
                notice(
                    self.store,
                    admin,
                    f"notice|undeliverable|{row.channel}|{row.chat_id}|{admin.id}",
                    text,
                    now,
                    channel_order=self.settings.channel_order,
                )
