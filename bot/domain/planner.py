"""Who must be reminded of what, and when: a pure function of plans, policy, completions and a window.

For each task the planner derives its *occurrences* (one for a dated task, one per period for a recurring
report, one per event once the event date is known) and for each lead agency's *assignment* of an occurrence
the reminder slots of its policy, all counted in Vietnamese working days from the effective deadline:

- ``before``     n working days before (policy.before, e.g. 7, 3, 1);
- ``due_today``  on the effective deadline;
- ``overdue``    every `overdue_every` working days after it, at most `overdue_max` times (then reports only);
- ``escalation`` once, `escalate_after` working days after it, to the supervising agency;
- ``coordination`` coordinating agencies on the day (or with every slot, per policy);
- ``checkin``    standing ("thường xuyên") tasks: the first working day of each month or quarter.

A completed assignment (task, agency, occurrence) gets nothing more. Slots before the plan was issued are
dropped. Reminders are grouped into one `Digest` per recipient agency per send slot.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Literal

from bot.domain.bulk import gc_paused
from bot.domain.calendar import WorkCalendar
from bot.domain.deadlines import Deadline
from bot.domain.model import Catalog, Plan, Registry, Task
from bot.domain.policy import ReminderPolicy

Reason = Literal["overdue", "escalation", "due_today", "before", "coordination", "checkin"]
Role = Literal["lead", "support", "supervisor"]
AssignmentKey = tuple[str, str, str]  # (task id, agency id, occurrence key)

# Most urgent first, within a digest.
_URGENCY: dict[Reason, int] = {
    "overdue": 0, "escalation": 1, "due_today": 2, "before": 3, "coordination": 4, "checkin": 5,
}  # fmt: skip
_PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
_QUARTER = ("I", "II", "III", "IV")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One deadline of a task: the only one of a dated task, one period of a recurring report."""

    key: str  # stable: "once", "2024-Q1", "2024-03", "2024-H1", "2024", "2024-W05", "checkin-2024-05"
    label: str  # as people say it: "Quý I/2024", "Tháng 3/2024"
    due: date | None  # nominal last day (None for a check-in)
    effective_due: date | None  # moved to the next working day when `due` is a day off
    period_start: date | None = None  # recurring: the first day of the period reported on


@dataclass(slots=True, eq=False)
class Reminder:
    """One item for one recipient on one day. Not frozen: millions are built per planned year, and a frozen
    dataclass pays for `object.__setattr__` on every field; treat instances as read-only all the same."""

    day: date
    send_time: time
    recipient: (
        str  # "province:agency" receiving it (today's body after merges; the supervisor for escalations)
    )
    agency_id: str  # "province:agency" of the assignee as the plan names it
    role: Role
    reason: Reason
    working_days: int  # before: days left; overdue/escalation: days late; otherwise 0
    plan: Plan
    task: Task
    occurrence: Occurrence

    @property
    def assignment(self) -> AssignmentKey:
        return (self.task.id, self.agency_id, self.occurrence.key)

    @property
    def key(self) -> str:
        """Deterministic identity of this reminder: the same inputs always give the same key."""
        return "|".join((*self.assignment, self.reason, self.recipient, self.day.isoformat()))

    @property
    def urgency(self) -> tuple[int, int, date, str]:
        days = -self.working_days if self.reason in ("overdue", "escalation") else self.working_days
        return (_URGENCY[self.reason], days, self.occurrence.effective_due or self.day, self.task.id)


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything one agency hears in one send slot: one message (split only if too long)."""

    day: date
    send_time: time
    recipient: str
    items: tuple[Reminder, ...]

    @property
    def key(self) -> str:
        return f"{self.recipient}|{self.day.isoformat()}|{self.send_time.strftime('%H:%M')}"


# --- occurrences ----------------------------------------------------------------------------------------


def plan_start(plan: Plan) -> date:
    """The first day the plan's work is followed up."""
    return plan.issued or date(plan.year, 1, 1)


