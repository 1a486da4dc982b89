"""Tests for the Vietnamese deadline-phrase parser (bot.domain.deadlines)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from bot.domain.deadlines import Deadline, lunar_new_year, parse_deadline

YEAR = 2024


def parse(phrase: str, year: int = YEAR, issued: date | None = None) -> Deadline:
    return parse_deadline(phrase, year=year, issued=issued)


def d(text: str) -> date:
    return date.fromisoformat(text)


# --------------------------------------------------------------------------------------------------
# Dates: (phrase, due, due_alt, start)

DATE_CASES: list[tuple[str, str, str | None, str | None]] = [
    # days
    ("Trước 10/2/2024", "2024-02-10", "2024-02-09", None),
    ("trước ngày 20/01/2024", "2024-01-20", "2024-01-19", None),
    ("Trước ngày 20/01/2024", "2024-01-20", "2024-01-19", None),
    ("chậm nhất ngày 15/02/2024", "2024-02-15", None, None),
    ("chậm nhất 15/2", "2024-02-15", None, None),
    ("chậm nhất là ngày 30/9/2024", "2024-09-30", None, None),
    ("đến ngày 30/6/2024", "2024-06-30", None, None),
    ("ngày 15/12/2024", "2024-12-15", None, None),
    ("15/02/2024", "2024-02-15", None, None),
    ("Trước 15/02", "2024-02-15", "2024-02-14", None),
    ("trước ngày 10 tháng 12 năm 2024", "2024-12-10", "2024-12-09", None),
    ("hoàn thành trước ngày 30 tháng 4 năm 2024", "2024-04-30", "2024-04-29", None),
    ("trước ngày 15 tháng 3/2024", "2024-03-15", "2024-03-14", None),
    ("Trước ngày 01/01/2025", "2025-01-01", "2024-12-31", None),
    ("Trước 15-3-2024", "2024-03-15", "2024-03-14", None),
    ("trước 15.3.2024", "2024-03-15", "2024-03-14", None),
    ("10/2/24", "2024-02-10", None, None),
    ("muộn nhất ngày 30/9/2024", "2024-09-30", None, None),
    ("không muộn hơn ngày 30/9/2024", "2024-09-30", None, None),
    ("Hạn chót: 15/10/2024", "2024-10-15", None, None),
    ("Thời hạn: 30/6/2024", "2024-06-30", None, None),
    ("xong trước 30/4/2024", "2024-04-30", "2024-04-29", None),
    ("Hoàn thành xong trước ngày 30/6/2024", "2024-06-30", "2024-06-29", None),
    ("Trước 30/6/2024 và 31/12/2024", "2024-12-31", "2024-12-30", None),
    ("Từ 01/3 đến 15/4/2024", "2024-04-15", None, "2024-03-01"),
    ("15/12/2024 - 15/01/2025", "2025-01-15", None, "2024-12-15"),
    # months
    ("Tháng 12/2024", "2024-12-31", None, None),
    ("tháng 01/2024", "2024-01-31", None, None),
    ("Tháng 1/2024", "2024-01-31", None, None),
    ("Trong tháng 6/2024", "2024-06-30", None, None),
    ("chậm nhất trong tháng 6/2024", "2024-06-30", None, None),
    ("Hoàn thành trong tháng 01/2024", "2024-01-31", None, None),
    ("xong trong tháng 4/2024", "2024-04-30", None, None),
    ("Tháng 4", "2024-04-30", None, None),
    ("trong tháng 12", "2024-12-31", None, None),
    ("tháng 4 năm 2024", "2024-04-30", None, None),
    ("Tháng 12 năm 2024", "2024-12-31", None, None),
    ("tháng 6 2024", "2024-06-30", None, None),
    ("T12/2024", "2024-12-31", None, None),
    ("12/2024", "2024-12-31", None, None),
    ("Dự kiến tháng 5/2024", "2024-05-31", None, None),
    ("Trước tháng 6/2024", "2024-05-31", None, None),
    ("cuối tháng 3/2024", "2024-03-31", None, None),
    ("cuối tháng 2/2024", "2024-02-29", None, None),
    ("đầu tháng 3/2024", "2024-03-10", None, None),
    ("giữa tháng 5/2024", "2024-05-20", None, None),
    ("thượng tuần tháng 3/2024", "2024-03-10", None, None),
    ("hạ tuần tháng 5/2024", "2024-05-31", None, None),
    ("đến hết tháng 6/2024", "2024-06-30", None, None),
    ("bắt đầu từ tháng 3/2024", "2024-03-31", None, "2024-03-01"),
    ("Tháng 3-6/2024", "2024-06-30", None, "2024-03-01"),
    ("Từ tháng 3 đến tháng 6/2024", "2024-06-30", None, "2024-03-01"),
    ("tháng 11/2024 - tháng 02/2025", "2025-02-28", None, "2024-11-01"),
    ("tháng 11 - tháng 02/2025", "2025-02-28", None, "2024-11-01"),
    ("Tháng 12/2024 - 01/2025", "2025-01-31", None, "2024-12-01"),
    ("tháng 3, 6, 9/2024", "2024-09-30", None, None),
    ("Tháng 6, 7/2024", "2024-07-31", None, None),
    ("Tháng 6 và tháng 9/2024", "2024-09-30", None, None),
    ("Tháng 3/2024 và tháng 9/2024", "2024-09-30", None, None),
    # quarters
    ("Quý I/2024", "2024-03-31", None, None),
    ("Quý II/2024", "2024-06-30", None, None),
    ("Quý IV năm 2024", "2024-12-31", None, None),
    ("quý 2/2024", "2024-06-30", None, None),
    ("Quý 2/2024", "2024-06-30", None, None),
    ("Quý 1 năm 2025", "2025-03-31", None, None),
    ("QUÝ IV/2024", "2024-12-31", None, None),
    ("Q4/2024", "2024-12-31", None, None),
    ("Quý I, II/2024", "2024-06-30", None, None),
    ("Quý II, III/2024", "2024-09-30", None, None),
    ("Quý III, IV năm 2024", "2024-12-31", None, None),
    ("Quý II và quý III/2024", "2024-09-30", None, None),
    ("Quý 1, 2, 3, 4 năm 2024", "2024-12-31", None, None),
    ("Quý I-II/2024", "2024-06-30", None, "2024-01-01"),
    ("quý IV/2024 - quý I/2025", "2025-03-31", None, "2024-10-01"),
    ("Trong quý III/2024", "2024-09-30", None, None),
    ("hoàn thành trong quý I năm 2024", "2024-03-31", None, None),
    ("trước quý II/2024", "2024-03-31", None, None),
    ("Quý I", "2024-03-31", None, None),
    ("quy iv/2024", "2024-12-31", None, None),
    ("cuối quý I/2024", "2024-03-31", None, None),
    ("đầu quý II/2024", "2024-04-30", None, None),
    ("giữa quý III/2024", "2024-08-31", None, None),
    ("Trước đầu quý II/2024", "2024-03-31", None, None),
    # halves and parts of the year
    ("6 tháng đầu năm 2024", "2024-06-30", None, None),
    ("06 tháng đầu năm 2024", "2024-06-30", None, None),
    ("sáu tháng đầu năm 2024", "2024-06-30", None, None),
    ("6 tháng cuối năm", "2024-12-31", None, None),
    ("9 tháng đầu năm", "2024-09-30", None, None),
    ("3 tháng đầu năm 2024", "2024-03-31", None, None),
    ("nửa đầu năm 2024", "2024-06-30", None, None),
    ("nửa cuối năm 2024", "2024-12-31", None, None),
    ("Cuối năm 2024", "2024-12-31", None, None),
    ("cuối năm", "2024-12-31", None, None),
    ("giữa năm 2024", "2024-06-30", None, None),
    ("Đầu năm 2024", "2024-03-31", None, None),
    ("Trước cuối năm 2024", "2024-12-31", None, None),
    ("6 tháng đầu năm và cả năm 2024", "2024-12-31", None, None),
    # years and periods
    ("Năm 2024", "2024-12-31", None, None),
    ("năm 2024", "2024-12-31", None, None),
    ("Năm 2025", "2025-12-31", None, None),
    ("2024", "2024-12-31", None, None),
    ("Trong năm 2024", "2024-12-31", None, None),
    ("Trong năm", "2024-12-31", None, None),
    ("Cả năm", "2024-12-31", None, None),
    ("Hoàn thành trong năm 2024", "2024-12-31", None, None),
    ("trước năm 2025", "2024-12-31", None, None),
    ("Giai đoạn 2024-2025", "2025-12-31", None, "2024-01-01"),
    ("2024 - 2025", "2025-12-31", None, "2024-01-01"),
    ("2024–2025", "2025-12-31", None, "2024-01-01"),
    ("2021-2025", "2025-12-31", None, "2021-01-01"),
    ("Đến năm 2025", "2025-12-31", None, None),
    ("đến năm 2030", "2030-12-31", None, None),
    ("Đến hết năm 2024", "2024-12-31", None, None),
    ("giai đoạn 2024 - 2030", "2030-12-31", None, "2024-01-01"),
    ("Giai đoạn 2026-2030", "2030-12-31", None, "2026-01-01"),
    ("Từ năm 2024", "2024-12-31", None, "2024-01-01"),
    ("Năm 2024, 2025", "2025-12-31", None, None),
    ("Từ nay đến hết năm 2024", "2024-12-31", None, None),
    # more lists and ranges
    ("Trước ngày 20 tháng 6 và tháng 12", "2024-12-20", "2024-12-19", None),
    ("Quý 3 và 4/2024", "2024-12-31", None, None),
    ("Quý II-III/2024", "2024-09-30", None, "2024-04-01"),
    ("tháng 5 đến tháng 7 năm 2024", "2024-07-31", None, "2024-05-01"),
    ("Tháng 3/2024 - 12/2024", "2024-12-31", None, "2024-03-01"),
    ("Tháng 4, 5 năm 2024", "2024-05-31", None, None),
    ("Trong Quý I và Quý II năm 2024", "2024-06-30", None, None),
    ("6 tháng đầu năm và cuối năm", "2024-12-31", None, None),
    ("Tuần đầu tháng 1/2024", "2024-01-07", None, None),
    ("Tuần thứ 2 của tháng 3/2024", "2024-03-14", None, None),
    # lunar new year (plan year 2024, no issued date)
    ("Trước Tết Nguyên đán", "2024-02-09", None, None),
    ("Trước Tết", "2024-02-09", None, None),
    ("trước Tết Nguyên đán Giáp Thìn 2024", "2024-02-09", None, None),
    ("trước Tết Nguyên Đán Giáp Thìn năm 2024", "2024-02-09", None, None),
    ("Trước tết âm lịch Giáp Thìn", "2024-02-09", None, None),
    ("trước Tết Âm lịch", "2024-02-09", None, None),
    ("trước Tết Nguyên đán Ất Tỵ", "2025-01-28", None, None),
    ("trước Tết Nguyên đán 2025", "2025-01-28", None, None),
    ("trước 30 Tết", "2024-02-09", None, None),
    ("trước Tết Dương lịch", "2024-12-31", None, None),
    # an occasion: its dates; Tết Nguyên đán from the eve to mùng 4 (Tết Giáp Thìn: 10/02/2024)
    ("trong dịp 30/4 - 1/5", "2024-05-01", None, "2024-04-30"),
    ("dịp nghỉ lễ 30/4 - 1/5", "2024-05-01", None, "2024-04-30"),
    ("nhân dịp 02/9/2024", "2024-09-02", None, None),
    ("trong dịp Tết Nguyên đán Giáp Thìn", "2024-02-13", None, "2024-02-09"),
    ("nhân dịp Tết Nguyên đán 2024", "2024-02-13", None, "2024-02-09"),
    # lunar days (Tết Ất Tỵ: 29/01/2025; the plan's year 2024: tháng Chạp Giáp Thìn falls in January 2025)
    ("trước ngày 20 tháng Chạp năm Giáp Thìn", "2025-01-19", "2025-01-18", None),
    ("ngày 16 tháng Giêng năm Ất Tỵ", "2025-02-13", None, None),
    ("mùng 6 tháng Giêng năm 2025", "2025-02-03", None, None),
    ("rằm tháng Giêng năm Ất Tỵ", "2025-02-12", None, None),
    ("ngày 10 tháng 3 âm lịch năm 2025", "2025-04-07", None, None),
    # lunar months, first to last day (tháng Giêng Ất Tỵ: 29/01 - 27/02/2025; tháng Chạp Giáp Thìn: 31/12/2024 -
    # 28/01/2025, 29 days)
    ("hết tháng Giêng năm Ất Tỵ", "2025-02-27", None, None),
    ("trong tháng Chạp năm Giáp Thìn", "2025-01-28", None, None),
    ("từ tháng Chạp năm Giáp Thìn đến hết tháng Giêng năm Ất Tỵ", "2025-02-27", None, "2024-12-31"),
    ("trước tháng Giêng năm Ất Tỵ", "2025-01-28", None, None),
    ("cuối tháng Chạp năm Giáp Thìn", "2025-01-28", None, None),  # its days 21 to 29
    ("đầu tháng Giêng năm Ất Tỵ", "2025-02-07", None, None),  # mùng 1 to mùng 10
    # festivals on a lunar day (2024: Giỗ Tổ 18/4, Trung thu 17/9)
    ("trước Giỗ Tổ Hùng Vương năm 2024", "2024-04-18", "2024-04-17", None),
    ("dịp Tết Trung thu năm 2024", "2024-09-17", None, None),
    ("trước ngày ông Công ông Táo năm Giáp Thìn", "2025-01-22", "2025-01-21", None),
    # an hour or a weekday before a date
    ("thứ Bảy, ngày 16/11/2024", "2024-11-16", None, None),
    ("trước 17 giờ ngày 20/11/2024", "2024-11-20", "2024-11-19", None),
    ("trước 10 giờ ngày thứ Hai, 18/11/2024", "2024-11-18", "2024-11-17", None),
    ("trong ngày Chủ nhật, 17/11/2024", "2024-11-17", None, None),
    # the national opening day of a school year
    ("trước khai giảng năm học 2024 - 2025", "2024-09-05", "2024-09-04", None),
    ("khai giảng năm học 2024-2025", "2024-09-05", None, None),
    # solar holidays by name, with or without their date
    ("trong dịp Quốc khánh 2/9/2024", "2024-09-02", None, None),
    ("dịp nghỉ lễ Quốc khánh", "2024-09-02", None, None),
    ("trước Quốc khánh", "2024-09-02", "2024-09-01", None),
    ("dịp lễ Quốc tế Lao động năm 2024", "2024-05-01", None, None),
    # the Tết season: ông Công ông Táo (23 tháng Chạp) to mùng 10 tháng Giêng
    ("trước, trong và sau Tết Nguyên đán Giáp Thìn", "2024-02-19", None, "2024-02-02"),  # Chạp: 30 days
    ("trước, trong, sau Tết Dương lịch và Tết Nguyên đán Ất Tỵ 2025", "2025-02-07", None, "2024-12-25"),
    ("trong dịp trước, trong và sau Tết Nguyên đán Ất Tỵ 2025", "2025-02-07", None, "2025-01-22"),
    # leap years
    ("Tháng 2/2024", "2024-02-29", None, None),
    ("Tháng 2/2025", "2025-02-28", None, None),
    ("Trước 29/02/2024", "2024-02-29", "2024-02-28", None),
]


@pytest.mark.parametrize(("phrase", "due", "due_alt", "start"), DATE_CASES)
def test_dates(phrase: str, due: str, due_alt: str | None, start: str | None) -> None:
    result = parse(phrase)
    assert result.kind == "date", result
    assert result.due == d(due)
    assert result.due_alt == (d(due_alt) if due_alt else None)
    assert result.start == (d(start) if start else None)


# --------------------------------------------------------------------------------------------------
# Recurring: (phrase, freq, day, month_in_period, in_next_period)

RECURRING_CASES: list[tuple[str, str, int | None, int | str | None, bool]] = [
    ("định kỳ hằng quý (trước ngày 15 tháng cuối quý)", "quarterly", 15, "last", False),
    ("Định kỳ hằng quý (*trước ngày 15 tháng cuối quý*)", "quarterly", 15, "last", False),
    ("Báo cáo định kỳ hằng quý trước ngày 15 tháng cuối quý", "quarterly", 15, "last", False),
    ("trước ngày 15 tháng cuối quý", "quarterly", 15, "last", False),
    ("hàng quý, trước ngày 20 của tháng cuối quý", "quarterly", 20, "last", False),
    ("hằng tháng, trước ngày 20", "monthly", 20, None, False),
    ("hàng tháng, trước ngày 20", "monthly", 20, None, False),
    ("hàng tháng", "monthly", None, None, False),
    ("trước ngày 15 hằng tháng", "monthly", 15, None, False),
    ("ngày 25 hàng tháng", "monthly", 25, None, False),
    ("Hằng tháng (trước ngày 25)", "monthly", 25, None, False),
    ("trước ngày 10 tháng sau", "monthly", 10, None, True),
    ("hằng tháng trước ngày 5 tháng sau", "monthly", 5, None, True),
    ("Định kỳ 6 tháng", "half_yearly", None, None, False),
    ("6 tháng, năm", "half_yearly", None, None, False),
    ("định kỳ 6 tháng (trước ngày 15/6 và 15/12)", "half_yearly", 15, "last", False),
    ("trước ngày 15/6 và 15/12 hằng năm", "half_yearly", 15, "last", False),
    ("hằng năm trước ngày 15/12", "yearly", 15, 12, False),
    ("hằng năm, trước ngày 15/12", "yearly", 15, 12, False),
    ("trước ngày 15 tháng 12 hằng năm", "yearly", 15, 12, False),
    ("trước 31/12 hằng năm", "yearly", 31, 12, False),
    ("Tháng 12 hằng năm", "yearly", None, 12, False),
    ("Định kỳ hằng năm", "yearly", None, None, False),
    ("01 lần/năm", "yearly", None, None, False),
    ("trước ngày 05 của tháng đầu quý sau", "quarterly", 5, "first", True),
    ("hằng tuần", "weekly", None, None, False),
    ("hàng tuần, tháng", "weekly", None, None, False),
    ("vào thứ Sáu hằng tuần", "weekly", 5, None, False),  # weekly: day is the ISO weekday
    ("trước 15 giờ thứ Năm hằng tuần", "weekly", 4, None, False),
    ("thứ 2 hàng tuần", "weekly", 1, None, False),
    ("Chủ nhật hằng tuần", "weekly", 7, None, False),
    ("chiều thứ Năm hằng tuần", "weekly", 4, None, False),
    ("định kỳ hằng tuần (chiều thứ Năm)", "weekly", 4, None, False),  # the bracket completes the rule
    ("hằng tuần vào sáng thứ Hai", "weekly", 1, None, False),
    ("hằng tuần, trước 16 giờ thứ Năm", "weekly", 4, None, False),
    ("báo cáo quý, 6 tháng, năm", "quarterly", None, None, False),
    ("Báo cáo tháng, quý, năm", "monthly", None, None, False),
    ("Báo cáo hằng quý", "quarterly", None, None, False),
    ("Hằng quý", "quarterly", None, None, False),
    ("mỗi quý một lần", "quarterly", None, None, False),
    ("Theo quý", "quarterly", None, None, False),
    ("cuối mỗi quý", "quarterly", None, None, False),
    ("hằng quý, 6 tháng và cả năm 2024", "quarterly", None, None, False),
    ("định kỳ hàng tháng, quý, 6 tháng, 9 tháng, năm", "monthly", None, None, False),
    ("Quý IV hằng năm", "yearly", None, 12, False),
    ("theo từng tháng, quý, 9 tháng và cả năm", "monthly", None, None, False),
    ("định kỳ hàng tháng, quý, 6 tháng, năm hoặc đột xuất", "monthly", None, None, False),
    ("Tháng 10 hằng năm", "yearly", None, 10, False),
    ("Hàng năm (trước 31/12)", "yearly", 31, 12, False),
    ("Chậm nhất ngày 20 tháng cuối quý", "quarterly", 20, "last", False),
    ("trước ngày 15 của tháng đầu quý tiếp theo", "quarterly", 15, "first", True),
    ("Trước ngày 20 tháng 6 và tháng 12 hằng năm", "half_yearly", 20, "last", False),
    ("Báo cáo 6 tháng trước ngày 15/6, báo cáo năm trước ngày 15/12", "half_yearly", 15, "last", False),
]


@pytest.mark.parametrize(("phrase", "freq", "day", "mip", "next_period"), RECURRING_CASES)
def test_recurring(phrase: str, freq: str, day: int | None, mip: int | str | None, next_period: bool) -> None:
    result = parse(phrase)
    assert result.kind == "recurring", result
    assert (result.freq, result.day, result.month_in_period, result.in_next_period) == (
        freq,
        day,
        mip,
        next_period,
    )


def test_a_named_lunar_year_is_found_in_the_sixty_years_around_the_plan() -> None:
    assert parse_deadline("trước Tết Nguyên đán Ất Tỵ", year=2000).due == date(2025, 1, 28)
    assert parse_deadline("trước Tết Nguyên đán Ất Tỵ", year=2024).due == date(2025, 1, 28)


def test_a_range_after_free_words_is_read_with_the_words_in_note() -> None:
    result = parse("thường xuyên, cao điểm từ tháng 5 đến tháng 7/2024")
    assert (result.kind, result.start, result.due) == ("date", date(2024, 5, 1), date(2024, 7, 31))
    assert result.note == "thường xuyên; cao điểm"


def test_a_weekly_hour_is_kept_in_note_and_a_bare_weekday_is_no_deadline() -> None:
    assert parse("trước 15 giờ thứ Năm hằng tuần").note == "trước 15 giờ"
    assert parse("định kỳ hằng tuần (chiều thứ Năm)").note == "chiều"
    assert parse("hằng tuần, trước 16 giờ thứ Năm").note == "trước 16 giờ"
    assert parse("vào 16 giờ 30 phút thứ Sáu hằng tuần").note == "vào 16 giờ 30 phút"  # as printed
    assert parse("trước 15h30 thứ Hai hàng tuần").note == "trước 15h30"
    assert parse("vào 25 giờ thứ Năm hằng tuần").kind == "unknown"  # no such hour
    assert parse("thứ Năm").kind == "unknown"


@pytest.mark.parametrize(
    "phrase",
    ["Tổ chức vào tháng tư năm 2024", "Sở Kế hoạch và Đầu tư quý II/2024", "Hội nghị đầu tư tháng 6/2024"],
)
def test_the_tu_of_dau_tu_or_thang_tu_is_not_from(phrase: str) -> None:
    result = parse(phrase)
    assert result.start is None and (result.note or "").count(" ") < 3, result


def test_recurring_list_keeps_the_words_in_note() -> None:
    result = parse("báo cáo quý, 6 tháng, năm")
    assert result.freq == "quarterly"
    assert result.note is not None and "6 tháng" in result.note
    assert parse("Định kỳ 6 tháng").note is None


# --------------------------------------------------------------------------------------------------
# Ongoing

ONGOING_CASES: list[tuple[str, str | None]] = [
    ("Thường xuyên", None),
    ("thường xuyên", None),
    ("Thường xuyên hàng năm", "yearly"),
    ("Hằng năm", "yearly"),
    ("Hàng năm", "yearly"),
    ("mỗi năm", "yearly"),
    ("Liên tục", None),
    ("Hằng năm và thường xuyên", "yearly"),
    ("thường xuyên, liên tục", None),
    ("thường xuyên và liên tục", None),
    ("Thường xuyên, hằng năm", "yearly"),
    ("Hằng ngày", None),
    ("- Thường xuyên.", None),
    ("Thường xuyên, định kỳ, đột xuất", None),
]


@pytest.mark.parametrize(("phrase", "freq"), ONGOING_CASES)
def test_ongoing(phrase: str, freq: str | None) -> None:
    result = parse(phrase)
    assert result.kind == "ongoing", result
    assert result.freq == freq


# --------------------------------------------------------------------------------------------------
# Events: (phrase, offset_days, working_days, event)

EVENT_CASES: list[tuple[str, int | None, bool, str | None]] = [
    ("Khi có phát sinh", None, False, "có phát sinh"),
    ("Khi có yêu cầu", None, False, "yêu cầu"),
    ("Theo yêu cầu", None, False, "yêu cầu"),
    ("Theo yêu cầu của UBND tỉnh", None, False, "yêu cầu của UBND tỉnh"),
    ("Sau khi có quyết định phê duyệt", None, False, "có quyết định phê duyệt"),
    (
        "trong 01 tháng kể từ khi Chính phủ ban hành Nghị định",
        30,
        False,
        "Chính phủ ban hành Nghị định",
    ),
    (
        "trong vòng 15 ngày làm việc kể từ ngày nhận được hồ sơ",
        15,
        True,
        "nhận được hồ sơ",
    ),
    ("ngay sau khi có văn bản", 0, False, "có văn bản"),
    ("Ngay khi có chỉ đạo", 0, False, "có chỉ đạo"),
    ("Trước khi ban hành", 0, False, "ban hành"),
    ("trong 30 ngày kể từ ngày ký", 30, False, "ký"),
    ("trong thời hạn 10 ngày kể từ ngày Quyết định có hiệu lực", 10, False, "Quyết định có hiệu lực"),
    ("Chậm nhất 15 ngày sau khi kết thúc quý", 15, False, "kết thúc quý"),
    ("trong vòng 2 tuần kể từ khi nhận được văn bản", 14, False, "nhận được văn bản"),
    ("trong mười lăm ngày kể từ ngày nhận", 15, False, "nhận"),
    ("trong 1 năm kể từ khi Luật có hiệu lực", 365, False, "Luật có hiệu lực"),
    ("trong vòng 24 giờ kể từ khi phát hiện", 1, False, "phát hiện"),  # hours: by the next day
    ("trong 36 giờ kể từ khi nhận được tin báo", 2, False, "nhận được tin báo"),
    ("05 ngày trước kỳ họp HĐND tỉnh", -5, False, "kỳ họp HĐND tỉnh"),
    ("Hoàn thành khi phát sinh tình huống.", None, False, "phát sinh tình huống"),
    ("sau Tết Nguyên đán", None, False, "Tết Nguyên đán"),
    ("sau khi được cấp có thẩm quyền phê duyệt", None, False, "được cấp có thẩm quyền phê duyệt"),
    (
        "khi có Kế hoạch phân bổ chỉ tiêu của BHXH Việt Nam",
        None,
        False,
        "có Kế hoạch phân bổ chỉ tiêu của BHXH Việt Nam",
    ),
    ("Đột xuất", None, False, None),
]


@pytest.mark.parametrize(("phrase", "offset", "working", "event"), EVENT_CASES)
def test_events(phrase: str, offset: int | None, working: bool, event: str | None) -> None:
    result = parse(phrase)
    assert result.kind == "event", result
    assert (result.offset_days, result.working_days, result.event) == (offset, working, event)


def test_event_with_long_description_from_seed_000() -> None:
    phrase = (
        "**Thời gian hoàn thành trong 01 tháng kể từ khi Chính phủ ban hành Nghị định và các Bộ ngành "
        "ban hành Thông tư hướng dẫn.**"
    )
    result = parse(phrase)
    assert result.kind == "event"
    assert result.offset_days == 30
    assert result.event == "Chính phủ ban hành Nghị định và các Bộ ngành ban hành Thông tư hướng dẫn"


# --------------------------------------------------------------------------------------------------
# Unspecified and unknown

UNSPECIFIED_CASES = [
    "",
    "   ",
    "\n\t",
    "-",
    "Theo Kế hoạch riêng",
    "Theo Kế hoạch",
    "Theo kế hoạch của UBND tỉnh",
    "Theo quy định",
    "Thực hiện theo quy định",
    "Theo tiến độ",
    "Theo chỉ đạo của UBND tỉnh",
    "Theo lộ trình",
    "Theo hướng dẫn của Bộ",
    "Theo thông báo",
    "Đúng thời hạn quy định",
    "Chưa xác định",
    "Theo Kế hoạch số 5392/KH-UBND ngày 26/10/2022",
]


@pytest.mark.parametrize("phrase", UNSPECIFIED_CASES)
def test_unspecified(phrase: str) -> None:
    assert parse(phrase).kind == "unspecified"


UNKNOWN_CASES = [
    "asdf",
    "sớm",
    "khi nào xong",
    "Hoàn thành",
    "riêng",
    "trước ngày 20 tháng cuối kỳ",
    "Tháng 6/2024 trở đi",
    "ngày 15",
    "trước",
    "Quý",
    "Định kỳ",
    "15",
    "2024 Chính phủ",
    "sau quý",
    "Chậm nhất 05 ngày làm việc",
    "Trung bình mỗi tháng",
    "định kỳ, đột xuất",
    "định kỳ (đợt xuất)",
    "trưng thu",  # requisition, not Trung thu (folded alike): only "Tết Trung thu" is the festival
    "trước, trong và sau Tết Dương lịch",
]


@pytest.mark.parametrize("phrase", UNKNOWN_CASES)
def test_unknown(phrase: str) -> None:
    result = parse(phrase)
    assert result.kind == "unknown", result
    assert result.error is None
    assert result.to_json() == {"kind": "unknown"}


ERROR_CASES = [
    ("31/02/2024", "Ngày 31/02/2024 không tồn tại."),
    ("trước ngày 31/02/2024", "Ngày 31/02/2024 không tồn tại."),
    ("32/1/2024", "Ngày 32/01/2024 không tồn tại."),
    ("ngày 0/1/2024", "Ngày 00/01/2024 không tồn tại."),
    ("trước ngày 29/02/2025", "Ngày 29/02/2025 không tồn tại (2025 không phải năm nhuận)."),
    ("tháng 13/2024", "Tháng 13/2024 không tồn tại."),
    ("Tháng 0/2024", "Tháng 0/2024 không tồn tại."),
    ("Quý V/2024", "Quý V/2024 không tồn tại."),
    ("quý VI/2024", "Quý VI/2024 không tồn tại."),
    ("Quý 5", "Quý 5/2024 không tồn tại."),
    ("trước ngày 32 hằng tháng", "Ngày 32 không tồn tại: một tháng có nhiều nhất 31 ngày."),
]


@pytest.mark.parametrize(("phrase", "error"), ERROR_CASES)
def test_impossible_dates_explain_in_vietnamese(phrase: str, error: str) -> None:
    result = parse(phrase)
    assert result.kind == "unknown"
    assert result.error == error
    assert result.to_json() == {"kind": "unknown", "error": error}


def test_impossible_date_in_plan_year() -> None:
    assert parse("29/02", year=2025).error == "Ngày 29/02/2025 không tồn tại (2025 không phải năm nhuận)."
    assert parse("29/02", year=2024).due == date(2024, 2, 29)


# --------------------------------------------------------------------------------------------------
# Normalisation: case, diacritics, Unicode forms, markup


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("quy IV/2024", "Quý IV/2024"),
        ("QUÝ IV NĂM 2024", "quý iv năm 2024"),
        ("thang 12/2024", "Tháng 12/2024"),
        ("truoc ngay 20/01/2024", "Trước ngày 20/01/2024"),
        ("TRƯỚC 10/2/2024", "trước 10/2/2024"),
        ("dinh ky hang quy truoc ngay 15 thang cuoi quy", "Định kỳ hằng quý trước ngày 15 tháng cuối quý"),
        ("thuong xuyen", "Thường xuyên"),
        ("khi co phat sinh", "Khi có phát sinh"),
        ("theo ke hoach rieng", "Theo Kế hoạch riêng"),
        ("Giai đoạn 2024–2025", "Giai đoạn 2024-2025"),
        ("Tháng   12 / 2024", "Tháng 12/2024"),
        ("**Tháng 12/2024.**", "Tháng 12/2024"),
        ("<p>Năm 2024</p>", "Năm 2024"),
        ("Quý I/2024;", "Quý I/2024"),
        ("trước ngày 15/12/2024./.", "trước ngày 15/12/2024"),
    ],
)
def test_case_and_diacritics_insensitive(a: str, b: str) -> None:
    # Quoted text (event, note) stays verbatim; everything else must not depend on case or diacritics.
    assert replace(parse(a), event=None, note=None) == replace(parse(b), event=None, note=None)
    assert parse(a).kind != "unknown"


def test_nfd_input_equals_nfc_input() -> None:
    import unicodedata

    for phrase in ("Quý IV năm 2024", "Trước Tết Nguyên đán", "Thường xuyên hàng năm"):
        assert parse(unicodedata.normalize("NFD", phrase)) == parse(phrase)


# --------------------------------------------------------------------------------------------------
# Notes and mixed phrases


def test_bracketed_note_is_kept_verbatim() -> None:
    result = parse("Tháng 01/2024 (Gửi KH về Sở Nội vụ)")
    assert (result.kind, result.due, result.note) == ("date", date(2024, 1, 31), "Gửi KH về Sở Nội vụ")
    result = parse("Tháng 03/2024 (Gửi Đăng ký về Sở Nội vụ)")
    assert result.note == "Gửi Đăng ký về Sở Nội vụ"


def test_bracket_that_completes_the_rule_is_not_a_note() -> None:
    result = parse("định kỳ hằng quý (trước ngày 15 tháng cuối quý)")
    assert result.note is None
    assert result.to_json() == {
        "kind": "recurring",
        "freq": "quarterly",
        "day": 15,
        "month_in_period": "last",
    }


def test_mixed_phrase_prefers_the_concrete_date() -> None:
    result = parse("Thường xuyên; báo cáo trước 15/12/2024")
    assert (result.kind, result.due, result.due_alt) == ("date", date(2024, 12, 15), date(2024, 12, 14))
    assert result.note == "Thường xuyên"
    result = parse("Theo kế hoạch, hoàn thành trước 15/12/2024")
    assert (result.kind, result.due, result.note) == ("date", date(2024, 12, 15), "Theo kế hoạch")
    result = parse("Thường xuyên, báo cáo hằng quý")
    assert (result.kind, result.freq, result.note) == ("recurring", "quarterly", "Thường xuyên")


def test_mixed_phrase_prefers_the_completion_clause() -> None:
    result = parse("đến 2030, hoàn thành trong quý I năm 2024")
    assert (result.due, result.note) == (date(2024, 3, 31), "đến 2030")
    result = parse("Hoàn thành trước ngày 30/6/2024; báo cáo kết quả trước ngày 15/7/2024")
    assert (result.due, result.note) == (date(2024, 6, 30), "báo cáo kết quả trước ngày 15/7/2024")
    result = parse("đến năm 2030, tầm nhìn đến năm 2050")
    assert (result.due, result.note) == (date(2030, 12, 31), "tầm nhìn đến năm 2050")


def test_mixed_phrase_takes_the_latest_of_equal_clauses() -> None:
    result = parse("Trước 31/12/2024 (đối với cấp tỉnh); trước 31/3/2025 (đối với cấp huyện)")
    assert (result.due, result.due_alt) == (date(2025, 3, 31), date(2025, 3, 30))
    assert result.note == "đối với cấp tỉnh; đối với cấp huyện"


def test_free_words_around_a_date_go_to_note() -> None:
    result = parse("Trước ngày 20/01/2024 xây dựng kế hoạch")
    assert (result.due, result.note) == (date(2024, 1, 20), "xây dựng kế hoạch")
    result = parse("Thường xuyên trong năm 2024")
    assert (result.kind, result.due, result.note) == ("date", date(2024, 12, 31), "Thường xuyên")
    result = parse("Năm 2024 và các năm tiếp theo")
    assert (result.due, result.note) == (date(2024, 12, 31), "và các năm tiếp theo")
    result = parse("Rà soát, báo cáo kết quả trước ngày 15/12/2024")
    assert (result.due, result.note) == (date(2024, 12, 15), "Rà soát, báo cáo kết quả")


def test_event_lead_words_go_to_note() -> None:
    result = parse("Hoàn thành trong thời gian được quy định khi phát sinh gói thầu.")
    assert (result.kind, result.event, result.note) == (
        "event",
        "phát sinh gói thầu",
        "trong thời gian được quy định",
    )


# --------------------------------------------------------------------------------------------------
# Tết


def test_lunar_new_year() -> None:
    assert lunar_new_year(2024) == date(2024, 2, 10)
    assert lunar_new_year(2025) == date(2025, 1, 29)
    assert lunar_new_year(2026) == date(2026, 2, 17)


@pytest.mark.parametrize(
    ("year", "issued", "due"),
    [
        (2024, None, date(2024, 2, 9)),
        (2025, None, date(2025, 1, 28)),
        (2024, date(2023, 12, 29), date(2024, 2, 9)),  # signed before Tết 2024
        (2024, date(2024, 2, 10), date(2024, 2, 9)),  # signed on Tết itself
        (2024, date(2024, 3, 1), date(2025, 1, 28)),  # signed after Tết 2024: the next one
        (2024, date(2024, 12, 20), date(2025, 1, 28)),
    ],
)
def test_before_tet_uses_issued_date(year: int, issued: date | None, due: date) -> None:
    result = parse("Trước Tết Nguyên đán", year=year, issued=issued)
    assert (result.kind, result.due, result.due_alt) == ("date", due, None)


def test_explicit_tet_year_wins_over_issued() -> None:
    result = parse("trước Tết Nguyên đán Giáp Thìn 2024", issued=date(2024, 6, 1))
    assert result.due == date(2024, 2, 9)


def test_inconsistent_can_chi_is_unknown() -> None:
    assert parse("trước Tết Nguyên đán Giáp Thìn 2025").kind == "unknown"


# --------------------------------------------------------------------------------------------------
# Seed phrases (from /work/shared/seeds)

SEED_CASES: list[tuple[str, dict[str, object]]] = [
    ("Hoàn thành trong tháng 01/2024.", {"kind": "date", "due": "2024-01-31", "due_alt": None, "note": None}),
    ("Hoàn thành trong tháng 02/2024.", {"kind": "date", "due": "2024-02-29", "due_alt": None, "note": None}),
    (
        "**Thời gian hoàn thành: Trước 15/02/2024.**",
        {"kind": "date", "due": "2024-02-15", "due_alt": "2024-02-14", "note": None},
    ),
    (
        "**Thời gian thực hiện chậm nhất trong tháng 6/2024.**",
        {"kind": "date", "due": "2024-06-30", "due_alt": None, "note": None},
    ),
    ("xong trong tháng 4/2024.", {"kind": "date", "due": "2024-04-30", "due_alt": None, "note": None}),
    (
        "xong trước ngày 15/01/2024",
        {"kind": "date", "due": "2024-01-15", "due_alt": "2024-01-14", "note": None},
    ),
    (
        "hoàn thành trước ngày 28/02/2024",
        {"kind": "date", "due": "2024-02-28", "due_alt": "2024-02-27", "note": None},
    ),
    (
        "trước ngày 10/12/2024.",
        {"kind": "date", "due": "2024-12-10", "due_alt": "2024-12-09", "note": None},
    ),
    (
        "trước ngày 15/12/2024./.",
        {"kind": "date", "due": "2024-12-15", "due_alt": "2024-12-14", "note": None},
    ),
    ("Năm 2024", {"kind": "date", "due": "2024-12-31", "due_alt": None, "note": None}),
    ("<p>Năm 2024</p>", {"kind": "date", "due": "2024-12-31", "due_alt": None, "note": None}),
    ("Quý I/2024", {"kind": "date", "due": "2024-03-31", "due_alt": None, "note": None}),
    ("Quý IV năm 2024", {"kind": "date", "due": "2024-12-31", "due_alt": None, "note": None}),
    ("Quý III, IV năm 2024", {"kind": "date", "due": "2024-12-31", "due_alt": None, "note": None}),
    ("Tháng 12/2024", {"kind": "date", "due": "2024-12-31", "due_alt": None, "note": None}),
    ("Tháng 11/2024", {"kind": "date", "due": "2024-11-30", "due_alt": None, "note": None}),
    ("Tháng 4 năm 2024", {"kind": "date", "due": "2024-04-30", "due_alt": None, "note": None}),
    (
        "Giai đoạn 2024-2025",
        {"kind": "date", "due": "2025-12-31", "due_alt": None, "note": None, "start": "2024-01-01"},
    ),
    (
        "Trước 10/2/2024",
        {"kind": "date", "due": "2024-02-10", "due_alt": "2024-02-09", "note": None},
    ),
    ("Thường xuyên", {"kind": "ongoing"}),
    ("Thường xuyên hàng năm", {"kind": "ongoing", "freq": "yearly"}),
    ("Khi có phát sinh", {"kind": "event", "offset_days": None, "event": "có phát sinh"}),
    ("Theo Kế hoạch riêng", {"kind": "unspecified"}),
    ("Theo Kế hoạch", {"kind": "unspecified"}),
    (
        "trước ngày 15 tháng cuối quý",
        {"kind": "recurring", "freq": "quarterly", "day": 15, "month_in_period": "last"},
    ),
    (
        "hằng quý, 6 tháng, 9 tháng và cả năm 2024",
        {
            "kind": "recurring",
            "freq": "quarterly",
            "day": None,
            "month_in_period": None,
            "note": "hằng quý, 6 tháng, 9 tháng và cả năm 2024",
        },
    ),
]


@pytest.mark.parametrize(("phrase", "expected"), SEED_CASES)
def test_seed_phrases(phrase: str, expected: dict[str, object]) -> None:
    assert parse(phrase).to_json() == expected


def test_seed_003_time_column() -> None:
    """Every value of the "Thời gian" column of seed 003's appendix is readable (or deliberately not)."""
    values = {
        "Năm 2024": "date", "Thường xuyên": "ongoing", "Tháng 12/2024": "date", "Quý IV năm 2024": "date",
        "Thường xuyên hàng năm": "ongoing", "Theo Kế hoạch riêng": "unspecified",
        "Quý III, IV năm 2024": "date", "Khi có phát sinh": "event", "Trước 10/2/2024": "date",
        "Tháng 4 năm 2024": "date", "Tháng 4": "date", "Tháng 2/2024": "date", "Tháng 12 năm 2024": "date",
        "Tháng 11/2024": "date", "Tháng 1/2024": "date", "Tháng 03/2024 (Gửi Đăng ký về Sở Nội vụ)": "date",
        "Tháng 03/2024": "date", "Tháng 01/2024 (Gửi KH về Sở Nội vụ)": "date", "Tháng 01/2024": "date",
        "Theo Kế hoạch": "unspecified", "Giai đoạn 2024-2025": "date", "<p>Năm 2024</p>": "date",
    }  # fmt: skip
    assert {v: parse(v).kind for v in values} == values


