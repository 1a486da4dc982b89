"""Benchmark: load+validate and plan a year for 100,000 tasks over 50 plans and 300 agencies.

Prints, for generated schedules of realistic shape:
- the bare `yaml.load(..., Loader=CSafeLoader)` time of the same files, the load+validate time and the ratio
  (goal: ≤ 3×);
- the time to plan a full year of reminders and group them into digests (goal: ≤ 10 s);
- the process's peak resident memory (goal: ≤ 1.5 GB).

Usage: python bench/plan_bench.py [--tasks N] [--plans N] [--agencies N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.domain.bulk import gc_paused
from bot.domain.calendar import WorkCalendar
from bot.domain.planner import plan_digests, reminders_due
from bot.schedules.loader import load_schedules

PHRASES = [
    "Quý I/2024", "Quý II/2024", "Quý III, IV năm 2024", "quy IV/2024", "Tháng 12/2024", "Tháng 01/2024",
    "Trước 10/2/2024", "Trước ngày 20/01/2024", "chậm nhất trong tháng 6/2024", "Hoàn thành trong tháng 9/2024",
    "Năm 2024", "6 tháng đầu năm 2024", "Giai đoạn 2024-2025", "trước ngày 15/12/2024", "Tháng 4",
    "định kỳ hằng quý (trước ngày 15 tháng cuối quý)", "hằng tháng, trước ngày 20", "Thường xuyên",
    "Khi có phát sinh", "trong 01 tháng kể từ khi Chính phủ ban hành Nghị định", "Theo Kế hoạch riêng",
    "xong trong tháng 4/2024", "Trước Tết Nguyên đán", "Quý 2/2024", "tháng 11/2024", "Cuối năm 2024",
]  # fmt: skip


def generate(folder: Path, tasks: int, plans: int, agencies: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    (folder / "agencies").mkdir(parents=True)
    groups = ["nhom-a", "nhom-b", "nhom-c"]
    lines = ["registry:", "  province: bench", "  name: Tỉnh Đo đạc", "groups:"]
    for gid in groups:
        lines += [f"  - id: {gid}", f"    name: Nhóm {gid[-1].upper()} các cơ quan"]
    lines += ["agencies:", "  - id: ubnd-tinh", "    name: UBND tỉnh Đo đạc", "    kind: ubnd_tinh"]
    for i in range(1, agencies):
        lines += [
            f"  - id: co-quan-{i}",
            f"    name: Sở Thử nghiệm số {i}",
            "    kind: so",
            f'    aliases: ["STN {i}", "Sở TN số {i}"]',
            f"    groups: [{groups[i % 3]}]" if i <= 60 else "    groups: []",
            "    supervisor: ubnd-tinh",
        ]
    (folder / "agencies" / "bench.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    per_plan = tasks // plans
    for p in range(plans):
        out = [
            "plan:", f"  id: ke-hoach-{p}", f"  title: Kế hoạch đo đạc số {p}", "  year: 2024",
            "  province: bench", "  issued: 2024-01-02", f"  number: {p}/KH-UBND", "tasks:",
        ]  # fmt: skip
        for t in range(per_plan):
            picks = rng.sample(range(1, agencies), 3)
            lead_pick = rng.random()
            if lead_pick < 0.02:
                lead = f'["Nhóm {rng.choice("ABC")} các cơ quan"]'
            elif lead_pick < 0.25:
                lead = f'["Sở Thử nghiệm số {picks[0]}", "STN {picks[1]}"]'
            else:
                lead = f'["Sở TN số {picks[0]}"]'
            support = f'["STN {picks[2]}"]' if rng.random() < 0.5 else "[]"
            out += [
                f"  - id: KH{p}-{t}",
                f'    ref: "{t // 10}.{t % 10}"',
                f"    title: Nhiệm vụ số {t} của kế hoạch {p} về cải cách hành chính",
                "    text: >-",
                "      Tham mưu, xây dựng và tổ chức thực hiện các giải pháp nâng cao chất lượng phục vụ người",
                "      dân, doanh nghiệp; báo cáo kết quả về cơ quan thường trực theo quy định.",
                f"    lead: {lead}",
                f"    support: {support}",
                f'    deadline: "{rng.choice(PHRASES)}"',
                "    output: Báo cáo kết quả thực hiện",
            ]
        (folder / f"plan-{p:02d}.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--agencies", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="write the generated schedules here and keep them")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "schedules"
        generate(folder, args.tasks, args.plans, args.agencies)
        files = sorted(folder.rglob("*.yaml"))
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        print(f"generated: {args.tasks:,} tasks, {args.plans} plans, {args.agencies} agencies, "
              f"{len(files)} files, {size_mb:.1f} MB")  # fmt: skip

        def bare_parse() -> float:
            gc.collect()
            started = time.perf_counter()
            for f in files:
                with f.open("rb") as stream:
                    yaml.load(stream, Loader=yaml.CSafeLoader)
            return time.perf_counter() - started

        bare_gc_on = bare_parse()
        with gc_paused():
            bare = bare_parse()  # the fair baseline: our loader pauses the collector too
        gc.collect()

        started = time.perf_counter()
        result = load_schedules([folder])
        loaded = time.perf_counter() - started
        assert result.ok, result.errors[:5]
        task_count = sum(len(p.tasks) for p in result.catalog.plans.values())
        print(
            f"bare CSafeLoader parse: {bare:.2f} s with GC paused as our loader does ({bare_gc_on:.2f} s with GC on)"
        )
        print(
            f"load+validate:          {loaded:.2f} s  ({task_count:,} tasks)  ratio {loaded / bare:.2f}x (goal <= 3x)"
        )

        year = (date(2024, 1, 1), date(2024, 12, 31))
        started = time.perf_counter()
        grouped = plan_digests(result.catalog, WorkCalendar(), *year)
        planned = time.perf_counter() - started
        items = sum(len(d.items) for d in grouped)
        print(
            f"plan a year (digests):  {planned:.2f} s  ({items:,} reminders in {len(grouped):,} digests) (goal <= 10 s)"
        )
        del grouped
        started = time.perf_counter()
        flat = reminders_due(result.catalog, WorkCalendar(), *year)
        print(
            f"  reminders only:       {time.perf_counter() - started:.2f} s  ({len(flat):,} reminders, unsorted)"
        )
        print(f"peak memory (RSS):      {peak_rss_mb():.0f} MB (goal <= 1536 MB)")


if __name__ == "__main__":
    main()
