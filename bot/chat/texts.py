"""Every sentence a person reads, in one place (Vietnamese, full diacritics, dates dd/mm/yyyy)."""

from __future__ import annotations

from datetime import date

from bot.domain.model import Catalog
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


def render_digest(digest: Digest, catalog: Catalog) -> str:
    """The digest message as the focal point reads it; items numbered so `/done 2` works on Zalo too."""
    name_of = catalog.agency_name
    lines = [f"📋 NHẮC VIỆC — {name_of(digest.recipient)}", day_label(digest.day)]
    number = 0
    current_plan = None
    own = [i for i in digest.items if i.role != "supervisor"]
    escalations = [i for i in digest.items if i.role == "supervisor"]
    for item in own:
        if item.plan.id != current_plan:
            current_plan = item.plan.id
            lines += ["", f"📄 {item.plan.label}: {item.plan.title}"]
        number += 1
        occurrence = f" ({item.occurrence.label})" if item.occurrence.key not in ("once",) else ""
        lines.append(f"{number}. [{item.task.id}] {item.task.title}{occurrence}")
        lines.append(f"   {_reason_line(item)}")
        if item.agency_id != digest.recipient and item.role == "lead":
            lines.append(f"   (nhiệm vụ giao cho {name_of(item.agency_id)})")
    if escalations:
        lines += ["", "🔺 ĐÔN ĐỐC — nhiệm vụ quá hạn của đơn vị trực thuộc:"]
        for item in escalations:
            number += 1
            lines.append(f"{number}. {name_of(item.agency_id)}: [{item.task.id}] {item.task.title}")
            lines.append(f"   {_reason_line(item)}")
    if own:
        lines += [
            "",
            "Khi hoàn thành, trả lời: /done MÃ (hoặc /done SỐ THỨ TỰ). Xin gia hạn: /giahan MÃ dd/mm/yyyy lý do.",
        ]
    return "\n".join(lines)