# --------------------------------------------------------------------------------------------------
# to_json shapes


def test_to_json_date() -> None:
    assert parse("Quý I/2024").to_json() == {
        "kind": "date",
        "due": "2024-03-31",
        "due_alt": None,
        "note": None,
    }
    assert parse("Trước 10/2/2024").to_json() == {
        "kind": "date",
        "due": "2024-02-10",
        "due_alt": "2024-02-09",
        "note": None,
    }
    assert parse("Từ tháng 3 đến tháng 6/2024").to_json() == {
        "kind": "date",
        "due": "2024-06-30",
        "due_alt": None,
        "note": None,
        "start": "2024-03-01",
    }


def test_to_json_recurring() -> None:
    assert parse("hằng tháng, trước ngày 20").to_json() == {
        "kind": "recurring",
        "freq": "monthly",
        "day": 20,
        "month_in_period": None,
    }
    assert parse("trước ngày 05 của tháng đầu quý sau").to_json() == {
        "kind": "recurring",
        "freq": "quarterly",
        "day": 5,
        "month_in_period": "first",
        "in_next_period": True,
    }


def test_to_json_ongoing_event_unspecified_unknown() -> None:
    assert parse("Thường xuyên").to_json() == {"kind": "ongoing"}
    assert parse("Hằng năm").to_json() == {"kind": "ongoing", "freq": "yearly"}
    assert parse("trong 01 tháng kể từ khi Chính phủ ban hành Nghị định").to_json() == {
        "kind": "event",
        "offset_days": 30,
        "event": "Chính phủ ban hành Nghị định",
    }
    assert parse("trong vòng 15 ngày làm việc kể từ ngày nhận được hồ sơ").to_json() == {
        "kind": "event",
        "offset_days": 15,
        "working_days": True,
        "event": "nhận được hồ sơ",
    }
    assert parse("Đột xuất").to_json() == {"kind": "event", "offset_days": None}
    assert parse("Theo quy định").to_json() == {"kind": "unspecified"}
    assert parse("").to_json() == {"kind": "unspecified"}
    assert parse("asdf").to_json() == {"kind": "unknown"}


