"""Word's automatic numbering: the label ("1.", "1.2.", "a)", "-") a numbered paragraph shows.

Word keeps "II.", "1.2." or "a)" of a list paragraph out of its text: the paragraph names a list (`w:numPr`:
`numId`, level `ilvl`, on the paragraph or inherited from its style) and numbering.xml says how each level
is counted (`start`, `numFmt`, `lvlText` such as "%1.%2."). Plans numbered that way lose their structure
(sections, agency items, references) unless the labels are put back; `DocxNumbering.label` computes them in
document order as Word displays them:
- counters belong to the abstract list, so lists sharing one continue each other, as in Word;
- a level counts up; the levels below it start again;
- a `w:num` with `startOverride` restarts its levels the first time it is used ("Restart numbering");
- `isLgl` shows the outer levels as decimals ("1.2" under "I.").
Bullets become "-". Formats Word has beyond those plans use (ordinals, Asian counting) count as decimals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_LEVELS = 9


@dataclass(frozen=True, slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False


@dataclass(slots=True)
class _List:
    levels: dict[int, _Level] = field(default_factory=dict)
    counters: list[int | None] = field(default_factory=lambda: [None] * _LEVELS)


_MAX_COUNT = 32767  # Word's largest list number: a start past it is a damaged file, not a long list


def _int(value: Any, default: int) -> int:
    try:
        return max(-_MAX_COUNT, min(int(str(value)), _MAX_COUNT))
    except (TypeError, ValueError):
        return default


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    """Word's letters: a … z, then aa … zz (the letter repeated), as Word counts."""
    if n < 1:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
}


class DocxNumbering:
    """The numbering definitions of one document and the counters of its lists, in document order."""

    def __init__(
        self,
        numbering: Any | None,
        style_numbering: Callable[[str], tuple[str, int] | None],
        list_style: Callable[[str], str | None] = lambda _: None,
    ) -> None:
        """`numbering`: the `w:numbering` element (None without one); `style_numbering(style_id)`: the
        (numId, ilvl) a paragraph style gives its paragraphs, None if it numbers nothing; `list_style(style_id)`:
        the numId of a list style (a list defined by one: `w:numStyleLink` — "1 / 1.1 / 1.1.1" outlines)."""
        self._style_numbering = style_numbering
        self._lists: dict[str, _List] = {}  # abstractNumId -> its levels and counters
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self._used: set[str] = set()  # numIds seen (their overrides are applied once)
        if numbering is None:
            return
        links: dict[str, str] = {}  # abstractNumId -> the list style whose definition it uses
        for abstract in numbering.iterchildren(f"{_W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(f"{_W}lvl"):
                levels[_int(lvl.get(f"{_W}ilvl"), 0)] = _level(lvl)
            abstract_id = str(abstract.get(f"{_W}abstractNumId"))
            self._lists[abstract_id] = _List(levels)
            if (link := abstract.find(f"{_W}numStyleLink")) is not None and not levels:
                links[abstract_id] = str(link.get(_VAL))
        for num in numbering.iterchildren(f"{_W}num"):
            abstract_id = num.find(f"{_W}abstractNumId")
            if abstract_id is None:
                continue
            overrides: dict[int, int] = {}
            for override in num.iterchildren(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    overrides[_int(override.get(f"{_W}ilvl"), 0)] = _int(start.get(_VAL), 1)
            self._nums[str(num.get(f"{_W}numId"))] = (str(abstract_id.get(_VAL)), overrides)
        for abstract_id, style_id in links.items():  # the style's list: its levels, and counting on with it
            target = self._nums.get(list_style(style_id) or "")
            if target is not None and target[0] in self._lists and target[0] not in links:
                self._lists[abstract_id] = self._lists[target[0]]

    def label(self, p: Any, style_id: str | None) -> str:
        """The label Word shows before paragraph `p` ("" when it is not numbered); counts it."""
        num_id, level = self._numbering_of(p, style_id)
        if num_id is None or num_id not in self._nums:
            return ""
        abstract_id, overrides = self._nums[num_id]
        found = self._lists.get(abstract_id)
        if found is None:
            return ""
        counters = found.counters
        starts = {k: overrides.get(k, found.levels.get(k, _Level()).start) for k in range(_LEVELS)}
        if num_id not in self._used:
            self._used.add(num_id)
            for k in overrides:
                if 0 <= k < _LEVELS:
                    counters[k] = None
        level = min(max(level, 0), _LEVELS - 1)
        for k in range(level):
            if counters[k] is None:
                counters[k] = starts[k]
        current = counters[level]
        counters[level] = starts[level] if current is None else min(current + 1, _MAX_COUNT)
        for k in range(level + 1, _LEVELS):
            counters[k] = None
        this = found.levels.get(level, _Level())
        if this.fmt == "bullet":
            return "-"
        if this.fmt == "none":
            return this.text.strip() if "%" not in this.text else ""
        text = this.text
        for k in range(_LEVELS, 0, -1):  # "%10" does not exist; go down so "%1" never eats "%1x"
            marker = f"%{k}"
            if marker in text:
                shown = found.levels.get(k - 1, _Level())
                value = counters[k - 1] if counters[k - 1] is not None else starts[k - 1]
                fmt = "decimal" if this.legal and k - 1 < level else shown.fmt
                text = text.replace(marker, _FORMATS.get(fmt, str)(value or 0))
        return text.strip()

    def _numbering_of(self, p: Any, style_id: str | None) -> tuple[str | None, int]:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        num_id = level = None
        if num_pr is not None:
            if (found := num_pr.find(f"{_W}numId")) is not None:
                num_id = str(found.get(_VAL))
            if (found := num_pr.find(f"{_W}ilvl")) is not None:
                level = _int(found.get(_VAL), 0)
        if num_id is None and style_id is not None and (inherited := self._style_numbering(style_id)):
            num_id, style_level = inherited
            level = style_level if level is None else level
        if num_id in (None, "0"):  # numId 0: numbering explicitly removed
            return None, 0
        return num_id, level or 0


def _level(lvl: Any) -> _Level:
    def val(tag: str) -> str | None:
        found = lvl.find(f"{_W}{tag}")
        return None if found is None else str(found.get(_VAL, ""))

    legal = lvl.find(f"{_W}isLgl")
    text = val("lvlText")
    return _Level(
        start=_int(val("start"), 1),
        fmt=val("numFmt") or "decimal",
        text="%1." if text is None else text,
        legal=legal is not None and str(legal.get(_VAL, "true")).lower() not in ("0", "false", "off"),
    )
