"""The YAML file formats (docs/schedules.md), as frozen pydantic models.

These check shape and types only; cross-file rules (unknown agencies, duplicate task ids, deadlines the parser
cannot read) are checked by `bot.schedules.loader`, which also knows where in the file each value is.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from bot.domain.model import AgencyKind
from bot.domain.policy import PolicyOverride

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
TaskId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$", max_length=48)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _one_or_many(value: Any) -> Any:
    """`lead: Sở Nội vụ` is read as `lead: [Sở Nội vụ]`."""
    return [value] if isinstance(value, str) else value


Names = Annotated[list[Text], BeforeValidator(_one_or_many)]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- agency registry -------------------------------------------------------------------------------------


class RegistryHeader(_Strict):
    province: Slug
    name: Text
    note: str | None = None


class GroupEntry(_Strict):
    id: Slug
    name: Text
    aliases: Names = []
    includes: list[Slug] = []
    vague: bool = False
    note: str | None = None


class AgencyEntry(_Strict):
    id: Slug
    name: Text
    kind: AgencyKind = "khac"
    aliases: Names = []
    groups: list[Slug] = []
    supervisor: Slug | None = None
    merged_into: Slug | None = None
    merged_on: dt.date | None = None
    ended_on: dt.date | None = None
    established_on: dt.date | None = None
    note: str | None = None


class RegistryFile(_Strict):
    registry: RegistryHeader
    groups: list[GroupEntry] = []
    agencies: list[AgencyEntry] = Field(min_length=1)


# --- plans ------------------------------------------------------------------------------------------------

DeadlineKindOverride = Literal["date", "recurring", "ongoing", "event", "unspecified"]
Freq = Literal["weekly", "monthly", "quarterly", "half_yearly", "yearly"]


class DeadlineEntry(_Strict):
    phrase: str = ""
    implied: str | None = None
    reason: str | None = None
    kind: DeadlineKindOverride | None = None
    due: dt.date | None = None
    freq: Freq | None = None
    day: int | None = Field(default=None, ge=1, le=31)
    month_in_period: int | Literal["first", "last"] | None = None
    offset_days: int | None = Field(default=None, ge=0)
    event_date: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_phrase(cls, value: Any) -> Any:
        return {"phrase": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _implied_needs_reason(self) -> DeadlineEntry:
        if self.implied is not None and not (self.reason or "").strip():
            raise ValueError("thời hạn suy ra (implied) phải kèm lý do (reason)")
        return self


def _no_deadline() -> DeadlineEntry:
    return DeadlineEntry()


class TaskEntry(_Strict):
    id: TaskId
    ref: Text
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    text: str = ""
    lead: Names = Field(min_length=1)
    lead_inferred: bool = False
    lead_reason: str | None = None
    support: Names = []
    deadline: DeadlineEntry = Field(default_factory=_no_deadline)
    output: str | None = None
    verify: bool = False
    reminders: PolicyOverride | None = None
    note: str | None = None


class PlanHeader(_Strict):
    id: Slug
    title: Text
    year: int = Field(ge=2000, le=2100)
    province: Slug
    number: str | None = None
    issuer: str | None = None
    issued: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None
    status: Literal["active", "closed"] = "active"
    reminders: PolicyOverride | None = None
    note: str | None = None


class PlanFile(_Strict):
    plan: PlanHeader
    tasks: list[TaskEntry] = Field(min_length=1)
