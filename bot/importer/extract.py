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

import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from bot.domain.deadlines import parse_deadline
from bot.domain.model import Registry
from bot.domain.text import fold
from bot.importer.fields import infer_lead
from bot.schedules.coverage import (
    _ROMAN_HEADING,
    AgencyIndex,
    Passage,
    Reading,
    _marker,
    _physical,
    clean,
    read_passages,
    unmarked,
)
from bot.schedules.tables import GROUP_NUMBER, column_kind, header_map, is_header_row


def _letters(upper: bool) -> str:
    """The Latin letters Vietnamese uses, upper or lower case, as the inside of a regex character class."""
    ranges = (range(0x41, 0x5B), range(0x61, 0x7B), range(0xC0, 0x250), range(0x1EA0, 0x1EFA))
    return "".join(ch for r in ranges for c in r if (ch := chr(c)).isalpha() and ch.isupper() == upper)


UPPER, LOWER = _letters(True), _letters(False)  # "ĐÂĂÊÔƠƯ…Ủ…Ý", "đâăêôơư…ủ…ý"


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
    inferred: bool = False  # the lead was inferred from the field of work, not printed
    title: str = ""  # what the title is made from, when not the text ("Hoạt động 1: …" under its duty)
    duty: str = ""  # a table row's duty cell ("Nhiệm vụ 2: …"), carried down where it was merged
    carried: bool = False  # its lead cell was empty: the lead of the row above (a merged cell)
    implied: str = ""  # no deadline given: a time said in passing in the text ("Thường xuyên kiểm tra …")
    pending: bool = False  # a direction nobody is named for yet: a task once a label line names its lead
    summary: bool = False  # a direction that sums up the appendix ("Danh mục nhiệm vụ … tại Phụ lục")


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
_TM = re.compile(r"^\W*T\.?/?M\.?\s+(.+?)\W*$", re.MULTILINE)
_CITED = re.compile(
    r"\bngày\s+(\d{1,2})\s*(?:/|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|\s+năm\s+)\s*(20\d\d)\b", re.IGNORECASE
)
# "…; Ban Thường vụ Tỉnh ủy ban hành Kế hoạch …", "…; Phó Chủ tịch … xây dựng kế hoạch …" (the preamble).
_ISSUES = re.compile(
    r"(?:^|[;.]\s*)([A-ZĐÂĂÊÔƠƯ][^;.\n]{4,100}?)\s+(?:ban hành|xây dựng)\s+[Kk]ế hoạch\b", re.MULTILINE
)


def _cited_dates(head: str) -> list[date]:
    out = []
    for day, month, year in _CITED.findall(head):
        try:
            out.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return out


def extract_meta(text: str) -> PlanMeta:
    # A title block laid out as a table ("| Số: 142/KH-UBND | Hà Tĩnh, ngày … |"): one cell a line.
    head = re.sub(r"\s*(?:<td[^>]*>|</td>|<br\s*/?>|\t|\|)\s*", "\n", text[:6000])
    head = re.sub(r"</?(?:i|b|em|strong|u|tr|table|p|span)\b[^>]*>", "", head)  # ("<i>Hải Châu, ngày …</i>")
    head = re.sub(r"(?<=\S) {3,}(?=\S)", "\n", head)  # two columns a PDF conversion put on one line
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
    if title and (years := re.findall(r"(?<!đến )(?<!tầm nhìn )năm\s+(20\d\d)(?!\d)", title)):
        # ("… Chiến lược du lịch đến năm 2030" names a horizon, not the plan's year)
        year = int(years[-1])
        if issued is not None and year < issued.year:
            # "Kế hoạch khắc phục … năm 2023" signed in 2024: the title names the year reviewed, the work is 2024's.
            year = issued.year
    if year is None:
        if issued is not None:
            year = issued.year + (1 if issued.month == 12 else 0)
        elif cited := _cited_dates(head):
            # An undated plan comes after the documents it implements ("Nghị quyết … ngày 24/11/2023"):
            # one citing late-year documents is the next year's.
            latest = max(cited)
            year = latest.year + (1 if latest.month >= 11 else 0)
        elif years := _YEAR.findall(head):
            year = min(int(y) for y in years)
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
    if found := _ISSUES.search(text[:6000]):
        who = clean(found.group(1))
        if _agency_like(who) or re.match(r"(Phó\s+)?Chủ tịch|Ban Thường vụ|Thường trực", who):
            return who
    # the committee the masthead names: "ỦY BAN NHÂN DÂN / PHƯỜNG HẢI CHÂU" → "UBND phường Hải Châu"
    committee = None
    if found := _MASTHEAD_UBND.search(re.sub(r"<[^>]+>|\*| {3,}|\||\t", "\n", text[:1500])):
        committee = f"UBND {found.group(1).lower()} {found.group(2).strip().title()}"
    tail = text[-4000:]
    if found := _TM.search(tail):
        who = clean(found.group(1))
        if fold(who) in ("ubnd", "uy ban nhan dan"):
            return committee or (f"UBND tỉnh {place}" if place else "UBND tỉnh")
        return who[0] + who[1:].lower()
    if number and "UBND" in number.upper():
        return committee or (f"UBND tỉnh {place}" if place else "UBND tỉnh")
    return None


_MASTHEAD_UBND = re.compile(
    r"(?:ỦY|UỶ) BAN NHÂN DÂN\s+(?:CỘNG HÒA[^\n]*\n\s*)?(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|THỊ TRẤN|XÃ|PHƯỜNG|ĐẶC KHU)\s+([A-ZÀ-ỸĐ][^\n]{1,40})"
)


# --- candidates ---------------------------------------------------------------------------------------

# Words an agency name starts with: a heading or a "Chủ trì" phrase opening with one names an agency even
# when the registry does not know it (it is then flagged).
# How an agency's name opens. Words that also open ordinary sentences ("Ban hành", "Báo cáo", "Hội nghị",
# "Phòng, chống", "Trường hợp", "Đoàn kết", "Sở hữu", "Quỹ đất", "Thanh tra, kiểm tra") name an agency only
# before a capitalised word ("Sở Y tế", "Báo và Phát thanh, Truyền hình …"), a level ("Thanh tra tỉnh", "Ban
# quản lý dự án") or, for "Sở"/"Ban"/"Cơ quan", a list ("Sở, ngành"); "Các …" only before a kind of body ("Các
# sở", "các đơn vị", not "Các hội nghị", "Các trường hợp").
_OPENER = re.compile(
    r"^(?:(UBND|VP|Ủy ban|Uỷ ban|Bộ Tư lệnh|Thường trực(?=\s+[A-ZĐ])|Chi bộ|Đảng bộ|Tỉnh đoàn|Thành đoàn|Huyện đoàn|Thị đoàn|Quận đoàn|Đảng ủy|Đảng đoàn|Ban cán sự|Huyện ủy|Thành ủy|Tỉnh ủy|Hạt Kiểm lâm|"
    r"Điện lực|Viễn thông|Bưu điện|Công an|Bộ Chỉ huy|Văn phòng|Liên đoàn|Mặt trận|Kho bạc|Cục|Chi cục|"
    r"Ngân hàng|Bảo hiểm|Hội đồng|Trung tâm|Viện|Công ty|Tổng công ty|Chi nhánh|Hiệp hội|Liên minh|Tòa án|"
    r"Bệnh viện|Cảng vụ|Nhà xuất bản|Trạm|Hợp tác xã|Tổ trưởng|Trưởng (?:các\s+)?(?:thôn|bản|ấp|khu phố|tổ dân phố))\b"
    r"|(Sở|Ban|Cơ quan|Thanh tra|Đài|Báo|Hội|Đoàn|Trường|Quỹ|Phòng|Đội|[Hh]uyện|[Tt]hị xã|[Tt]hành phố|[Qq]uận|"
    r"[Tt]hị trấn|[Pp]hường|[Xx]ã)\b"  # (a place by name, "thành phố Chí Linh", is its committee)
    r"|[Cc]ác\s+(?:sở|ban|ngành|cơ quan|đơn vị|địa phương|huyện|xã|phường|thị xã|thị trấn|thành phố|"
    r"phòng(?! học)|hội(?! nghị| thảo| thi| diễn| chợ)|tổ chức|doanh nghiệp|trường(?! hợp)|chủ rừng|chủ đầu tư|"
    r"thành viên|Ủy ban|UBND|cấp(?! độ)|bộ(?! hồ sơ| phận)|tỉnh|đoàn thể|trung tâm|chi cục|lực lượng|Sở|Ban|Phòng|"
    r"chi bộ|đảng bộ|đảng ủy|cấp ủy|hợp tác xã|tổ hợp tác|thôn|bản|ấp|tổ dân phố|khu phố)"
    r"\b)"
)
_LEVEL = re.compile(r"(?:tỉnh|huyện|thành phố|thị xã|xã|phường|quận|cấp|các|nhân dân|quản lý|giao dịch)\b")


_BARE = frozenset(
    [
        "Văn phòng",
        "Sở",
        "Ban",
        "Phòng",
        "Cục",
        "Chi cục",
        "Trung tâm",
        "Hội",
        "Đoàn",
        "Đội",
        "Quỹ",
        "Trường",
        "Viện",
        "Cơ quan",
        "Thanh tra",
        "Đài",
        "Báo",
        "Ngân hàng",
        "Công ty",
        "Hội đồng",
        "Chi nhánh",
        "Bệnh viện",
    ]
)


def _bare_opener(name: str) -> bool:
    """A word that opens agencies' names, standing alone ("Văn phòng", "Sở"): it names nobody ("Công an",
    "Các huyện" do)."""
    return name.strip() in _BARE


def _agency_like(name: str) -> bool:
    """Whether `name` reads as an agency's name by how it opens (see `_OPENER`); a title before it speaks
    for the body ("Giám đốc các sở", "Chủ tịch UBND các huyện")."""
    name = re.sub(
        r"^(?:Thủ trưởng|Giám đốc|Chủ tịch|Lãnh đạo|Người đứng đầu)\s+", "", name, flags=re.IGNORECASE
    )
    found = _OPENER.match(name)
    if found is None:
        return False
    opener = found.group(2)
    if opener is None:
        return True
    after = name[found.end() :].lstrip()
    if after.startswith(","):
        return opener in ("Sở", "Ban", "Cơ quan")  # "Sở, ngành", but "Phòng, chống", "Thanh tra, kiểm tra"
    if after.startswith("và ") and after[3:4].isupper():
        return True  # "Báo và Phát thanh, Truyền hình Đồng Tháp"
    return bool(after) and (after[0].isupper() or _LEVEL.match(after) is not None)


_LEAD_VERB = re.compile(
    r"\s+(?:chủ trì|là (?:cơ quan|đơn vị) (?:chủ trì|đầu mối|thường trực)|tham mưu|chịu trách nhiệm|"
    r"có trách nhiệm|lãnh đạo|chỉ đạo|được giao(?: nhiệm vụ)?)\b"
)
# "(Cơ quan chủ trì: Sở X; cơ quan phối hợp: Sở Y, Sở Z; thời gian hoàn thành: …)"
# "… Cơ quan thực hiện: Sở Nội vụ. Thời gian hoàn thành: Quý II/2025." (a sentence ends the names)
_LABEL_LEAD = re.compile(
    r"\b(?:cơ quan|đơn vị)\s+(?:chủ trì|thực hiện)(?:\s+thực hiện)?\s*:\s*([^;)\n]+?)(?=\.\s|\.?$|[;)\n])",
    re.IGNORECASE,
)
# "… cho cán bộ các cấp do Sở Nội vụ chủ trì thực hiện, phối hợp với …": the lead after the work
_PASSIVE_LEAD = re.compile(r"\bdo\s+(\S.{2,150}?)\s+chủ trì\b")
# "…; Ban Quản lý Khu kinh tế tỉnh chủ trì thực hiện, phối hợp với Sở Tài chính.": a later clause's lead
_CLAUSE_LEAD = re.compile(rf"[;.]\s+([{UPPER}][^;.]{{2,150}}?)\s+chủ trì\b")
_LABEL_SUPPORT = re.compile(
    r"\b(?:cơ quan|đơn vị)\s+phối hợp(?:\s+thực hiện)?\s*:\s*([^;)\n]+)", re.IGNORECASE
)
_ADDRESS = re.compile(
    r"^(?:(?:Ủy ban nhân dân|UBND|Chủ tịch (?:Ủy ban nhân dân|UBND)) (?:tỉnh|thành phố)\s+"  # "UBND tỉnh giao X …"
    r"(?:giao|đề nghị|yêu cầu)|Giao|Đề nghị|Yêu cầu|Chỉ đạo|Đôn đốc)\s+"
)
# Verbs that end the agency list of "Giao X …" / "Chỉ đạo X …" (lowercase: "Ban Chỉ đạo" is a name).
_VERBS = (
    r"chủ trì|tham mưu|thực hiện|triển khai|xây dựng|tổ chức|theo dõi|hướng dẫn|rà soát|phối hợp|tiếp tục|"
    r"chủ động|nghiên cứu|đề xuất|tăng cường|đẩy mạnh|kiểm tra|quản lý|ban hành|trình|tập trung|khẩn trương|"
    r"thường xuyên|có trách nhiệm|căn cứ|bố trí|cập nhật|đánh giá|tổng hợp|báo cáo|giải quyết|hỗ trợ|phổ biến|"
    r"quán triệt|cung cấp|thẩm định|(?<!công )lập|làm tốt|bám sát|nắm chắc|đăng ký|nâng cao|đẩy nhanh|đôn đốc|giám sát|"
    r"tuyên truyền|vận động|thống nhất|hoàn thành|hoàn thiện|chuẩn bị|đảm bảo|bảo đảm|xử lý|tiếp nhận|"
    r"kiện toàn|đối chiếu|phúc tra|phân công|công bố|thông báo|niêm yết|gửi|phát động|duy trì|thành lập|củng cố|"
    r"phân bổ|tham gia|tiến hành|sơ kết|tổng kết|biên soạn|đăng tải|thẩm tra|kiểm soát|xác minh|điều tra|"
    r"khảo sát|soạn thảo|lấy ý kiến|phát sóng|in ấn|cấp phát|chấn chỉnh|khắc phục|phát hiện|ngăn chặn|tập huấn|"
    r"bồi dưỡng|huấn luyện|diễn tập|nâng cấp|vận hành|ứng dụng|chi trả|thăm|tặng|trao|ưu tiên|xã hội hóa|"
    r"trang trí|treo|mở|giải ngân|huy động|định hướng|(?<![Bb]ầu )cử|chuẩn hóa|hợp nhất|số hóa|làm sạch|"
    r"(?<!quan )(?<!lượng )(?<!đoàn )(?<!Đoàn )(?<!tổ )(?<!Tổ )(?:thanh|tuần) tra"  # (not "Các cơ quan thanh tra")
)
# Where the agency list of "Giao X …" / "Chỉ đạo X …" / "phối hợp với X …" may end: before a verb (lowercase:
# "Ban Chỉ đạo" is a name), a purpose, or punctuation. The first end that leaves only names wins.
_NAMES_END = re.compile(rf"\s+(?:{_VERBS}|để|nhằm|trong|theo|về|tại|mỗi|và các cơ quan)\b|\s*[.;:(]|$")
_BRACKET_LEAD = re.compile(r"\(([^()]{3,200}?)\s+chủ trì\b([^()]*)\)")
_ASIDE = re.compile(r"\([^()]*\)\.?")
_ANY_VERB = re.compile(rf"\s(?:{_VERBS}|chỉ đạo|lãnh đạo)\b")
_OPENS_WITH_VERB = re.compile(
    rf"(?:(?:theo|căn cứ)\s+chức năng,?\s+nhiệm vụ(?:\s+được giao)?,?\s+)?(?:{_VERBS}|chỉ đạo|lãnh đạo)\b"
)
# The verb that follows the lead of a leader's direction ("Đảng đoàn HĐND tỉnh chỉ đạo: …").
_HEAD_VERB = re.compile(r"\s+(?:chỉ đạo|lãnh đạo|thực hiện|có trách nhiệm|được giao(?: nhiệm vụ)?)\s*$")
_SUPPORT = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.IGNORECASE)


