from datetime import date

from bot.domain.calendar import WorkCalendar
from bot.domain.progress import assignment_states, current_state, tally

CAL = WorkCalendar()
PLAN = """\
plan: {id: p, title: Kế hoạch thử, year: 2024, province: demo, issued: 2024-01-05}
tasks:
  - {id: T-1, ref: "1", title: Ban hành, lead: Sở Nội vụ, deadline: "Quý I/2024"}
  - {id: T-2, ref: "2", title: Báo cáo quý, lead: Sở Nội vụ, deadline: "định kỳ hằng quý trước ngày 15 tháng cuối quý"}
  - {id: T-3, ref: "3", title: Duy trì, lead: Sở Tư pháp, deadline: "Thường xuyên"}
  - {id: T-4, ref: "4", title: Chờ Nghị định, lead: Sở Tư pháp, deadline: "Khi có phát sinh"}
  - {id: T-5, ref: "5", title: Tổng kết, lead: ["Sở Nội vụ", "Sở Tư pháp"], deadline: "Tháng 5/2024"}
"""
NV, TP = "demo:so-noi-vu", "demo:so-tu-phap"


def test_states_on_a_day(make_catalog):
    catalog = make_catalog(PLAN)
    done = {("T-1", NV, "once"): date(2024, 3, 29), ("T-2", NV, "2024-Q1"): date(2024, 3, 20)}
    states = assignment_states(catalog, CAL, date(2024, 4, 10), done)
    summary = {
        (s.task.id, s.agency_ref, s.occurrence.key if s.occurrence else None): s.status for s in states
    }
    assert summary == {
        ("T-1", NV, "once"): "done_on_time",  # Quý I ends Sunday 31/03: effective 01/04
        ("T-2", NV, "2024-Q1"): "done_late",  # due Friday 15/03, done 20/03
        ("T-2", NV, "2024-Q2"): "in_progress",  # Q2's period has begun; due 17/06
        ("T-3", TP, None): "ongoing",
        ("T-4", TP, None): "waiting_event",
        ("T-5", NV, "once"): "in_progress",
        ("T-5", TP, "once"): "in_progress",
    }
    later = assignment_states(catalog, CAL, date(2024, 6, 18), done)
    assert {s.key: s.status for s in later}[("T-2", NV, "2024-Q2")] == "overdue"
    assert tally(later)[NV] == {"done_on_time": 1, "done_late": 1, "overdue": 2}


def test_extension_changes_status_and_keeps_the_original(make_catalog):
    catalog = make_catalog(PLAN)
    ext = {("T-5", NV, "once"): date(2024, 6, 30)}
    states = assignment_states(catalog, CAL, date(2024, 6, 3), {}, ext, agencies={NV})
    t5 = next(s for s in states if s.task.id == "T-5")
    assert (t5.original_due, t5.due, t5.status) == (date(2024, 5, 31), date(2024, 7, 1), "in_progress")


def test_current_state_is_the_earliest_open_occurrence(make_catalog):
    catalog = make_catalog(PLAN)
    states = assignment_states(catalog, CAL, date(2024, 7, 1), {("T-2", NV, "2024-Q1"): date(2024, 3, 1)})
    current = current_state(states, "t-2", NV)
    assert current is not None and current.occurrence is not None and current.occurrence.key == "2024-Q2"
    assert current_state(states, "T-2", TP) is None
