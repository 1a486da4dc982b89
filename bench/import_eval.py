"""Evaluate `nhacviec import` on the seed documents against their hand-made schedules.

Run: .venv/bin/python bench/import_eval.py [--seeds DIR] [--misses PREFIX]
The matching, the deadline rule and the table are shared with bench/held_out_eval.py (other provinces).
Matching: word 3-gram shingles (as `coverage`): a draft task matches a reference task when they share at
least 3 shingles and at least half of either side's shingles are shared. A reference task is scored against
the matching draft task with the highest Jaccard similarity (shared / all shingles of the two): counting
shared shingles alone paired a table row whose reference text carries its group title ("Mục tiêu 4: …")
with the neighbouring row that repeats the title's words.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
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


Shingles = set[tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Matching:
    """Which expected tasks some draft task matches, which draft tasks match, and each one's best draft."""

    found: set[int]
    precise: set[int]
    best: dict[int, int]  # expected task -> the most similar draft (Jaccard; the first on a tie)


def match(expected: list[str], drafted: list[str]) -> Matching:
    """Pair texts by word 3-gram shingles (`coverage.shingle_match`, the rule of the coverage report)."""
    want = [shingles(t) for t in expected]
    got = [shingles(t) for t in drafted]
    pairs = [(i, j) for i, w in enumerate(want) for j, g in enumerate(got) if shingle_match(w, g) is not None]
    best: dict[int, int] = {}

    def similarity(i: int, j: int) -> float:
        return len(want[i] & got[j]) / len(want[i] | got[j])

    for i, j in pairs:
        if i not in best or similarity(i, j) > similarity(i, best[i]):
            best[i] = j
    return Matching({i for i, _ in pairs}, {j for _, j in pairs}, best)


def norm(phrase: str) -> str:
    return " ".join(fold(phrase).replace(",", " ").replace(".", " ").split())


def deadline_ok(expected: str, drafted: str) -> bool:
    """Both state none, or one normalised phrase contains the other."""
    want, got = norm(expected), norm(drafted)
    return (not want and not got) or bool(want and got and (want in got or got in want))


def row(matching: Matching, expected: int, drafted: int) -> dict[str, int]:
    """A result row's counts; the scorer adds "lead", "deadline" (and "support")."""
    return {
        "ref": expected, "found": len(matching.found), "draft": drafted, "precise": len(matching.precise),
        "matched": len(matching.best),
    }  # fmt: skip


def evaluate(seeds_dir: Path, misses: dict[str, list[str]] | None = None) -> dict[str, dict[str, int]]:
    """Figures per seed and in total ("TỔNG"); with `misses`, what was missed, invented or wrong."""
    catalog = load_schedules([ROOT / "schedules"]).catalog
    by_source = {p.source: p for p in catalog.plans.values() if p.source}
    results: dict[str, dict[str, int]] = {}
    for seed in sorted(seeds_dir.glob("*.txt")):
        plan = by_source.get(seed.name)
        if plan is None:
            continue
        registry = catalog.registries[PROVINCES.get(seed.name[:3], plan.province)]
        draft = make_draft(seed.read_text(encoding="utf-8"), registry, source=seed.name)
        refs, drafts = plan.tasks, draft.tasks
        matching = match([t.text for t in refs], [d.text for d in drafts])
        counts = row(matching, len(refs), len(drafts)) | {"lead": 0, "deadline": 0, "support": 0}
        shares = Counter(matching.best.values())  # how many reference tasks each draft task stands for
        counts |= {"alike": 0, "alike_deadline": 0}
        notes: list[str] = []
        for i, j in matching.best.items():
            ref, dt = refs[i], drafts[j]
            if set(registry.expand(x["name"] for x in dt.lead)) & set(ref.lead_ids):
                counts["lead"] += 1
            else:
                notes.append(
                    f"LEAD  {ref.id}: {ref.lead_ids} ≠ {[x['name'] for x in dt.lead]}  | {dt.text[:90]}"
                )
            sup = set(registry.expand(x["name"] for x in dt.support))
            want = set(registry.expand(ref.support))  # as printed (support_ids drops those who also lead)
            if sup == want or sup & want:
                counts["support"] += 1  # both name nobody, or they share an agency
            else:
                notes.append(f"SUPP  {ref.id}: {list(ref.support)} ≠ {[x['name'] for x in dt.support]}")
            alike = shares[j] == 1
            counts["alike"] += alike
            if deadline_ok(ref.phrase, dt.deadline.get("phrase", "")):
                counts["deadline"] += 1
                counts["alike_deadline"] += alike
            else:
                notes.append(
                    f"DEADL {ref.id}: «{ref.phrase}» ≠ «{dt.deadline.get('phrase', '')}»  | {dt.text[:70]}"
                )
        notes += [
            f"MISS  {t.id} ({t.ref}): {t.text[:110]}" for i, t in enumerate(refs) if i not in matching.found
        ]
        notes += [f"EXTRA {d.ref}: {d.text[:110]}" for j, d in enumerate(drafts) if j not in matching.precise]
        if misses is not None:
            misses[seed.name] = notes
        results[seed.name] = counts
    return with_total(results)


def with_total(results: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The rows with a "TỔNG" row summing them."""
    total: dict[str, int] = {}
    for counts in results.values():
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
    return {**results, "TỔNG": total}


def _pct(a: float, b: float) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   —  "


_COLUMNS = (("recall", "found", "ref"), ("precision", "precise", "draft"), ("lead", "lead", "matched"),
            ("deadline", "deadline", "matched"), ("support", "support", "matched"))  # fmt: skip


def table(results: dict[str, dict[str, int]]) -> str:
    """The figures as printed by every import benchmark (the support column where it was measured)."""
    columns = [c for c in _COLUMNS if all(c[1] in r for r in results.values())]
    width = max(28, *(len(name) for name in results))
    lines = [f"{'văn bản':{width}}" + "".join(f" {title:>15}" for title, _, _ in columns)]
    for name, r in results.items():
        cells = "".join(
            f" {_pct(r[part], r[whole])} {r[part]:>3}/{r[whole]:<4}" for _, part, whole in columns
        )
        lines.append(f"{name:{width}}{cells}")
    return "\n".join(lines)


def print_misses(misses: dict[str, list[str]], prefix: str | None) -> None:
    if prefix is not None:
        for name, notes in misses.items():
            if name.startswith(prefix):
                print(f"== {name}", *notes, sep="\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--misses", default=None, help="print the misses of the seeds whose name starts so")
    args = parser.parse_args()
    misses: dict[str, list[str]] = {}
    results = evaluate(args.seeds, misses)
    print_misses(misses, args.misses)
    print(table(results))
    total = results["TỔNG"]
    split = total["matched"] - total["alike"]
    print(
        f"deadline right where the draft and the schedule cut the text alike (one reference task per draft "
        f"task): {_pct(total['alike_deadline'], total['alike'])} {total['alike_deadline']}/{total['alike']}; "
        f"where the schedule cuts a draft task into several deliverables: "
        f"{_pct(total['deadline'] - total['alike_deadline'], split)} "
        f"{total['deadline'] - total['alike_deadline']}/{split}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
