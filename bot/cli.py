"""The `nhacviec` command: validate schedules, parse a deadline, list tasks, simulate reminders.

Exit codes: 0 success; 1 invalid input (schedule problems, a deadline that cannot be read); 2 wrong usage.
Everything printed for people is Vietnamese; `--json` output is for other tools and keeps English keys.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from bot.chat.texts import render_digest
from bot.config import ConfigError, Settings, load_settings
from bot.domain.deadlines import parse_deadline
from bot.domain.model import Catalog, Plan, Task
from bot.domain.planner import Digest, agency_ref, plan_digests, recipient_on
from bot.schedules.loader import LoadResult, load_schedules


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print("Tệp cấu hình không hợp lệ:", file=sys.stderr)
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        result: int = args.handler(args, settings)
    except BrokenPipeError:  # `nhacviec simulate | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return result


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "cách dùng: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse speaking Vietnamese: usage, help headings, -h and usage errors (argparse speaks English)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **{k: v for k, v in kwargs.items() if k != "add_help"})
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help="in hướng dẫn này rồi thoát"
        )

    _ERRORS = (
        (r"the following arguments are required: (.+)", "thiếu tham số: {0}"),
        (
            r"argument (\S+): invalid choice: '([^']*)' \(choose from (.+)\)",
            "«{1}» không có; chọn một trong: {2}",
        ),
        (r"argument (\S+): expected one argument", "«{0}» cần một giá trị"),
        (r"argument (\S+): invalid (\w+) value: '([^']*)'", "«{0}»: giá trị «{2}» không hợp lệ"),
        (r"unrecognized arguments: (.+)", "không hiểu tham số: {0}"),
    )

    def error(self, message: str) -> NoReturn:
        for pattern, text in self._ERRORS:
            if found := re.fullmatch(pattern, message):
                message = text.format(*found.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


_JSON = "in kết quả dạng JSON (cho công cụ khác)"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nhacviec", description="Nhắc việc — nhắc các cơ quan thực hiện kế hoạch đúng hạn.")
    parser.add_argument("--config", type=Path, default=None, help="tệp cấu hình (mặc định: config.yaml)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    validate = commands.add_parser("validate", help="kiểm tra các tệp kế hoạch và danh mục cơ quan")
    validate.add_argument("paths", nargs="*", type=Path, help="tệp hoặc thư mục (mặc định: schedules/)")
    validate.set_defaults(handler=_validate)

    deadline = commands.add_parser("deadline", help="đọc một cụm từ thời hạn")
    deadline.add_argument("phrase", help='cụm từ thời hạn, vd. "Quý I/2024"')
    deadline.add_argument("--year", type=int, default=None, help="năm của kế hoạch (mặc định: năm nay)")
    deadline.add_argument("--issued", type=date.fromisoformat, default=None, help="ngày ban hành YYYY-MM-DD")
    deadline.add_argument("--json", action="store_true", help=_JSON)
    deadline.set_defaults(handler=_deadline)

    tasks = commands.add_parser("tasks", help="liệt kê nhiệm vụ")
    tasks.add_argument("--plan", help="chỉ kế hoạch này (mã kế hoạch)")
    tasks.add_argument("--agency", help="chỉ nhiệm vụ của cơ quan này (mã, tên hoặc tên viết tắt)")
    tasks.add_argument("--path", type=Path, action="append", help="thư mục lịch (mặc định: schedules/)")
    tasks.add_argument("--json", action="store_true", help=_JSON)
    tasks.set_defaults(handler=_tasks)

    simulate = commands.add_parser("simulate", help="mô phỏng các tin nhắc sẽ gửi, không gửi gì")
    simulate.add_argument("--from", dest="start", type=date.fromisoformat, help="từ ngày YYYY-MM-DD")
    simulate.add_argument("--to", dest="end", type=date.fromisoformat, help="đến ngày YYYY-MM-DD")
    simulate.add_argument("--plan", help="chỉ kế hoạch này")
    simulate.add_argument("--agency", help="chỉ tin gửi cơ quan này")
    simulate.add_argument("--path", type=Path, action="append", help="thư mục lịch (mặc định: schedules/)")
    simulate.add_argument("--summary", action="store_true", help="chỉ in số tin theo kế hoạch và theo tháng")
    simulate.add_argument("--json", action="store_true", help=_JSON)
    simulate.set_defaults(handler=_simulate)

    coverage = commands.add_parser("coverage", help="đối chiếu các văn bản gốc với nhiệm vụ trong lịch")
    coverage.add_argument(
        "--seeds",
        type=Path,
        default=None,
        help="thư mục văn bản gốc (mặc định: $NHACVIEC_SEEDS_DIR hoặc ../shared/seeds)",
    )
    coverage.add_argument("--plan", help="chỉ kế hoạch này (mã kế hoạch)")
    coverage.add_argument("--json", action="store_true", help=_JSON)
    coverage.add_argument(
        "--missing-only", action="store_true", help="chỉ in các đoạn giao việc chưa có trong lịch"
    )
    coverage.set_defaults(handler=_coverage)

    run = commands.add_parser("run", help="chạy bot nhắc việc (cần NHACVIEC_TELEGRAM_TOKEN)")
    run.set_defaults(handler=_run)

    invite = commands.add_parser("invite", help="tạo mã kết nối dùng một lần cho một người")
    invite.add_argument(
        "--agency", help="cơ quan của người nhận mã (mã, tên hoặc tên viết tắt; bỏ trống cho quản trị viên)"
    )
    invite.add_argument("--role", choices=["focal", "leader", "admin"], default="focal",
                        help="focal: đầu mối; leader: lãnh đạo (nhận tin đôn đốc); admin: quản trị viên")  # fmt: skip
    invite.add_argument(
        "--days", type=int, default=None, help="số ngày mã còn hiệu lực (mặc định theo config.yaml)"
    )
    invite.set_defaults(handler=_invite)

    db = commands.add_parser("db", help="cơ sở dữ liệu")
    db.add_argument("action", choices=["upgrade"], help="upgrade: đưa cơ sở dữ liệu lên phiên bản mới nhất")
    db.set_defaults(handler=_db)

    importer = commands.add_parser(
        "import",
        help="đọc văn bản kế hoạch (.docx, .pdf, .txt/.md), tạo bản nháp lịch để duyệt; kế hoạch đã có: báo thay đổi",
    )
    importer.add_argument("file", type=Path, help="tệp kế hoạch: .docx, .pdf có lớp chữ, .txt hoặc .md")
    importer.add_argument(
        "--province",
        default=None,
        help="mã tỉnh để đối chiếu tên cơ quan (vd. bac-giang); tỉnh chưa có danh mục: dùng danh mục mẫu",
    )
    importer.add_argument("--plan-id", default=None, help="mã kế hoạch cho bản nháp")
    importer.add_argument("-o", "--output", type=Path, default=None, help="ghi ra tệp YAML/JSON này")
    importer.add_argument("--json", action="store_true", help=_JSON)
    importer.set_defaults(handler=_import)

    registry = commands.add_parser("registry", help="danh mục cơ quan của một tỉnh")
    registry_actions = registry.add_subparsers(dest="action", required=True, metavar="VIỆC")
    registry_init = registry_actions.add_parser(
        "init", help="tạo danh mục cơ quan cho tỉnh mới từ danh mục mẫu (schedules/agencies/TỈNH.yaml)"
    )
    registry_init.add_argument(
        "province", metavar="TỈNH", help="mã tỉnh: chữ thường không dấu, số, gạch ngang (vd. lao-cai)"
    )
    registry_init.add_argument(
        "--name", required=True, help='tên đầy đủ, vd. "Tỉnh Lào Cai" hoặc "Thành phố Hải Phòng"'
    )
    registry_init.add_argument(
        "--schedules", type=Path, default=None, help="thư mục lịch (mặc định: schedules/)"
    )
    registry_init.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    registry_init.set_defaults(handler=_registry_init)
    return parser


# --- commands ---------------------------------------------------------------------------------------------


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    paths = args.paths or [settings.schedules_dir]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            print(f"{path}: không tìm thấy tệp hoặc thư mục", file=sys.stderr)
        return 1
    result = load_schedules(paths, settings.reminders)
    for problem in result.problems:
        print(problem)
    catalog = result.catalog
    task_count = sum(len(p.tasks) for p in catalog.plans.values())
    agency_count = sum(len(r.agencies) for r in catalog.registries.values())
    if not result.ok:
        print(f"Có {len(result.errors)} lỗi trong {len(result.files)} tệp.", file=sys.stderr)
        return 1
    print(
        f"Hợp lệ: {len(catalog.registries)} danh mục ({agency_count} cơ quan), "
        f"{len(catalog.plans)} kế hoạch, {task_count} nhiệm vụ."
    )
    return 0


def _deadline(args: argparse.Namespace, settings: Settings) -> int:
    year = args.year or (args.issued.year if args.issued else date.today().year)
    parsed = parse_deadline(args.phrase, year=year, issued=args.issued)
    if args.json:
        print(json.dumps(parsed.to_json(), ensure_ascii=False))
    else:
        print(_describe_deadline(parsed.to_json()))
    return 1 if parsed.kind == "unknown" else 0


_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def _describe_deadline(data: dict[str, Any]) -> str:
    kind = data["kind"]
    if kind == "date":
        due = date.fromisoformat(data["due"])
        text = f"Hạn: {due:%d/%m/%Y}"
        if data.get("due_alt"):
            text += f" (hiểu chặt: {date.fromisoformat(data['due_alt']):%d/%m/%Y})"
        if data.get("start"):
            text = f"Từ {date.fromisoformat(data['start']):%d/%m/%Y}. " + text
    elif kind == "recurring":
        names = {"weekly": "hằng tuần", "monthly": "hằng tháng", "quarterly": "hằng quý",
                 "half_yearly": "6 tháng một lần", "yearly": "hằng năm"}  # fmt: skip
        text = f"Định kỳ {names.get(data['freq'], data['freq'])}"
        if data.get("day") and data["freq"] == "weekly":
            text += f", vào {_WEEKDAYS[data['day'] - 1]}"  # (an ISO weekday)
        elif data.get("day"):
            text += f", hạn ngày {data['day']}"
        which = data.get("month_in_period")
        if which == "last":
            text += " tháng cuối kỳ"
        elif which == "first":
            text += " tháng đầu kỳ"
        elif which:
            text += f" tháng {which}"
        if data.get("in_next_period"):
            text += " của kỳ sau"
    elif kind == "ongoing":
        text = "Thường xuyên (không có hạn cuối; nhắc cập nhật định kỳ)"
    elif kind == "event":
        offset = data.get("offset_days")
        unit = "ngày làm việc" if data.get("working_days") else "ngày"
        text = "Theo sự kiện" + (f" «{data['event']}»" if data.get("event") else "")
        if offset is not None and offset < 0:
            text += f": {-offset} {unit} trước khi sự kiện xảy ra"
        elif offset is not None:
            text += f": {offset} {unit} sau khi sự kiện xảy ra"
    elif kind == "unspecified":
        text = "Chưa có thời hạn cụ thể"
    else:
        text = data.get("error") or "Không hiểu cụm từ thời hạn này."
    if data.get("note"):
        text += f"\nGhi chú: {data['note']}"
    return text


def _load(paths: list[Path] | None, settings: Settings) -> LoadResult | None:
    result = load_schedules(paths or [settings.schedules_dir], settings.reminders)
    if not result.ok:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print("Các tệp lịch có lỗi; sửa rồi chạy lại (xem: nhacviec validate).", file=sys.stderr)
        return None
    return result


def _agency_filter(catalog: Catalog, query: str | None) -> set[str] | None:
    """Qualified refs the query names ("so-noi-vu", "bac-giang:so-noi-vu", "Sở Nội vụ"), None if no query."""
    if not query:
        return None
    province, _, name = query.rpartition(":")
    refs: set[str] = set()
    for registry in catalog.registries.values():
        if province and registry.province != province:
            continue
        resolved = registry.resolve(name)
        if resolved is not None:
            ids = registry.members(resolved.id) if resolved.is_group else (resolved.id,)
            refs.update(agency_ref(registry.province, i) for i in ids)
    return refs


def _selected_plans(catalog: Catalog, plan_id: str | None) -> list[Plan] | None:
    if plan_id is None:
        return list(catalog.plans.values())
    plan = catalog.plans.get(plan_id)
    return [plan] if plan else None


def _tasks(args: argparse.Namespace, settings: Settings) -> int:
    loaded = _load(args.path, settings)
    if loaded is None:
        return 1
    catalog = loaded.catalog
    plans = _selected_plans(catalog, args.plan)
    if plans is None:
        print(f"Không có kế hoạch «{args.plan}».", file=sys.stderr)
        return 1
    wanted = _agency_filter(catalog, args.agency)
    if wanted is not None and not wanted:
        print(f"Không tìm thấy cơ quan «{args.agency}».", file=sys.stderr)
        return 1
    rows: list[tuple[Plan, Task]] = []
    for plan in plans:
        for task in plan.tasks:
            refs = {agency_ref(plan.province, a) for a in (*task.lead_ids, *task.support_ids)}
            if wanted is None or refs & wanted:
                rows.append((plan, task))
    if args.json:
        print(
            json.dumps([_task_json(catalog, plan, task) for plan, task in rows], ensure_ascii=False, indent=1)
        )
        return 0
    for _plan, task in rows:
        lead = ", ".join(task.lead)
        print(
            f"[{task.id}] {task.ref} — {task.title}\n    Chủ trì: {lead} · Thời hạn: {task.phrase or task.deadline_implied or '—'}"
        )
    print(f"Tổng: {len(rows)} nhiệm vụ.")
    return 0


def _task_json(catalog: Catalog, plan: Plan, task: Task) -> dict[str, Any]:
    registry = catalog.registries[plan.province]

    def agencies(ids: tuple[str, ...]) -> list[dict[str, str]]:
        return [{"id": agency_ref(plan.province, i), "name": registry.display_name(i)} for i in ids]

    return {
        "id": task.id,
        "plan": plan.id,
        "ref": task.ref,
        "title": task.title,
        "text": task.text,
        "lead": agencies(task.lead_ids),
        "lead_as_written": list(task.lead),
        "lead_inferred": task.lead_inferred,
        "support": agencies(task.support_ids),
        "support_as_written": list(task.support),
        "phrase": task.phrase,
        "deadline_implied": task.deadline_implied,
        "deadline": task.deadline.to_json(),
        "output": task.output,
        "verify": task.verify,
    }


def _window(catalog: Catalog, start: date | None, end: date | None) -> tuple[date, date]:
    years = [p.year for p in catalog.plans.values()] or [date.today().year]
    return start or date(min(years), 1, 1), end or date(max(years), 12, 31)


def _simulate(args: argparse.Namespace, settings: Settings) -> int:
    loaded = _load(args.path, settings)
    if loaded is None:
        return 1
    catalog = loaded.catalog
    if args.plan:
        plans = _selected_plans(catalog, args.plan)
        if plans is None:
            print(f"Không có kế hoạch «{args.plan}».", file=sys.stderr)
            return 1
        catalog = Catalog(catalog.registries, {p.id: p for p in plans})
    start, end = _window(catalog, args.start, args.end)
    if end < start:
        print("Ngày kết thúc (--to) phải sau ngày bắt đầu (--from).", file=sys.stderr)
        return 1
    found = plan_digests(catalog, settings.work_calendar(), start, end)
    wanted = _agency_filter(catalog, args.agency)
    if wanted is not None:
        found = [d for d in found if d.recipient in wanted]
    if args.json:
        print(json.dumps([_digest_json(catalog, d) for d in found], ensure_ascii=False, indent=1))
    elif args.summary:
        _print_summary(found, start, end)
    else:
        for digest in found:
            print(f"══ {digest.day:%d/%m/%Y} {digest.send_time:%H:%M} → {digest.recipient}")
            print(render_digest(digest, catalog))
            print()
        print(f"Tổng: {len(found)} tin nhắn, {sum(len(d.items) for d in found)} mục, "
              f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}.")  # fmt: skip
    return 0


def _digest_json(catalog: Catalog, digest: Digest) -> dict[str, Any]:
    return {
        "date": digest.day.isoformat(),
        "time": digest.send_time.strftime("%H:%M"),
        "recipient": digest.recipient,
        "recipient_name": catalog.agency_name(digest.recipient),
        "items": [
            {
                "task": item.task.id,
                "plan": item.plan.id,
                "agency": item.agency_id,
                "role": item.role,
                "reason": item.reason,
                "working_days": item.working_days,
                "occurrence": item.occurrence.key,
                "due": item.occurrence.effective_due.isoformat() if item.occurrence.effective_due else None,
            }
            for item in digest.items
        ],
        "text": render_digest(digest, catalog),
    }


def _print_summary(found: list[Digest], start: date, end: date) -> None:
    by_plan: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    recipients: set[str] = set()
    for digest in found:
        by_month[f"{digest.day:%m/%Y}"] += 1
        recipients.add(digest.recipient)
        for plan_id in {item.plan.id for item in digest.items}:
            by_plan[plan_id] += 1
        for item in digest.items:
            by_reason[item.reason] += 1
    print(
        f"Mô phỏng từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}: {len(found)} tin nhắn tới {len(recipients)} cơ quan."
    )
    print("Theo kế hoạch (số tin có nhắc kế hoạch đó):")
    for plan_id, count in sorted(by_plan.items()):
        print(f"  {plan_id}: {count}")
    print("Theo tháng:")
    for month in sorted(by_month, key=lambda m: (m[3:], m[:2])):
        print(f"  {month}: {by_month[month]}")
    labels = {"before": "nhắc trước hạn", "due_today": "đến hạn", "overdue": "quá hạn", "escalation": "đôn đốc cấp trên",
              "coordination": "phối hợp", "checkin": "việc thường xuyên"}  # fmt: skip
    print("Theo loại mục: " + ", ".join(f"{labels[r]} {n}" for r, n in sorted(by_reason.items())))


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the bot; with no messenger token, say so plainly and show what it would send instead."""
    import asyncio
    import logging

    from bot.app import NhacViec, StartupError, run_forever
    from bot.config import Secrets

    secrets = Secrets.from_env(os.environ)
    if not (secrets.telegram_token or secrets.zalo_token):
        print(
            "Chưa đặt NHACVIEC_TELEGRAM_TOKEN (hay NHACVIEC_ZALO_TOKEN) nên bot không kết nối Telegram/Zalo "
            "và không gửi tin nào.\n"
            "Để chạy bot thật: tạo bot với @BotFather, rồi NHACVIEC_TELEGRAM_TOKEN=... nhacviec run (xem README).\n"
            "Dưới đây là mô phỏng các tin nhắc mà các kế hoạch trong "
            f"{settings.schedules_dir}/ sẽ gửi:\n"
        )
        args.path, args.start, args.end, args.plan, args.agency = None, None, None, None, None
        args.summary, args.json = True, False
        return _simulate(args, settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines would print the token in URLs
    try:
        app = NhacViec(settings, secrets)
        asyncio.run(run_forever(app))
    except StartupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def _invite(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import UTC, datetime, timedelta

    from bot.store.migrate import upgrade
    from bot.store.repository import Store, make_engine

    agency_ref = None
    if args.agency:
        loaded = _load(None, settings)
        if loaded is None:
            return 1
        refs = _agency_filter(loaded.catalog, args.agency) or set()
        single = {r for r in refs if _is_agency(loaded.catalog, r)}
        if len(single) != 1 or len(refs) != 1:
            listed = sorted(refs)
            found = ", ".join(listed[:5]) + (f" và {len(listed) - 5} cơ quan khác" if len(listed) > 5 else "")
            print(f"«{args.agency}» phải chỉ đúng một cơ quan (tìm thấy: {found or 'không có'}). Dùng dạng tỉnh:mã, "
                  "ví dụ bac-giang:so-noi-vu.", file=sys.stderr)  # fmt: skip
            return 1
        agency_ref = single.pop()
        province, _, agency_id = agency_ref.partition(":")
        registry = loaded.catalog.registries[province]
        today_body = recipient_on(registry, agency_id, datetime.now(settings.tz).date())
        if today_body != agency_id:
            print(f"{registry.display_name(agency_id)} nay do {registry.display_name(today_body)} đảm nhận "
                  "(sáp nhập/giải thể); mã được cấp cho cơ quan hiện nay.")  # fmt: skip
            agency_ref = f"{province}:{today_body}"
    elif args.role != "admin":
        print(
            "Cần --agency cho đầu mối và lãnh đạo (chỉ quản trị viên có thể không gắn cơ quan).",
            file=sys.stderr,
        )
        return 1
    days = args.days or settings.bot.invite_days
    engine = make_engine(settings.database_url)
    upgrade(engine)
    now = datetime.now(UTC)
    code = Store(engine).create_invite(agency_ref, args.role, now, valid_for=timedelta(days=days))
    engine.dispose()
    expires = (now + timedelta(days=days)).astimezone(settings.tz)
    role = {"focal": "đầu mối", "leader": "lãnh đạo", "admin": "quản trị viên"}[args.role]
    print(f"Mã kết nối: {code}")
    print(f"Vai trò: {role}" + (f" — {agency_ref}" if agency_ref else ""))
    print(f"Hiệu lực đến: {expires:%H:%M %d/%m/%Y}; dùng được một lần.")
    print(f"Người nhận mở bot trên Telegram và gửi: /start {code}")
    return 0


def _is_agency(catalog: Catalog, ref: str) -> bool:
    province, _, agency_id = ref.partition(":")
    registry = catalog.registries.get(province)
    return registry is not None and agency_id in registry.agencies


def _db(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.migrate import upgrade
    from bot.store.repository import make_engine

    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    print("Cơ sở dữ liệu đã ở phiên bản mới nhất.")
    return 0


def _coverage(args: argparse.Namespace, settings: Settings) -> int:
    """Which assignments of the seed documents have a task; informs only (exit 1 only for missing inputs)."""
    from bot.schedules import coverage as cov

    seeds_dir = cov.resolve_seeds_dir(args.seeds)
    if not seeds_dir.is_dir():
        print(
            f"Không tìm thấy thư mục văn bản gốc «{seeds_dir}» (dùng --seeds hoặc biến {cov.SEEDS_ENV}).",
            file=sys.stderr,
        )
        return 1
    if not settings.schedules_dir.exists():
        print(f"{settings.schedules_dir}: không tìm thấy tệp hoặc thư mục", file=sys.stderr)
        return 1
    result = load_schedules([settings.schedules_dir], settings.reminders)
    if not result.ok:
        print(
            f"Cảnh báo: các tệp lịch có {len(result.errors)} lỗi; kế hoạch lỗi không được tính (xem: nhacviec validate).",
            file=sys.stderr,
        )
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    plans = list(result.catalog.plans.values())
    if args.plan:
        plans = [p for p in plans if p.id == args.plan]
        if not plans:
            print(f"Không có kế hoạch «{args.plan}».", file=sys.stderr)
            return 1
        if plans[0].source not in seeds:
            print(
                f"Không tìm thấy văn bản gốc «{plans[0].source}» của kế hoạch «{args.plan}» trong {seeds_dir}.",
                file=sys.stderr,
            )
            return 1
        seeds = {plans[0].source: seeds[plans[0].source]}
    reports = cov.coverage(seeds, plans, result.catalog.registries)
    if args.json:
        print(json.dumps(cov.to_json(reports, missing_only=args.missing_only), ensure_ascii=False, indent=1))
    else:
        print(cov.render(reports, missing_only=args.missing_only), end="")
        for plan in cov.missing_sources(seeds, plans):
            print(f"Kế hoạch {plan.id}: không có văn bản gốc «{plan.source or '—'}» trong {seeds_dir}.")
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    """A draft schedule from a plan document's text, for an administrator to review."""
    from bot.importer.command import run

    return run(args, settings.schedules_dir)


def _registry_init(args: argparse.Namespace, settings: Settings) -> int:
    """A new province's registry from the template, for the admin to complete."""
    from bot.importer.template import RegistryTemplateError, write_registry

    schedules_dir: Path = args.schedules or settings.schedules_dir
    try:
        path, registry = write_registry(schedules_dir, args.province, args.name, force=args.force)
    except RegistryTemplateError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        from bot.importer.command import os_reason

        print(f"Không ghi được «{exc.filename or schedules_dir}»: {os_reason(exc)}.", file=sys.stderr)
        return 1
    province = registry.province
    print(
        f"Đã tạo danh mục cơ quan mẫu của {registry.name}: {path} "
        f"({len(registry.agencies)} cơ quan, {len(registry.groups)} nhóm)."
    )
    print("Việc cần làm tiếp (chi tiết ở đầu tệp):")
    print(
        "  1. Nếu có kế hoạch trước 01/7/2025: thêm từng UBND huyện, thị xã, thành phố vào nhóm «ubnd-cac-huyen» (đang trống)."
    )
    print("  2. Xóa cơ quan không có ở địa phương, sửa tên riêng, kiểm tra việc sắp xếp bộ máy năm 2025.")
    print(f"  3. Kiểm tra: nhacviec validate {schedules_dir}")
    print(f"  4. Nhập kế hoạch: nhacviec import KẾ_HOẠCH.txt --province {province}")
    print(f"  5. Cấp mã kết nối cho đầu mối: nhacviec invite --agency {province}:so-noi-vu --role focal")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
