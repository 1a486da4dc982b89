"""Coverage of the seed documents by the schedules: which assignments in a plan's text have a task.

A seed document is a text conversion of a real plan (PDF/DOCX → text, with HTML fragments, tab-separated
table rows, page breaks and OCR typos). This module finds the passages of such a text that read like an
assignment and matches them to the tasks of the plan transcribed from it (`plan.source`), so that gaps are
visible. It informs; it does not judge: the heuristics are deliberately simple and explained here.

1. Passages. The text is cleaned (HTML tags and footnote marks, `**`, markdown heading marks, entities)
   and split into paragraphs, list items ("- ", "+ ", "1.2.", "a)") and table rows (`<tr>` rows,
   tab-separated rows and markdown `|` rows: one passage per row). A paragraph broken by a page break (the
   next part starts with a lower-case letter, or a long paragraph stops without punctuation) is joined
   again; so is a table row continued on the next page (after a repeated header row or blank lines, a row
   that does not start a new item: "1.", "II", "Nhiệm vụ 2", "Hoạt động 3"). Footnotes are dropped.
2. Candidates. Only the body counts: the preamble (before the first Roman-numbered section), declarative
   sections and sub-sections ("MỤC ĐÍCH, YÊU CẦU", "MỤC TIÊU", "QUAN ĐIỂM", "1. Mục tiêu chung"), the
   closing formula ("Trên đây là…") and the recipients list ("Nơi nhận") are skipped; an appendix
   ("Phụ lục") after the recipients is read again, and so is a plan a decision carries after its signature
   ("KẾ HOẠCH … (Ban hành kèm theo Quyết định số …)"). Headings and lead-ins ending with ":" ("… Cụ thể:")
   are not candidates themselves. A body passage is a candidate when it
   - names an agency or group of the plan's registry — name or alias, compared with `name_key` on whole
     words and again with diacritics (so "các sở" is not "các số"), not inside a compound word ("cơ sở",
     "ngành nghề"); vague groups ("các cơ quan liên quan") do not count — and has an action or role word
     (chủ trì, phối hợp, tham mưu, xây dựng, ban hành, triển khai, tổ chức, thực hiện, báo cáo, hướng dẫn,
     rà soát, kiểm tra, tiếp tục, tăng cường…). A numbered heading that opens with an agency ("1.2. Sở Y
     tế", "1.2. Sở Y tế: …") lends it to the passages under it, down to the next heading of its level; or
   - states a time limit (trước ngày …, chậm nhất, Quý I, tháng 6/2024, xong/hoàn thành trong tháng …),
     or a recurring report (hằng quý, định kỳ, thường xuyên together with "báo cáo"). Frequency words
     alone do not count: in directions addressed to nobody they are adverbs ("thường xuyên đánh giá…"); or
   - is a table row whose "Chủ trì" column is filled.
3. Matching. Texts are folded (`fold`), cut into words, and compared as sets of word 3-grams
   ("shingles"). A task matches a passage when they share at least `MIN_SHARED` shingles and at least
   `TASK_SHARE` of the task's shingles are in the passage (the task is one deliverable of a longer
   passage) or at least `PASSAGE_SHARE` of the passage's shingles are in the task (the task spans several
   passages); or when one of the task's quotes — a sentence of its text, a piece between "…" (transcribers
   abridge with it), or its title — of at least `QUOTE_MIN` shingles is found (`QUOTE_SHARE`) in the
   passage and in no other passage (a quote found in several passages is boilerplate such as "Hoạt động
   1: Xây dựng kế hoạch"). A passage addressed to agencies (its heading, its opening words, its "Chủ trì"
   cell) only matches tasks led or supported by one of them; one that merely mentions agencies prefers
   such tasks. Of the rest, tasks scoring `NEAR_BEST` below the best (score: the larger share) are
   dropped. A passage may match several tasks (split deliverables) and a task several passages.
   A task that matches no passage at all (candidate or not) is "không truy được về văn bản".
"""

from __future__ import annotations

import html
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from bot.domain.model import Plan, Registry, Task, name_key
from bot.domain.text import fold
from bot.schedules.tables import (
    cell_tables,
    column_kind,
    grid_tables,
    header_map,
    is_header_row,
    layout_tables,
)

# Thresholds, chosen on the five seed documents (see the module docstring).
SHINGLE = 3  # words per shingle
MIN_SHARED = 3  # shingles a task and a passage must share at the least
TASK_SHARE = 0.5  # share of the task's shingles found in the passage
PASSAGE_SHARE = 0.5  # share of the passage's shingles found in the task
QUOTE_MIN = 6  # shingles a piece of a task's text (a sentence, or a quote of "A … B") needs to count alone
QUOTE_SHARE = 0.8  # share of such a piece found in the passage
NEAR_BEST = 0.15  # a match scoring this much below the passage's best match is dropped
EXCERPT = 100  # characters of a passage shown in the report

DEFAULT_SEEDS_DIR = Path("..") / "shared" / "seeds"
SEEDS_ENV = "NHACVIEC_SEEDS_DIR"

PassageKind = Literal["paragraph", "item", "heading", "row"]
Skip = Literal["preamble", "declarative", "closing", "recipients"]


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph, list item, heading or table row of a document, cleaned."""

    line: int  # 1-based line of the source file where it starts
    kind: PassageKind
    text: str
    ref: str = ""  # where it sits: section and numbering as printed ("III.1.2", "PL-I.1.2 HĐ3")
    cells: tuple[str, ...] = ()  # table rows only
    skip: Skip | None = None  # why it cannot be an assignment (None: it may be)
    lead_cell: str = ""  # table rows only: the "Chủ trì" cell


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage that reads like an assignment, and the tasks found for it."""

    passage: Passage
    agencies: tuple[str, ...]  # registry ids named in it or by its heading
    reasons: tuple[str, ...]  # "agency+action", "deadline", "chu-tri-cell"
    tasks: tuple[str, ...]  # ids of matching tasks (empty: not in the schedule)

    @property
    def covered(self) -> bool:
        return bool(self.tasks)


@dataclass(frozen=True, slots=True)
class SeedCoverage:
    """The report for one seed document and one plan transcribed from it (or none)."""

    seed: str
    plan_id: str | None
    plan_title: str | None
    candidates: tuple[Candidate, ...]
    untraced: tuple[Task, ...]  # tasks that match no passage of the document
    task_count: int
    note: str | None = None

    @property
    def covered(self) -> int:
        return sum(1 for c in self.candidates if c.covered)

    @property
    def uncovered(self) -> int:
        return len(self.candidates) - self.covered

    @property
    def traced(self) -> int:
        return self.task_count - len(self.untraced)

    @property
    def ratio(self) -> float:
        return self.covered / len(self.candidates) if self.candidates else 1.0


