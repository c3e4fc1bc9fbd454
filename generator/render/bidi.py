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


def _wrap_reference(match: re.Match) -> str:
    # A short law reference is never split over two lines ("§ 104c" | "AufenthG"); a long one may.
    css_class = ' class="ref"' if len(match.group(0)) <= 24 else ""
    return f'<bdi dir="ltr"{css_class}>{match.group(0)}</bdi>'


def isolate_latin(text: str) -> Markup:
    """Escape `text`; wrap Latin parentheticals, and law references outside them, in <bdi dir="ltr">."""
    escaped = str(escape(text))
    out, position = [], 0
    for match in _LATIN_PARENTHETICAL.finditer(escaped):
        out.append(_LAW_REFERENCE.sub(_wrap_reference, escaped[position:match.start()]))
        out.append(_wrap(match))
        position = match.end()
    out.append(_LAW_REFERENCE.sub(_wrap_reference, escaped[position:]))
    return Markup("".join(out))


# Unicode isolates: LRI, RLI, FSI open, PDI closes. WeasyPrint (Pango/FriBidi) honours these in
# the text, but not <bdi> or `unicode-bidi: isolate`, which only browsers apply.
_OPENERS = {"ltr": "\u2066", "rtl": "\u2067", None: "\u2068"}
PDI = "\u2069"
_INLINE_ISOLATE = re.compile(r'<(bdi|span)\b([^>]*)>|</(bdi|span)>')
_DIR = re.compile(r'\bdir="(ltr|rtl)"')


def isolates_for_print(html: str) -> str:
    """Print HTML with a Unicode isolate inside every <bdi> and every <span dir>, so the PDF shows
    law references, German terms and names in right-to-left text in the order the browser does.
    Only for the PDF path: browsers isolate these elements themselves."""
    stack: list[bool] = []

    def replace(match: re.Match) -> str:
        if match.group(1):  # an opening tag
            direction = _DIR.search(match.group(2))
            isolating = match.group(1) == "bdi" or direction is not None
            stack.append(isolating)
            return match.group(0) + (_OPENERS[direction.group(1) if direction else None] if isolating else "")
        isolating = stack.pop() if stack else False
        return (PDI if isolating else "") + match.group(0)

    return _INLINE_ISOLATE.sub(replace, html)


def presenter(code: str) -> Callable[[str], Markup]:
    """How translated text of language `code` becomes safe HTML: escaped, and in right-to-left
    languages with its Latin islands isolated."""
    return isolate_latin if text_direction(code) == "rtl" else escape