def test_to_json_notes_on_every_kind() -> None:
    assert parse("Thường xuyên (xem Phụ lục)").to_json() == {"kind": "ongoing", "note": "xem Phụ lục"}
    assert parse("Theo quy định (của Bộ)").to_json() == {"kind": "unspecified", "note": "của Bộ"}
    assert parse("Khi có phát sinh (nếu có)").to_json() == {
        "kind": "event",
        "offset_days": None,
        "event": "có phát sinh",
        "note": "nếu có",
    }


def test_default_deadline_to_json() -> None:
    assert Deadline(kind="unknown", error="x").to_json() == {"kind": "unknown", "error": "x"}
    assert Deadline(kind="recurring", freq="weekly").to_json() == {
        "kind": "recurring",
        "freq": "weekly",
        "day": None,
        "month_in_period": None,
    }


# --------------------------------------------------------------------------------------------------
# Robustness


def test_plan_year_is_used_for_phrases_without_year() -> None:
    assert parse("Tháng 4", year=2025).due == date(2025, 4, 30)
    assert parse("Quý I", year=2026).due == date(2026, 3, 31)
    assert parse("Trước 15/02", year=2025).due_alt == date(2025, 2, 14)
    assert parse("Quý II, III/2024", year=2030).due == date(2024, 9, 30)


