"""Safe YAML reading that remembers where every value came from.

We compose the document with libyaml (`CSafeLoader`) and build plain Python values from the node tree
ourselves, so that:
- only the standard scalar types are accepted (no Python tags, no custom tags);
- a duplicate key is an error instead of silently winning;
- aliases cannot blow up: the expanded size of the tree is computed first and bounded ("billion laughs");
- the node tree is kept, so an error found later (by pydantic or the domain checks) at a path such as
  ``("tasks", 3, "deadline")`` can be turned back into ``file:line:col``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is in the pinned wheels
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_timestamps = SafeConstructor()

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True, slots=True)
class YamlProblem:
    position: Position
    message: str  # Vietnamese


class YamlError(Exception):
    """The file cannot be read as YAML at all (syntax, size, tags, aliases, duplicates)."""

    def __init__(self, problems: Sequence[YamlProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)


@dataclass(slots=True)
class YamlDocument:
    """A parsed file: its plain value and the node tree for locating paths."""

    path: Path
    value: Any
    root: Node | None
    problems: list[YamlProblem]  # non-fatal: the value holds a stand-in and reading went on

    def locate(self, path: Path_, *, key: bool = False) -> Position:
        """Where `path` is in the file; the deepest existing ancestor when the path stops early.

        With `key`, a mapping entry is located at its key (useful for "unknown field" errors).
        """
        node = self.root
        if node is None:
            return Position(1, 1)
        found = _position(node)
        for step_index, step in enumerate(path):
            last = step_index == len(path) - 1
            if isinstance(node, MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, ScalarNode) and key_node.value == step:
                        found = _position(key_node if (key and last) else value_node)
                        node = value_node
                        break
                else:
                    return found
            elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
                found = _position(node)
            else:
                return found
        return found


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def load_yaml(path: Path) -> YamlDocument:
    """Read one YAML file safely; raises `YamlError` with Vietnamese messages and positions."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlError([YamlProblem(Position(1, 1), f"không đọc được tệp: {exc.strerror}")]) from exc
    if size > MAX_FILE_BYTES:
        limit_mb = MAX_FILE_BYTES // (1024 * 1024)
        raise YamlError([YamlProblem(Position(1, 1), f"tệp quá lớn ({size:,} byte; tối đa {limit_mb} MB)")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError([YamlProblem(Position(line, 1), "tệp không phải mã UTF-8")]) from exc
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> YamlDocument:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        raise YamlError([YamlProblem(position, f"lỗi cú pháp YAML: {_syntax_message(exc)}")]) from exc
    except yaml.YAMLError as exc:
        raise YamlError([YamlProblem(Position(1, 1), f"lỗi cú pháp YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    if root is None:
        return YamlDocument(path, None, None, [])
    _check_expanded_size(root)
    builder = _Builder()
    value = builder.build(root, 0)
    return YamlDocument(path, value, root, builder.problems)


_SYNTAX_HINTS = (
    ("found character '\\t'", "không được dùng phím Tab để thụt lề; hãy dùng dấu cách"),
    ("mapping values are not allowed", "dấu «:» không được đặt ở đây; chuỗi có «: » phải đặt trong dấu nháy"),
    ("while scanning a quoted scalar", "chuỗi trong dấu nháy chưa được đóng"),
    ("while parsing a flow sequence", "danh sách [...] chưa được đóng hoặc thiếu dấu phẩy"),
    ("while parsing a flow mapping", "ánh xạ {...} chưa được đóng hoặc thiếu dấu phẩy"),
    ("could not find expected ':'", "thiếu dấu «:» sau tên trường"),
    ("found undefined alias", "bí danh (alias) chưa được định nghĩa"),
    ("expected <block end>", "thụt lề không đúng"),
    ("did not find expected key", "thụt lề không đúng hoặc thiếu tên trường"),
    ("did not find expected '-' indicator", "thụt lề của danh sách không đúng"),
    ("expected a single document", "tệp chỉ được chứa một tài liệu YAML"),
    ("found unexpected end of stream", "tệp kết thúc đột ngột"),
)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """A Vietnamese explanation of the common mistakes; PyYAML's own words otherwise."""
    english = ", ".join(p for p in (exc.context, exc.problem) if p)
    for needle, vietnamese in _SYNTAX_HINTS:
        if needle in english:
            return vietnamese
    return f"không đọc được ({english})"


def _check_expanded_size(root: Node) -> None:
    """Refuse a tree whose aliases would expand to more than MAX_NODES nodes (computed without expanding)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children: list[Node]
        if isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        else:
            sizes[key] = 1
            continue
        if children_done:
            total = 1 + sum(sizes.get(id(child), 0) for child in children)
            if total > MAX_NODES:
                raise YamlError(
                    [
                        YamlProblem(
                            _position(node), "tệp dùng bí danh YAML (alias) mở rộng quá lớn; bị từ chối"
                        )
                    ]
                )
            sizes[key] = total
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)


class _Builder:
    """Builds plain values from nodes; an alias reuses the value already built for its anchor."""

    def __init__(self) -> None:
        self._built: dict[int, Any] = {}
        self.problems: list[YamlProblem] = []

    def _problem(self, node: Node, message: str) -> None:
        self.problems.append(YamlProblem(_position(node), message))

    def build(self, node: Node, depth: int) -> Any:
        known = self._built.get(id(node), _MISSING)
        if known is not _MISSING:
            return known
        if depth > MAX_DEPTH:
            raise YamlError([YamlProblem(_position(node), f"lồng nhau quá sâu (tối đa {MAX_DEPTH} mức)")])
        value: Any
        if isinstance(node, ScalarNode):
            value = self._scalar(node)
        elif isinstance(node, SequenceNode):
            self._check_tag(node, f"{_TAG}seq")
            value = [self.build(child, depth + 1) for child in node.value]
        elif isinstance(node, MappingNode):
            self._check_tag(node, f"{_TAG}map")
            value = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, depth + 1)
                if not isinstance(key, str | int | bool | dt.date):
                    self._problem(key_node, "khóa phải là một giá trị đơn (chuỗi hoặc số)")
                elif key in value:
                    self._problem(key_node, f"khóa «{key}» bị lặp lại (mỗi khóa chỉ được viết một lần)")
                else:
                    value[key] = self.build(value_node, depth + 1)
        else:  # pragma: no cover - composer yields only these three
            raise YamlError([YamlProblem(_position(node), "nút YAML không hỗ trợ")])
        self._built[id(node)] = value
        return value

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == f"{_TAG}str":
            return node.value
        if tag not in _SCALAR_TAGS:
            self._problem(node, f"thẻ YAML «{tag.removeprefix(_TAG)}» không được phép")
            return None
        try:
            if tag == f"{_TAG}timestamp":
                return _timestamps.construct_yaml_timestamp(node)
            if tag == f"{_TAG}int":
                return _timestamps.construct_yaml_int(node)
            if tag == f"{_TAG}bool":
                return _timestamps.construct_yaml_bool(node)
            if tag == f"{_TAG}float":
                return _timestamps.construct_yaml_float(node)
            return None
        except (ValueError, ConstructorError, OverflowError):
            kind = "ngày" if tag == f"{_TAG}timestamp" else "giá trị"
            self._problem(node, f"{kind} «{node.value}» không tồn tại")
            return None  # a stand-in, so that checking the rest of the file goes on

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self._problem(node, f"thẻ YAML «{node.tag.removeprefix(_TAG)}» không được phép")


_MISSING = object()
