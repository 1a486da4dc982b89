"""Amendments: a new version of a plan that is already in `schedules/`, compared task by task.

Admins import a plan, save the reviewed draft under `schedules/` and edit it by hand (leads, notes,
deadlines). When the UBND issues an amended version, importing it shows what changed instead of
overwriting those edits:

- `find_existing(draft, catalog)`: the running plan the draft is a version of;
- `diff_plan(draft, plan, registry)`: tasks added, removed and changed (field by field), and how many are
  unchanged; `render_amendment` / `amendment_json` report it to the admin / to tools;
- `merged_yaml(amendment, path, draft)`: the running file's own text with the changes applied and every
  change flagged « CẦN XEM », for the admin to review and then put in place of the running file. The
  running file itself is never written here.

Matching. The running plan's task ids are kept forever (reminders and completions are keyed by them; a task
that disappears from a file is archived), so each draft task is paired with at most one running task:
1. the same id (case-insensitive), then 2. the same printed ref (folded: "PL-I.1 (Hoạt động 2)" equals
   "PL-I.1 HĐ2"); a pair found so is kept when the two texts match, or when neither text matches any other
   unpaired task (a task reworded in place) — so a renumbered plan is not paired by position;
3. then by text: word 3-gram shingles under `bot.schedules.coverage.shingle_match`, best pairs first.

What counts as a change of a paired task. A field the new version does not state (no lead found or only
inferred, no support, no output, no deadline phrase) is not a change: the admin's value stands.
- ref: the folded refs differ and neither extends the other ("V.2.1" → "V.2.1 (đoạn 2)" is the admin's);
- text, output: the words differ (case, spaces and punctuation are ignored);
- lead, support: the agencies named differ once resolved through the registry and groups fanned out as for
  reminders, so `lead: so-noi-vu` equals "Sở Nội vụ";
- deadline: the printed phrases differ (case, punctuation and leading zeros ignored), unless they mean the
  same and one contains the other ("Hoàn thành trong tháng 02/2024" / "Thời gian hoàn thành trong …");
  the admin's `implied` and explicit overrides are not compared.
The title is not compared: admins shorten titles.
"""

from __future__ import annotations

import difflib
import json
import re
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.domain.deadlines import Deadline
from bot.domain.model import Catalog, Plan, Registry, Task, name_key
from bot.domain.text import fold
from bot.importer.draft import Draft, DraftTask, explain_flag, to_yaml
from bot.schedules.coverage import MIN_SHARED, shingle_match, shingles
from bot.schedules.loader import schedule_files
from bot.schedules.yamlsafe import YamlError, load_yaml, parse_yaml

MatchedBy = Literal["id", "ref", "text"]
TaskField = Literal["ref", "text", "lead", "support", "deadline", "output"]
HeaderField = Literal["number", "title", "issued", "year", "source"]

