from datetime import date, time

import pytest

from bot.domain.calendar import WorkCalendar
from bot.domain.planner import digests, occurrences, reminders_due

CAL = WorkCalendar()
YEAR = (date(2024, 1, 1), date(2024, 12, 31))

HEADER = """\
plan:
  id: p
  title: Kế hoạch thử
  year: {year}
  province: demo
  issued: {issued}
{extra}
tasks:
"""


def plan(tasks: str, *, year: int = 2024, issued: str = "2024-01-05", extra: str = "") -> str:
    return HEADER.format(year=year, issued=issued, extra=extra) + tasks


def slots(reminders, task_id=None):
    """(day, recipient, reason, working days), by day and urgency."""
    ordered = sorted(reminders, key=lambda r: (r.day, r.urgency))
    return [
        (r.day, r.recipient.split(":")[1], r.reason, r.working_days)
        for r in ordered
        if task_id is None or r.task.id == task_id
    ]


QUARTER_TASK = """\
  - id: T-1
    ref: "1"
    title: Ban hành kế hoạch
    lead: Sở Nội vụ
    support: Sở Tư pháp
    deadline: "Quý I/2024"
"""


def test_dated_task_slots_in_working_days(make_catalog):
    catalog = make_catalog(plan(QUARTER_TASK))
    found = reminders_due(catalog, CAL, *YEAR)
    # Quý I/2024 ends Sunday 31/03: the effective deadline is Monday 01/04/2024.
    assert slots(found) == [
        (date(2024, 3, 21), "so-noi-vu", "before", 7),
        (date(2024, 3, 27), "so-noi-vu", "before", 3),
        (date(2024, 3, 29), "so-noi-vu", "before", 1),
        (date(2024, 4, 1), "so-noi-vu", "due_today", 0),
        (date(2024, 4, 1), "so-tu-phap", "coordination", 0),
        (date(2024, 4, 3), "so-noi-vu", "overdue", 2),
        (date(2024, 4, 5), "so-noi-vu", "overdue", 4),
        (date(2024, 4, 8), "ubnd-tinh", "escalation", 5),
        (date(2024, 4, 9), "so-noi-vu", "overdue", 6),
        (date(2024, 4, 11), "so-noi-vu", "overdue", 8),
        (date(2024, 4, 15), "so-noi-vu", "overdue", 10),
    ]
    assert all(r.send_time == time(8, 0) for r in found)


def test_overdue_nagging_is_capped(make_catalog):
    catalog = make_catalog(plan(QUARTER_TASK))
    later = reminders_due(catalog, CAL, date(2024, 4, 16), date(2026, 12, 31))
    assert later == []


def test_completed_assignment_gets_nothing_more(make_catalog):
    catalog = make_catalog(plan(QUARTER_TASK))
    done = {("T-1", "demo:so-noi-vu", "once")}
    assert reminders_due(catalog, CAL, *YEAR, completed=done) == []


def test_extension_moves_the_deadline(make_catalog):
    catalog = make_catalog(plan(QUARTER_TASK))
    extended = {("T-1", "demo:so-noi-vu", "once"): date(2024, 5, 4)}  # a swapped working Saturday
    found = reminders_due(catalog, CAL, *YEAR, extensions=extended)
    lead = [s for s in slots(found) if s[1] == "so-noi-vu"]
    assert lead[3] == (date(2024, 5, 4), "so-noi-vu", "due_today", 0)


def test_reminders_never_before_the_plan_was_issued(make_catalog):
    catalog = make_catalog(plan(QUARTER_TASK, issued="2024-03-28"))
    days = [s[0] for s in slots(reminders_due(catalog, CAL, *YEAR))]
    assert min(days) == date(2024, 3, 29)