@dataclass(slots=True)
class _Outline:
    """Where a passage sits: its Roman section and the headings above it, with the agencies they name."""

    section: str = ""  # the Roman section's title
    heads: dict[int, list[str]] = field(default_factory=dict)  # depth -> agencies a heading names
    titles: dict[int, str] = field(default_factory=dict)  # depth -> heading text (the field of what follows)

    def enter(self, passage: Passage, marker: str | None, registry: Registry | None) -> None:
        if marker is None and (passage.kind == "heading" or passage.text.endswith(":")):
            roman = _ROMAN_HEADING(passage.text)
            named = [] if roman else _heading_names(passage.text, passage.kind == "heading", registry)
            if named:  # "**Sở Y tế:**" alone on its line: an unnumbered agency heading over the bullets below
                self.heads = {d: a for d, a in self.heads.items() if d < _NAMED_DEPTH}
                self.heads[_NAMED_DEPTH] = named
                return
        if passage.kind == "heading" and (marker is None or not marker[0].isdigit()):
            self.heads, self.titles = {}, {}
            if roman := _ROMAN_HEADING(passage.text):
                self.section = roman[1]
        elif marker is not None and marker[0].isdigit():
            depth = marker.count(".") + 1
            self.heads = {d: a for d, a in self.heads.items() if d < depth}
            self.titles = {d: t for d, t in self.titles.items() if d < depth}
            if named := _heading_names(passage.text, passage.kind == "heading", registry):
                self.heads[depth] = named
            if passage.kind == "heading":
                self.titles[depth] = passage.text
        elif marker is not None and marker.isalpha() and len(marker) == 1:
            self.heads.pop(_LETTER_DEPTH, None)  # "b) Trung tâm Y tế các huyện:" heads the bullets under it
            if passage.text.endswith(":") and (named := _heading_names(passage.text, False, registry)):
                self.heads[_LETTER_DEPTH] = named

    @property
    def context(self) -> list[str]:
        """The agencies of the nearest heading that names any."""
        return list(self.heads[max(self.heads)]) if self.heads else []

    @property
    def topic(self) -> str:
        """The section's and headings' titles: what the passage is about, for an inferred lead."""
        return " ".join((self.section, *(self.titles[d] for d in sorted(self.titles))))


@dataclass(slots=True)
class _Table:
    """The appendix table being read: its columns, the row above (merged lead cells), the duty in force."""

    registry: Registry | None
    columns: dict[str, list[int]] = field(default_factory=dict)
    above: Candidate | None = None
    group: list[str] = field(default_factory=list)  # agencies a group row names ("I | Sở Y tế"), in force
    duty: tuple[str, str] = ("", "")  # (row reference, text) of the last duty cell
    phase: str = ""  # the period of the phase row in force ("Đợt 1 (từ ngày 15/5 đến ngày 30/6/2025)")
    lead_in: Candidate | None = None  # "3 | Tuần tra, kiểm soát …, gồm: | …": its lettered rows below
    held: Candidate | None = None  # a lead-in whose sub-rows have not shown yet: a task if none follows
    above_number: str = ""  # the row number of `above` ("5")

    def flush(self) -> list[Candidate]:
        """The lead-in held back, as a task: no sub-row came after it."""
        held, self.held = self.held, None
        return [held] if held is not None else []

    def header(self, cells: list[str]) -> bool:
        if not is_header_row(cells):
            return False
        self.columns, self.above, self.group, self.phase, self.lead_in = header_map(cells), None, [], "", None
        self.held = None
        return True

    def tasks(self, reading: Reading, joined: bool) -> list[Candidate]:
        """The tasks of one row: none for a group title, one per activity otherwise."""
        passage = reading.passage
        cells = list(passage.cells)
        filled = [c for c in cells if c]
        number = next((c for c in filled if len(c) <= 5), "")
        sub = re.fullmatch(r"[a-zđ][.)]?|\d{1,2}\.\d{1,2}\.?|[-+•]", number) is not None  # "a", "1.1", "-"
        if sub:
            self.held = None  # the lead-in above has its sub-rows: a title, not a task
        done = self.flush()
        if not sub:
            self.lead_in = None  # a numbered row: the sub-rows of a lead-in are over
        if len(filled) == 1 and (step := _STEP.match(filled[0])) is not None and _usable(_step_time(step)):
            self.phase, self.above = _step_time(step), None  # "Đợt 1 (từ ngày … đến ngày …)"
            return done
        if (
            len(filled) == 1
            and _TIME_ONLY.fullmatch(when := clean(filled[0]).strip(" *:."))
            and _usable(when)
        ):
            self.phase, self.above = when, None  # "| **Tháng 1** | | |": the month of the rows below
            return done
        if any(_SIGNATURE.match(c) or _MASTHEAD_CELL.match(c) for c in filled):
            return done  # the signature block or the masthead laid out as a table ("KT. CHỦ TỊCH | …", "Số: 12/…")
        if len(filled) > 1 and all(re.fullmatch(r"\(?\d{1,2}\)?|\(?[A-E]\)?", c.strip()) for c in filled):
            return done  # the columns' numbers under the header ("(1) | (2) | (3) | (4) | (5)")
        if GROUP_NUMBER.fullmatch(first := next((c for c in cells if c), "")):
            # a group row ("II | BẢO ĐẢM AN NINH…"): a title; what is above no longer applies. In a table
            # without a lead column, the agency it names ("I | Sở Y tế (cơ quan thường trực)") leads its rows
            title = " ".join(c for c in cells[cells.index(first) + 1 :] if c)
            self.above, self.phase = None, ""
            self.group = [] if "lead" in self.columns else _heading_names(title, True, self.registry)
            return done
        return done + self._row_tasks(reading, joined, cells, sub)

    def _row_tasks(self, reading: Reading, joined: bool, cells: list[str], sub: bool) -> list[Candidate]:
        passage = reading.passage
        cand = _row_candidate(passage.ref, cells, passage.line, self.columns, self.registry)
        if cand is not None and not cand.lead and self.group:
            cand.lead = list(self.group)
        number = next((c.strip() for c in cells if c.strip()), "")
        if (
            cand is not None
            and not (cand.lead or cand.support or cand.deadline or cand.output)
            and not (sub and self.lead_in is not None)  # (a lead-in's row: its lead and time)
        ):
            above = self.above
            if above is None or not above.lead or not _next_number(self.above_number, number):
                # "2 | Kiểm soát phát thải từ giao thông | | |": a group title, not a task; the period of a
                # month row above it ("| Tháng 1 |") no longer applies
                self.above, self.phase = None, ""
                return []
            # "6 | Hợp nhất cổng thông tin … | | |" right after row 5: a task whose cells were merged with the
            # row above (a table saved as text leaves them empty below their first row)
            cand.lead, cand.support, cand.deadline = list(above.lead), list(above.support), above.deadline
            cand.carried, cand.joined = True, joined
            # held until the next row: numbered below it ("2.1"), it was a group title after all
            self.above, self.above_number, self.held = cand, number, cand
            return []
        as_above = (
            cand is not None
            and len(cand.lead) == 1
            and _AS_ABOVE.fullmatch(fold(cand.lead[0]).strip(" .")) is not None
        )
        if cand is not None and as_above and self.above is not None and self.above.lead:
            cand.lead = list(self.above.lead)  # "Như trên": printed, the lead of the row above
        elif cand is not None and not cand.lead:
            if self.above is None or not self.above.lead:
                cand = None
            else:  # an empty lead cell under a lead: a merged cell, read as "the same as above"
                cand.lead, cand.support = list(self.above.lead), cand.support or list(self.above.support)
                cand.carried = True
        if cand is None:
            if not reading.candidate:
                return []
            cand = Candidate(passage.ref, passage.text, passage.line, row=True)
        if _AS_ABOVE.fullmatch(fold(cand.deadline).strip(" .")) and self.above is not None:
            cand.deadline = self.above.deadline  # "Như trên" in the time column: the time of the row above
        if not cand.deadline:
            cand.deadline = self.lead_in.deadline if self.lead_in is not None else self.phase
        self.above, self.above_number = cand, number
        if cand.text.rstrip().endswith(":"):
            # "… gồm:": a title over its sub-rows, which take its lead and time; a task if none follows
            self.lead_in = self.held = cand
            return []
        cand.joined = joined
        base = _activity_base(cand.ref)
        if cand.duty:
            self.duty = (base, cand.duty)
        elif self.duty[0] == base:
            cand.duty = self.duty[1]  # a merged duty cell: the rows under it are its activities
        pieces = _activities(cand)
        for piece in pieces:
            if piece.duty and fold(piece.duty) not in fold(piece.text):
                piece.title, piece.text = piece.text, f"{piece.duty}\n{piece.text}"
        return pieces


