"""Locale-aware formatting with Babel: dates, weekdays, opening hours, lists, language names.

Each language writes all its numbers in one numbering system, the default of its Babel (CLDR)
locale: Persian, Dari and Pashto use Extended Arabic-Indic digits (۱۲۳), Sorani Arabic-Indic
digits (١٢٣), Arabic and Urdu as CLDR says Latin digits. Babel formats dates and times with Latin
digits, so `digits()` converts them; phone numbers and postal codes are data and stay as written.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date, format_time, get_date_format, get_day_names
from babel.lists import format_list

from generator.content.model import Hours
from generator.i18n import codes
from generator.i18n.codes import babel_locale, own_name  # noqa: F401  (re-exported: one map, see codes.py)

_WEEKDAY_INDEX = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}


def text_direction(code: str) -> str:
    return babel_locale(code).text_direction


# The zero of each decimal numbering system that differs from Latin digits (CLDR numberingSystems).
_ZEROS = {"arab": 0x0660, "arabext": 0x06F0, "beng": 0x09E6, "deva": 0x0966, "mymr": 0x1040}


def numbering_system(code: str) -> str:
    """CLDR's default numbering system of the language, e.g. "latn", "arab", "arabext"."""
    return babel_locale(code).default_numbering_system


def counter_style(code: str) -> str:
    """The CSS counter style that writes page numbers in the language's digits."""
    return {"arab": "arabic-indic", "arabext": "persian"}.get(numbering_system(code), "decimal")


def digits(text: str, code: str) -> str:
    """`text` with its ASCII digits written in the language's numbering system."""
    zero = _ZEROS.get(numbering_system(code))
    if zero is None:
        return text
    return re.sub(r"[0-9]", lambda m: chr(zero + int(m.group(0))), text)


def _field_order(pattern: str) -> list[str]:
    return sorted("yMd", key=lambda f: pattern.find(f) if f in pattern else 99)


def long_date(day: dt.date, code: str) -> str:
    return digits(format_date(day, format="long", locale=babel_locale(code)), code)


def short_date(day: dt.date, code: str) -> str:
    """The medium date format; the long one where the medium format orders day, month and year
    differently (Sorani: one page would show two orders)."""
    locale = babel_locale(code)
    medium, long = get_date_format("medium", locale).pattern, get_date_format("long", locale).pattern
    style = "medium" if _field_order(medium) == _field_order(long) else "long"
    return digits(format_date(day, format=style, locale=locale), code)


def list_separator(code: str) -> str:
    """The separator between list items (Arabic comma in Arabic-script languages)."""
    middle = babel_locale(code).list_patterns["standard"]["middle"]
    return _arabic_comma(middle.replace("{0}", "").replace("{1}", ""), code)


def _arabic_comma(text: str, code: str) -> str:
    # CLDR lacks list patterns for some Arabic-script locales (ckb falls back to root's ", ").
    return text.replace(",", "،") if text_direction(code) == "rtl" else text


def join_list(items: list[str], code: str) -> str:
    """Items joined as the language lists them: "a, b und c", "a، b، و c"."""
    return _arabic_comma(format_list(list(items), locale=babel_locale(code)), code) if items else ""


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
    return digits(list_separator(code).join(parts), code)


def time_range(hours: Hours, code: str) -> str:
    locale = babel_locale(code)
    return digits(f"{format_time(hours.opens, format='short', locale=locale)}–{format_time(hours.closes, format='short', locale=locale)}", code)


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


def script_of(code: str) -> str:
    """The script a language's own name is written in, as Unicode names it: LATIN, ARABIC, CYRILLIC…"""
    import unicodedata

    for ch in own_name(code):
        if ch.isalpha():
            return unicodedata.name(ch, "LATIN").split()[0]
    return "LATIN"
