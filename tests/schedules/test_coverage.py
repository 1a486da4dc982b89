"""The coverage report: assignments found in a plan's text, and whether the schedule has a task for each."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain.model import Catalog
from bot.schedules.coverage import (
    AgencyIndex,
    SeedCoverage,
    coverage,
    read_passages,
    render,
    resolve_seeds_dir,
    split_passages,
    to_json,
)
from bot.schedules.loader import load_schedules

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

DOCUMENT = """\
KẾ HOẠCH
Cải cách hành chính năm 2024

Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Nội vụ xây dựng kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU

1. Sở Nội vụ triển khai thực hiện nghiêm túc, hiệu quả các nhiệm vụ cải cách hành chính của tỉnh.

II. NHIỆM VỤ CỤ THỂ

1. Sở Nội vụ chủ trì xây dựng **Kế hoạch kiểm tra công tác cải cách hành chính năm 2024** của tỉnh, trình Ủy ban nhân dân tỉnh **trước ngày 15/02/2024**.

2. Sở Tài chính chủ trì bố trí kinh phí thực hiện kế hoạch kiểm tra công tác cải cách hành chính năm 2024 của tỉnh.

3. Nâng cao nhận thức của cán bộ, công chức về vai trò của cải cách hành chính trong giai đoạn mới.

Nơi nhận:
- Sở Nội vụ;
- Sở Tư pháp;
- Lưu: VT.

PHỤ LỤC

<table>
<tr><th>TT</th><th>Nhiệm vụ</th><th>Chủ trì</th><th>Thời gian</th></tr>
<tr><td>1</td><td>Rà soát, đơn giản hóa thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước của tỉnh</td><td>Sở Tư pháp</td><td>Quý II/2024</td></tr>
<tr><td>2</td><td>Xây dựng cơ sở dữ liệu văn bản quy phạm pháp luật của tỉnh và cập nhật</td><td>Sở</td><td>Tháng</td></tr>
</table>

12

<table>
<tr><th>TT</th><th>Nhiệm vụ</th><th>Chủ trì</th><th>Thời gian</th></tr>
<tr><td></td><td>thường xuyên các văn bản mới ban hành lên hệ thống dữ liệu</td><td>Tư pháp</td><td>6/2024</td></tr>
</table>
"""

PLAN = """\
plan:
  id: demo-cchc
  title: Kế hoạch cải cách hành chính năm 2024
  year: 2024
  province: demo
  source: demo.txt
tasks:
  - id: D-II.1
    ref: "II.1"
    title: Kế hoạch kiểm tra CCHC 2024
    text: >-
      Sở Nội vụ chủ trì xây dựng Kế hoạch kiểm tra công tác cải cách hành chính năm 2024 của tỉnh, trình
      Ủy ban nhân dân tỉnh trước ngày 15/02/2024.
    lead: Sở Nội vụ
    deadline: "trước ngày 15/02/2024"
  - id: D-PL.2
    ref: "PL.2"
    title: Cơ sở dữ liệu văn bản QPPL
    text: >-
      Xây dựng cơ sở dữ liệu văn bản quy phạm pháp luật của tỉnh và cập nhật thường xuyên các văn bản mới
      ban hành lên hệ thống dữ liệu.
    lead: Sở Tư pháp
    deadline: "Tháng 6/2024"
  - id: D-X
    ref: "X"
    title: Việc không có trong văn bản
    text: Tổ chức hội nghị tập huấn nghiệp vụ văn thư lưu trữ cho cán bộ cấp xã trên địa bàn tỉnh.
    lead: Sở Nội vụ
    deadline: "Năm 2024"
