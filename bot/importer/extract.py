"""Plan metadata and candidate assignments from a plan's text (a .txt/.md conversion of PDF/DOCX).

Candidates come from the document's structure, read with the passage splitter of `coverage`:
- numbered agency sections ("1.2. Sở Y tế: …", "### 2.8. Sở Y tế" followed by paragraphs): the agency
  before the colon, or in the heading, leads every passage under it;
- bullets or sentences naming a lead ("X chủ trì, phối hợp với Y …", "Giao X …", "X: …");
- appendix table rows (tab-separated, `<tr>` or markdown rows), columns found by their header words;
- passages stating a time limit (bold phrases, "Thời gian hoàn thành: …", "trước ngày …").
Preamble, purpose/requirements sections, closing formula and recipients are skipped (by `coverage`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.domain.deadlines import parse_deadline
from bot.domain.model import Registry, name_key
from bot.domain.text import fold
from bot.schedules.coverage import (
    _BULLET,
    _NUMBER,
    AgencyIndex,
    _marker,
    _physical,
    clean,
    read_passages,
)


@dataclass(frozen=True, slots=True)
class PlanMeta:
    number: str | None = None
    issued: date | None = None
    title: str | None = None
    issuer: str | None = None
    year: int | None = None
    place: str | None = None


@dataclass(slots=True)
class Candidate:
    """One assignment as found in the text, names and phrases as printed."""

    ref: str
    text: str
    line: int
    lead: list[str] = field(default_factory=list)  # names as printed
    support: list[str] = field(default_factory=list)
    deadline: str = ""  # phrase as printed ("" when none)
    output: str = ""
    joined: bool = False  # parts of it were joined across a page break
    row: bool = False


# --- metadata -----------------------------------------------------------------------------------------

_NUMBER_LINE = re.compile(r"^\W*Số\s*:\s*(\d+)\s*/\s*([0-9A-Za-zĐđ\-]+)", re.MULTILINE)
_DATE_LINE = re.compile(
    r"^\W*([^\n,]{2,40}),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
    re.MULTILINE | re.IGNORECASE,
)
_PLACE_LINE = re.compile(r"^\W*([^\n,]{2,40}),\s*ngày\b", re.MULTILINE)
_KE_HOACH = re.compile(r"^[#*\s]*K[ẾE]\s*HO[ẠA]CH\b[*\s]*(.*)$", re.MULTILINE)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_TITLE_STOP = re.compile(r"^(Thực hiện|Căn cứ|Để|Nhằm|Trên cơ sở|[IVX]{1,5}\s*[.\-–)])", re.IGNORECASE)
_ISSUER_OF = re.compile(r"\bcủa\s+((?:Phó\s+)?Chủ tịch[^,;]*?|Ban Thường vụ [^,;]*?|UBND [^,;]*?)$")
_TM = re.compile(r"^\W*TM\.?\s+(.+?)\W*$", re.MULTILINE)


def extract_meta(text: str) -> PlanMeta:
    head = text[:6000]
    number = None
    if found := _NUMBER_LINE.search(head):
        number = f"{found.group(1)}/{found.group(2)}"
    issued = None
    place = None
    if found := _DATE_LINE.search(head):
        place = clean(found.group(1))
        try:
            issued = date(int(found.group(4)), int(found.group(3)), int(found.group(2)))
        except ValueError:
            issued = None
    elif found := _PLACE_LINE.search(head):
        place = clean(found.group(1))
    title = _title(head)
    year = None
    if title and (years := re.findall(r"năm\s+(20\d\d)(?!\d)", title)):
        year = int(years[-1])
        if issued is not None and year < issued.year:
            # "Kế hoạch khắc phục … năm 2023" signed in 2024: the title names the year reviewed, the work is 2024's.
            year = issued.year
    if year is None:
        if issued is not None:
            year = issued.year + (1 if issued.month == 12 else 0)
        elif years := _YEAR.findall(head):
            year = max(int(y) for y in years)
    return PlanMeta(number, issued, title, _issuer(text, title, number, place), year, place)


def _title(head: str) -> str | None:
    found = _KE_HOACH.search(head)
    if found is None:
        return None
    parts = [clean(found.group(1))] if clean(found.group(1)) else []
    lines = head[found.end() :].split("\n")
    started = bool(parts)
    for line in lines[1:] if lines and not lines[0].strip() else lines:
        cleaned = clean(line)
        if not cleaned:
            if started:
                break
            continue
        if _TITLE_STOP.match(cleaned) or len(parts) >= 5:
            break
        parts.append(cleaned)
        started = True
    if not parts:
        return None
    body = " ".join(parts)
    return f"Kế hoạch {body[0].lower() + body[1:] if body[:1].isupper() and not body[:2].isupper() else body}"


def _issuer(text: str, title: str | None, number: str | None, place: str | None) -> str | None:
    if title and (found := _ISSUER_OF.search(title)):
        return found.group(1).strip()
    tail = text[-4000:]
    if found := _TM.search(tail):
        who = clean(found.group(1))
        if fold(who) in ("ubnd", "uy ban nhan dan"):
            return f"UBND tỉnh {place}" if place else "UBND tỉnh"
        return who[0] + who[1:].lower()
    if number and "UBND" in number.upper():
        return f"UBND tỉnh {place}" if place else "UBND tỉnh"
    return None


# --- candidates ---------------------------------------------------------------------------------------

# Words an agency name starts with: a heading or a "Chủ trì" phrase opening with one names an agency even
# when the registry does not know it (it is then flagged).
_AGENCY_HEAD = re.compile(
    r"^(Sở|Ban|Văn phòng|VP|UBND|Ủy ban|Uỷ ban|Thanh tra|Công an|Bộ Chỉ huy|Đài|Báo|Hội|Liên đoàn|"
    r"Mặt trận|Tỉnh đoàn|Đoàn|Kho bạc|Cục|Chi cục|Ngân hàng|Bảo hiểm|Trường|Đảng ủy|Đảng đoàn|Ban cán sự|"
    r"Huyện ủy|Thành ủy|Tỉnh ủy|Các|Cơ quan|Hội đồng|Trung tâm|Viện|Công ty|Quỹ)\b"
)
_LEAD_VERB = re.compile(r"\s+(?:chủ trì|là cơ quan chủ trì|tham mưu|chịu trách nhiệm)\b", re.IGNORECASE)
_GIAO = re.compile(
    r"^(?:Giao|Đề nghị|Yêu cầu)\s+(.{3,150}?)(?=\s+(?:chủ trì|tham mưu|thực hiện|triển khai|xây dựng|tổ chức|theo dõi|hướng dẫn|rà soát|phối hợp)\b|[:,])"
)
_SUPPORT = re.compile(
    r"\bphối hợp(?:\s+với)?\s+(.{3,300}?)(?=\s+(?:và các|tham mưu|thực hiện|triển khai|xây dựng|tổ chức|theo dõi|hướng dẫn|rà soát|kiểm tra|nghiên cứu|đề xuất|ban hành|trình|để|nhằm|trong)\b|[.;:(]|$)",
    re.IGNORECASE,
)
_COLUMNS = {
    "text": ("nhiem vu", "hoat dong", "noi dung", "ten nhiem vu", "cong viec"),
    "lead": ("chu tri", "co quan chu tri", "don vi chu tri", "co quan thuc hien", "don vi thuc hien"),
    "support": ("phoi hop", "co quan phoi hop", "don vi phoi hop"),
    "deadline": ("thoi gian", "thoi han", "thoi gian hoan thanh", "thoi gian thuc hien", "tien do"),
    "output": ("ket qua", "san pham", "ket qua san pham", "ket qua/san pham", "san pham dau ra"),
}


def _column_kind(cell: str) -> str | None:
    key = " ".join(re.findall(r"[a-z0-9/]+", fold(cell)))
    for kind, words in _COLUMNS.items():
        if key in words or any(key.startswith(w) for w in words):
            return kind
    return None


def _header_map(cells: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, cell in enumerate(cells):
        if (kind := _column_kind(cell)) is not None:
            found.setdefault(kind, []).append(i)
    return found


def _is_header_row(cells: list[str]) -> bool:
    kinds = _header_map(cells)
    return "lead" in kinds and ("text" in kinds or "deadline" in kinds)


def extract_candidates(text: str, registry: Registry | None) -> list[Candidate]:
    """Candidate assignments of a document, in order."""
    index = AgencyIndex([registry] if registry else [])
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    readings = read_passages(text, index)
    columns: dict[str, list[int]] = {}
    for raw in _physical(text):  # the splitter drops header rows; read the first one here
        if raw.cells and _is_header_row(list(raw.cells)):
            columns = _header_map(list(raw.cells))
            break
    heads: dict[int, list[str]] = {}  # numbering depth -> agency names printed in a heading at that depth
    out: list[Candidate] = []
    for position, reading in enumerate(readings):
        passage = reading.passage
        next_line = (
            readings[position + 1].passage.line if position + 1 < len(readings) else len(raw_lines) + 1
        )
        marker = _marker(passage.text)
        if passage.kind == "row":
            cells = list(passage.cells)
            if _is_header_row(cells):
                columns = _header_map(cells)
                continue
        elif passage.kind == "heading" and (marker is None or not marker[0].isdigit()):
            heads = {}
        elif marker is not None and marker[0].isdigit():
            depth = marker.count(".") + 1
            heads = {d: a for d, a in heads.items() if d < depth}
            if named := _heading_names(passage.text, passage.kind == "heading", registry):
                heads[depth] = named
        if passage.skip is not None or passage.kind == "heading":
            continue
        if passage.kind != "row" and passage.text.endswith(":"):
            continue
        joined = _joined(raw_lines, passage.line, next_line)
        if passage.kind == "row":
            cand = _row_candidate(passage.ref, list(passage.cells), passage.line, columns, registry)
            if cand is None:
                if not reading.candidate:
                    continue
                cand = Candidate(passage.ref, passage.text, passage.line, row=True)
            cand.joined = joined
            out.append(cand)
            continue
        context = heads[max(heads)] if heads else []
        body = _BULLET.sub("", _NUMBER.sub("", passage.text, count=1), count=1)
        lead, rest = _own_lead(body, registry)
        if not lead and not context and not reading.candidate:
            continue
        cand = Candidate(passage.ref, passage.text, passage.line, joined=joined)
        cand.lead = lead or list(context)
        cand.support = _support(rest if lead else body, registry)
        cand.deadline = _deadline(passage.text, raw_lines[passage.line - 1 : next_line - 1])
        out.append(cand)
    return out


def _joined(lines: list[str], start: int, stop: int) -> bool:
    """Whether the passage's lines include a gap (blank lines, a repeated header) before more of it."""
    chunk = [ln.replace("\t", "").strip() for ln in lines[start - 1 : stop - 1]]
    while chunk and not chunk[-1]:
        chunk.pop()
    chunk = [ln for ln in chunk if not ln.lower().startswith("<sup")]
    return any(not ln for ln in chunk)