def extract_candidates(
    text: str, registry: Registry | None, on: date | None = None, year: int | None = None
) -> list[Candidate]:
    """Candidate assignments of a document, in order (`on`: the plan's date, for inferred leads and times
    already past; `year`: the year it plans, for times said in passing)."""
    index = AgencyIndex([registry] if registry else [])
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    readings = read_passages(text, index)
    table = _Table(registry)
    for raw in _physical(text):  # the splitter drops header rows; read the first one here
        if raw.cells and table.header(list(raw.cells)):
            break
    outline = _Outline()
    parties = _parties(text, registry)  # a joint plan's two sides ("Kế hoạch phối hợp giữa X và Y …")
    open_item: Candidate | None = None  # "1.2. Sở Y tế: …" whose unnumbered paragraphs continue it
    last: Candidate | None = None  # the passage the next labelled line ("Thời gian: …") describes
    last_listed = False  # whether `last` is a task already, or a passage that labels would make one
    phase = ""  # the time of the step heading in force ("Bước 1. Chuẩn bị (tháng 9/2024)")
    phase_depth: int | None = None  # the numbering depth of the step's items (0: letters or bullets)
    heading_depth = 0  # the numbering depth of the last heading (0: unnumbered)
    sublist: Candidate | None = None  # a bullet ending with ":" whose "+" lines list what it covers
    out: list[Candidate] = []
    section_start = 0  # where the Roman section's candidates begin in `out`
    cover_start = (
        0  # where the directions a covering line may assign begin: its heading, or the last such line
    )
    for position, reading in enumerate(readings):
        passage = reading.passage
        if passage.kind != "row":
            out.extend(table.flush())  # a table's last lead-in, with no sub-row: a task, in its place
        if passage.kind == "heading":
            cover_start = len(out)
            heading_marker = _marker(passage.text)
            heading_depth = (
                heading_marker.count(".") + 1 if heading_marker and heading_marker[0].isdigit() else 0
            )
            if _ROMAN_HEADING(passage.text):
                section_start = len(out)
        if passage.kind != "row" and _DETAILS_IN_APPENDIX.search(fold(passage.text)):
            # "Danh mục nhiệm vụ cụ thể, đơn vị chủ trì … tại Phụ lục": the section's directions that name
            # neither lead nor time sum up the appendix's rows (dropped at the end if there are rows)
            for c in out[section_start:]:
                c.summary = not c.row and (not c.lead or c.inferred) and not c.deadline
        next_line = (
            readings[position + 1].passage.line if position + 1 < len(readings) else len(raw_lines) + 1
        )
        marker = _marker(passage.text)
        numbered = marker is not None and marker[0].isdigit()
        label = (
            _LABEL_LINE.match(unmarked(passage.text))
            if passage.kind != "row" and marker in (None, "-")
            else None
        )
        if passage.kind != "row" and (covering := _covering(unmarked(passage.text), registry)) is not None:
            shares, time, rest = covering
            if _share(out[cover_start:], shares, time) and not (rest and _deadline(rest, [])):
                cover_start, last = len(out), None
                continue  # (a line that also gives work of its own, with its time, is a task too)
        if (
            passage.kind != "row"
            and marker is None
            and (responsibility := _responsibilities(passage.text, registry)) is not None
            and _share(out[cover_start:], *responsibility)
        ):
            cover_start, last = len(out), None
            continue
        if label is not None:
            # "- Đơn vị thực hiện: Sở Nội vụ." / "- Thời gian: Quý I hằng năm." under the item they describe;
            # with no item right above (a heading, a table), a label is nobody's task
            if last is not None and not last_listed:
                last.pending = False
                last_listed = True
            if last is not None:
                _apply_label(last, label["k"], label["v"], registry)
            elif fold(label["k"]).startswith("thoi gian") and _usable(when := label["v"].strip(" .*")):
                # "*Thời gian tổ chức: từ … đến …*" under a heading: its items', until the next such heading
                phase, phase_depth, open_item = when, heading_depth + 1, None
            continue
        last = None  # a label line describes only the passage right above it
        if passage.kind != "row" and passage.skip is None:
            timed = _timed_title(passage.text, raw_lines[passage.line - 1 : next_line - 1], registry)
            if timed == "":
                phase = (
                    ""  # "Bước 2: UBND cấp xã rà soát … (tháng 11)": a task, and the end of step 1's period
                )
            elif timed is not None:
                phase, phase_depth, open_item = timed, None, None  # a step's period: its items keep it
                continue
            depth = marker.count(".") + 1 if numbered and marker is not None else 0
            if phase_depth is None and marker is not None:
                phase_depth = depth  # the level of the step's items (0: lettered or bulleted)
            above = numbered and phase_depth is not None and (phase_depth == 0 or depth < phase_depth)
            if (passage.kind == "heading" and not numbered) or above:
                phase = ""  # a new section, or a numbered item above the steps' items: the steps are over
        if passage.kind == "row":
            held = table.held
            if table.header(list(passage.cells)):
                out.extend([held] if held is not None else [])  # (a lead-in that ended its table is a task)
                continue
        else:
            outline.enter(passage, marker, registry)
        if passage.kind != "paragraph" or passage.skip is not None:
            open_item = None
        if passage.skip is not None or passage.kind == "heading":
            continue
        joined = _joined(raw_lines, passage.line, next_line)
        if passage.kind == "row":
            out.extend(table.tasks(reading, joined))
            continue
        if sublist is not None and passage.text.lstrip().startswith("+"):
            sublist.text += "\n" + passage.text  # "+ Hội chợ …;": what the bullet above lists, not a task
            continue
        sublist = None
        body = unmarked(passage.text)
        duty_list = (marker == "-" and len(body) > 80 and _directive(body)) or (
            # "Căn cứ Kế hoạch này xây dựng kế hoạch … (hoàn thành trong tháng 10/2025); trong đó tập trung:"
            len(body) > 80
            and re.search(r";\s*(?:trong đó|cụ thể|gồm|bao gồm)[^;]{0,30}:$", body) is not None
            and _TRAILING_BRACKET.search(body.rsplit(";", 1)[0]) is not None
        )  # "- Tổ chức …, tham gia các hội chợ:"
        if (passage.text.endswith(":") and not duty_list) or _ASIDE.fullmatch(passage.text.strip()):
            continue  # a lead-in ("… Cụ thể:") or an aside ("(Có danh mục kèm theo)")
        context = outline.context
        if (
            all(c.pending for c in out)
            and marker is None
            and _PURSUANT.match(body)
            and not _ASKS.search(body)
        ):
            continue  # "Thực hiện Kết luận của Bộ Chính trị …" before any work: the grounds of a letter
        if numbered and _only_names(body, registry):
            continue  # "1. Phòng Nội vụ (cơ quan thường trực)": a heading over the work below, not work
        lead, rest = _own_lead(body, registry)
        if not lead and parties and _BOTH_SIDES.match(body):
            lead, rest = list(parties), body  # "Hai bên phối hợp tổ chức …": both parties of a joint plan
        if not lead and not context:
            lead, rest = (
                _after_condition(body, registry, _GROUNDS_FIRST)
                or _bracket_assignment(body, registry)
                or _later_lead(body, registry)
            )
        if lead and context and _DIRECTS.match(body) and not _LABEL_LEAD.search(body):
            lead, rest = context, body  # "Chỉ đạo Công an các xã …" under "Công an huyện": the head leads
        vague = bool(lead) and all(_vague(n, registry) for n in lead)
        deadline = _deadline(passage.text, raw_lines[passage.line - 1 : next_line - 1], on) or phase
        if open_item is not None and not lead:
            open_item.text += "\n" + passage.text
            open_item.joined = open_item.joined or joined
            open_item.deadline = open_item.deadline or deadline
            continue
        directive = _tasks_section(outline.section) and _directive(body)
        # a solutions section's directions are for everyone, unless one sets a dated target ("trong năm 2024")
        solutions = "giai phap" in fold(outline.section) and not deadline and not _DATED_TARGET.search(body)
        if not lead and not context and (not reading.candidate or solutions) and not directive:
            # Not work by itself, unless labelled lines follow ("- Đơn vị thực hiện: …").
            last = Candidate(
                passage.ref, passage.text, passage.line, joined=joined, deadline=deadline, pending=True
            )
            last_listed = False
            out.append(last)  # (kept in its place for a label or a covering line that may name its lead)
            continue
        cand = Candidate(passage.ref, passage.text, passage.line, joined=joined, deadline=deadline)
        last, last_listed = cand, True
        cand.lead = [] if vague else lead or context
        cand.support = _support(rest if lead else body, registry)
        if vague:
            cand.support = [*lead, *(n for n in cand.support if n not in lead)]
        if (
            not cand.lead
            and (directive or vague)
            and (guess := infer_lead(body, outline.topic, registry, on))
        ):
            cand.lead, cand.inferred = [guess], True
        out.append(cand)
        if numbered and not vague and lead and passage.kind == "item":
            open_item = cand
        if passage.text.endswith(":"):
            sublist = cand
    out.extend(table.flush())
    appendix = any(c.row for c in out)
    out = [c for c in out if not c.pending and not (c.summary and appendix)]
    parts = [
        part
        for cand in out
        for labelled in _by_time_label(cand)
        for subject in _by_subject(labelled, registry)
        for part in _by_time_clause(subject, registry, on)
    ]
    for part in parts:
        if not part.deadline:
            part.implied = _deadline_in_text(part.text, year or (on.year if on else None))
    return parts


# A time given in brackets after one deliverable of several: "…tổ chức Hội nghị (thời gian: tháng 5/2025); chủ
# trì rà soát văn bản (thời gian: trước ngày 30/6/2025); …"
_TIME_LABEL = re.compile(
    r"\(\s*(?:thời gian|thời hạn)(?:\s+hoàn thành|\s+thực hiện)?\s*:\s*([^()]{3,80})\)", re.I
)


def _by_time_label(cand: Candidate) -> list[Candidate]:
    """A passage that gives two deliverables or more each its own "(thời gian: …)": one task each."""
    labels = list(_TIME_LABEL.finditer(cand.text))
    if cand.row or len(labels) < 2:
        return [cand]
    parts: list[Candidate] = []
    start = 0
    for n, label in enumerate(labels):
        stop = len(cand.text) if n == len(labels) - 1 else label.end()
        text = cand.text[start:stop].strip(" ;.,")
        title = _TIME_LABEL.sub("", text).strip(" ;.,")  # the title without "(thời gian: …)"
        parts.append(replace(cand, text=text, deadline=label.group(1).strip(), title=title))
        start = label.end()
    return parts


_CLAUSE_END = re.compile(rf"(?<=;)\s+|(?<=\.)\s+(?=[{UPPER}])")


def _clauses(text: str) -> list[str]:
    """`text` cut after each ";" and each sentence, not inside brackets ("(đợt 1 trước …; đợt 2 trước …)")."""
    out: list[str] = []
    start = 0
    opened = len(m.group(0)) if (m := re.match(r"[a-zđ\d]{1,3}\)\s*", text)) else 0  # (the ")" of "c) …")
    for cut in _CLAUSE_END.finditer(text):
        if text.count("(", opened, cut.start()) == text.count(")", opened, cut.start()):
            out.append(text[start : cut.start()])
            start = cut.end()
    out.append(text[start:])
    return [c for c in out if c.strip()]


def _clause_time(clause: str, on: date | None) -> str:
    """A clause's own time limit, as `_deadline` reads it; "" when it has none, or when what it gives is a
    period ("số liệu tính từ ngày … đến ngày …") or a time already past when the plan was signed ("… chưa
    hoàn thành trước ngày 31/12/2024")."""
    phrase = _deadline(clause, [])
    if not phrase or re.match(r"(?i)từ\b", phrase):
        return ""
    return (
        "" if on is not None and _before_plan(phrase, on) else phrase
    )  # (a day without its year comes round)


def _by_time_clause(cand: Candidate, registry: Registry | None, on: date | None) -> list[Candidate]:
    """A paragraph whose clauses give two deliverables or more each its own time ("… xây dựng kế hoạch,
    hoàn thành trước ngày 30/4/2024; định kỳ 6 tháng (trước ngày 15/6/2024) báo cáo …"): one task per
    timed clause, the untimed clauses staying with the timed one after them (or, at the end, before them).
    A part that opens with a subject of its own ("…; Sở Tài chính tổng hợp …") is that subject's."""
    if cand.row or "\n" in cand.text or cand.title:
        return [cand]
    clauses = _clauses(cand.text)
    if any(_LABELLED.fullmatch(c.strip(" .;")) for c in clauses):
        return [cand]  # "… Thời hạn: Quý IV/2025.": the plan states the passage's one time itself
    times = [_clause_time(c, on) for c in clauses]
    if len({fold(t) for t in times if t}) < 2:
        return [cand]
    groups: list[tuple[list[str], str]] = []
    pending: list[str] = []
    for clause, time in zip(clauses, times, strict=True):
        pending.append(clause)
        if time:
            groups.append((pending, time))
            pending = []
    if pending:
        groups[-1] = (groups[-1][0] + pending, groups[-1][1])
    parts = [replace(cand, text=" ".join(texts), deadline=time) for texts, time in groups]
    for part, (texts, _) in zip(parts[1:], groups[1:], strict=True):
        if _DIRECTS.match(texts[0]):
            continue  # "…; Chỉ đạo UBND cấp xã thống kê …": the paragraph's lead directs them
        lead, rest = _own_lead(texts[0], registry)
        if lead and not all(_vague(n, registry) for n in lead) and not _NOT_OWN_WORK.match(rest.strip()):
            part.lead, part.support, part.inferred = lead, _support(rest, registry), False
    return parts


_SENTENCE_END = re.compile(rf"(?<=[.!?])\s+(?=[{UPPER}])")


def _by_subject(cand: Candidate, registry: Registry | None) -> list[Candidate]:
    """A paragraph whose later sentence opens with another lead as its subject ("Các sở … báo cáo … trước
    ngày 10/9. Sở Du lịch tổng hợp … trước ngày 20/9."): one task per lead, each with its own time.

    Only a subject the registry knows, acting on its own: not one that coordinates, answers for, is given
    or directs ("Sở Tài chính phối hợp …", "Chủ tịch UBND các huyện chịu trách nhiệm …", "UBND tỉnh giao …",
    "Chỉ đạo UBND cấp xã …"), nor a vague group. A time the paragraph has from outside its text (a label
    line, a step's period) or from a last sentence that is only a time stays with every part / the last.
    """
    if cand.row or not cand.lead or "\n" in cand.text:
        return [cand]
    sentences = _SENTENCE_END.split(cand.text)
    cuts: list[tuple[int, list[str], str]] = []  # (sentence index, its lead, the text after the lead)
    for k, sentence in enumerate(sentences[1:], 1):
        if _DIRECTS.match(sentence):
            continue
        lead, rest = _own_lead(sentence, registry)
        if (
            lead
            and set(lead) != set(cuts[-1][1] if cuts else cand.lead)
            and all(_known(n, registry) and not _vague(n, registry) for n in lead)
            and not _NOT_OWN_WORK.match(rest)
            and not (sentence.endswith(rest) and _NOT_OWN_WORK.search(sentence[: len(sentence) - len(rest)]))
            and not _LABEL_LEAD.search(sentence)
        ):
            cuts.append((k, lead, rest))
    if not cuts:
        return [cand]
    outside = bool(cand.deadline) and fold(cand.deadline) not in fold(cand.text)
    bounds = [0, *(k for k, _, _ in cuts), len(sentences)]
    parts: list[Candidate] = []
    for n, (start, stop) in enumerate(itertools.pairwise(bounds)):
        text = " ".join(sentences[start:stop])
        part = replace(cand, text=text, deadline=_deadline(text, []), title="")
        if not part.deadline and cand.deadline and (outside or fold(cand.deadline) in fold(text)):
            part.deadline = cand.deadline  # a label's or a step's time, or a bold time printed in this part
        if n:
            part.lead, part.inferred = list(cuts[n - 1][1]), False
            part.support = _support(cuts[n - 1][2], registry)
        parts.append(part)
    return parts


# What a sentence's subject does when the work is not its own: "phối hợp", "chịu trách nhiệm", "giao".
_NOT_OWN_WORK = re.compile(r"(?:phối hợp|chịu trách nhiệm|có trách nhiệm|giao|được giao)\b", re.IGNORECASE)


# Openings of a direction addressed to nobody in particular ("Chỉ đạo đẩy mạnh…", "Kịp thời giải quyết…").
_DIRECTIVE = tuple(
    fold(w)
    for w in (
        "chỉ đạo", "triển khai", "tổ chức", "thực hiện", "xây dựng", "ban hành", "rà soát", "kiểm tra",
        "đôn đốc", "hướng dẫn", "tăng cường", "đẩy mạnh", "tiếp tục", "tập trung", "quán triệt", "kịp thời",
        "thường xuyên", "nâng cao", "đẩy nhanh", "ưu tiên", "phát huy", "khẩn trương", "tích cực", "chủ động",
        "tham mưu", "nghiên cứu", "đề xuất", "hoàn thành", "phấn đấu", "kiện toàn", "giải quyết", "theo dõi",
    )
)  # fmt: skip


def _directive(body: str) -> bool:
    words = " ".join(re.findall(r"[a-z0-9]+", fold(body[:40])))
    return words.startswith(_DIRECTIVE)


_DATED_TARGET = re.compile(
    r"\btrong\s+(?:năm\s+|quý\s+[IVX1-4]+\s*/\s*|tháng\s+\d{1,2}\s*/\s*)\d{4}", re.IGNORECASE
)


def _tasks_section(title: str) -> bool:
    """Whether a Roman section holds duties ("CÁC NHIỆM VỤ TRỌNG TÂM"), or the document has no such sections.

    "NHIỆM VỤ VÀ GIẢI PHÁP" sections state directions for everyone: there only what names an agency counts.
    """
    folded = fold(title)
    return not title or ("nhiem vu" in folded and "giai phap" not in folded)


def _vague(name: str, registry: Registry | None) -> bool:
    resolved = registry.resolve(name) if registry else None
    return bool(resolved and resolved.is_group and registry and registry.groups[resolved.id].vague)


def _joined(lines: list[str], start: int, stop: int) -> bool:
    """Whether the passage's lines include a gap (blank lines, a repeated header) before more of it."""
    chunk = [ln.replace("\t", "").strip() for ln in lines[start - 1 : stop - 1]]
    while chunk and not chunk[-1]:
        chunk.pop()
    chunk = [ln for ln in chunk if not ln.lower().startswith("<sup")]
    return any(not ln for ln in chunk)


def _heading_names(text: str, is_heading: bool, registry: Registry | None) -> list[str]:
    """Agencies a numbered heading or item lends to what follows ("1.2. Sở Y tế", "1.2. Sở Y tế: …")."""
    body = unmarked(text)
    head, colon, _ = body.partition(":")
    head = _unperson(_ADDRESS.sub("", _HEAD_VERB.sub("", head.strip(" .*"))))
    if len(head) > 150 or not head:
        return []
    bare = re.sub(r"\([^()]*\)", "", head)  # "Chi cục Thủy lợi (cơ quan đầu mối, tham mưu Sở …)"
    sentence = re.search(r"\.\s", head) or _VERB_STOP.search(bare)
    if not colon and not is_heading and sentence:
        return []  # a sentence, not a list of names ("1. Các huyện tổ chức tuyên truyền …")
    if colon and sentence:
        # "2. Đoàn kiểm tra số 1 do Sở Y tế chủ trì, kiểm tra …. Lịch kiểm tra:": the lead of the sentence
        return _own_lead(body, registry)[0]
    names = split_names(head, registry)
    if names and all(_is_agency(n, registry) for n in names):
        return names
    return []