"""


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    shutil.copytree(DATA / "registry", tmp_path / "schedules" / "agencies")
    (tmp_path / "schedules" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    result = load_schedules([tmp_path / "schedules"])
    assert result.ok, "\n".join(map(str, result.problems))
    return result.catalog


@pytest.fixture
def report(catalog: Catalog) -> SeedCoverage:
    [found] = coverage({"demo.txt": DOCUMENT}, catalog.plans.values(), catalog.registries)
    return found


def _candidate(report: SeedCoverage, start: str):
    found = [c for c in report.candidates if c.passage.text.startswith(start)]
    assert len(found) == 1, [c.passage.text[:40] for c in report.candidates]
    return found[0]


def test_an_assignment_with_a_task_is_covered(report):
    cand = _candidate(report, "1. Sở Nội vụ chủ trì")
    assert cand.covered and cand.tasks == ("D-II.1",)
    assert cand.passage.ref == "II.1"
    assert "so-noi-vu" in cand.agencies
    assert set(cand.reasons) >= {"agency+action", "deadline"}
    assert "**" not in cand.passage.text


def test_an_assignment_without_a_task_is_a_gap(report):
    cand = _candidate(report, "2. Sở Tài chính chủ trì")
    assert not cand.covered and cand.tasks == ()
    assert report.uncovered == 2  # and the first row of the appendix table


def test_declarative_passages_are_not_candidates(catalog):
    readings = read_passages(DOCUMENT, AgencyIndex(catalog.registries.values()))

    def reading(start: str):
        [found] = [r for r in readings if r.passage.text.startswith(start)]
        return found

    purpose = reading("1. Sở Nội vụ triển khai")
    assert (
        purpose.passage.skip == "declarative" and not purpose.candidate
    )  # names an agency, but in section I
    assert not reading("3. Nâng cao nhận thức").candidate  # nobody addressed, no time limit
    assert reading("Thực hiện chỉ đạo").passage.skip == "preamble"
    recipients = [r for r in readings if r.passage.text.startswith("- Sở")]
    assert recipients == []  # the "Nơi nhận" list is not read at all


def test_a_table_row_split_across_a_page_break_is_one_passage(report):
    rows = [c for c in report.candidates if c.passage.kind == "row"]
    assert [c.passage.cells[0] for c in rows] == ["1", "2"]
    split = rows[1]
    assert split.passage.text.startswith("2 Xây dựng cơ sở dữ liệu")
    assert "cập nhật thường xuyên các văn bản mới ban hành" in split.passage.text
    assert split.passage.lead_cell == "Sở Tư pháp"
    assert split.passage.cells[3] == "Tháng 6/2024"
    assert "chu-tri-cell" in split.reasons
    assert split.tasks == ("D-PL.2",)
    assert not rows[0].covered  # the first row has no task


def test_tasks_not_found_in_the_text_are_listed(report):
    assert [t.id for t in report.untraced] == ["D-X"]
    assert (len(report.candidates), report.covered, report.traced, report.task_count) == (4, 2, 2, 3)


def test_render_and_json(report):
    text = render([report])
    assert "══ demo.txt → kế hoạch demo-cchc" in text
    assert "✓ dòng 12 · II.1 — 1. Sở Nội vụ chủ trì" in text and "→ D-II.1" in text
    assert "✗ dòng 14 · II.2 — 2. Sở Tài chính" in text
    assert "Nhiệm vụ không truy được về văn bản:" in text and "D-X" in text
    assert "Tổng: 4 đoạn giao việc, 2 có trong lịch, 2 chưa có (50%); 2/3 nhiệm vụ" in text
    missing = render([report], missing_only=True)
    assert "✓" not in missing and missing.count("✗") == 2
    [data] = to_json([report], missing_only=True)
    assert data["totals"] == {
        "candidates": 4, "covered": 2, "uncovered": 2, "ratio": 0.5, "tasks": 3, "tasks_traced": 2,
    }  # fmt: skip
    assert [p["covered"] for p in data["passages"]] == [False, False]


def test_markdown_tables_and_tab_rows_are_rows():
    text = "II. NHIỆM VỤ\n\n| TT | Nhiệm vụ | Chủ trì |\n|---|---|---|\n| 1 | Rà soát | Sở Tư pháp |\n"
    text += "\nTT\tNhiệm vụ\tChủ trì\n1\tBáo cáo\tSở Nội vụ\n"
    rows = [p for p in split_passages(text) if p.kind == "row"]
    assert [(p.cells[1], p.lead_cell) for p in rows] == [("Rà soát", "Sở Tư pháp"), ("Báo cáo", "Sở Nội vụ")]


def test_seeds_dir_resolution():
    assert resolve_seeds_dir(Path("x"), {"NHACVIEC_SEEDS_DIR": "y"}) == Path("x")
    assert resolve_seeds_dir(None, {"NHACVIEC_SEEDS_DIR": "y"}) == Path("y")
    assert resolve_seeds_dir(None, {}) == Path("..") / "shared" / "seeds"


def test_cli(tmp_path, monkeypatch, capsys, catalog):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "demo.txt").write_text(DOCUMENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NHACVIEC_SEEDS_DIR", raising=False)
    monkeypatch.delenv("NHACVIEC_SCHEDULES_DIR", raising=False)
    monkeypatch.delenv("NHACVIEC_CONFIG", raising=False)

    assert main(["coverage", "--seeds", str(seeds), "--json", "--plan", "demo-cchc"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert data["plan"] == "demo-cchc" and data["totals"]["covered"] == 2

    assert main(["coverage", "--seeds", str(seeds), "--missing-only"]) == 0
    assert "✗ dòng 14" in capsys.readouterr().out

    assert main(["coverage"]) == 1  # ../shared/seeds does not exist next to tmp_path
    assert "Không tìm thấy thư mục văn bản gốc" in capsys.readouterr().err
    monkeypatch.setenv("NHACVIEC_SEEDS_DIR", str(seeds))
    assert main(["coverage", "--plan", "khong-co"]) == 1


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed documents not found at {SEEDS}")
def test_the_shipped_schedules_cover_the_seed_documents():
    loaded = load_schedules([ROOT / "schedules"])
    assert loaded.ok, "\n".join(map(str, loaded.errors))
    catalog = loaded.catalog
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    assert seeds
    reports = coverage(seeds, catalog.plans.values(), catalog.registries)
    for report in reports:
        assert report.plan_id is not None, f"{report.seed}: no plan names it as its source"
        assert report.candidates, f"{report.seed}: no assignment found"
        gaps = "\n".join(
            textwrap.shorten(f"line {c.passage.line}: {c.passage.text}", 120)
            for c in report.candidates
            if not c.covered
        )
        assert report.ratio >= 0.85, (
            f"{report.seed}: {report.covered}/{len(report.candidates)} covered\n{gaps}"
        )


def test_a_name_written_with_uy_ban_nhan_dan_is_found_as_its_ubnd_alias() -> None:
    from bot.importer.template import template_registry
    from bot.schedules.coverage import AgencyIndex

    index = AgencyIndex([template_registry("hai-duong", "Tỉnh Hải Dương")])
    assert index.find("Ủy ban nhân dân tỉnh tổ chức sơ kết.") == ("ubnd-tinh",)
    assert index.find("Văn phòng Ủy ban nhân dân tỉnh theo dõi.") == ("van-phong-ubnd-tinh", "ubnd-tinh")


def test_only_a_running_header_beside_page_numbers_is_dropped_and_header_lines_join_only_to_complete() -> (
    None
):
    from bot.schedules.coverage import _physical

    text = (
        "- Thời gian: Quý II/2024.\n\n2\n\n- Thời gian: Quý II/2024.\n\n3\n\n"  # a repeated label: kept
        "UBND TỈNH X — KẾ HOẠCH SỐ 27/KH-UBND\nTrang 2/7\n\nUBND TỈNH X — KẾ HOẠCH SỐ 27/KH-UBND\nTrang 3/7\n"
    )
    kept = [raw.text for raw in _physical(text) if raw.text.strip()]
    assert kept.count("- Thời gian: Quý II/2024.") == 2 and "UBND TỈNH X — KẾ HOẠCH SỐ 27/KH-UBND" not in kept
    rows = [
        raw.cells
        for raw in _physical(
            "TT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n1\tRà soát\tSở Y tế, UBND\tVăn phòng UBND\tTheo Kế hoạch\n"
            "TT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n\t\thuyện, TP\ttỉnh\triêng\n"
        )
        if raw.cells
    ]
    assert ["", "", "huyện, TP", "tỉnh", "riêng"] in rows  # a row continued after a page break stays a row


def test_html_spans_lay_each_cell_under_its_header() -> None:
    """colspan leaves empty cells after the merged one; rowspan repeats the text in the rows below."""
    text = (
        "<table>\n"
        '<tr><th rowspan="2">TT</th><th rowspan="2">Nội dung</th><th colspan="2">Cơ quan thực hiện</th>'
        '<th rowspan="2">Thời gian</th></tr>\n'
        "<tr><th>Chủ trì</th><th>Phối hợp</th></tr>\n"
        '<tr><td>1.1</td><td>Rà soát thủ tục hành chính</td><td rowspan="2">Sở Tư pháp</td><td>Sở Nội vụ</td>'
        "<td>Quý II/2025</td></tr>\n"
        "<tr><td>1.2</td><td>Công bố thủ tục hành chính</td><td>Văn phòng UBND tỉnh</td><td>Quý III/2025</td></tr>\n"
        "</table>\n"
    )
    rows = [p.cells for p in split_passages(text) if p.kind == "row"]
    assert rows == [
        ("1.1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Sở Nội vụ", "Quý II/2025"),
        ("1.2", "Công bố thủ tục hành chính", "Sở Tư pháp", "Văn phòng UBND tỉnh", "Quý III/2025"),
    ]
