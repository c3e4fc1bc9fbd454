"""The Jinja2 environment of one language: autoescape, StrictUndefined, i18n with escaped translations."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.i18n.translator import Translator
from generator.render.bidi import presenter

def make_environment(translator: Translator, templates: Path) -> Environment:
    """One environment per language: installing translations rewrites the globals (see STYLE.md)."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        extensions=["jinja2.ext.i18n"],
        autoescape=select_autoescape(("html", "xml")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True

    # Newstyle gettext marks the translated string safe (Jinja2 docs, "Newstyle Gettext"), so a
    # catalog entry with markup would pass unescaped: escape the translation first, then let
    # Jinja interpolate the (escaped) variables into it.
    present = presenter(translator.language.code)

    def gettext(text: str) -> Markup:
        return present(translator.gettext(text))

    def ngettext(singular: str, plural: str, n: int) -> Markup:
        return present(translator.ngettext(singular, plural, n))

    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    return env
