"""Locale-aware formatting with Babel: dates, weekdays, opening hours, language names."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time, get_day_names

from generator.content.model import Hours
from generator.i18n import codes
from generator.i18n.codes import babel_locale, own_name  # noqa: F401  (re-exported: one map, see codes.py)

_WEEKDAY_INDEX = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}


def text_direction(code: str) -> str:
    return babel_locale(code).text_direction


def long_date(day: dt.date, code: str) -> str:
    return format_date(day, format="long", locale=babel_locale(code))


def short_date(day: dt.date, code: str) -> str:
    return format_date(day, format="medium", locale=babel_locale(code))


def weekdays(days: tuple[str, ...], code: str) -> str:
    """Weekday names in the reader's language; runs of three or more become a range (Mo–Fr)."""
    names = get_day_names("abbreviated", locale=babel_locale(code))
    indexes = sorted(_WEEKDAY_INDEX[d] for d in days)
    runs: list[list[int]] = []
    for index in indexes:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            parts.extend(names[i] for i in run)
    return ", ".join(parts)


def time_range(hours: Hours, code: str) -> str:
    locale = babel_locale(code)
    return f"{format_time(hours.opens, format='short', locale=locale)}–{format_time(hours.closes, format='short', locale=locale)}"


def language_name(code: str, in_code: str) -> str:
    """The name of language `code` in language `in_code` (falls back to its own name)."""
    if in_code == "de":
        return codes.german_name(code)
    locale = babel_locale(code)
    return locale.get_display_name(babel_locale(in_code)) or codes.own_name(code)


def month_year(day: dt.date, code: str) -> str:
    """'Dezember 2026' in the language's own words and order (for "Stand: …" lines)."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", day, locale=babel_locale(code))
