"""Benchmark: the outbox dispatcher against the local fake Telegram server (tests/fakes/telegram_server.py).

Prints:
- rate limits off: 5,000 digests (distinct chats) sent by `Dispatcher` through `TelegramChannel` and a PTB
  `Bot` — messages per second and CPU per message; the same requests (chat_id, text, reply_markup) from a
  bare `httpx.AsyncClient` loop; and the ratio of CPU per message, dispatcher ÷ bare loop (goal: ≤ 1.5×).
  The dispatcher's figure includes its database work (select the due rows, mark each sent, save each
  person's item list) in a SQLite file: that is what a real dispatch costs. For the breakdown, two more
  variants run: `TelegramChannel.send` in a loop (PTB without the store), and the dispatcher with a channel
  that sends nothing (the store without PTB). The variants take turns in --rounds rounds;
- rate limits on, against a fake that answers 429 above 30 messages/s, `RateLimiter(30, 1.0)`: the achieved
  rate (goal: ≥ 27/s), the number of 429s the fake gave (goal: 0) and the rows that needed a retry.

The fake server runs in a separate process, so this process's CPU time (`time.process_time()`, user +
system, all threads) is the client's alone. With --profile (or when the CPU goal is missed) a smaller
dispatcher run is profiled with cProfile (CPU-time timer) and the main costs are printed.

Usage: python bench/dispatch_bench.py [--messages N] [--rounds N] [--limited-messages N] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import importlib.util
import io
import json
import multiprocessing as mp
import os
import pstats
import random
import sys
import tempfile
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # tests/fakes/telegram_server.py

from fakes.telegram_server import FakeTelegram
from sqlalchemy import insert

from bot.channels.telegram import TelegramChannel
from bot.services.channel import Button, Channel, Keyboard
from bot.services.clock import SystemClock
from bot.services.outbox import DeliverySettings, Dispatcher, RateLimiter
from bot.store.migrate import upgrade
from bot.store.repository import NewMessage, Store, make_engine
from bot.store.tables import Contact

# PTB 22 warns, even while building RetryAfter itself, that `retry_after` will become a timedelta.
warnings.filterwarnings("ignore", message=".*retry_after.*")

CHAT_BASE = 700_000_000  # Telegram private chat ids are the users' ids: large positive integers
CPU_GOAL = 1.5
RATE_GOAL = 27.0

# --- the fake server, in its own process ----------------------------------------------------------------


def _serve(conn: Connection, rate_limit: int | None) -> None:
    """Child process: run a FakeTelegram until the parent says stop, then report what it saw."""
    # The fake answers with two writes (headers, then body); with Nagle's algorithm on, the body waits for
    # the client's delayed ACK, ~40 ms per request on Linux, which would cap both loops near 25 requests/s.
    # Telegram's servers do not stall like that, so switch Nagle off (in this process only).
    fake = FakeTelegram().start()
    fake.limit_rate(rate_limit)
    conn.send({"base_url": fake.base_url, "token": fake.token})
    while True:
        command = conn.recv()  # "stats" or "stop"
        conn.send({"sent": len(fake.sent), "rejected_429": fake.rejected_429, "cpu": time.process_time()})
        if command == "stop":
            break
    fake.stop()
    conn.close()


class ServerProcess:
    """`with ServerProcess(limit) as server:` — server.base_url, server.token, server.stats() (what the fake
    saw so far: messages sent, 429s given, its own CPU seconds)."""

    def __init__(self, rate_limit: int | None = None) -> None:
        self.rate_limit = rate_limit

    def __enter__(self) -> ServerProcess:
        context = mp.get_context("spawn")  # a clean interpreter: nothing of ours is shared or copied
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, self.rate_limit), daemon=True)
        self._process.start()
        child.close()
        if not self._conn.poll(30):
            raise RuntimeError("the fake Telegram server did not start")
        hello = self._conn.recv()
        self.base_url, self.token = hello["base_url"], hello["token"]
        return self

    def stats(self) -> dict[str, Any]:
        self._conn.send("stats")
        return dict(self._conn.recv())

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self._conn.poll(30)
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()


# --- realistic digests ----------------------------------------------------------------------------------

AGENCIES = [
    "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Nội vụ", "Sở Tư pháp", "Sở Giáo dục và Đào tạo",
    "Sở Y tế", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Thông tin và Truyền thông", "UBND huyện Tân Phú",
    "UBND thành phố Biên Hòa", "Sở Tài nguyên và Môi trường", "Sở Lao động - Thương binh và Xã hội",
]  # fmt: skip
PLANS = [
    ("213/KH-UBND", "Cải cách hành chính nhà nước tỉnh năm 2024"),
    ("45/KH-UBND", "Chuyển đổi số, phát triển chính quyền số và bảo đảm an toàn thông tin mạng năm 2024"),
    ("118/KH-UBND", "Nâng cao chỉ số năng lực cạnh tranh cấp tỉnh (PCI) giai đoạn 2024-2025"),
    ("7/KH-UBND", "Thực hiện Nghị quyết số 01/NQ-CP về nhiệm vụ, giải pháp chủ yếu phát triển kinh tế - xã hội"),
]  # fmt: skip
TITLES = [
    "Rà soát, đơn giản hóa thủ tục hành chính thuộc phạm vi quản lý, báo cáo kết quả về Sở Tư pháp",
    "Xây dựng kế hoạch kiểm tra công tác cải cách hành chính tại các đơn vị trực thuộc năm 2024",
    "Tổ chức đối thoại với doanh nghiệp về khó khăn, vướng mắc trong thực hiện thủ tục đầu tư",
    "Cập nhật, công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia và Hệ thống thông tin giải quyết TTHC",
    "Báo cáo tình hình số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo Nghị định số 45/2020/NĐ-CP",
    "Triển khai thanh toán trực tuyến phí, lệ phí đối với các dịch vụ công đủ điều kiện",
    "Tham mưu UBND tỉnh ban hành quy chế phối hợp trong quản lý nhà nước về chuyển đổi số",
    "Đánh giá mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
    "Báo cáo kết quả thực hiện Chỉ thị số 23/CT-TTg về tăng cường kỷ luật, kỷ cương hành chính",
    "Rà soát, kiện toàn tổ chức bộ máy, sắp xếp đơn vị sự nghiệp công lập theo quy định",
]  # fmt: skip
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


@dataclass
class Corpus:
    messages: list[NewMessage]  # the outbox rows, in due order
    keyboards: list[list[list[Button]]]  # the buttons each is sent with, as Dispatcher._buttons builds them

    def markup(self, index: int) -> str:
        """The reply_markup form value of message `index`, encoded as PTB encodes it ("" when none)."""
        rows = [[{"text": b.text, "callback_data": b.data} for b in row] for row in self.keyboards[index]]
        return json.dumps({"inline_keyboard": rows}) if rows else ""

    @property
    def average_chars(self) -> float:
        return sum(len(m.text) for m in self.messages) / len(self.messages)


def build_corpus(count: int, seed: int = 11, first_chat: int = 0) -> Corpus:
    """`count` digests of 600-1,200 characters, each to its own person and chat (a fresh store's contacts
    and rows 1..count; chats CHAT_BASE + first_chat ..)."""
    rng = random.Random(seed)
    due_at = datetime.now(UTC) - timedelta(minutes=1)
    day = due_at.date()
    messages: list[NewMessage] = []
    keyboards: list[list[list[Button]]] = []
    for i in range(count):
        contact_id = i + 1
        agency = rng.choice(AGENCIES)
        number, plan_title = rng.choice(PLANS)
        lines = [f"📋 NHẮC VIỆC — {agency}", f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}", ""]
        lines.append(f"📄 Kế hoạch {number} — {plan_title[:90]}")
        items: list[dict[str, Any]] = []
        while True:
            n = len(items) + 1
            task = f"KH{rng.randint(1, 60)}-{rng.randint(1, 400)}"
            due = day + timedelta(days=rng.randint(-20, 15))
            reason = rng.random()
            if reason < 0.3:
                why = f"⚠️ QUÁ HẠN {rng.randint(1, 15)} ngày làm việc (hạn {due:%d/%m/%Y})"
            elif reason < 0.4:
                why = f"⏰ HẾT HẠN HÔM NAY ({day:%d/%m/%Y})"
            elif reason < 0.85:
                why = f"🔔 Còn {rng.randint(1, 10)} ngày làm việc (hạn {due:%d/%m/%Y})"
            else:
                why = f"🤝 Phối hợp — hạn {due:%d/%m/%Y}"
            candidate = [f"{n}. [{task}] {rng.choice(TITLES)}", f"   {why}"]
            footer = "Khi hoàn thành, trả lời: /done MÃ (hoặc /done SỐ THỨ TỰ). Xin gia hạn: /giahan MÃ dd/mm/yyyy lý do."
            length = len("\n".join([*lines, *candidate, "", footer]))
            if items and length > rng.randint(600, 1200):
                break
            lines += candidate
            items.append(
                {
                    "n": n,
                    "task": task,
                    "agency": f"bench:so-{AGENCIES.index(agency)}",
                    "occ": "once",
                    "closable": not why.startswith("🤝"),
                    "in_part": True,
                }
            )
        lines += ["", footer]
        key = f"digest|{contact_id}|{day.isoformat()}|08:00|0"
        chat_id = str(CHAT_BASE + first_chat + i)
        text = "\n".join(lines)
        messages.append(NewMessage(key, contact_id, "telegram", chat_id, "digest", day, due_at, text, items))
        keyboards.append(
            [  # as Dispatcher._buttons builds them; the row id is i + 1 in a fresh store
                [
                    Button(f"✅ {item['n']}. Đã hoàn thành", f"d:{i + 1}:{item['n']}"),
                    Button("⏳ Xin gia hạn", f"x:{i + 1}:{item['n']}"),
                ]
                for item in items
                if item["closable"]
            ]
        )
    return Corpus(messages, keyboards)


def make_store(folder: Path, corpus: Corpus) -> Store:
    """A fresh SQLite store (migrated) with one contact per message and every message enqueued."""
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    now = datetime.now(UTC)
    contacts = [
        {
            "id": m.contact_id,
            "name": f"Đầu mối số {m.contact_id}",
            "role": "focal",
            "active": True,
            "created_at": now,
        }
        for m in corpus.messages
    ]
    with engine.begin() as connection:
        connection.execute(insert(Contact), contacts)
    store = Store(engine)
    added = store.enqueue(corpus.messages)
    assert added == len(corpus.messages), (added, len(corpus.messages))
    return store


# --- the runs -------------------------------------------------------------------------------------------


@dataclass
class Run:
    messages: int = 0
    wall: float = 0.0  # seconds
    cpu: float = 0.0  # seconds of this process's CPU (user + system, all threads)
    system: float = 0.0  # of which in the kernel
    retried_rows: int = 0
    retries: int = 0
    rejected_429: int = 0

    @property
    def rate(self) -> float:
        return self.messages / self.wall

    @property
    def cpu_ms(self) -> float:
        return self.cpu / self.messages * 1000

    def __add__(self, other: Run) -> Run:
        return Run(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    def figures(self) -> str:
        return (
            f"{self.rate:6.0f} msg/s  CPU {self.cpu_ms:6.3f} ms/msg  (wall {self.wall:6.2f} s, "
            f"CPU {self.cpu:5.2f} s of which system {self.system:4.2f} s)"
        )


class Meter:
    """Wall time and this process's CPU time between `start()` and `stop()`."""

    def start(self) -> None:
        self._wall, self._cpu, self._system = time.perf_counter(), time.process_time(), os.times().system

    def elapsed(self) -> float:
        return time.perf_counter() - self._wall

    def stop(self, messages: int) -> Run:
        wall, cpu = time.perf_counter() - self._wall, time.process_time() - self._cpu
        return Run(messages, wall, cpu, os.times().system - self._system)