# --- cleaning and splitting ---------------------------------------------------------------------------

_TR = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr\s*>|(?=<tr\b)|$)", re.IGNORECASE | re.DOTALL)
_CELL = re.compile(r"<t[dh]\b([^>]*)>(.*?)(?:</t[dh]\s*>|(?=<t[dh]\b)|$)", re.IGNORECASE | re.DOTALL)
_SPAN = re.compile(r"""\b(colspan|rowspan)\s*=\s*["']?(\d{1,3})""", re.IGNORECASE)
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_TAGS = re.compile(r"</?(?:table|thead|tbody|tfoot|colgroup|col|caption)\b[^>]*>", re.IGNORECASE)
_SUP = re.compile(r"<sup\b[^>]*>.*?</sup\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SPACES = re.compile(r"\s+")

_ROMAN = re.compile(r"^([IVX]{1,5})\s*(?:[.\-–—):]\s*|\s+(?=\S))(\S.*)$")
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(?:\.|\))?\s+(?=\S)")
_LETTER = re.compile(r"^([a-zđ])\)\s+(?=\S)")
_BULLET = re.compile(r"^[-+•–]\s+(?=\S)")
_ACTIVITY = re.compile(r"Hoạt động\s*(\d+)", re.IGNORECASE)
_OBJECTIVE = re.compile(r"^(\d{1,2})\.(?!\d)")
_DUTY = re.compile(r"^(\d{1,2}\.\d{1,2})\.?(?!\d)")
_DUTY_NO = re.compile(r"^Nhiệm vụ\s*(\d+)", re.IGNORECASE)
_TERMINAL = re.compile(r"[.;:!?…)\]\"”»/]$")


def clean(text: str) -> str:
    """Markup-free, single-spaced text: HTML tags and footnote marks, `**`, `*`, heading `#`s removed."""
    text = _SUP.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = text.replace("**", "").replace("__", "").replace("*", "")
    text = re.sub(r"^\s*#{1,6}\s*", "", text)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _clean_cell(cell: str) -> str:
    """A table cell's text; a line break inside it separates ("Sở Tài chính<br>Thanh tra tỉnh")."""
    return clean(_BR.sub("; ", cell))


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(slots=True)
class _Raw:
    """A physical line, or a whole HTML/markdown table row, before paragraphs are formed."""

    line: int
    text: str  # raw (markup kept) for text lines
    cells: list[str] | None = None  # cleaned cells for table rows


_MD_ESCAPE = re.compile(r"\\([-*_.#+()\[\]>!|`~])")


def _physical(text: str) -> list[_Raw]:
    """Lines of the text, with each HTML `<tr>` row turned into one row at the line where it starts."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _MD_ESCAPE.sub(r"\1", text)  # pandoc's markdown escapes: "\- Sở Y tế …", "1\. …"
    text = layout_tables(grid_tables(cell_tables(text)))
    out: list[_Raw] = []
    pos, line = 0, 1
    below: dict[int, tuple[int, str]] = {}  # column -> (rows still covered by a cell above, its text)
    for match in _TR.finditer(text):
        for k, chunk in enumerate(_TABLE_TAGS.sub("", text[pos : match.start()]).split("\n")[:-1]):
            if k or pos == 0 or chunk.strip():  # not the empty rest of the line a row ended on
                out.append(_Raw(line, chunk))
            line += 1
        before = text[pos : match.start()]
        tail = _TABLE_TAGS.sub("", before.rsplit("\n", 1)[-1]).strip()
        if tail:
            out.append(_Raw(line, tail))
        if _TABLE_OPEN.search(before):
            below = {}  # a new table: no cell from above reaches into it
        cells = _grid_row(_CELL.findall(match.group(1)), below)
        out.append(_Raw(line, "", cells or [clean(match.group(1))]))
        line += text.count("\n", match.start(), match.end())
        pos = match.end()
    for chunk in _TABLE_TAGS.sub("", text[pos:]).split("\n"):
        out.append(_Raw(line, chunk))
        line += 1
    for raw in out:
        if raw.cells is not None:
            continue
        stripped = raw.text.strip()
        if "\t" in raw.text and stripped:
            raw.cells = [clean(c) for c in raw.text.split("\t")]
        elif stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
            if _MD_RULE.match(stripped):
                raw.text, raw.cells = "", None
            else:
                raw.cells = [_clean_cell(c) for c in stripped.strip("|").split("|")]
    _join_header_lines(out)
    _drop_running_headers(out)
    return out


def _grid_row(cells: list[tuple[str, str]], below: dict[int, tuple[int, str]]) -> list[str]:
    """One HTML row's cells laid on the table's grid: a cell spanning n columns is followed by n - 1 empty
    cells, and a column covered by a cell above (rowspan) repeats that cell's text, as the Word reader gives a
    vertical merge, so that every row's cells stand under their header ("Cơ quan thực hiện" over "Chủ trì |
    Phối hợp") and a merged time or lead cell is each covered row's. `below` (column -> rows still covered,
    text) is updated for the next row."""
    out: list[str] = []

    def covered() -> None:
        while (cover := below.get(len(out))) is not None and cover[0] > 0:
            below[len(out)] = (cover[0] - 1, cover[1])
            out.append(cover[1])

    for attrs, body in cells:
        covered()
        spans = {k.lower(): min(int(v), 100) for k, v in _SPAN.findall(attrs)}
        text = _clean_cell(body)
        for k in range(max(spans.get("colspan", 1), 1)):
            if spans.get("rowspan", 1) > 1:
                below[len(out)] = (spans["rowspan"] - 1, "" if k else text)
            out.append("" if k else text)
    last = max((col for col, (rows, _) in below.items() if rows > 0), default=-1)
    while len(out) <= last:  # columns after the row's last cell still covered from above
        covered()
        if len(out) <= last:
            out.append("")
    return out


def _join_header_lines(raws: list[_Raw]) -> None:
    """A table header printed on two lines ("Cơ quan, đơn vị" / "chủ trì thực hiện") as one header row, and
    a header's second row under merged cells ("Cơ quan thực hiện" over "Chủ trì | Phối hợp")."""
    rows = [raw for raw in raws if raw.cells is not None or raw.text.strip()]  # no blank lines between
    for first, second in itertools.pairwise(rows):
        if first.cells is None or second.cells is None:
            continue
        if (stacked := _stacked_header(first.cells, second.cells)) is not None:
            first.cells, second.cells, second.text = stacked, None, ""
            continue
        if second.cells[0].strip() or not any(c.strip() for c in second.cells):
            continue  # a continuation has no number of its own
        if any(len(c.split()) > 4 for c in second.cells) or len(second.cells) > len(first.cells):
            continue
        merged = [
            f"{a} {b}".strip() for a, b in itertools.zip_longest(first.cells, second.cells, fillvalue="")
        ]
        # a header already complete is followed by data (a row continued after a page break), unless the
        # second line gives a column its kind ("Cơ quan, đơn vị" / "chủ trì thực hiện")
        before = header_map(first.cells) if is_header_row(first.cells) else None
        if is_header_row(merged) and (before is None or len(header_map(merged)) > len(before)):
            first.cells, second.cells, second.text = merged, None, ""