def occurrences(task: Task, plan: Plan, calendar: WorkCalendar) -> list[Occurrence]:
    """Every deadline of `task` over the plan's span, with effective dates."""
    deadline = task.deadline
    if deadline.kind == "date" and deadline.due:
        return [_occurrence("once", _date_label(deadline), deadline.due, calendar)]
    if deadline.kind == "event" and task.event_date is not None:
        offset = deadline.offset_days or 0
        due = (
            calendar.add_working_days(task.event_date, offset)
            if deadline.working_days
            else task.event_date + timedelta(days=offset)
        )
        return [_occurrence(f"event-{task.event_date.isoformat()}", f"{due:%d/%m/%Y}", due, calendar)]
    if deadline.kind == "recurring" and deadline.freq:
        return [
            Occurrence(key, label, due, calendar.effective_due(due), first)
            for key, label, due, first in _recurring_dues(deadline, plan_start(plan), plan.end)
        ]
    if deadline.kind == "ongoing":
        return list(_checkins(task, plan, calendar))
    return []


def _occurrence(key: str, label: str, due: date, calendar: WorkCalendar) -> Occurrence:
    return Occurrence(key, label, due, calendar.effective_due(due))


def _date_label(deadline: Deadline) -> str:
    assert deadline.due is not None
    return f"{deadline.due:%d/%m/%Y}"