def test_recurring_quarterly_report_each_agency_of_a_group(make_catalog):
    catalog = make_catalog(
        plan("""\
  - id: T-2
    ref: "2"
    title: Báo cáo quý
    lead: ["Các sở, ban, ngành"]
    deadline: "định kỳ hằng quý trước ngày 15 tháng cuối quý"
""")
    )
    task = catalog.plans["p"].tasks[0]
    occ = occurrences(task, catalog.plans["p"], CAL)
    assert [(o.key, o.label, o.due, o.effective_due) for o in occ] == [
        ("2024-Q1", "Quý I/2024", date(2024, 3, 15), date(2024, 3, 15)),
        ("2024-Q2", "Quý II/2024", date(2024, 6, 15), date(2024, 6, 17)),
        ("2024-Q3", "Quý III/2024", date(2024, 9, 15), date(2024, 9, 16)),
        ("2024-Q4", "Quý IV/2024", date(2024, 12, 15), date(2024, 12, 16)),
    ]
    due_days = {(s[0], s[1]) for s in slots(reminders_due(catalog, CAL, *YEAR)) if s[2] == "due_today"}
    members = {"so-noi-vu", "so-tai-chinh", "so-ke-hoach-va-dau-tu", "so-tu-phap"}
    assert due_days == {(o.effective_due, m) for o in occ for m in members}


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("hằng tháng, trước ngày 20", [date(2024, m, 20) for m in range(1, 13)]),
        ("Báo cáo định kỳ 6 tháng trước ngày 15 tháng cuối kỳ", [date(2024, 6, 15), date(2024, 12, 15)]),
        ("hằng năm trước ngày 15/12", [date(2024, 12, 15)]),
        (
            "báo cáo quý trước ngày 05 của tháng đầu quý sau",
            [date(2024, 4, 5), date(2024, 7, 5), date(2024, 10, 5), date(2025, 1, 5)],
        ),
    ],
)
def test_recurring_periods(make_catalog, phrase, expected):
    catalog = make_catalog(
        plan(f"""\
  - id: T-3
    ref: "3"
    title: Báo cáo định kỳ
    lead: Sở Nội vụ
    deadline: "{phrase}"
""")
    )
    task = catalog.plans["p"].tasks[0]
    assert [o.due for o in occurrences(task, catalog.plans["p"], CAL)] == expected


def test_a_weekly_report_on_a_weekday_falls_on_that_day_each_week(make_catalog):
    catalog = make_catalog(
        plan("""\
  - id: T-4
    ref: "4"
    title: Báo cáo tiến độ hằng tuần
    lead: Sở Nội vụ
    deadline: "trước 15 giờ thứ Năm hằng tuần"
""")
    )
    dues = [o.due for o in occurrences(catalog.plans["p"].tasks[0], catalog.plans["p"], CAL)]
    assert dues[:3] == [date(2024, 1, 4), date(2024, 1, 11), date(2024, 1, 18)]  # Thursdays
    assert all(d.isoweekday() == 4 for d in dues) and len(dues) == 53


def test_explicit_recurring_fields_override_the_parser(make_catalog):
    catalog = make_catalog(
        plan("""\
  - id: T-3
    ref: "3"
    title: Báo cáo tháng
    lead: Sở Nội vụ
    deadline: {phrase: "Theo quy định", kind: recurring, freq: monthly, day: 25}
""")
    )
    task = catalog.plans["p"].tasks[0]
    assert [o.due for o in occurrences(task, catalog.plans["p"], CAL)][:2] == [
        date(2024, 1, 25),
        date(2024, 2, 25),
    ]


def test_ongoing_task_gets_monthly_checkins(make_catalog):
    catalog = make_catalog(
        plan("""\
  - id: T-4
    ref: "4"
    title: Duy trì
    lead: Sở Nội vụ
    deadline: "Thường xuyên"
""")
    )
    found = sorted(reminders_due(catalog, CAL, *YEAR), key=lambda r: r.day)
    # January's first working day (02/01) is before the plan was issued (05/01): the first check-in is in February.
    assert [r.day for r in found] == [
        date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1), date(2024, 5, 2), date(2024, 6, 3),
        date(2024, 7, 1), date(2024, 8, 1), date(2024, 9, 4), date(2024, 10, 1), date(2024, 11, 1),
        date(2024, 12, 2),
    ]  # fmt: skip
    assert {r.reason for r in found} == {"checkin"}


def test_event_task_waits_for_its_date(make_catalog):
    task = """\
  - id: T-5
    ref: "5"
    title: Sửa quy chế
    lead: Sở Nội vụ
    deadline:
      phrase: "trong 01 tháng kể từ khi Chính phủ ban hành Nghị định"
"""
    assert reminders_due(make_catalog(plan(task)), CAL, *YEAR) == []


def test_event_task_with_recorded_event_date(make_catalog):
    task = """\
  - id: T-5
    ref: "5"
    title: Sửa quy chế
    lead: Sở Nội vụ
    deadline:
      phrase: "trong 01 tháng kể từ khi Chính phủ ban hành Nghị định"
      event_date: 2024-05-10
"""
    found = reminders_due(make_catalog(plan(task)), CAL, *YEAR)
    due = [r for r in found if r.reason == "due_today"]
    assert [r.day for r in due] == [date(2024, 6, 10)]  # 10/05 + 30 days = Sunday 09/06 -> Monday 10/06


def test_unspecified_and_closed_plans_send_nothing(make_catalog):
    task = """\
  - id: T-6
    ref: "6"
    title: Theo kế hoạch riêng
    lead: Sở Nội vụ
    deadline: "Theo Kế hoạch riêng"
"""
    assert reminders_due(make_catalog(plan(task)), CAL, *YEAR) == []
    closed = make_catalog(plan(QUARTER_TASK, extra="  status: closed"))
    assert reminders_due(closed, CAL, *YEAR) == []


