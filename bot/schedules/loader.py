"""Load `schedules/` into a `Catalog`, reporting every problem as `file:line:col: message` (Vietnamese).

All problems of all files are collected in one pass. A file with errors contributes nothing to the catalog
(a plan is never half-loaded); callers decide what to do with a catalog that has errors (the CLI refuses, the
bot keeps its last good catalog).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from bot.domain.bulk import gc_paused
from bot.domain.deadlines import Deadline, parse_deadline
from bot.domain.model import Agency, Catalog, Group, Plan, Registry, Task, name_key
from bot.domain.policy import ReminderPolicy
from bot.schedules.formats import DeadlineEntry, PlanFile, RegistryFile, TaskEntry
from bot.schedules.yamlsafe import Path_, Position, YamlDocument, YamlError, load_yaml

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    file: Path
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "cảnh báo: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {prefix}{self.message}"


@dataclass(slots=True)
class LoadResult:
    catalog: Catalog
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def schedule_files(paths: Sequence[Path]) -> list[Path]:
    """The YAML files named, or found below the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file()))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def load_schedules(paths: Sequence[Path], policy: ReminderPolicy | None = None) -> LoadResult:
    """Read registries and plans from `paths` (files or folders)."""
    with gc_paused():
        return _Loader(policy or ReminderPolicy()).run(schedule_files(paths))


class _FileReport:
    """Problems of one file, located through its YAML node tree."""

    def __init__(self, doc: YamlDocument, sink: list[Problem]) -> None:
        self.doc = doc
        self._sink = sink
        self.failed = False
        self._seen: set[tuple[int, int]] = {(p.position.line, p.position.column) for p in doc.problems}
        for problem in doc.problems:
            self._add(problem.position, problem.message, "error")

    def _add(self, position: Position, message: str, severity: Severity) -> None:
        if severity == "error":
            self.failed = True
        self._sink.append(Problem(self.doc.path, position.line, position.column, message, severity))

    def error(self, path: Path_, message: str, *, key: bool = False) -> None:
        self._add(self.doc.locate(path, key=key), message, "error")

    def warning(self, path: Path_, message: str) -> None:
        self._add(self.doc.locate(path), message, "warning")

    def validation(self, exc: ValidationError, model: type[BaseModel]) -> None:
        reported: set[tuple[str | int, ...]] = set()
        for err in exc.errors(include_url=False):
            data_path, extra = _split_loc(self.doc.value, tuple(err["loc"]))
            if data_path in reported and extra:
                continue  # one message per value, not one per member of a union
            reported.add(data_path)
            position = self.doc.locate(data_path, key=err["type"] == "extra_forbidden")
            if (position.line, position.column) in self._seen:
                continue  # already reported by the YAML reader (an impossible date, say)
            self._add(position, _translate(err, data_path, model), "error")