REVIEW = "CẦN XEM"  # the marker `to_yaml` uses for points a person must check
NEW_ID_SUFFIX = "moi"  # "-moi" (new) keeps an added task's id apart from a running id it would reuse


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a task (or of the plan header) that differs; values as people read them."""

    field: TaskField | HeaderField
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class TaskChange:
    existing_id: str
    draft_id: str
    ref: str  # the running task's ref
    title: str  # the running task's title
    matched_by: MatchedBy
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class Amendment:
    """What a new version of a plan changes in the running plan."""

    plan_id: str
    plan_label: str  # "Kế hoạch 213/KH-UBND"
    path: Path | None  # the running plan's file, when known
    added: tuple[DraftTask, ...]  # draft tasks with no running counterpart
    removed: tuple[Task, ...]  # running tasks the new version no longer has
    changed: tuple[TaskChange, ...]
    unchanged: int
    header: tuple[FieldChange, ...] = ()  # differences of the plan itself (number, date, title…)
    pairs: Mapping[str, str] = field(default_factory=dict)  # running id -> draft id, for every paired task
    draft_source: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)  # registry names of the added tasks' agencies

    @property
    def matched(self) -> int:
        return len(self.changed) + self.unchanged

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


# --- which running plan ---------------------------------------------------------------------------------

_NUMBER_IN_TEXT = re.compile(r"(\d+)\s*/\s*([0-9A-Za-zĐđ]+(?:\s*-\s*[0-9A-Za-zĐđ]+)*)")


def number_key(number: str) -> str:
    """A plan number as compared: "213/KH-UBND" = "213 / kh-ubnd" = "Số 213/KH-UBND." (Đ = D)."""
    return re.sub(r"[^a-z0-9/-]", "", fold(number).removeprefix("so ").removeprefix("so:"))


def find_existing(draft: Draft, catalog: Catalog) -> Plan | None:
    """The running plan `draft` is a version of, None if none.

    In order: the same plan id; the same number (`number_key`) in the same province, issued the same year
    when both dates are known (numbers restart every year); a plan whose number the draft's title names
    ("Kế hoạch sửa đổi, bổ sung Kế hoạch số 213/KH-UBND"); the same source file name.
    """
    if draft.plan_id in catalog.plans:
        return catalog.plans[draft.plan_id]
    plans = [p for p in catalog.plans.values() if draft.province is None or p.province == draft.province]

    def same_number(number: str, issued: date | None) -> Plan | None:
        key = number_key(number)
        found = [p for p in plans if p.number and number_key(p.number) == key]
        if issued is not None:
            found = [p for p in found if p.issued is None or p.issued.year == issued.year]
        return found[0] if found else None

    meta = draft.meta
    if meta.number and (plan := same_number(meta.number, meta.issued)):
        return plan
    for found in _NUMBER_IN_TEXT.finditer(meta.title or ""):
        if plan := same_number(f"{found.group(1)}/{found.group(2)}", None):
            return plan
    if draft.source:
        source = Path(draft.source).name.casefold()
        for plan in plans:
            if plan.source and Path(plan.source).name.casefold() == source:
                return plan
    return None


def find_plan_file(plan_id: str, schedules_dir: Path, province: str | None = None) -> Path | None:
    """The YAML file under `schedules_dir` that holds plan `plan_id` (`<province>/<plan-id>.yaml` first)."""
    if province is not None:
        for suffix in (".yaml", ".yml"):
            conventional = schedules_dir / province / f"{plan_id}{suffix}"
            if conventional.is_file() and _plan_id_of(conventional) == plan_id:
                return conventional
    for path in schedule_files([schedules_dir]):
        if _plan_id_of(path) == plan_id:
            return path
    return None


def _plan_id_of(path: Path) -> str | None:
    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    if not re.search(r"^plan\s*:", head, re.MULTILINE):
        return None
    try:
        value = load_yaml(path).value
    except YamlError:
        return None
    plan = value.get("plan") if isinstance(value, dict) else None
    plan_id = plan.get("id") if isinstance(plan, dict) else None
    return plan_id if isinstance(plan_id, str) else None


# --- comparing ------------------------------------------------------------------------------------------


def diff_plan(draft: Draft, existing: Plan, registry: Registry, *, path: Path | None = None) -> Amendment:
    """Compare a draft (a new version) with the running plan; `registry` is the plan's province registry."""
    tasks = list(existing.tasks)
    pairs = _pair(tasks, draft.tasks)
    start = existing.issued or date(existing.year, 1, 1)
    changed: list[TaskChange] = []
    unchanged = 0
    for i, j, how in pairs:
        task, new = tasks[i], draft.tasks[j]
        changes = _compare(task, new, registry, start)
        if changes:
            changed.append(TaskChange(task.id, new.id, task.ref, task.title, how, changes))
        else:
            unchanged += 1
    paired_existing = {i for i, _, _ in pairs}
    paired_draft = {j for _, j, _ in pairs}
    order = {t.id: n for n, t in enumerate(tasks)}
    changed.sort(key=lambda c: order[c.existing_id])
    return Amendment(
        plan_id=existing.id,
        plan_label=existing.label,
        path=path,
        added=tuple(d for j, d in enumerate(draft.tasks) if j not in paired_draft),
        removed=tuple(t for i, t in enumerate(tasks) if i not in paired_existing),
        changed=tuple(changed),
        unchanged=unchanged,
        header=_header_changes(draft, existing),
        pairs={tasks[i].id: draft.tasks[j].id for i, j, _ in sorted(pairs)},
        draft_source=draft.source,
        names={
            x["id"]: registry.display_name(x["id"])
            for j, d in enumerate(draft.tasks)
            if j not in paired_draft
            for x in (*d.lead, *d.support)
            if x.get("id")
        },
    )


