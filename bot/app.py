"""The composition root: config, store, schedules, planner, dispatcher, chat and messengers, wired once.

The database is the source of truth; APScheduler is only a wake-up call. Every `tick_seconds` the bot
1. reloads the schedules if a file changed (an invalid edit keeps the last good version; admins are told),
2. if it holds the dispatch lock: plans the due digests into the outbox and sends what is due.
The tick job runs with `misfire_grace_time=None` (a late tick still runs), `coalesce=True` (missed ticks
collapse into one) and `max_instances=1` (never two at once), so a busy or sleeping machine loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.ext import Application

from bot.chat import texts
from bot.chat.commands import ChatService, ChatSettings, Incoming, Reply
from bot.config import Secrets, Settings
from bot.services.channel import Channel
from bot.services.clock import Clock, SystemClock
from bot.services.live_catalog import LiveCatalog, ReloadResult
from bot.services.outbox import DeliverySettings, Dispatcher, Planner, RateLimiter, notice
from bot.store.lock import DispatchLock
from bot.store.migrate import upgrade
from bot.store.repository import Store, make_engine

log = logging.getLogger(__name__)


class StartupError(Exception):
    """The bot cannot start; the message says why, in Vietnamese, for the admin at the console."""


class NhacViec:
    def __init__(
        self,
        settings: Settings,
        secrets: Secrets,
        clock: Clock | None = None,
        channels: Mapping[str, Channel] | None = None,
        *,
        rate_limit: bool = True,
    ) -> None:
        self.settings, self.secrets = settings, secrets
        self.clock = clock or SystemClock()
        self.tz = settings.tz
        engine = make_engine(settings.database_url)
        upgrade(engine)
        self.store = Store(engine)
        self.lock = DispatchLock(engine)
        self.live = LiveCatalog([settings.schedules_dir], settings.reminders, self.store)
        first = self.live.reload(self.clock.now())
        if not first.ok:
            details = "\n".join(str(p) for p in first.problems[:30])
            raise StartupError(f"Các tệp kế hoạch có lỗi, bot chưa thể chạy:\n{details}")
        self.calendar = settings.work_calendar()
        bot = settings.bot
        self.delivery = DeliverySettings(
            catch_up=timedelta(hours=bot.catch_up_hours), messages_per_second=bot.messages_per_second,
            channel_order=tuple(bot.channels), fallback=bot.fallback,
        )  # fmt: skip
        self.channels: dict[str, Channel] = dict(channels or {})
        self.planner = Planner(self.live, self.store, self.calendar, self.tz, self.channels, self.delivery)
        limiter = (
            RateLimiter(bot.messages_per_second, self.delivery.per_chat_interval) if rate_limit else None
        )
        self.dispatcher = Dispatcher(self.store, self.channels, self.clock, self.delivery, limiter)
        self.chat = ChatService(
            self.store, self.live, self.calendar, self.tz, self.clock,
            ChatSettings(undo_window=timedelta(minutes=bot.undo_minutes), invite_validity=timedelta(days=bot.invite_days),
                         channel_order=tuple(bot.channels)),
            reload=self.reload,
        )  # fmt: skip
        self.telegram: Application | None = None  # type: ignore[type-arg]
        self.scheduler: AsyncIOScheduler | None = None
        self._tick_lock = asyncio.Lock()

    # --- the loop -----------------------------------------------------------------------------------------

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """One incoming message or button; any notices it queued go out right away."""
        try:
            replies = self.chat.handle(incoming)
        except Exception:
            log.exception("handling an incoming message failed")
            replies = [Reply(texts.INTERNAL_ERROR)]
        self.kick()
        return replies

    def kick(self) -> None:
        """Send what is due now (notices), without waiting for the next tick."""
        with contextlib.suppress(RuntimeError):  # no running loop (called from sync tests)
            asyncio.get_running_loop().create_task(self.deliver())

    async def deliver(self) -> None:
        async with self._tick_lock:
            if self.lock.try_acquire():
                await self.dispatcher.dispatch_due()

    async def tick(self) -> None:
        """Reload edited schedules, plan due digests and send; never raises (the next tick tries again)."""
        async with self._tick_lock:
            try:
                if self.live.changed():
                    self.reload()
                if self.lock.try_acquire():
                    now = self.clock.now()
                    self.store.mark_missed_before(now - timedelta(days=8), now)
                    self.store.forget_seen_before(now - timedelta(days=30))
                    self.planner.materialize(now)
                    self._check_zalo_quota(now)
                    await self.dispatcher.dispatch_due()
            except Exception:
                log.exception("tick failed; the next tick will try again")

    def reload(self) -> ReloadResult:
        """Reload the schedules; on errors, admins get the file:line:col list once per broken version."""
        now = self.clock.now()
        result = self.live.reload(now)
        if not result.ok:
            digest = hashlib.sha256("\n".join(map(str, result.problems)).encode()).hexdigest()[:16]
            for admin in (c for c in self.store.contacts() if c.is_admin):
                notice(self.store, admin, f"notice|schedule-errors|{digest}|{admin.id}",
                       texts.schedule_errors(result.problems), now, channel_order=self.delivery.channel_order)  # fmt: skip
            self.kick()
        return result

    # --- messengers ---------------------------------------------------------------------------------------

    async def start(self, *, ticks: bool = True) -> None:
        """Connect the configured messengers and start the tick. Raises StartupError when nothing can run.

        Tests pass `ticks=False` and call `tick()` themselves after moving their fake clock.
        """
        if self.secrets.telegram_token:
            await self._start_telegram(self.secrets.telegram_token)
        if self.secrets.zalo_token:
            await self._start_zalo(self.secrets.zalo_token)
        if not self.channels:
            raise StartupError(texts.NO_CHANNEL)
        if not ticks:
            return
        self.scheduler = AsyncIOScheduler(timezone=self.tz)
        self.scheduler.add_job(
            self.tick, "interval", seconds=self.settings.bot.tick_seconds, id="tick",
            next_run_time=datetime.now(UTC), misfire_grace_time=None, coalesce=True, max_instances=1,
        )  # fmt: skip
        self.scheduler.start()

    async def _start_telegram(self, token: str) -> None:
        from telegram.error import InvalidToken, TelegramError

        from bot.channels.telegram import TelegramChannel, build_application, set_menu

        read_timeout = self.settings.bot.telegram.read_timeout

        def first_time(key: str) -> bool:
            return self.store.first_time_seen("telegram", key, self.clock.now())

        application = build_application(
            token, self.secrets.telegram_base_url, self.handle, read_timeout, first_time
        )
        try:
            await application.initialize()  # calls getMe: the one start-up call that must succeed
        except InvalidToken as exc:
            raise StartupError(
                "Token Telegram không hợp lệ (NHACVIEC_TELEGRAM_TOKEN); kiểm tra lại với BotFather."
            ) from exc
        except TelegramError as exc:
            raise StartupError(f"Không kết nối được Telegram Bot API: {exc}") from exc
        await set_menu(application.bot)
        await application.start()
        telegram = self.settings.bot.telegram
        updater = application.updater
        assert updater is not None
        if telegram.mode == "webhook":
            if not telegram.webhook_url or not self.secrets.telegram_webhook_secret:
                raise StartupError(texts.WEBHOOK_NEEDS_URL)
            await updater.start_webhook(
                listen=telegram.listen, port=telegram.port, url_path="telegram", webhook_url=telegram.webhook_url,
                secret_token=self.secrets.telegram_webhook_secret,
            )  # fmt: skip
        else:
            await updater.start_polling(poll_interval=0.0, timeout=20)
        self.telegram = application
        self.channels["telegram"] = TelegramChannel(token, self.secrets.telegram_base_url, read_timeout)
        me = application.bot.username
        log.info("Telegram connected as @%s (%s)", me, telegram.mode)

    async def _start_zalo(self, token: str) -> None:
        from bot.channels.zalo import ZaloApiError, ZaloChannel, ZaloClient, ZaloMessage, ZaloPoller

        client = ZaloClient(token, self.secrets.zalo_base_url)
        try:
            await client.get_me()  # the one start-up call that must succeed
        except ZaloApiError as exc:
            await client.aclose()
            raise StartupError(
                f"Không kết nối được Zalo Bot API (kiểm tra NHACVIEC_ZALO_TOKEN): {exc}"
            ) from exc
        self.zalo_client = client
        self.channels["zalo"] = ZaloChannel(client)

        async def on_message(message: ZaloMessage) -> None:
            for reply in await self.handle(message.to_incoming()):
                for part in texts.split_message(reply.text, 2000):
                    try:
                        await client.send_message(message.chat_id, part)
                    except ZaloApiError as exc:
                        log.warning("Zalo reply failed: %s", exc)

        def first_time(message_id: str) -> bool:
            return self.store.first_time_seen("zalo", message_id, self.clock.now())

        zalo = self.settings.bot.zalo
        if zalo.mode == "webhook":
            if not zalo.webhook_url or not self.secrets.zalo_webhook_secret:
                await client.aclose()
                raise StartupError(texts.ZALO_WEBHOOK_NEEDS_URL)
            self._zalo_server = _start_zalo_webhook(
                zalo.listen, zalo.port, self.secrets.zalo_webhook_secret, on_message, first_time
            )
            await client.set_webhook(zalo.webhook_url, self.secrets.zalo_webhook_secret)
            log.info("Zalo connected (webhook on %s:%d)", zalo.listen, zalo.port)
            return
        await client.delete_webhook()  # polling and a webhook cannot both be active
        poller = ZaloPoller(client, on_message, first_time, zalo.poll_interval)
        self._zalo_stop = asyncio.Event()
        self._zalo_task = asyncio.get_running_loop().create_task(poller.run(self._zalo_stop))
        log.info("Zalo connected (long polling)")

    def _check_zalo_quota(self, now: datetime) -> None:
        """Tell the admins once a month when the free tier's message quota is nearly used."""
        if "zalo" not in self.channels:
            return
        from bot.channels.zalo import QuotaCounter

        zalo = self.settings.bot.zalo
        month = QuotaCounter.month_key(now)
        used = self.store.count_sent("zalo", QuotaCounter.month_start(now))
        if QuotaCounter.should_warn(used, zalo.monthly_quota, zalo.warn_share):
            for admin in (c for c in self.store.contacts() if c.is_admin):
                notice(self.store, admin, f"notice|zalo-quota|{month}|{admin.id}",
                       texts.zalo_quota(used, zalo.monthly_quota, month), now,
                       channel_order=self.delivery.channel_order)  # fmt: skip

    async def stop(self) -> None:
        if getattr(self, "_zalo_server", None) is not None:
            self._zalo_server.stop()
            self._zalo_server = None
        if getattr(self, "_zalo_task", None) is not None:
            self._zalo_stop.set()
            await self._zalo_task
            self._zalo_task = None
        if getattr(self, "zalo_client", None) is not None:
            await self.zalo_client.aclose()
            self.zalo_client = None
        self.channels.pop("zalo", None)
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        channel = self.channels.pop("telegram", None)
        if channel is not None and hasattr(channel, "aclose"):
            await channel.aclose()
        if self.telegram is not None:
            application, self.telegram = self.telegram, None
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            await application.stop()
            await application.shutdown()
        self.lock.release()
        self.store.engine.dispose()

    def job_settings(self) -> dict[str, Any]:
        """The tick job's scheduling options (for the operator and the tests)."""
        assert self.scheduler is not None
        job = self.scheduler.get_job("tick")
        return {
            "misfire_grace_time": job.misfire_grace_time,
            "coalesce": job.coalesce,
            "max_instances": job.max_instances,
        }


async def run_forever(app: NhacViec) -> None:
    await app.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    import signal

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await app.stop()


def _start_zalo_webhook(
    listen: str,
    port: int,
    secret: str,
    on_message: Callable[[Any], Awaitable[None]],
    first_time: Callable[[str], bool],
) -> Any:
    """A small HTTP endpoint at /zalo: wrong or missing secret → 403 and nothing processed; repeats ignored."""
    import json

    import tornado.web

    from bot.channels.zalo import check_webhook_secret, parse_update

    class ZaloWebhook(tornado.web.RequestHandler):
        async def post(self) -> None:
            if not check_webhook_secret(dict(self.request.headers), secret):
                self.set_status(403)
                return
            try:
                message = parse_update(json.loads(self.request.body or b"null"))
            except ValueError:
                self.set_status(400)
                return
            if message is not None and first_time(message.message_id):
                await on_message(message)
            self.write({"ok": True})

    return tornado.web.Application([(r"/zalo", ZaloWebhook)]).listen(port, address=listen)