def _is_agency(name: str, registry: Registry | None) -> bool:
    return (registry is not None and registry.resolve(name) is not None) or _agency_like(name)


def _outside_brackets_partition(body: str) -> tuple[str, str, str]:
    """`body.partition(":")` at the first colon outside brackets ("… đề án (thời gian: quý II/2024)")."""
    depth = 0
    for k, ch in enumerate(body):
        depth += (ch == "(") - (ch == ")")
        if ch == ":" and depth <= 0:
            return body[:k], ":", body[k + 1 :]
    return body, "", ""


def _own_lead(body: str, registry: Registry | None) -> tuple[list[str], str]:
    """The lead a passage names itself ("X chủ trì…", "Giao X…", "X: …"), and the text after it."""
    if (time_first := _TIME_FIRST.match(body)) is not None and _usable(time_first.group(1)):
        # "Chậm nhất ngày 15/7/2025, Sở Xây dựng công bố …": the subject after the time
        return _own_lead(body[time_first.end() :], registry)
    if (acting := _after_condition(body, registry)) is not None:
        return acting  # "Khi có dịch bệnh xảy ra, Trung tâm Kiểm soát bệnh tật tỉnh tổ chức …"
    if found := _LABEL_LEAD.search(body):
        # "Cơ quan thực hiện: Sở X chủ trì, phối hợp với UBND các huyện.": the lead is what comes before
        names = split_names(re.split(r"\s+(?:chủ trì|phối hợp)\b", found.group(1))[0], registry)
        if names and all(_is_agency(n, registry) for n in names):
            return names, body
    if found := _ADDRESS.match(body):
        after = body[found.end() :]
        if (names_end := _leading_names(after, registry)) is not None:
            return names_end[0], after[names_end[1] :].lstrip(" :")
    head, colon, rest = _outside_brackets_partition(body)
    if colon and len(head) <= 150:
        names = split_names(_unperson(_HEAD_VERB.sub("", head)), registry)
        sentence = _VERB_STOP.search(re.sub(r"\([^()]*\)", "", _HEAD_VERB.sub("", head)))
        if (
            names
            and all(_is_agency(n, registry) for n in names)
            and not (sentence and not all(_known(n, registry) for n in names))
        ):  # (not "Sở X chủ trì tổ chức các hoạt động … (từ … đến …):", a sentence before its list)
            return names, rest
        if len(head.split()) <= 6 and _agency_like(rest.strip()) and ":" not in rest:
            topic_lead = _own_lead(rest.strip(), registry)  # "Chế độ báo cáo: Các sở … báo cáo …"
            if topic_lead[0]:
                return topic_lead
    if registry is not None and (opening := _leading_names(body, registry)) is not None:
        names, end = opening  # known names, then a verb: "Sở Tài chính thẩm định, tham mưu …"
        rest = body[end:].lstrip(" ,")
        if all(_known(n, registry) and not _vague(n, registry) for n in names) and _OPENS_WITH_VERB.match(
            rest
        ):
            return names, rest
    if (
        (found := _LEAD_VERB.search(body[:200])) is not None
        and not _VERB_STOP.search(body[: found.start()])
        and not (found.group(0).strip().startswith("được giao") and _AND_MORE.match(body, found.end()))
    ):  # (not "Các cơ quan căn cứ chức năng, nhiệm vụ được giao …": a verb ends the names before; not "Các
        # phòng được giao nhiệm vụ và UBND các xã báo cáo …": the names go on after the qualifier)
        names = split_names(body[: found.start()], registry)
        if names and all(_is_agency(n, registry) for n in names):
            return names, body[found.end() :]
    for found in _BRACKET_LEAD.finditer(body):  # "… (Sở Kế hoạch và Đầu tư chủ trì, phối hợp với …)"
        names = split_names(found.group(1), registry)
        if names and all(_is_agency(n, registry) for n in names):
            return names, found.group(2)
    if (subject := _subject(body, registry)) is not None:
        return subject
    return [], body


# The bracket that closes a task with who does it and when: "(Sở Y tế chủ trì; hoàn thành Quý IV/2025)",
# "(Giao: Sở Tài chính, thời hạn: tháng 10/2025)", "(Chủ trì: Sở X; phối hợp: Sở Y; thời gian: hằng năm)",
# "(UBND các xã, phường; thường xuyên)"
_CLOSING_BRACKET = re.compile(r"\(([^()]{3,250})\)\W*$")
_ASSIGN_LABEL = re.compile(
    r"^(?:giao|chủ trì|cơ quan chủ trì|đơn vị chủ trì|cơ quan thực hiện)\s*:\s*", re.IGNORECASE
)


def _bracket_assignment(body: str, registry: Registry | None) -> tuple[list[str], str] | None:
    found = _CLOSING_BRACKET.search(body)
    if found is None:
        return None
    inside = found.group(1)
    labelled = _ASSIGN_LABEL.match(inside)
    head, _, rest = inside[labelled.end() if labelled else 0 :].partition(";")
    head = re.split(r",\s*thời (?:hạn|gian)\b", head, flags=re.IGNORECASE)[0].strip()
    if re.search(r"\s(?:phối hợp|thực hiện|thẩm định)$", head):
        return None  # "(Sở X, UBND các huyện phối hợp)": coordinators, not the lead
    leads = re.search(r"\s+chủ trì$", head) is not None
    names = split_names(re.sub(r"\s+chủ trì$", "", head), registry)
    if not names or not all(_is_agency(n, registry) and _name_shaped(n) for n in names):
        return None
    if not (labelled or leads) and not (
        rest.strip() and _usable(rest.strip(" .")) and all(_known(n, registry) for n in names)
    ):
        return None  # ("(VNFishbase)", "(Sở Y tế, Sở Giáo dục)": what the work acts on, not who does it)
    return names, re.sub(r"phối hợp\s*:\s*", "phối hợp với ", rest)


def _later_lead(body: str, registry: Registry | None) -> tuple[list[str], str]:
    """A lead named after the work, for a passage under no agency heading: "Tổ chức bồi dưỡng … do Sở Nội vụ
    chủ trì thực hiện", "Thu hút doanh nghiệp …; Sở Khoa học và Công nghệ chủ trì, phối hợp với …". Not the
    body that runs an event the work only takes part in ("tham gia các lớp tập huấn do Sở Nội vụ chủ trì")."""
    for rx in (_PASSIVE_LEAD, _CLAUSE_LEAD):
        for found in rx.finditer(body):
            if rx is _PASSIVE_LEAD and _EVENT_BEFORE_DO.search(body, 0, found.start()):
                continue
            names = split_names(found.group(1), registry)
            if names and all(
                (_known(n, registry) or (rx is _PASSIVE_LEAD and _agency_like(n) and _name_shaped(n)))
                and not _vague(n, registry)
                for n in names
            ):  # ("do X chủ trì" names its lead even when the registry does not know it)
                return names, body[found.end() :]
    return [], body


# "… các lớp tập huấn do X chủ trì", "… Chương trình do X chủ trì": X runs the event, not the work
_EVENT_BEFORE_DO = re.compile(
    r"\b(?:lớp|tập huấn|hội nghị|hội thảo|hội thi|cuộc thi|[Cc]hương trình|[Đđ]ề án|[Kk]ế hoạch|[Dd]ự án|đợt|"
    r"cuộc|sự kiện|buổi|diễn đàn)\s+(?:\S+\s+){0,2}$"
)


# A time that opens the sentence before its subject: "Chậm nhất ngày 15/7/2025, Sở Xây dựng công bố …"
_TIME_FIRST = re.compile(r"((?:Chậm nhất|Trước|Trong|Từ|Hằng|Định kỳ)\b[^,;:]{2,60}),\s+(?=[" + UPPER + "])")
_LED_BY = re.compile(rf".+?\s+do\s+([{UPPER}].+)")
_EACH = re.compile(r"\s+mỗi\s+(?:đơn vị|cơ quan|địa phương|sở|ngành|xã|huyện)$")
# A joint plan names its parties in its title: "KẾ HOẠCH PHỐI HỢP / Giữa Sở Tư pháp và Hội Luật gia tỉnh về …"
_BETWEEN = re.compile(
    r"(?i)\bgiữa\s+([^\n]{3,80}?)\s+và\s+([^\n]{3,80}?)\s+(?:về|trong|năm|thực hiện|trong việc)\b"
)
_BOTH_SIDES = re.compile(r"^(?:Hai bên|Các bên|Mỗi bên|Hai cơ quan|Hai đơn vị)\b")


def _parties(text: str, registry: Registry | None) -> tuple[str, ...]:
    found = _BETWEEN.search(clean(text[:3000]))
    if found is None:
        return ()
    names = (found.group(1).strip(), found.group(2).strip())
    return names if all(_is_agency(n, registry) and _name_shaped(n) for n in names) else ()


_CONDITION_FIRST = re.compile(r"(?:Khi|Sau khi|Ngay sau khi|Trường hợp)\s+")
_GROUNDS_FIRST = re.compile(r"(?:Căn cứ|Trên cơ sở)\s+")  # "Căn cứ Chương trình này, các sở …": no heading


def _after_condition(
    body: str, registry: Registry | None, opening: re.Pattern[str] = _CONDITION_FIRST
) -> tuple[list[str], str] | None:
    """The subject after a condition that opens the sentence: "Khi có Quyết định công bố TTHC mới, sửa đổi,
    bổ sung …, Văn phòng Sở hoàn thành …", "Sau khi Sở Tài chính, Sở Kế hoạch và Đầu tư thẩm định, UBND các
    huyện hoàn thiện …", "Căn cứ Chương trình này, các sở … xây dựng …". The condition ends at a comma after its
    own predicate (not inside the list of names it opens with, nor inside a list after "với / cho / giao":
    "Khi có yêu cầu, phối hợp với Công an tỉnh, Sở Công Thương …" has no subject of its own)."""
    opener = opening.match(body)
    if opener is None:
        return None
    previous = opener.end()
    for comma in re.finditer(r",\s+", body[:250]):
        condition, piece = body[opener.end() : comma.start()], body[previous : comma.start()]
        previous = comma.end()
        named = _leading_names(condition, registry)
        predicate = condition[named[1] :] if named is not None else condition
        if not re.search(rf"(?:^|\s)[{LOWER}]", predicate):
            continue  # "Sau khi Sở Tài chính, …": still the condition's subject
        if re.search(r"\b(?:với|cho|cùng|giao)\s", piece):
            continue  # "… phối hợp với Công an tỉnh, Sở Công Thương …": a list of names goes on
        after = body[comma.end() :]
        if not (after[:1].isupper() or after.startswith("các ")):
            continue  # "Khi có Quyết định công bố … mới, sửa đổi, …", "Sau khi kiểm tra, rà soát, Sở …"
        acting = _own_lead(after, registry)
        if acting[0]:
            return acting
    return None


_NOT_IN_NAME = re.compile(r"\b(?:được|là|đã|sẽ|đang|cần|phải|nhằm|của|cho|nếu|khi)\b", re.IGNORECASE)
_VERB_STOP = re.compile(rf"\s+(?:{_VERBS})\b")


# Between two verbs, only the level of a board named after its work: "Ban Chỉ đạo rà soát huyện phân công …"
_ONLY_UNITS = re.compile(
    r"\s+(?:(?:các|cấp|huyện|tỉnh|xã|phường|thị trấn|thị xã|thành phố)\b[\s,]*(?:và\s+)?)+"
)


# "Chương trình", "quy trình", "lộ trình", "công trình": nouns, not the verb "trình" (to submit)
_NOUN_TRINH = re.compile(r"\b(?:[Cc]hương|[Qq]uy|[Ll]ộ|[Cc]ông|[Tt]iến|[Hh]ành)\s+trình$")
# A board named by its work ("Hội đồng đánh giá …", "Tổ công tác rà soát …", "Đoàn kiểm tra liên ngành …"):
# its type alone before the first verb is not its name
_BOARD = re.compile(r"(?:Hội đồng|Tổ(?: công tác)?|Ban(?: Chỉ đạo)?|Tiểu ban|Đoàn(?: kiểm tra)?)")


def _subject(body: str, registry: Registry | None) -> tuple[list[str], str] | None:
    """Agencies a sentence opens with as its subject, known or not, before its verb: "Chi cục Thống kê huyện
    đối chiếu …", "Phòng Tư pháp phối hợp …", "Các đơn vị chủ rừng, UBND các huyện báo cáo …"."""
    window = body[:200]
    stops = [
        stop
        for stop in _VERB_STOP.finditer(window)
        if window.count("(", 0, stop.start()) <= window.count(")", 0, stop.start())  # not in a remark
        and not _NOUN_TRINH.search(window, 0, stop.end())
    ]
    board = False
    for k, stop in enumerate(stops):
        if k + 1 < len(stops) and _ONLY_UNITS.fullmatch(window[stop.end() : stops[k + 1].start()]):
            continue  # "Ban Chỉ đạo rà soát huyện phân công …": "rà soát huyện" is part of the board's name
        head = window[: stop.start()].strip(" ,")
        head = _EACH.sub("", head)  # "Chi cục A, Chi cục B mỗi đơn vị đăng ký …": each of them
        if stop.group(0).strip() == "chủ trì" and (led := _LED_BY.fullmatch(head)) is not None:
            head = led.group(1)  # "Đoàn kiểm tra số 1 do Sở Y tế chủ trì": the body that leads it
        if _BOARD.fullmatch(head) and k + 1 < len(stops):
            board = True  # "Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện tổ chức …": a board named by its
            continue  # work, up to the next verb
        # "Các đơn vị sự nghiệp công lập thuộc Sở (Trung tâm Khuyến nông, Trung tâm Nước sạch …)": the bodies
        # the bracket lists, else the name before it
        listed = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", head)
        inner = split_names(listed.group(2), registry) if listed is not None else []
        if (
            listed is not None
            and not (
                (  # "Cơ quan thường trực Ban Chỉ đạo tỉnh (Sở Y tế) chủ trì …": the body the role is
                    inner
                    and all(_known(n, registry) for n in inner)
                    and not fold(listed.group(1)).startswith(fold(inner[0]))
                )
                or (
                    len(inner) > 1
                    and all(
                        n[:1].isupper()
                        and "," not in n
                        and _is_agency(n, registry)
                        and _name_shaped(n)
                        and not _bare_opener(n)
                        for n in inner
                    )
                )
            )
        ):
            inner = []  # (not "(Văn phòng Điều phối)", a short form; not "(Văn phòng, Thanh tra, …)")
        core = listed.group(1) if listed is not None else head
        if not head or _NOT_IN_NAME.search(_GIVEN.sub("", core)) or len(core.split()) > 20:
            return None  # ("Các đơn vị được giao nhiệm vụ …" is a name with its qualifier)
        if board and len(head.split()) <= 15:
            return [head], window[stop.start() :].strip() + body[200:]
        names = inner or split_names(core, registry)
        if names and all(
            _is_agency(n, registry)
            and (len(n.split()) <= 12 or qualified_name(n, registry) is not None)  # (a known name, a clause)
            and not _bare_opener(n)
            for n in names
        ):  # (a bare "Văn phòng", "Sở" names nobody)
            return names, window[stop.start() :].strip() + body[200:]
        return None  # the first verb ends the subject: what precedes it is not a list of agencies
    return None