def _stacked_header(first: list[str], second: list[str]) -> list[str] | None:
    """Two header rows as Word and PDF tables give them, the cells merged down repeating their text ("TT |
    Nội dung | Cơ quan thực hiện | | Thời gian" over "TT | Nội dung | Chủ trì | Phối hợp | Thời gian"): one
    header naming more columns than the first row; None when they are not such a pair."""
    if len(first) != len(second) or first == second or not (is_header_row(first) and is_header_row(second)):
        return None
    if not any(a and a == b for a, b in zip(first, second, strict=True)):
        return None  # nothing merged down: two headers of their own
    merged = [a if a == b else f"{a} {b}".strip() for a, b in zip(first, second, strict=True)]
    return merged if len(header_map(merged)) > len(header_map(first)) else None


# What a running header shows: the issuer in capitals and the document's number ("UBND TỈNH X — KẾ HOẠCH SỐ …").
_RUNNING_HEADER = re.compile(r"\d+\s*/\s*[A-ZĐ]{2,}|K[ẾE] HO[ẠA]CH|\bUBND\b|ỦY BAN NHÂN DÂN")


def _drop_running_headers(raws: list[_Raw]) -> None:
    """A running header a PDF prints atop every page ("UBND TỈNH X — KẾ HOẠCH SỐ 27/KH-UBND"), seen next to a
    page number at least twice, is dropped like the page numbers: it is not text of the plan."""
    near_page: dict[str, list[_Raw]] = {}
    for k, raw in enumerate(raws):
        if raw.cells is None and _PAGE_NUMBER.match(raw.text.strip()):
            for other in raws[max(0, k - 3) : k + 4]:
                text = other.text.strip()
                if other.cells is None and len(text) <= 120 and _RUNNING_HEADER.search(text):
                    near_page.setdefault(text, []).append(other)
    for seen in near_page.values():
        if len({id(raw) for raw in seen}) >= 2:
            for raw in seen:  # only where it stands by a page number
                raw.text = ""


@dataclass(slots=True)
class _Block:
    line: int
    parts: list[str] = field(default_factory=list)  # raw lines
    cells: list[str] | None = None
    heading: bool = False  # a markdown heading or a line that is bold as a whole

    @property
    def text(self) -> str:
        return clean(" ".join(self.parts)) if self.cells is None else " ".join(c for c in self.cells if c)


def _marker(text: str) -> str | None:
    """The numbering or bullet a cleaned passage starts with ("1.2", "a", "-", "II"), None if none."""
    for pattern in (_NUMBER, _LETTER):
        found = pattern.match(text)
        if found:
            return found.group(1)
    if _BULLET.match(text):
        return "-"
    roman = _ROMAN.match(text)
    if roman and _is_upper_title(roman.group(2)):
        return roman.group(1)
    return None


_ITEM_LABEL = re.compile(r"^(?:Nhiệm vụ|Hoạt động|Mục tiêu|Giải pháp)\s*\d", re.IGNORECASE)


def _starts_item(cell: str) -> bool:
    """Whether a table cell starts a new item ("1.2.", "II", "Hoạt động 2:") rather than going on."""
    return (
        _marker(cell) is not None
        or _ITEM_LABEL.match(cell) is not None
        or bool(re.fullmatch(r"[IVX]{1,5}\.?|\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ][.)]?", cell))
    )


def _is_upper_title(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _starts_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def _is_lead_header(cell: str) -> bool:
    """A lead column's header: "Chủ trì", "Cơ quan chủ trì", "Đơn vị thực hiện"."""
    return column_kind(cell) == "lead"


def _is_header(cells: Sequence[str]) -> bool:
    return is_header_row(cells)


# A page number alone on its line ("3", "- 3 -", "Trang 3", "3/12"): a page break, not text.
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$", re.IGNORECASE)


def _wrap_width(raws: list[_Raw]) -> int | None:
    """The width a hard-wrapped text (a PDF conversion) breaks its lines at, or None when its lines are not
    wrapped so: most text lines then end within a few characters of the same width."""
    lengths = sorted(len(r.text.strip()) for r in raws if r.cells is None and r.text.strip())
    if len(lengths) < 20:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if 0.85 * width <= n <= 1.05 * width)
    return width if 50 <= width <= 130 and near >= 0.4 * len(lengths) else None


def _wrapped_number(current: _Block | None, text: str) -> bool:
    """A number that a hard wrap put at the start of a line ("… (trong" / "30 ngày kể từ …)"), not an item's
    number: it follows an unfinished line and goes on in lower case."""
    return (
        current is not None
        and re.match(r"\d{1,3}\s+\S", text) is not None
        and _starts_lower(text.split(None, 1)[1])
        and not _TERMINAL.search(current.parts[-1].strip())
    )


def _ends_paragraph(line: str, width: int | None) -> bool:
    """A wrapped line that ends a sentence well short of the wrap width: the paragraph ends there."""
    return (
        width is not None
        and len(line.strip()) < 0.8 * width
        and re.search(r"[.;:!?]$", line.strip()) is not None
    )


_PERIOD_TITLE = re.compile(r"(?:Tháng|Quý|Năm|Đợt|Giai đoạn)\s+[\dIVX]+(?:\s*/\s*\d{4})?\W*", re.IGNORECASE)
# Lines that always open a block of their own, even with no blank line before them: the recipients list and
# the signature ("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN").
_OWN_BLOCK = re.compile(r"^(?:N[ơo]i nhận\s*:|(?:TM|KT|TL|TUQ)\.\s*[^\W\d_a-zđ]{2})")


