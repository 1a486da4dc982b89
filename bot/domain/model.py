"""The resolved domain: agencies, plans and tasks as the planner and the bot use them.

These are built by `bot.schedules` from validated YAML; names are already resolved to agency ids and each
deadline phrase is already parsed, so nothing here can fail on bad input.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

from bot.domain.deadlines import Deadline
from bot.domain.policy import ReminderPolicy
from bot.domain.text import fold

AgencyKind = Literal[
    "ubnd_tinh", "van_phong", "so", "ban", "thanh_tra", "ubnd_huyen", "ubnd_xa", "trung_uong", "dang",
    "doan_the", "don_vi_su_nghiep", "doanh_nghiep", "bao_chi", "hoi", "khac",
]  # fmt: skip

_NAME_PUNCT = re.compile(r"[&\-–—/.,;:()\"'“”]+")
_AND = re.compile(r"\b(va|and)\b")

_PEOPLES_COMMITTEE = re.compile(r"\b(?:uy ban nhan dan|uy ban nd)\b")


@lru_cache(maxsize=65536)  # the importer resolves the same fragments many times over
def name_key(name: str) -> str:
    """The form agency names are compared in: case, diacritics, `&`/`và`, punctuation and spaces folded, and
    "Ủy ban nhân dân" written as its universal abbreviation "UBND"."""
    folded = _AND.sub(" ", fold(name))
    return _PEOPLES_COMMITTEE.sub("ubnd", " ".join(_NAME_PUNCT.sub(" ", folded).split()))


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    kind: AgencyKind = "khac"
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    supervisor: str | None = None
    merged_into: str | None = None
    merged_on: date | None = None
    ended_on: date | None = None
    note: str | None = None
    established_on: date | None = None  # bodies created by a reorganisation (2025) are not in older plans

    def existed_on(self, day: date) -> bool:
        """Whether the body existed as itself on `day` (created, and not yet merged or dissolved)."""
        if self.established_on is not None and self.established_on > day:
            return False
        gone = [d for d in (self.merged_on, self.ended_on) if d is not None]
        return not gone or min(gone) > day


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()
    note: str | None = None
    vague: bool = (
        False  # "các cơ quan liên quan": kept as written, nobody is reminded through it as coordinator
    )


@dataclass(frozen=True, slots=True)
class Resolved:
    """What one name in a plan stands for: an agency, or a group of agencies."""

    id: str
    is_group: bool


class Registry:
    """One province's agencies and groups, with name resolution and the merge history."""

    def __init__(self, province: str, name: str, agencies: Iterable[Agency], groups: Iterable[Group] = ()):
        self.province = province
        self.name = name
        self.agencies: dict[str, Agency] = {a.id: a for a in agencies}
        self.groups: dict[str, Group] = {g.id: g for g in groups}
        self._by_key: dict[str, Resolved] = {}
        for agency in self.agencies.values():
            for label in (agency.id, agency.name, *agency.aliases):
                self._by_key.setdefault(name_key(label), Resolved(agency.id, False))
        for group in self.groups.values():
            for label in (group.id, group.name, *group.aliases):
                self._by_key.setdefault(name_key(label), Resolved(group.id, True))
        self._members = self._expand_groups()

    def _expand_groups(self) -> dict[str, tuple[str, ...]]:
        direct: dict[str, list[str]] = {gid: [] for gid in self.groups}
        for agency in self.agencies.values():
            for gid in agency.groups:
                direct.setdefault(gid, []).append(agency.id)
        expanded: dict[str, tuple[str, ...]] = {}

        def members(gid: str, seen: frozenset[str]) -> tuple[str, ...]:
            if gid in expanded:
                return expanded[gid]
            found = list(direct.get(gid, ()))
            group = self.groups.get(gid)
            for inner in group.includes if group else ():
                if inner not in seen:
                    found.extend(members(inner, seen | {inner}))
            result = tuple(dict.fromkeys(found))
            expanded[gid] = result
            return result

        for gid in self.groups:
            members(gid, frozenset({gid}))
        return expanded

    def resolve(self, name: str) -> Resolved | None:
        return self._by_key.get(name_key(name))

    def members(self, group_id: str) -> tuple[str, ...]:
        return self._members.get(group_id, ())

    def expand(
        self, names: Iterable[str], *, coordinators: bool = False, on: date | None = None
    ) -> tuple[str, ...]:
        """Agency ids for names (groups fanned out), in order, without repeats; unknown names skipped.

        A group stands for the members that existed `on` that day (a plan's start): bodies created later are
        not assigned older plans' work, and the work of bodies merged later still reaches their successors
        through the merge history. For coordinators, vague groups stand for nobody in particular.
        """
        ids: list[str] = []
        for name in names:
            resolved = self.resolve(name)
            if resolved is None:
                continue
            if not resolved.is_group:
                ids.append(resolved.id)
            elif not (coordinators and self.groups[resolved.id].vague):
                members = self.members(resolved.id)
                if on is not None:
                    members = tuple(m for m in members if self.agencies[m].existed_on(on))
                ids.extend(members)
        return tuple(dict.fromkeys(ids))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The registry names closest to an unknown one, for the error message."""
        labels: dict[str, str] = {}
        for agency in self.agencies.values():
            for label in (agency.name, *agency.aliases):
                labels.setdefault(name_key(label), agency.name)
        for group in self.groups.values():
            for label in (group.name, *group.aliases):
                labels.setdefault(name_key(label), group.name)
        close = difflib.get_close_matches(name_key(name), list(labels), n=limit * 3, cutoff=0.5)
        return list(dict.fromkeys(labels[key] for key in close))[:limit]

    def supervisor(self, agency_id: str) -> str | None:
        agency = self.agencies.get(agency_id)
        return agency.supervisor if agency else None

    def display_name(self, agency_or_group_id: str) -> str:
        item: Agency | Group | None = self.agencies.get(agency_or_group_id) or self.groups.get(
            agency_or_group_id
        )
        return item.name if item else agency_or_group_id


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    plan_id: str
    ref: str
    title: str
    text: str
    lead: tuple[str, ...]  # names as written in the plan
    support: tuple[str, ...]
    lead_ids: tuple[str, ...]  # agency ids, groups fanned out
    support_ids: tuple[str, ...]
    phrase: str  # the deadline phrase verbatim ("" when the document states none)
    deadline: Deadline  # parsed (from `implied` when given), explicit overrides applied
    deadline_implied: str | None = None
    deadline_reason: str | None = None
    event_date: date | None = None
    output: str | None = None
    verify: bool = False
    lead_inferred: bool = False
    policy: ReminderPolicy = field(default_factory=ReminderPolicy)


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    title: str
    year: int
    province: str
    number: str | None = None
    issuer: str | None = None
    issued: date | None = None
    until: date | None = None
    source: str | None = None
    status: Literal["active", "closed"] = "active"
    tasks: tuple[Task, ...] = ()

    @property
    def label(self) -> str:
        """How people name the plan: its number when it has one."""
        return f"Kế hoạch {self.number}" if self.number else self.title

    @property
    def end(self) -> date:
        """The last day recurring and ongoing work of the plan is followed up."""
        return self.until or date(self.year, 12, 31)


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything loaded from `schedules/`: registries by province and plans by id."""

    registries: Mapping[str, Registry]
    plans: Mapping[str, Plan]

    def task(self, task_id: str) -> Task | None:
        key = task_id.casefold()
        for plan in self.plans.values():
            for task in plan.tasks:
                if task.id.casefold() == key:
                    return task
        return None

    def agency_name(self, ref: str) -> str:
        """The official name behind a "province:agency" reference (the reference itself if unknown)."""
        province, _, agency_id = ref.partition(":")
        registry = self.registries.get(province)
        return registry.display_name(agency_id) if registry else ref