class NullChannel:
    """A channel that sends nothing: what the dispatcher and the store cost on their own."""

    name = "telegram"
    max_length = 4096
    supports_buttons = True

    def __init__(self) -> None:
        self.count = 0

    async def send(self, chat_id: str, text: str, buttons: Keyboard = ()) -> str:
        self.count += 1
        return str(self.count)


async def _dispatch_all(
    store: Store,
    server: ServerProcess | None,
    expected: int,
    limiter: RateLimiter | None,
    profiler: cProfile.Profile | None = None,
    deadline: float = 150,
) -> Run:
    """Send everything due, calling dispatch_due again until all is sent (retries wait for retry_after)."""
    async with contextlib.AsyncExitStack() as stack:
        channel: Channel = NullChannel()
        if server is not None:
            telegram = TelegramChannel(server.token, server.base_url.removesuffix("/bot"))
            stack.push_async_callback(telegram.aclose)
            channel = telegram
        dispatcher = Dispatcher(
            store, {"telegram": channel}, SystemClock(), DeliverySettings(), limiter=limiter
        )
        sent = retries = 0
        meter = Meter()
        if profiler is not None:
            profiler.enable()
        meter.start()
        while sent < expected and meter.elapsed() < deadline:
            report = await dispatcher.dispatch_due(limit=expected)
            sent += report.sent
            retries += report.retried
            assert report.failed == 0 and report.uncertain == 0, report
            if report.sent == 0 and report.retried == 0:
                await asyncio.sleep(0.05)  # nothing due: waiting for a retry_after to pass
        run = meter.stop(expected)
        if profiler is not None:
            profiler.disable()
    run.retries = retries
    return run