def test_repeated_calls_are_equal_and_fast() -> None:
    first = parse("Quý III, IV năm 2024")
    for _ in range(1000):
        assert parse("Quý III, IV năm 2024") is first


def test_never_raises_on_random_input() -> None:
    rng = random.Random(20240101)
    alphabet = (
        "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 /-.,;:()[]{}*_<>?!'\"“”"
        "àáảãạăắằẳẵặâấầẩẫậđĐèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
        "\u0300\u0301\u0303\u0309\u0323\u200b\ufeff\t\n\r\x00–—−漢字😀\U0010ffff\ud800"
    )
    words = [
        "quý", "tháng", "năm", "trước", "ngày", "hằng", "định kỳ", "Tết", "từ", "đến", "khi", "sau", "IV",
        "II", "2024", "15/12", "-", ",", "(", ")", "thường xuyên", "6 tháng đầu năm", "giai đoạn", "kể từ",
        "trong", "01", "31/02/2024", "Giáp Thìn", "99999", "0/0/0", "9999", "1/1/1",
    ]  # fmt: skip
    years = [2024, 1, 9999, 1900, 2100, -5, 0]
    issued_dates = [None, date(2024, 1, 2), date(1, 1, 1), date(9999, 12, 31)]
    for i in range(4000):
        if i % 2:
            phrase = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        else:
            phrase = " ".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
        result = parse_deadline(phrase, year=rng.choice(years), issued=rng.choice(issued_dates))
        assert isinstance(result, Deadline)
        result.to_json()