def _heading_names(text: str, is_heading: bool, registry: Registry | None) -> list[str]:
    body = _NUMBER.sub("", text, count=1)
    head, colon, _ = body.partition(":")
    if not colon and not is_heading:
        return []
    head = head.strip(" .*")
    if len(head) > 150 or not head:
        return []
    names = split_names(head, registry)
    if names and all(_is_agency(n, registry) for n in names):
        return names
    return []


def _is_agency(name: str, registry: Registry | None) -> bool:
    return (registry is not None and registry.resolve(name) is not None) or bool(_AGENCY_HEAD.match(name))


def _own_lead(body: str, registry: Registry | None) -> tuple[list[str], str]:
    """The lead a passage names itself ("X chủ trì…", "Giao X…", "X: …"), and the text after it."""
    if found := _GIAO.match(body):
        names = split_names(found.group(1), registry)
        if names and all(_is_agency(n, registry) for n in names):
            return names, body[found.end() :]
    head, colon, rest = body.partition(":")
    if colon and len(head) <= 150:
        names = split_names(head, registry)
        if names and all(_is_agency(n, registry) for n in names):
            return names, rest
    if (found := _LEAD_VERB.search(body[:200])) is not None:
        names = split_names(body[: found.start()], registry)
        if names and all(_is_agency(n, registry) for n in names):
            return names, body[found.end() :]
    if registry is not None:
        words = body.split()
        for n in range(min(12, len(words)), 0, -1):
            name = " ".join(words[:n]).rstrip(",;:.")
            resolved = registry.resolve(name)
            if resolved is not None and not (resolved.is_group and registry.groups[resolved.id].vague):
                following = " ".join(words[n : n + 3])
                if re.match(
                    r"(chủ trì|tham mưu|thực hiện|triển khai|xây dựng|tổ chức|chỉ đạo|hướng dẫn|rà soát|tiếp tục|chủ động|phối hợp|có trách nhiệm|căn cứ)\b",
                    following,
                    re.IGNORECASE,
                ):
                    return [name], " ".join(words[n:])
    return [], body


