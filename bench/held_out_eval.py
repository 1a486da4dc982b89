"""Evaluate `nhacviec import` on held-out plans: provinces it was not tuned on, with hand-made answer keys.

Run: .venv/bin/python bench/held_out_eval.py [--plans DIR] [--misses PREFIX]
Each `DIR/<name>.txt` has an answer key `DIR/<name>.expected.yaml` (province, name, tasks: ref, text, lead,
deadline). The document is drafted with the template registry of its province (what `nhacviec import
--province` uses for a province without a registry) and scored as bench/import_eval.py scores the seeds:
- recall: expected tasks that some draft task matches (word 3-gram shingles, `shingle_match`, on the key's
  quote against the draft task's text); precision: draft tasks that match some expected task;
- for each expected task, its best draft task (most shared shingles): lead right when the expanded ids
  intersect, deadline right when the normalised phrases are equal or one contains the other.
Lead ids are expanded keeping each group's own id besides its members: the template's district group has no
members until the admin adds them, and expanding it alone would make "UBND các huyện" name nobody.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/import_eval.py, also when this file is loaded by path (tests)

from import_eval import ROOT, _matches, _norm, _pct  # noqa: E402

from bot.domain.model import Registry  # noqa: E402
from bot.importer.draft import make_draft  # noqa: E402
from bot.importer.template import template_registry  # noqa: E402
from bot.schedules.coverage import shingles  # noqa: E402

PLANS_DIR = ROOT / "tests" / "data" / "plans"
KEY_SUFFIX = ".expected.yaml"


@dataclass(frozen=True, slots=True)
class Expected:
    ref: str
    text: str
    lead: tuple[str, ...]
    deadline: str


@dataclass(frozen=True, slots=True)
class Key:
    province: str
    name: str
    tasks: tuple[Expected, ...]


def load_key(path: Path) -> Key:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tasks = tuple(
        Expected(str(t["ref"]), str(t["text"]), tuple(t.get("lead") or ()), str(t.get("deadline") or ""))
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


def _ids(registry: Registry, ids: Iterable[str]) -> set[str]:
    """Ids with each group's members added, the group's own id kept."""
    out: set[str] = set()
    for item in ids:
        out.add(item)
        out.update(registry.members(item))
    return out


def _draft_ids(registry: Registry, lead: list[dict]) -> set[str]:
    names = [x["name"] for x in lead]
    return set(registry.expand(names)) | _ids(registry, (x["id"] for x in lead if x.get("id")))


def score(text: str, key: Key, registry: Registry, notes: list[str] | None = None) -> dict[str, int]:
    """The figures of one document against its key (same keys as bench/import_eval.py's rows)."""
    draft = make_draft(text, registry)
    refs = [(t, shingles(t.text)) for t in key.tasks]
    drafts = [(d, shingles(d.text)) for d in draft.tasks]
    pairs = [(i, j) for i, (_, rs) in enumerate(refs) for j, (_, ds) in enumerate(drafts) if _matches(rs, ds)]
    found = {i for i, _ in pairs}
    precise = {j for _, j in pairs}
    best: dict[int, int] = {}
    for i, j in pairs:  # the best draft for each expected task: most shared shingles
        if i not in best or len(refs[i][1] & drafts[j][1]) > len(refs[i][1] & drafts[best[i]][1]):
            best[i] = j
    lead_ok = dl_ok = 0
    out: list[str] = []
    for i, j in sorted(best.items()):
        ref, dt = refs[i][0], drafts[j][0]
        got = [x["name"] for x in dt.lead]
        if (ref.lead and _ids(registry, ref.lead) & _draft_ids(registry, dt.lead)) or (
            not ref.lead and not got
        ):
            lead_ok += 1
        else:
            out.append(f"LEAD  {ref.ref}: {list(ref.lead)} ≠ {got}  | {dt.text}")
        rp, dp = _norm(ref.deadline), _norm(dt.deadline.get("phrase", ""))
        if (not rp and not dp) or (rp and dp and (rp in dp or dp in rp)):
            dl_ok += 1
        else:
            out.append(f"DEADL {ref.ref}: «{ref.deadline}» ≠ «{dt.deadline.get('phrase', '')}»  | {dt.text}")
    out += [f"MISS  {t.ref}: {t.text}" for i, (t, _) in enumerate(refs) if i not in found]
    out += [f"EXTRA {d.ref}: {d.text}" for j, (d, _) in enumerate(drafts) if j not in precise]
    if notes is not None:
        notes.extend(out)
    return {
        "ref": len(refs), "found": len(found), "draft": len(drafts), "precise": len(precise),
        "matched": len(best), "lead": lead_ok, "deadline": dl_ok,
    }  # fmt: skip


def evaluate(
    plans_dir: Path = PLANS_DIR, misses: dict[str, list[str]] | None = None
) -> dict[str, dict[str, int]]:
    """Figures per document and in total ("TỔNG"); with `misses`, what was missed, invented or wrong."""
    results: dict[str, dict[str, int]] = {}
    totals = {"ref": 0, "found": 0, "draft": 0, "precise": 0, "matched": 0, "lead": 0, "deadline": 0}
    for doc, key_path in documents(plans_dir):
        key = load_key(key_path)
        notes: list[str] = []
        row = score(doc.read_text(encoding="utf-8"), key, template_registry(key.province, key.name), notes)
        if misses is not None:
            misses[doc.name] = notes
        for k, v in row.items():
            totals[k] += v
        results[doc.name] = row
    results["TỔNG"] = totals
    return results


def table(results: dict[str, dict[str, int]]) -> str:
    """The table of bench/import_eval.py."""
    lines = [f"{'văn bản':28} {'recall':>15} {'precision':>15} {'lead':>15} {'deadline':>15}"]
    for name, r in results.items():
        lines.append(
            f"{name:28} {_pct(r['found'], r['ref'])} {r['found']:>3}/{r['ref']:<4}"
            f" {_pct(r['precise'], r['draft'])} {r['precise']:>3}/{r['draft']:<4}"
            f" {_pct(r['lead'], r['matched'])} {r['lead']:>3}/{r['matched']:<4}"
            f" {_pct(r['deadline'], r['matched'])} {r['deadline']:>3}/{r['matched']:<4}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=Path, default=PLANS_DIR)
    parser.add_argument(
        "--misses", default=None, help="print the misses of the documents whose name starts so"
    )
    args = parser.parse_args()
    misses: dict[str, list[str]] = {}
    results = evaluate(args.plans, misses)
    if args.misses is not None:
        for name, notes in misses.items():
            if name.startswith(args.misses):
                print(f"== {name}", *notes, sep="\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