def _pair(tasks: Sequence[Task], drafts: Sequence[DraftTask]) -> list[tuple[int, int, MatchedBy]]:
    """(running index, draft index, how) for each pair; see the module docstring for the order."""
    old = [frozenset(shingles(t.text)) for t in tasks]
    new = [frozenset(shingles(d.text)) for d in drafts]
    postings: dict[tuple[str, ...], list[int]] = {}
    for j, found in enumerate(new):
        for shingle in found:
            postings.setdefault(shingle, []).append(j)
    similar: dict[tuple[int, int], tuple[float, int]] = {}  # (i, j) -> (score, shared shingles)
    for i, found in enumerate(old):
        counts = Counter(j for shingle in found for j in postings.get(shingle, ()))
        for j, shared in counts.items():
            if shared >= MIN_SHARED and (score := shingle_match(found, new[j])) is not None:
                similar[(i, j)] = (score, shared)
    partners_of_old: dict[int, set[int]] = {}
    partners_of_new: dict[int, set[int]] = {}
    for i, j in similar:
        partners_of_old.setdefault(i, set()).add(j)
        partners_of_new.setdefault(j, set()).add(i)

    free_old, free_new = set(range(len(tasks))), set(range(len(drafts)))
    pairs: list[tuple[int, int, MatchedBy]] = []

    def take(i: int, j: int, how: MatchedBy) -> None:
        pairs.append((i, j, how))
        free_old.discard(i)
        free_new.discard(j)

    def plausible(i: int, j: int) -> bool:
        """Same id or ref: kept unless either text clearly belongs to another unpaired task."""
        if (i, j) in similar:
            return True
        return not (partners_of_old.get(i, set()) & free_new) and not (
            partners_of_new.get(j, set()) & free_old
        )

    by_id = {d.id.casefold(): j for j, d in enumerate(drafts)}
    for i, task in enumerate(tasks):
        same = by_id.get(task.id.casefold())
        if same is not None and same in free_new and plausible(i, same):
            take(i, same, "id")
    old_refs: dict[tuple[str, ...], list[int]] = {}
    new_refs: dict[tuple[str, ...], list[int]] = {}
    for i in sorted(free_old):
        old_refs.setdefault(ref_tokens(tasks[i].ref), []).append(i)
    for j in sorted(free_new):
        new_refs.setdefault(ref_tokens(drafts[j].ref), []).append(j)
    for key, olds in old_refs.items():
        news = new_refs.get(key, [])
        if key and len(olds) == 1 and len(news) == 1 and plausible(olds[0], news[0]):
            take(olds[0], news[0], "ref")
    for (i, j), _ in sorted(similar.items(), key=lambda item: (-item[1][0], -item[1][1], item[0])):
        if i in free_old and j in free_new:
            take(i, j, "text")
    return pairs


def _compare(task: Task, new: DraftTask, registry: Registry, start: date) -> tuple[FieldChange, ...]:
    """The fields of a running task that the new version states differently (see the module docstring)."""
    changes: list[FieldChange] = []
    old_ref, new_ref = ref_tokens(task.ref), ref_tokens(new.ref)
    if old_ref[: len(new_ref)] != new_ref and new_ref[: len(old_ref)] != old_ref:
        changes.append(FieldChange("ref", task.ref, new.ref))
    if words(task.text) != words(new.text):
        old_span, new_span = text_delta(task.text, new.text)
        changes.append(FieldChange("text", old_span, new_span))
    new_lead = [x["name"] for x in new.lead] if not _lead_inferred(new) else []
    old_lead_ids = _agencies(task.lead, registry, start)
    lead_ids = _agencies(new_lead, registry, start) if new_lead else old_lead_ids
    if lead_ids != old_lead_ids:
        changes.append(FieldChange("lead", _names(task.lead, registry), _names(new_lead, registry)))
    new_support = [x["name"] for x in new.support]
    old_support = _agencies(task.support, registry, start, coordinators=True) - old_lead_ids
    if new_support and old_support != _agencies(new_support, registry, start, coordinators=True) - lead_ids:
        changes.append(FieldChange("support", _names(task.support, registry), _names(new_support, registry)))
    deadline = _deadline_change(task, new.deadline)
    if deadline is not None:
        changes.append(deadline)
    if new.output and words(task.output or "") != words(new.output):
        changes.append(FieldChange("output", task.output or "", new.output))
    return tuple(changes)


def _lead_inferred(new: DraftTask) -> bool:
    """Whether the draft's lead was guessed rather than printed (newer drafts say so)."""
    return bool(getattr(new, "lead_inferred", False)) or any(f.startswith("lead_inferred") for f in new.flags)


def _agencies(
    names: Iterable[str], registry: Registry, start: date, *, coordinators: bool = False
) -> frozenset[str]:
    """Who the names stand for: agency ids (groups fanned out), plus unknown names by their folded form."""
    names = list(names)
    ids = set(registry.expand(names, coordinators=coordinators, on=start))
    ids.update(f"?{name_key(n)}" for n in names if registry.resolve(n) is None)
    return frozenset(ids)


def _names(names: Iterable[str], registry: Registry) -> str:
    shown = []
    for name in names:
        resolved = registry.resolve(name)
        shown.append(registry.display_name(resolved.id) if resolved else name)
    return ", ".join(dict.fromkeys(shown))


_REF_WORDS = (
    (re.compile(r"\bhoat dong\b"), "hd"),
    (re.compile(r"\bnhiem vu\b"), "nv"),
    (re.compile(r"\bdoan\b"), "d"),
)


