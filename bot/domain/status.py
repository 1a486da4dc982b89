"""Progress categories, as official reports count them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from bot.domain.deadlines import DeadlineKind

Status = Literal[
    "done_on_time",  # hoàn thành đúng hạn
    "done_late",  # hoàn thành quá hạn
    "in_progress",  # đang thực hiện trong hạn
    "overdue",  # quá hạn chưa hoàn thành
    "ongoing",  # thường xuyên: never overdue
    "waiting_event",  # chờ sự kiện: no date until the event happens
    "unspecified",  # chưa có thời hạn
]
OFFICIAL: tuple[Status, ...] = ("done_on_time", "done_late", "in_progress", "overdue")


def assignment_status(
    kind: DeadlineKind, effective_due: date | None, completed_on: date | None, today: date
) -> Status:
    """The category of one assignment occurrence on `today`.

    `effective_due` is the deadline after days off (and after an approved extension); a task is late only
    from the day after it.
    """
    if effective_due is None:
        if completed_on is not None:
            return "done_on_time"
        if kind == "ongoing":
            return "ongoing"
        if kind == "event":
            return "waiting_event"
        return "unspecified"
    if completed_on is not None:
        return "done_on_time" if completed_on <= effective_due else "done_late"
    return "in_progress" if today <= effective_due else "overdue"