def test_merged_agency_reminders_reach_the_successor_from_the_merge_date(make_catalog):
    task = """\
  - id: T-7
    ref: "7"
    title: Tổng kết
    lead: Sở KH&ĐT
    deadline: "Tháng 2/2025"
"""
    catalog = make_catalog(plan(task, year=2025, issued="2025-01-02"))
    found = slots(reminders_due(catalog, CAL, date(2025, 1, 1), date(2025, 12, 31)))
    # Due Friday 28/02/2025; the merge into Sở Tài chính takes effect on 01/03/2025.
    assert found[:5] == [
        (date(2025, 2, 19), "so-ke-hoach-va-dau-tu", "before", 7),
        (date(2025, 2, 25), "so-ke-hoach-va-dau-tu", "before", 3),
        (date(2025, 2, 27), "so-ke-hoach-va-dau-tu", "before", 1),
        (date(2025, 2, 28), "so-ke-hoach-va-dau-tu", "due_today", 0),
        (date(2025, 3, 4), "so-tai-chinh", "overdue", 2),
    ]
    assert {s[1] for s in found if s[0] >= date(2025, 3, 1) and s[2] != "escalation"} == {"so-tai-chinh"}


def test_dissolved_agency_is_followed_up_by_its_supervisor(make_catalog):
    task = """\
  - id: T-8
    ref: "8"
    title: Việc của huyện
    lead: UBND huyện A
    deadline: "Tháng 9/2025"
"""
    catalog = make_catalog(plan(task, year=2025, issued="2025-01-02"))
    found = slots(reminders_due(catalog, CAL, date(2025, 1, 1), date(2025, 12, 31)))
    assert {s[1] for s in found} == {"ubnd-tinh"}


def test_one_digest_per_agency_per_slot_most_urgent_first(make_catalog):
    tasks = (
        QUARTER_TASK
        + """\
  - id: T-9
    ref: "9"
    title: Việc hạn sớm
    lead: Sở Nội vụ
    deadline: "Trước 28/03/2024"
  - id: T-10
    ref: "10"
    title: Việc hạn muộn
    lead: Sở Nội vụ
    deadline: "Tháng 4/2024"
"""
    )
    catalog = make_catalog(plan(tasks))
    found = digests(reminders_due(catalog, CAL, date(2024, 3, 29), date(2024, 3, 29)))
    assert len(found) == 1
    digest = found[0]
    assert digest.recipient == "demo:so-noi-vu"
    # T-9 was due Thursday 28/03 (overdue from 29/03 only after 2 working days: nothing yet);
    # T-1 is 1 working day away; T-10 (30/04 -> 02/05) is further.
    assert [(i.task.id, i.reason, i.working_days) for i in digest.items] == [("T-1", "before", 1)]
    week = digests(reminders_due(catalog, CAL, date(2024, 4, 1), date(2024, 4, 1)))
    noi_vu = next(d for d in week if d.recipient == "demo:so-noi-vu")
    assert [(i.task.id, i.reason) for i in noi_vu.items] == [("T-9", "overdue"), ("T-1", "due_today")]


def test_planning_is_deterministic(make_catalog):
    catalog = make_catalog(plan(QUARTER_TASK))
    first = [r.key for r in reminders_due(catalog, CAL, *YEAR)]
    second = [r.key for r in reminders_due(catalog, CAL, *YEAR)]
    assert [d.key for d in digests(reminders_due(catalog, CAL, *YEAR))] == [
        d.key for d in digests(reminders_due(catalog, CAL, *YEAR))
    ]
    assert first == second and len(set(first)) == len(first)


def test_policy_overrides_per_plan_and_task(make_catalog):
    task = """\
  - id: T-11
    ref: "11"
    title: Việc gấp
    lead: Sở Nội vụ
    deadline: "Quý I/2024"
    reminders: {before: [2], overdue_max: 0, escalate_after: null, send_time: "14:30"}
"""
    catalog = make_catalog(plan(task, extra="  reminders: {coordinators: none}"))
    assert slots(reminders_due(catalog, CAL, *YEAR)) == [
        (date(2024, 3, 28), "so-noi-vu", "before", 2),
        (date(2024, 4, 1), "so-noi-vu", "due_today", 0),
    ]
    assert reminders_due(catalog, CAL, *YEAR)[0].send_time == time(14, 30)


def test_plan_digests_equals_digests_of_reminders(make_catalog):
    from bot.domain.planner import plan_digests

    catalog = make_catalog(plan(QUARTER_TASK))
    one_pass = plan_digests(catalog, CAL, *YEAR)
    two_pass = digests(reminders_due(catalog, CAL, *YEAR))
    assert [(d.key, [i.key for i in d.items]) for d in one_pass] == [
        (d.key, [i.key for i in d.items]) for d in two_pass
    ]
