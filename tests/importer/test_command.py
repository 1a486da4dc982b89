"""`nhacviec import` as the admin runs it: a running plan is never overwritten; a new province gets the template."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.importer.command import run
from bot.schedules.loader import load_schedules
from importer.test_amend import KIEM_TRA, KINH_PHI, RA_SOAT, TONG_HOP, document, schedules  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


class _Args:
    def __init__(self, file: Path, province: str | None = "demo", output: Path | None = None) -> None:
        self.file, self.province, self.output = file, province, output
        self.json, self.plan_id = False, None


def _version_2(tmp_path: Path) -> Path:
    changed = KINH_PHI.replace("Tháng 3/2024", "Tháng 5/2024")
    path = tmp_path / "v2.txt"
    path.write_text(document([KIEM_TRA, changed, RA_SOAT, TONG_HOP]), encoding="utf-8")
    return path


def test_a_new_version_reports_what_changed_and_leaves_the_running_file_alone(
    schedules: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    running = schedules / "demo" / "kh45-cchc-2024.yaml"
    before = running.read_bytes()
    merged = tmp_path / "merged.yaml"
    assert run(_Args(_version_2(tmp_path), output=merged), schedules) == 0
    err = capsys.readouterr().err
    assert "So với kế hoạch đang chạy «kh45-cchc-2024»" in err
    assert "+ 1 nhiệm vụ mới" in err and "~ 1 nhiệm vụ thay đổi" in err and "Tháng 5/2024" in err
    assert running.read_bytes() == before
    text = merged.read_text(encoding="utf-8")
    assert "note: Đã nhắc Sở Nội vụ gửi dự thảo trước." in text  # the admin's hand edit survives
    assert "CẦN XEM" in text
    # the merged draft, put in place of the running file, loads
    running.write_text(text, encoding="utf-8")
    result = load_schedules([schedules])
    assert result.ok, "\n".join(map(str, result.problems))
    assert len(result.catalog.plans["kh45-cchc-2024"].tasks) == 4


def test_the_running_file_is_refused_as_output(
    schedules: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    running = schedules / "demo" / "kh45-cchc-2024.yaml"
    before = running.read_bytes()
    assert run(_Args(_version_2(tmp_path), output=running), schedules) == 1
    assert "Không ghi đè kế hoạch đang chạy" in capsys.readouterr().err
    assert running.read_bytes() == before


def test_a_province_without_a_registry_is_read_with_the_template(tmp_path: Path) -> None:
    plan = tmp_path / "lao-cai.txt"
    plan.write_text(
        "Số: 7/KH-UBND\n\nLào Cai, ngày 10 tháng 01 năm 2025\n\nKẾ HOẠCH\nChuyển đổi số năm 2025\n\n"
        "II. NHIỆM VỤ\n\n1. Sở Khoa học và Công nghệ tỉnh Lào Cai chủ trì, phối hợp với Công an tỉnh triển khai "
        "nền tảng số, hoàn thành trước ngày 30/6/2025.\n\n"
        "2. UBND các huyện, thị xã, thành phố: Rà soát hạ tầng viễn thông tại các xã.\n",
        encoding="utf-8",
    )
    (tmp_path / "schedules").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "bot", "import", str(plan), "--province", "lao-cai", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"NHACVIEC_SCHEDULES_DIR": str(tmp_path / "schedules"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Chưa có danh mục cơ quan của tỉnh «lao-cai»" in done.stderr and "registry init" in done.stderr
    import json

    tasks = json.loads(done.stdout)
    assert [x["id"] for x in tasks[0]["lead"]] == ["so-khoa-hoc-va-cong-nghe"]
    assert [x["id"] for x in tasks[0]["support"]] == ["cong-an-tinh"]
    assert tasks[0]["deadline"]["due"] == "2025-06-30"
    assert tasks[1]["lead"][0]["id"] == "ubnd-cac-huyen" and tasks[1]["lead"][0].get("group")
    assert not any(f.startswith("unknown_agency") for t in tasks for f in t["flags"])


def test_an_output_that_cannot_be_written_is_explained_in_vietnamese(
    schedules: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "missing-folder" / "draft.yaml"
    assert run(_Args(_version_2(tmp_path), province=None, output=out), tmp_path) == 1
    assert capsys.readouterr().err.strip() == f"Không ghi được «{out}»: thư mục không tồn tại."
