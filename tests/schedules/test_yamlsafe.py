import time
from pathlib import Path

import pytest

from bot.schedules import yamlsafe
from bot.schedules.yamlsafe import YamlError, load_yaml

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_values_and_positions(tmp_path):
    doc = load_yaml(write(tmp_path, "plan:\n  id: x\ntasks:\n  - id: a\n    due: 2024-02-29\n"))
    assert doc.value == {
        "plan": {"id": "x"},
        "tasks": [{"id": "a", "due": __import__("datetime").date(2024, 2, 29)}],
    }
    assert doc.problems == []
    assert (doc.locate(("tasks", 0, "due")).line, doc.locate(("tasks", 0, "due")).column) == (5, 10)
    assert doc.locate(("tasks", 0, "due"), key=True).column == 5
    # A path that stops early points at the deepest part that exists.
    assert doc.locate(("tasks", 0, "missing")).line == 4


def test_billion_laughs_is_refused_quickly(tmp_path):
    started = time.process_time()
    with pytest.raises(YamlError) as caught:
        load_yaml(write(tmp_path, BOMB))
    assert "bí danh" in caught.value.problems[0].message
    assert time.process_time() - started < 5  # generous; the point is it never expands 9**9 nodes


def test_python_tags_are_refused(tmp_path):
    doc = load_yaml(write(tmp_path, "a: !!python/object/apply:os.system ['echo pwned']\nb: !custom x\n"))
    messages = [(p.position.line, p.message) for p in doc.problems]
    assert len(messages) == 2
    assert messages[0][0] == 1 and "không được phép" in messages[0][1]
    assert messages[1][0] == 2


def test_duplicate_keys_and_impossible_dates_are_reported_together(tmp_path):
    doc = load_yaml(write(tmp_path, "a: 1\nb: 2024-02-31\na: 2\nc: 2023-02-29\n"))
    lines = [(p.position.line, p.message) for p in doc.problems]
    assert lines == [
        (2, "ngày «2024-02-31» không tồn tại"),
        (3, "khóa «a» bị lặp lại (mỗi khóa chỉ được viết một lần)"),
        (4, "ngày «2023-02-29» không tồn tại"),
    ]
    assert doc.value["a"] == 1


def test_syntax_error_has_position(tmp_path):
    with pytest.raises(YamlError) as caught:
        load_yaml(write(tmp_path, "a: [1, 2\nb: 3\n"))
    problem = caught.value.problems[0]
    assert problem.position.line == 2
    assert problem.message.startswith("lỗi cú pháp YAML")


def test_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlsafe, "MAX_FILE_BYTES", 100)
    with pytest.raises(YamlError) as caught:
        load_yaml(write(tmp_path, "a: " + "x" * 200 + "\n"))
    assert "quá lớn" in caught.value.problems[0].message


def test_deep_nesting_is_refused(tmp_path):
    with pytest.raises(YamlError) as caught:
        load_yaml(write(tmp_path, "[" * 200 + "]" * 200 + "\n"))
    assert "quá sâu" in caught.value.problems[0].message


def test_not_utf8(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes("a: 1\nb: Sở\n".encode("utf-16"))
    with pytest.raises(YamlError):
        load_yaml(path)


def test_empty_file(tmp_path):
    assert load_yaml(write(tmp_path, "")).value is None
