"""Evaluate `nhacviec import` on the seed documents against their hand-made schedules.

Run: .venv/bin/python bench/import_eval.py [--seeds DIR]
Matching: word 3-gram shingles (as `coverage`): a draft task matches a reference task when they share at
least 3 shingles and at least half of either side's shingles are shared.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domain.text import fold  # noqa: E402
from bot.importer.draft import make_draft  # noqa: E402
from bot.schedules.coverage import shingle_match, shingles  # noqa: E402
from bot.schedules.loader import load_schedules  # noqa: E402

PROVINCES = {
    "000": "bac-giang",
    "001": "bac-giang",
    "002": "bac-giang",
    "003": "bac-giang",
    "004": "tuyen-quang",
}


def _matches(a: set, b: set) -> bool:
    return shingle_match(a, b) is not None


def _norm(phrase: str) -> str:
    return " ".join(fold(phrase).replace(",", " ").replace(".", " ").split())


def evaluate(seeds_dir: Path, misses: dict[str, list[str]] | None = None) -> dict[str, dict[str, float]]:
    """Figures per seed; with `misses`, also what was missed, invented or wrong (for `--misses`)."""
    catalog = load_schedules([ROOT / "schedules"]).catalog
    by_source = {p.source: p for p in catalog.plans.values() if p.source}
    totals = {
        "ref": 0,
        "found": 0,
        "draft": 0,
        "precise": 0,
        "matched": 0,
        "lead": 0,
        "deadline": 0,
        "support": 0,
    }
    results: dict[str, dict[str, float]] = {}
    for seed in sorted(seeds_dir.glob("*.txt")):
        plan = by_source.get(seed.name)
        if plan is None:
            continue
        registry = catalog.registries[PROVINCES.get(seed.name[:3], plan.province)]
        draft = make_draft(seed.read_text(encoding="utf-8"), registry, source=seed.name)
        refs = [(t, shingles(t.text)) for t in plan.tasks]
        drafts = [(d, shingles(d.text)) for d in draft.tasks]
        pairs = [
            (i, j) for i, (_, rs) in enumerate(refs) for j, (_, ds) in enumerate(drafts) if _matches(rs, ds)
        ]
        found = {i for i, _ in pairs}
        precise = {j for _, j in pairs}
        lead_ok = dl_ok = sup_ok = 0
        best: dict[int, int] = {}
        for i, j in pairs:  # the best draft for each reference task: most shared shingles
            if i not in best or len(refs[i][1] & drafts[j][1]) > len(refs[i][1] & drafts[best[i]][1]):
                best[i] = j
        notes: list[str] = []
        for i, j in best.items():
            ref, dt = refs[i][0], drafts[j][0]
            ids = set(registry.expand(x["name"] for x in dt.lead))
            if ids & set(ref.lead_ids):
                lead_ok += 1
            else:
                notes.append(
                    f"LEAD  {ref.id}: {ref.lead_ids} ≠ {[x['name'] for x in dt.lead]}  | {dt.text[:90]}"
                )
            sup = set(registry.expand(x["name"] for x in dt.support))
            want = set(registry.expand(ref.support))  # as printed (support_ids drops those who also lead)
            if sup == want or sup & want:
                sup_ok += 1  # both name nobody, or they share an agency
            else:
                notes.append(f"SUPP  {ref.id}: {list(ref.support)} ≠ {[x['name'] for x in dt.support]}")
            rp, dp = _norm(ref.phrase), _norm(dt.deadline.get("phrase", ""))
            if (not rp and not dp) or (rp and dp and (rp in dp or dp in rp)):
                dl_ok += 1
            else:
                notes.append(
                    f"DEADL {ref.id}: «{ref.phrase}» ≠ «{dt.deadline.get('phrase', '')}»  | {dt.text[:70]}"
                )
        notes += [
            f"MISS  {t.id} ({t.ref}): {t.text[:110]}" for i, (t, _) in enumerate(refs) if i not in found
        ]
        notes += [f"EXTRA {d.ref}: {d.text[:110]}" for j, (d, _) in enumerate(drafts) if j not in precise]
        if misses is not None:
            misses[seed.name] = notes
        row = {
            "ref": len(refs), "found": len(found), "draft": len(drafts), "precise": len(precise),
            "matched": len(best), "lead": lead_ok, "deadline": dl_ok, "support": sup_ok,
        }  # fmt: skip
        for k, v in row.items():
            totals[k] += v
        results[seed.name] = row
    results["TỔNG"] = totals
    return results


def _pct(a: float, b: float) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   —  "


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--misses", default=None, help="print the misses of the seeds whose name starts so")
    args = parser.parse_args()
    misses: dict[str, list[str]] = {}
    results = evaluate(args.seeds, misses)
    if args.misses is not None:
        for name, notes in misses.items():
            if name.startswith(args.misses):
                print(f"== {name}", *notes, sep="\n")
    print(f"{'văn bản':28} {'recall':>15} {'precision':>15} {'lead':>15} {'deadline':>15} {'support':>15}")
    for name, r in results.items():
        print(
            f"{name:28} {_pct(r['found'], r['ref'])} {r['found']:>3}/{r['ref']:<4}"
            f" {_pct(r['precise'], r['draft'])} {r['precise']:>3}/{r['draft']:<4}"
            f" {_pct(r['lead'], r['matched'])} {r['lead']:>3}/{r['matched']:<4}"
            f" {_pct(r['deadline'], r['matched'])} {r['deadline']:>3}/{r['matched']:<4}"
            f" {_pct(r['support'], r['matched'])} {r['support']:>3}/{r['matched']:<4}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
