"""Does a translation's writing system fit its language? Arabic letters in a Ukrainian catalog, or
German left in a Tigrinya entry, are caught by the script of their letters (Unicode character names).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# The script each served or planned language is written in (the county's twenty languages).
EXPECTED_SCRIPT = {
    **dict.fromkeys(("de", "en", "fr", "tr", "kmr", "sq", "sr", "so"), "Latin"),
    **dict.fromkeys(("ru", "uk", "mk"), "Cyrillic"),
    **dict.fromkeys(("ar", "fa", "fa-AF", "ps", "ckb", "ur"), "Arabic"),
    "ka": "Georgian",
    "hy": "Armenian",
    "ti": "Ethiopic",
}
SCRIPTS = ("Latin", "Cyrillic", "Arabic", "Georgian", "Armenian", "Ethiopic", "Greek", "Hebrew")

# Latin text that belongs in any language: addresses, numbers and law references.
_KEEP_LATIN = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+"  # web and e-mail addresses
    r"|§+\s*\d+\w*|\b(Art|Abs|Nr|S|Satz)\.?\s*\d+\w*"  # § 25a, Abs. 2, Nr. 3
    r"|\b[A-ZÄÖÜ][A-Za-zÄÖÜäöüß]*(G|VO|O)\b"  # AufenthG, AsylG, DSGVO, BeschV
    r"|%\([A-Za-z_]\w*\)[sdif]|\{[A-Za-z_]\w*\}"  # placeholders
)


@functools.lru_cache(maxsize=8192)  # a catalog repeats a few hundred letters
def script_of(char: str) -> str | None:
    """The script of a letter ("Arabic", "Latin", ...), None for digits, punctuation and marks."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return next((s for s in SCRIPTS if name.startswith(s.upper())), "other")


def letters_by_script(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in _KEEP_LATIN.sub(" ", text):
        script = script_of(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    return counts


def _looks_like_a_name(text: str) -> bool:
    """Proper names (organisations, places) stay in Latin letters: a few capitalised words."""
    words = re.findall(r"[^\W\d_]+", text)
    return 0 < len(words) <= 4 and all(w[0].isupper() for w in words)


def expected_script(code: str) -> str | None:
    """The script language `code` is written in (fa-AF, sr_Latn: by the language), None when unknown."""
    code = code.replace("_", "-")
    return EXPECTED_SCRIPT.get(code) or EXPECTED_SCRIPT.get(code.split("-")[0])


def script_problem(code: str, translation: str) -> str | None:
    """What is wrong with the script of `translation` for language `code`, or None when it fits."""
    expected = expected_script(code)
    if expected is None:
        return None
    counts = letters_by_script(translation)
    foreign = sorted(s for s in counts if s not in (expected, "Latin", "other"))
    if foreign:
        return f"contains {' and '.join(foreign)} letters, but {code} is written in {expected} script; is this another language's text?"
    if expected != "Latin" and counts and set(counts) == {"Latin"} and not _looks_like_a_name(_KEEP_LATIN.sub(" ", translation)):
        return f"is in Latin letters only, but {code} is written in {expected} script; is this the German or another language's text?"
    return None