def _support(text: str, registry: Registry | None) -> list[str]:
    if labelled := _LABEL_SUPPORT.search(text):
        return [n for n in split_names(labelled.group(1), registry) if _is_agency(n, registry)]
    found = _SUPPORT.search(text)
    if found is None:
        return []
    names_end = _leading_names(text[found.end() :], registry)
    return names_end[0] if names_end else []


_GIVEN = re.compile(r"\bđược giao(?: nhiệm vụ)?\b")
_AND_MORE = re.compile(rf"(?:\s+nhiệm vụ)?\s+và\s+(?:các\s+)?[{UPPER}]")
# A level below the province after a name the registry knows ("Hội Nông dân huyện"; not "… xã hội")
_LOWER_LEVEL = re.compile(
    r"(?:\s+Việt Nam)?\s+(?:cấp\s+)?(?:huyện|quận|thị xã|xã(?!\s+hội)|phường|thị trấn)\b"
)


def _leading_names(text: str, registry: Registry | None) -> tuple[list[str], int] | None:
    """The agency names `text` opens with ("Sở A, Sở B tham mưu…") and where they end; None if none."""
    window = text[:300]
    # The longest run of names the registry knows ("Sở Tài chính nâng cấp …" stops before "nâng cấp"),
    # else the first list that ends before a verb and looks like agencies (flagged as unknown later).
    best: tuple[list[str], int] | None = None
    if registry is not None:
        for end in (m.start() for m in re.finditer(r"\s+|[.;:(]|$", window)):
            if end - (best[1] if best else 0) > _LONGEST_NAME:
                break  # no registry name is that long: the list has ended
            names = split_names(window[:end], registry)
            if names and all(_known(n, registry) for n in names):
                best = names, end
    loose = None
    for stop in _NAMES_END.finditer(window):
        names = split_names(window[: stop.start()], registry)
        if names and all(_is_agency(n, registry) and _name_shaped(n) for n in names):
            loose = names, stop.start()
            break
    if registry is not None and best is not None:
        # the known names, or the list they open when it goes on with bodies the registry does not know
        # ("Công an tỉnh, thành phố Chí Linh, thị xã Kinh Môn")
        longer = loose is not None and len(loose[0]) > len(best[0]) and loose[0][: len(best[0])] == best[0]
        # "Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Hội Nông dân huyện": the district's bodies, not the
        # province's the registry knows by the same first words
        lower = loose is not None and loose[1] > best[1] and _LOWER_LEVEL.match(window, best[1]) is not None
        return loose if (longer or lower) and loose is not None else best
    return loose


_LONGEST_NAME = 160  # characters: longer than any agency name or alias in the registries


def _name_shaped(name: str) -> bool:
    """Short enough, and without a date, to be a body's name ("Phòng Nội vụ chi trả trợ cấp, xong trước ngày
    20/01/2025" is a sentence that begins like one)."""
    own, _, parent = name.partition(
        " thuộc "
    )  # "Trung tâm Chuyển đổi số tỉnh thuộc Sở Khoa học và Công nghệ"
    return (
        len(own.split()) <= 12 and len(parent.split()) <= 10 and not re.search(r"\d{1,2}\s*/\s*\d{1,2}", name)
    )


def _known(name: str, registry: Registry | None) -> bool:
    return _resolved_name(name, registry) is not None


def _resolved_name(name: str, registry: Registry | None) -> str | None:
    """`name` as the registry knows it, a leading title dropped ("Thủ trưởng các sở, ban, ngành"); None."""
    if registry is None:
        return None
    if registry.resolve(name) is not None:
        return name
    untitled = _TITLE.sub("", name)  # "Chủ tịch Ủy ban nhân dân các huyện" speaks for the committees
    if untitled != name:
        for candidate in (untitled, f"Các {untitled}"):
            if registry.resolve(candidate) is not None:
                return candidate
    return None


# Where a qualifying clause starts after a name: "UBND các xã có diện tích lúa lớn", "các sở, ngành được giao
# nhiệm vụ tại Phụ lục", "UBND các huyện có liên quan", "Bộ Chỉ huy Quân sự tỉnh theo chức năng, nhiệm vụ".
# A known name followed by the place that names it: "… tỉnh Lạng Sơn", "… các huyện Cao Lộc, Văn Lãng", "Ban
# Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn" (a few lower-case words, then proper names).
# (A proper word holds no hyphen and words are joined by spaces or a hyphen: one way to read each line.)
_PROPER = rf"[{UPPER}][^\s,;()\-–]*"
_NAMED_TAIL = re.compile(
    rf"((?:(?!(?:và|cùng|với|hoặc|của|cho)\s)[{LOWER}]+\s+){{0,3}})(?!(?:Chủ trì|Chỉ đạo|Phối hợp|Tham mưu)\b)"
    rf"{_PROPER}(?:(?:\s+|\s*[-–]\s*){_PROPER}){{0,5}}(?:\s*,\s*{_PROPER}(?:(?:\s+|\s*[-–]\s*){_PROPER}){{0,3}})*"
)
_QUALIFIER = re.compile(r"\s+(?=(?:có|được|theo|trên địa bàn|thuộc diện|nơi|ở|tham gia|liên quan)\b)")


def qualified_name(name: str, registry: Registry | None) -> tuple[str, str] | None:
    """(the name as the registry knows it, the clause after it) for a known name with a qualifying clause;
    None when `name` is known as it is, or no head of it is."""
    return None if registry is None else _qualified(name, registry)


@lru_cache(maxsize=65536)  # lists are tried piece by piece, again for every end of a passage's opening
def _qualified(name: str, registry: Registry) -> tuple[str, str] | None:
    if _known(name, registry):
        return None
    for cut in _QUALIFIER.finditer(name):
        if (head := _resolved_name(name[: cut.start()], registry)) is not None:
            tail = name[cut.end() :]
            if any(_is_agency(part, registry) for part in re.split(r"\s*[,;]\s*", tail)[1:]):
                return None  # "…được giao nhiệm vụ, Công an tỉnh …": a list going on, not one clause
            return head, tail
    for cut in re.finditer(r"\s+", name):  # "UBND các huyện Cao Lộc, Văn Lãng", "Công an tỉnh Lạng Sơn"
        tail = name[cut.end() :]
        place = _NAMED_TAIL.fullmatch(tail)
        if place is None or _VERB_STOP.search(" " + place.group(1)):
            continue
        level = re.search(r"\b(?:tỉnh|huyện|quận|thị xã|thành phố|xã|phường|thị trấn)$", name[: cut.start()])
        if level is not None and level.group(0) == "tỉnh" and fold(tail) != fold(_province_name(registry)):
            continue  # "Công an tỉnh Tuyên Quang" in a Hà Giang plan is another province's
        if (
            name[: cut.start()].endswith((",", ";"))
            or not (level or place.group(1))  # a place after a level or a description, not "Sở Du lịch Biển"
            or _agency_like(tail)
            or _agency_like(place.group(0)[len(place.group(1)) :])
        ):
            continue  # "Sở Tư pháp, Các Sở, ngành": a list of names, not a name and its place
        if (head := _resolved_name(name[: cut.start()], registry)) is not None:
            return head, tail
    words = name.split()
    for n in range(1, min(4, len(words) - 1) + 1):  # "UBND các xã, phường, thị trấn ven sông": a short
        described = words[-n:]  # lower-case words after a known name ("ven sông", "biên giới", "trọng điểm")
        if not all(w.isalpha() and w.islower() for w in described):
            break  # (a longer tail holds this word too)
        if (
            not words[-n - 1].endswith((",", ";"))
            and (head := _resolved_name(" ".join(words[:-n]), registry)) is not None
            and not any(fold(w) in _NAME_WORDS for w in described)
        ):
            return head, " ".join(described)
    return None


def _province_name(registry: Registry) -> str:
    """ "Lạng Sơn" of "Tỉnh Lạng Sơn"."""
    return re.sub(r"^(?:Tỉnh|Thành phố)\s+", "", registry.name)


# Words that make up agency names and lists of them: a "description" made of them is another name.
_NAME_WORDS = frozenset(
    fold(w)
    for w in (
        "các", "sở", "ban", "ngành", "huyện", "xã", "phường", "thị", "trấn", "thành", "phố", "cấp", "ủy", "đoàn",
        "đảng", "hội", "tỉnh", "quận", "và", "cơ", "quan", "đơn", "vị", "địa", "phương", "tổ", "chức",
    )
)  # fmt: skip


# A line that labels the item above it: "Đơn vị thực hiện: …", "Thời gian: …", "Sản phẩm: …".
_LABEL_LINE = re.compile(
    r"^(?P<k>(?:đơn vị|cơ quan)\s+(?:thực hiện|chủ trì|phối hợp)(?:\s+thực hiện)?|thời gian(?:\s+(?:thực hiện|"
    r"hoàn thành|tổ chức))?|thời hạn(?:\s+hoàn thành)?|hoàn thành|tiến độ|sản phẩm|kết quả(?:\s+đầu ra)?)\s*:\s*(?P<v>\S.*)$",
    re.IGNORECASE,
)
_DIRECTS = re.compile(r"^(?:Chỉ đạo|Đôn đốc|Hướng dẫn)\s")


def _only_names(body: str, registry: Registry | None) -> bool:
    text = re.sub(r"\s*\([^()]*\)", "", clean(body)).strip(" .:;")
    if ":" in text or _deadline(body, []):
        return False  # "Sở Nội vụ: Rà soát …", "Sở Nội vụ (trước ngày 30/6/2024)" are the work itself
    if not text or len(text) > 150 or re.search(r"\.\s", text) or _ANY_VERB.search(text):
        return False
    names = split_names(text, registry)
    return bool(names) and all(_is_agency(n, registry) for n in names)


_MASTHEAD_CELL = re.compile(
    r"(?:Số\s*:\s*\d+\s*/|CỘNG HÒA XÃ HỘI)"  # (not a date cell alone: a schedule's "Thứ Năm, ngày …")
)
# A sentence that says what the document carries out, not work: "Thực hiện Kết luận của Bộ Chính trị …; Công
# điện của Thủ tướng Chính phủ …" (unless it goes on to ask or assign: "…, UBND tỉnh yêu cầu …")
_PURSUANT = re.compile(
    r"^Thực hiện\s+(?:các\s+)?(?:Kết luận|Nghị quyết|Chỉ thị|Công điện|Quyết định|Thông báo|Công văn|Văn bản|"
    r"văn bản|ý kiến|Luật|Nghị định|Thông tư)\b"
)  # (not "Căn cứ Kế hoạch này, xây dựng kế hoạch …": work after its grounds)
_ASKS = re.compile(r"\b(?:yêu cầu|giao|đề nghị|chỉ đạo)\b")
_SIGNATURE = re.compile(
    rf"(?:TM|KT|TL|TUQ|Q)\.\s*[{UPPER}]{{2,}}"
)  # "KT. CHỦ TỊCH", "TM.UỶ BAN", "KT. TRƯỞNG BAN"
# A sentence that sends the section's tasks to the appendix: "Danh mục nhiệm vụ cụ thể, đơn vị chủ trì, thời
# gian thực hiện tại Phụ lục kèm theo Kế hoạch này." (a sentence of its own, not a bracket in a task's text)
_DETAILS_IN_APPENDIX = re.compile(
    r"(?:^|[.;]\s+)\W*(?:danh muc|chi tiet|noi dung cu the|cac nhiem vu cu the|phan cong cu the)\b[^.()]{0,160}"
    r"\b(?:tai|theo|o) (?:cac )?phu luc\b"
)
# A line that assigns the directions above it, back to the last heading: "Cơ quan chủ trì các nội dung trên:
# Sở X; cơ quan phối hợp: …; thời gian: …", "Đơn vị chủ trì thực hiện các nội dung trên: Sở X.", "Giao Sở X
# chủ trì thực hiện các nội dung trên, phối hợp với …".
_ABOVE = r"(?:các\s+)?(?:nội dung|nhiệm vụ|hoạt động|giải pháp)\s+(?:nêu\s+|kể\s+)?trên"
_COVERING_LABEL = re.compile(
    rf"(?:cơ quan|đơn vị)\s+(?:chủ trì|thực hiện)(?:\s+thực hiện)?\s+{_ABOVE}\s*:\s*", re.IGNORECASE
)
_COVERING_SENTENCE = re.compile(
    rf"(?:Giao\s+)?(?P<lead>\S.{{2,150}}?)\s+chủ trì(?:\s+thực hiện)?\s+{_ABOVE}\b"
)


class Share(NamedTuple):
    """Who a covering or responsibility line gives the directions above it to."""

    items: frozenset[str] | None  # the item numbers it names ("nội dung 1.1, 1.2"); None: all of them
    lead: list[str]
    support: list[str]


def _support_after(text: str, registry: Registry | None) -> list[str]:
    """The coordinators a line names: "…; cơ quan phối hợp: X, Y" or "… phối hợp với X, Y"."""
    found = _LABEL_SUPPORT.search(text)
    names = found.group(1) if found else text[m.end() :] if (m := _SUPPORT.search(text)) else ""
    return [n for n in split_names(re.split(r";|\.\s", names)[0], registry) if _is_agency(n, registry)]


def _covering(text: str, registry: Registry | None) -> tuple[list[Share], str, str] | None:
    """(its share, its time, the work it also gives, if any) of a covering line; None if `text` is not one."""
    if (label := _COVERING_LABEL.match(text)) is not None:
        values, rest = text[label.end() :], ""
        lead = split_names(re.split(r";|\.\s|\s+(?:chủ trì|phối hợp)\b", values)[0], registry)
    elif (sentence := _COVERING_SENTENCE.match(text)) is not None:
        values = rest = text[sentence.end() :]
        lead = split_names(sentence.group("lead"), registry)
    else:
        return None
    if not lead or not all(_is_agency(n, registry) for n in lead):
        return None
    time = _LABELLED.search(values)
    return (
        [Share(None, lead, _support_after(values, registry))],
        time.group(1).strip(" .;:,()") if time else "",
        rest,
    )