class _Loader:
    def __init__(self, policy: ReminderPolicy) -> None:
        self.policy = policy
        self.problems: list[Problem] = []

    def run(self, files: list[Path]) -> LoadResult:
        registries: dict[str, Registry] = {}
        plans: dict[str, Plan] = {}
        task_ids: dict[str, tuple[Path, int]] = {}
        waiting: list[tuple[_FileReport, PlanFile]] = []  # plans read before their province's registry

        def add_plan(report: _FileReport, parsed: PlanFile) -> None:
            plan = self._plan(report, parsed, registries, plans, task_ids)
            if plan is not None and not report.failed:
                plans[plan.id] = plan

        # Registries first, then each plan is checked and built as soon as it is read, so that only one
        # file's YAML node tree is alive at a time (100,000 tasks fit in memory comfortably).
        for path in sorted(files, key=lambda p: not _looks_like_registry(p)):
            report = self._read(path)
            if report is None:
                continue
            top = report.doc.value
            if isinstance(top, dict) and "registry" in top:
                registry = self._registry(report, registries)
                if registry is not None:
                    registries[registry.province] = registry
            elif isinstance(top, dict) and "plan" in top:
                parsed = _validate(report, PlanFile)
                if parsed is None:
                    continue
                if parsed.plan.province in registries:
                    add_plan(report, parsed)
                else:
                    waiting.append((report, parsed))
            elif top is not None or not report.failed:
                report.error(
                    (), "không rõ loại tệp: cần khóa «registry:» (danh mục cơ quan) hoặc «plan:» (kế hoạch)"
                )
        for report, parsed in waiting:
            add_plan(report, parsed)

        order = {path: i for i, path in enumerate(files)}
        self.problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line, p.column))
        return LoadResult(Catalog(registries, plans), self.problems, files)

    def _read(self, path: Path) -> _FileReport | None:
        try:
            doc = load_yaml(path)
        except YamlError as exc:
            for p in exc.problems:
                self.problems.append(Problem(path, p.position.line, p.position.column, p.message))
            return None
        return _FileReport(doc, self.problems)

    # --- registries ---------------------------------------------------------------------------------------

    def _registry(self, report: _FileReport, known: dict[str, Registry]) -> Registry | None:
        parsed = _validate(report, RegistryFile)
        if parsed is None:
            return None
        province = parsed.registry.province
        if province in known:
            report.error(("registry", "province"), f"tỉnh «{province}» đã có danh mục cơ quan ở tệp khác")
        ids: dict[str, str] = {}
        labels: dict[str, str] = {}
        entries: list[tuple[str, int, Any]] = [("groups", i, g) for i, g in enumerate(parsed.groups)]
        entries += [("agencies", i, a) for i, a in enumerate(parsed.agencies)]
        for section, index, entry in entries:
            if entry.id in ids:
                report.error((section, index, "id"), f"mã «{entry.id}» bị trùng")
                continue
            ids[entry.id] = section
            for field_name, label in [("name", entry.name), *(("aliases", a) for a in entry.aliases)]:
                key = name_key(label)
                owner = labels.setdefault(key, entry.id)
                if owner != entry.id:
                    where = (
                        (section, index, field_name) if field_name == "name" else (section, index, "aliases")
                    )
                    report.error(where, f"tên «{label}» trùng với tên của «{owner}»")
        agency_ids = {a.id for a in parsed.agencies}
        group_ids = {g.id for g in parsed.groups}
        for index, group in enumerate(parsed.groups):
            for inner in group.includes:
                if inner not in group_ids:
                    report.error(("groups", index, "includes"), f"nhóm «{inner}» không có trong danh mục")
        for index, agency in enumerate(parsed.agencies):
            for gid in agency.groups:
                if gid not in group_ids:
                    report.error(("agencies", index, "groups"), f"nhóm «{gid}» không có trong danh mục")
            for field_name in ("supervisor", "merged_into"):
                target = getattr(agency, field_name)
                if target is not None and target not in agency_ids:
                    report.error(
                        ("agencies", index, field_name), f"cơ quan «{target}» không có trong danh mục"
                    )
                elif target == agency.id:
                    report.error(("agencies", index, field_name), "không được trỏ về chính cơ quan này")
        if report.failed:
            return None
        registry = Registry(
            province,
            parsed.registry.name,
            [
                Agency(a.id, a.name, a.kind, tuple(a.aliases), tuple(a.groups), a.supervisor, a.merged_into,
                       a.merged_on, a.ended_on, a.note, a.established_on)
                for a in parsed.agencies
            ],
            [Group(g.id, g.name, tuple(g.aliases), tuple(g.includes), g.note, g.vague) for g in parsed.groups],
        )  # fmt: skip
        for index, agency in enumerate(parsed.agencies):
            if agency.merged_into and _merge_cycle(registry, agency.id):
                report.error(("agencies", index, "merged_into"), "chuỗi sáp nhập (merged_into) bị vòng lặp")
        return None if report.failed else registry

    # --- plans --------------------------------------------------------------------------------------------

    def _plan(
        self,
        report: _FileReport,
        parsed: PlanFile,
        registries: dict[str, Registry],
        plans: dict[str, Plan],
        task_ids: dict[str, tuple[Path, int]],
    ) -> Plan | None:
        header = parsed.plan
        if header.id in plans:
            report.error(("plan", "id"), f"mã kế hoạch «{header.id}» đã dùng cho kế hoạch khác")
        registry = registries.get(header.province)
        if registry is None:
            report.error(("plan", "province"), f"chưa có danh mục cơ quan của tỉnh «{header.province}»")
        plan_policy = self.policy.merged(header.reminders)
        tasks: list[Task] = []
        for index, entry in enumerate(parsed.tasks):
            key = entry.id.casefold()
            if key in task_ids:
                other_file, other_line = task_ids[key]
                report.error(
                    ("tasks", index, "id"),
                    f"mã nhiệm vụ «{entry.id}» bị trùng (đã dùng ở {other_file}:{other_line})",
                )
            else:
                task_ids[key] = (report.doc.path, report.doc.locate(("tasks", index, "id")).line)
            deadline = self._deadline(
                report, ("tasks", index, "deadline"), entry.deadline, header.year, header.issued
            )
            if registry is None or deadline is None:
                continue
            start = header.issued or date(header.year, 1, 1)
            lead_ids = self._names(report, registry, entry.lead, ("tasks", index, "lead"), on=start)
            support_ids = self._names(
                report, registry, entry.support, ("tasks", index, "support"), coordinators=True, on=start
            )
            named_leads = {r.id for r in map(registry.resolve, entry.lead) if r and not r.is_group}
            for j, name in enumerate(entry.support):
                resolved = registry.resolve(name)
                # Only an agency named as lead conflicts; "Các sở chủ trì, Sở Tư pháp phối hợp" is normal.
                if resolved and not resolved.is_group and resolved.id in named_leads:
                    report.error(
                        ("tasks", index, "support", j), f"«{name}» vừa chủ trì vừa phối hợp nhiệm vụ này"
                    )
            if entry.lead_inferred and not (entry.lead_reason or "").strip():
                report.error(
                    ("tasks", index, "lead_inferred"), "cơ quan chủ trì suy ra phải kèm lý do (lead_reason)"
                )
            if deadline.kind == "unspecified":
                report.warning(
                    ("tasks", index, "deadline"), "nhiệm vụ chưa có thời hạn cụ thể; sẽ không được nhắc"
                )
            tasks.append(self._task(header.id, entry, deadline, lead_ids, support_ids, plan_policy))
        if report.failed:
            return None
        return Plan(
            id=header.id, title=header.title, year=header.year, province=header.province, number=header.number,
            issuer=header.issuer, issued=header.issued, until=header.until, source=header.source,
            status=header.status, tasks=tuple(tasks),
        )  # fmt: skip

    def _names(
        self,
        report: _FileReport,
        registry: Registry,
        names: Iterable[str],
        path: Path_,
        *,
        coordinators: bool = False,
        on: date | None = None,
    ) -> tuple[str, ...]:
        for j, name in enumerate(names):
            if registry.resolve(name) is None:
                hint = registry.suggest(name)
                suggestion = f"; có phải: {', '.join(f'«{s}»' for s in hint)}?" if hint else ""
                report.error(
                    (*path, j),
                    f"không tìm thấy cơ quan «{name}» trong danh mục tỉnh «{registry.province}»{suggestion}",
                )
        return registry.expand(names, coordinators=coordinators, on=on)

    def _deadline(
        self, report: _FileReport, path: Path_, entry: DeadlineEntry, year: int, issued: date | None
    ) -> Deadline | None:
        phrase = entry.implied if entry.implied is not None else entry.phrase
        parsed = parse_deadline(phrase, year=year, issued=issued)
        explicit = _explicit_deadline(entry, parsed)
        if explicit is not None:
            return explicit
        if parsed.kind == "unknown":
            why = (parsed.error or f"không hiểu thời hạn «{phrase}»").rstrip(".")
            report.error(
                path, f"{why}; sửa cách viết hoặc ghi rõ các trường kind/due (xem docs/schedules.md)"
            )
            return None
        return parsed

    @staticmethod
    def _task(
        plan_id: str,
        entry: TaskEntry,
        deadline: Deadline,
        lead_ids: tuple[str, ...],
        support_ids: tuple[str, ...],
        plan_policy: ReminderPolicy,
    ) -> Task:
        return Task(
            id=entry.id, plan_id=plan_id, ref=entry.ref, title=entry.title, text=entry.text.strip(),
            lead=tuple(entry.lead), support=tuple(entry.support), lead_ids=lead_ids,
            support_ids=tuple(a for a in support_ids if a not in lead_ids), phrase=entry.deadline.phrase,
            deadline=deadline, deadline_implied=entry.deadline.implied, deadline_reason=entry.deadline.reason,
            event_date=entry.deadline.event_date, output=entry.output, verify=entry.verify,
            lead_inferred=entry.lead_inferred, policy=plan_policy.merged(entry.reminders),
        )  # fmt: skip


