"""Evaluate `nhacviec import` on plans of other provinces, against hand-made answer keys.

Run: .venv/bin/python bench/held_out_eval.py [--plans DIR ...] [--misses PREFIX]
Without --plans: every set in tests/data/plans*/ (five sets, each written by someone who had not read the
importer; see docs/importer.md for which were measured blind). Each `DIR/<name>.txt` has an answer key
`DIR/<name>.expected.yaml` (province, name, tasks: ref, text, lead, deadline, optional lead_names). The
document is drafted with the template registry of its province (what `nhacviec import --province` uses for
a province without a registry) and scored as bench/import_eval.py scores the seeds (its `match`,
`deadline_ok` and `table`):
- recall: expected tasks some draft task matches (word 3-gram shingles on the key's quote); precision:
  draft tasks matching some expected task;
- for each expected task, its best draft task: lead right when the expanded ids intersect, deadline right
  when the normalised phrases are equal or one contains the other.
Lead ids are expanded keeping each group's own id besides its members: the template's district group has no
members until the admin adds them, and expanding it alone would make "UBND các huyện" name nobody.
A body the template registry does not have (a department's own units, district health centres) is given as
`lead_names: [printed name, …]` (with `lead: null` when no lead is in the registry): such a lead is right
when a draft lead is left unresolved (no id: flagged as unknown) and its name contains a printed name.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/import_eval.py, also when this file is loaded by path (tests)

from import_eval import ROOT, deadline_ok, match, norm, print_misses, row, table, with_total  # noqa: E402

from bot.domain.model import Registry  # noqa: E402
from bot.importer.draft import ImportError_, make_draft  # noqa: E402
from bot.importer.template import template_registry  # noqa: E402
from bot.schedules.coverage import clean  # noqa: E402

DATA = ROOT / "tests" / "data"
PLANS_DIR = DATA / "plans"
KEY_SUFFIX = ".expected.yaml"


@dataclass(frozen=True, slots=True)
class Expected:
    ref: str
    text: str
    lead: tuple[str, ...]  # registry ids
    deadline: str
    lead_names: tuple[str, ...] = ()  # printed names of leads that are not in the registry


@dataclass(frozen=True, slots=True)
class Key:
    province: str
    name: str
    tasks: tuple[Expected, ...]


def load_key(path: Path) -> Key:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tasks = tuple(
        Expected(
            str(t["ref"]),
            str(t["text"]),
            tuple(t.get("lead") or ()),
            str(t.get("deadline") or ""),
            tuple(t.get("lead_names") or ()),
        )
        for t in data["tasks"]
    )
    return Key(data["province"], data["name"], tasks)


def documents(plans_dir: Path = PLANS_DIR) -> list[tuple[Path, Path]]:
    """(document, answer key) pairs, in name order."""
    return [
        (doc, doc.with_name(doc.stem + KEY_SUFFIX))
        for doc in sorted(plans_dir.glob("*.txt"))
        if doc.with_name(doc.stem + KEY_SUFFIX).exists()
    ]


def key_problems(text: str, key: Key, registry: Registry) -> list[str]:
    """What is wrong with a key: quotes not verbatim (NFC), repeats, short quotes, leads not in the registry."""
    flat = clean(text)
    out: list[str] = []
    if not unicodedata.is_normalized("NFC", text):
        out.append("document not NFC")
    if len({t.ref for t in key.tasks}) != len(key.tasks):
        out.append("refs repeat")
    if len({t.text for t in key.tasks}) != len(key.tasks):
        out.append("quotes repeat")
    for t in key.tasks:
        if len(re.findall(r"\w+", t.text)) < 8:
            out.append(f"{t.ref}: quote under 8 words")
        # " … " joins the pieces of a task cut by a page break
        out += [f"{t.ref}: not verbatim: {p}" for p in t.text.split(" … ") if p not in flat]
        if t.deadline and t.deadline not in flat:
            out.append(f"{t.ref}: deadline not printed so")
        if not t.lead and not t.lead_names:
            out.append(f"{t.ref}: no lead")
        out += [
            f"{t.ref}: unknown id {x}"
            for x in t.lead
            if x not in registry.agencies and x not in registry.groups
        ]
        out += [f"{t.ref}: {n!r} is in the registry" for n in t.lead_names if registry.resolve(n) is not None]
    return out


def _ids(registry: Registry, ids: Iterable[str]) -> set[str]:
    """Ids with each group's members added, the group's own id kept."""
    out: set[str] = set()
    for item in ids:
        out.add(item)
        out.update(registry.members(item))
    return out


def _draft_ids(registry: Registry, lead: list[dict[str, Any]]) -> set[str]:
    names = [x["name"] for x in lead]
    return set(registry.expand(names)) | _ids(registry, (x["id"] for x in lead if x.get("id")))


def _lead_ok(ref: Expected, lead: list[dict[str, Any]], registry: Registry) -> bool:
    if ref.lead and _ids(registry, ref.lead) & _draft_ids(registry, lead):
        return True
    wanted = [norm(n) for n in ref.lead_names]  # unknown bodies: left unresolved under the printed name
    if any(w in norm(x["name"]) for x in lead if not x.get("id") for w in wanted):
        return True
    return not ref.lead and not ref.lead_names and not lead


def score(text: str, key: Key, registry: Registry, notes: list[str] | None = None) -> dict[str, int]:
    """The figures of one document against its key (the counts of bench/import_eval.py's rows)."""
    try:
        drafts = make_draft(text, registry).tasks
    except ImportError_ as error:  # "no task found": every expected task missed, not a crash of the bench
        drafts = []
        if notes is not None:
            notes.append(f"ERROR {error}")
    matching = match([t.text for t in key.tasks], [d.text for d in drafts])
    counts = row(matching, len(key.tasks), len(drafts)) | {"lead": 0, "deadline": 0}
    out: list[str] = []
    for i, j in sorted(matching.best.items()):
        ref, dt = key.tasks[i], drafts[j]
        if _lead_ok(ref, dt.lead, registry):
            counts["lead"] += 1
        else:
            want = list(ref.lead) + [f"{n} (?)" for n in ref.lead_names]
            got = [x["name"] if x.get("id") else f"{x['name']} (?)" for x in dt.lead]
            out.append(f"LEAD  {ref.ref}: {want} ≠ {got}  | {dt.text}")
        if deadline_ok(ref.deadline, dt.deadline.get("phrase", "")):
            counts["deadline"] += 1
        else:
            out.append(f"DEADL {ref.ref}: «{ref.deadline}» ≠ «{dt.deadline.get('phrase', '')}»  | {dt.text}")
    out += [f"MISS  {t.ref}: {t.text}" for i, t in enumerate(key.tasks) if i not in matching.found]
    out += [f"EXTRA {d.ref}: {d.text}" for j, d in enumerate(drafts) if j not in matching.precise]
    if notes is not None:
        notes.extend(out)
    return counts


def evaluate(
    plans_dir: Path = PLANS_DIR, misses: dict[str, list[str]] | None = None
) -> dict[str, dict[str, int]]:
    """Figures per document and in total ("TỔNG"); with `misses`, key problems and what was missed or wrong."""
    results: dict[str, dict[str, int]] = {}
    for doc, key_path in documents(plans_dir):
        key = load_key(key_path)
        text = doc.read_text(encoding="utf-8")
        registry = template_registry(key.province, key.name)
        notes = [f"KEY   {p}" for p in key_problems(text, key, registry)]
        results[doc.name] = score(text, key, registry, notes)
        if misses is not None:
            misses[doc.name] = notes
    return with_total(results)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=Path, action="append", help="a set of plans (default: every set)")
    parser.add_argument(
        "--misses", default=None, help="print the misses of the documents whose name starts so ('' for all)"
    )
    args = parser.parse_args()
    for plans_dir in args.plans or sorted(d for d in DATA.glob("plans*") if d.is_dir()):
        misses: dict[str, list[str]] = {}
        results = evaluate(plans_dir, misses)
        print_misses(misses, args.misses)
        print(f"# {plans_dir.relative_to(ROOT) if plans_dir.is_relative_to(ROOT) else plans_dir}")
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
