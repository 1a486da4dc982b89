"""Tables drawn with characters in a text, as rows the passage splitter reads, and the header vocabulary.

A plan's text conversion may carry its tables in three more forms than tab-separated or HTML rows:
- pandoc grid tables (`+---+` borders, `| … |` lines, a record wrapped over several lines);
- space-aligned tables, as `pdftotext -layout` writes them: a header line whose column titles are at least
  two spaces apart, then lines whose words sit under those titles, a cell wrapped over several lines, the row
  number often on the middle line, page numbers and repeated headers in between.
Both are turned into HTML `<tr>` rows (one per record, on the record's first line, the other lines left
empty, so that line numbers stay the file's). Columns are found by their header words (`column_kind`),
never by position.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

from bot.domain.text import fold


def _squeeze(text: str) -> str:
    return " ".join(text.split())


# Table header words, by what the column holds (found by words, never by position).
_COLUMNS = {
    "text": ("nhiem vu", "hoat dong", "noi dung", "ten nhiem vu", "cong viec"),
    "lead": (
        "chu tri",
        "co quan chu tri",
        "don vi chu tri",
        "co quan thuc hien",
        "don vi thuc hien",
        "co quan don vi thuc hien",
        "co quan don vi chu tri",
        "don vi co quan thuc hien",
    ),
    "support": ("phoi hop", "co quan phoi hop", "don vi phoi hop"),
    "deadline": (
        "thoi gian",
        "thoi han",
        "thoi gian hoan thanh",
        "thoi gian thuc hien",
        "tien do",
        "hoan thanh",
    ),
    "output": ("ket qua", "san pham", "ket qua san pham", "ket qua/san pham", "san pham dau ra"),
    "note": ("ghi chu",),
}


# Lead columns named only by the kind of body, matched whole ("Đơn vị phối hợp" is the coordinators')
_LEAD_EXACT = frozenset(
    {"co quan", "don vi", "co quan don vi", "don vi co quan", "co quan/don vi", "don vi/co quan", "trach nhiem",
     "don vi phu trach", "co quan phu trach", "co quan don vi phu trach", "dia phuong don vi", "don vi dia phuong"}
)  # fmt: skip


@lru_cache(maxsize=8192)  # every row of every table is asked whether it is a header
def column_kind(cell: str) -> str | None:
    """What a table header cell holds: "text", "lead", "support", "deadline", "output", "note"; None if
    unknown."""
    key = " ".join(re.findall(r"[a-z0-9/]+", fold(cell)))
    if key in _LEAD_EXACT:
        return "lead"  # "Cơ quan, đơn vị" (an agency-first table), "Trách nhiệm", "Đơn vị phụ trách"
    for kind, words in _COLUMNS.items():
        if key in words or any(key.startswith(w) for w in words):
            return kind
    return None


def header_map(cells: Sequence[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        if (kind := column_kind(cell)) is not None:
            found.setdefault(kind, []).append(i)
    return found


_TITLE_EXTRA = (
    8  # words a column title may add to its header words ("Thời gian trình UBND tỉnh xem xét, ban hành")
)
_ROW_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})*[.)]?|[IVX]{1,5}\.?|[a-zđ]\)")


def _extra_words(cell: str) -> int:
    key = " ".join(re.findall(r"[a-z0-9/]+", fold(cell)))
    matched = max((len(w) for words in _COLUMNS.values() for w in words if key.startswith(w)), default=0)
    return len(key[matched:].split())


def is_header_row(cells: Sequence[str]) -> bool:
    """A table's header row, found by its words: a lead column and a task or time column, or a task and a
    time column (a table whose leads are its group rows: "I | Sở Y tế", then the Sở's rows); every title
    short ("Thời gian theo chỉ đạo của UBND tỉnh" in a row is a time, not the time column's title)."""
    if cells and _ROW_NUMBER.fullmatch(next((c.strip() for c in cells if c.strip()), "")):
        return False  # a numbered row ("2 | Nội dung tuyên truyền … | … | Thời gian theo chỉ đạo …") is data
    kinds = header_map(cells)
    if any(_extra_words(cells[i]) > _TITLE_EXTRA for found in kinds.values() for i in found):
        return False
    return ("lead" in kinds and ("text" in kinds or "deadline" in kinds)) or (
        "text" in kinds and "deadline" in kinds
    )


_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


def _bar_near(line: str, k: int) -> int | None:
    """Where the "|" of a column boundary at `k` is on `line` (off by up to two characters); a line that ends
    before the boundary (its closing "|" left out) ends there."""
    for at in (k, k - 1, k + 1, k - 2, k + 2):
        if 0 <= at < len(line) and line[at] == "|":
            return at
    end = len(line.rstrip())
    return end if end <= k else None


def grid_tables(text: str) -> str:
    """Pandoc grid tables (`+---+` borders, cells wrapped over `| … |` lines) as HTML rows, one per record.

    A record's lines become one `<tr>` on its first line and empty lines after it (line numbers stay those
    of the file). Cell boundaries are the `+` of the border above the record; a cell spanning columns (a
    group title) has fewer `|` and gets a colspan.
    """
    if "+-" not in text and "+=" not in text:
        return text
    lines = text.split("\n")
    out = list(lines)
    i = 0
    while i < len(lines):
        if not _GRID_BORDER.match(lines[i]):
            i += 1
            continue
        border = lines[i]
        stops = [k for k, ch in enumerate(border) if ch == "+"]
        out[i] = ""
        j = i + 1
        while j < len(lines) and lines[j].lstrip().startswith("|") and not _GRID_BORDER.match(lines[j]):
            j += 1
        if j == i + 1 or j >= len(lines) or not _GRID_BORDER.match(lines[j]):
            i = j  # a border line with no record under it: not a grid table
            continue
        record = lines[i + 1 : j]
        # a column boundary is a "+" of the border with a "|" under it on every line (a hand-made table may be
        # off by a character or two: the nearest "|" counts)
        near = [[_bar_near(line, k) for k in stops] for line in record]
        bars = [n for n in range(len(stops)) if all(row[n] is not None for row in near)]
        edges = [[at for n, at in enumerate(row) if n in bars and at is not None] for row in near]
        if len(bars) < 2:
            i = j  # no column boundary on every line: leave the text as it is
            continue
        cells = []
        for a, b in itertools.pairwise(range(len(bars))):
            parts = [_squeeze(line[edge[a] + 1 : edge[b]]) for line, edge in zip(record, edges, strict=True)]
            span = bars[b] - bars[a]
            attr = f' colspan="{span}"' if span > 1 else ""
            cells.append(f"<td{attr}>{' '.join(p for p in parts if p)}</td>")
        out[i + 1] = f"<tr>{''.join(cells)}</tr>"
        for k in range(i + 2, j):
            out[k] = ""
        i = j  # the bottom border is the next record's top
    return "\n".join(out)


# --- one cell per paragraph -------------------------------------------------------------------------------

_ARABIC = re.compile(r"\d{1,3}\.?")
_ROMAN_CELL = re.compile(r"[IVX]{1,5}\.?")


def _paragraphs(lines: list[str], start: int) -> list[tuple[int, int, str, int]]:
    """From `start`, the paragraphs (first line, last line, text, blank lines before it) up to a line of 400+
    characters or the end: the cells of a table copied one cell per paragraph."""
    out: list[tuple[int, int, str, int]] = []
    k, blanks = start, 0
    while k < len(lines):
        if not lines[k].strip():
            blanks, k = blanks + 1, k + 1
            continue
        first = k
        while k + 1 < len(lines) and lines[k + 1].strip():
            k += 1
        text = "; ".join(line.strip().rstrip(";") for line in lines[first : k + 1])  # "A;" / "B": "A; B"
        if len(text) > 400:
            break
        out.append((first, k, text, blanks))
        blanks, k = 0, k + 1
    return out


def _html_row(cells: Sequence[str]) -> str:
    return "<tr>" + "".join(f"<td>{html.escape(c, quote=False)}</td>" for c in cells) + "</tr>"


def cell_tables(text: str) -> str:
    """A table copied from Word as text, each cell a paragraph of its own and an empty cell an extra blank
    line ("STT" / "Nội dung nhiệm vụ" / "Cơ quan chủ trì" / … then "1" / "Rà soát …" / "Sở Tư pháp" / …), as
    HTML rows on each record's first line (the other lines left empty). The header is the run of paragraphs
    that are column titles (`column_kind`, after "STT"/"TT"); a record opens with its number (the next one,
    or a Roman group number, whose row is its title alone); the table ends at a paragraph that cannot open
    one."""
    if "\n\n" not in text:
        return text
    lines = text.split("\n")
    out = list(lines)
    k = 0
    while k < len(lines):
        if fold(lines[k].strip()) not in ("stt", "tt") or k + 1 >= len(lines) or lines[k + 1].strip():
            k += 1
            continue
        cells = _paragraphs(lines, k)
        width = 1
        while width < len(cells) and cells[width][3] == 1 and column_kind(cells[width][2]):
            width += 1
        if width < 3 or not is_header_row([c[2] for c in cells[:width]]):
            k += 1
            continue
        records: list[tuple[int, int, list[str]]] = []  # (first line, last line, cells)
        last = 0
        for first, end, cell, blanks in cells[width:]:
            opens = bool(_ROMAN_CELL.fullmatch(cell)) or (
                bool(_ARABIC.fullmatch(cell)) and int(cell.rstrip(".")) in (last + 1, 1)
            )
            row = records[-1][2] if records else None
            if row is not None and not (len(row) >= width or (opens and len(row) >= 2)):
                row += [""] * max(0, (blanks - 1) // 2)  # an empty cell: one more blank line
                row.append(cell)
                records[-1] = (records[-1][0], end, row)
                continue
            if not opens:
                break  # not a record's number: the table is over
            last = int(cell.rstrip(".")) if _ARABIC.fullmatch(cell) else last
            records.append((first, end, [cell]))
        header_first, header_end = cells[0][0], cells[width - 1][1]
        out[header_first] = _html_row([c[2] for c in cells[:width]])
        for j in range(header_first + 1, header_end + 1):
            out[j] = ""
        end_line = header_end
        for first, end, row in records:
            out[first] = _html_row(row[:width])
            for j in range(first + 1, end + 1):
                out[j] = ""
            end_line = end
        k = end_line + 1
    return "\n".join(out)


# --- space-aligned tables --------------------------------------------------------------------------------

_RUN = re.compile(r"\S+(?: \S+)*")  # words one space apart: a cell's piece on one line
# A group row's number: "II", "B." ("II | BẢO ĐẢM AN NINH…"); its rows are numbered 1, 2… or a), b)…
GROUP_NUMBER = re.compile(r"[IVX]{1,5}\.?|[A-Z]\.?")
_NUMBER_CELL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVX]{1,5}|[a-zđ])\.?\)?$")
_PAGE = re.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$", re.IGNORECASE)