def _recurring_dues(deadline: Deadline, start: date, end: date) -> Iterator[tuple[str, str, date, date]]:
    """(key, label, nominal due, period start) for each period that ends on or after `start` and begins by `end`."""
    freq = deadline.freq
    if freq == "weekly":
        monday = start - timedelta(days=start.weekday())
        weekday = min(max(deadline.day or 5, 1), 7)  # ISO weekday; Friday when unstated
        while monday <= end:
            iso_year, week, _ = monday.isocalendar()
            yield (
                f"{iso_year}-W{week:02d}",
                f"Tuần {week}/{iso_year}",
                monday + timedelta(days=weekday - 1),
                monday,
            )
            monday += timedelta(days=7)
        return
    months = _PERIOD_MONTHS[freq or "yearly"]
    year, first_month = start.year, ((start.month - 1) // months) * months + 1
    while date(year, first_month, 1) <= end:
        key, label = _period_name(freq or "yearly", year, first_month)
        due_month = _month_in_period(deadline, first_month, months)
        due_year = year
        if deadline.in_next_period:
            due_month += months
        while due_month > 12:
            due_month -= 12
            due_year += 1
        due = _day_in_month(due_year, due_month, deadline.day)
        period_end = _day_in_month(year, first_month + months - 1, None)
        if period_end >= start:
            yield key, label, due, date(year, first_month, 1)
        first_month += months
        if first_month > 12:
            first_month -= 12
            year += 1


def _period_name(freq: str, year: int, first_month: int) -> tuple[str, str]:
    if freq == "monthly":
        return f"{year}-{first_month:02d}", f"Tháng {first_month}/{year}"
    if freq == "quarterly":
        q = (first_month - 1) // 3
        return f"{year}-Q{q + 1}", f"Quý {_QUARTER[q]}/{year}"
    if freq == "half_yearly":
        half = 1 if first_month == 1 else 2
        return f"{year}-H{half}", f"{'6 tháng đầu năm' if half == 1 else '6 tháng cuối năm'} {year}"
    return f"{year}", f"Năm {year}"


def _month_in_period(deadline: Deadline, first_month: int, months: int) -> int:
    which = deadline.month_in_period
    if which == "first":
        return first_month
    if isinstance(which, int):
        if months == 12:
            return min(max(which, 1), 12)  # a calendar month for yearly reports
        return first_month + min(max(which, 1), months) - 1
    return first_month + months - 1  # "last", and the default: the period's last month


def _day_in_month(year: int, month: int, day: int | None) -> date:
    last = _cal.monthrange(year, month)[1]
    return date(year, month, last if day is None else min(day, last))


def _checkins(task: Task, plan: Plan, calendar: WorkCalendar) -> Iterator[Occurrence]:
    step = {"monthly": 1, "quarterly": 3}.get(task.policy.checkin)
    if step is None:
        return
    start = plan_start(plan)
    year, month = start.year, ((start.month - 1) // step) * step + 1
    while date(year, month, 1) <= plan.end:
        first = calendar.next_working_day(date(year, month, 1))
        if first >= start:
            yield Occurrence(f"checkin-{year}-{month:02d}", f"Tháng {month}/{year}", None, None)
        month += step
        if month > 12:
            month, year = month - 12, year + 1


# --- slots ------------------------------------------------------------------------------------------------


def _lead_slots(
    effective_due: date, policy: ReminderPolicy, calendar: WorkCalendar
) -> tuple[tuple[date, Reason, int], ...]:
    """(day, reason, working days) for a lead assignment due on `effective_due`; shared by many tasks."""
    slots: list[tuple[date, Reason, int]] = [
        (calendar.add_working_days(effective_due, -n), "before", n) for n in policy.before
    ]
    if policy.on_day:
        slots.append((effective_due, "due_today", 0))
    for k in range(1, policy.overdue_max + 1):
        late = k * policy.overdue_every
        slots.append((calendar.add_working_days(effective_due, late), "overdue", late))
    if policy.escalate_after:
        slots.append((calendar.add_working_days(effective_due, policy.escalate_after), "escalation",
                      policy.escalate_after))  # fmt: skip
    return tuple(slots)


def agency_ref(province: str, agency_id: str) -> str:
    """Agency ids are unique within a province only; everything outside the registry uses this form."""
    return f"{province}:{agency_id}"


def recipient_on(registry: Registry, agency_id: str, day: date) -> str:
    """The body (bare id) that receives an agency's reminders on `day`, following merges in effect then."""
    seen = {agency_id}
    current = registry.agencies.get(agency_id)
    while current is not None:
        successor = current.merged_into
        if successor and successor not in seen and (current.merged_on is None or current.merged_on <= day):
            seen.add(successor)
            agency_id, current = successor, registry.agencies.get(successor)
            continue
        if current.ended_on is not None and current.ended_on <= day and current.supervisor:
            return current.supervisor  # dissolved without a successor: its supervisor follows it up
        break
    return agency_id


def reminders_due(
    catalog: Catalog,
    calendar: WorkCalendar,
    start: date,
    end: date,
    completed: Collection[AssignmentKey] = frozenset(),
    extensions: Mapping[AssignmentKey, date] | None = None,
) -> list[Reminder]:
    """Every reminder whose day falls in [start, end], in no particular order (`digests` orders them).

    `completed` holds (task id, "province:agency", occurrence key) of closed assignments; `extensions` maps
    an assignment to its approved new deadline, which replaces the original for reminders.
    """
    return [
        r for bucket in _plan(catalog, calendar, start, end, completed, extensions).values() for r in bucket
    ]


def plan_digests(
    catalog: Catalog,
    calendar: WorkCalendar,
    start: date,
    end: date,
    completed: Collection[AssignmentKey] = frozenset(),
    extensions: Mapping[AssignmentKey, date] | None = None,
) -> list[Digest]:
    """`digests(reminders_due(...))` in one pass: what each agency receives in each send slot."""
    return _digests_from(_plan(catalog, calendar, start, end, completed, extensions))


Buckets = dict[tuple[date, time, str], list[Reminder]]


def _plan(
    catalog: Catalog,
    calendar: WorkCalendar,
    start: date,
    end: date,
    completed: Collection[AssignmentKey],
    extensions: Mapping[AssignmentKey, date] | None,
) -> Buckets:
    planning = _Planning(calendar, start, end, completed, extensions or {})
    with gc_paused():
        for plan in catalog.plans.values():
            if plan.status == "active":
                planning.add_plan(plan, catalog.registries[plan.province])
    return planning.buckets


class _Planning:
    """One planning run: the window, the inputs and the caches that make a year of 100,000 tasks cheap."""

    _MARGIN = timedelta(days=120)  # occurrences whose slots cannot reach the window are skipped early

    def __init__(
        self,
        calendar: WorkCalendar,
        start: date,
        end: date,
        completed: Collection[AssignmentKey],
        extensions: Mapping[AssignmentKey, date],
    ) -> None:
        self.calendar, self.start, self.end = calendar, start, end
        self.completed, self.extensions = completed, extensions
        self.buckets: Buckets = {}  # reminders grouped by send slot and recipient as they are found
        self._slots: dict[tuple[date, int], tuple[tuple[date, Reason, int], ...]] = {}
        self._policies: dict[int, ReminderPolicy] = {}  # keeps the policies whose id() keys the cache alive

    def slots(self, effective_due: date, policy: ReminderPolicy) -> tuple[tuple[date, Reason, int], ...]:
        key = (effective_due, id(policy))
        cached = self._slots.get(key)
        if cached is None:
            self._policies[id(policy)] = policy
            cached = self._slots[key] = _lead_slots(effective_due, policy, self.calendar)
        return cached

    def add(self, reminder: Reminder) -> None:
        key = (reminder.day, reminder.send_time, reminder.recipient)
        bucket = self.buckets.get(key)
        if bucket is None:
            self.buckets[key] = [reminder]
        else:
            bucket.append(reminder)

    def add_plan(self, plan: Plan, registry: Registry) -> None:
        province = plan.province
        issued = plan_start(plan)
        # Agencies that were never merged nor dissolved receive their own reminders: no lookup per reminder.
        fixed = {a.id for a in registry.agencies.values() if not a.merged_into and not a.ended_on}

        def recipient(agency_id: str, day: date) -> str:
            if agency_id in fixed:
                return f"{province}:{agency_id}"
            return agency_ref(province, recipient_on(registry, agency_id, day))

        for task in plan.tasks:
            leads = [(a, f"{province}:{a}") for a in task.lead_ids]
            for occ in occurrences(task, plan, self.calendar):
                self._task(task, plan, registry, occ, issued, leads, recipient)

    def _task(
        self,
        task: Task,
        plan: Plan,
        registry: Registry,
        occ: Occurrence,
        issued: date,
        leads: list[tuple[str, str]],
        recipient: Callable[[str, date], str],
    ) -> None:
        policy, add, start, end = task.policy, self.add, self.start, self.end
        if occ.effective_due is None:  # a check-in of a standing task
            day = self.calendar.next_working_day(date.fromisoformat(occ.key.removeprefix("checkin-") + "-01"))
            if start <= day <= end:
                for agency_id, ref in leads:
                    if (task.id, ref, occ.key) not in self.completed:
                        to = recipient(agency_id, day)
                        add(Reminder(day, policy.send_time, to, ref, "lead", "checkin", 0, plan, task, occ))
            return
        if occ.effective_due < start - self._MARGIN or occ.effective_due > end + self._MARGIN:
            return
        open_leads = 0
        for agency_id, ref in leads:
            key = (task.id, ref, occ.key)
            if key in self.completed:
                continue
            open_leads += 1
            extended = self.extensions.get(key)
            effective = self.calendar.effective_due(extended) if extended else occ.effective_due
            for day, reason, days in self.slots(effective, policy):
                if not (start <= day <= end) or day < issued:
                    continue
                if reason == "escalation":
                    current = recipient(agency_id, day).partition(":")[2]
                    supervisor = registry.supervisor(current) or registry.supervisor(agency_id)
                    if supervisor is not None:
                        boss = agency_ref(plan.province, supervisor)
                        add(
                            Reminder(
                                day, policy.send_time, boss, ref, "supervisor", reason, days, plan, task, occ
                            )
                        )
                else:
                    to = recipient(agency_id, day)
                    add(Reminder(day, policy.send_time, to, ref, "lead", reason, days, plan, task, occ))
        if not open_leads or policy.coordinators == "none" or not task.support_ids:
            return
        support_slots: list[tuple[date, int]] = [(occ.effective_due, 0)]
        if policy.coordinators == "all":
            support_slots += [
                (self.calendar.add_working_days(occ.effective_due, -n), n) for n in policy.before
            ]
        for day, days in support_slots:
            if start <= day <= end and day >= issued:
                for agency_id in task.support_ids:
                    to, ref = recipient(agency_id, day), agency_ref(plan.province, agency_id)
                    add(
                        Reminder(
                            day, policy.send_time, to, ref, "support", "coordination", days, plan, task, occ
                        )
                    )


def digests(reminders: list[Reminder]) -> list[Digest]:
    """One digest per recipient per send slot, items most urgent first, digests by slot then recipient.

    No assignment can appear twice in one digest: coordinators exclude the task's leads, and escalations go to
    the supervisor, never to the late agency itself.
    """
    grouped: Buckets = {}
    for reminder in reminders:
        key = (reminder.day, reminder.send_time, reminder.recipient)
        bucket = grouped.get(key)
        if bucket is None:
            grouped[key] = [reminder]
        else:
            bucket.append(reminder)
    return _digests_from(grouped)


def _digests_from(grouped: Buckets) -> list[Digest]:
    result = []
    with gc_paused():
        for key in sorted(grouped):
            bucket = grouped[key]
            bucket.sort(key=_urgency)
            result.append(Digest(key[0], key[1], key[2], tuple(bucket)))
    return result


def _urgency(reminder: Reminder) -> tuple[int, int, date, str]:
    return reminder.urgency