# "Trách nhiệm thực hiện: nội dung 1.1, 1.2: Sở X chủ trì; Sở Y, Z phối hợp; nội dung 1.3: Sở W chủ trì.
# Thời gian thực hiện: …" after the items it assigns, by their numbers or all of them
_RESPONSIBILITY = re.compile(r"(?:trách nhiệm|phân công)\s+thực hiện\s*:\s*", re.IGNORECASE)
_ITEM_REFS = r"(?:các\s+)?(?:nội dung|nhiệm vụ|mục|điểm)\s+(\d+(?:\.\d+)*(?:\s*(?:,|và)\s*\d+(?:\.\d+)*)*)"
_THE_REST = re.compile(r"(?:các\s+)?(?:nội dung|nhiệm vụ|mục)\s+(?:khác|còn lại)\s*:\s*", re.IGNORECASE)
_LEADS_BY_ITEM = re.compile(rf"([^,()]+?)\s*\(\s*{_ITEM_REFS}\s*\)", re.IGNORECASE)


def _numbers(refs: str) -> frozenset[str]:
    return frozenset(re.findall(r"\d+(?:\.\d+)*", refs))


def _responsibilities(text: str, registry: Registry | None) -> tuple[list[Share], str] | None:
    """The shares of a responsibility line (see `_RESPONSIBILITY`) and its time; None when `text` is not one."""
    label = _RESPONSIBILITY.match(text)
    if label is None:
        return None
    values = re.sub(r"(?<=\w)-\s+(?=\w)", " ", text[label.end() :])  # "phối-\nhợp" cut at a line's end
    time = _LABELLED.search(values)
    if time is not None:
        values = values[: time.start()]
    shares: list[Share] = []
    for part in re.split(r";|\.\s+", values):
        part = part.strip(" .,")
        refs = None
        if (prefix := re.match(rf"{_ITEM_REFS}\s*:\s*", part, re.IGNORECASE)) is not None:
            refs, part = _numbers(prefix.group(1)), part[prefix.end() :]
        elif (rest := _THE_REST.match(part)) is not None:
            part = part[rest.end() :]  # "các nội dung còn lại: Sở X chủ trì": the items no number names
        verb = re.search(r"\s+(?:chủ trì|thực hiện)\b|\s+(?=theo chức năng|căn cứ)", part)
        if verb is not None or (not shares and _agency_like(part)):  # "Các sở, ban, ngành." names the lead
            head, tail = (part[: verb.start()], part[verb.end() :]) if verb else (part, "")
            if (after := re.search(_ITEM_REFS, tail, re.IGNORECASE)) is not None:
                refs = (refs or frozenset()) | _numbers(after.group(1))
            support = _support_after(tail, registry)  # "X chủ trì, phối hợp với Y"
            if by_item := _LEADS_BY_ITEM.findall(head):  # "Sở X (nội dung 5.1), Sở Y (nội dung 5.2) chủ trì"
                shares += [Share(_numbers(r), split_names(name, registry), support) for name, r in by_item]
            elif (lead := split_names(head, registry)) and all(_is_agency(n, registry) for n in lead):
                shares.append(Share(refs, lead, support))
        elif (joins := re.search(r"\s+phối hợp\b", part)) is not None and shares:
            support = [n for n in split_names(part[: joins.start()], registry) if _is_agency(n, registry)]
            shares[-1] = shares[-1]._replace(support=support)
    if not shares:
        return None
    return shares, time.group(1).strip(" .;:,()") if time else ""


def _share(above: list[Candidate], shares: list[Share], time: str) -> bool:
    """Give the directions above a covering or responsibility line, that no label or heading named a lead
    for, their share: the one naming their number ("1.2" is item III.1.2's, and 1.2.x's), else the one for
    all. Whether any was given."""
    given = False
    for c in above:
        if c.row or not (c.pending or c.inferred or not c.lead):
            continue
        number = re.sub(r"^[IVXLC]+[.-]", "", c.ref)  # "III.1.2" -> "1.2"
        mine = [
            sh
            for sh in shares
            if sh.items and any(number == n or number.startswith(n + ".") for n in sh.items)
        ]
        share = mine[0] if mine else next((sh for sh in shares if sh.items is None), None)
        if share is not None:
            c.lead, c.support, c.pending, c.inferred = list(share.lead), list(share.support), False, False
            c.deadline, given = c.deadline or time, True
    return given


def _apply_label(cand: Candidate, label: str, value: str, registry: Registry | None) -> None:
    """Fill a task from a labelled line under it; the label words are the table headers' (`_COLUMNS`)."""
    kind = column_kind(label)
    value = clean(value).strip(" .;")
    if kind == "support":
        cand.support = [n for n in split_names(value, registry) if _is_agency(n, registry)] or cand.support
    elif kind == "lead":
        lead, rest = _own_lead(value, registry)  # "Sở Nội vụ chủ trì, phối hợp Sở Tài chính"
        if names := lead or split_names(value, registry):
            cand.lead, cand.inferred = names, False  # printed: beats a heading's or a guess
            if lead:
                cand.support = _support(rest, registry) or cand.support
    elif kind == "deadline":
        cand.deadline = value
    else:
        cand.output = value
    cand.text += f"\n{label}: {value}"


# A heading that names the person who answers for a body: "Thành viên Ban Chỉ đạo là Giám đốc Sở Y tế",
# "Đồng chí Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh, Thành viên Ban Chỉ đạo".
_PERSON = re.compile(
    r"^(?:Đồng chí\s+)?(?:(?:Các\s+)?Thành viên Ban Chỉ đạo là\s+(?:đồng chí\s+)?)?(?:lãnh đạo\s+)?"
    r"(?:(?:Phó\s+)?(?:Giám đốc|Chủ tịch|Cục trưởng|Chi cục trưởng|Trưởng ban|Chánh(?=\s+(?:Văn phòng|Thanh tra)))"
    r"|Thủ trưởng|Chỉ huy trưởng|Người đứng đầu|Tổng biên tập)?\s*",
    re.IGNORECASE,
)
# "…, Thành viên Ban Chỉ đạo", "… – Phó Trưởng ban Thường trực", "… – Trưởng Ban Chỉ đạo": the role, not a body
_MEMBER = re.compile(
    r"(?:,?\s*(?:là\s+)?(?:thành viên|Phó Trưởng ban|Trưởng ban) Ban Chỉ đạo|\s+[–-]\s+(?:Phó\s+)?Trưởng\s+ban\b).*$",
    re.IGNORECASE,
)


def _unperson(head: str) -> str:
    """The bodies a heading names, without the person or the committee role printed with them."""
    stripped = _MEMBER.sub("", _PERSON.sub("", head.strip()))
    return stripped if stripped and _agency_like(stripped) else head


_LETTER_DEPTH = 99  # lettered items sit below every numbered level
_NAMED_DEPTH = 50  # an unnumbered agency heading ("**Sở Y tế:**"): below numbered levels, above letters

# Words that go on a collective name past its comma: "Các cơ quan, ban, ngành huyện", "Các phòng, ban, đoàn thể"
_COLLECTIVE = re.compile(
    r"(?:ban|nganh|ban nganh|doan the|don vi|dia phuong|to chuc|hoi|phong)(?: (?:huyen|tinh|thi xa|thanh pho|xa))?"
)
_NAMED_UNIT = re.compile(
    r"(?:huyện|thị xã|thành phố|thị trấn|quận)\s+[A-ZĐ][^\s,;]*(?:\s+[A-ZĐ][^\s,;]*){0,3}"
)
_UNITS_GROUP = re.compile(r"\b(?:ubnd|uy ban nhan dan)\s+(?:cac|cap)\b")  # "UBND các huyện", "UBND cấp huyện"
_UNIT_WORDS = {"thi xa", "thanh pho", "thi tran", "huyen", "xa", "phuong", "tp", "tx", "quan", "dac khu"}


def split_names(text: str, registry: Registry | None) -> list[str]:
    """Agency names in a list as printed ("Sở Tài chính, Sở Nội vụ và các sở, ban, ngành").

    Pieces between commas are joined again when together they are one registry name ("Các sở, ban,
    ngành"); "và" splits only when both sides are names.
    """
    text = clean(text).strip(" .;:,")
    text = re.sub(r"^(?:với|cùng)\s+", "", text)
    text = re.sub(r"\s+(?:và|&)$", "", text)
    # "Sở Tư pháp (đối với nhiệm vụ tự kiểm tra)": a remark; before another name ("… (đối với Kế hoạch của
    # UBND tỉnh) Các Sở, ngành"), it separated the two
    text = re.sub(r"\s*\([^()]*\)\s*(?=[A-ZĐ][a-zđà-ỹ])", "; ", text)
    text = re.sub(r"\s*\([^()]*\)", "", text)
    if registry is not None and " và " in text and not _known(text, registry):
        left, _, right = text.rpartition(" và ")  # "Các sở, ngành và UBND các huyện, thành phố"
        before = split_names(left, registry) if _agency_like(right) else []
        if before and (
            all(_known(n, registry) for n in before)
            or (  # "Các phòng, ban, ngành, đoàn thể thị xã và Ủy ban nhân dân các xã, phường"
                _known(right, registry)
                and not re.match(r"Văn phòng\s", left)  # "Văn phòng HĐND và UBND huyện" is one office
                and all(_agency_like(n) for n in before)
            )
        ):
            return [*before, *split_names(right, registry)]
    pieces = [p.strip() for p in re.split(r"\s*[,;]\s*|\.\s+|\n", text) if p.strip(" .")]
    split: list[str] = []
    for piece in pieces:  # "Sở Nội vụ và các cơ quan, đơn vị liên quan": the group goes on past the comma
        found = re.match(r"(.+?)\s+và\s+((?:các|cơ quan|đơn vị)\s.*)$", piece)
        if found and registry is not None and registry.resolve(found.group(1)) is not None:
            split += [found.group(1), found.group(2)]
        else:
            split.append(piece)
    pieces = split
    names: list[str] = []
    i = 0
    while i < len(pieces):
        if (
            names
            and (_known(names[-1], registry) or qualified_name(names[-1], registry) is not None)
            and (
                fold(pieces[i]).strip(" .") in _UNIT_WORDS
                or (
                    _NAMED_UNIT.fullmatch(pieces[i]) is not None
                    and _UNITS_GROUP.search(fold(names[-1])) is not None
                )
            )
        ):
            i += 1  # "UBND các huyện, thành phố, thị xã" / "UBND các huyện, thị xã Kiến Tường, thành phố Tân
            continue  # An": the group already names the units, in any order, even by name
        taken = 1
        if registry is not None:
            for j in range(len(pieces), i + 1, -1):
                joined = ", ".join(pieces[i:j])  # "UBND các huyện, thị xã, thành phố có liên quan": one
                if _known(joined, registry) or qualified_name(joined, registry) is not None:
                    taken = j - i
                    break
        name = ", ".join(pieces[i : i + taken])
        collective = (
            bool(names) and names[-1].startswith("Các ") and _COLLECTIVE.fullmatch(fold(name)) is not None
        )
        if names and (collective or not _known(names[-1], registry)) and not _is_agency(name, registry):
            names[-1] += f", {name}"  # "Trung tâm Y tế các huyện, thị xã, thành phố": one name, unknown
        elif (glued := _glued(name, registry)) is not None:
            names.extend(glued)
        else:
            names.extend(_split_and(name, registry))
        i += taken
    return [n for n in names if n]


# A second body's first word inside a name: what a run of names glued together has
_SECOND_HEAD = re.compile(
    r"\s(?:Sở|UBND|Ủy ban|Ban|Công an|Bộ|Viettel|VNPT|Bưu điện|Báo|Đài|Kho bạc|Cục|Chi cục|Trung tâm|Văn phòng|"
    r"Thanh tra|Hội|Liên đoàn|Tỉnh đoàn|Thành đoàn|Bảo hiểm|Ngân hàng|Điện lực|Tòa án|Viện|Phòng|Thuế)\s"
)


def _glued(name: str, registry: Registry | None) -> list[str] | None:
    """Names the registry knows, printed one after another with no separator: the lines of a table cell
    joined by a conversion ("Sở Khoa học và Công nghệ Sở Tài chính", "Viettel Tuyên Quang VNPT Tuyên Quang");
    None unless the whole is exactly such a run, or when the registry knows it as one name."""
    if registry is None or _SECOND_HEAD.search(name) is None or _known(name, registry):
        return None
    words = name.split()
    starts = [k for k, w in enumerate(words) if k > 0 and w[:1].isupper()]
    if not starts or len(words) > 24:
        return None

    def runs(first: int) -> list[str] | None:  # the known names words[first:] is made of, if any
        for cut in [*(k for k in starts if k > first), len(words)]:
            head = " ".join(words[first:cut])
            if _known(head, registry):
                rest = [] if cut == len(words) else runs(cut)
                if rest is not None:
                    return [head, *rest]
        return None

    found = runs(0)
    return (
        list(dict.fromkeys(found)) if found is not None and len(found) > 1 else None
    )  # (a cell printed twice)


# An appositive after a name: "Sở Nội vụ - Cơ quan thường trực …", "Sở X là cơ quan thường trực …".
_APPOSITIVE = re.compile(r"\s+(?:-|–|là)\s+(?:cơ quan|đơn vị|thường trực)|\s*\(", re.IGNORECASE)


_TITLE = re.compile(r"^(?:Thủ trưởng|Giám đốc|Chủ tịch|Lãnh đạo|Người đứng đầu)\s+(?:các\s+)?", re.IGNORECASE)


def _split_and(name: str, registry: Registry | None) -> list[str]:
    if (known := _resolved_name(name, registry)) is not None:
        return [known]
    found = _APPOSITIVE.search(name) if registry is not None else None
    if registry is not None and found is not None and registry.resolve(name[: found.start()]) is not None:
        return [name[: found.start()]]
    name = re.sub(r"\s+(?:và|&)$", "", name)
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        name = " ".join(words[:half])  # "Sở Nội vụ Sở Nội vụ": a merged cell printed on both pages
        if registry is not None and registry.resolve(name) is not None:
            return [name]
    slashed = re.split(r"\s*/\s*", name)
    if len(slashed) > 1 and all(_is_agency(part, registry) for part in slashed):
        return slashed  # "Sở Nông nghiệp và Môi trường/ UBND các xã, phường"
    parts = re.split(r"\s+(?:và|&)\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈÍÓÚỦ]|các\s|cơ quan\s|đơn vị\s)", name)
    if re.match(r"Văn phòng\s", name) and not all(_known(p, registry) for p in parts):
        return [name]  # "Văn phòng HĐND và UBND huyện" is one office
    if len(parts) > 1 and all(_is_agency(p, registry) for p in parts):
        return parts
    return [name]


