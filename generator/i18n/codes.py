"""One map of language codes: how each language is named in site.yaml and URLs, HTML, Babel and gettext.

- `code`: as written in content/site.yaml; also the URL segment (`site/fa-AF/…`), stable because
  it is printed in QR codes.
- `tag`: the BCP 47 tag for `lang`, `hreflang` and the PDF's `/Lang`. It differs from the code
  only where the code alone would name the wrong script: Serbian is served in Latin script.
- `locale`: Babel's locale id; also the catalog folder under locales/ (`fa_AF`, `sr_Latn`).
- `own_name` / `german_name`: where CLDR's display name is not what readers call their language
  (CLDR names Dari "فارسی (افغانستان)" and Kurmanji "kurdî (kurmancî) (latînî, Türkiye)").

Everything else asks this module; nothing else turns one form into another.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale


@dataclass(frozen=True)
class Special:
    tag: str | None = None
    locale: str | None = None
    own_name: str | None = None
    german_name: str | None = None


SPECIAL = {
    "fa": Special(german_name="Persisch (Farsi)"),
    "fa-AF": Special(own_name="دری", german_name="Dari"),
    "ckb": Special(own_name="کوردی (سۆرانی)", german_name="Kurdisch (Sorani)"),
    "kmr": Special(own_name="Kurdî (Kurmancî)", german_name="Kurdisch (Kurmandschi)"),
    "sr": Special(tag="sr-Latn", locale="sr_Latn", own_name="Srpski", german_name="Serbisch"),
}


def tag(code: str) -> str:
    """BCP 47 tag for HTML `lang`, `hreflang` and PDF `/Lang`."""
    return SPECIAL.get(code, Special()).tag or code


def locale(code: str) -> str:
    """Babel's locale id, also the catalog folder name (fa-AF -> fa_AF)."""
    return SPECIAL.get(code, Special()).locale or code.replace("-", "_")


def babel_locale(code: str) -> Locale:
    return Locale.parse(locale(code))


def own_name(code: str) -> str:
    """The language's name in its own language and script, for the language chooser."""
    special = SPECIAL.get(code, Special()).own_name
    if special:
        return special
    name = babel_locale(code).get_display_name() or code
    return name[:1].upper() + name[1:]


def german_name(code: str) -> str:
    return SPECIAL.get(code, Special()).german_name or babel_locale(code).get_display_name("de") or code