def _runs(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _RUN.finditer(line)]


def _space_header(line: str) -> list[tuple[int, str]] | None:
    """The column titles of a space-aligned header line, None if `line` is not one."""
    if "\t" in line or "|" in line or "<t" in line:
        return None
    runs = _runs(line)
    if len(runs) < 3 or not is_header_row([text for _, text in runs]):
        return None
    titled = [text for _, text in runs if column_kind(text) is not None]
    if len(titled) < 3 and len(titled) < len(runs) - 1:
        return None  # three titled columns, or all but the number's ("STT"): not a justified line of prose
    return runs


def layout_tables(text: str) -> str:
    """Space-aligned tables (see the module's note) as HTML rows; other text unchanged."""
    if "   " not in text:
        return text
    lines = text.split("\n")
    out = list(lines)
    i = 0
    while i < len(lines):
        header = _space_header(lines[i])
        if header is None:
            i += 1
            continue
        table = _SpaceTable(header)
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if line.strip() and not table.take(j, line):
                break
            j += 1
        if not table.lines:
            i += 1  # a header with no row under it: not a table
            continue
        out[i] = table.html([title for _, title in header])
        for first, cells, covered in table.rows():
            for k in covered:
                out[k] = ""
            out[first] = table.html(cells)
        for k in table.dropped:
            out[k] = ""
        i = j
    return "\n".join(out)