# A step's title with its period: "**Bước 1. Công tác chuẩn bị** (từ ngày 03/9/2024 đến ngày 20/9/2024)",
# "Giai đoạn 2: Triển khai (Quý II/2024)": bold as a title, or named a step, phase or round.
_STEP = re.compile(
    r"^(?:Bước|Giai đoạn|Đợt|Phần)\s+(?:\d+|[IVX]+)\b(?:[^()]{0,120}?\(([^()]{3,80})\)\W*"
    r"|[^():]{0,120}?:\s*((?:hoàn thành\s+|thực hiện\s+)?(?:trong|trước|từ|chậm nhất|đến|tháng|quý|năm|ngày|tuần|"
    r"giai đoạn|hằng|định kỳ|thường xuyên)\b[^():]{0,70}?)[\s.*]*)$",  # "Bước 1 - Chuẩn bị: hoàn thành trong …"
    re.IGNORECASE,
)
_BOLD_TITLE = re.compile(
    r"^\W*\*\*[^*]{3,150}\*\*\s*\(([^()]{3,80})\)\W*$"  # "**Bước 1. Chuẩn bị** (tháng 9/2024)"
    r"|^\W*\*\*[^*()]{3,150}\(([^()]{3,80})\)[\s.:]*\*\*\W*$"  # "**4. Nhóm nhiệm vụ (hoàn thành trong tháng 9/2025)**"
)


_TIME_ONLY = re.compile(
    r"(?i)(?:từ\s+|trong\s+)?(?:tháng|quý|năm)\s+[\dIVX]+(?:\s*/\s*\d{4})?"
    r"(?:\s*(?:,|và|đến|-)\s*(?:tháng|quý)?\s*[\dIVX]+(?:\s*/\s*\d{4})?)*"
)


# A heading that sorts the tasks below it by their time: "**3.1. Các nhiệm vụ hoàn thành trong Quý I/2025:**",
# "Nhóm nhiệm vụ thực hiện thường xuyên".
_TASKS_BY_TIME = re.compile(
    r"(?i)(?:các\s+)?(?:nhóm\s+)?(?:nhiệm vụ|công việc|hoạt động)\s+(?:cần\s+|phải\s+)?"
    r"(?:hoàn thành|thực hiện|triển khai)\s+(.{3,60})"
)


def _timed_title(text: str, raw: list[str], registry: Registry | None) -> str | None:
    """The period of a step's title (a heading over the steps' tasks), None if `text` is not one, "" for a
    step that names who does it ("Bước 1: UBND cấp xã rà soát … (trước ngày 15/10)"): a task itself."""
    bare = clean(unmarked(text)).strip(" :.")
    if (
        (titled := re.fullmatch(r"([^()]{3,80}?)\s*\(([^()]{3,80})\)\W*", bare)) is not None
        and len(titled.group(1).split()) <= 8
        and not _OPENS_WITH_VERB.match(titled.group(1).lower())
        and not _own_lead(titled.group(1), registry)[0]
        and not all(
            _is_agency(n, registry) for n in split_names(titled.group(1), registry)
        )  # "Sở Nội vụ (…)"
        and parse_deadline(titled.group(2), year=2000).kind in ("date", "recurring", "ongoing", "event")
    ):
        return titled.group(2)  # "1. Công tác chuẩn bị (hoàn thành trước ngày 31/7/2025)" over its items
    by_time = _TASKS_BY_TIME.fullmatch(bare)
    if (
        by_time is not None
        and any(line.strip().startswith(("**", "#")) for line in raw)
        and parse_deadline(by_time[1], year=2000).kind in ("date", "recurring", "ongoing")
    ):  # (not "Các nhiệm vụ thực hiện theo chỉ đạo của UBND tỉnh": a deferral, no time)
        return by_time.group(1)  # "Các nhiệm vụ hoàn thành trong Quý I/2025:" over its tasks
    if (
        len(bare) <= 40
        and _TIME_ONLY.fullmatch(bare)
        and parse_deadline(bare, year=2000).kind == "date"
        and any(line.strip().startswith(("**", "#")) for line in raw)
    ):
        return bare  # "**Tháng 10/2024**", "**Từ tháng 4 đến tháng 6/2025**": a heading that is only a time
    found = _STEP.match(unmarked(text)) or next(
        (m for line in raw if line.strip() and (m := _BOLD_TITLE.match(line.strip()))), None
    )
    if found is None or len(text) > 200:
        return None
    title = re.sub(r"^(?:Bước|Giai đoạn|Đợt|Phần)\s+\S+\s*[.:)]?\s*", "", unmarked(text), flags=re.IGNORECASE)
    title = title.split("(")[0].strip(" *")
    if len(title.split()) > 15 or _own_lead(title, registry)[0]:
        return "" if _STEP.match(unmarked(text)) else None  # a step that is a task: the step before is over
    phrase = _step_time(found)
    return phrase if _usable(phrase) else None


def _step_time(found: re.Match[str]) -> str:
    """The period a step's or titled heading's match holds (in brackets or after a colon)."""
    return next(g for g in found.groups() if g).strip()


# --- deadline phrases ---------------------------------------------------------------------------------

_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LABELLED = re.compile(
    r"(?:Thời gian hoàn thành|Thời gian thực hiện|Thời hạn hoàn thành|Thời hạn|Thời gian)\s*:\s*([^.;\n]+)",
    re.IGNORECASE,
)
# A time that opens the line before a colon: a timetable's line ("Ngày 12 và 13/11/2024: huyện …", "Tháng 10/2024:
# …", "Từ ngày 01/9 đến ngày 15/9/2025: …")
_TIME_COLON = re.compile(r"((?:Ngày|Tháng|Quý|Từ|Trước|Năm|Tuần)\b[^:;.()]{1,50}?\d[^:;.()]{0,20}?)\s*:\s+\S")
_QUALIFIED_TIME = re.compile(r"\bthời (?:gian|hạn)(?:\s+[^\s:,.;]+){1,4}\s*:\s*([^.;\n]+)", re.IGNORECASE)
_TIME = r"(?:(?:(?:thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật)\s*,\s*(?:ngày\s+)?)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\d{1,2}\s*/\s*\d{4}|quý\s+[IVX1-4]+(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?|tháng\s+\d{1,2}(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?|năm\s+\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|(?:(?:ngày\s+)?(?:mùng\s+)?(?:\d{1,2}|rằm)\s+)?tháng\s+(?:Giêng|Chạp)(?:\s+năm\s+(?:\d{4}|[A-ZĐẤÂ]\w*\s+[A-ZĐẤÂ]\w*))?|(?:ngày\s+)?(?:Tết\s+Trung\s+thu|Tết\s+Đoan\s+Ngọ|(?:lễ\s+)?Giỗ\s+Tổ\s+Hùng\s+Vương|ông\s+Công\s+ông\s+Táo)(?:\s+năm\s+(?:\d{4}|[A-ZĐẤÂ]\w*\s+[A-ZĐẤÂ]\w*)|\s+\d{4})?|ngày\s+\d{1,2}\s+(?:của\s+)?tháng\s+cuối\s+(?:quý|năm)|\d{1,2}\s+tháng\s+cuối\s+quý|khai\s+giảng\s+năm\s+học\s+\d{4}\s*-\s*\d{4}|ngày\s+\d{1,2}\s+(?:của\s+)?tháng\s+(?:sau|kế tiếp|tiếp theo))"
_FEAST = r"(?:Quốc\s+khánh|Quốc\s+tế\s+Lao\s+động)"  # holidays named with or without their date
_AROUND = r"(?:trong\s+dịp\s+)?trước,?\s+trong,?\s+(?:và\s+)?sau(?:\s+dịp)?"  # the Tết season
_HOLIDAY = rf"(?:{_FEAST}(?:\s+\d{{1,2}}/\d{{1,2}}(?:/\d{{4}})?)?|Tết\s+Trung\s+thu|Giỗ\s+Tổ\s+Hùng\s+Vương|\d{{1,2}}/\d{{1,2}}(?:/\d{{4}})?)"
_INLINE = re.compile(
    rf"((?:trước|chậm nhất|vào)\s+ngày\s+\d{{1,2}}\s+(?:hằng|hàng|mỗi)\s+(?:tháng|quý)"
    rf"|(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:tuần|tháng|quý)\s*\((?:(?:trước|chậm nhất|vào)\s+)?(?:(?:sáng|chiều)\s+)?(?:ngày\s+)?(?:\d|thứ\s|[Cc]hủ nhật)[^()]{{0,40}}\)"
    rf"|(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:quý|tháng|năm)[^.;]{{0,60}}?(?:trước|chậm nhất)\s+(?:ngày\s+)?{_TIME}"
    rf"|vào\s+{_TIME}(?:\s*\((?:ngày|mùng)\s[^()]{{0,40}}\))?(?:\s+(?:hằng|hàng|mỗi)\s+năm)?"
    rf"|(?:chậm nhất|hoàn thành|xong|trước ngày|trước(?!\s+(?:hết|mắt|tiên|đó)\b))\s[^.;:]{{0,80}}?{_TIME}"
    rf"(?:\s+(?:hằng|hàng|mỗi)\s+(?:năm|quý|tháng)|\s*\((?:ngày|mùng)\s[^()]{{0,40}}\))?"
    rf"|từ\s+ngày\s+\d{{1,2}}/\d{{1,2}}(?:/\d{{4}})?\s+đến\s+(?:hết\s+)?ngày\s+\d{{1,2}}/\d{{1,2}}/\d{{4}}"
    rf"|(?:trước|(?:trong|nhân|vào)\s+dịp|{_AROUND})\s+Tết\s+(?:Nguyên đán|Dương lịch)(?:\s+(?:và|,)\s+Tết\s+Nguyên đán)?(?:\s+(?!\d)[^\W\d_][^\s,.;]*){{0,2}}(?:\s+\d{{4}})?"
    rf"|(?:trong|nhân|vào)\s+dịp\s+(?:nghỉ\s+)?(?:lễ\s+)?(?:kỷ niệm\s+)?(?:{_FEAST}\s*)?\d{{1,2}}/\d{{1,2}}(?:\s*-\s*\d{{1,2}}/\d{{1,2}})?(?:/\d{{4}})?"
    rf"(?:\s*(?:,|và)\s*(?:lễ\s+)?{_HOLIDAY})*"
    rf"|(?:trong|nhân|vào)\s+dịp\s+(?:nghỉ\s+)?(?:lễ\s+)?(?:{_FEAST}|Tết\s+Trung\s+thu|Giỗ\s+Tổ\s+Hùng\s+Vương)(?:\s+năm\s+\d{{4}})?"
    rf"(?:\s*(?:,|và)\s*(?:lễ\s+)?{_HOLIDAY})*(?:\s+(?:hằng|hàng|mỗi)\s+năm)?"
    rf"|trong\s+(?:(?:tuần|nửa)\s+(?:đầu|cuối)(?:\s+tiên|\s+cùng)?\s+|(?:đầu|giữa|cuối)\s+)?(?:quý\s+[IVX1-4]+|tháng\s+\d{{1,2}})(?:\s*/\s*\d{{4}}|\s+năm\s+\d{{4}})"
    rf"|(?:chậm nhất|trước)\s+(?:\d+|một|hai|ba)\s+ngày(?:\s+làm việc)?\s+trước\s+[^.;,]{{3,60}}"
    rf"|trong\s+năm\s+học\s+\d{{4}}\s*-\s*\d{{4}}"
    rf"|trong\s+ngày\s+{_TIME}"
    rf"|(?<!tính )(?:từ nay\s+)?đến hết\s+(?:ngày\s+)?{_TIME}"
    rf"|trong\s+(?:vòng\s+|thời hạn\s+(?:không quá\s+)?)?(?:\d+|một|hai|ba)\s+(?:giờ|ngày|tháng|tuần)"
    rf"(?:\s+làm việc)?\s+kể từ[^.;]{{0,80}}"
    rf"|(?:vào|trước)\s+(?:\d{{1,2}}\s*giờ\s+)?(?:thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|[2-7])|Chủ nhật)\s+(?:hằng|hàng|mỗi)\s+tuần)",
    re.IGNORECASE,
)


# The time at the end of a completion said with its work in between ("hoàn thành phủ sóng 5G tại … trong
# Quý III/2025"): from its last "trong / trước / chậm nhất".
_ENDING_TIME = re.compile(rf"(?:trong|trước|chậm nhất)\s+(?:ngày\s+)?{_TIME}$", re.IGNORECASE)
_TRAILING_BRACKET = re.compile(r"\(([^()]{3,80})\)\W*$")
_HORIZON = re.compile(
    r"(?:giai đoạn|đến năm|tầm nhìn|năm \d{4}$)", re.IGNORECASE
)  # a period named, not a limit
# A bold "Hoàn thành khi phát sinh …" / "Thời hạn: theo …": a time limit in words (not a bold objective).
_COMPLETION = re.compile(
    r"(?:hoàn thành|thời gian|thời hạn|xong|chậm nhất)\b(?:\s+\w+){0,6}?\s+(?:khi|trong|trước|sau|ngay|theo|đúng)\b",
    re.IGNORECASE,
)


# Before a time that is not the task's limit: "chưa hoàn thành trước …" (not yet), "nhất là trong dịp Tết"
# (an emphasis)
_NOT_A_LIMIT = re.compile(r"\b(?:chưa|không|nhất là|đặc biệt(?: là)?|kể cả)\s+$")
# The period a report's figures cover, not a limit: "(số liệu từ 15/12/2023 đến hết 14/3/2024)"
_DATA_PERIOD = re.compile(r"\b(?:số liệu|tính)\s[^();.]{0,40}$")
_OCCASION_PHRASE = re.compile(rf"(?i)(?:(?:trong|nhân|vào)\s+dịp|{_AROUND}|trong\s+năm\s+học)\b")


def _usable(phrase: str) -> bool:
    return parse_deadline(phrase, year=2000).kind not in ("unknown",)


