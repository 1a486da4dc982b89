"""Every sentence a person reads, in one place (Vietnamese, full diacritics, dates dd/mm/yyyy)."""

from __future__ import annotations

from datetime import date

from bot.domain.model import Catalog, Plan
from bot.domain.planner import Digest, Reminder
from bot.domain.status import Status

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


def render_digest(digest: Digest, catalog: Catalog) -> str:
    """The digest message as the focal point reads it.

    Items are numbered so that `/done 2` works where there are no buttons (Zalo). Standing tasks' monthly
    check-ins are listed when few, summed up in one line when many.
    """
    name_of = catalog.agency_name
    lines = [f"📋 NHẮC VIỆC — {name_of(digest.recipient)}", day_label(digest.day)]
    own = [i for i in digest.items if i.role != "supervisor" and i.reason != "checkin"]
    checkins = [i for i in digest.items if i.reason == "checkin"]
    escalations = [i for i in digest.items if i.role == "supervisor"]
    listed = own + (checkins if len(checkins) <= CHECKINS_LISTED else [])
    number = 0
    current_plan = None
    for item in listed:
        if item.plan.id != current_plan:
            current_plan = item.plan.id
            lines += ["", plan_heading(item.plan)]
        number += 1
        occurrence = (
            f" ({item.occurrence.label})"
            if item.occurrence.key != "once" and item.reason != "checkin"
            else ""
        )
        lines.append(f"{number}. [{item.task.id}] {shorten(item.task.title, 120)}{occurrence}")
        lines.append(f"   {_reason_line(item)}")
        if item.agency_id != digest.recipient and item.role == "lead":
            lines.append(f"   (nhiệm vụ giao cho {name_of(item.agency_id)})")
    if len(checkins) > CHECKINS_LISTED:
        month = checkins[0].occurrence.label.lower()
        lines += [
            "",
            f"📌 {len(checkins)} nhiệm vụ thường xuyên cần cập nhật tình hình {month}: gửi /viec để xem danh sách.",
        ]
    if escalations:
        lines += ["", "🔺 ĐÔN ĐỐC — nhiệm vụ quá hạn của đơn vị trực thuộc:"]
        for item in escalations:
            number += 1
            lines.append(
                f"{number}. {name_of(item.agency_id)}: [{item.task.id}] {shorten(item.task.title, 120)}"
            )
            lines.append(f"   {_reason_line(item)}")
    if listed:
        lines += [
            "",
            "Khi hoàn thành, trả lời: /done MÃ (hoặc /done SỐ THỨ TỰ). Xin gia hạn: /giahan MÃ dd/mm/yyyy lý do.",
        ]
    return "\n".join(lines)
