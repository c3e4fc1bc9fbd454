"""Which fonts each language needs, whether they are installed, and whether they cover a page's text.

A character no font covers makes WeasyPrint fall back slowly (one case took 55 s, WeasyPrint
#2811) and prints a box. So the build checks coverage before it renders and fails with a
message that names the characters and the font package to install.
"""

from __future__ import annotations

import functools
import hashlib
import os
import subprocess
import unicodedata
from dataclasses import dataclass

from fontTools.ttLib import TTCollection, TTFont

# Font families by script; every page also gets the Latin stack (German text, names, digits).
LATIN = ("Noto Sans",)
ARABIC = ("Noto Naskh Arabic",)
SCRIPT_FONTS = {
    "ar": ARABIC, "fa": ARABIC, "fa-AF": ARABIC, "ps": ARABIC, "ckb": ARABIC,
    "ur": ("Noto Nastaliq Urdu",),
    "ti": ("Noto Sans Ethiopic",),
    "ka": ("Noto Sans Georgian",),
    "hy": ("Noto Sans Armenian",),
}
SYMBOLS = ("Noto Sans Symbols2",)
# Font size factor that gives a script's font the visual size of Noto Sans: Naskh letters are
# small for their em (at 9.5 pt flyer details looked like 8.7 pt); Nastaliq needs tall lines.
SCRIPT_SCALE = {"Noto Naskh Arabic": 1.12, "Noto Nastaliq Urdu": 1.12}
SCRIPT_LINE_HEIGHT = {"Noto Nastaliq Urdu": 2.1}
PACKAGE_HINT = "Install Debian's fonts-noto-core (the README's setup command does this)."
_IGNORED = {"Cc", "Cf", "Zl", "Zp"}  # controls and format characters (bidi marks, ZWJ) need no glyph


@dataclass(frozen=True)
class FontFile:
    family: str
    path: str


def families_for(code: str, others: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The language's own script fonts first, then Latin, then the scripts of `others` as fallbacks
    (pages name every served language in its own script), then symbols."""
    families = list(SCRIPT_FONTS.get(code, ()) + LATIN)
    for other in others:
        families += [f for f in SCRIPT_FONTS.get(other, ()) if f not in families]
    return tuple(families) + SYMBOLS


def scale(code: str) -> tuple[float, float | None]:
    """(font size factor, line height or None) for text in language `code`."""
    family = SCRIPT_FONTS.get(code, LATIN)[0]
    return SCRIPT_SCALE.get(family, 1.0), SCRIPT_LINE_HEIGHT.get(family)


def css_font_stack(code: str, others: tuple[str, ...] = ()) -> str:
    return ", ".join(f'"{family}"' for family in families_for(code, others)) + ", sans-serif"


@functools.lru_cache(maxsize=None)
def find_font(family: str) -> FontFile | None:
    """The installed file of a family, via fontconfig; None when fontconfig would substitute another."""
    try:
        out = subprocess.run(
            ["fc-match", "--format=%{family}\n%{file}", f"{family}:style=Regular"],
            capture_output=True, text=True, check=True, timeout=20,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found_families, _, path = out.partition("\n")
    if family.lower() not in [f.strip().lower() for f in found_families.split(",")]:
        return None
    return FontFile(family, path.strip())


@functools.lru_cache(maxsize=None)
def _cmap(path: str) -> frozenset[int]:
    if path.lower().endswith((".ttc", ".otc")):
        fonts = TTCollection(path, lazy=True).fonts
    else:
        fonts = [TTFont(path, lazy=True)]
    points: set[int] = set()
    for font in fonts:
        points.update(font.getBestCmap() or {})
    return frozenset(points)


def missing_fonts(code: str) -> list[str]:
    return [family for family in families_for(code) if find_font(family) is None]


def uncovered(text: str, code: str, others: tuple[str, ...] = ()) -> set[str]:
    """Characters of `text` that none of the fonts of the page's stack can draw."""
    covered: set[int] = set()
    for family in families_for(code, others):
        font = find_font(family)
        if font:
            covered |= _cmap(font.path)
    return {
        ch for ch in set(text)
        if not ch.isspace() and ord(ch) not in covered and unicodedata.category(ch) not in _IGNORED
    }


def describe(chars: set[str]) -> str:
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')} ({c})" for c in sorted(chars)[:12])


def fonts_fingerprint(codes: list[str]) -> str:
    """A key part that changes when an installed font file changes."""
    digest = hashlib.sha256()
    for code in codes:
        for family in families_for(code):
            font = find_font(family)
            if font:
                stat = os.stat(font.path)
                digest.update(f"{font.path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()
