"""The Vietnamese lunar calendar (âm lịch): a lunar day to its Gregorian date.

Plans for Tết and the festivals give times in the lunar calendar ("trước ngày 20 tháng Chạp năm Giáp Thìn",
"mùng 6 tháng Giêng", "rằm tháng Giêng"). The months start on the day of the new moon in Vietnam's time zone
(UTC+7), and a leap month is the first month without a major solar term — Hồ Ngọc Đức's published method
(astronomical new moons and sun longitudes after Jean Meeus, "Astronomical Algorithms"), which is how the
official Vietnamese calendar is computed. Checked against the Tết, Hùng Kings and Mid-Autumn dates the
`holidays` package lists for Vietnam (tests/domain/test_lunar.py).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

TIME_ZONE = 7.0  # hours east of UTC: Vietnam
_EPOCH = 2415021.076998695  # Julian day of the new moon of 1 January 1900
_SYNODIC = 29.530588853  # days from new moon to new moon, on average
_JD_ORDINAL = 1721425  # Julian day number minus the proleptic Gregorian ordinal


def _jd(day: date) -> int:
    return day.toordinal() + _JD_ORDINAL


def _from_jd(jd: int) -> date:
    return date.fromordinal(jd - _JD_ORDINAL)


def _new_moon(k: int) -> float:
    """The Julian day (UT) of the k-th new moon after 1 January 1900."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  # the sun's mean anomaly
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  # the moon's
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  # the moon's argument of latitude
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 += -0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr) - 0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 += -0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 += -0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd + c1 - delta_t


def _new_moon_day(k: int) -> int:
    """The Julian day number, in Vietnam, of the k-th new moon: the first day of a lunar month."""
    return math.floor(_new_moon(k) + 0.5 + TIME_ZONE / 24)


def _sun_longitude_sector(jdn: int) -> int:
    """Which of the twelve 30° sectors the sun is in at the start of the day `jdn` (0: 0°–30°)."""
    t = (jdn - 0.5 - TIME_ZONE / 24 - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    longitude -= math.pi * 2 * math.floor(longitude / (math.pi * 2))
    return math.floor(longitude / math.pi * 6)


def _month11(year: int) -> int:
    """The first day (Julian day number) of the lunar month holding the winter solstice of `year`."""
    k = math.floor((_jd(date(year, 12, 31)) - 2415021) / _SYNODIC)
    start = _new_moon_day(k)
    return _new_moon_day(k - 1) if _sun_longitude_sector(start) >= 9 else start


def _leap_offset(a11: int) -> int:
    """How many months after month 11 (starting on `a11`) the leap month of that lunar year comes."""
    k = math.floor((a11 - _EPOCH) / _SYNODIC + 0.5)
    i = 1
    arc = _sun_longitude_sector(_new_moon_day(k + i))
    while True:
        last, i = arc, i + 1
        arc = _sun_longitude_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            return i - 1


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> date | None:
    """The Gregorian date of lunar `day`/`month` of the lunar `year` (named by the Gregorian year its Tết
    falls in: tháng Chạp năm Giáp Thìn is month 12 of 2024, in January 2025). None when there is no such
    leap month, or no such day (a month has 29 or 30 days)."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    a11, b11 = (_month11(year - 1), _month11(year)) if month < 11 else (_month11(year), _month11(year + 1))
    k = math.floor(0.5 + (a11 - _EPOCH) / _SYNODIC)
    offset = (month - 11) % 12
    if b11 - a11 > 365:  # a leap year: thirteen months between the two months 11
        leap_offset = _leap_offset(a11)
        leap_month = (leap_offset - 2) % 12
        if leap and month != leap_month:
            return None
        if leap or offset >= leap_offset:
            offset += 1
    elif leap:
        return None
    start = _new_moon_day(k + offset)
    if day == 30 and _new_moon_day(k + offset + 1) - start < 30:
        return None  # a short month: no 30th
    return _from_jd(start) + timedelta(days=day - 1)


__all__ = ["TIME_ZONE", "lunar_to_solar"]