def run_dispatcher(
    corpus: Corpus,
    server: ServerProcess | None,
    limiter: RateLimiter | None = None,
    profiler: cProfile.Profile | None = None,
) -> Run:
    """Dispatcher → TelegramChannel → PTB Bot → the fake (or a NullChannel when `server` is None), from a
    fresh SQLite store in which every message is due."""
    expected = len(corpus.messages)
    before = server.stats() if server else {}
    with tempfile.TemporaryDirectory() as tmp:
        store = make_store(Path(tmp), corpus)
        run = asyncio.run(_dispatch_all(store, server, expected, limiter, profiler))
        sent_rows = store.outbox(("sent",))
        store.engine.dispose()
    assert len(sent_rows) == expected, f"only {len(sent_rows)} of {expected} rows are sent"
    run.retried_rows = sum(1 for row in sent_rows if row.attempts > 1)
    if server is not None:
        after = server.stats()
        assert after["sent"] - before["sent"] == expected, (before, after)
        run.rejected_429 = after["rejected_429"] - before["rejected_429"]
    return run


async def _channel_loop(corpus: Corpus, server: ServerProcess) -> Run:
    channel = TelegramChannel(server.token, server.base_url.removesuffix("/bot"))
    try:
        meter = Meter()
        meter.start()
        for message, keyboard in zip(corpus.messages, corpus.keyboards, strict=True):
            await channel.send(message.chat_id, message.text, keyboard)
        return meter.stop(len(corpus.messages))
    finally:
        await channel.aclose()