def _blocks(raws: list[_Raw]) -> list[_Block]:
    """Paragraphs and rows, with page-break splits joined again."""
    width = _wrap_width(raws)
    blocks: list[_Block] = []
    current: _Block | None = None
    after_header = False  # the previous row was a (repeated) table header
    headers_seen = 0
    for raw in raws:
        if raw.cells is not None:
            current = None
            cells = raw.cells
            if not any(cells):
                continue
            if _is_header(cells):
                headers_seen += 1
                after_header = headers_seen > 1
                blocks.append(_Block(raw.line, cells=list(cells), heading=True))
                continue
            first = next(c for c in cells if c)
            previous = next((b for b in reversed(blocks) if b.cells is not None and not b.heading), None)
            continued = (
                not _starts_item(first)
                and (_starts_lower(first) or after_header)
                and not (len([c for c in cells if c]) == 1 and _PERIOD_TITLE.fullmatch(first))
            )  # (a group row that names a period, "| | Quý III | |", opens the rows after a page's header)
            after_header = False
            if previous is not None and continued and blocks[-1].cells is not None:
                _merge_cells(previous, cells)
                continue
            blocks.append(_Block(raw.line, cells=list(cells)))
            continue
        stripped = raw.text.strip()
        if not stripped or _PAGE_NUMBER.match(stripped):
            current = None
            after_header = after_header or bool(blocks and blocks[-1].cells is not None)
            continue
        if re.match(r"^<sup\b", stripped, re.IGNORECASE):
            current = None  # a footnote at the foot of a page
            continue
        after_header = False
        is_heading = stripped.startswith("#") or (
            stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2
        )
        text = clean(stripped)
        if not text:
            continue
        starts_new = (
            current is None
            or is_heading
            or current.heading
            or (_marker(text) is not None and not _wrapped_number(current, text))
            or (_short_title_line(current, width) and not _starts_lower(text))
            or _OWN_BLOCK.match(text) is not None
            or (_ends_paragraph(current.parts[-1], width) and not _starts_lower(text))
        )
        if not starts_new and current is not None:
            current.parts.append(stripped)
            continue
        previous_text = blocks[-1] if blocks and blocks[-1].cells is None else None
        if current is None and previous_text is not None and not is_heading and _marker(text) is None:
            before = previous_text.text
            broken = _starts_lower(text) or (
                len(before) >= 80
                and not _TERMINAL.search(before)
                # (a numbered line that short and unpunctuated is a heading, unless it is a wrapped item of
                # work: "9. Giao Ban Quản lý … khảo sát nhu cầu … tại các khu công nghiệp" / page / "Xẻo Rô; …")
                and (
                    not _is_short_heading(before, False)
                    or (len(previous_text.parts) > 1 and has_action(before))
                    # one full-width line of work cut by the page: "d) Tham mưu … và thành lập" / page /
                    # "Tổ công tác liên ngành …"
                    or (
                        has_action(before)
                        and width is not None
                        and len(previous_text.parts[-1]) >= 0.9 * width
                    )
                )
            )
            if broken and not previous_text.heading and not _is_upper_title(text):
                previous_text.parts.append(stripped)
                current = previous_text
                continue
        current = _Block(raw.line, [stripped], heading=is_heading)
        blocks.append(current)
    return blocks


def _short_title_line(block: _Block, width: int | None = None) -> bool:
    """A numbered line alone with no end punctuation ("6. Sở Khoa học và Công nghệ"): a heading even when the
    text below follows on the next line with no blank line (a PDF conversion), not the first line of a wrapped
    paragraph, which runs to the full width. Short and without an action word; in hard-wrapped text of a known
    `width`, any line well short of it ("1. Thành lập các Đoàn kiểm tra")."""
    if len(block.parts) != 1:
        return False
    text = clean(block.parts[0])
    marker = _marker(text)
    if marker is None or marker in "-+•–" or _DANGLING.search(text):  # (a bullet; a line that goes on below)
        return False
    if width is not None and len(block.parts[0].strip()) < 0.6 * width and not _TERMINAL.search(text):
        return True
    return len(text) <= 70 and not has_action(text)  # "1. Sở Y tế chủ trì tổ chức kiểm tra, phối hợp với" …


# The end of a line that goes on below: a comma, or a word that needs what follows
_DANGLING = re.compile(r"[,;:]$|\s(?:với|và|các|của|cho|trong|tại|theo|về|để|những|là|hoặc)$")


def _merge_cells(row: _Block, more: Sequence[str]) -> None:
    assert row.cells is not None
    if len(row.cells) < len(more):
        row.cells.extend([""] * (len(more) - len(row.cells)))
    for i, cell in enumerate(more):
        if cell:
            row.cells[i] = f"{row.cells[i]} {cell}".strip()


# --- sections and passages ----------------------------------------------------------------------------

_DECLARATIVE = (
    "muc dich", "yeu cau", "muc tieu", "quan diem", "tam nhin", "chi tieu", "tinh hinh", "thuc trang",
    "ket qua thuc hien", "danh gia ket qua", "danh gia chung", "can cu",
)  # fmt: skip
_WORK = ("nhiem vu", "giai phap", "to chuc thuc hien", "noi dung", "phan cong", "trach nhiem")


def _is_declarative(title: str) -> bool:
    """A purpose/requirements/objectives heading: it starts so ("Mục tiêu chung", "MỤC ĐÍCH, YÊU CẦU"),
    not one that merely mentions a target programme ("… chương trình mục tiêu quốc gia")."""
    folded = re.sub(r"^(?:cac|nhung|mot so|ve) ", "", " ".join(re.findall(r"[a-z0-9]+", fold(title))))
    return folded.startswith(_DECLARATIVE) and not any(w in folded for w in _WORK)


# The closing formula of a plan, unnumbered after its last section (or a pointer to the appendix): "Yêu cầu Thủ trưởng các cơ quan … nghiêm
# túc triển khai thực hiện…", "Trong quá trình (tổ chức) thực hiện, nếu có khó khăn, vướng mắc…".
_CLOSING = re.compile(
    r"(((uy ban nhan dan|ubnd) (tinh|thanh pho) )?yeu cau .{0,200}?nghiem tuc (trien khai|thuc hien|to chuc)|trong qua trinh (to chuc )?(trien khai|thuc hien)"
    r"[^.;]{0,40}? neu co (kho khan|vuong mac)|(van phong [^,.;]{0,50} )?thong bao de .{0,80}biet)"
)
# A pointer to the appendix, whose rows are the tasks: a first sentence that says only that ("Các sở, ngành
# thực hiện nhiệm vụ được phân công cụ thể tại Phụ lục kèm theo Kế hoạch này."; not "Sở Tài chính bố trí kinh
# phí thực hiện các nội dung theo Phụ lục …", "… các nhiệm vụ tại Phụ lục 2, báo cáo …").
_POINTER = re.compile(
    r".{0,160}(duoc phan cong|duoc giao|thuc hien (cac )?nhiem vu)( cu the| chi tiet)? (tai|theo|o) (cac )?phu luc"
    r"( (so )?[0-9ivx]+)?( kem theo( ke hoach nay)?)?[ .;]*"
)


