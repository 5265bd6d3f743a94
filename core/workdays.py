"""Working days and business hours in the Netherlands: the clocks of meldingen (a target in working days) and
webcare (a first reaction within business hours). Weekends and Dutch public holidays (the `holidays`
package's calendar for NL) do not count. Times go in and out as naive UTC, like every stored time; the
counting is done on the Amsterdam calendar.
"""
from datetime import date, datetime, time, timedelta
from functools import cache

import holidays

from .timeutil import LOCAL_TZ, to_local, to_utc


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """The end of the `days`-th working day after `start` (UTC): a melding made on Friday with a target of 2
    working days is due at the end of Tuesday; a holiday in between moves it on a day."""
    day = to_local(start).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        counted += is_working_day(day)
    return to_utc(datetime.combine(day, time(23, 59, 59), tzinfo=LOCAL_TZ))


def working_days_between(start: datetime, end: datetime) -> int:
    """Whole working days after the day of `start` up to and including the day of `end` (0 on the same day)."""
    first, last = to_local(start).date(), to_local(end).date()
    return sum(is_working_day(first + timedelta(days=n)) for n in range(1, (last - first).days + 1))


def _open_span(day: date, opens: time, closes: time) -> tuple[datetime, datetime] | None:
    if not is_working_day(day):
        return None
    return (datetime.combine(day, opens, tzinfo=LOCAL_TZ), datetime.combine(day, closes, tzinfo=LOCAL_TZ))


def business_minutes_between(start: datetime, end: datetime, opens: time, closes: time) -> int:
    """Minutes of business hours (working days, `opens` to `closes` Amsterdam time) between two UTC times."""
    if end <= start:
        return 0
    first, last = to_local(start), to_local(end)
    minutes = 0.0
    day = first.date()
    while day <= last.date():
        span = _open_span(day, opens, closes)
        if span:
            lo, hi = max(span[0], first), min(span[1], last)
            if hi > lo:
                minutes += (hi - lo).total_seconds() / 60
        day += timedelta(days=1)
    return int(minutes)


def add_business_minutes(start: datetime, minutes: int, opens: time, closes: time) -> datetime:
    """The UTC moment `minutes` business minutes after `start` (a question at 16:30 with 8 business hours of
    09:00-17:00 is due at 15:30 the next working day)."""
    moment = to_local(start)
    left = timedelta(minutes=minutes)
    day = moment.date()
    while True:
        span = _open_span(day, opens, closes)
        if span:
            lo = max(span[0], moment)
            if span[1] > lo:
                if lo + left <= span[1]:
                    return to_utc(lo + left)
                left -= span[1] - lo
        day += timedelta(days=1)