def _support(text: str, registry: Registry | None) -> list[str]:
    found = _SUPPORT.search(text)
    if found is None:
        return []
    names = split_names(found.group(1), registry)
    return [n for n in names if _is_agency(n, registry)]


def split_names(text: str, registry: Registry | None) -> list[str]:
    """Agency names in a list as printed ("Sở Tài chính, Sở Nội vụ và các sở, ban, ngành").

    Pieces between commas are joined again when together they are one registry name ("Các sở, ban,
    ngành"); "và" splits only when both sides are names.
    """
    text = clean(text).strip(" .;:,")
    text = re.sub(r"^(?:với|cùng)\s+", "", text)
    pieces = [p.strip() for p in re.split(r"\s*[,;]\s*|\n", text) if p.strip()]
    names: list[str] = []
    i = 0
    while i < len(pieces):
        taken = 1
        if registry is not None:
            for j in range(len(pieces), i + 1, -1):
                if registry.resolve(", ".join(pieces[i:j])) is not None:
                    taken = j - i
                    break
        name = ", ".join(pieces[i : i + taken])
        names.extend(_split_and(name, registry))
        i += taken
    return [n for n in names if n]


def _split_and(name: str, registry: Registry | None) -> list[str]:
    if registry is not None and registry.resolve(name) is not None:
        return [name]
    parts = re.split(r"\s+(?:và|&)\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÓÚỦ])", name)
    if len(parts) > 1 and all(_is_agency(p, registry) for p in parts):
        return parts
    return [name]