# The document's own header lines, which open even a plan without Roman-numbered sections (whose preamble is
# then not skipped as a whole): "CỘNG HÒA XÃ HỘI…", "Độc lập - Tự do - Hạnh phúc", "Số: 12/KH-UBND",
# "Lạng Sơn, ngày 10 tháng 01 năm 2024".
_MASTHEAD = re.compile(
    r"^\W*(cong hoa xa hoi chu nghia viet nam|doc lap\W+tu do\W+hanh phuc|so\s*:\s*\d+\s*/"
    r"|[^,]{2,40}, ngay \d{1,2} thang \d{1,2} nam \d{4}\W*$)"
)


def split_passages(text: str) -> list[Passage]:
    """The passages of a document, each with its reference and whether it lies in the body."""
    blocks = _blocks(_physical(text))
    has_sections = any(b.cells is None and _ROMAN_HEADING(b.text) for b in blocks)
    # a decision that carries the plan ("QUYẾT ĐỊNH Ban hành Kế hoạch …") before its first section
    first_section = next((k for k, b in enumerate(blocks) if b.cells is None and _ROMAN_HEADING(b.text)), 0)
    decision = any(fold(b.text).startswith("quyet dinh") for b in blocks[:first_section] if b.cells is None)
    passages: list[Passage] = []
    section = ""
    skip: Skip | None = "preamble" if has_sections else None
    declarative_level: int | None = None  # numbering depth of the declarative heading in force
    number = ""  # the last numbering seen in the section
    table = _TableRef()
    lead_column: int | None = None
    for block in blocks:
        body = block.text
        if block.cells is not None:
            if block.heading:
                lead_column = next((i for i, c in enumerate(block.cells) if _is_lead_header(c)), None)
                continue
            cells = tuple(block.cells)
            table = _row_ref(cells, table)
            ref = "-".join(p for p in (section, table.ref) if p)
            activity = _ACTIVITY.search(body)
            if activity:
                ref += f" HĐ{activity.group(1)}"
            lead = cells[lead_column] if lead_column is not None and lead_column < len(cells) else ""
            passages.append(Passage(block.line, "row", body, ref, cells, skip, lead))
            continue
        folded = fold(body)
        if folded.startswith("noi nhan"):
            skip, section = "recipients", section
            continue
        if skip == "recipients":
            if re.match(r"^(phu luc|bieu|danh muc)\b", folded):
                skip, section, number = None, "PL", ""
            elif decision and (re.match(r"\W*ke hoach\b", folded) or "ban hanh kem theo" in folded):
                # the plan a decision ("QUYẾT ĐỊNH Ban hành Kế hoạch …") carries after its own signature: a
                # document of its own, read from its masthead
                skip, section, number = "preamble" if has_sections else None, "", ""
            continue
        heading = _ROMAN_HEADING(body)
        if heading:
            section, number = heading[0], ""
            table = _TableRef()
            skip = "declarative" if _is_declarative(heading[1]) else None
            declarative_level = 0 if skip else None
            passages.append(Passage(block.line, "heading", body, section, skip=skip))
            continue
        marker = _marker(body)
        depth = marker.count(".") + 1 if marker and marker[0].isdigit() else None
        if depth is not None and marker is not None:
            number = marker
            if declarative_level is not None and depth <= declarative_level:
                skip, declarative_level = None, None
            if declarative_level is None and skip is None and _is_short_heading(body, block.heading):
                title = _NUMBER.sub("", body, count=1)
                if _is_declarative(title):
                    skip, declarative_level = "declarative", depth
        kind: PassageKind = "item" if marker else "paragraph"
        if _is_short_heading(body, block.heading):
            kind = "heading"
        own_skip: Skip | None = skip
        if own_skip is None and _MASTHEAD.match(folded):
            own_skip = "preamble"
        if own_skip is None and (
            folded.startswith("tren day la")
            or (kind == "paragraph" and _CLOSING.match(folded) and not has_deadline(body))
            or (
                kind != "heading"
                and _POINTER.fullmatch(fold(unmarked(body)).split(". ")[0])
                and not has_deadline(body)
            )
        ):
            own_skip = "closing"
        ref = ".".join(p for p in (section, number) if p)
        passages.append(Passage(block.line, kind, body, ref, skip=own_skip))
    return passages


@dataclass(frozen=True, slots=True)
class _TableRef:
    """Where a table row sits: Roman part, numbered objective, duty ("1.2" or "NV2")."""

    part: str = ""
    objective: str = ""
    duty: str = ""

    @property
    def ref(self) -> str:
        if "." in self.duty:
            return ".".join(p for p in (self.part, self.duty) if p)
        where = ".".join(p for p in (self.part, self.objective) if p)
        return f"{where} {self.duty}".strip()


def _row_ref(cells: Sequence[str], before: _TableRef) -> _TableRef:
    """The reference of a row, from the numbering its cells start with and the rows before it."""
    first = cells[0] if cells else ""
    roman = _ROMAN.match(first)
    if re.fullmatch(r"[IVX]{1,5}\.?", first) or (roman and _is_upper_title(roman.group(2))):
        return _TableRef(roman.group(1) if roman else first.rstrip("."))
    part, objective, duty = before.part, before.objective, before.duty
    if re.fullmatch(r"\d{1,3}", first):  # "TT" printed without a dot: the row's number
        return _TableRef(part, first, "")
    for cell in cells[:4]:
        if (found := _DUTY.match(cell)) is not None:
            objective, duty = found.group(1).split(".")[0], found.group(1)
        elif (found := _OBJECTIVE.match(cell)) is not None:
            objective, duty = found.group(1), ""
        elif (found := _DUTY_NO.match(cell)) is not None:
            duty = f"NV{found.group(1)}"
    return _TableRef(part, objective, duty)


def _ROMAN_HEADING(text: str) -> tuple[str, str] | None:
    """("III", "CÁC NHIỆM VỤ TRỌNG TÂM") for a Roman-numbered section heading, None otherwise."""
    found = _ROMAN.match(text)
    if found is None or len(text) > 200:
        return None
    title = found.group(2)
    if not _is_upper_title(title):
        return None
    return found.group(1), title


def _is_short_heading(text: str, marked: bool) -> bool:
    """A heading rather than a paragraph: marked as such, or short, numbered and unpunctuated."""
    if marked:
        return True
    return (
        len(text) <= 200
        and _marker(text) not in (None, "-")
        and not _TERMINAL.search(text)
        and not re.search(r"[.;:]\s", _NUMBER.sub("", text, count=1))
    )


# --- agencies, actions, deadlines ---------------------------------------------------------------------

