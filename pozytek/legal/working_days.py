"""Working days by the Polish calendar (dni robocze), for deadlines the law counts in working days.

A working day is Monday to Friday that is not a public holiday (ustawa z dnia 18 stycznia 1951 r. o dniach
wolnych od pracy, as the `holidays` library keeps it, 24 December included from 2025). Saturdays are not
working days, as for deadlines under the Code of Administrative Procedure (art. 57 § 5 KPA).
"""

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def public_holidays(year: int) -> frozenset[dt.date]:
    """Poland's public holidays (dni ustawowo wolne od pracy) in `year`."""
    return frozenset(holidays.country_holidays("PL", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (the day of the event itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(start: dt.date, count: int) -> dt.date:
    """The same day `count` months later (a term "within a month", art. 112 KC): the last day of the month
    when that month is shorter (31 January + 1 month = 28 or 29 February)."""
    month_index = start.month - 1 + count
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(start.day, last_day))