def ref_tokens(ref: str) -> tuple[str, ...]:
    """A printed ref as compared: "PL-I.1.2 (Hoạt động 3)" = "PL-I.1.2 HĐ3" = ("pl", "i", "1", "2", "hd", "3").

    Numbers lose leading zeros. An admin may refine a printed ref ("V.2.1" → "V.2.1 (đoạn 2)"): a ref that
    extends the other is not a change.
    """
    folded = fold(ref)
    for pattern, short in _REF_WORDS:
        folded = pattern.sub(short, folded)
    return tuple(t.lstrip("0") or "0" if t.isdigit() else t for t in re.findall(r"[a-z]+|\d+", folded))


def words(text: str) -> list[str]:
    """The words of a text, lower case (diacritics kept): what a material text change is measured on."""
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def text_delta(old: str, new: str, context: int = 4, limit: int = 160) -> tuple[str, str]:
    """The differing part of two texts, with a few words around it, for display."""
    old_tokens, new_tokens = old.split(), new.split()
    old_keys = ["".join(words(t)) for t in old_tokens]
    new_keys = ["".join(words(t)) for t in new_tokens]
    opcodes = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes()
    changed = [op for op in opcodes if op[0] != "equal"]
    if not changed:
        return _clip(old, limit), _clip(new, limit)
    i1, j1 = changed[0][1], changed[0][3]
    i2, j2 = changed[-1][2], changed[-1][4]

    def span(tokens: list[str], a: int, b: int) -> str:
        lo, hi = max(0, a - context), min(len(tokens), b + context)
        body = " ".join(tokens[lo:hi]) or "(trống)"
        return _clip(("… " if lo > 0 else "") + body + (" …" if hi < len(tokens) else ""), limit)

    return span(old_tokens, i1, i2), span(new_tokens, j1, j2)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def phrase_key(phrase: str) -> str:
    """A deadline phrase as compared: case, diacritics, punctuation and leading zeros ignored."""
    folded = re.sub(r"[^a-z0-9]+", " ", fold(phrase))
    return " ".join(re.sub(r"^0+(?=\d)", "", w) for w in folded.split())


def _deadline_change(task: Task, new: Mapping[str, Any]) -> FieldChange | None:
    old_phrase, new_phrase = task.phrase.strip(), str(new.get("phrase") or "").strip()
    old_key, new_key = phrase_key(old_phrase), phrase_key(new_phrase)
    if not new_key or old_key == new_key:
        return None  # not stated anew, or the same words: the admin's reading of them stands
    old_meaning, new_meaning = _meaning(task.deadline), _draft_meaning(new)
    if old_meaning == new_meaning and (f" {old_key} " in f" {new_key} " or f" {new_key} " in f" {old_key} "):
        return None  # "Hoàn thành trong tháng 02/2024" restated as "Thời gian hoàn thành trong tháng 02/2024"
    old_text = _phrase_text(old_phrase, task.deadline_implied)
    new_text = _phrase_text(new_phrase, new.get("implied"))
    if old_meaning != new_meaning:
        old_text += f" ({_meaning_text(old_meaning)})"
        new_text += f" ({_meaning_text(new_meaning)})"
    return FieldChange("deadline", old_text, new_text)


Meaning = tuple[Any, ...]


def _meaning(deadline: Deadline) -> Meaning:
    return _meaning_of(
        deadline.kind,
        deadline.due,
        deadline.freq,
        deadline.day,
        deadline.month_in_period,
        deadline.offset_days,
    )


def _draft_meaning(new: Mapping[str, Any]) -> Meaning:
    due = new.get("due")
    return _meaning_of(
        str(new.get("kind", "unknown")),
        date.fromisoformat(due) if isinstance(due, str) else None,
        new.get("freq"),
        new.get("day"),
        new.get("month_in_period"),
        new.get("offset_days"),
    )


def _meaning_of(kind: str, due: date | None, freq: Any, day: Any, month: Any, offset: Any) -> Meaning:
    if kind == "date":
        return (kind, due)
    if kind == "recurring":
        return (kind, freq, day, month)
    if kind == "event":
        return (kind, offset)
    return (kind,)


def _header_changes(draft: Draft, plan: Plan) -> tuple[FieldChange, ...]:
    meta = draft.meta
    changes: list[FieldChange] = []
    if meta.number and number_key(meta.number) != number_key(plan.number or ""):
        changes.append(FieldChange("number", plan.number or "", meta.number))
    if meta.issued and meta.issued != plan.issued:
        changes.append(FieldChange("issued", _date(plan.issued), _date(meta.issued)))
    if meta.title and words(meta.title) != words(plan.title):
        changes.append(FieldChange("title", plan.title, meta.title))
    if meta.year and meta.year != plan.year:
        changes.append(FieldChange("year", str(plan.year), str(meta.year)))
    if draft.source and Path(draft.source).name != Path(plan.source or "").name:
        changes.append(FieldChange("source", plan.source or "", Path(draft.source).name))
    return tuple(changes)


