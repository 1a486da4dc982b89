"""Blind measurement of `nhacviec import` on plans written after the importer was tuned, with hand-made keys.

Run: .venv/bin/python bench/blind_eval.py [--plans DIR] [--misses PREFIX]
The documents and keys are in tests/data/plans-blind/ (three provinces, authors and topics unlike the held-out
set in tests/data/plans/, which the importer has since been tuned on). This is a measurement, not a gate: there is
no pytest test for it.

Scoring is bench/held_out_eval.py's (its helpers are imported, not copied): recall and precision by word 3-gram
shingles, the best draft task for each expected task, lead right when the expanded ids intersect, deadline right
when the normalised phrases are equal or one contains the other. One addition, for leads the template registry
does not have (a department's own units, district health centres, a water company): the key gives them as
`lead_names: [printed name, …]` (with `lead: null` when no lead is in the registry). Such a task's lead is right
when the ids intersect as before, or when one of the draft task's leads is left unresolved (no id: the importer
flags it as an unknown agency) and its name contains a printed name (both normalised as the deadlines are). A
lead that the importer resolved to some registry id is not right for an unknown body, whatever its name.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/held_out_eval.py and bench/import_eval.py, also when loaded by path

from held_out_eval import Expected, _draft_ids, _ids, documents, table  # noqa: E402
from import_eval import ROOT, _matches, _norm  # noqa: E402

from bot.domain.model import Registry  # noqa: E402
from bot.importer.draft import make_draft  # noqa: E402
from bot.importer.template import template_registry  # noqa: E402
from bot.schedules.coverage import clean, shingles  # noqa: E402

PLANS_DIR = ROOT / "tests" / "data" / "plans-blind"


@dataclass(frozen=True, slots=True)
class BlindExpected(Expected):
    lead_names: tuple[str, ...] = ()  # printed names of leads that are not in the registry


@dataclass(frozen=True, slots=True)
class BlindKey:
    province: str
    name: str
    tasks: tuple[BlindExpected, ...]


def load_key(path: Path) -> BlindKey:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tasks = tuple(
        BlindExpected(
            str(t["ref"]),
            str(t["text"]),
            tuple(t.get("lead") or ()),
            str(t.get("deadline") or ""),
            tuple(t.get("lead_names") or ()),
        )
        for t in data["tasks"]
    )
    return BlindKey(data["province"], data["name"], tasks)


def key_problems(text: str, key: BlindKey, registry: Registry) -> list[str]:
    """What is wrong with a key, by tests/importer/test_held_out.py's rules (a lead may be a printed name)."""
    flat = clean(text)
    out: list[str] = []
    if not unicodedata.is_normalized("NFC", text):
        out.append("document not NFC")
    if not 15 <= len(key.tasks) <= 30:
        out.append(f"{len(key.tasks)} tasks (15-30 wanted)")
    if len({t.ref for t in key.tasks}) != len(key.tasks):
        out.append("refs repeat")
    if len({t.text for t in key.tasks}) != len(key.tasks):
        out.append("quotes repeat")
    for t in key.tasks:
        if len(re.findall(r"\w+", t.text)) < 8:
            out.append(f"{t.ref}: quote under 8 words")
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


def _unknown_lead_ok(printed: tuple[str, ...], lead: list[dict[str, Any]]) -> bool:
    """Whether a draft lead left unresolved carries one of the printed names."""
    wanted = [_norm(n) for n in printed]
    return any(w in _norm(x["name"]) for x in lead if not x.get("id") for w in wanted)


def score(text: str, key: BlindKey, registry: Registry, notes: list[str] | None = None) -> dict[str, int]:
    """The figures of one document against its key (the keys of bench/held_out_eval.py's `score`)."""
    draft = make_draft(text, registry)
    refs = [(t, shingles(t.text)) for t in key.tasks]
    drafts = [(d, shingles(d.text)) for d in draft.tasks]
    pairs = [(i, j) for i, (_, rs) in enumerate(refs) for j, (_, ds) in enumerate(drafts) if _matches(rs, ds)]
    found = {i for i, _ in pairs}
    precise = {j for _, j in pairs}
    best: dict[int, int] = {}
    for i, j in pairs:  # as held_out_eval: the draft sharing most shingles, the first one on a tie
        if i not in best or len(refs[i][1] & drafts[j][1]) > len(refs[i][1] & drafts[best[i]][1]):
            best[i] = j
    lead_ok = dl_ok = 0
    out: list[str] = []
    for i, j in sorted(best.items()):
        ref, dt = refs[i][0], drafts[j][0]
        got = [x["name"] if x.get("id") else f"{x['name']} (?)" for x in dt.lead]
        known = bool(ref.lead) and bool(_ids(registry, ref.lead) & _draft_ids(registry, dt.lead))
        unknown = bool(ref.lead_names) and _unknown_lead_ok(ref.lead_names, dt.lead)
        if known or unknown or (not ref.lead and not ref.lead_names and not dt.lead):
            lead_ok += 1
        else:
            want = list(ref.lead) + [f"{n} (?)" for n in ref.lead_names]
            out.append(f"LEAD  {ref.ref}: {want} ≠ {got}  | {dt.text}")
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
    """Figures per document and in total ("TỔNG"); with `misses`, key problems and what was missed or wrong."""
    results: dict[str, dict[str, int]] = {}
    totals = {"ref": 0, "found": 0, "draft": 0, "precise": 0, "matched": 0, "lead": 0, "deadline": 0}
    for doc, key_path in documents(plans_dir):
        key = load_key(key_path)
        text = doc.read_text(encoding="utf-8")
        registry = template_registry(key.province, key.name)
        notes = [f"KEY   {p}" for p in key_problems(text, key, registry)]
        row = score(text, key, registry, notes)
        if misses is not None:
            misses[doc.name] = notes
        for k, v in row.items():
            totals[k] += v
        results[doc.name] = row
    results["TỔNG"] = totals
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=Path, default=PLANS_DIR)
    parser.add_argument(
        "--misses", default=None, help="print the misses of the documents whose name starts so ('' for all)"
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
