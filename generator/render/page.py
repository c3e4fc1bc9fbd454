"""What every page shares: language and direction, head metadata, notices, and the two-pass render
that adds the draft notice when a page turned out to contain unreviewed translations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from generator.i18n.formatting import text_direction
from generator.i18n.translator import Translator, Usage
from generator.render import fonts


def N_(text: str) -> str:
    """Mark a German string for extraction (Babel's default keywords include N_) without translating it."""
    return text


DRAFT_NOTICE = N_("Diese Übersetzung wurde noch nicht von Menschen geprüft. Sie kann Fehler enthalten. Maßgeblich ist der deutsche Text.")
FALLBACK_NOTICE = "Einige Texte sind noch nicht übersetzt und stehen hier auf Deutsch."
NOTICES_MARKER = Markup("<!-- unna-docs: notices -->")


@dataclass
class Rendered:
    html: str
    usage: Usage
    title: str = ""


def font_css(code: str, codes: tuple[str, ...] = ()) -> Markup:
    """Font stacks from fonts.py, so the glyph check and the CSS name the same fonts.

    The page's language comes first; every served language gets a :lang() rule, because
    pages name each language in its own script (language chooser, bilingual documents).
    """
    others = tuple(c for c in codes if c != code)
    served = tuple(dict.fromkeys(("de", code) + codes))
    rules = [f"html {{ font-family: {fonts.css_font_stack(code, others)}; }}"]
    # The page's own language too: in a bilingual document <html lang="de"> matches :lang(de), and the
    # translation blocks would inherit the German stack, which need not name their script's font.
    rules += [f":lang({c}) {{ font-family: {fonts.css_font_stack(c, tuple(o for o in served if o != c))}; }}" for c in served]
    rules += [f":lang({c}) {{ line-height: {height}; }}" for c, height in fonts.LINE_HEIGHT.items() if c in (code,) + codes]
    return Markup("\n".join(rules))


def base_page(translator: Translator, *, kind: str, title: str, description: str, css: str,
              as_of: dt.date, sample: bool, print_: bool, codes: tuple[str, ...], alternates=(), switcher=()) -> dict:
    code = translator.language.code
    return {
        "lang": translator.language.tag,  # of the whole page (documents: German, the binding text)
        "dir": text_direction(code),
        "ui_lang": translator.language.tag,  # of the reader: notices and navigation
        "ui_dir": text_direction(code),
        "notices_marker": NOTICES_MARKER,
        "kind": kind,
        "title": title,
        "description": description,
        "css": css,
        "created": as_of.isoformat(),
        "sample": sample,
        "print": print_,
        "alternates": list(alternates),
        "switcher": list(switcher),
        "font_css": font_css(code, codes),
        "draft_notice": None,
        "fallback_notice": None,
        "footer": None,  # running footer of printed pages
    }


def render_page(env: Environment, translator: Translator, template: str, page: dict, usage: Usage, **context) -> Rendered:
    """Render a page, then its notices, which depend on what the page used: unreviewed drafts get
    a notice in the reader's language and in German, German fallbacks a marker.

    `usage` is the record started (translator.start_page) before the page's content was translated.
    """
    html = env.get_template(template).render(page=page, **context)
    notices = env.get_template("notices.html")
    notices.render(page=page)  # the notices' own texts count too
    page = dict(page)
    if usage.drafts:
        german = DRAFT_NOTICE if translator.language.code != "de" else None
        page["draft_notice"] = {"translated": translator.lookup(DRAFT_NOTICE)[0], "german": german}
    if usage.missing and not translator.is_source:
        page["fallback_notice"] = FALLBACK_NOTICE
    return Rendered(html.replace(NOTICES_MARKER, notices.render(page=page), 1), usage, title=page["title"])