async def _bare_loop(corpus: Corpus, server: ServerProcess) -> Run:
    url = f"{server.base_url}{server.token}/sendMessage"
    async with httpx.AsyncClient(timeout=10) as client:
        await client.post(f"{server.base_url}{server.token}/getMe")  # connect first, as initialize() does
        meter = Meter()
        meter.start()
        for index, message in enumerate(corpus.messages):
            # The same request the channel sends: a JSON body with the inline keyboard.
            body: dict[str, object] = {"chat_id": int(message.chat_id), "text": message.text}
            rows = [
                [{"text": b.text, "callback_data": b.data} for b in row] for row in corpus.keyboards[index]
            ]
            if rows:
                body["reply_markup"] = {"inline_keyboard": rows}
            response = await client.post(url, json=body)
            assert response.json()["ok"], response.text
        return meter.stop(len(corpus.messages))


def run_loop(
    loop: Callable[[Corpus, ServerProcess], Awaitable[Run]], corpus: Corpus, server: ServerProcess
) -> Run:
    before = server.stats()["sent"]
    run = asyncio.run(loop(corpus, server))
    assert server.stats()["sent"] - before == len(corpus.messages)
    return run


# --- profiling ------------------------------------------------------------------------------------------

# Where a dispatch's CPU goes: (label, file suffix, function name) as pstats names them; cumulative times,
# so an indented line is part of the line above it.
BUCKETS = [
    ("Store.due_messages (one select of all due rows)", "bot/store/repository.py", "due_messages"),
    ("Store.mark_sent (one transaction per row)", "bot/store/repository.py", "mark_sent"),
    ("Store.save_item_list (one transaction per row)", "bot/store/repository.py", "save_item_list"),
    ("  of which SQLAlchemy Session.commit", "sqlalchemy/orm/session.py", "commit"),
    ("  of which sqlite3 Connection.commit", "~", "<method 'commit' of 'sqlite3.Connection' objects>"),
    ("TelegramChannel.send (PTB + httpx)", "bot/channels/telegram.py", "send"),
    ("  of which httpx AsyncClient.request", "httpx/_client.py", "request"),
    ("    of which form encoding (urlencode)", "httpx/_content.py", "encode_urlencoded_data"),
    (
        "    of which httpcore `import sniffio` (fails)",
        "httpcore/_synchronization.py",
        "current_async_library",
    ),
    ("  of which PTB Message.de_json (the answer)", "telegram/_message.py", "de_json"),
    ("  of which _markup (InlineKeyboardMarkup)", "bot/channels/telegram.py", "_markup"),
    ("  of which PTB parameter building", "telegram/_bot.py", "<listcomp>"),
    ("Dispatcher._buttons", "bot/services/outbox.py", "_buttons"),
]