_ACTIONS = tuple(
    fold(w)
    for w in (
        "chủ trì", "phối hợp", "tham mưu", "xây dựng", "ban hành", "triển khai", "tổ chức", "thực hiện",
        "báo cáo", "hướng dẫn", "rà soát", "kiểm tra", "đôn đốc", "theo dõi", "tổng hợp", "đề xuất",
        "chỉ đạo", "giám sát", "hoàn thành", "trình", "cập nhật", "tuyên truyền", "nghiên cứu",
        "chịu trách nhiệm", "được giao", "giao", "cung cấp", "thẩm định", "lãnh đạo", "tiếp tục", "đẩy mạnh",
        "tăng cường", "tập trung", "chủ động", "phấn đấu", "quản lý", "giải quyết", "hỗ trợ",
    )
)  # fmt: skip
# Time limits: a date or period the work must be done by.
_DEADLINES = re.compile(
    r"\btruoc (ngay )?\d|\bcham nhat\b|\bquy (i|ii|iii|iv|[1-4])\b|\bthang \d{1,2} ?/ ?\d{4}"
    r"|\bthang \d{1,2} nam \d{4}|\b(xong|hoan thanh) trong (thang|quy|nam|\d)|\btrong nam \d{4}\b"
)
# Frequencies: deadline-like, but in directions addressed to nobody they are adverbs ("thường xuyên đánh
# giá…"); they make a candidate only together with a reporting duty.
_PERIODIC = re.compile(r"\bhang (quy|thang|tuan)\b|\bdinh ky\b|\bthuong xuyen\b")
_REPORT = re.compile(r"\bbao cao\b")
_WORD_PUNCT = re.compile(r"[&\-–—/.,;:()\"'“”‘’«»\[\]!?]+")


_PEOPLES_COMMITTEE = re.compile(r"\b(?:ủy|uỷ) ban nhân dân\b")


def _accent_key(text: str) -> str:
    """Like `name_key` but keeping diacritics: tells "Các sở" from "các số" ("Ủy ban nhân dân" is "ubnd", as
    `name_key` has it)."""
    lowered = _PEOPLES_COMMITTEE.sub("ubnd", unicodedata.normalize("NFC", text).lower())
    words = _WORD_PUNCT.sub(" ", lowered).split()
    return " ".join(w for w in words if w not in {"và", "and"})


class AgencyIndex:
    """The names and aliases of one or more registries, found in free text as whole words."""

    def __init__(self, registries: Iterable[Registry]) -> None:
        self._labels: list[tuple[str, str, str]] = []  # (name key, accent key, id)
        self._members: dict[str, tuple[str, ...]] = {}  # group id -> agency ids
        self.vague: set[str] = set()  # groups that name nobody in particular ("các cơ quan liên quan")
        seen: set[tuple[str, str]] = set()
        for registry in registries:
            self.vague.update(g.id for g in registry.groups.values() if g.vague)
            self._members.update({gid: registry.members(gid) for gid in registry.groups})
            entries: list[tuple[str, str, tuple[str, ...]]] = [
                (a.id, a.name, a.aliases) for a in registry.agencies.values()
            ]
            entries += [(g.id, g.name, g.aliases) for g in registry.groups.values()]
            for item_id, name, aliases in entries:
                for label in (name, *aliases):
                    key = name_key(label)
                    if key and (key, item_id) not in seen:
                        seen.add((key, item_id))
                        self._labels.append((key, _accent_key(label), item_id))
        self._labels.sort(key=lambda entry: -len(entry[0]))

    def expand(self, ids: Iterable[str]) -> set[str]:
        """The ids with every group's member agencies added."""
        result: set[str] = set()
        for item_id in ids:
            result.add(item_id)
            result.update(self._members.get(item_id, ()))
        return result

    def leads(self, text: str) -> bool:
        """Whether `text` starts with an agency or group name ("Sở Y tế", "Các sở, ngành: …")."""
        keyed = f"{name_key(text)} "
        return any(keyed.startswith(f"{key} ") for key, _, _ in self._labels)

    def find(self, text: str) -> tuple[str, ...]:
        """Ids of the agencies and groups named in `text`, longest names first, without repeats.

        A name must match after `name_key` folding and again with its diacritics (so that "Các sở" does
        not match "các số liệu"), and not right after "cơ" ("cơ sở y tế" does not name "Sở Y tế").
        """
        keyed = f" {name_key(text)} "
        accented: str | None = None
        found: list[str] = []
        for key, accent, item_id in self._labels:
            if f" {key} " not in keyed:
                continue
            if accented is None:
                accented = f" {_accent_key(text)} "
            if _named(accented, accent):
                found.append(item_id)
        return tuple(dict.fromkeys(found))


# Compound words that contain a word agency names start or end with: "cơ sở" (a facility, not "Sở …"),
# "ngành nghề" (trades, not "các ngành").
_COMPOUND_BEFORE = {"sở": {"cơ"}}
_COMPOUND_AFTER = {"ngành": {"nghề"}}


def _named(accented: str, label: str) -> bool:
    """Whether `label` occurs in `accented` as whole words, not as part of a compound word."""
    needle = f" {label} "
    words = label.split()
    start = accented.find(needle)
    while start >= 0:
        before = accented[:start].split()[-1:]
        after = accented[start + len(needle) :].split()[:1]
        if not (
            (before and before[0] in _COMPOUND_BEFORE.get(words[0], ()))
            or (after and after[0] in _COMPOUND_AFTER.get(words[-1], ()))
        ):
            return True
        start = accented.find(needle, start + 1)
    return False


def has_action(text: str) -> bool:
    folded = f" {' '.join(_words(text))} "
    return any(f" {w} " in folded for w in _ACTIONS)


def _deadline_text(text: str) -> str:
    return " ".join(_WORDS_KEEP.findall(fold(text)))


def has_deadline(text: str) -> bool:
    """A time limit ("trước ngày 15/02/2024", "Quý I", "tháng 6/2024", "chậm nhất…")."""
    return _DEADLINES.search(_deadline_text(text)) is not None


def has_periodic_report(text: str) -> bool:
    """A recurring report ("định kỳ hằng quý báo cáo…", "báo cáo thường xuyên")."""
    folded = _deadline_text(text)
    return _PERIODIC.search(folded) is not None and _REPORT.search(folded) is not None


_WORDS_KEEP = re.compile(r"[0-9a-z]+(?:\s?/\s?[0-9]+)?")


@dataclass(frozen=True, slots=True)
class Reading:
    """A passage with the agencies it names (or its heading names) and why it reads as an assignment."""

    passage: Passage
    agencies: tuple[str, ...]
    reasons: tuple[str, ...]  # "agency+action", "deadline", "periodic-report", "chu-tri-cell"; empty: none
    addressees: tuple[str, ...] = ()  # the agencies it is addressed to: its heading's, or those it opens with

    @property
    def candidate(self) -> bool:
        return bool(self.reasons)


