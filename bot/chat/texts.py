"""Every sentence a person reads, in one place (Vietnamese, full diacritics, dates dd/mm/yyyy)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain.model import Catalog, Plan
from bot.domain.planner import Digest, Reminder
from bot.domain.progress import AssignmentState
from bot.domain.status import Status

if TYPE_CHECKING:  # type-only: texts must not import the services or the store at run time
    from bot.schedules.loader import Problem
    from bot.services.live_catalog import ReloadResult
    from bot.store.repository import CompletionView, ContactView, ExtensionView

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

STATUS_LABELS: dict[Status, str] = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện trong hạn",
    "overdue": "Quá hạn chưa hoàn thành",
    "ongoing": "Thường xuyên",
    "waiting_event": "Chờ sự kiện",
    "unspecified": "Chưa có thời hạn",
}


def day_label(day: date) -> str:
    """ "Thứ Hai, 08/01/2024"."""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"


def _reason_line(item: Reminder) -> str:
    due = item.occurrence.effective_due
    due_text = f"{due:%d/%m/%Y}" if due else ""
    if item.reason == "overdue":
        return f"⚠️ QUÁ HẠN {item.working_days} ngày làm việc (hạn {due_text})"
    if item.reason == "escalation":
        return f"🔺 Đơn vị chưa hoàn thành, quá hạn {item.working_days} ngày làm việc (hạn {due_text})"
    if item.reason == "due_today":
        return f"⏰ HẾT HẠN HÔM NAY ({due_text})"
    if item.reason == "before":
        return f"🔔 Còn {item.working_days} ngày làm việc (hạn {due_text})"
    if item.reason == "coordination":
        return f"🤝 Phối hợp — hạn {due_text}"
    return f"📌 Nhiệm vụ thường xuyên — cập nhật tình hình {item.occurrence.label.lower()}"


CHECKINS_LISTED = 3  # more standing tasks than this in one digest are summed up in one line


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():  # do not leave half a word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def plan_heading(plan: Plan) -> str:
    """ "📄 Kế hoạch 213/KH-UBND — Cải cách hành chính…", or the title alone when the plan has no number."""
    if plan.number:
        return f"📄 Kế hoạch {plan.number} — {shorten(plan.title, 90)}"
    return f"📄 {shorten(plan.title, 110)}"


def render_digest(digest: Digest, catalog: Catalog, heading: str | None = None) -> str:
    """The digest message as the focal point reads it (see `render_digest_numbered`)."""
    return render_digest_numbered(digest, catalog, heading=heading)[0]


def render_digest_numbered(
    digest: Digest, catalog: Catalog, heading: str | None = None
) -> tuple[str, list[tuple[int, Reminder]]]:
    """The digest text and its numbered items.

    Items are numbered so that `/done 2` works where there are no buttons (Zalo). Standing tasks' monthly
    check-ins are listed when few, summed up in one line when many. `heading` replaces the agency name (a
    person who speaks for several agencies).
    """
    name_of = catalog.agency_name
    lines = [f"📋 NHẮC VIỆC — {heading or name_of(digest.recipient)}", day_label(digest.day)]
    own = [i for i in digest.items if i.role != "supervisor" and i.reason != "checkin"]
    checkins = [i for i in digest.items if i.reason == "checkin"]
    escalations = [i for i in digest.items if i.role == "supervisor"]
    listed = own + (checkins if len(checkins) <= CHECKINS_LISTED else [])
    numbered: list[tuple[int, Reminder]] = []
    current_plan = None
    for item in listed:
        if item.plan.id != current_plan:
            current_plan = item.plan.id
            lines += ["", plan_heading(item.plan)]
        numbered.append((len(numbered) + 1, item))
        occurrence = (
            f" ({item.occurrence.label})"
            if item.occurrence.key != "once" and item.reason != "checkin"
            else ""
        )
        lines.append(f"{len(numbered)}. [{item.task.id}] {shorten(item.task.title, 120)}{occurrence}")
        lines.append(f"   {_reason_line(item)}")
        if item.role == "lead" and (heading or item.agency_id != digest.recipient):
            lines.append(f"   (giao cho {name_of(item.agency_id)})")
    if len(checkins) > CHECKINS_LISTED:
        month = checkins[0].occurrence.label.lower()
        lines += [
            "",
            f"📌 {len(checkins)} nhiệm vụ thường xuyên cần cập nhật tình hình {month}: gửi /viec để xem danh sách.",
        ]
    if escalations:
        lines += ["", "🔺 ĐÔN ĐỐC — nhiệm vụ quá hạn của đơn vị trực thuộc:"]
        for item in escalations:
            numbered.append((len(numbered) + 1, item))
            lines.append(
                f"{len(numbered)}. {name_of(item.agency_id)}: [{item.task.id}] {shorten(item.task.title, 120)}"
            )
            lines.append(f"   {_reason_line(item)}")
    if listed:
        lines += [
            "",
            "Khi hoàn thành, trả lời: /done MÃ (hoặc /done SỐ THỨ TỰ). Xin gia hạn: /giahan MÃ dd/mm/yyyy lý do.",
        ]
    return "\n".join(lines), numbered


def split_message(text: str, limit: int) -> list[str]:
    """Cut a message into parts of at most `limit` characters, between items (never inside one if avoidable).

    An item starts at a line "N. …" or after a blank line; a part ends before such a line once full. A single
    block longer than the limit is cut at line, then character, boundaries.
    """
    if len(text) <= limit:
        return [text]
    blocks: list[str] = []
    for line in text.split("\n"):
        starts_block = not line or (line[:1].isdigit() and ". " in line[:6]) or line.startswith("📄")
        if blocks and not starts_block:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    parts: list[str] = []
    current = ""
    for block in blocks:
        for piece in _hard_split(block, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                parts.append(current.strip("\n"))
                current = piece
    if current.strip("\n"):
        parts.append(current.strip("\n"))
    return [p for p in parts if p]


def _hard_split(block: str, limit: int) -> list[str]:
    if len(block) <= limit:
        return [block]
    pieces: list[str] = []
    current = ""
    for line in block.split("\n"):
        while len(line) > limit:
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = line
    if current:
        pieces.append(current)
    return pieces


def undeliverable_notice(who: str, channel: str, reason: str) -> str:
    messenger = {"telegram": "Telegram", "zalo": "Zalo"}.get(channel, channel)
    return (
        f"⚠️ Không gửi được tin nhắn tới {who} qua {messenger} ({reason}).\n"
        "Người này có thể đã chặn bot hoặc xóa cuộc trò chuyện. Hãy liên hệ trực tiếp và cấp mã mới "
        "(nhacviec invite) nếu cần kết nối lại."
    )


# --- replies to commands -----------------------------------------------------------------------------------

NOT_BOUND = (
    "Bạn chưa kết nối với hệ thống Nhắc việc.\n"
    "Hãy xin mã kết nối từ quản trị viên (Văn phòng UBND tỉnh hoặc Sở Nội vụ), rồi gửi: /start MÃ"
)
START_WITHOUT_CODE = (
    "Chào bạn! Đây là bot Nhắc việc: bot nhắc các nhiệm vụ được giao trong kế hoạch của UBND tỉnh.\n"
    "Để bắt đầu, hãy xin mã kết nối từ quản trị viên (Văn phòng UBND tỉnh hoặc Sở Nội vụ), rồi gửi:\n"
    "/start MÃ"
)
NOT_A_COMMAND = "Bot chỉ hiểu các lệnh bắt đầu bằng dấu /. Gửi /huongdan để xem các lệnh."
ADMIN_ONLY = "Lệnh này chỉ dành cho quản trị viên."
NO_AGENCY = "Tài khoản của bạn chưa gắn với cơ quan nào, nên không có việc để liệt kê."
DONE_USAGE = (
    "Cách dùng: /done MÃ [ghi chú] hoặc /done SỐ (số thứ tự trong danh sách /viec hoặc tin nhắc gần nhất)."
)
UNDO_USAGE = "Cách dùng: /hoantac MÃ — hoàn tác lần báo hoàn thành gần nhất của nhiệm vụ."
EXTEND_USAGE = (
    "Cách dùng: /giahan MÃ dd/mm/yyyy lý do\nVí dụ: /giahan CCHC-PL-I.1.1-HD1 30/06/2024 chờ ý kiến của Bộ"
)
DECIDE_USAGE = "Cách dùng: /duyet SỐ hoặc /tuchoi SỐ (số của đề nghị gia hạn)."
VERIFY_USAGE = "Cách dùng: /xacnhan SỐ hoặc /khongxacnhan SỐ (số của báo cáo hoàn thành)."
RELOAD_UNAVAILABLE = "Không tải lại được lúc này."
BUTTON_EXPIRED = "Nút này không còn hiệu lực. Gửi /viec để xem danh sách việc hiện tại."
BAD_CODE = {
    "invalid": "Mã kết nối không đúng. Hãy kiểm tra lại (mã gồm 8 ký tự) hoặc xin mã mới từ quản trị viên.",
    "expired": "Mã kết nối đã hết hạn. Hãy xin mã mới từ quản trị viên.",
    "used": "Mã kết nối này đã được dùng. Mỗi mã chỉ dùng được một lần; hãy xin mã mới.",
}
ROLE_NAMES = {"focal": "đầu mối", "leader": "lãnh đạo", "admin": "quản trị viên"}


def _date(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _agencies(contact: ContactView, name_of: Callable[[str], str]) -> str:
    return ", ".join(name_of(a) for a in contact.agencies)


def _role_of(contact: ContactView, name_of: Callable[[str], str]) -> str:
    """ "đầu mối của: Sở Nội vụ", or just "quản trị viên" for an admin who speaks for no agency."""
    role = ROLE_NAMES.get(contact.role, contact.role)
    return f"{role} của: {_agencies(contact, name_of)}" if contact.agencies else role


def bound(contact: ContactView, name_of: Callable[[str], str]) -> str:
    return (
        f"✅ Đã kết nối! Bạn là {_role_of(contact, name_of)}.\n"
        "Bot sẽ gửi tin nhắc vào buổi sáng các ngày làm việc khi có nhiệm vụ sắp đến hạn hoặc quá hạn.\n"
        "Gửi /viec để xem các việc đang mở, /huongdan để xem các lệnh."
    )


def already_bound(contact: ContactView, name_of: Callable[[str], str]) -> str:
    return f"Bạn đã kết nối với vai trò {_role_of(contact, name_of)}.\nGửi /viec để xem các việc đang mở."


def throttled(until: datetime) -> str:
    return f"Bạn đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau {until:%H:%M} ngày {until:%d/%m/%Y}."


def help_text(is_admin: bool) -> str:
    lines = [
        "📖 CÁC LỆNH CỦA BOT NHẮC VIỆC",
        "/viec — các việc đang mở của đơn vị, việc gấp nhất trước",
        "/done MÃ [ghi chú] — báo hoàn thành (hoặc /done SỐ theo số thứ tự trong danh sách)",
        "/hoantac MÃ — hoàn tác nếu báo nhầm (trong 30 phút)",
        "/lienket — nhận mã để dùng bot trên cả Telegram và Zalo",
        "/giahan MÃ dd/mm/yyyy lý do — xin gia hạn",
        "/huongdan — hướng dẫn này",
    ]
    if is_admin:
        lines += [
            "",
            "Dành cho quản trị viên:",
            "/baocao [mã kế hoạch] — tiến độ theo đơn vị (4 nhóm: đúng hạn, quá hạn, trong hạn, quá hạn chưa xong)",
            "/quahan — các việc quá hạn chưa hoàn thành, theo đơn vị",
            "/duyet SỐ, /tuchoi SỐ — quyết định đề nghị gia hạn",
            "/xacnhan SỐ, /khongxacnhan SỐ — xác nhận báo cáo hoàn thành",
            "/tailai — tải lại các tệp kế hoạch",
        ]
    return "\n".join(lines)


def unknown_command(command: str) -> str:
    return f"Không có lệnh /{command}. Gửi /huongdan để xem các lệnh."


_STATUS_SHORT = {
    "overdue": "⚠️ quá hạn",
    "in_progress": "⏳ hạn",
    "ongoing": "📌 thường xuyên",
    "waiting_event": "🕒 chờ sự kiện",
}


def _state_line(state: AssignmentState) -> str:
    label = _STATUS_SHORT.get(state.status, STATUS_LABELS.get(state.status, state.status))
    if state.status in ("overdue", "in_progress"):
        extra = f" (gia hạn từ {_date(state.original_due)})" if state.due != state.original_due else ""
        return f"{label} {_date(state.due)}{extra}"
    return label


def task_list(
    heading: str, shown: list[AssignmentState], total: int, pending: set[tuple[str, str, str]]
) -> str:
    if not shown:
        return f"🎉 {heading}: không có việc nào đang mở."
    lines = [f"📝 VIỆC ĐANG MỞ — {heading} ({total})"]
    for n, state in enumerate(shown, 1):
        occurrence = (
            f" ({state.occurrence.label})" if state.occurrence and state.occurrence.key != "once" else ""
        )
        waiting = " — chờ xác nhận" if state.key in pending else ""
        lines.append(f"{n}. [{state.task.id}] {shorten(state.task.title, 100)}{occurrence}")
        lines.append(f"   {_state_line(state)}{waiting}")
    if total > len(shown):
        lines.append(f"… và {total - len(shown)} việc khác.")
    lines.append("Trả lời /done SỐ hoặc /done MÃ khi hoàn thành.")
    return "\n".join(lines)


def no_item(number: int, count: int) -> str:
    if count == 0:
        return "Bạn chưa có danh sách việc nào. Gửi /viec để xem danh sách, rồi /done SỐ."
    return f"Không có mục số {number} (danh sách gần nhất có {count} mục). Gửi /viec để xem lại."


def task_gone(task_id: str) -> str:
    return f"Nhiệm vụ {task_id} không còn trong kế hoạch đang theo dõi. Gửi /viec để xem danh sách hiện tại."


def unknown_task(ref: str) -> str:
    return f"Không tìm thấy nhiệm vụ có mã «{ref}». Kiểm tra lại mã trong tin nhắc, hoặc gửi /viec."


def not_your_task(task_id: str) -> str:
    return f"Nhiệm vụ {task_id} không giao cho đơn vị của bạn chủ trì, nên bạn không báo hoàn thành được."


def nothing_open(task_id: str) -> str:
    return f"Nhiệm vụ {task_id} hiện không có kỳ nào cần báo hoàn thành."


def already_done(state: AssignmentState) -> str:
    return f"Nhiệm vụ {state.task.id} đã được ghi nhận hoàn thành ngày {_date(state.completed_on)}."


def completed(state: AssignmentState, db_state: str, note: str | None, undo_window: timedelta) -> str:
    occurrence = f" ({state.occurrence.label})" if state.occurrence and state.occurrence.key != "once" else ""
    lines = [f"✅ Đã ghi nhận hoàn thành: [{state.task.id}] {shorten(state.task.title, 100)}{occurrence}"]
    if note:
        lines.append(f"Ghi chú: {note}")
    if db_state == "pending":
        lines.append("Nhiệm vụ này cần quản trị viên xác nhận; bot sẽ báo khi có kết quả.")
    minutes = int(undo_window.total_seconds() // 60)
    lines.append(f"Nếu báo nhầm, gửi /hoantac {state.task.id} trong {minutes} phút.")
    return "\n".join(lines)


def verify_request(contact: ContactView, state: AssignmentState, completion_id: int, note: str | None,
                   name_of: Callable[[str], str]) -> str:  # fmt: skip
    lines = [
        f"🔎 CẦN XÁC NHẬN HOÀN THÀNH (số {completion_id})",
        f"{name_of(state.agency_ref)} — {contact.name} báo hoàn thành:",
        f"[{state.task.id}] {shorten(state.task.title, 120)}",
    ]
    if note:
        lines.append(f"Ghi chú: {note}")
    lines.append(f"Trả lời /xacnhan {completion_id} hoặc /khongxacnhan {completion_id}.")
    return "\n".join(lines)


def undone(task_id: str) -> str:
    return f"↩️ Đã hoàn tác: nhiệm vụ {task_id} trở lại trạng thái chưa hoàn thành."


def undo_too_late(window: timedelta) -> str:
    minutes = int(window.total_seconds() // 60)
    return f"Đã quá {minutes} phút nên không hoàn tác được. Hãy liên hệ quản trị viên nếu cần sửa."


def nothing_to_undo(task_id: str) -> str:
    return f"Bạn chưa báo hoàn thành nhiệm vụ {task_id}, nên không có gì để hoàn tác."


def bad_date(text: str) -> str:
    return f"Ngày «{text}» không đúng dạng dd/mm/yyyy (ví dụ 30/06/2024)."


def impossible_date(text: str) -> str:
    return f"Ngày {text} không tồn tại."


def no_deadline_to_extend(task_id: str) -> str:
    return f"Nhiệm vụ {task_id} không có thời hạn cụ thể nên không cần gia hạn."


def extension_not_later(due: date | None) -> str:
    return f"Ngày xin gia hạn phải sau thời hạn hiện tại ({_date(due)}) và sau hôm nay."


def extension_request(contact: ContactView, state: AssignmentState, ext_id: int, wanted: date, reason: str,
                      name_of: Callable[[str], str]) -> str:  # fmt: skip
    return "\n".join(
        [
            f"⏳ ĐỀ NGHỊ GIA HẠN (số {ext_id})",
            f"{name_of(state.agency_ref)} — {contact.name}:",
            f"[{state.task.id}] {shorten(state.task.title, 120)}",
            f"Hạn hiện tại: {_date(state.due)} → xin gia hạn đến: {_date(wanted)}",
            f"Lý do: {reason}",
            f"Trả lời /duyet {ext_id} hoặc /tuchoi {ext_id}.",
        ]
    )


def extension_requested(state: AssignmentState, wanted: date) -> str:
    return (
        f"📨 Đã gửi đề nghị gia hạn nhiệm vụ {state.task.id} đến {_date(wanted)}. "
        "Bot sẽ báo khi quản trị viên quyết định; trong lúc chờ, thời hạn cũ vẫn áp dụng."
    )


def no_pending_extension(ext_id: str) -> str:
    return f"Không có đề nghị gia hạn số {ext_id} đang chờ quyết định."


def extension_decided(ext: ExtensionView) -> str:
    if ext.state == "approved":
        return (
            f"✅ Đề nghị gia hạn nhiệm vụ {ext.task_id} đã được duyệt: hạn mới {_date(ext.requested_due)} "
            f"(hạn gốc {_date(ext.original_due)})."
        )
    return f"❌ Đề nghị gia hạn nhiệm vụ {ext.task_id} không được duyệt; thời hạn vẫn là {_date(ext.original_due)}."


def decision_recorded(ext: ExtensionView) -> str:
    verb = "duyệt" if ext.state == "approved" else "từ chối"
    return f"Đã {verb} đề nghị gia hạn số {ext.id} (nhiệm vụ {ext.task_id}); người đề nghị sẽ được báo."


def no_pending_verification(completion_id: str) -> str:
    return f"Không có báo cáo hoàn thành số {completion_id} đang chờ xác nhận."


def verification_decided(done: CompletionView, accepted: bool) -> str:
    if accepted:
        return f"✅ Quản trị viên đã xác nhận hoàn thành nhiệm vụ {done.task_id}."
    return f"❌ Quản trị viên chưa xác nhận hoàn thành nhiệm vụ {done.task_id}; nhiệm vụ vẫn đang mở."


def verification_recorded(done: CompletionView, accepted: bool) -> str:
    verb = "xác nhận" if accepted else "không xác nhận"
    return f"Đã {verb} báo cáo hoàn thành số {done.id} (nhiệm vụ {done.task_id})."


def unknown_plan(plan_id: str, plans: list[str]) -> str:
    return f"Không có kế hoạch «{plan_id}». Các kế hoạch: {', '.join(plans)}."


def extension_hint(state: AssignmentState) -> str:
    return (
        f"Để xin gia hạn nhiệm vụ {state.task.id} (hạn hiện tại {_date(state.due)}), gửi:\n"
        f"/giahan {state.task.id} dd/mm/yyyy lý do"
    )


def report(
    counts: Mapping[str, Counter[Status]],
    name_of: Callable[[str], str],
    today: date,
    plan_label: str | None,
    delivery: Mapping[str, int],
) -> str:
    title = f"📊 BÁO CÁO TIẾN ĐỘ{' — ' + plan_label if plan_label else ''} (đến {_date(today)})"
    if not counts:
        return f"{title}\nChưa có nhiệm vụ nào đến kỳ theo dõi."
    total: Counter[Status] = Counter()
    rows = []
    for agency, c in counts.items():
        total.update(c)
        rows.append((-c["overdue"], name_of(agency), c))
    lines = [
        title,
        f"Tổng: ✅ {total['done_on_time']} đúng hạn · ☑️ {total['done_late']} hoàn thành quá hạn · "
        f"⏳ {total['in_progress']} trong hạn · ⚠️ {total['overdue']} quá hạn chưa xong",
        "",
    ]
    for _, name, c in sorted(rows):
        lines.append(
            f"{name}: ✅ {c['done_on_time']} · ☑️ {c['done_late']} · ⏳ {c['in_progress']} · ⚠️ {c['overdue']}"
        )
    problems = [f"{n} tin {label}" for key, label in (("uncertain", "không rõ đã đến chưa"), ("failed", "gửi lỗi"),
                                                       ("missed", "bị lỡ khi bot ngừng")) if (n := delivery.get(key))]  # fmt: skip
    if problems:
        lines += ["", "Gửi tin: " + ", ".join(problems) + "."]
    return "\n".join(lines)


def overdue_report(states: list[AssignmentState], name_of: Callable[[str], str], today: date) -> str:
    if not states:
        return f"🎉 Không có việc quá hạn chưa hoàn thành (đến {_date(today)})."
    by_agency: dict[str, list[AssignmentState]] = {}
    for state in states:
        by_agency.setdefault(state.agency_ref, []).append(state)
    lines = [f"⚠️ VIỆC QUÁ HẠN CHƯA HOÀN THÀNH (đến {_date(today)}): {len(states)} việc"]
    for agency, items in sorted(by_agency.items(), key=lambda kv: (-len(kv[1]), name_of(kv[0]))):
        lines += ["", f"{name_of(agency)} ({len(items)}):"]
        for state in sorted(items, key=lambda s: s.due or today)[:10]:
            extended = f", gia hạn từ {_date(state.original_due)}" if state.due != state.original_due else ""
            lines.append(
                f"- [{state.task.id}] {shorten(state.task.title, 80)} (hạn {_date(state.due)}{extended})"
            )
        if len(items) > 10:
            lines.append(f"- … và {len(items) - 10} việc khác")
    return "\n".join(lines)


def reload_result(result: ReloadResult) -> str:
    if result.ok:
        archived = f"; lưu trữ {len(result.archived)} nhiệm vụ đã bị xóa khỏi tệp" if result.archived else ""
        return f"🔄 Đã tải lại: {result.plans} kế hoạch, {result.tasks} nhiệm vụ{archived}."
    return schedule_errors(result.problems)


def schedule_errors(problems: Sequence[Problem]) -> str:
    lines = [f"❗ Tệp kế hoạch có {len(problems)} lỗi; bot vẫn chạy theo phiên bản hợp lệ trước đó:"]
    lines += [f"- {p}" for p in problems[:20]]
    if len(problems) > 20:
        lines.append(f"- … và {len(problems) - 20} lỗi khác (chạy: nhacviec validate)")
    return "\n".join(lines)


INTERNAL_ERROR = (
    "Xin lỗi, bot gặp lỗi khi xử lý yêu cầu này. Quản trị viên đã được ghi nhận; vui lòng thử lại sau."
)
NO_CHANNEL = (
    "Chưa cấu hình kênh nhắn tin nào: hãy đặt biến môi trường NHACVIEC_TELEGRAM_TOKEN (token từ BotFather) "
    "và/hoặc NHACVIEC_ZALO_TOKEN (token bot Zalo). "
    "Xem README, mục «Chạy bot»."
)
WEBHOOK_NEEDS_URL = "Chế độ webhook cần bot.telegram.webhook_url trong config.yaml và biến môi trường NHACVIEC_TELEGRAM_WEBHOOK_SECRET."


def zalo_quota(used: int, quota: int, month: str) -> str:
    year, number = month.split("-")
    return (
        f"⚠️ Bot Zalo đã gửi {used}/{quota} tin nhắn trong tháng {int(number)}/{year} (hạn mức gói miễn phí). "
        "Khi hết hạn mức, tin nhắc qua Zalo sẽ không gửi được: cân nhắc chuyển bớt người nhận sang Telegram "
        "hoặc nâng cấp gói."
    )


def link_code(code: str, other: str) -> str:
    return (
        f"🔗 Mã liên kết: {code}\n"
        f"Trong 15 phút, mở bot Nhắc việc trên {other} và gửi: /start {code}\n"
        "Sau đó bạn nhận tin nhắc trên một ứng dụng (theo thứ tự ưu tiên của hệ thống); nếu ứng dụng đó không "
        "gửi được, tin sẽ chuyển sang ứng dụng còn lại."
    )


ZALO_WEBHOOK_NEEDS_URL = (
    "Chế độ webhook của Zalo cần bot.zalo.webhook_url trong config.yaml và biến môi trường "
    "NHACVIEC_ZALO_WEBHOOK_SECRET."
)
