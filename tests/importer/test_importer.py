from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.domain.model import Agency, Group, Registry
from bot.importer.command import run
from bot.importer.draft import ImportError_, make_draft, to_yaml
from bot.importer.extract import extract_meta

PLAN = """Số: 45/KH-UBND

Hà Nam, ngày 15 tháng 01 năm 2024

KẾ HOẠCH
Chuyển đổi số tỉnh năm 2024

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích: Sở Nội vụ triển khai nâng cao nhận thức cho toàn bộ cán bộ.

II. NHIỆM VỤ CỤ THỂ

1. Nhiệm vụ theo cơ quan

1.1. Sở Tài chính: Bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số năm 2024 theo quy định hiện hành.

1.2. Sở Du lịch Biển: Xây dựng cẩm nang du lịch số cho toàn tỉnh phục vụ khách tham quan.

2. Nhiệm vụ chung

- Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát vị trí việc làm của các cơ quan hành chính, **hoàn thành trước ngày 30/6/2024**.

III. TỔ CHỨC THỰC HIỆN

PHỤ LỤC NHIỆM VỤ

TT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian\tKết quả
1\tXây dựng kho dữ liệu dùng chung của tỉnh phục vụ chỉ đạo điều hành\tSở Tài chính\tSở Nội vụ\tQuý III/2024\tKho dữ liệu
2\tCập nhật cơ sở dữ liệu cán bộ, công chức, viên chức trên phần mềm quản lý

TT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian\tKết quả
\tcủa tỉnh và kết nối với hệ thống quốc gia\tSở Nội vụ\t\tTháng 9/2024\tDữ liệu cập nhật
"""


@pytest.fixture
def registry() -> Registry:
    agencies = [
        Agency("so-noi-vu", "Sở Nội vụ", "so", groups=("cac-so",)),
        Agency("so-tai-chinh", "Sở Tài chính", "so", groups=("cac-so",)),
        Agency("so-du-lich", "Sở Du lịch", "so", groups=("cac-so",)),
    ]
    return Registry("ha-nam", "Tỉnh Hà Nam", agencies, [Group("cac-so", "Các sở, ban, ngành")])


def test_metadata() -> None:
    meta = extract_meta(PLAN)
    assert meta.number == "45/KH-UBND"
    assert meta.issued == date(2024, 1, 15)
    assert meta.title == "Kế hoạch chuyển đổi số tỉnh năm 2024"
    assert meta.year == 2024
    assert meta.issuer == "UBND tỉnh Hà Nam"


def test_draft_tasks(registry: Registry) -> None:
    draft = make_draft(PLAN, registry)
    by_text = {t.text[:30]: t for t in draft.tasks}
    texts = " | ".join(t.text for t in draft.tasks)
    assert "nâng cao nhận thức" not in texts  # purpose section skipped
    fin = next(t for t in draft.tasks if "Bố trí kinh phí" in t.text)
    assert fin.ref == "II.1.1" and fin.id == "KH45-II.1.1"
    assert fin.title.startswith("Bố trí kinh phí")
    assert fin.lead == [{"name": "Sở Tài chính", "id": "so-tai-chinh"}]
    assert fin.deadline["implied"] == "Năm 2024" and fin.deadline["kind"] == "date"
    tourism = next(t for t in draft.tasks if "cẩm nang" in t.text)
    assert tourism.flags[0].startswith("unknown_agency:Sở Du lịch Biển")
    assert "Sở Du lịch" in tourism.flags[0]
    review = next(t for t in draft.tasks if "vị trí việc làm" in t.text)
    assert [x["id"] for x in review.lead] == ["so-noi-vu"]
    assert [x["id"] for x in review.support] == ["so-tai-chinh"]
    assert review.deadline["phrase"] == "hoàn thành trước ngày 30/6/2024"
    assert review.deadline["due"] == "2024-06-30"
    rows = [t for t in draft.tasks if t.output]
    assert len(rows) == 2, by_text
    assert rows[0].deadline["phrase"] == "Quý III/2024" and rows[0].output == "Kho dữ liệu"
    assert [x["id"] for x in rows[0].support] == ["so-noi-vu"]
    joined = rows[1]
    assert "kết nối với hệ thống quốc gia" in joined.text
    assert "joined_across_page_break" in joined.flags
    assert joined.deadline["phrase"] == "Tháng 9/2024"
    yaml_text = to_yaml(draft)
    assert "# CẦN XEM: «Sở Du lịch Biển» không có trong danh mục cơ quan." in yaml_text
    assert "#   Tên gần giống: Sở Du lịch" in yaml_text
    assert '- {id: so-du-lich-bien, name: "Sở Du lịch Biển", kind: so}' in yaml_text
    assert "# CẦN XEM: đoạn này bị ngắt trang" in yaml_text
    assert len({t.id for t in draft.tasks}) == len(draft.tasks)


def test_not_a_plan(registry: Registry) -> None:
    with pytest.raises(ImportError_):
        make_draft("   \n", registry)
    with pytest.raises(ImportError_):
        make_draft("Hôm nay trời đẹp.\n\nChúng tôi đi chơi công viên.\n", registry)


class _Args:
    def __init__(self, file: Path, output: Path | None = None, as_json: bool = False) -> None:
        self.file, self.output, self.json = file, output, as_json
        self.province, self.plan_id = None, None


def test_cli_bad_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.yaml"
    assert run(_Args(tmp_path / "missing.txt", out), tmp_path) == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert run(_Args(empty, out), tmp_path) == 1
    prose = tmp_path / "prose.txt"
    prose.write_text("Một đoạn văn bình thường, không giao việc cho ai.\n", encoding="utf-8")
    assert run(_Args(prose, out), tmp_path) == 1
    assert not out.exists()
    assert "Không" in capsys.readouterr().err


def test_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert run(_Args(plan, as_json=True), tmp_path) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"ref", "title", "text", "lead", "support", "deadline", "output", "flags"} <= set(data[0])


def test_a_title_naming_the_year_reviewed_does_not_move_the_plan_back():
    from bot.importer.extract import extract_meta

    text = (
        "Số: 78/KH-UBND\n\nTuyên Quang, ngày 23 tháng 4 năm 2024\n\nKẾ HOẠCH\n\n"
        "Sửa chữa, khắc phục hạn chế, khuyết điểm sau kiểm điểm năm 2023\n\nI. MỤC ĐÍCH\n"
    )
    assert extract_meta(text).year == 2024