def _explicit_deadline(entry: DeadlineEntry, parsed: Deadline) -> Deadline | None:
    """The deadline the admin wrote out field by field, which wins over the parser."""
    kind = entry.kind or ("date" if entry.due else "recurring" if entry.freq else None)
    if kind is None:
        return None
    note = parsed.note if parsed.kind != "unknown" else None
    if kind == "date":
        due = entry.due or (parsed.due if parsed.kind == "date" else None)
        return Deadline("date", due=due, note=note) if due else None
    if kind == "recurring":
        return Deadline(
            "recurring",
            freq=entry.freq or parsed.freq,
            day=entry.day if entry.day is not None else parsed.day,
            month_in_period=entry.month_in_period
            if entry.month_in_period is not None
            else parsed.month_in_period,
            note=note,
        )
    if kind == "event":
        offset = entry.offset_days if entry.offset_days is not None else parsed.offset_days
        return Deadline("event", offset_days=offset, event=parsed.event, note=note)
    return Deadline(kind, note=note)


M = TypeVar("M", bound=BaseModel)


def _validate(report: _FileReport, model: type[M]) -> M | None:
    try:
        return model.model_validate(report.doc.value)
    except ValidationError as exc:
        report.validation(exc, model)
        return None


def _looks_like_registry(path: Path) -> bool:
    """A cheap peek: does the file's first key say `registry:`? (Only decides the reading order.)"""
    try:
        with path.open(encoding="utf-8", errors="replace") as stream:
            for line in stream:
                stripped = line.strip()
                if stripped and not stripped.startswith(("#", "---")):
                    return stripped.startswith("registry")
    except OSError:
        pass
    return False


