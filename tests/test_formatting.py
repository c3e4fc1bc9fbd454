"""Dates, weekdays, times and language names are formatted per locale with Babel."""

from __future__ import annotations

import datetime as dt

from generator.content.model import Hours
from generator.i18n.formatting import (counter_style, join_list, language_name, long_date, own_name, short_date, text_direction,
                                      time_range, weekdays)


def test_long_dates_per_locale():
    day = dt.date(2026, 11, 25)
    assert long_date(day, "de") == "25. November 2026"
    assert long_date(day, "en") == "November 25, 2026"
    assert "نوفمبر" in long_date(day, "ar")
    assert long_date(day, "ti") == "ሕዳር 25, 2026"


def test_weekday_runs_become_ranges():
    assert weekdays(("mo", "tu", "we", "fr"), "de") == "Mo.–Mi., Fr."
    assert weekdays(("th",), "en") == "Thu"
    assert weekdays(("mo", "we"), "fa") == "دوشنبه،\u200f چهارشنبه"
    assert "," not in weekdays(("mo", "we"), "ckb")


def test_times_per_locale():
    hours = Hours(("mo",), dt.time(9, 0), dt.time(14, 30))
    assert time_range(hours, "de") == "09:00–14:30"
    assert time_range(hours, "en") == "9:00\u202fAM–2:30\u202fPM"


def test_language_names_and_directions():
    assert language_name("ar", "de") == "Arabisch"
    assert language_name("ti", "en") == "Tigrinya"
    assert own_name("ti") == "ትግርኛ"
    assert own_name("fa-AF") == "دری"  # what Dari speakers call their language, not CLDR's "Persian (Afghanistan)"
    assert own_name("sr") == "Srpski" and language_name("kmr", "de") == "Kurdisch (Kurmandschi)"
    assert [text_direction(c) for c in ("de", "ar", "fa", "ps", "ckb", "ti")] == ["ltr", "rtl", "rtl", "rtl", "rtl", "ltr"]


def test_each_language_writes_numbers_in_its_own_digits():
    day = dt.date(2026, 11, 25)
    hours = Hours(("mo",), dt.time(9, 0), dt.time(14, 30))
    assert long_date(day, "fa").startswith("۲۵") and time_range(hours, "ps") == "۹:۰۰–۱۴:۳۰"
    assert "٢٠٢٦" in long_date(day, "ckb") and "٩:٠٠" in time_range(hours, "ckb")
    assert "2026" in long_date(day, "ar")  # CLDR's default for Arabic is Latin digits
    assert counter_style("fa") == "persian" and counter_style("ckb") == "arabic-indic" and counter_style("de") == "decimal"


def test_sorani_dates_have_one_order():
    day = dt.date(2026, 11, 25)
    assert short_date(day, "ckb") == long_date(day, "ckb")


def test_lists_use_the_languages_comma():
    assert join_list(["a", "b", "c"], "de") == "a, b und c"
    assert "،" in join_list(["a", "b", "c"], "fa") and "," not in join_list(["a", "b", "c"], "ckb")