def test_never_raises_on_odd_values() -> None:
    for phrase in ("x" * 100_000, "Quý I/2024 " * 2000, "(" * 500 + ")" * 500, "\x00", "Trước Tết"):
        for year in (2024, 0, 10_000):
            assert isinstance(parse_deadline(phrase, year=year), Deadline)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        (
            "Tháng 6 và tháng 12 hằng năm",
            {"kind": "recurring", "freq": "half_yearly", "day": None, "month_in_period": "last"},
        ),
        (
            "tháng 3, 6, 9, 12 hàng năm",
            {"kind": "recurring", "freq": "quarterly", "day": None, "month_in_period": "last"},
        ),
        ("Tháng 12 hằng năm", {"kind": "recurring", "freq": "yearly", "day": None, "month_in_period": 12}),
        (
            "6 tháng đầu năm và cả năm",
            {
                "kind": "recurring",
                "freq": "half_yearly",
                "day": None,
                "month_in_period": "last",
                "note": "6 tháng và cả năm",
            },
        ),
        (
            "Năm học 2024-2025",
            {
                "kind": "date",
                "due": "2025-05-31",
                "due_alt": None,
                "note": "năm học 2024-2025",
                "start": "2024-09-01",
            },
        ),
    ],
)
def test_report_months_and_school_years(phrase, expected):
    assert parse_deadline(phrase, year=2024).to_json() == expected