def _merge_cycle(registry: Registry, start: str) -> bool:
    seen = {start}
    agency = registry.agencies.get(start)
    while agency is not None and agency.merged_into:
        if agency.merged_into in seen:
            return True
        seen.add(agency.merged_into)
        agency = registry.agencies.get(agency.merged_into)
    return False


_PYDANTIC_STEPS = {"int", "str", "date", "bool", "list", "tuple", "none"}


def _split_loc(value: Any, loc: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], tuple[str | int, ...]]:
    """Split a pydantic error location into the part that exists in the data and pydantic's own tail."""
    for i, step in enumerate(loc):
        if _has_step(value, step):
            value = value[step]
            continue
        own_step = isinstance(step, str) and (
            step in _PYDANTIC_STEPS or step.startswith(("function", "literal"))
        )
        if isinstance(value, dict) and isinstance(step, str) and not own_step:
            return loc[: i + 1], loc[i + 1 :]  # a missing or unknown key of this mapping
        return loc[:i], loc[i:]
    return loc, ()


def _has_step(value: Any, step: str | int) -> bool:
    if isinstance(value, dict):
        return step in value
    return isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value)


_TYPE_MESSAGES = {
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "không được để trống",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là ngày dạng YYYY-MM-DD (không kèm giờ)",
    "time_type": "phải là giờ dạng HH:MM",
    "time_parsing": "phải là giờ dạng HH:MM",
    "list_type": "phải là danh sách",
    "tuple_type": "phải là danh sách",
    "model_type": "phải là một ánh xạ (các cặp khóa: giá trị)",
    "model_attributes_type": "phải là một ánh xạ (các cặp khóa: giá trị)",
    "dict_type": "phải là một ánh xạ (các cặp khóa: giá trị)",
}


def _translate(err: Any, data_path: tuple[str | int, ...], model: type[BaseModel]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    field_name = next((str(s) for s in reversed(data_path) if isinstance(s, str)), "")
    subject = f"«{field_name}»: " if field_name else ""
    if kind == "missing":
        return f"thiếu trường bắt buộc «{field_name}»"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, data_path[:-1])
        close = difflib.get_close_matches(field_name, allowed, n=1, cutoff=0.6)
        hint = f"; có phải «{close[0]}»?" if close else f"; các trường hợp lệ: {', '.join(allowed)}"
        return f"trường «{field_name}» không hợp lệ{hint}"
    if kind == "string_pattern_mismatch":
        if field_name == "id" and data_path[:1] == ("tasks",):
            return f"mã nhiệm vụ «{err['input']}» không hợp lệ: chỉ dùng chữ, số và các dấu . - _ (tối đa 48 ký tự)"
        return (
            f"{subject}mã «{err['input']}» không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang"
        )
    if kind == "string_too_long":
        return f"{subject}quá dài (tối đa {ctx.get('max_length')} ký tự)"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return f"{subject}giá trị «{err['input']}» không hợp lệ; chọn một trong: {expected}"
    if kind == "too_short":
        return f"{subject}cần ít nhất {ctx.get('min_length')} mục"
    if kind == "greater_than_equal":
        return f"{subject}phải lớn hơn hoặc bằng {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"{subject}phải nhỏ hơn hoặc bằng {ctx.get('le')}"
    if kind == "value_error":
        return f"{subject}{str(ctx.get('error') or err['msg']).removeprefix('Value error, ')}"
    if kind in _TYPE_MESSAGES:
        return f"{subject}{_TYPE_MESSAGES[kind]}"
    return f"{subject}giá trị không hợp lệ ({err['msg']})"


def _fields_at(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """Field names of the model found at `path` inside `model`, for "did you mean" hints."""
    current: Any = model
    for step in path:
        if isinstance(step, int):
            continue
        info = (
            current.model_fields.get(step)
            if isinstance(current, type) and issubclass(current, BaseModel)
            else None
        )
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def validate_file(path: Path, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Read one YAML file into `model` (config.yaml, say), with the same located Vietnamese errors."""
    problems: list[Problem] = []
    loader = _Loader(ReminderPolicy())
    report = loader._read(path)
    if report is None:
        return None, loader.problems
    result = _validate(report, model)
    problems = loader.problems
    return (None if report.failed else result), problems