def _deadline(text: str, raw: list[str], on: date | None = None) -> str:
    """The deadline phrase of a passage as printed: bold, labelled, or inline; "" if none. With the plan's
    date `on`, an inline time already past then ("hồ sơ đã tiếp nhận trước ngày 01/3/2025 được tiếp tục giải
    quyết" in a plan of 12/3/2025) is a reference, taken only when nothing else dates the passage."""
    for line in raw:
        for bold in _BOLD.finditer(line):
            phrase = clean(bold.group(1) or bold.group(2)).strip(" .;:,()")
            if labelled := _LABELLED.fullmatch(phrase):
                phrase = labelled.group(1).strip(" .;:,()")  # "**Thời gian hoàn thành: Quý II/2024**"
            if not phrase or len(phrase) > 200:
                continue
            if _COMPLETION.match(phrase) or (
                re.search(r"\d|quý|tháng|thường xuyên|hằng|kể từ", phrase, re.IGNORECASE) and _usable(phrase)
            ):
                return phrase  # a bold "Hoàn thành khi …" is the deadline even when it names no date
    if found := _LABELLED.search(text):
        return found.group(1).strip(" .;:,()")
    for found in _QUALIFIED_TIME.finditer(text):  # "thời gian tổ chức hội chợ: tháng 9/2025"
        if _usable(phrase := found.group(1).strip(" .;:,()")):
            return phrase
    limits = [
        m
        for m in _INLINE.finditer(text)
        if not _NOT_A_LIMIT.search(text, 0, m.start()) and not _DATA_PERIOD.search(text, 0, m.start())
    ]
    stale = [m for m in limits if on is not None and _before_plan(m.group(1), on)]
    limits = [m for m in limits if m not in stale]
    # a limit before an occasion: "… trong dịp Tết …, báo cáo kết quả trước ngày 20/02/2025"
    found = next((m for m in limits if not _OCCASION_PHRASE.match(m.group(1))), limits[0] if limits else None)
    if found and not re.search(r"\bđến năm \d{4}$", found.group(1)):
        # ("… quy hoạch chung đô thị đến năm 2045" is a horizon, not a time limit)
        phrase = found.group(1).strip(" .;:,()")
        if tet := re.match(
            rf"(?i)(?:{_AROUND}|trước|(?:trong|nhân|vào)\s+dịp)\s+Tết\s+(?:Nguyên đán|Dương lịch)"
            r"(?:\s+(?:và|,)\s+Tết\s+Nguyên đán)?",
            phrase,
        ):
            words = phrase[tet.end() :].split()  # "trước Tết Nguyên đán Ất Tỵ", not "… Nguyên đán cho"
            named = list(itertools.takewhile(lambda w: w[:1].isupper() or re.fullmatch(r"\d{4}", w), words))
            if not named and len(words) > 1 and words[0] == "năm" and re.fullmatch(r"\d{4}\W*", words[1]):
                named = ["năm", words[1].rstrip(",.;")]  # "… Tết Nguyên đán năm 2025"
            phrase = " ".join([tet.group(0), *named])
        if phrase.count("(") > phrase.count(")"):
            phrase += ")"  # "Định kỳ hằng quý (trước ngày 15 tháng cuối quý)"
        end = None if _usable(phrase) else _ENDING_TIME.search(phrase)
        if end is not None and not re.fullmatch(r"(?i)(?:trong|trước)\s+năm\s+\d{4}", end.group(0)):
            # "hoàn thành phủ sóng 5G tại khu vực cửa khẩu … trong Quý III/2025" (not "phấn đấu hoàn thành …
            # trong năm 2024": a year there is a target)
            phrase = end.group(0)
        if _usable(phrase):
            return phrase[0].upper() + phrase[1:]
    opening = _TIME_COLON.match(unmarked(text))
    if opening is not None and not opening.group(1).startswith("Từ") and _usable(opening.group(1)):
        return opening.group(1)  # "- Ngày 12 và 13/11/2024: huyện Cư Jút (…)": a line of a timetable
    bracket = _CLOSING_BRACKET.search(text)
    # (only "(Sở Nội vụ chủ trì, phối hợp với …, UBND các huyện; Quý II/2024)" runs longer than a remark)
    if bracket is not None and len(bracket.group(1)) > 80 and ";" not in bracket.group(1):
        bracket = None
    if bracket is not None:  # "… (thường xuyên)", "(trong vòng 05 ngày …)"
        inside = bracket.group(1).strip()
        # "(UBND các xã, phường; năm 2025 - 2026)": who, then when
        last_part = re.sub(r"(?i)^thời (?:hạn|gian)[^:]{0,15}:\s*", "", inside.rsplit(";", 1)[-1].strip())
        parts = [(inside, False), (last_part, True)] if ";" in inside else [(inside, False)]
        for part, after_who in parts:
            if (
                parse_deadline(part, year=2000).kind != "unknown"
                and (not _HORIZON.match(part) or re.fullmatch(r"Năm \d{4}", part) or after_who)
            ):  # ("(năm 2024)" names the period of the work before it; a capital "(Năm 2025)" is a time label)
                return part
    # A last sentence that is only a time: "… phòng, chống thiên tai. Năm 2025." / "Khi có yêu cầu."
    sentences = re.split(r"(?<=[.;])\s+", unmarked(text).strip())  # (not after the item's "1.")
    last = sentences[-1].strip(" .;/") if len(sentences) > 1 else ""
    if last.count(")") > last.count("("):
        last = (
            ""  # the end of a bracket cut at its ";" ("(Văn phòng UBND tỉnh; thường xuyên)"), not a sentence
        )
    kind = parse_deadline(last, year=2000).kind if last and len(last) <= 60 else "unknown"
    if (
        kind != "unknown"
        and ":" not in last
        and (kind != "event" or not _OPENS_WITH_VERB.match(last.lower()))
    ):
        return last  # (not "…; kiểm tra, rà soát văn bản sau khi ban hành": work, then a condition)
    if (closing := _CLOSING_TIME.search(unmarked(text).strip())) is not None and _usable(closing.group(1)):
        return closing.group(1)  # "…, thực hiện thường xuyên.": the passage's time, said last
    recent = [
        m for m in stale if on is not None and _before_plan(m.group(1), on - timedelta(days=366)) is False
    ]
    return recent[0].group(1).strip(" .;:,()") if recent else ""  # (not "kỷ niệm 19/5/1890": a founding)


# A last clause that only says when: "…, thực hiện thường xuyên.", "…; triển khai hằng năm."
_CLOSING_TIME = re.compile(
    r"[,;]\s+((?:thực hiện|triển khai|duy trì|tổ chức)\s+(?:thường xuyên|liên tục|hằng năm|hàng năm"
    r"|định kỳ\s+[^,;.]{3,30}|(?:hằng|hàng)\s+(?:tuần|tháng|quý))|thường xuyên|hằng năm|hàng năm"
    r"|định kỳ\s+[^,;.]{3,30})\W*$"  # (not "…,
    # ổn định, liên tục": an adjective)
)


def _before_plan(phrase: str, on: date) -> bool:
    """A time with its year printed that ended before the plan was signed (not "trước ngày 15/6", a day of
    the year that comes round again)."""
    if not re.search(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", phrase):
        return False
    parsed = parse_deadline(phrase.strip(" .;:,()"), year=on.year, issued=on)
    return parsed.kind == "date" and parsed.due is not None and parsed.due < on


# A time said in passing ("…; hằng tháng đánh giá kết quả thu", "Thường xuyên kiểm tra …", "… trong năm
# 2024") when a passage gives no bold, labelled or closing one: not stated as the task's deadline, so the
# draft keeps it as the deadline the text implies (`implied`, with the reason), as the shipped schedules do.
# Not "hằng ngày" alone ("đời sống hằng ngày"), nor "chi / kinh phí / dự toán / hoạt động thường xuyên"
# (recurrent spending, running costs).
_PERIODS = r"(?:quý|tháng|\d+\s+tháng|năm|cả\s+năm|đột\s+xuất)"
_CUES = re.compile(
    rf"(?<!\w)(?:(?:định kỳ\s+)?(?:(?:vào|trước)\s+ngày\s+\d{{1,2}}\s+)?(?:hằng|hàng|mỗi)\s+(?:tuần|tháng|quý|năm)"
    rf"|định kỳ\s+\d+\s+tháng)(?:\s*,\s*{_PERIODS}|\s+(?:và|hoặc)\s+{_PERIODS})*(?!\w)"
    r"|(?<!\w)(?<!chi )(?<!phí )(?<!toán )(?<!động )thường xuyên(?:\s*,\s*liên tục)?(?!\w)"
    r"|(?<!\w)trong\s+(?:cả\s+)?năm\s+(?:học\s+)?\d{4}(?:\s*-\s*\d{4})?(?!\w)"
    r"|(?<!\w)(?:ngay\s+)?khi\s+có\s+(?:yêu cầu|phát sinh)(?!\w)"
    r"|(?<!\w)ngay\s+sau\s+khi\s+[^.;,:()]{3,60}",
    re.IGNORECASE,
)
# What may follow a cue and belong to it: "thường xuyên trong suốt mùa khô", "hằng quý (trước ngày 15)".
_CUE_TAIL = re.compile(r"\s*(?:\([^()]{3,60}\)|trong\s+(?:suốt\s+)?[^.;,:()]{3,50})")


def _deadline_in_text(text: str, year: int | None = None) -> str:
    """The first time phrase said in passing in `text` that the deadline parser understands; "" if none.
    With the plan's `year`, an earlier year is the past ("kết quả thực hiện trong năm 2023"), not a time."""
    for found in _CUES.finditer(text):
        phrase = found.group(0).strip()
        years = [int(y) for y in re.findall(r"\d{4}", phrase)]
        if not _usable(phrase) or (year is not None and years and max(years) < year):
            continue
        if (tail := _CUE_TAIL.match(text, found.end())) is not None and _usable(
            longer := phrase + tail.group(0)
        ):
            phrase = longer
        return phrase[0].upper() + phrase[1:] if found.start() == 0 else phrase
    return ""


def _cell(cells: list[str], idx: list[int] | None) -> str:
    if not idx:
        return ""
    return " ".join(cells[i] for i in idx if i < len(cells) and cells[i]).strip()


# The mark after the lead(s) in a cell that also lists the coordinators: "(chủ trì)", "(đồng chủ trì)".
_LEAD_MARK = re.compile(r"\s*\((?:đồng\s+)?chủ\s+trì\)", re.IGNORECASE)
_NOTED_SUPPORT = re.compile(r"^\s*(?:Cơ quan |Đơn vị )?phối hợp(?: với)?\s*:\s*(.+)$", re.IGNORECASE)


_AS_ABOVE = re.compile(r"nhu (?:muc )?tren|nt")  # "Như trên", "Như mục trên", "Nt": the cell of the row above


def _next_number(before: str, number: str) -> bool:
    """`number` follows `before` in one numbering ("5" → "6", "2.3" → "2.4")."""
    head, _, last = before.rpartition(".")
    head2, _, last2 = number.rpartition(".")
    return last.isdigit() and last2.isdigit() and head == head2 and int(last2) == int(last) + 1


def _row_candidate(
    ref: str, cells: list[str], line: int, columns: dict[str, list[int]], registry: Registry | None
) -> Candidate | None:
    if not columns or ("lead" not in columns and "text" not in columns):
        return None
    cells = _aligned(cells, columns)
    lead = _cell(cells, columns.get("lead"))
    texts = columns.get("text", [])
    text = " ".join(cells[i] for i in texts[-1:] if i < len(cells) and cells[i]) or " ".join(
        c for i, c in enumerate(cells) if c and i not in {j for idx in columns.values() for j in idx}
    )
    if not text:
        return None
    cand = Candidate(ref, text, line, row=True)
    if len(texts) >= 2 and texts[0] < len(cells) and cells[texts[0]] and cells[texts[0]] != text:
        cand.duty = cells[texts[0]]
    support = _cell(cells, columns.get("support"))
    if marks := list(_LEAD_MARK.finditer(lead)):  # "Sở Tài chính (chủ trì); Sở Xây dựng, UBND cấp huyện"
        after = lead[marks[-1].end() :].strip(" ;,")  # ("A (chủ trì); B (đồng chủ trì); C": A and B lead)
        lead = _LEAD_MARK.sub("", lead[: marks[-1].start()])
        support = "; ".join(p for p in (after, support) if p)
    cand.lead = split_names(lead, registry)
    if not support and (noted := _NOTED_SUPPORT.match(_cell(cells, columns.get("note")))):
        support = noted.group(1)  # "Ghi chú: Phối hợp: Sở Thông tin và Truyền thông"
    cand.deadline = _cell(cells, columns.get("deadline"))
    if not cand.deadline and support and _usable(support) and not _is_agency(support, registry):
        support, cand.deadline = "", support  # a row one cell short: the time slipped under "Phối hợp"
    cand.support = split_names(support, registry)
    if cand.deadline and not _usable(cand.deadline) and _is_agency(cand.deadline, registry):
        cand.deadline = ""  # a slipped cell: agencies under "Thời gian"
    cand.output = _cell(cells, columns.get("output"))
    return cand


_ACTIVITY_START = re.compile(r"(?<!^)(?=\bHoạt động\s*\d+\s*:)")


def _activity_base(ref: str) -> str:
    """A row's reference without its activity ("PL-I.1.2 HĐ3" -> "PL-I.1.2")."""
    return re.sub(r"\s*HĐ\d+$", "", ref)


def _activities(cand: Candidate) -> list[Candidate]:
    """A row whose cell lists several activities ("Hoạt động 1: … Hoạt động 2: …"): one task each."""
    parts = [p.strip() for p in _ACTIVITY_START.split(cand.text) if p.strip()]
    if len(parts) < 2:
        return [cand]
    out = []
    for n, part in enumerate(parts):
        piece = Candidate(cand.ref, part, cand.line, list(cand.lead), list(cand.support), cand.deadline)
        piece.output, piece.joined, piece.row, piece.duty = cand.output, cand.joined, True, cand.duty
        piece.carried = cand.carried
        if (found := re.match(r"Hoạt động\s*(\d+)", part)) and n:
            piece.ref = f"{_activity_base(cand.ref)} HĐ{found.group(1)}"
        out.append(piece)
    return out


_NUMBERED_CELL = re.compile(r"^(?:(?:\d+\.)+\s*)?(Hoạt động|Nhiệm vụ)\s*\d", re.IGNORECASE)


def _aligned(cells: list[str], columns: dict[str, list[int]]) -> list[str]:
    """A row whose cells slipped against the header (a cell lost at a page break), put back in place.

    A cell "Hoạt động 2: …" belongs under the activity column, "Nhiệm vụ 1: …" under the duty column
    (the first and last text columns); the row is shifted so that it sits there.
    """
    texts = columns.get("text", [])
    if not texts:
        return cells
    numbered = [(k, found) for k, cell in enumerate(cells) if (found := _NUMBERED_CELL.match(clean(cell)))]
    # the activity cell first: it sits next to the result, lead and time cells, which must land in place
    numbered.sort(key=lambda kf: not fold(kf[1].group(1)).startswith("hoat"))
    for k, found in numbered[:1]:
        activity = fold(found.group(1)).startswith("hoat")
        target = texts[-1] if activity or len(texts) == 1 else texts[0]
        shift = target - k
        if shift > 0:
            return [""] * shift + cells
        if shift < 0 and not any(c.strip() for c in cells[:-shift]):
            return cells[-shift:]
        return cells
    return cells


__all__ = ["Candidate", "PlanMeta", "extract_candidates", "extract_meta", "qualified_name", "split_names"]
