"""Where every assignment stands on a given day: the basis of /viec, /done, /baocao and /quahan.

An assignment occurrence is one lead agency's share of one deadline of a task. Occurrences of recurring
reports count from the moment their period has begun; standing ("thường xuyên") tasks, tasks waiting for
an event and tasks without a date each have a single state of their own kind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from bot.domain.calendar import WorkCalendar
from bot.domain.model import Catalog, Plan, Task
from bot.domain.planner import Occurrence, agency_ref, occurrences
from bot.domain.status import OFFICIAL, Status, assignment_status


@dataclass(frozen=True, slots=True)
class AssignmentState:
    plan: Plan
    task: Task
    agency_ref: str  # "province:agency" as the plan assigns it
    occurrence: Occurrence | None  # None for standing, event-waiting and undated tasks
    original_due: date | None  # effective deadline as planned
    due: date | None  # effective deadline after an approved extension
    completed_on: date | None
    status: Status

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.task.id, self.agency_ref, self.occurrence.key if self.occurrence else "standing")

    @property
    def is_open(self) -> bool:
        return self.status in ("in_progress", "overdue", "ongoing", "waiting_event", "unspecified")


def assignment_states(
    catalog: Catalog,
    calendar: WorkCalendar,
    today: date,
    completed: Mapping[tuple[str, str, str], date],
    extensions: Mapping[tuple[str, str, str], date] | None = None,
    *,
    plan_id: str | None = None,
    agencies: Collection[str] | None = None,
) -> list[AssignmentState]:
    """Every lead assignment occurrence that has begun by `today`, with its status.

    `completed` maps (task, agency ref, occurrence key) to the day it was done; `extensions` maps it to an
    approved new nominal deadline. `agencies` limits the result to those "province:agency" refs.
    """
    extensions = extensions or {}
    found: list[AssignmentState] = []
    for plan in catalog.plans.values():
        if plan.status != "active" or (plan_id is not None and plan.id != plan_id):
            continue
        for task in plan.tasks:
            refs = [agency_ref(plan.province, a) for a in task.lead_ids]
            if agencies is not None:
                refs = [r for r in refs if r in agencies]
            if refs:
                found.extend(_task_states(plan, task, refs, calendar, today, completed, extensions))
    return found


def _task_states(
    plan: Plan,
    task: Task,
    refs: list[str],
    calendar: WorkCalendar,
    today: date,
    completed: Mapping[tuple[str, str, str], date],
    extensions: Mapping[tuple[str, str, str], date],
) -> Iterator[AssignmentState]:
    kind = task.deadline.kind
    dated = [o for o in occurrences(task, plan, calendar) if o.effective_due is not None]
    if not dated:
        for ref in refs:
            done = completed.get((task.id, ref, "standing"))
            status = assignment_status(kind, None, done, today)
            yield AssignmentState(plan, task, ref, None, None, None, done, status)
        return
    for occ in dated:
        assert occ.effective_due is not None
        if occ.period_start is not None and occ.period_start > today:
            continue  # the period this report covers has not begun
        for ref in refs:
            key = (task.id, ref, occ.key)
            extended = extensions.get(key)
            due = calendar.effective_due(extended) if extended else occ.effective_due
            done = completed.get(key)
            status = assignment_status(kind, due, done, today)
            yield AssignmentState(plan, task, ref, occ, occ.effective_due, due, done, status)


def current_state(states: list[AssignmentState], task_id: str, ref: str) -> AssignmentState | None:
    """The occurrence a "/done" for this task and agency closes: the earliest one still open."""
    mine = [s for s in states if s.task.id.casefold() == task_id.casefold() and s.agency_ref == ref]
    open_ = [s for s in mine if s.is_open]
    pool = open_ or mine
    return min(pool, key=lambda s: s.due or date.max) if pool else None


def tally(states: list[AssignmentState]) -> dict[str, Counter[Status]]:
    """Counts per agency in the official four categories (other kinds are left out)."""
    counts: dict[str, Counter[Status]] = {}
    for state in states:
        if state.status in OFFICIAL:
            counts.setdefault(state.agency_ref, Counter())[state.status] += 1
    return counts