# --- the merged draft -----------------------------------------------------------------------------------


def merged_yaml(amendment: Amendment, existing_plan_path: Path, draft: Draft) -> str:
    """The running plan file's text with the new version applied, every point flagged « CẦN XEM ».

    Unchanged tasks keep the file's text byte for byte (comments, notes, the admin's deadlines); a changed
    task keeps its id and every field that did not change, gets the new value of each field that did, and
    is preceded by comments naming the change and quoting the old YAML of the replaced fields; a task the
    new version no longer has is kept, flagged (removing it from the file archives it); new tasks are
    appended, flagged, with the draft's ids (suffixed "-moi" where that id is taken). The plan header is
    kept; its differences are flagged above it. The result loads with `load_schedules` except where the
    draft itself is flagged (no lead found, unknown agencies, unreadable deadlines).

    `existing_plan_path` is only read. Raises `YamlError` or `ValueError` (Vietnamese messages) when it is
    not a readable plan file, `OSError` when it cannot be read.
    """
    raw = existing_plan_path.read_bytes().decode("utf-8-sig")
    crlf = "\r\n" in raw
    text = raw.replace("\r\n", "\n")
    doc = parse_yaml(text, existing_plan_path)
    root = doc.root
    if not isinstance(root, MappingNode):
        raise ValueError(f"{existing_plan_path}: không phải tệp kế hoạch")
    plan_key = _key_node(root, "plan")
    tasks_node = _value(root, "tasks")
    if plan_key is None or not isinstance(tasks_node, SequenceNode) or not tasks_node.value:
        raise ValueError(f"{existing_plan_path}: không phải tệp kế hoạch (thiếu «plan:» hoặc «tasks:»)")
    items: dict[str, MappingNode] = {}
    for item in tasks_node.value:
        id_node = _value(item, "id") if isinstance(item, MappingNode) else None
        if isinstance(item, MappingNode) and isinstance(id_node, ScalarNode):
            items[str(id_node.value).casefold()] = item
    drafts = {t.id: t for t in draft.tasks}
    edits = _Edits()

    source = amendment.draft_source or draft.source or "văn bản mới"
    edits.insert(0, _comment_block(_merged_banner(existing_plan_path, source), 0))
    if amendment.header:
        lines = [f"{REVIEW}: văn bản mới khác ở phần đầu kế hoạch (phần đầu dưới đây giữ như bản đang chạy):"]
        lines += [f"  {_change_text(c)}" for c in amendment.header]
        edits.insert(_line_start(text, plan_key.start_mark.index), _comment_block(lines, 0))

    for change in amendment.changed:
        item = items.get(change.existing_id.casefold())
        new = drafts.get(change.draft_id)
        if item is None or new is None:
            continue
        _apply_change(text, edits, item, change, new, draft.province)
    for task in amendment.removed:
        item = items.get(task.id.casefold())
        if item is not None:
            lines = [
                f"{REVIEW}: không còn trong văn bản mới. Xóa nhiệm vụ này nếu văn bản mới đã bỏ nó",
                "  (bot lưu trữ nhiệm vụ bị xóa, không mất lịch sử); giữ lại nếu vẫn phải làm.",
            ]
            edits.insert(
                _line_start(text, item.start_mark.index), _comment_block(lines, _dash_column(text, item))
            )
    if amendment.added:
        taken = {key for key in items} | {t.id.casefold() for t in amendment.removed}
        end = _content_end(text, tasks_node)
        edits.insert(
            end, "\n\n" + _added_yaml(amendment.added, draft, taken, _dash_column(text, tasks_node.value[0]))
        )
    merged = edits.apply(text)
    if not merged.endswith("\n"):
        merged += "\n"
    return merged.replace("\n", "\r\n") if crlf else merged


class _Edits:
    """Replacements at positions of the original text, applied back to front."""

    def __init__(self) -> None:
        self._edits: list[tuple[int, int, int, str]] = []

    def insert(self, at: int, new: str) -> None:
        self.replace(at, at, new)

    def replace(self, start: int, end: int, new: str) -> None:
        self._edits.append((start, end, len(self._edits), new))

    def apply(self, text: str) -> str:
        # Back to front; at one position the edit made first ends up first.
        for start, end, _, new in sorted(self._edits, key=lambda e: (e[0], e[2]), reverse=True):
            text = text[:start] + new + text[end:]
        return text


