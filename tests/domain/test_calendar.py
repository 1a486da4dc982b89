from datetime import date

import pytest

from bot.domain.calendar import WorkCalendar

cal = WorkCalendar()


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 1, 1),  # Tết Dương lịch
        *(date(2024, 2, d) for d in range(8, 15)),  # Tết Giáp Thìn: 08/02-14/02/2024
        date(2024, 4, 18),  # Giỗ Tổ Hùng Vương
        date(2024, 4, 29),  # swapped day off (in exchange for Saturday 04/05/2024)
        date(2024, 4, 30),
        date(2024, 5, 1),
        date(2024, 9, 2),
        date(2024, 9, 3),
        *(date(2025, 1, d) for d in range(27, 32)),  # Tết Ất Tỵ: 27/01-31/01/2025 on weekdays
        date(2025, 5, 2),  # swapped day off (for Saturday 26/04/2025)
        date(2024, 3, 2),  # an ordinary Saturday
        date(2024, 3, 3),  # an ordinary Sunday
    ],
)
def test_days_off(day):
    assert not cal.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 5, 4),  # Saturday worked in exchange for 29/04/2024
        date(2025, 4, 26),  # Saturday worked in exchange for 02/05/2025
        date(2024, 2, 7),  # the working day before Tết 2024
        date(2024, 2, 15),  # back to work after Tết 2024
        date(2025, 2, 3),  # back to work after Tết 2025
        date(2024, 2, 29),  # leap day, a Thursday
    ],
)
def test_working_days(day):
    assert cal.is_working_day(day)


def test_holiday_names_are_vietnamese():
    assert cal.holiday_name(date(2024, 2, 10)) == "Tết Nguyên Đán"
    assert cal.holiday_name(date(2024, 3, 5)) is None


def test_deadline_on_a_day_off_moves_to_next_working_day():
    # Tết 2024: a deadline of Friday 09/02/2024 is met on Thursday 15/02/2024.
    assert cal.effective_due(date(2024, 2, 9)) == date(2024, 2, 15)
    # A Saturday deadline moves to Monday.
    assert cal.effective_due(date(2024, 3, 30)) == date(2024, 4, 1)
    # 30/04-01/05/2024 (+ the 29/04 swap): a deadline of 30/04 moves to Thursday 02/05.
    assert cal.effective_due(date(2024, 4, 30)) == date(2024, 5, 2)
    # A working day stays put.
    assert cal.effective_due(date(2024, 3, 29)) == date(2024, 3, 29)


def test_reminder_days_move_back():
    assert cal.previous_working_day(date(2024, 2, 12)) == date(2024, 2, 7)
    assert cal.previous_working_day(date(2025, 2, 1)) == date(2025, 1, 24)


def test_working_day_arithmetic_skips_tet():
    # 3 working days before Thursday 15/02/2024: 07/02, 06/02, 05/02.
    assert cal.add_working_days(date(2024, 2, 15), -3) == date(2024, 2, 5)
    # 2 working days after Wednesday 07/02/2024 jump over Tết to Friday 16/02.
    assert cal.add_working_days(date(2024, 2, 7), 2) == date(2024, 2, 16)
    # Saturday 04/05/2024 counts: Friday 03/05 + 1 working day = Saturday 04/05.
    assert cal.add_working_days(date(2024, 5, 3), 1) == date(2024, 5, 4)
    assert cal.add_working_days(date(2024, 5, 3), 0) == date(2024, 5, 3)


def test_working_days_between():
    assert cal.working_days_between(date(2024, 2, 7), date(2024, 2, 16)) == 2
    assert cal.working_days_between(date(2024, 2, 16), date(2024, 2, 7)) == -2
    assert cal.working_days_between(date(2024, 3, 4), date(2024, 3, 4)) == 0


def test_config_overrides_win():
    local = WorkCalendar(extra_days_off=[date(2024, 3, 5)], extra_working_days=[date(2024, 3, 9)])
    assert not local.is_working_day(date(2024, 3, 5))
    assert local.is_working_day(date(2024, 3, 9))
    assert local.effective_due(date(2024, 3, 5)) == date(2024, 3, 6)
