"""Every validation error an admin can meet, with the exact file:line:col they are sent to."""

import subprocess
import sys
from pathlib import Path

import pytest

from bot.schedules.loader import load_schedules

DATA = Path(__file__).resolve().parent.parent / "data"
BROKEN = DATA / "broken"
REGISTRY = DATA / "registry"
VALID = DATA / "valid"


def problems_of(*paths: Path) -> list[str]:
    result = load_schedules([REGISTRY, *paths])
    return [f"{p.file.name}:{p.line}:{p.column}: {p.message}" for p in result.problems]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("syntax.yaml", ["syntax.yaml:5:1: lỗi cú pháp YAML: chuỗi trong dấu nháy chưa được đóng"]),
        (
            "unknown_field.yaml",
            ["unknown_field.yaml:11:5: trường «dealine» không hợp lệ; có phải «deadline»?"],
        ),
        (
            "unknown_agency.yaml",
            [
                "unknown_agency.yaml:10:25: không tìm thấy cơ quan «Sở Ngoại vụ» trong danh mục tỉnh «demo»; "
                "có phải: «Sở Nội vụ», «Sở Mới», «Sở Tài chính»?"
            ],
        ),
        (
            "bad_deadline.yaml",
            [
                "bad_deadline.yaml:11:15: không hiểu thời hạn «khi nào xong thì báo»; sửa cách viết hoặc ghi rõ "
                "các trường kind/due (xem docs/schedules.md)"
            ],
        ),
        (
            "impossible_date.yaml",
            [
                "impossible_date.yaml:11:15: Ngày 31/02/2024 không tồn tại; sửa cách viết hoặc ghi rõ các trường "
                "kind/due (xem docs/schedules.md)",
                "impossible_date.yaml:18:12: ngày «2024-02-30» không tồn tại",
            ],
        ),
        ("lead_is_support.yaml", ["lead_is_support.yaml:11:29: «SNV» vừa chủ trì vừa phối hợp nhiệm vụ này"]),
        (
            "python_tag.yaml",
            ["python_tag.yaml:3:10: thẻ YAML «python/object/apply:os.system» không được phép"],
        ),
        (
            "alias_bomb.yaml",
            ["alias_bomb.yaml:7:4: tệp dùng bí danh YAML (alias) mở rộng quá lớn; bị từ chối"],
        ),
        ("wrong_province.yaml", ["wrong_province.yaml:5:13: chưa có danh mục cơ quan của tỉnh «ha-giang»"]),
        (
            "wrong_types.yaml",
            [
                "wrong_types.yaml:2:7: «id»: mã «Broken Types» không hợp lệ: chỉ dùng chữ thường không dấu, số "
                "và dấu gạch ngang",
                "wrong_types.yaml:4:9: «year»: phải là số nguyên",
                "wrong_types.yaml:6:11: «status»: giá trị «paused» không hợp lệ; chọn một trong: 'active', 'closed'",
                "wrong_types.yaml:11:11: «lead»: cần ít nhất 1 mục",
                "wrong_types.yaml:13:13: «verify»: phải là true hoặc false",
                "wrong_types.yaml:15:15: «before»: số ngày nhắc trước phải từ 1 trở lên",
                "wrong_types.yaml:16:18: «send_time»: phải là giờ dạng HH:MM",
            ],
        ),
    ],
)
def test_each_broken_file_reports_its_exact_position(name, expected):
    assert problems_of(BROKEN / name) == expected


def test_duplicate_task_ids_within_and_across_plans():
    found = problems_of(VALID, BROKEN / "duplicate_ids.yaml")
    assert found == [
        "duplicate_ids.yaml:12:9: mã nhiệm vụ «dup-1» bị trùng (đã dùng ở "
        f"{BROKEN / 'duplicate_ids.yaml'}:7)",
        f"duplicate_ids.yaml:17:9: mã nhiệm vụ «D-1» bị trùng (đã dùng ở {VALID / 'demo-plan.yaml'}:11)",
    ]


def test_all_problems_of_all_files_in_one_run():
    result = load_schedules([REGISTRY, BROKEN])
    files_with_errors = {p.file.name for p in result.errors}
    assert files_with_errors == {p.name for p in BROKEN.glob("*.yaml")}
    assert len(result.errors) == 18
    # A broken plan contributes nothing; the registry still loads.
    assert result.catalog.plans == {}
    assert "demo" in result.catalog.registries


def test_valid_files_load():
    result = load_schedules([REGISTRY, VALID])
    assert result.ok, result.problems
    plan = result.catalog.plans["demo-2024"]
    assert [t.id for t in plan.tasks] == ["D-1", "D-2", "D-3", "D-4", "D-5"]
    assert plan.tasks[1].lead_ids == ("so-noi-vu", "so-tai-chinh", "so-ke-hoach-va-dau-tu", "so-tu-phap")
    assert plan.tasks[2].deadline.kind == "ongoing" and plan.tasks[2].deadline_implied == "Thường xuyên"
    assert plan.tasks[3].deadline.kind == "event"


