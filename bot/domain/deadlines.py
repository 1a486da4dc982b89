"""Parse the deadline phrases of Vietnamese government plans ("Quý I/2024", "Trước 10/2/2024", ...).

`parse_deadline(phrase, year=..., issued=...)` returns a `Deadline` of one of six kinds:

- ``date``: one deadline; ``due`` is the last day allowed, ``start`` is set for ranges.
- ``recurring``: a period rule ("định kỳ hằng quý, trước ngày 15 tháng cuối quý").
- ``ongoing``: continuous work without an end ("Thường xuyên", "Hằng năm").
- ``event``: tied to an event, with an optional offset ("trong 01 tháng kể từ khi ... ban hành").
- ``unspecified``: the document defers the date ("Theo Kế hoạch riêng", "" ).
- ``unknown``: anything else; ``error`` explains impossible dates ("Ngày 31/02/2024 không tồn tại.").

The parser never guesses: a phrase it cannot read completely becomes ``unknown``.

How phrases are read
--------------------
The phrase is NFC-normalised, HTML tags and ``**`` markers are dropped, dashes are unified and bracketed
text ``(...)`` is set aside as ``note``; the rest is folded like `bot.domain.text.fold` (lower case,
no diacritics, single spaces) and leading fillers ("Thời gian hoàn thành:", "Hoàn thành", "xong",
"thực hiện", "dự kiến", ...) are removed. A small grammar then reads, in this order:

1. dates and periods: ``[qualifiers] atom (separator atom)*`` where qualifiers are "trước", "chậm nhất",
   "đến (hết)", "trong", "từ", "giai đoạn", ...; atoms are a day ("10/2/2024", "15/02", "ngày 10 tháng 12
   năm 2024"), a month ("Tháng 4", "T12/2024", "12/2024"), a quarter ("Quý IV", "quý 2/2024"), part of a
   year ("6 tháng đầu năm", "nửa cuối năm", "giữa năm", "cuối năm"), a year ("Năm 2024", "2024"), Tết
   ("Tết Nguyên đán Giáp Thìn 2024", "Tết Dương lịch"), a lunar day ("mùng 6 tháng Giêng", "Tết Trung thu"),
   or a lunar month ("tháng Chạp năm Giáp Thìn"). Parts of a month or quarter are allowed: "đầu /
   giữa / cuối tháng 3", "thượng / trung / hạ tuần", "cuối quý I". Separators "," "và" "hoặc" make a
   list, "-" "đến" "tới" a range. An atom without a year takes the year of the next atom that has one
   ("Quý II, III/2024"), else the plan's ``year``; a range start that would fall after its end moves
   back one year ("tháng 11 - tháng 02/2025").
2. recurring rules: frequencies ("hằng/hàng/mỗi/theo tuần|tháng|quý|năm", "định kỳ 6 tháng", a bare list
   such as "quý, 6 tháng, năm") and a day rule ("trước ngày 15 tháng cuối quý", "ngày 05 của tháng đầu
   quý sau", "trước ngày 15/12", "trước ngày 20").
3. ongoing words ("thường xuyên", "liên tục", "hằng ngày", "hằng năm" and combinations).
4. events ("khi ...", "sau khi ...", "N ngày (làm việc)/tuần/tháng/năm kể từ ...", "theo yêu cầu").
5. deferrals ("Theo kế hoạch / quy định / tiến độ / chỉ đạo / lộ trình / hướng dẫn ...").

Conventions
-----------
- Lenient vs strict "trước": "Trước 10/2/2024" gives ``due`` 2024-02-10 (the lenient reading: the day
  named) and ``due_alt`` 2024-02-09 (strictly before). "Trước" + a whole period means the period's start
  is excluded: "Trước tháng 6/2024" -> 2024-05-31, "trước quý II/2024" -> 2024-03-31.
  "Trước Tết" is the day before Tết (no ``due_alt``): the first Tết on or after ``issued`` when given,
  else the Tết of ``year``; a year or can-chi in the phrase ("Giáp Thìn 2024") wins over both.
  "Trước Tết Dương lịch" is 31/12 (of ``issued``'s year, else of ``year``).
  "Trước, trong và sau Tết Nguyên đán" is the Tết season: 23 tháng Chạp to mùng 10 tháng Giêng.
- Lists take the LATEST period: "Quý III, IV năm 2024" -> 2024-12-31, "tháng 3, 6, 9/2024" -> 2024-09-30
  (no ``start``). Ranges set ``start``: "Từ tháng 3 đến tháng 6/2024" -> 2024-03-01 .. 2024-06-30.
  "Từ X" / "bắt đầu từ X" alone sets ``start`` and ``due`` to X's first and last day.
- Parts of periods: "đầu / giữa / cuối tháng" = days 1-10 / 11-20 / 21-end (the thượng / trung / hạ tuần
  convention), so "đầu tháng 3/2024" -> 2024-03-10; "đầu / giữa / cuối quý" = its first / second / last
  month; "đầu năm" = quý I (-> 03-31), "giữa năm" -> 06-30, "cuối năm" -> 12-31.
- Recurring: ``day`` None means the end of the period; ``month_in_period`` is "first" / "last" / an int
  (1-based within the period; for yearly the calendar month). "ngày 15/12" under a quarterly rule is
  normalised to "last". A list of frequencies ("quý, 6 tháng, năm") gives the finest with the words in
  ``note``. "Hằng năm" alone is ``ongoing`` (freq yearly): in a yearly plan it marks routine work, while
  "định kỳ hằng năm", "báo cáo hằng năm" or a day rule make it ``recurring``; "hằng tháng / quý / tuần"
  alone are ``recurring``. Weekly rules name a weekday ("thứ Năm hằng tuần"): ``day`` is then the ISO weekday
  (Monday 1 … Sunday 7; unstated, the planner takes Friday).
- Events: "ngay sau khi" / "ngay khi" -> offset 0, "trước khi X" -> offset 0 (due at the event, the
  lenient reading), "N ngày trước X" -> -N; otherwise the offset is None unless a duration is given
  (1 tuần = 7, 1 tháng = 30, 1 năm = 365 days).
- Mixed phrases: clauses split on ";" or ". " (then on "," or " - " if needed) are parsed one by one and
  the most concrete wins: date > recurring > event > ongoing > unspecified; among dates a clause saying
  "hoàn thành / trước / chậm nhất / xong" wins, then the latest date. The other clauses go to ``note``
  verbatim ("Thường xuyên; báo cáo trước 15/12/2024" -> date 2024-12-15, note "Thường xuyên"). Every
  clause must be readable, else the phrase is ``unknown``. Free words before an explicit anchor
  ("trước", "chậm nhất", "trong", "từ", "đến", "hằng", "định kỳ", ...) or after a qualified date ("Trước ngày
  20/01/2024 xây dựng kế hoạch") also go to ``note``; words that are only grammar ("trước, trong") do not
  count as a note and leave the phrase ``unknown``.
- Bracketed text is kept verbatim in ``note`` unless it completes the rule: "định kỳ hằng quý (trước
  ngày 15 tháng cuối quý)" is read as one phrase.
- Results are cached per (phrase, year, issued); phrases over 2,000 characters are ``unknown``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import holidays

from bot.domain.lunar import lunar_to_solar
from bot.domain.text import strip_diacritics

__all__ = ["Deadline", "DeadlineKind", "Freq", "lunar_new_year", "parse_deadline"]

DeadlineKind = Literal["date", "recurring", "ongoing", "event", "unspecified", "unknown"]
Freq = Literal["weekly", "monthly", "quarterly", "half_yearly", "yearly"]
MonthInPeriod = int | Literal["first", "last"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """A parsed deadline phrase; see the module docstring for the conventions."""

    kind: DeadlineKind
    due: date | None = None
    due_alt: date | None = None
    start: date | None = None
    freq: Freq | None = None
    day: int | None = None
    month_in_period: MonthInPeriod | None = None
    in_next_period: bool = False
    offset_days: int | None = None
    working_days: bool = False
    event: str | None = None
    note: str | None = None
    error: str | None = None

    def to_json(self) -> dict[str, object]:
        """JSON shape: base keys of the kind always, extra keys only when set; dates as ISO strings."""
        out: dict[str, object] = {"kind": self.kind}
        if self.kind == "date":
            out["due"] = _iso(self.due)
            out["due_alt"] = _iso(self.due_alt)
            out["note"] = self.note
            if self.start is not None:
                out["start"] = _iso(self.start)
        elif self.kind == "recurring":
            out["freq"] = self.freq
            out["day"] = self.day
            out["month_in_period"] = self.month_in_period
            if self.in_next_period:
                out["in_next_period"] = True
            if self.note is not None:
                out["note"] = self.note
        elif self.kind == "ongoing":
            if self.freq is not None:
                out["freq"] = self.freq
            if self.note is not None:
                out["note"] = self.note
        elif self.kind == "event":
            out["offset_days"] = self.offset_days
            if self.working_days:
                out["working_days"] = True
            if self.event is not None:
                out["event"] = self.event
            if self.note is not None:
                out["note"] = self.note
        elif self.kind == "unspecified":
            if self.note is not None:
                out["note"] = self.note
        elif self.error is not None:
            out["error"] = self.error
        return out


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def parse_deadline(phrase: str, *, year: int, issued: date | None = None) -> Deadline:
    """Parse a Vietnamese deadline phrase; never raises (unreadable input gives kind "unknown")."""
    try:
        return _parse_cached(phrase, year, issued)
    except Exception:  # a phrase must never break the caller; hashing or other surprises included
        return Deadline(kind="unknown")


@lru_cache(maxsize=256)
def lunar_new_year(year: int) -> date:
    """Tết Nguyên đán (mùng 1 tháng Giêng) in the Gregorian `year`, from the `holidays` package."""
    cal = holidays.country_holidays("VN", years=year, language="en_US")
    found = [day for day, name in cal.items() if name.strip().lower() == "lunar new year"]
    if not found:
        native = holidays.country_holidays("VN", years=year)
        found = [day for day, name in native.items() if _fold_name(name) == "tet nguyen dan"]
    if not found:
        raise ValueError(f"no Lunar New Year in {year}")
    return min(found)


def _fold_name(name: str) -> str:
    return strip_diacritics(unicodedata.normalize("NFC", name)).lower().strip()


# --------------------------------------------------------------------------------------------------
# Errors and the cached entry point


class _Invalid(Exception):
    """The phrase was read but names an impossible date; the message is user-facing Vietnamese."""


@lru_cache(maxsize=8192)
def _parse_cached(phrase: str, year: int, issued: date | None) -> Deadline:
    try:
        return _parse(phrase, _Ctx(year, issued))
    except _Invalid as exc:
        return Deadline(kind="unknown", error=str(exc))
    except (ValueError, OverflowError, KeyError, IndexError, RecursionError, TypeError):
        return Deadline(kind="unknown")


@dataclass(frozen=True, slots=True)
class _Ctx:
    year: int
    issued: date | None


# --------------------------------------------------------------------------------------------------
# Folded text that remembers where each character came from (to quote the original in notes/events)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    return strip_diacritics(ch).lower()


class _F:
    """Folded text `s` plus, for each of its characters, the index of the original character."""

    __slots__ = ("idx", "orig", "s")

    def __init__(self, orig: str, s: str, idx: tuple[int, ...]) -> None:
        self.orig = orig
        self.s = s
        self.idx = idx

    @classmethod
    def make(cls, orig: str) -> _F:
        chars: list[str] = []
        idx: list[int] = []
        for i, ch in enumerate(orig):
            for fc in _fold_char(ch):
                if fc == " " and (not chars or chars[-1] == " "):
                    continue
                chars.append(fc)
                idx.append(i)
        while chars and chars[-1] == " ":
            chars.pop()
            idx.pop()
        return cls(orig, "".join(chars), tuple(idx))

    def sub(self, rx: re.Pattern[str], repl: str) -> _F:
        out: list[str] = []
        idx: list[int] = []
        last = 0
        for m in rx.finditer(self.s):
            out.append(self.s[last : m.start()])
            idx.extend(self.idx[last : m.start()])
            out.append(repl)
            for k in range(len(repl)):
                j = min(m.start() + k, max(m.end() - 1, m.start()))
                idx.append(self.idx[min(j, len(self.idx) - 1)])
            last = m.end()
        if not out:
            return self
        out.append(self.s[last:])
        idx.extend(self.idx[last:])
        return _F(self.orig, "".join(out), tuple(idx))

    def cut(self, a: int, b: int | None = None) -> _F:
        """The slice [a:b] with surrounding spaces and punctuation trimmed."""
        end = len(self.s) if b is None else b
        while a < end and self.s[a] in _TRIM:
            a += 1
        while end > a and self.s[end - 1] in _TRIM:
            end -= 1
        return _F(self.orig, self.s[a:end], self.idx[a:end])

    def text(self) -> str:
        """The original text this folded text came from (trimmed)."""
        if not self.s:
            return ""
        return " ".join(self.orig[self.idx[0] : self.idx[-1] + 1].split()).strip(_TRIM_ORIG)


_TRIM = " .,;:!/+-•·|"
_TRIM_ORIG = " .,;:!/+-–—•·|\t\n"


# --------------------------------------------------------------------------------------------------
# Pre-cleaning of the raw phrase


def _c(pattern: str) -> re.Pattern[str]:
    """Compile a pattern over folded (ASCII) text."""
    return re.compile(pattern, re.ASCII)


_HTML = re.compile(r"<[^<>]{0,200}>")
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"))
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_QUOTES = re.compile("[\"'“”‘’«»„‟`]")
_BRACKET = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_C_SLASH = re.compile(r"\s*/\s*")
_C_COMMA = re.compile(r"\s*,\s*")
_C_SEMI = re.compile(r"\s*;\s*")
_C_COLON = re.compile(r"\s*:\s*")
_C_DOTS = re.compile(r"\.{2,}|…")
_C_STRONG_DOT = re.compile(r"\./\.")


def _preclean(phrase: str) -> tuple[str, list[str]]:
    text = unicodedata.normalize("NFC", phrase)
    text = _QUOTES.sub(" ", _INVISIBLE.sub("", text))
    text = _HTML.sub(" ", text).replace("*", " ").translate(_DASHES)
    notes: list[str] = []
    for _ in range(20):
        m = _BRACKET.search(text)
        if m is None:
            break
        inner = m.group(1).strip(_TRIM_ORIG)
        if inner:
            notes.append(" ".join(inner.split()))
        text = text[: m.start()] + " " + text[m.end() :]
    text = re.sub(r"[()\[\]]", " ", text)
    return text, notes


def _canonical(raw: str) -> _F:
    f = _F.make(raw)
    f = f.sub(_C_STRONG_DOT, ".")
    f = f.sub(_C_DOTS, " ")
    f = f.sub(_C_SLASH, "/")
    f = f.sub(_C_COMMA, ", ")
    f = f.sub(_C_SEMI, "; ")
    f = f.sub(_C_COLON, ": ")
    return f.cut(0)


# --------------------------------------------------------------------------------------------------
# Top level

_RANK = {"date": 5, "recurring": 4, "event": 3, "ongoing": 2, "unspecified": 1}


_MAX_PHRASE = 2000  # a deadline phrase is a line or two; longer text is not one


def _parse(phrase: str, ctx: _Ctx) -> Deadline:
    if len(phrase) > _MAX_PHRASE:
        return Deadline(kind="unknown")
    main, notes = _preclean(phrase)
    f = _canonical(main)
    if not f.s:
        if not notes:
            return Deadline(kind="unspecified")
        f = _canonical(" ".join(notes))
        notes = []
    result = _parse_text(f, ctx, split=True)
    if notes and (result is None or result.kind != "date"):
        # "định kỳ hằng quý (trước ngày 15 tháng cuối quý)": the bracket may complete the rule.
        merged = _parse_text(_canonical(main + " " + " ".join(notes)), ctx, split=True)
        if merged is not None and (
            result is None
            or _RANK[merged.kind] > _RANK[result.kind]
            or (_bare_recurring(result) and merged.kind == "recurring" and not _bare_recurring(merged))
        ):
            result, notes = merged, []
    if result is None:
        return Deadline(kind="unknown")
    if notes:
        result = replace(result, note=_join_notes(result.note, *notes))
    return result


def _bare_recurring(d: Deadline) -> bool:
    return d.kind == "recurring" and d.day is None and d.month_in_period is None


def _join_notes(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return "; ".join(kept) if kept else None


_FILLER = re.compile(
    r"(?:thoi gian|thoi han|thoi diem|han|tien do|du kien|phan dau|yeu cau)?\s*"
    r"(?:hoan thanh xong|hoan thanh|thuc hien xong|thuc hien|trien khai thuc hien|trien khai|"
    r"to chuc thuc hien|ket thuc|bao cao|gui bao cao|nop bao cao|hoan thien)"
    r"(?![a-z0-9])\s*:?\s*"
    r"|(?:thoi gian|thoi han|thoi diem|du kien|phan dau|xong|gui bao cao ve|gui bao cao|gui ve|gui|"
    r"bao cao ket qua|bao cao|nop|ban hanh|dam bao|can|phai)(?![a-z0-9])\s*:?\s*"
    r"|[-+•·:]\s*",
    re.ASCII,
)
_REPORT = re.compile(r"bao cao|gui bao cao|nop bao cao")


def _strip_fillers(f: _F) -> tuple[_F, bool]:
    had_report = False
    for _ in range(8):
        m = _FILLER.match(f.s)
        if m is None or m.end() == 0:
            break
        if _REPORT.search(m.group(0)):
            had_report = True
        f = f.cut(m.end())
    return f, had_report


_STRONG_SPLIT = re.compile(r";\s*|\.\s+")
# "và" joins list items ("Quý II và Quý IV"), except before a standing or periodic duty, where it joins a
# second clause: "Tháng 4/2024 và thường xuyên" is a dated deliverable plus a standing duty.
_WEAK_SPLIT = re.compile(
    r",\s*|\s+-\s+|\s+va\s+(?=thuong xuyen|lien tuc|dinh ky)|(?:(?<=thuong xuyen)|(?<=lien tuc))\s+va\s+"
)


def _parse_text(whole: _F, ctx: _Ctx, *, split: bool) -> Deadline | None:
    f, had_report = _strip_fillers(whole)
    if not f.s:
        return None
    result = _strict(f, ctx, had_report)
    if result is not None:
        return result
    if split:
        for rx in (_STRONG_SPLIT, _WEAK_SPLIT):
            parts = _split(whole, rx)
            if len(parts) > 1:
                combined = _combine(parts, ctx)
                if combined is not None:
                    return combined
    result = _unspecified(f)
    if result is not None:
        return result
    return _embedded(f, ctx)


def _split(f: _F, rx: re.Pattern[str]) -> list[_F]:
    parts: list[_F] = []
    last = 0
    for m in rx.finditer(f.s):
        parts.append(f.cut(last, m.start()))
        last = m.end()
    parts.append(f.cut(last))
    return [p for p in parts if p.s]


def _combine(parts: list[_F], ctx: _Ctx) -> Deadline | None:
    """Parse each clause; the most concrete wins (see the module docstring), the rest goes to `note`."""
    scored: list[tuple[tuple[int, int, date], Deadline, _F]] = []
    for part in parts:
        r = _parse_text(part, ctx, split=False)
        if r is None:
            return None
        # Among dates, a clause that says "hoàn thành / trước / chậm nhất" beats a plain one, which beats
        # a date found after free words ("tầm nhìn đến năm 2050"); then the latest date wins.
        stripped, _ = _strip_fillers(part)
        strength = 2 if _COMPLETION.match(part.s) else 1 if _strict(stripped, ctx, False) else 0
        key = (_RANK[r.kind], strength if r.kind == "date" else 0, r.due or date.min)
        scored.append((key, r, part))
    best_i = max(range(len(scored)), key=lambda i: scored[i][0])
    best = scored[best_i][1]
    others = [p.text() for i, (_, _, p) in enumerate(scored) if i != best_i]
    return replace(best, note=_join_notes(*others, best.note))


_COMPLETION = _c(
    r"(?:thoi gian hoan thanh|thoi han|han chot|hoan thanh|xong|truoc|cham nhat|muon nhat|khong muon hon)"
    r"(?![a-z0-9])"
)


def _strict(f: _F, ctx: _Ctx, had_report: bool) -> Deadline | None:
    s = f.s
    return (
        _weekday_each_week(f)
        or _common_forms(s)
        or _date_grammar(s, ctx)
        or _recurring(f, had_report)
        or _ongoing(s)
        or _event(f)
    )


def _weekday_each_week(f: _F) -> Deadline | None:
    """ "vào thứ Sáu hằng tuần", "trước 15 giờ thứ Năm hằng tuần", "Chủ nhật hàng tuần": weekly on that ISO
    weekday (Monday 1 … Sunday 7); an hour (0-23) is kept in ``note`` as printed."""
    m = _EACH_WEEK_WEEKDAY.fullmatch(f.s) or _WEEKDAY_EACH_WEEK.fullmatch(f.s)
    if m is None:
        return None
    day = 7 if m["sun"] else _ISO_WEEKDAY[m["d"]]
    # the hour and the part of the day, as printed ("trước 15 giờ", "chiều")
    kept = [f.cut(m.start(g), m.end(g)).text() for g in ("hour", "when") if m[g] and m[g].strip()]
    return Deadline(kind="recurring", freq="weekly", day=day, note=" ".join(kept) or None)


_MONTHS_EACH_YEAR = re.compile(
    r"(?:vao\s+|trong\s+)?thang\s+(\d{1,2})((?:\s*(?:,|va)\s*(?:thang\s+)?\d{1,2})*)\s+(?:hang|moi)\s+nam"
)
_HALF_AND_YEAR = re.compile(r"(?:dinh ky\s+)?6 thang(?:\s+dau nam)?\s*(?:,|va)\s*ca\s+nam")
_SCHOOL_YEAR = re.compile(r"(?:trong\s+)?nam hoc\s+(\d{4})\s*-\s*(\d{4})")
# "vào thứ Sáu hằng tuần", "trước 15 giờ thứ Năm hằng tuần", "Chủ nhật hàng tuần": weekly on a weekday
_HOUR = r"(?:[01]?\d|2[0-3])\s*(?:gio|h)(?:\s*[0-5]\d(?:\s*phut)?)?"
_WEEKDAY = r"(?:ngay\s+)?(?P<when>(?:(?:sang|chieu|toi)\s+)?)(?:thu\s+(?P<d>hai|ba|tu|nam|sau|bay|[2-7])|(?P<sun>chu nhat))"
_WEEKDAY_EACH_WEEK = re.compile(
    rf"(?:(?P<hour>(?:vao\s+|truoc\s+|cham nhat\s+)?{_HOUR})\s+|vao\s+|truoc\s+|cham nhat\s+)?"
    rf"{_WEEKDAY}\s+(?:hang|moi)\s+tuan"
)
# "định kỳ hằng tuần (vào) chiều thứ Năm", "hằng tuần, trước 16 giờ thứ Năm": the week first, then its day
_EACH_WEEK_WEEKDAY = re.compile(
    rf"(?:dinh ky\s+)?(?:hang|moi)\s+tuan\s*,?\s*"
    rf"(?:(?P<hour>(?:(?:vao|truoc|cham nhat)\s+)?{_HOUR})\s+|(?:vao|truoc|cham nhat)\s+)?{_WEEKDAY}"
)
# The opening of a school year: 5 September, the national day of it ("trước khai giảng năm học 2025 - 2026")
_SCHOOL_START = re.compile(r"(truoc\s+)?(?:(?:ngay|le)\s+)?khai giang nam hoc\s+(\d{4})\s*-\s*(\d{4})")
_ISO_WEEKDAY = {
    "hai": 1,
    "ba": 2,
    "tu": 3,
    "nam": 4,
    "sau": 5,
    "bay": 6,
    "2": 1,
    "3": 2,
    "4": 3,
    "5": 4,
    "6": 5,
    "7": 6,
}


def _common_forms(s: str) -> Deadline | None:
    """Report rules written as months or periods rather than with "định kỳ", and school years.

    "Tháng 6 và tháng 12 hằng năm" → half-yearly, end of the last month; "tháng 3, 6, 9, 12 hằng năm" →
    quarterly; "tháng 12 hằng năm" → yearly in December; "6 tháng đầu năm và cả năm" → half-yearly;
    "năm học 2024-2025" → 01/09/2024 to 31/05/2025 (the school year's teaching months); "(trước) khai giảng năm
    học 2025 - 2026" → 05/09/2025, the national opening day; "vào thứ Sáu hằng
    tuần", "trước 15 giờ thứ Năm hằng tuần" → weekly, ``day`` the ISO weekday (5, 4; Chủ nhật 7).
    """
    if m := _MONTHS_EACH_YEAR.fullmatch(s):
        months = sorted({int(m.group(1)), *(int(x) for x in re.findall(r"\d{1,2}", m.group(2)))})
        if not all(1 <= x <= 12 for x in months):
            return None
        if months == [6, 12]:
            return Deadline(kind="recurring", freq="half_yearly", month_in_period="last")
        if months == [3, 6, 9, 12]:
            return Deadline(kind="recurring", freq="quarterly", month_in_period="last")
        if len(months) == 1:
            return Deadline(kind="recurring", freq="yearly", month_in_period=months[0])
        return None
    if _HALF_AND_YEAR.fullmatch(s):
        return Deadline(
            kind="recurring", freq="half_yearly", month_in_period="last", note="6 tháng và cả năm"
        )
    if (opening := _SCHOOL_START.fullmatch(s)) is not None and int(opening[3]) == int(opening[2]) + 1:
        day = date(int(opening[2]), 9, 5)
        return Deadline(kind="date", due=day, due_alt=day - timedelta(days=1) if opening[1] else None)
    if m := _SCHOOL_YEAR.fullmatch(s):
        first, second = int(m.group(1)), int(m.group(2))
        if second != first + 1:
            return None
        return Deadline(
            kind="date", due=date(second, 5, 31), start=date(first, 9, 1), note=f"năm học {first}-{second}"
        )
    return None


# --------------------------------------------------------------------------------------------------
# Numbers

_NUM_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7,
    "tam": 8, "chin": 9, "muoi": 10, "nhat": 1,
}  # fmt: skip
_NUMW = r"(?:mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin|muoi)"
_NUM = rf"(?:\d{{1,4}}|{_NUMW}(?:\s+(?:{_NUMW}|linh|le))*)"


def _num(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    total = 0
    current = 0
    for word in text.split():
        if word in ("linh", "le"):
            continue
        value = _NUM_WORDS.get(word)
        if value is None:
            return None
        if value == 10:
            current = (current or 1) * 10
            total += current
            current = 0
        else:
            current = current * 10 + value if current else value
    return total + current


# --------------------------------------------------------------------------------------------------
# Dates and periods

_Y4 = r"(?:1[89]\d\d|2\d\d\d)"
_YSUF = rf"(?:\s*[/.-]\s*(?P<y>{_Y4})|\s*,?\s+nam\s+(?P<y2>{_Y4})|\s+(?P<y3>{_Y4}))?(?!\d)"
_YSUF_NAM = rf"(?:\s*/?\s*(?P<y>{_Y4}))?(?!\d)"
_MPARTS = (
    r"dau|giua|cuoi|thuong tuan|trung tuan|ha tuan|tuan dau(?: tien)?|tuan cuoi(?: cung)?|"
    r"tuan thu (?:\d|nhat|hai|ba|tu)|nua dau|nua cuoi|ngay cuoi(?: cung)?|ngay dau(?: tien)?"
)


_P_DATE = _c(r"(?:ngay\s*)?(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/.]?\d)")
_P_DATE_W = _c(
    r"(?:ngay\s+)?(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})(?!\d)"
    r"(?:\s*,?\s*nam\s+(?P<y>\d{4})|\s*/\s*(?P<y2>\d{4}))?(?!\d)"
)
_P_DM = _c(rf"(?:ngay\s*)?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?![\d/])(?:\s*,?\s+nam\s+(?P<y>{_Y4})(?!\d))?")
_P_MONTH = _c(rf"(?:(?P<part>{_MPARTS})\s+(?:cua\s+)?)?(?:thang|t)\s*(?P<m>\d{{1,2}})(?!\d)" + _YSUF)
_P_MONTH_BARE = _c(rf"(?P<m>\d{{1,2}})[/.-](?P<y>{_Y4})(?!\d)")
_P_QUARTER = _c(
    r"(?:(?P<part>dau|giua|cuoi)\s+(?:cua\s+)?)?(?:quy|q)\s*"
    r"(?P<q>[ivx]+|\d{1,2}|nhat|mot|hai|ba|bon|tu)(?![a-z0-9])" + _YSUF
)
_P_HALF = _c(rf"(?P<n>\d{{1,2}}|{_NUMW})\s+thang\s+(?P<w>dau|cuoi)\s+(?:cua\s+)?nam" + _YSUF_NAM)
_P_HALF2 = _c(r"nua\s+(?P<w>dau|cuoi|sau|thu nhat|thu hai)\s+(?:cua\s+)?nam" + _YSUF_NAM)
_P_YPART = _c(r"(?P<w>dau|giua|cuoi)\s+nam" + _YSUF_NAM)
_P_YEAR = _c(rf"(?:nam\s+)?(?P<y>{_Y4})(?!\d)")
# A lunar day: "ngày 20 tháng Chạp năm Giáp Thìn", "mùng 6 tháng Giêng", "rằm tháng Giêng", "ngày 10 tháng 3 âm
# lịch" (a numbered month only with "âm lịch": "ngày 10 tháng 3" is the Gregorian March)
_CAN_CHI = r"(?P<can>giap|at|binh|dinh|mau|ky|canh|tan|nham|quy)\s+(?P<chi>ty|suu|dan|mao|meo|thin|ngo|mui|than|dau|tuat|hoi)"
_P_LUNAR = _c(
    r"(?:ngay\s+)?(?:mung\s+)?(?P<d>\d{1,2}|ram)\s+(?:thang\s+)?"
    r"(?:(?P<mn>gieng|chap)(?:\s+am\s+lich)?|(?P<m>\d{1,2})\s+(?:am\s+lich|al)(?![a-z]))"
    rf"(?:\s+(?:nam\s+)?{_CAN_CHI}|\s+nam\s+(?P<y>{_Y4}))?(?![a-z0-9])"
)
# A lunar month: "tháng Giêng", "hết tháng Chạp năm Giáp Thìn", "tháng 3 âm lịch" (its first to last day)
_P_LUNAR_MONTH = _c(
    r"(?:(?P<part>dau|giua|cuoi)\s+)?thang\s+(?:(?P<mn>gieng|chap)(?:\s+am\s+lich)?|(?P<m>\d{1,2})\s+(?:am\s+lich|al)(?![a-z]))"
    rf"(?:\s+(?:nam\s+)?{_CAN_CHI}|\s+nam\s+(?P<y>{_Y4}))?(?![a-z0-9])"
)
# Festivals on a fixed lunar day: Giỗ Tổ Hùng Vương (10/3), Tết Đoan Ngọ (5/5), Vu Lan / rằm tháng Bảy (15/7),
# Tết Trung thu (15/8), ông Công ông Táo (23/12); an optional year or can-chi names the lunar year.
_FESTIVALS = {
    "gio to hung vuong": (10, 3), "le gio to hung vuong": (10, 3), "tet doan ngo": (5, 5), "le vu lan": (15, 7),
    "tet trung thu": (15, 8), "tet ong cong ong tao": (23, 12), "ong cong ong tao": (23, 12),
}  # fmt: skip
_P_FESTIVAL = _c(
    r"(?:ngay\s+)?(?P<name>" + "|".join(sorted(_FESTIVALS, key=len, reverse=True)) + r")"
    rf"(?:\s+(?:nam\s+)?{_CAN_CHI}|\s+(?:nam\s+)?(?P<y>{_Y4}))?(?![a-z0-9])"
)
# Holidays of the solar calendar by name, with or without their date: "Quốc khánh 2/9", "lễ Quốc tế Lao động"
_SOLAR_FEASTS = {"quoc khanh": (2, 9), "quoc te lao dong": (1, 5), "giai phong mien nam": (30, 4)}
_P_SOLAR_FEAST = _c(
    r"(?:ngay\s+)?(?:le\s+)?(?P<name>quoc khanh|quoc te lao dong|giai phong mien nam)"
    rf"(?:\s+(?:ngay\s+)?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>{_Y4}))?)?(?:\s+nam\s+(?P<y2>{_Y4}))?(?![a-z0-9/])"
)
_OCCASION = _c(r"dip(?:\s+nghi)?(?:\s+le)?(?:\s+ky niem)?\s+")
_AROUND = _c(r"(?:trong\s+)?(?:dip\s+)?truoc\s*,?\s*trong\s*(?:,\s*)?(?:va\s+)?sau(?:\s+dip)?\s+")
_P_TET = _c(
    r"(?:(?P<eve>giao thua|(?:ngay\s+)?30 tet|mung (?:1|mot) tet)|tet)"
    r"(?:\s+(?P<k>nguyen dan|am lich|co truyen|duong lich|tay|ta))?"
    r"(?:\s+nam)?(?:\s+(?P<can>giap|at|binh|dinh|mau|ky|canh|tan|nham|quy)\s+"
    r"(?P<chi>ty|suu|dan|mao|meo|thin|ngo|mui|than|dau|tuat|hoi))?"
    rf"(?:\s+nam)?(?:\s+(?P<y>{_Y4}))?(?![a-z0-9])"
)
_B_MONTH = _c(r"(?:thang\s+|t)?(?P<m>\d{1,2})(?!\d)" + _YSUF)
_B_QUARTER = _c(r"(?:quy\s+)?(?P<q>[ivx]+|\d)(?![a-z0-9])" + _YSUF)
_B_DAY_MONTH = _c(r"thang\s+(?P<m>\d{1,2})(?![\d/]|\s*/\s*\d{1,2}(?!\d))" + _YSUF)
_B_DM = _c(rf"(?:ngay\s*)?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>{_Y4}))?(?![\d/])")

_QUAL = _c(
    r"(?:(?P<now>tu nay|tu bay gio|ke tu nay)|(?P<before>truoc(?:\s+han)?|som hon)|"
    r"(?P<from>bat dau tu|bat dau|ke tu|tu)|"
    r"(?P<within>trong vong|trong suot|trong|suot|ca|vao|thuoc|het|den het|nhan)|"
    r"(?P<by>cham nhat(?:\s+la)?|muon nhat(?:\s+la)?|khong muon hon|khong cham hon|khong qua|"
    r"han chot(?:\s+la)?|han cuoi|han|den|toi|cho den|xong|hoan thanh|giai doan|nhiem ky|ky|trong giai doan))"
    r"(?![a-z0-9])\s*:?"
)
_BARE_YEAR = _c(r"nam(?:\s+nay)?")
_INNER_QUAL = _c(r"(?:ca|trong|het|den het|truoc(?: ngay)?)(?![a-z0-9])")
_SEP = _c(
    r"(?:(?P<r>-|(?:cho den|den het|den|toi)(?![a-z0-9]))"
    r"|(?P<l>[,&+;]\s*(?:va|hoac)?|(?:va|hoac)(?![a-z0-9])))"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_QWORDS = {"nhat": 1, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4}
_STEMS = ("giap", "at", "binh", "dinh", "mau", "ky", "canh", "tan", "nham", "quy")
_BRANCHES = ("ty", "suu", "dan", "mao", "thin", "ty", "ngo", "mui", "than", "dau", "tuat", "hoi")


class _Cur:
    """A cursor over folded text; `eat` matches a token at the position and skips following spaces."""

    __slots__ = ("pos", "s")

    def __init__(self, s: str, pos: int = 0) -> None:
        self.s = s
        self.pos = pos

    def eat(self, rx: re.Pattern[str]) -> re.Match[str] | None:
        m = rx.match(self.s, self.pos)
        if m is None:
            return None
        self.pos = m.end()
        while self.pos < len(self.s) and self.s[self.pos] == " ":
            self.pos += 1
        return m

    def done(self) -> bool:
        return self.pos >= len(self.s)


@dataclass(slots=True)
class _Atom:
    """One period before year resolution: a day, a month span, or Tết."""

    unit: Literal["day", "span", "tet", "lunar", "lunar_month"]
    m1: int = 1  # first month of the span (or the month of a day)
    m2: int = 12  # last month of the span
    day: int = 0
    part: str | None = None  # sub-span of a month / quarter / year
    year: int | None = None
    inherited: bool = False
    label: str = ""  # how the phrase named it, for error messages ("Tháng 13", "Quý V")
    bad: bool = False  # a month or quarter number that does not exist
    tet: re.Match[str] | None = field(default=None, repr=False)  # (also the match of a lunar day)


def _year_of(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    for key in ("y", "y2", "y3"):
        value = groups.get(key)
        if value:
            y = int(value)
            return 2000 + y if y < 100 else y
    return None


def _atom(cur: _Cur, prev: _Atom | None) -> _Atom | None:
    """Read one atom; after a separator, a bare number continues the previous atom's unit."""
    if prev is not None:
        cont = _continuation(cur, prev)
        if cont is not None:
            return cont
    # (before "ngày 10 tháng 3", which "âm lịch" after it makes lunar)
    m = cur.eat(_P_LUNAR) or cur.eat(_P_FESTIVAL)
    if m is not None:
        return _Atom("lunar", tet=m)
    m = cur.eat(_P_LUNAR_MONTH)
    if m is not None:
        return _Atom("lunar_month", tet=m, part=m["part"])
    m = cur.eat(_P_DATE) or cur.eat(_P_DATE_W)
    if m is not None:
        return _Atom("day", m1=int(m["m"]), m2=int(m["m"]), day=int(m["d"]), year=_year_of(m))
    m = cur.eat(_P_TET)
    if m is not None:
        return _Atom("tet", tet=m)
    m = cur.eat(_P_SOLAR_FEAST)
    if m is not None:
        day, month = (int(m["d"]), int(m["m"])) if m["d"] else _SOLAR_FEASTS[m["name"]]
        return _Atom("day", m1=month, m2=month, day=day, year=_year_of(m))
    m = cur.eat(_P_HALF)
    if m is not None:
        n = _num(m["n"])
        if n is None or not 1 <= n <= 12:
            return None
        span = (1, n) if m["w"] == "dau" else (13 - n, 12)
        return _Atom("span", m1=span[0], m2=span[1], year=_year_of(m))
    m = cur.eat(_P_HALF2)
    if m is not None:
        first = m["w"] in ("dau", "thu nhat")
        return _Atom("span", m1=1 if first else 7, m2=6 if first else 12, year=_year_of(m))
    m = cur.eat(_P_YPART)
    if m is not None:
        return _Atom("span", part=m["w"], year=_year_of(m))
    m = cur.eat(_P_QUARTER)
    if m is not None:
        return _quarter_atom(m)  # None for letters that are no Roman numeral
    m = cur.eat(_P_MONTH)
    if m is not None:
        return _month_atom(m, part=m["part"])
    m = cur.eat(_P_MONTH_BARE)
    if m is not None:
        return _month_atom(m, part=None)
    m = cur.eat(_P_DM)
    if m is not None:
        return _Atom("day", m1=int(m["m"]), m2=int(m["m"]), day=int(m["d"]), year=_year_of(m))
    m = cur.eat(_P_YEAR)
    if m is not None:
        return _Atom("span", year=_year_of(m))
    return None


def _continuation(cur: _Cur, prev: _Atom) -> _Atom | None:
    """ "Quý II, III/2024", "tháng 3, 6, 9/2024", "15/3 - 15/4/2024", "ngày 20 tháng 6 và tháng 12"."""
    if prev.unit == "day":
        m = cur.eat(_B_DM)
        if m is not None:
            return _Atom("day", m1=int(m["m"]), m2=int(m["m"]), day=int(m["d"]), year=_year_of(m))
        m = cur.eat(_B_DAY_MONTH)
        if m is not None:
            return _Atom("day", m1=int(m["m"]), m2=int(m["m"]), day=prev.day, year=_year_of(m))
    elif prev.unit == "span" and prev.label.startswith("Quý") and prev.part is None:
        m = cur.eat(_B_QUARTER)
        if m is not None:
            return _quarter_atom(m)
    elif prev.unit == "span" and prev.label.startswith("Tháng") and prev.part is None:
        m = cur.eat(_B_MONTH)
        if m is not None:
            return _month_atom(m, part=None)
    return None


def _month_atom(m: re.Match[str], part: str | None) -> _Atom:
    month = int(m["m"])
    return _Atom("span", m1=month, m2=month, part=part, year=_year_of(m), label=f"Tháng {month}",
                 bad=not 1 <= month <= 12)  # fmt: skip


def _quarter_atom(m: re.Match[str]) -> _Atom | None:
    raw = m["q"]
    q = int(raw) if raw.isdigit() else _QWORDS.get(raw) or _ROMAN.get(raw)
    label = f"Quý {raw.upper() if raw in _ROMAN else raw}"
    if q is None:
        return None
    if not 1 <= q <= 4:
        return _Atom("span", label=label, bad=True, year=_year_of(m))
    part = m.groupdict().get("part")
    return _Atom("span", m1=3 * q - 2, m2=3 * q, part=part, year=_year_of(m), label=label)


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _resolve(a: _Atom, ctx: _Ctx) -> tuple[date, date]:
    """First and last day of the atom (both the same day for a day or Tết)."""
    y = a.year if a.year is not None else ctx.year
    if a.unit == "tet":
        assert a.tet is not None
        d = _tet_eve(a.tet, a.year, ctx)
        return d, d
    if a.unit == "lunar":
        assert a.tet is not None
        d = _lunar_day(a.tet, ctx)
        return d, d
    if a.unit == "lunar_month":
        assert a.tet is not None
        return _lunar_month(a.tet, ctx)
    if a.unit == "day":
        try:
            d = date(y, a.m1, a.day)
        except ValueError:
            raise _Invalid(_bad_day(a.day, a.m1, y)) from None
        return d, d
    if a.bad:
        raise _Invalid(f"{a.label}/{y} không tồn tại.")
    first, last = date(y, a.m1, 1), _month_end(y, a.m2)
    if a.part is None:
        return first, last
    return _part_span(a.part, y, a.m1, a.m2, a.label)


def _bad_day(d: int, m: int, y: int) -> str:
    text = f"Ngày {d:02d}/{m:02d}/{y} không tồn tại."
    if m == 2 and d == 29:
        text = f"Ngày 29/02/{y} không tồn tại ({y} không phải năm nhuận)."
    return text


def _part_span(part: str, y: int, m1: int, m2: int, label: str) -> tuple[date, date]:
    if m1 == m2:  # a month: days 1-10 / 11-20 / 21-end, weeks, halves
        last = calendar.monthrange(y, m1)[1]
        days = {
            "dau": (1, 10), "thuong tuan": (1, 10), "giua": (11, 20), "trung tuan": (11, 20),
            "cuoi": (21, last), "ha tuan": (21, last), "nua dau": (1, 15), "nua cuoi": (16, last),
            "tuan dau": (1, 7), "tuan dau tien": (1, 7), "tuan cuoi": (last - 6, last),
            "tuan cuoi cung": (last - 6, last), "ngay cuoi": (last, last), "ngay cuoi cung": (last, last),
            "ngay dau": (1, 1), "ngay dau tien": (1, 1),
        }.get(part)  # fmt: skip
        if days is None and part.startswith("tuan thu "):
            n = _num(part.removeprefix("tuan thu "))
            if n is None or not 1 <= n <= 4:
                raise ValueError(part)
            days = (7 * n - 6, 7 * n if n < 4 else last)
        if days is None:
            raise ValueError(part)
        return date(y, m1, days[0]), date(y, m1, days[1])
    if m1 == 1 and m2 == 12:  # a year: đầu = quý I, giữa = quý II, cuối = quý IV
        months = {"dau": (1, 3), "giua": (4, 6), "cuoi": (10, 12)}[part]
    else:  # a quarter: its first / second / last month
        months = {"dau": (m1, m1), "giua": (m1 + 1, m1 + 1), "cuoi": (m2, m2)}[part]
    return date(y, months[0], 1), _month_end(y, months[1])


def _can_chi_year(can: str, chi: str, ctx: _Ctx) -> int:
    """The one year named so ("Giáp Thìn") in the sixty around the plan's (names repeat every sixty)."""
    stem = _STEMS.index(can)
    chi = "mao" if chi == "meo" else chi
    branch = 0 if chi == "ty" and stem % 2 == 0 else _BRANCHES.index(chi) if chi != "ty" else 5
    found = [
        c for c in range(ctx.year - 29, ctx.year + 31) if (c - 4) % 10 == stem and (c - 4) % 12 == branch
    ]
    if not found:
        raise ValueError("can chi")
    return found[0]


def _lunar_years(m: re.Match[str], ctx: _Ctx) -> list[int]:
    """The lunar years a lunar day or month may fall in: the one named, else the plan's and its neighbours."""
    if m["can"]:
        return [_can_chi_year(m["can"], m["chi"], ctx)]
    if m["y"]:
        return [int(m["y"])]
    return [ctx.year - 1, ctx.year, ctx.year + 1]


def _lunar_month_number(m: re.Match[str]) -> int:
    return {"gieng": 1, "chap": 12}.get(m["mn"] or "", 0) or int(m["m"] or 0)


def _lunar_day(m: re.Match[str], ctx: _Ctx) -> date:
    """The Gregorian date of a lunar day; with no year named, the first such day from the plan's date on
    (or from the start of the plan's year)."""
    groups = m.groupdict()
    if groups.get("name"):
        day, month = _FESTIVALS[m["name"]]
    else:
        day, month = 15 if m["d"] == "ram" else int(m["d"]), _lunar_month_number(m)
    years = _lunar_years(m, ctx)
    found = [d for y in years if (d := lunar_to_solar(day, month, y)) is not None]
    if not found:
        raise _Invalid(f"Ngày {day} tháng {month} âm lịch không có trong năm âm lịch {years[-1]}.")
    since = ctx.issued or date(ctx.year, 1, 1)
    return next((d for d in sorted(found) if d >= since), max(found))


def _lunar_month(m: re.Match[str], ctx: _Ctx) -> tuple[date, date]:
    """First and last day of a lunar month; with no year named, the first such month not over at the plan's
    date (or at the start of the plan's year)."""
    month = _lunar_month_number(m)
    spans: list[tuple[date, date]] = []
    days = {"dau": (1, 10), "giua": (11, 20), "cuoi": (21, 30)}.get(
        m["part"] or "", (1, 30)
    )  # as solar months
    for y in _lunar_years(m, ctx):
        first = lunar_to_solar(days[0], month, y)
        last = lunar_to_solar(days[1], month, y) or lunar_to_solar(days[1] - 1, month, y)
        if first is not None and last is not None:
            spans.append((first, last))
    if not spans:
        raise _Invalid(f"Tháng {month} âm lịch không tồn tại.")
    since = ctx.issued or date(ctx.year, 1, 1)
    return next((span for span in sorted(spans) if span[1] >= since), max(spans))


def _tet_eve(m: re.Match[str], explicit: int | None, ctx: _Ctx) -> date:
    """The day before the Tết the phrase names (Tết Dương lịch: 31/12)."""
    y = int(m["y"]) if m["y"] else None
    if m["can"]:
        named = _can_chi_year(m["can"], m["chi"], ctx)
        if y is not None and y != named:
            raise ValueError("can chi")
        y = named
    solar = m["k"] in ("duong lich", "tay")
    if solar:
        if m["eve"] or m["can"]:
            raise ValueError("solar")
        if y is not None:
            return date(y, 1, 1) - timedelta(days=1)
        if ctx.issued is not None:
            return date(ctx.issued.year, 12, 31)
        return date(ctx.year, 12, 31)
    if y is not None:
        return lunar_new_year(y) - timedelta(days=1)
    if ctx.issued is not None:
        tet = lunar_new_year(ctx.issued.year)
        if tet < ctx.issued:
            tet = lunar_new_year(ctx.issued.year + 1)
        return tet - timedelta(days=1)
    return lunar_new_year(ctx.year) - timedelta(days=1)


# Several days of one month: "ngày 12 và 13/11/2024", "ngày 12, 13/11", "20 - 22/11/2024" (each day gets the month)
_DAYS_OF_A_MONTH = _c(
    r"(?<![\d/])(\d{1,2})\s*(,|va|-|den)\s*(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2}(?:\s*/\s*\d{4})?)(?![\d/])"
)


# An hour or a weekday before a date says when on that day: "trước 17 giờ ngày 20/11/2025", "thứ Bảy, ngày
# 15/11/2025", "trước 10 giờ ngày thứ Hai, 17/11/2025" (the date decides)
_WHEN_ON_THE_DAY = _c(
    r"(?:(?:[01]?\d|2[0-3])\s*(?:gio|h)(?:\s*[0-5]\d(?:\s*phut)?)?\s+)?(?:ngay\s+)?"
    r"(?:(?:(?:sang|chieu|toi)\s+)?(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat)\s*,?\s*(?:ngay\s+)?)?"
    r"(?=\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})"
)


def _date_grammar(s: str, ctx: _Ctx) -> Deadline | None:
    s = _DAYS_OF_A_MONTH.sub(lambda m: f"{m[1]}/{m[4]} {m[2]} {m[3]}/{m[4]}", s)
    s = _WHEN_ON_THE_DAY.sub("", s)
    cur = _Cur(s)
    if cur.eat(_AROUND) is not None:
        return _around_tet(cur, ctx)
    before = frm = within = until = False
    quals = 0
    while (q := cur.eat(_QUAL)) is not None:
        quals += 1
        before = before or q["before"] is not None
        frm = frm or q["from"] is not None
        within = within or q["within"] is not None
        until = until or q.group(0).strip().endswith("het")  # "(đến) hết Tết": to its end, from now
    if within and _BARE_YEAR.fullmatch(s, cur.pos):
        return Deadline(kind="date", due=date(ctx.year, 12, 31))
    if cur.eat(_OCCASION) is not None:  # "(trong / nhân) dịp 30/4 - 1/5", "dịp Tết Nguyên đán": its dates
        within, quals = True, quals + 1
    atoms: list[_Atom] = []
    seps: list[str] = []
    first = _atom(cur, None)
    if first is None:
        return None
    atoms.append(first)
    while not cur.done():
        save = cur.pos
        sep = cur.eat(_SEP)
        if sep is None:
            return None
        cur.eat(_INNER_QUAL)
        nxt = _atom(cur, atoms[-1])
        if nxt is None:
            cur.pos = save
            return None
        seps.append("range" if sep["r"] else "list")
        atoms.append(nxt)
    if any(a.unit == "tet" for a in atoms) and (quals == 0 or len(atoms) > 1):
        return None
    # Years: an atom without one takes the next explicit year, else the plan's year.
    carry: int | None = None
    for a in reversed(atoms):
        if a.year is not None and a.unit not in ("tet", "lunar", "lunar_month"):
            carry = a.year
        elif a.unit not in ("tet", "lunar", "lunar_month") and carry is not None:
            a.year, a.inherited = carry, True
    if len(atoms) == 1:
        a = atoms[0]
        lo, hi = _resolve(a, ctx)
        if a.unit == "tet" and within and not before and a.tet is not None and not a.tet["eve"]:
            # "trong dịp Tết Nguyên đán": the eve to mùng 4, the days of Tết (the official break may run a day
            # or two longer); "hết Tết": to its end; Tết Dương lịch: 31/12 and 1/1
            end = hi + timedelta(days=1 if a.tet["k"] in ("duong lich", "tay") else 4)
            return Deadline(kind="date", due=end, start=None if until else hi)
        if frm and not before:
            return Deadline(kind="date", due=hi, start=lo)
        if before:
            return _before(a, lo, hi)
        return Deadline(kind="date", due=hi)
    spans = [(_resolve(a, ctx), a) for a in atoms]
    if all(x == "list" for x in seps):
        if frm:
            return None
        (lo, hi), a = max(spans, key=lambda item: item[0][1])
        return _before(a, lo, hi) if before else Deadline(kind="date", due=hi)
    if len(atoms) != 2 or before:
        return None
    (lo, _), (_, hi) = spans[0][0], spans[1][0]
    if lo > hi and atoms[0].inherited and atoms[0].year is not None:
        atoms[0].year -= 1
        lo = _resolve(atoms[0], ctx)[0]
    if lo > hi:
        return None
    return Deadline(kind="date", due=hi, start=lo)


def _around_tet(cur: _Cur, ctx: _Ctx) -> Deadline | None:
    """ "trước, trong và sau Tết Nguyên đán Ất Tỵ": the Tết season, from ông Công ông Táo (23 tháng Chạp) to
    mùng 10 tháng Giêng, when offices are back at work; "… Tết Dương lịch và Tết Nguyên đán Ất Tỵ" starts a
    week before the new solar year instead."""
    m = cur.eat(_P_TET)
    if m is None or m["eve"]:
        return None
    solar_too = False
    if m["k"] in ("duong lich", "tay"):
        if cur.eat(_c(r"(?:,|va)\s*")) is None or (m := cur.eat(_P_TET)) is None or m["eve"]:
            return None
        solar_too = m["k"] not in ("duong lich", "tay")
        if not solar_too:
            return None
    if not cur.done():
        return None
    eve = _tet_eve(m, None, ctx)
    tet = eve + timedelta(days=1)
    start = date(tet.year - 1, 12, 25) if solar_too else lunar_to_solar(23, 12, tet.year - 1)
    return Deadline(kind="date", due=eve + timedelta(days=10), start=start or eve - timedelta(days=6))


def _before(a: _Atom, lo: date, hi: date) -> Deadline:
    if a.unit in ("day", "lunar"):
        return Deadline(kind="date", due=hi, due_alt=hi - timedelta(days=1))
    if a.unit == "tet":
        return Deadline(kind="date", due=hi)
    if a.part is not None and a.part not in ("dau", "thuong tuan", "tuan dau", "tuan dau tien", "nua dau"):
        return Deadline(kind="date", due=hi)
    return Deadline(kind="date", due=lo - timedelta(days=1))


# --------------------------------------------------------------------------------------------------
# Recurring rules

_FREQ_OF: dict[str, Freq | None] = {
    "tuan": "weekly", "thang": "monthly", "quy": "quarterly", "6 thang": "half_yearly",
    "nua nam": "half_yearly", "nam": "yearly", "9 thang": None, "dot xuat": None, "ngay": None,
}  # fmt: skip
_FREQ_ORDER: tuple[Freq, ...] = ("weekly", "monthly", "quarterly", "half_yearly", "yearly")
_R_DK = _c(r"dinh ky(?![a-z0-9])\s*:?")
_R_ITEM = _c(
    r"(?P<mark>(?:(?:hang|moi|theo|tung|cac|ca)\s+){1,2})?"
    r"(?:(?P<once>(?:1|01|mot)\s+lan\s*/\s*)(?=tuan|thang|quy|nam))?"
    r"(?P<w>(?:06|6|sau)\s+thang|(?:09|9|chin)\s+thang|nua nam|ban nien|tuan|thang|quy|nam|ngay|dot xuat)"
    r"(?P<once2>\s+(?:1|01|mot)\s+lan)?(?![a-z0-9])"
)
_R_ITEM_SEP = _c(r"(?:,|/|-|va(?![a-z0-9])|hoac(?![a-z0-9]))")
_R_GLUE = _c(r"(?:[,:;-]|va(?![a-z0-9])|(?:gui |nop )?bao cao(?![a-z0-9])|tong hop(?![a-z0-9]))")
_R_TRAIL_YEAR = _c(rf"(?:nam\s+)?{_Y4}(?!\d)")
_R_QUALS = _c(
    r"(?:truoc|cham nhat|muon nhat|khong muon hon|khong qua|vao|trong|den|han|han chot|tu|truoc hoac vao)"
    r"(?![a-z0-9])"
)
_R_DAY = _c(
    r"(?:ngay\s+(?P<d>\d{1,2})(?!\d)(?:/(?P<m>\d{1,2})(?![\d/])|\s+thang\s+(?P<m2>\d{1,2})(?![\d/]))?"
    r"|(?P<d3>\d{1,2})/(?P<m3>\d{1,2})(?![\d/])"
    r"|thang\s+(?P<mo>\d{1,2})(?![\d/])"
    r"|quy\s+(?P<q>iv|i{1,3}|[1-4])(?![a-z0-9/])"
    r"|(?P<end>(?:ngay\s+)?cuoi(?:\s+cung)?))"
)
_R_MORE_DM = _c(
    r"(?:,|va(?![a-z0-9]))\s*(?:(?:ngay\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})|thang\s+(?P<m2>\d{1,2}))(?![\d/])"
)
_R_OF = _c(r"(?:cua|trong)(?![a-z0-9])")
_R_MIP = _c(
    r"thang\s+(?:(?P<first>dau(?:\s+tien)?)|(?P<last>cuoi(?:\s+cung)?)|thu\s+(?P<nth>\d|nhat|hai|ba|tu|nam|sau)"
    r"|(?P<next>sau|tiep theo|ke tiep|ke sau))(?![a-z0-9])"
)
_R_PER = _c(
    r"(?:(?:moi|hang)\s+)?(?P<per>quy|nam|ky(?:\s+bao\s+cao)?|(?:06|6|sau)\s+thang|nua\s+nam|thang|tuan)"
    r"(?![a-z0-9])"
)
_R_NEXT = _c(r"(?:sau|tiep theo|ke tiep|ke sau|lien ke|lien sau)(?![a-z0-9])")
_PER_FREQ: dict[str, Freq | None] = {
    "quy": "quarterly", "nam": "yearly", "6 thang": "half_yearly", "06 thang": "half_yearly",
    "sau thang": "half_yearly", "nua nam": "half_yearly", "thang": "monthly", "tuan": "weekly",
}  # fmt: skip
_PERIOD_MONTHS: dict[str, int] = {"quarterly": 3, "half_yearly": 6}
_SPREAD: dict[int, Freq] = {2: "half_yearly", 4: "quarterly", 12: "monthly"}
_YEARLY_ALONE = _c(r"(?:hang|moi)\s+nam")


@dataclass(slots=True)
class _DaySpec:
    day: int | None = None
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (day, month) given as dd/mm
    month: int | None = None  # "tháng 12 hằng năm"
    mip: MonthInPeriod | None = None
    per: str | None = None
    next: bool = False


def _dayspec(cur: _Cur) -> _DaySpec | None:
    save = cur.pos
    while cur.eat(_R_QUALS):
        pass
    spec = _DaySpec()
    got = False
    m = cur.eat(_R_DAY)
    if m is not None:
        got = True
        if m["end"]:
            spec.day = None
        elif m["mo"]:
            spec.month = int(m["mo"])
        elif m["q"]:
            spec.month = 3 * (int(m["q"]) if m["q"].isdigit() else _ROMAN[m["q"]])
        else:
            d = int(m["d"] or m["d3"])
            month = m["m"] or m["m2"] or m["m3"]
            if month:
                spec.pairs.append((d, int(month)))
                while (more := cur.eat(_R_MORE_DM)) is not None:
                    spec.pairs.append((int(more["d"] or d), int(more["m"] or more["m2"])))
            else:
                spec.day = d
    before_of = cur.pos
    cur.eat(_R_OF)
    mip = cur.eat(_R_MIP)
    if mip is not None:
        got = True
        if mip["first"]:
            spec.mip = "first"
        elif mip["last"]:
            spec.mip = "last"
        elif mip["nth"]:
            spec.mip = _num(mip["nth"]) or _QWORDS.get(mip["nth"])
        else:
            spec.per, spec.next = "thang", True
        cur.eat(_R_OF)
    if spec.per is None:
        per = cur.eat(_R_PER)
        if per is not None:
            spec.per = " ".join(per["per"].split())
            if cur.eat(_R_NEXT):
                spec.next = True
        elif mip is None:
            cur.pos = before_of
    if not got:
        cur.pos = save
        return None
    return spec


def _freq_items(cur: _Cur) -> tuple[list[str], bool] | None:
    """A list of frequency words ("hằng quý, 6 tháng, năm"); returns the words and whether one was marked."""
    items: list[str] = []
    marked = False
    while True:
        save = cur.pos
        if items and cur.eat(_R_ITEM_SEP) is None and not cur.s.startswith(("hang", "moi"), cur.pos):
            break
        if cur.eat(_R_DK):
            marked = True
        m = cur.eat(_R_ITEM)
        if m is None:
            cur.pos = save
            break
        word = " ".join(m["w"].split())
        word = {"06 thang": "6 thang", "sau thang": "6 thang", "ban nien": "nua nam", "09 thang": "9 thang",
                "chin thang": "9 thang"}.get(word, word)  # fmt: skip
        items.append(word)
        marked = marked or bool(m["mark"] or m["once"] or m["once2"])
    if not items:
        return None
    cur.eat(_R_TRAIL_YEAR)
    return items, marked


def _recurring(f: _F, had_report: bool) -> Deadline | None:
    cur = _Cur(f.s)
    dk = cur.eat(_R_DK) is not None
    items: list[str] = []
    marked = False
    spec: _DaySpec | None = None
    for _ in range(4):
        while cur.eat(_R_GLUE):
            pass
        if cur.eat(_R_DK):
            dk = True
            continue
        if spec is None:
            got = _dayspec(cur)
            if got is not None:
                spec = got
                continue
        if items:
            break
        found = _freq_items(cur)
        if found is None:
            break
        items, marked = found
    while cur.eat(_R_GLUE):
        pass
    if not cur.done():
        return None
    freqs = [fq for fq in (_FREQ_OF.get(w) for w in items) if fq is not None]
    if items and not (marked or dk or had_report or len(items) > 1):
        return None
    if spec is None and not dk and not had_report and _YEARLY_ALONE.fullmatch(f.s):
        return None  # "Hằng năm" alone is ongoing work
    per_freq = _PER_FREQ.get(spec.per) if spec is not None and spec.per else None
    if per_freq is not None:
        if freqs and per_freq not in freqs:
            return None
        freq: Freq = per_freq
    elif freqs:
        freq = min(freqs, key=_FREQ_ORDER.index)
    else:
        return None
    note = f.text() if len(set(items)) > 1 else None
    if spec is None:
        return Deadline(kind="recurring", freq=freq, note=note)
    return _apply_spec(freq, spec, note)


def _apply_spec(freq: Freq, spec: _DaySpec, note: str | None) -> Deadline | None:
    day = spec.day
    mip: MonthInPeriod | None = spec.mip
    if spec.pairs:
        days = {d for d, _ in spec.pairs}
        if len(days) != 1:
            return None
        day = days.pop()
        for d, m in spec.pairs:
            if not 1 <= m <= 12:
                raise _Invalid(f"Tháng {m} không tồn tại.")
            try:
                date(2024, m, d)
            except ValueError:
                raise _Invalid(f"Ngày {d:02d}/{m:02d} không tồn tại.") from None
        if freq == "yearly" and len(spec.pairs) > 1:
            # "trước ngày 15/6 và 15/12 hằng năm": as many evenly spaced dates as periods in a year
            freq = _SPREAD.get(len(spec.pairs), "yearly")
            if freq == "yearly":
                return None
        if freq == "yearly":
            mip = spec.pairs[0][1]
        elif freq in _PERIOD_MONTHS:
            size = _PERIOD_MONTHS[freq]
            rel = {(m - 1) % size + 1 for _, m in spec.pairs}
            if len(rel) != 1:
                return None
            mip = rel.pop()
        else:
            return None
    if spec.month is not None:
        if freq != "yearly" or spec.mip is not None:
            return None
        if not 1 <= spec.month <= 12:
            raise _Invalid(f"Tháng {spec.month} không tồn tại.")
        mip = spec.month
    if day is not None and not 1 <= day <= 31:
        raise _Invalid(f"Ngày {day} không tồn tại: một tháng có nhiều nhất 31 ngày.")
    if freq == "weekly" and (day is not None or mip is not None):
        return None
    if freq == "monthly" and mip is not None:
        return None
    if freq == "yearly" and mip in ("first", "last"):
        mip = 1 if mip == "first" else 12
    if isinstance(mip, int) and not isinstance(mip, bool):
        months = _PERIOD_MONTHS.get(freq)
        if months is not None:
            if not 1 <= mip <= months:
                return None
            mip = "first" if mip == 1 else "last" if mip == months else mip
        elif freq == "yearly" and not 1 <= mip <= 12:
            return None
    return Deadline(
        kind="recurring", freq=freq, day=day, month_in_period=mip, in_next_period=spec.next, note=note
    )


# --------------------------------------------------------------------------------------------------
# Ongoing work

_ONG_TOKEN = (
    r"(?:thuong xuyen|lien tuc|hang ngay|moi ngay|lau dai|quanh nam|hang nam|moi nam|hang quy|moi quy|"
    r"hang thang|moi thang|hang tuan|moi tuan|dinh ky|dot xuat)"
)
_ONG_CORE = frozenset({"thuong xuyen", "lien tuc", "hang ngay", "moi ngay", "lau dai", "quanh nam"})
_ONGOING = _c(rf"{_ONG_TOKEN}(?:(?:\s*[,;-]\s*|\s+(?:va|hoac)\s+|\s+){_ONG_TOKEN})*")
_ONG_SPLIT = _c(_ONG_TOKEN)
_ONG_FREQ: dict[str, Freq] = {
    "hang nam": "yearly", "moi nam": "yearly", "hang quy": "quarterly", "moi quy": "quarterly",
    "hang thang": "monthly", "moi thang": "monthly", "hang tuan": "weekly", "moi tuan": "weekly",
}  # fmt: skip


def _ongoing(s: str) -> Deadline | None:
    if _ONGOING.fullmatch(s) is None:
        return None
    tokens = _ONG_SPLIT.findall(s)
    freqs = [_ONG_FREQ[t] for t in tokens if t in _ONG_FREQ]
    core = any(t in _ONG_CORE for t in tokens)
    if not core and (len(freqs) < len(tokens) or any(fq != "yearly" for fq in freqs)):
        return None  # "hằng quý" or "định kỳ" alone is a recurring rule (or nothing)
    freq = min(freqs, key=_FREQ_ORDER.index) if freqs else None
    return Deadline(kind="ongoing", freq=freq)


# --------------------------------------------------------------------------------------------------
# Events

_E_OFFSET = _c(
    r"(?:(?:trong|trong vong|trong thoi han|trong thoi gian|cham nhat|muon nhat|khong qua|toi da|sau|han|la)"
    r"\s+)*"
    rf"(?P<n>{_NUM})\s+(?P<u>gio|ngay|tuan|thang|nam)(?P<wd>\s+lam viec)?\s*,?\s*"
    r"(?P<conn>ke tu sau khi|ke tu khi|ke tu ngay|ke tu|tinh tu ngay|tinh tu khi|tinh tu|sau khi|sau ngay|"
    r"sau|tu ngay|tu khi|truoc khi|truoc ngay|truoc)\s+(?P<ev>(?!(?:ngay|thang|quy|nam)\s+\d)[^\s\d].*)"
)
_E_WHEN = _c(
    r"(?P<lead>[^0-9]*?\s)??(?P<imm>ngay\s+(?:lap tuc\s+)?|lap tuc\s+)?"
    r"(?P<conn>sau khi|khi|truoc khi)\s+(?P<ev>\S.*)"
)
_E_REQUEST = _c(r"(?:theo|khi co|khi duoc|khi)\s+(?P<ev>yeu cau(?![a-z0-9]).*)")
_E_ADHOC = _c(r"dot xuat(?:\s+(?:khi|theo)\s+(?:co\s+)?yeu cau)?")
_E_AFTER = _c(r"sau\s+(?P<ev>(?!khi\b|ngay\b|tuan\b|thang\b|quy\b|nam\b|\d)[a-z].*)")
_QUESTION = _c(r"(?:|.*\s)(?:nao|gi|bao gio|bao lau)(?:\s.*|)|.*\?.*")
_BAD_LEAD = _c(r".*(?:ke tu|tinh tu|tu|sau|truoc|\d)\s*$")
_UNIT_DAYS = {"ngay": 1, "tuan": 7, "thang": 30, "nam": 365}


def _event(f: _F) -> Deadline | None:
    s = f.s
    m = _E_OFFSET.fullmatch(s)
    if m is not None:
        n = _num(m["n"])
        if n is None or n > 3650:
            return None
        sign = -1 if m["conn"].startswith("truoc") else 1
        event = _event_text(f, m.start("ev"))
        if event is None:
            return None
        days = -(-n // 24) if m["u"] == "gio" else n * _UNIT_DAYS[m["u"]]  # "24 giờ": by the next day
        return Deadline(
            kind="event",
            offset_days=sign * days,
            working_days=m["wd"] is not None and m["u"] == "ngay",
            event=event,
        )
    m = _E_REQUEST.fullmatch(s)
    if m is not None:
        event = _event_text(f, m.start("ev"))
        return None if event is None else Deadline(kind="event", event=event)
    if _E_ADHOC.fullmatch(s) is not None:
        return Deadline(kind="event")
    m = _E_WHEN.fullmatch(s)
    if m is not None:
        lead = m["lead"]
        if lead and (_BAD_LEAD.fullmatch(lead.strip()) or not _has_content(lead)):
            return None
        event = _event_text(f, m.start("ev"))
        if event is None:
            return None
        offset = 0 if m["imm"] or m["conn"] == "truoc khi" else None
        note = f.cut(0, m.start("lead") + len(lead)).text() if lead else None
        return Deadline(kind="event", offset_days=offset, event=event, note=note or None)
    m = _E_AFTER.fullmatch(s)
    if m is not None:
        ev = m["ev"]
        if _P_TET.fullmatch(ev) is None and ev.split()[0] in _GRAMMAR_WORDS:
            return None
        return Deadline(kind="event", event=f.cut(m.start("ev")).text())
    return None


def _event_text(f: _F, at: int) -> str | None:
    tail = f.cut(at)
    if not tail.s or _QUESTION.fullmatch(tail.s) or not _has_content(tail.s):
        return None
    return tail.text() or None


# Words of the deadline grammar itself: a note or an event made only of these is noise, not information.
_GRAMMAR_PHRASES = _c(
    r"(?<![a-z])(?:dinh ky|thuong xuyen|lien tuc|giai doan|ke tu|tinh tu|cham nhat|muon nhat|hoan thanh|"
    r"thoi gian|thoi han|lam viec|dot xuat)(?![a-z])"
)
_GRAMMAR_WORDS = frozenset(
    re.findall(
        "[a-z]+",
        "truoc trong den het sau khi tu quy thang nam ngay tuan tet hang moi cua va hoac dau cuoi giua nua "
        "xong vao toi cho la nay lan mot hai ba bon bay tam chin muoi lam t q tiep theo "
        "i ii iii iv v vi vii viii ix x ca suot han vong",
    )
)


def _has_content(s: str) -> bool:
    """Whether the folded text has a word outside the deadline grammar ("Chính phủ", "hồ sơ", ...)."""
    return any(w not in _GRAMMAR_WORDS for w in re.findall(r"[a-z]+", _GRAMMAR_PHRASES.sub(" ", s)))


# --------------------------------------------------------------------------------------------------
# Deferred ("theo kế hoạch") and embedded deadlines

_UNSPEC = _c(
    r"(?:(?:thuc hien|hoan thanh|trien khai)\s+)?(?:theo|dung|dam bao|can cu)\s+"
    r"(?:ke hoach|quy dinh|tien do|chi dao|lo trinh|huong dan|van ban|thong bao|de an|chuong trinh|"
    r"nghi quyet|nghi dinh|thong tu|chi thi|quyet dinh|cong van|thoi gian|thoi han|nhiem vu|phan cong|"
    r"thuc te|tinh hinh|dieu kien|chu truong|phe duyet|muc tieu|lich|tien trinh|y kien|luat|han)"
    r"(?![a-z0-9]).*"
    r"|(?:chua|khong)\s+(?:xac dinh|co)(?:\s+(?:thoi han|thoi gian))?|khong (?:co )?thoi han"
)
_ANCHOR_IN_TAIL = _c(r".*(?:truoc|cham nhat|muon nhat|han chot)\s+(?:ngay\s+)?\d")


def _unspecified(f: _F) -> Deadline | None:
    if _UNSPEC.fullmatch(f.s) is None or _ANCHOR_IN_TAIL.match(f.s):
        return None
    return Deadline(kind="unspecified")


_ANCHOR = _c(
    r"(?<![a-z0-9])(?:truoc|cham nhat|muon nhat|khong muon hon|han chot|xong trong|hoan thanh trong|"
    r"trong|den het|den|vao|dinh ky|(?<!dau )(?<!thang )(?<!thu )(?<!quy )(?<!ngay )tu)(?![a-z0-9])"
)  # ("tu": "cao điểm từ tháng 5 đến tháng 7/2025"; not the "tư" of "đầu tư", "tháng tư", "thứ tư")
_REST_OK = _c(r"[a-z]+(?: [a-z]+)+")  # two or more plain words
_REST_BAD = _c(
    r"(?:hang|moi|dinh ky|tro di|tro ve|ve sau|lien tuc|sau|truoc|nam|thang|quy|ngay|tuan|ke tu|tu|den|"
    r"trong|giai doan|khi|i|ii|iii|iv|v|x)(?![a-z0-9])"
    r"|.*(?<![a-z])(?:hang|moi|dinh ky|khi|ngay|thang|quy|tet|truoc|sau|den|tu|ke tu)(?![a-z])"
)


_MAX_TRAILING_WORDS = 30


def _embedded(f: _F, ctx: _Ctx) -> Deadline | None:
    """A deadline after free words ("Rà soát ... trước 15/12/2024") or a date followed by free words."""
    s = f.s
    for m in _ANCHOR.finditer(s):
        if m.start() == 0:
            continue
        lead = f.cut(0, m.start())
        if any(ch.isdigit() for ch in lead.s) or not (_has_content(lead.s) or _ongoing(lead.s)):
            continue
        tail = f.cut(m.start())
        result = _date_grammar(tail.s, ctx) or _recurring(tail, False)
        if result is not None:
            return replace(result, note=_join_notes(lead.text(), result.note))
    spaces = [i for i, ch in enumerate(s) if ch == " "]
    for p in reversed(spaces[-_MAX_TRAILING_WORDS:]):
        rest = s[p + 1 :]
        head = f.cut(0, p)
        if (
            not _REST_OK.fullmatch(rest)
            or _REST_BAD.match(rest)
            or not _has_content(rest)
            or not any(ch.isdigit() for ch in head.s)
            or not (_QUAL.match(head.s) or rest.startswith("va "))
        ):
            continue
        result = _date_grammar(head.s, ctx)
        if result is not None:
            return replace(result, note=_join_notes(result.note, f.cut(p + 1).text()))
    return None
