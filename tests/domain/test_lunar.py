"""The lunar calendar (bot.domain.lunar) against the Vietnamese dates the `holidays` package lists."""

from __future__ import annotations

from datetime import date

import pytest
from holidays.calendars.chinese import VIETNAMESE_CALENDAR, _ChineseLunisolar

from bot.domain.lunar import lunar_to_solar

CALENDAR = _ChineseLunisolar(VIETNAMESE_CALENDAR)
YEARS = range(1970, 2100)  # Vietnam's calendar is computed at UTC+7 since 1968


@pytest.mark.parametrize("year", YEARS)
def test_tet_and_the_hung_kings_day(year: int) -> None:
    tet, _ = CALENDAR.lunar_new_year_date(year)
    hung, _ = CALENDAR.hung_kings_date(year, VIETNAMESE_CALENDAR)
    assert lunar_to_solar(1, 1, year) == tet
    if hung is not None:
        assert lunar_to_solar(10, 3, year) == hung


@pytest.mark.parametrize(
    ("day", "month", "year", "leap", "solar"),
    [
        (20, 12, 2024, False, date(2025, 1, 19)),  # 20 tháng Chạp năm Giáp Thìn
        (23, 12, 2024, False, date(2025, 1, 22)),  # ông Công ông Táo, Giáp Thìn
        (29, 12, 2024, False, date(2025, 1, 28)),  # the eve of Tết Ất Tỵ
        (6, 1, 2025, False, date(2025, 2, 3)),  # mùng 6 tháng Giêng Ất Tỵ
        (16, 1, 2025, False, date(2025, 2, 13)),  # as the Nam Định plan prints it
        (1, 2, 2023, True, date(2023, 3, 22)),  # tháng 2 nhuận Quý Mão
        (1, 6, 2025, True, date(2025, 7, 25)),  # tháng 6 nhuận Ất Tỵ
        (15, 8, 2024, False, date(2024, 9, 17)),  # Tết Trung thu Giáp Thìn
    ],
)
def test_known_days(day: int, month: int, year: int, leap: bool, solar: date) -> None:
    assert lunar_to_solar(day, month, year, leap) == solar


def test_days_that_do_not_exist() -> None:
    assert lunar_to_solar(30, 12, 2024) is None  # tháng Chạp Giáp Thìn has 29 days
    assert lunar_to_solar(1, 2, 2024, leap=True) is None  # 2024 has no leap month
    assert lunar_to_solar(1, 3, 2023, leap=True) is None  # 2023's leap month is the second
    assert lunar_to_solar(0, 1, 2025) is None and lunar_to_solar(1, 13, 2025) is None
