"""Reminder policy: when before, on and after a deadline an agency hears about it.

The defaults live in `config.yaml`; a plan may override some fields, and a task some more. Every count is in
working days.
"""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Coordinators = Literal["none", "on_day", "all"]
Checkin = Literal["none", "monthly", "quarterly"]


def _days_before(value: tuple[int, ...]) -> tuple[int, ...]:
    if any(n < 1 for n in value):
        raise ValueError("số ngày nhắc trước phải từ 1 trở lên")
    return tuple(sorted(set(value), reverse=True))


DaysBefore = Annotated[tuple[int, ...], AfterValidator(_days_before)]


class ReminderPolicy(BaseModel):
    """A complete policy; every field has a value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    before: DaysBefore = Field(default=(7, 3, 1), description="working days before the deadline")
    on_day: bool = True
    overdue_every: int = Field(default=2, ge=1, description="working days between overdue reminders")
    overdue_max: int = Field(default=5, ge=0, description="overdue reminders at most, then only reports")
    escalate_after: int | None = Field(default=5, ge=1, description="working days overdue before escalation")
    send_time: time = time(8, 0)
    coordinators: Coordinators = "on_day"
    checkin: Checkin = "monthly"

    def merged(self, override: PolicyOverride | None) -> ReminderPolicy:
        """This policy with the fields the override sets replaced."""
        if override is None:
            return self
        changes = override.model_dump(exclude_unset=True)
        return self if not changes else self.model_validate({**self.model_dump(), **changes})


class PolicyOverride(BaseModel):
    """A partial policy, as written in a plan or a task."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    before: DaysBefore | None = None
    on_day: bool | None = None
    overdue_every: int | None = Field(default=None, ge=1)
    overdue_max: int | None = Field(default=None, ge=0)
    escalate_after: int | None = Field(default=None, ge=1)
    send_time: time | None = None
    coordinators: Coordinators | None = None
    checkin: Checkin | None = None