def read_passages(text: str, index: AgencyIndex) -> list[Reading]:
    """Every passage of a document, each with the agencies it names and why it is a candidate (if so)."""
    readings: list[Reading] = []
    heads: dict[int, tuple[str, ...]] = {}  # numbering depth -> agencies a heading at that depth names
    for passage in split_passages(text):
        marker = _marker(passage.text)
        if passage.kind == "heading" and (marker is None or not marker[0].isdigit()):
            heads = {}  # a Roman section or an unnumbered heading starts afresh
        elif marker is not None and marker[0].isdigit() and passage.kind != "row":
            depth = marker.count(".") + 1
            heads = {d: a for d, a in heads.items() if d < depth}
            if named := _head_agencies(passage, index):
                heads[depth] = named
        context = heads[max(heads)] if heads else ()
        own = index.find(passage.text)
        agencies = own if passage.kind in ("row", "heading") else tuple(dict.fromkeys((*own, *context)))
        addressed = any(a not in index.vague for a in agencies)
        opening = _opening(passage.text, index) if passage.kind != "row" else ()
        if passage.kind == "row" and passage.lead_cell:
            opening = index.find(passage.lead_cell)
        addressees = tuple(a for a in dict.fromkeys((*context, *opening)) if a not in index.vague)
        readings.append(Reading(passage, agencies, _reasons(passage, addressed), addressees))
    return readings


def _reasons(passage: Passage, addressed: bool) -> tuple[str, ...]:
    if passage.kind == "heading" or passage.skip is not None:
        return ()
    if passage.kind != "row" and passage.text.endswith(":"):
        return ()  # a lead-in ("… Cụ thể:"): the items that follow carry the work
    reasons: list[str] = []
    if addressed and has_action(passage.text):
        reasons.append("agency+action")
    if has_deadline(passage.text):
        reasons.append("deadline")
    elif has_periodic_report(passage.text):
        reasons.append("periodic-report")
    if passage.lead_cell:
        reasons.append("chu-tri-cell")
    return tuple(reasons)


def _head_agencies(passage: Passage, index: AgencyIndex) -> tuple[str, ...]:
    """Agencies a numbered heading or item lends to what follows: "1.2. Sở Y tế" or "1.2. Sở Y tế: …"."""
    text = _NUMBER.sub("", passage.text, count=1)
    head, colon, _ = text.partition(":")
    if not colon and passage.kind != "heading":
        return ()
    if len(head) > 150 or not index.leads(head):
        return ()
    return index.find(head)


def unmarked(text: str) -> str:
    """A passage without its numbering, letter or bullet ("1.2. ", "a) ", "- ")."""
    return _BULLET.sub("", _LETTER.sub("", _NUMBER.sub("", text, count=1), count=1), count=1)


def _opening(text: str, index: AgencyIndex) -> tuple[str, ...]:
    """Agencies a passage opens with ("1. Sở Nội vụ chủ trì…", "- UBND huyện X: …"), none if it does not."""
    text = unmarked(text)
    if not index.leads(text):
        return ()
    head, colon, _ = text.partition(":")
    return index.find(head if colon and len(head) <= 150 else text[:120])


# --- matching -----------------------------------------------------------------------------------------

_ELLIPSIS = re.compile(r"…|\.{3,}")
_PIECES = re.compile(r"…|\.{3,}|[.;]\s+(?=\S)")  # quotes and sentences of a task's text


def _words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", fold(text))


def shingles(text: str, size: int = SHINGLE) -> set[tuple[str, ...]]:
    """Word n-grams of the folded text; a text shorter than `size` words is one shingle."""
    result: set[tuple[str, ...]] = set()
    for segment in _ELLIPSIS.split(text):
        words = _words(segment)
        if 0 < len(words) < size:
            result.add(tuple(words))
        result.update(tuple(words[i : i + size]) for i in range(len(words) - size + 1))
    return result


@dataclass(frozen=True, slots=True)
class _TaskShingles:
    task: Task
    text: frozenset[tuple[str, ...]]
    title: frozenset[tuple[str, ...]]
    quotes: tuple[frozenset[tuple[str, ...]], ...]  # sentences and pieces between "…", when several

    @classmethod
    def of(cls, task: Task) -> _TaskShingles:
        pieces = [frozenset(shingles(p)) for p in _PIECES.split(task.text)]
        title = frozenset(shingles(task.title))
        quotes = [p for p in pieces if len(p) >= QUOTE_MIN] if len(pieces) > 1 else []
        if len(title) >= QUOTE_MIN:
            quotes.append(title)  # titles are usually paraphrased; when one is quoted, it counts
        return cls(task, frozenset(shingles(task.text)), title, tuple(quotes))


def _passage_shingles(passage: Passage) -> set[tuple[str, ...]]:
    if passage.cells:
        found: set[tuple[str, ...]] = set()
        for cell in passage.cells:
            found |= shingles(cell)
        return found
    return shingles(passage.text)


def shingle_match(a: AbstractSet[tuple[str, ...]], b: AbstractSet[tuple[str, ...]]) -> float | None:
    """Whether two texts' shingles match, and how well: the larger share, None when they do not match.

    They match when they share at least `MIN_SHARED` shingles and at least `TASK_SHARE` of `a`'s or
    `PASSAGE_SHARE` of `b`'s shingles are shared (one text may be a part of the other). The one rule for
    "same text" used by coverage, the import benchmark and amendments (`bot.importer.amend`).
    """
    if not a or not b:
        return None
    shared = len(a & b)
    a_share, b_share = shared / len(a), shared / len(b)
    if shared >= MIN_SHARED and (a_share >= TASK_SHARE or b_share >= PASSAGE_SHARE):
        return max(a_share, b_share)
    return None


def score(task: _TaskShingles, passage: set[tuple[str, ...]]) -> float | None:
    """How well a task matches a passage, None when it does not.

    Whether it matches: the task and passage shares (`shingle_match`), or one of the task's distinctive
    quotes. How well: the larger of the two shares, whichever rule let it match (so that a quote alone does
    not outrank a task that shares more of its text with the passage).
    """
    if not passage or not task.text:
        return None
    matched = shingle_match(task.text, passage)
    if matched is not None:
        return matched
    if any(len(q & passage) >= QUOTE_SHARE * len(q) for q in task.quotes):
        shared = len(task.text & passage)
        return max(shared / len(task.text), shared / len(passage))
    return None


def _distinctive(prepared: list[_TaskShingles], passages: list[set[tuple[str, ...]]]) -> list[_TaskShingles]:
    """Drop the quotes found in more than one passage: boilerplate ("Hoạt động 1: Xây dựng kế hoạch.")."""

    def unique(quote: frozenset[tuple[str, ...]]) -> bool:
        return sum(len(quote & p) >= QUOTE_SHARE * len(quote) for p in passages) <= 1

    return [replace(t, quotes=tuple(q for q in t.quotes if unique(q))) for t in prepared]