class _SpaceTable:
    """The lines under a space-aligned header, each piece of text put in the column it sits under."""

    def __init__(self, header: list[tuple[int, str]]) -> None:
        self.starts = [at for at, _ in header]
        self.titles = [title for _, title in header]
        kinds = header_map(self.titles)
        self.text_col = (kinds.get("text") or [1])[0]
        self.lead_col: int | None = kinds["lead"][0] if "lead" in kinds else None
        self.time_col: int | None = kinds["deadline"][0] if "deadline" in kinds else None
        self.lines: list[tuple[int, dict[int, str]]] = []
        self.dropped: list[int] = []  # page numbers and repeated headers inside the table

    def _column(self, at: int) -> int:
        return max((k for k, start in enumerate(self.starts) if start <= at + 2), default=0)

    def take(self, number: int, line: str) -> bool:
        """Read one non-blank line of the table; False when the table has ended before it."""
        runs = _runs(line)
        if len(runs) == 1 and _PAGE.match(runs[0][1]) and self._column(runs[0][0]) not in (0, self.time_col):
            self.dropped.append(number)  # a page number (a row number sits in the first column, "15/12" under
            return True  # the time column is the end of a date)
        if [text for _, text in runs] == self.titles:
            self.dropped.append(number)  # the header repeated on a new page
            return True
        if runs[0][0] < self.starts[0] - 1:
            return False  # text starting left of the table: the body goes on
        group = bool(GROUP_NUMBER.fullmatch(runs[0][1]))
        for at, text in runs:
            ends = at + len(text)
            if not group and any(start < ends - 1 for start in self.starts[self._column(at) + 1 :]):
                return False  # text across a column's start: prose, not a row (a group title may span)
        cells: dict[int, str] = {}
        for at, text in runs:
            col = self._column(at)
            cells[col] = f"{cells[col]} {text}" if col in cells else text
        self.lines.append((number, cells))
        return True

    def rows(self) -> list[tuple[int, list[str], list[int]]]:
        """(first line, cells, other lines) of each row: a row starts at a group title, at a number when the
        row has one already, or at a line that opens a new sentence in the task column (and in the lead
        column, when there is one) after the row's number."""
        rows: list[list[tuple[int, dict[int, str]]]] = []
        numbered = False
        for number, cells in self.lines:
            first = cells.get(0, "")
            is_number = bool(_NUMBER_CELL.match(first))
            group = _is_group_line(cells)
            opens = _opens(cells.get(self.text_col, "")) and (
                self.lead_col is None or _opens(cells.get(self.lead_col, ""))
            )
            if not rows or group or (is_number and numbered) or (opens and numbered) or _is_group(rows[-1]):
                rows.append([])
                numbered = False
            rows[-1].append((number, cells))
            numbered = numbered or is_number
        out = []
        for row in rows:
            texts = [" ".join(c[k] for _, c in row if k in c) for k in range(len(self.starts))]
            out.append((row[0][0], texts, [number for number, _ in row[1:]]))
        return out

    def html(self, cells: Sequence[str]) -> str:
        def escape(cell: str) -> str:
            return cell.replace("&", "&amp;").replace("<", "&lt;")

        return "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"


def _opens(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0].isdigit())


def _title_case(cells: dict[int, str]) -> bool:
    """A group title: one piece of upper-case text beside the Roman number."""
    rest = [text for col, text in cells.items() if col != 0]
    return len(rest) == 1 and rest[0].upper() == rest[0]


def _is_group_line(cells: dict[int, str]) -> bool:
    """A group title's line: a Roman number and one piece of upper-case text."""
    return bool(re.fullmatch(r"[IVX]{1,5}\.?", cells.get(0, ""))) and _title_case(cells)


def _is_group(row: list[tuple[int, dict[int, str]]]) -> bool:
    return _is_group_line(row[0][1])