def _apply_change(
    text: str, edits: _Edits, item: MappingNode, change: TaskChange, new: DraftTask, province: str | None
) -> None:
    indent = item.start_mark.column
    old_sources: list[str] = []
    fields: list[str] = [c.field for c in change.changes]
    if "lead" in fields:
        fields += [k for k in ("lead_inferred", "lead_reason") if _key_node(item, k) is not None]
    for name in fields:
        key = _key_node(item, name)
        value = _value(item, name)
        rendered = _render_field(name, new, value, indent)
        if key is not None and value is not None:
            start, end = key.start_mark.index, _content_end(text, value)
            if trailing := re.match(r"[ \t]+#[^\n]*", text[end:]):
                end += trailing.end()  # a comment on the old value goes with it (quoted below)
            first, *rest = text[start:end].split("\n")
            old_sources.append("\n".join([first, *(_dedent(line, indent) for line in rest)]))
            line_start = _line_start(text, start)
            if rendered is None and not text[line_start:start].strip() and line_start > 0:
                edits.replace(line_start - 1, end, "")  # the field's lines, with the line break before them
            else:
                edits.replace(
                    start, end, _key_value(name, rendered if rendered is not None else _empty(name))
                )
        elif rendered is not None:
            edits.insert(_content_end(text, item), f"\n{' ' * indent}{_key_value(name, rendered)}")
    lines = [
        f"{REVIEW}: thay đổi so với bản đang chạy (văn bản mới: {change.draft_id}, {_HOW[change.matched_by]}):"
    ]
    lines += [f"  {_change_text(c)}" for c in change.changes]
    lines += [
        line for flag in _relevant_flags(new.flags, fields) for line in explain_flag(flag, new, province)
    ]
    if old_sources:
        lines.append("Bản đang chạy ghi:")
        lines += [f"  {line}" for source in old_sources for line in source.split("\n")]
    edits.insert(_line_start(text, item.start_mark.index), _comment_block(lines, _dash_column(text, item)))


def _dedent(line: str, width: int) -> str:
    return line[min(width, len(line) - len(line.lstrip(" "))) :]


def _relevant_flags(flags: Iterable[str], fields: Sequence[str]) -> list[str]:
    """The draft's doubts about the fields taken from it (an unknown agency in a lead that is not taken is moot)."""
    relevant = []
    for flag in flags:
        kind = flag.split(":", 1)[0].split(" ", 1)[0]
        if kind == "unknown_agency":
            wanted = {"lead", "support"}
        elif kind.startswith("deadline"):
            wanted = {"deadline"}
        elif kind in {"no_lead", "lead_inferred"}:
            wanted = set()  # such a lead is never taken
        else:
            wanted = {"text", "ref", "output"}
        if wanted & set(fields):
            relevant.append(flag)
    return relevant


def _render_field(name: str, new: DraftTask, old: Node | None, indent: int) -> str | None:
    """The new YAML value of a field, None when the field goes."""
    if name == "ref":
        return _q(new.ref)
    if name == "text":
        if isinstance(old, ScalarNode) and old.style in {">", "|"} and "\n" not in new.text.strip():
            return _folded(new.text, indent + 2)
        return _q(new.text)
    if name in {"lead", "support"}:
        names = [x["name"] for x in (new.lead if name == "lead" else new.support)]
        return f"[{', '.join(_q(n) for n in names)}]" if names else None
    if name == "output":
        return _q(new.output) if new.output else None
    if name == "deadline":  # only a stated phrase is ever taken (see `_deadline_change`)
        return _q(str(new.deadline.get("phrase") or ""))
    return None  # lead_inferred, lead_reason: the printed lead replaces the inferred one


def _empty(name: str) -> str:
    """A field that goes but shares its line with the item's "- ": an empty value instead."""
    return {"lead_inferred": "false", "support": "[]"}.get(name, "null")


def _key_value(name: str, rendered: str) -> str:
    return f"{name}: {rendered}"


def _folded(value: str, indent: int, width: int = 110) -> str:
    lines = textwrap.wrap(
        " ".join(value.split()), max(40, width - indent), break_long_words=False, break_on_hyphens=False
    )
    pad = " " * indent
    return ">-\n" + "\n".join(pad + line for line in lines)


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _added_yaml(added: Sequence[DraftTask], draft: Draft, taken: set[str], dash_column: int) -> str:
    """The new tasks as `to_yaml` renders them, flagged, re-indented to the file's list indentation."""
    tasks = []
    for task in added:
        task_id = task.id
        n = 1
        while task_id.casefold() in taken:
            task_id = f"{task.id}-{NEW_ID_SUFFIX}" + (str(n) if n > 1 else "")
            n += 1
        taken.add(task_id.casefold())
        note = "nhiệm vụ mới trong văn bản mới (không có trong bản đang chạy)"
        tasks.append(replace(task, id=task_id, flags=[note, *task.flags]))
    rendered = to_yaml(replace(draft, tasks=tasks))
    body = rendered.split("\ntasks:\n", 1)[1].rstrip("\n")
    shift = dash_column - 2  # `to_yaml` puts list items at two spaces
    lines = body.split("\n")
    if shift > 0:
        lines = [" " * shift + line if line else line for line in lines]
    elif shift < 0:
        lines = [line[-shift:] if line.startswith(" " * -shift) else line for line in lines]
    return "\n".join(lines)


