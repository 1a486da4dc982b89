"""Snapshots of what a civil servant reads: a reviewer sees the exact text here."""

from datetime import date

from bot.chat.texts import day_label, render_digest, shorten
from bot.domain.calendar import WorkCalendar
from bot.domain.planner import plan_digests

PLAN = """\
plan:
  id: p
  number: 12/KH-UBND
  title: Kế hoạch cải cách hành chính năm 2024
  year: 2024
  province: demo
  issued: 2024-01-05
tasks:
  - id: T-1
    ref: "1"
    title: Ban hành kế hoạch tuyên truyền
    lead: Sở Nội vụ
    support: Sở Tư pháp
    deadline: "Quý I/2024"
  - id: T-2
    ref: "2"
    title: Báo cáo quý
    lead: Sở Nội vụ
    deadline: "định kỳ hằng quý trước ngày 15 tháng cuối quý"
  - id: T-3
    ref: "3"
    title: Rà soát thủ tục hành chính
    lead: Sở KH&ĐT
    deadline: "Trước 20/03/2024"
"""

CAL = WorkCalendar()


def digest_for(catalog, day, agency):
    found = [d for d in plan_digests(catalog, CAL, day, day) if d.recipient == f"demo:{agency}"]
    assert len(found) == 1
    return render_digest(found[0], catalog)


def test_digest_with_overdue_and_upcoming_items(make_catalog):
    catalog = make_catalog(PLAN)
    assert digest_for(catalog, date(2024, 3, 27), "so-noi-vu") == "\n".join(
        [
            "📋 NHẮC VIỆC — Sở Nội vụ",
            "Thứ Tư, 27/03/2024",
            "",
            "📄 Kế hoạch 12/KH-UBND — Kế hoạch cải cách hành chính năm 2024",
            "1. [T-2] Báo cáo quý (Quý I/2024)",
            "   ⚠️ QUÁ HẠN 8 ngày làm việc (hạn 15/03/2024)",
            "2. [T-1] Ban hành kế hoạch tuyên truyền",
            "   🔔 Còn 3 ngày làm việc (hạn 01/04/2024)",
            "",
            "Khi hoàn thành, trả lời: /done MÃ (hoặc /done SỐ THỨ TỰ). Xin gia hạn: /giahan MÃ dd/mm/yyyy lý do.",
        ]
    )


def test_escalation_digest_for_the_supervisor(make_catalog):
    catalog = make_catalog(PLAN)
    # T-3 due Wednesday 20/03/2024; 5 working days later the provincial committee is told.
    assert digest_for(catalog, date(2024, 3, 27), "ubnd-tinh") == "\n".join(
        [
            "📋 NHẮC VIỆC — Ủy ban nhân dân tỉnh",
            "Thứ Tư, 27/03/2024",
            "",
            "🔺 ĐÔN ĐỐC — nhiệm vụ quá hạn của đơn vị trực thuộc:",
            "1. Sở Kế hoạch và Đầu tư: [T-3] Rà soát thủ tục hành chính",
            "   🔺 Đơn vị chưa hoàn thành, quá hạn 5 ngày làm việc (hạn 20/03/2024)",
        ]
    )


def test_coordinator_hears_on_the_day(make_catalog):
    catalog = make_catalog(PLAN)
    text = digest_for(catalog, date(2024, 4, 1), "so-tu-phap")
    assert "1. [T-1] Ban hành kế hoạch tuyên truyền\n   🤝 Phối hợp — hạn 01/04/2024" in text


def test_many_checkins_are_summed_up(make_catalog):
    tasks = "".join(
        f'  - {{id: S-{i}, ref: "{i}", title: Duy trì việc {i}, lead: Sở Nội vụ, deadline: "Thường xuyên"}}\n'
        for i in range(1, 6)
    )
    catalog = make_catalog(PLAN.split("tasks:")[0] + "tasks:\n" + tasks)
    assert digest_for(catalog, date(2024, 2, 1), "so-noi-vu") == "\n".join(
        [
            "📋 NHẮC VIỆC — Sở Nội vụ",
            "Thứ Năm, 01/02/2024",
            "",
            "📌 5 nhiệm vụ thường xuyên cần cập nhật tình hình tháng 2/2024: gửi /viec để xem danh sách.",
        ]
    )


def test_labels_and_shortening():
    assert day_label(date(2024, 2, 10)) == "Thứ Bảy, 10/02/2024"
    assert shorten("Rà soát, đơn giản hóa thủ tục hành chính nội bộ", 30) == "Rà soát, đơn giản hóa thủ tục…"
    assert shorten("Ngắn", 30) == "Ngắn"


def test_long_digests_split_between_items_within_the_limit():
    from bot.chat.texts import split_message

    header = "📋 NHẮC VIỆC — Sở Nội vụ\nThứ Hai, 25/03/2024\n\n📄 Kế hoạch 1/KH-UBND — Thử"
    items = [
        f"{n}. [T-{n}] {'Rà soát thủ tục hành chính nội bộ ' * 3}\n   ⚠️ QUÁ HẠN 2 ngày làm việc"
        for n in range(1, 41)
    ]
    text = header + "\n" + "\n".join(items) + "\n\nKhi hoàn thành, trả lời: /done MÃ."
    parts = split_message(text, 2000)
    assert len(parts) > 1 and all(len(p) <= 2000 for p in parts)
    assert "\n".join(parts).replace("\n\n", "\n") == text.replace("\n\n", "\n")  # nothing lost or reordered
    for part in parts[1:]:
        assert part.split("\n")[0][0].isdigit() or part.startswith("Khi hoàn thành")  # starts at an item
    for n in range(1, 41):  # no item is cut in two
        assert (
            sum(f"{n}. [T-{n}]" in p and "QUÁ HẠN" in p.split(f"{n}. [T-{n}]")[1][:200] for p in parts) == 1
        )