# --- deadline phrases ---------------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LABELLED = re.compile(
    r"(?:Thời gian hoàn thành|Thời gian thực hiện|Thời hạn hoàn thành|Thời hạn|Thời gian)\s*:\s*([^.;\n]+)",
    re.IGNORECASE,
)
_TIME = r"(?:\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\d{1,2}\s*/\s*\d{4}|quý\s+[IVX1-4]+(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?|tháng\s+\d{1,2}(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?|năm\s+\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|ngày\s+\d{1,2}\s+(?:của\s+)?tháng\s+cuối\s+(?:quý|năm)|\d{1,2}\s+tháng\s+cuối\s+quý)"
_INLINE = re.compile(
    rf"((?:định kỳ\s+)?(?:hằng|hàng)\s+(?:quý|tháng|năm)[^.;]{{0,60}}?(?:trước|chậm nhất)\s+(?:ngày\s+)?{_TIME}"
    rf"|(?:chậm nhất|hoàn thành|xong|trước ngày|trước)\s[^.;:]{{0,40}}?{_TIME}"
    rf"|trong\s+(?:\d+|một|hai|ba)\s+(?:ngày|tháng|tuần)\s+kể từ[^.;]{{0,80}})",
    re.IGNORECASE,
)


def _usable(phrase: str) -> bool:
    return parse_deadline(phrase, year=2000).kind not in ("unknown",)


def _deadline(text: str, raw: list[str]) -> str:
    """The deadline phrase of a passage as printed: bold, labelled, or inline; "" if none."""
    for line in raw:
        for found in _BOLD.finditer(line):
            phrase = clean(found.group(1) or found.group(2)).strip(" .;:,()")
            if (
                phrase
                and len(phrase) <= 200
                and re.search(r"\d|quý|tháng|thường xuyên|hằng|kể từ", phrase, re.IGNORECASE)
                and _usable(phrase)
            ):
                return phrase
    if found := _LABELLED.search(text):
        return found.group(1).strip(" .;:,()")
    if found := _INLINE.search(text):
        phrase = found.group(1).strip(" .;:,()")
        if _usable(phrase):
            return phrase[0].upper() + phrase[1:]
    return ""


def _cell(cells: list[str], idx: list[int] | None) -> str:
    if not idx:
        return ""
    return " ".join(cells[i] for i in idx if i < len(cells) and cells[i]).strip()


def _row_candidate(
    ref: str, cells: list[str], line: int, columns: dict[str, list[int]], registry: Registry | None
) -> Candidate | None:
    if not columns or "lead" not in columns:
        return None
    lead = _cell(cells, columns["lead"])
    if not lead:
        return None
    texts = columns.get("text", [])
    text = " ".join(cells[i] for i in texts[-1:] if i < len(cells) and cells[i]) or " ".join(
        c for i, c in enumerate(cells) if c and i not in {j for idx in columns.values() for j in idx}
    )
    if not text:
        return None
    cand = Candidate(ref, text, line, row=True)
    cand.lead = split_names(lead, registry)
    cand.support = split_names(_cell(cells, columns.get("support")), registry)
    cand.deadline = _cell(cells, columns.get("deadline"))
    cand.output = _cell(cells, columns.get("output"))
    return cand


__all__ = ["Candidate", "PlanMeta", "extract_candidates", "extract_meta", "name_key", "split_names"]