def _merged_banner(path: Path, source: str) -> list[str]:
    return [
        f"Bản gộp do `nhacviec import` tạo từ tệp đang chạy «{path}» và văn bản mới «{source}».",
        "Nhiệm vụ không đổi giữ nguyên như tệp đang chạy. Các chỗ « CẦN XEM » là thay đổi, nhiệm vụ mới và",
        "nhiệm vụ không còn trong văn bản mới: xem từng chỗ, xóa dòng « CẦN XEM » rồi thay tệp đang chạy bằng",
        "tệp này. Mã nhiệm vụ đang chạy được giữ nguyên để giữ lịch sử nhắc việc và hoàn thành.",
        "",
    ]


def _comment_block(lines: Iterable[str], column: int) -> str:
    pad = " " * column
    return "".join(f"{pad}# {line.replace(chr(10), ' ')}".rstrip() + "\n" for line in lines)


# YAML node helpers: positions in the original text (libyaml marks), so edits touch only what changed.


def _key_node(mapping: MappingNode, key: str) -> Node | None:
    for key_node, _ in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node
    return None


def _value(mapping: MappingNode, key: str) -> Node | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            found: Node = value_node
            return found
    return None


def _content_end(text: str, node: Node) -> int:
    """Where a value really ends: block collections and scalars' marks run on over blank and comment lines."""
    if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _content_end(text, last[1] if isinstance(node, MappingNode) else last)
    end = node.end_mark.index
    if isinstance(node, ScalarNode) and node.style in {">", "|"}:
        while end > node.start_mark.index and text[end - 1] in " \t\n":
            end -= 1
    return end


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _dash_column(text: str, item: Node) -> int:
    """The column of the "- " that opens a list item (the item's own column if on a line of its own)."""
    start = _line_start(text, item.start_mark.index)
    prefix = text[start : item.start_mark.index]
    dash = prefix.find("-")
    return dash if dash >= 0 else item.start_mark.column


# --- the report (Vietnamese) ----------------------------------------------------------------------------

FIELD_LABELS: Mapping[str, str] = {
    "ref": "số mục",
    "text": "nội dung",
    "lead": "cơ quan chủ trì",
    "support": "cơ quan phối hợp",
    "deadline": "thời hạn",
    "output": "kết quả",
    "number": "số hiệu",
    "title": "tên kế hoạch",
    "issued": "ngày ban hành",
    "year": "năm kế hoạch",
    "source": "tệp nguồn",
}
_HOW: Mapping[str, str] = {"id": "cùng mã", "ref": "cùng số mục", "text": "khớp theo nội dung"}
_FREQ = {
    "weekly": "hằng tuần",
    "monthly": "hằng tháng",
    "quarterly": "hằng quý",
    "half_yearly": "6 tháng một lần",
    "yearly": "hằng năm",
}
_QUOTED = {"ref", "text", "deadline", "output", "number", "title", "source"}