def match(
    readings: Sequence[Reading], tasks: Sequence[Task], index: AgencyIndex
) -> dict[int, tuple[str, ...]]:
    """Task ids matching each passage (by position in `readings`); passages without a match are absent.

    A passage addressed to agencies (by its heading, its opening words "Sở X: …", or its "Chủ trì" cell;
    vague groups aside) only matches tasks whose lead or support includes one of them, groups expanded
    on both sides; a passage that merely mentions agencies prefers the tasks of one of them. Then the
    tasks scoring `NEAR_BEST` or more below the best are dropped.
    """
    pieces = [_passage_shingles(r.passage) for r in readings]
    prepared = _distinctive([_TaskShingles.of(t) for t in tasks], pieces)
    found: dict[int, tuple[str, ...]] = {}
    for position, reading in enumerate(readings):
        if reading.passage.kind == "heading" and reading.passage.skip is not None:
            continue
        scored = [(s, t) for t in prepared if (s := score(t, pieces[position])) is not None]
        if not scored:
            continue

        def agrees(task: Task, ids: set[str]) -> bool:
            return bool(ids & {*task.lead_ids, *task.support_ids})

        addressees = index.expand(reading.addressees)
        if addressees:  # addressed to someone: only tasks of (one of) the same agencies
            scored = [(s, t) for s, t in scored if agrees(t.task, addressees)]
        else:  # agencies merely mentioned: prefer the tasks of one of them, if any
            named = index.expand(a for a in reading.agencies if a not in index.vague)
            scored = [(s, t) for s, t in scored if agrees(t.task, named)] or scored
        if not scored:
            continue
        best = max(s for s, _ in scored)
        found[position] = tuple(t.task.id for s, t in scored if s >= best - NEAR_BEST)
    return found


# --- the report ---------------------------------------------------------------------------------------


def seed_coverage(seed: str, text: str, plan: Plan | None, registries: Sequence[Registry]) -> SeedCoverage:
    """The coverage of one document by one plan (None: no plan names it; every candidate is a gap)."""
    index = AgencyIndex(registries)
    readings = read_passages(text, index)
    tasks = plan.tasks if plan else ()
    matches = match(readings, tasks, index)
    candidates = tuple(
        Candidate(r.passage, r.agencies, r.reasons, matches.get(i, ()))
        for i, r in enumerate(readings)
        if r.candidate
    )
    traced = {tid for ids in matches.values() for tid in ids}
    return SeedCoverage(
        seed=seed,
        plan_id=plan.id if plan else None,
        plan_title=plan.title if plan else None,
        candidates=candidates,
        untraced=tuple(t for t in tasks if t.id not in traced),
        task_count=len(tasks),
        note=None if plan else "chưa có kế hoạch nào ghi nguồn (plan.source) là văn bản này",
    )


def coverage(
    seeds: Mapping[str, str], plans: Iterable[Plan], registries: Mapping[str, Registry]
) -> list[SeedCoverage]:
    """Reports for every seed (file name → text) and the plans transcribed from them, in name order.

    A seed no plan names is reported against every registry. Plans whose source is not among the seeds
    are not reported here (see `missing_sources`).
    """
    by_source: dict[str, list[Plan]] = {}
    for plan in plans:
        if plan.source:
            by_source.setdefault(plan.source, []).append(plan)
    reports: list[SeedCoverage] = []
    for seed in sorted(seeds):
        for plan in by_source.get(seed, []):
            registry = registries.get(plan.province)
            reports.append(seed_coverage(seed, seeds[seed], plan, [registry] if registry else []))
        if seed not in by_source:
            reports.append(seed_coverage(seed, seeds[seed], None, list(registries.values())))
    return reports


def missing_sources(seeds: Iterable[str], plans: Iterable[Plan]) -> list[Plan]:
    """Plans whose `source` is not one of the seed documents (or that name no source)."""
    names = set(seeds)
    return [p for p in plans if p.source not in names]


def resolve_seeds_dir(arg: Path | None, environ: Mapping[str, str] | None = None) -> Path:
    """--seeds, else $NHACVIEC_SEEDS_DIR, else ../shared/seeds (relative to the current directory)."""
    env = os.environ if environ is None else environ
    if arg is not None:
        return arg
    if env.get(SEEDS_ENV):
        return Path(env[SEEDS_ENV])
    return DEFAULT_SEEDS_DIR


def excerpt(text: str, limit: int = EXCERPT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render(reports: Sequence[SeedCoverage], *, missing_only: bool = False) -> str:
    """The report for people, in Vietnamese."""
    lines: list[str] = []
    for report in reports:
        plan = f"kế hoạch {report.plan_id}" if report.plan_id else "không có kế hoạch"
        lines.append(f"══ {report.seed} → {plan}")
        if report.note:
            lines.append(f"   ({report.note})")
        for cand in report.candidates:
            if missing_only and cand.covered:
                continue
            mark = "✓" if cand.covered else "✗"
            where = f"dòng {cand.passage.line}" + (f" · {cand.passage.ref}" if cand.passage.ref else "")
            suffix = f" → {', '.join(cand.tasks)}" if cand.covered else ""
            lines.append(f"  {mark} {where} — {excerpt(cand.passage.text)}{suffix}")
        if report.untraced:
            lines.append("  Nhiệm vụ không truy được về văn bản:")
            lines.extend(f"    {t.id} ({t.ref}) — {excerpt(t.title, 90)}" for t in report.untraced)
        lines.append(
            f"  Tổng: {len(report.candidates)} đoạn giao việc, {report.covered} có trong lịch, "
            f"{report.uncovered} chưa có ({report.ratio:.0%}); "
            f"{report.traced}/{report.task_count} nhiệm vụ truy được về văn bản."
        )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_json(reports: Sequence[SeedCoverage], *, missing_only: bool = False) -> list[dict[str, Any]]:
    """The same report for other tools (English keys)."""
    return [
        {
            "seed": r.seed,
            "plan": r.plan_id,
            "plan_title": r.plan_title,
            "note": r.note,
            "passages": [
                {
                    "line": c.passage.line,
                    "ref": c.passage.ref,
                    "kind": c.passage.kind,
                    "excerpt": excerpt(c.passage.text),
                    "text": c.passage.text,
                    "agencies": list(c.agencies),
                    "reasons": list(c.reasons),
                    "covered": c.covered,
                    "tasks": list(c.tasks),
                }
                for c in r.candidates
                if not (missing_only and c.covered)
            ],
            "untraced_tasks": [{"id": t.id, "ref": t.ref, "title": t.title} for t in r.untraced],
            "totals": {
                "candidates": len(r.candidates),
                "covered": r.covered,
                "uncovered": r.uncovered,
                "ratio": round(r.ratio, 4),
                "tasks": r.task_count,
                "tasks_traced": r.traced,
            },
        }
        for r in reports
    ]