@pytest.mark.parametrize("phrase", ["Tháng 13 hằng năm", "Năm học 2024-2026", "tháng 2, 5 hằng năm"])
def test_report_month_forms_never_guess(phrase):
    assert parse_deadline(phrase, year=2024).kind == "unknown"


@pytest.mark.parametrize(
    ("phrase", "due", "note"),
    [
        ("Tháng 4/2024 và thường xuyên", "2024-04-30", "thường xuyên"),
        ("Thường xuyên và Quý IV/2024", "2024-12-31", "Thường xuyên"),
        ("Năm 2024 và định kỳ hằng quý", "2024-12-31", "định kỳ hằng quý"),
    ],
)
def test_a_dated_deliverable_and_a_standing_duty_joined_by_va(phrase, due, note):
    parsed = parse_deadline(phrase, year=2024).to_json()
    assert (parsed["kind"], parsed["due"], parsed["note"]) == ("date", due, note)


def test_va_still_joins_list_items():
    assert parse_deadline("Quý II và Quý IV/2024", year=2024).to_json()["due"] == "2024-12-31"


def test_a_lunar_day_without_a_year_is_the_next_one_from_the_plans_date() -> None:
    issued = date(2025, 1, 6)  # a Tết plan: tháng Chạp is Giáp Thìn's, tháng Giêng Ất Tỵ's
    assert parse("trước ngày 23 tháng Chạp", year=2025, issued=issued).due == date(2025, 1, 22)
    assert parse("từ ngày mùng 6 tháng Giêng", year=2025, issued=issued).start == date(2025, 2, 3)
    assert parse("ngày 10 tháng 3", year=2025, issued=issued).due == date(2025, 3, 10)  # no "âm lịch": March
    assert parse("hết tháng Giêng", year=2025, issued=issued).due == date(2025, 2, 27)
    assert parse("trong tháng Chạp", year=2025, issued=issued).due == date(2025, 1, 28)  # not yet over
    assert parse("tháng 3", year=2025, issued=issued).due == date(2025, 3, 31)  # no "âm lịch": March
    assert parse("trước Tết Trung thu", year=2025, issued=issued).due == date(2025, 10, 6)
    bad = parse("ngày 30 tháng Chạp năm Giáp Thìn", year=2025)
    assert bad.kind == "unknown" and bad.error == "Ngày 30 tháng 12 âm lịch không có trong năm âm lịch 2024."
