"""Vietnamese working days: weekends, public holidays (Tết included) and the government's swap days.

Conventions (Civil Code 2015, art. 148 and government practice):
- a deadline whose last day is a day off moves to the next working day (`effective_due`);
- a reminder that would fall on a day off moves back to the previous working day.

Holidays and the yearly swaps (a weekday off "in exchange for" a Saturday worked) come from the `holidays`
package; `extra_days_off` / `extra_working_days` from config override it for decisions it does not know yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

_DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def _vn_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Holidays (with Vietnamese names) and weekend days worked, for one year."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    days_off = {day: name for day, name in calendar.items() if day.year == year}
    swapped_saturdays = frozenset(d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year)
    return days_off, swapped_saturdays


class WorkCalendar:
    """Answers "is this a working day?" for Vietnam, with local overrides."""

    def __init__(self, extra_days_off: Iterable[date] = (), extra_working_days: Iterable[date] = ()) -> None:
        self._extra_off = frozenset(extra_days_off)
        self._extra_work = frozenset(extra_working_days)
        self._cache: dict[date, bool] = {}

    def holiday_name(self, day: date) -> str | None:
        """The Vietnamese name of the public holiday on `day`, if any."""
        return _vn_year(day.year)[0].get(day)

    def is_working_day(self, day: date) -> bool:
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        if day in self._extra_work:
            result = True
        elif day in self._extra_off:
            result = False
        else:
            days_off, swapped = _vn_year(day.year)
            if day in days_off:
                result = False
            elif day in swapped:
                result = True
            else:
                result = day.weekday() < 5
        self._cache[day] = result
        return result

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += _DAY
        return day

    def previous_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= _DAY
        return day

    def effective_due(self, nominal: date) -> date:
        """The last day a deadline allows once days off are taken into account."""
        return self.next_working_day(nominal)

    def add_working_days(self, start: date, count: int) -> date:
        """Move `count` working days from `start` (negative goes back); `start` need not be a working day."""
        step = _DAY if count >= 0 else -_DAY
        day = start
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += _DAY
            if self.is_working_day(day):
                count += 1
        return count
