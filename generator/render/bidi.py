"""Right-to-left text with left-to-right islands: German terms and law references in brackets.

Translations keep legal terms recognisable as "(Duldung)" or "(§ 60b Abs. 3 AufenthG)". In a
right-to-left paragraph the Unicode bidi algorithm mirrors and moves such brackets at line ends
("Schweigepflicht(" …); isolating each Latin parenthetical as a left-to-right run keeps it intact.
"""

from __future__ import annotations

import re
from typing import Callable

from markupsafe import Markup, escape

from generator.i18n.formatting import text_direction

# A bracketed run with Latin letters and no right-to-left letters inside; not a %(name)s placeholder.
_LATIN_PARENTHETICAL = re.compile(r"(?<!%)\((?=[^()]*[A-Za-zÄÖÜäöüß§])[^()\u0590-\u08FF\uFB1D-\uFEFC]*\)")

# A law reference such as "§ 60b Abs. 3 AufenthG" or "Art. 6 Abs. 1 Buchstabe a DSGVO".
_LAW_REFERENCE = re.compile(r"(?:§§?|Art\.)\s*\d[^()<>\u0590-\u08FF]*?\b(?:AufenthG|DSGVO|StGB|AsylbLG|BGB|VwVfG|SGB [IVX]+)\b")


def _wrap(match: re.Match) -> str:
    return f'<bdi dir="ltr">{match.group(0)}</bdi>'


def isolate_latin(text: str) -> Markup:
    """Escape `text`; wrap Latin parentheticals, and law references outside them, in <bdi dir="ltr">."""
    escaped = str(escape(text))
    out, position = [], 0
    for match in _LATIN_PARENTHETICAL.finditer(escaped):
        out.append(_LAW_REFERENCE.sub(_wrap, escaped[position:match.start()]))
        out.append(_wrap(match))
        position = match.end()
    out.append(_LAW_REFERENCE.sub(_wrap, escaped[position:]))
    return Markup("".join(out))


def presenter(code: str) -> Callable[[str], Markup]:
    """How translated text of language `code` becomes safe HTML: escaped, and in right-to-left
    languages with its Latin islands isolated."""
    return isolate_latin if text_direction(code) == "rtl" else escape