def test_unspecified_deadline_is_a_warning_not_an_error(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(
        (VALID / "demo-plan.yaml")
        .read_text(encoding="utf-8")
        .replace('"Quý I/2024"', '"Theo Kế hoạch riêng"'),
        encoding="utf-8",
    )
    result = load_schedules([REGISTRY, plan])
    assert result.ok
    assert [(p.severity, p.line) for p in result.problems] == [("warning", 16)]
    assert str(result.problems[0]).endswith("cảnh báo: nhiệm vụ chưa có thời hạn cụ thể; sẽ không được nhắc")


def test_registry_errors(tmp_path):
    bad = tmp_path / "bad-registry.yaml"
    bad.write_text(
        """\
registry:
  province: xyz
  name: Tỉnh XYZ
groups:
  - id: nhom
    name: Nhóm
    includes: [khong-co]
agencies:
  - id: a
    name: Sở A
    aliases: ["Sở B"]
    merged_into: b
  - id: b
    name: Sở B
    merged_into: a
    supervisor: c
  - id: a
    name: Sở C
    groups: [nhom-la]
""",
        encoding="utf-8",
    )
    found = [f"{p.line}:{p.column}: {p.message}" for p in load_schedules([bad]).problems]
    assert found == [
        "7:15: nhóm «khong-co» không có trong danh mục",
        "14:11: tên «Sở B» trùng với tên của «a»",
        "16:17: cơ quan «c» không có trong danh mục",
        "17:9: mã «a» bị trùng",
        "19:13: nhóm «nhom-la» không có trong danh mục",
    ]


def test_merge_cycle_is_reported(tmp_path):
    bad = tmp_path / "cycle.yaml"
    bad.write_text(
        "registry: {province: xyz, name: X}\nagencies:\n"
        "  - {id: a, name: Sở A, merged_into: b}\n  - {id: b, name: Sở B, merged_into: a}\n",
        encoding="utf-8",
    )
    messages = [p.message for p in load_schedules([bad]).problems]
    assert messages == ["chuỗi sáp nhập (merged_into) bị vòng lặp"] * 2


def test_cli_validate_exit_codes_and_output():
    ok = subprocess.run(
        [sys.executable, "-m", "bot", "validate", str(REGISTRY), str(VALID)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "Hợp lệ: 1 danh mục (8 cơ quan), 1 kế hoạch, 5 nhiệm vụ."
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "validate", str(REGISTRY), str(BROKEN / "unknown_field.yaml")],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert bad.stdout.startswith(f"{BROKEN / 'unknown_field.yaml'}:11:5: trường «dealine» không hợp lệ")
    missing = subprocess.run(
        [sys.executable, "-m", "bot", "validate", "/nonexistent"], capture_output=True, text=True
    )
    assert missing.returncode == 1


def test_member_of_a_lead_group_may_coordinate(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(
        "plan: {id: p, title: T, year: 2024, province: demo}\n"
        "tasks:\n"
        '  - {id: G-1, ref: "1", title: Rà soát, lead: ["Các sở, ban, ngành"], support: ["Sở Tư pháp"], '
        'deadline: "Quý I/2024"}\n',
        encoding="utf-8",
    )
    result = load_schedules([REGISTRY, plan])
    assert result.ok, result.problems
    task = result.catalog.plans["p"].tasks[0]
    assert "so-tu-phap" in task.lead_ids and task.support_ids == ()


def test_groups_stand_for_the_bodies_that_existed_when_the_plan_started(tmp_path):
    def leads(year: int) -> tuple[str, ...]:
        plan = tmp_path / f"p{year}.yaml"
        plan.write_text(
            f"plan: {{id: p{year}, title: T, year: {year}, province: demo}}\n"
            f'tasks:\n  - {{id: G{year}, ref: "1", title: Báo cáo, lead: ["Các sở, ban, ngành"], deadline: "Quý IV"}}\n',
            encoding="utf-8",
        )
        result = load_schedules([REGISTRY, plan])
        assert result.ok, result.problems
        return result.catalog.plans[f"p{year}"].tasks[0].lead_ids

    # 2024: the Department of Planning and Investment still existed; "Sở Mới" did not yet.
    assert leads(2024) == ("so-noi-vu", "so-tai-chinh", "so-ke-hoach-va-dau-tu", "so-tu-phap")
    # 2026: merged away, and the new body is a member.
    assert leads(2026) == ("so-noi-vu", "so-tai-chinh", "so-tu-phap", "so-moi")
