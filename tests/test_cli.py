"""The `nhacviec` command as other tools and admins use it: shapes, texts and exit codes."""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import _parser, main

DATA = Path(__file__).resolve().parent / "data"
DEMO = [str(DATA / "registry"), str(DATA / "valid")]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Quý I/2024", {"kind": "date", "due": "2024-03-31", "due_alt": None, "note": None}),
        ("Trước 10/2/2024", {"kind": "date", "due": "2024-02-10", "due_alt": "2024-02-09", "note": None}),
        (
            "định kỳ hằng quý (trước ngày 15 tháng cuối quý)",
            {"kind": "recurring", "freq": "quarterly", "day": 15, "month_in_period": "last"},
        ),
        ("Thường xuyên", {"kind": "ongoing"}),
        ("Theo Kế hoạch riêng", {"kind": "unspecified"}),
    ],
)
def test_deadline_json(capsys, phrase, expected):
    assert main(["deadline", phrase, "--year", "2024", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == expected


def test_deadline_unknown_exits_1(capsys):
    assert main(["deadline", "khi nào rảnh", "--year", "2024", "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == {"kind": "unknown"}


def test_deadline_text_is_vietnamese(capsys):
    assert main(["deadline", "Tháng 4", "--year", "2024"]) == 0
    assert capsys.readouterr().out.strip() == "Hạn: 30/04/2024"
    assert main(["deadline", "31/02/2024", "--year", "2024"]) == 1
    assert capsys.readouterr().out.strip() == "Ngày 31/02/2024 không tồn tại."
    assert main(["deadline", "định kỳ hằng tuần (chiều thứ Năm)", "--year", "2024"]) == 0
    assert capsys.readouterr().out.strip() == "Định kỳ hằng tuần, vào thứ Năm\nGhi chú: chiều"
    assert main(["deadline", "chậm nhất 05 ngày làm việc trước ngày kiểm tra", "--year", "2024"]) == 0
    assert (
        capsys.readouterr().out.strip() == "Theo sự kiện «kiểm tra»: 5 ngày làm việc trước khi sự kiện xảy ra"
    )
    assert main(["deadline", "trước ngày 15 tháng cuối quý", "--year", "2024"]) == 0
    assert capsys.readouterr().out.strip() == "Định kỳ hằng quý, hạn ngày 15 tháng cuối kỳ"


def test_event_json_through_a_subprocess():
    done = run(
        "deadline", "trong 01 tháng kể từ khi Chính phủ ban hành Nghị định", "--year", "2024", "--json"
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["offset_days"] == 30


def test_tasks_json(capsys):
    args = ["tasks", "--json"]
    for path in DEMO:
        args += ["--path", path]
    assert main(args) == 0
    tasks = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in tasks] == ["D-1", "D-2", "D-3", "D-4", "D-5"]
    first = tasks[0]
    assert first["plan"] == "demo-2024" and first["ref"] == "1"
    assert first["lead"] == [{"id": "demo:so-noi-vu", "name": "Sở Nội vụ"}]
    assert first["support"] == [{"id": "demo:so-tu-phap", "name": "Sở Tư pháp"}]
    assert first["deadline"] == {"kind": "date", "due": "2024-03-31", "due_alt": None, "note": None}
    assert first["phrase"] == "Quý I/2024"
    assert len(tasks[1]["lead"]) == 4  # a group fans out


def test_tasks_filtered_by_agency_alias(capsys):
    args = ["tasks", "--agency", "SNV", "--json"]
    for path in DEMO:
        args += ["--path", path]
    assert main(args) == 0
    assert [t["id"] for t in json.loads(capsys.readouterr().out)] == ["D-1", "D-2", "D-4"]


def test_simulate_json_and_text(capsys):
    args = ["simulate", "--from", "2024-03-21", "--to", "2024-03-21", "--agency", "Sở Nội vụ"]
    for path in DEMO:
        args += ["--path", path]
    assert main([*args, "--json"]) == 0
    messages = json.loads(capsys.readouterr().out)
    assert [(m["date"], m["time"], m["recipient"]) for m in messages] == [
        ("2024-03-21", "08:00", "demo:so-noi-vu")
    ]
    items = [
        (i["task"], i["reason"], i["working_days"], i["due"], i["occurrence"]) for i in messages[0]["items"]
    ]
    assert items == [
        ("D-2", "overdue", 4, "2024-03-15", "2024-Q1"),  # the quarterly report of "Các sở, ban, ngành"
        ("D-1", "before", 7, "2024-04-01", "once"),
    ]
    assert messages[0]["text"].startswith("📋 NHẮC VIỆC — Sở Nội vụ\nThứ Năm, 21/03/2024")
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "══ 21/03/2024 08:00 → demo:so-noi-vu" in text
    assert text.rstrip().endswith("Tổng: 1 tin nhắn, 2 mục, từ 21/03/2024 đến 21/03/2024.")


def test_simulate_refuses_broken_schedules(capsys):
    args = ["simulate", "--path", DEMO[0], "--path", str(DATA / "broken" / "unknown_field.yaml")]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "unknown_field.yaml:11:5: trường «dealine» không hợp lệ" in err


def test_simulate_rejects_backwards_window(capsys):
    args = ["simulate", "--from", "2024-05-01", "--to", "2024-04-01"]
    for path in DEMO:
        args += ["--path", path]
    assert main(args) == 1


def test_usage_errors_exit_2():
    assert run("nope").returncode == 2
    assert run("simulate", "--from", "01/02/2024").returncode == 2


def test_invalid_config_is_reported_with_position(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("timezone: Asia/Ho_Chi_Minh\nreminders:\n  befor: [3]\n", encoding="utf-8")
    done = run("--config", str(config), "validate", *DEMO)
    assert done.returncode == 1
    assert f"{config}:3:3: trường «befor» không hợp lệ; có phải «before»?" in done.stderr


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["imprt", "x"], "nhacviec: lỗi: «imprt» không có; chọn một trong: 'validate'"),
        (["import"], "nhacviec import: lỗi: thiếu tham số: file"),
        (["tasks", "--bogus"], "nhacviec: lỗi: không hiểu tham số: --bogus"),
        (["simulate", "--from"], "nhacviec simulate: lỗi: «--from» cần một giá trị"),
    ],
)
def test_usage_errors_are_said_in_vietnamese(capsys, argv, said):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert said in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv", [["-h"], ["import", "-h"], ["registry", "init", "--help"], ["deadline", "-h"]]
)
def test_help_is_in_vietnamese(capsys, argv):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("cách dùng: nhacviec")
    assert "-h, --help" in shown and "in hướng dẫn này rồi thoát" in shown
    for english in ("usage:", "positional arguments", "options:", "show this help message"):
        assert english not in shown


def test_every_argument_is_explained():
    def parsers(parser: argparse.ArgumentParser):
        yield parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    yield from parsers(sub)

    unexplained = [
        f"{parser.prog} {action.dest}"
        for parser in parsers(_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert unexplained == []