def _date(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _phrase_text(phrase: str, implied: object) -> str:
    if phrase:
        return f"«{phrase}»"
    return f"không ghi (hiểu là «{implied}»)" if implied else "không ghi"


def _meaning_text(meaning: Meaning) -> str:
    kind = meaning[0]
    if kind == "date":
        return f"hạn {_date(meaning[1])}" if meaning[1] else "hạn chưa rõ"
    if kind == "recurring":
        return f"định kỳ {_FREQ.get(str(meaning[1]), '')}".strip()
    if kind == "event":
        return f"theo sự kiện, {meaning[1]} ngày" if meaning[1] else "theo sự kiện"
    return {"ongoing": "thường xuyên", "unspecified": "chưa xác định"}.get(str(kind), "không đọc được")


def _value_text(name: str, value: str) -> str:
    if not value:
        return "(không có)"
    if name in _QUOTED and not value.startswith(("«", "không ghi")):
        return f"«{value}»"
    return value


def _change_text(change: FieldChange) -> str:
    label = FIELD_LABELS.get(change.field, change.field)
    return f"{label}: {_value_text(change.field, change.old)} → {_value_text(change.field, change.new)}"


def _task_summary(task: DraftTask, names: Mapping[str, str]) -> str:
    parts = [task.title]
    if task.lead:
        parts.append(f"chủ trì: {', '.join(names.get(x.get('id') or '', x['name']) for x in task.lead)}")
    phrase = task.deadline.get("phrase") or ""
    parts.append(f"thời hạn «{phrase}»" if phrase else "không ghi thời hạn")
    return "; ".join(parts)


def apply_hint(amendment: Amendment, merged_path: Path | None = None) -> str:
    """What the admin does next, without losing the running file's hand edits."""
    if not amendment.has_changes:
        hint = "Văn bản mới không thay đổi nhiệm vụ nào; tệp đang chạy giữ nguyên, không bị ghi đè."
        if amendment.header:
            hint += " Phần đầu kế hoạch có khác (xem trên): nếu cần, sửa tay trong tệp đang chạy."
        if merged_path is not None:
            hint += f" Bản gộp {merged_path} chỉ là tệp đang chạy kèm ghi chú."
        return hint
    if merged_path is not None:
        return (
            f"Tệp đang chạy không bị ghi đè. Bản gộp đã ghi vào {merged_path}: nhiệm vụ không đổi giữ nguyên "
            "bản đang chạy (cả các chỉnh sửa tay), chỗ thay đổi, nhiệm vụ mới và nhiệm vụ không còn trong văn "
            "bản mới được đánh dấu « CẦN XEM ». Xem từng chỗ, thay tệp đang chạy bằng bản gộp, chạy "
            "«nhacviec validate» rồi gửi /tailai cho bot. Mã nhiệm vụ đang chạy được giữ nguyên nên lịch sử "
            "nhắc việc và hoàn thành không mất."
        )
    return (
        "Tệp đang chạy không bị ghi đè. Để cập nhật mà không mất chỉnh sửa tay, chạy lại lệnh với "
        "«-o TỆP.yaml»: bản gộp giữ nguyên các nhiệm vụ không đổi và đánh dấu « CẦN XEM » những chỗ cần quyết định."
    )


def render_amendment(amendment: Amendment, merged_path: Path | None = None) -> str:
    """The report for the admin, in Vietnamese (ends with `apply_hint`)."""
    where = f" ({amendment.path})" if amendment.path else ""
    lines = [f"So với kế hoạch đang chạy «{amendment.plan_id}»{where}:"]
    if amendment.header:
        lines.append(
            "* Phần đầu kế hoạch khác: " + "; ".join(_change_text(c) for c in amendment.header) + "."
        )
    if amendment.added:
        lines.append(f"+ {len(amendment.added)} nhiệm vụ mới:")
        lines += [f"    {t.id} (mục {t.ref}): {_task_summary(t, amendment.names)}" for t in amendment.added]
    if amendment.removed:
        lines.append(f"- {len(amendment.removed)} nhiệm vụ không còn trong văn bản mới:")
        lines += [f"    {t.id} (mục {t.ref}): {t.title}" for t in amendment.removed]
    if amendment.changed:
        lines.append(f"~ {len(amendment.changed)} nhiệm vụ thay đổi:")
        for change in amendment.changed:
            other = "" if change.draft_id == change.existing_id else f" (văn bản mới: {change.draft_id})"
            details = "; ".join(_change_text(c) for c in change.changes)
            lines.append(f"    {change.existing_id}{other}: {details}")
    lines.append(f"= {amendment.unchanged} nhiệm vụ không đổi.")
    lines.append(apply_hint(amendment, merged_path))
    return "\n".join(lines) + "\n"


def amendment_json(amendment: Amendment) -> dict[str, Any]:
    """The same report for tools (English keys; values as shown to people)."""

    def change(c: FieldChange) -> dict[str, str]:
        return {"field": c.field, "old": c.old, "new": c.new}

    return {
        "plan": amendment.plan_id,
        "label": amendment.plan_label,
        "path": str(amendment.path) if amendment.path else None,
        "header": [change(c) for c in amendment.header],
        "added": [t.to_json() for t in amendment.added],
        "removed": [{"id": t.id, "ref": t.ref, "title": t.title} for t in amendment.removed],
        "changed": [
            {
                "id": c.existing_id,
                "draft_id": c.draft_id,
                "ref": c.ref,
                "title": c.title,
                "matched_by": c.matched_by,
                "changes": [change(f) for f in c.changes],
            }
            for c in amendment.changed
        ],
        "unchanged": amendment.unchanged,
        "totals": {
            "added": len(amendment.added),
            "removed": len(amendment.removed),
            "changed": len(amendment.changed),
            "unchanged": amendment.unchanged,
        },
    }