def profile_dispatcher(corpus: Corpus, server: ServerProcess) -> str:
    profiler = cProfile.Profile(time.process_time)  # a CPU-time timer: waiting for the server is not counted
    run_dispatcher(corpus, server, None, profiler)
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    count = len(corpus.messages)
    lines = [
        f"cProfile (CPU-time timer) of the dispatcher, {count:,} messages: {total:.2f} s CPU "
        f"({total / count * 1000:.2f} ms/msg, inflated by the profiler); cumulative per function:"
    ]
    for label, file_suffix, name in BUCKETS:
        cumulative = sum(
            ct
            for (file, _line, func), (_cc, _nc, _tt, ct, _callers) in entries.items()
            if func == name and (file == file_suffix or file.replace("\\", "/").endswith(file_suffix))
        )
        lines.append(f"  {label:<50} {cumulative:6.2f} s {cumulative / total:6.1%}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    text = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(text) if "ncalls" in line)
    lines.append("  top 15 functions by own time:")
    site = str(Path(httpx.__file__).parent.parent)
    stdlib = str(Path(json.__file__).parent.parent)
    lines += [
        f"    {line.replace(site, '<site-packages>').replace(stdlib, '<stdlib>')}"
        for line in text[start : start + 16]
    ]
    return "\n".join(lines)


# --- main -----------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5_000, help="digests sent with rate limits off")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds the messages are split in")
    parser.add_argument("--limited-messages", type=int, default=600, help="digests sent at 30/s")
    parser.add_argument("--profile", action="store_true", help="profile the dispatcher even when on goal")
    parser.add_argument("--profile-messages", type=int, default=300)
    args = parser.parse_args()

    per_round = args.messages // args.rounds
    corpora = [build_corpus(per_round, seed=11 + r, first_chat=r * per_round) for r in range(args.rounds)]
    sizes = [len(m.text) for c in corpora for m in c.messages]
    keyboards = [k for c in corpora for k in c.keyboards]
    print(
        f"corpus: {len(sizes):,} digests to distinct chats, {sum(sizes) / len(sizes):.0f} characters on "
        f"average ({min(sizes)}-{max(sizes)}), {sum(1 for k in keyboards if k) / len(sizes):.0%} with buttons "
        f"({sum(len(k) for k in keyboards) / len(sizes):.1f} rows of 2 on average)"
    )
    # Rate limits off. The variants take turns, round after round, so that other load on the machine
    # weighs on all of them alike; the figures are the totals over the rounds.
    names = ["dispatcher", "channel", "null", "bare"]
    runs: dict[str, list[Run]] = {name: [] for name in names}
    with ServerProcess(None) as server:
        for r, corpus in enumerate(corpora):
            print(f"round {r + 1}/{args.rounds}: {per_round:,} messages each way ...", flush=True)
            runs["dispatcher"].append(run_dispatcher(corpus, server))
            runs["channel"].append(run_loop(_channel_loop, corpus, server))
            runs["null"].append(run_dispatcher(corpus, None))
            runs["bare"].append(run_loop(_bare_loop, corpus, server))
        profile = None
        total = {name: sum(runs[name], Run()) for name in names}
        ratio = total["dispatcher"].cpu_ms / total["bare"].cpu_ms
        cpu_ok = ratio <= CPU_GOAL
        if args.profile or not cpu_ok:
            print(f"profiling the dispatcher ({args.profile_messages:,} messages) ...", flush=True)
            profile = profile_dispatcher(build_corpus(args.profile_messages, 99, 10**7), server)
    print(f"rate limits on: {args.limited_messages} messages at 30/s ...", flush=True)
    with ServerProcess(30) as server:
        limited = run_dispatcher(
            build_corpus(args.limited_messages, 98, 2 * 10**7), server, RateLimiter(30, 1.0)
        )
    rate_ok, no_429 = limited.rate >= RATE_GOAL, limited.rejected_429 == 0

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    per_round_ratios = ", ".join(
        f"{d.cpu_ms / b.cpu_ms:.2f}" for d, b in zip(runs["dispatcher"], runs["bare"], strict=True)
    )
    dispatcher, channel, null, bare = (total[name] for name in names)
    print()
    print("=" * 110)
    print(
        f"rate limits off: {dispatcher.messages:,} digests in {args.rounds} interleaved rounds; "
        "the fake server runs in its own process"
    )
    print(f"  dispatcher (with the store):   {dispatcher.figures()}")
    print(f"  TelegramChannel.send alone:    {channel.figures()}")
    print(f"  dispatcher, no-op channel:     {null.figures()}")
    print(f"  bare httpx loop:               {bare.figures()}")
    print(f"  CPU per message, dispatcher ÷ bare loop: {ratio:.2f}x (goal <= {CPU_GOAL}x) {verdict(cpu_ok)}")
    print(f"    per round: {per_round_ratios}")
    print(
        f"    TelegramChannel alone ÷ bare: {channel.cpu_ms / bare.cpu_ms:.2f}x; "
        f"(TelegramChannel + no-op-channel dispatch) ÷ bare: {(channel.cpu_ms + null.cpu_ms) / bare.cpu_ms:.2f}x"
    )
    print(
        f"rate limits on: {limited.messages} digests, the fake answers 429 above 30/s, RateLimiter(30, 1.0)"
    )
    print(
        f"  achieved rate: {limited.rate:.1f} msg/s (goal >= {RATE_GOAL:.0f}/s) {verdict(rate_ok)}"
        f"  (wall {limited.wall:.2f} s, CPU {limited.cpu_ms:.3f} ms/msg)"
    )
    print(f"  429s from the fake: {limited.rejected_429} (goal 0) {verdict(no_429)}")
    print(f"  rows that needed a retry: {limited.retried_rows} ({limited.retries} retries in all)")
    if importlib.util.find_spec("sniffio") is None:
        print(
            "note: sniffio is not installed, so httpcore's `import sniffio` fails, and is searched for again, "
            "on every request (both loops pay it)"
        )
    print("=" * 110)
    if profile:
        print(profile)


if __name__ == "__main__":
    main()
