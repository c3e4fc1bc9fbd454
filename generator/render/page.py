"""What every page shares: language and direction, head metadata, notices, and the two-pass render
that adds the draft notice when a page turned out to contain unreviewed translations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup, escape

from generator.i18n.formatting import counter_style, text_direction
from generator.i18n.translator import State, Translator, Usage
from generator.render import fonts
from generator.render.bidi import isolates_for_print, presenter


def N_(text: str) -> str:
    """Mark a German string for extraction (Babel's default keywords include N_) without translating it."""
    return text


DRAFT_NOTICE = N_("Diese Übersetzung wurde noch nicht von Menschen geprüft. Sie kann Fehler enthalten. Maßgeblich ist der deutsche Text.")
SAMPLE_LABEL = N_("Beispielinhalt:")
SAMPLE_NOTICE = N_("Alle Adressen, Telefonnummern und E-Mail-Adressen sind erfunden. Der Kreis Unna ersetzt sie vor der Veröffentlichung.")
FALLBACK_NOTICE = N_("Einige Texte sind noch nicht übersetzt und stehen hier auf Deutsch.")
PAGE_NUMBER = N_("Seite %(page)s von %(pages)s")
_ISOLATE = {"ltr": "\u2066", "rtl": "\u2067"}  # LRI, RLI; PDI (U+2069) closes either
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
    return Markup("\n".join(rules + _scale_rules(code)))


def _scale_rules(code: str) -> list[str]:
    """Arabic-script text set larger so its letters match Latin at the same size: the whole page
    of a flyer or site page (German islands back to Latin size), and the translation column of a
    bilingual document (`.pair > [lang]`, never nested, so nothing compounds)."""
    factor, line_height = fonts.scale(code)
    if factor == 1.0 and line_height is None:
        return []
    lh = f" line-height: {line_height};" if line_height else ""
    return [
        f"body:not(.document) {{ font-size: {factor * 100:.0f}%;{lh} }}",
        f"body:not(.document) bdi[lang=\"de\"], body:not(.document) span[lang=\"de\"] {{ font-size: {100 / factor:.0f}%; }}",
        f".pair > [lang=\"{code}\"], body.document .notice > p[lang=\"{code}\"] {{ font-size: {factor * 100:.0f}%;{lh} }}",
    ] + ([
        # Nastaliq needs its tall lines wherever the language is, also where a box sets its own
        # line height (notices, headings, the language list); German islands keep theirs.
        f"*:lang({code}) {{ line-height: {line_height} !important; }}",
    ] if line_height else [])


def _css_string(text: str) -> str:
    """`text` as a CSS string literal; anything but letters, digits and spaces escaped."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text) + '"'


def page_number_css(translator: Translator) -> Markup:
    """The printed page number in the reader's language and digits ("صفحة ۱ من ۶"), isolated in
    its own direction so that a right-to-left page does not turn "1 / 6" into "6 / 1"."""
    code = translator.language.code
    style = counter_style(code)
    page, pages = f"counter(page, {style})", f"counter(pages, {style})"
    string, state = translator.lookup(PAGE_NUMBER)
    parts = [_css_string(_ISOLATE["ltr"]), page, _css_string(" / "), pages]
    if state is not State.MISSING and "%(page)s" in string and "%(pages)s" in string:
        if state.is_draft:
            translator.usage.drafts.add(PAGE_NUMBER)
        # The placeholders in the translation's own order (Urdu puts the page count first).
        pieces = re.split(r"(%\(pages?\)s)", string)
        parts = [_css_string(_ISOLATE[text_direction(code)] + pieces[0])]
        for placeholder, text in zip(pieces[1::2], pieces[2::2]):
            parts += [page if placeholder == "%(page)s" else pages, _css_string(text)]
    parts.append(_css_string("\u2069"))
    return Markup(f"@page {{ @bottom-right {{ content: {' '.join(parts)}; }} }}")


def base_page(translator: Translator, *, kind: str, title: str, description: str, css: str,
              as_of: dt.date, sample: bool, print_: bool, codes: tuple[str, ...], alternates=(), switcher=()) -> dict:
    code = translator.language.code
    return {
        "lang": translator.language.tag,  # of the whole page and its PDF /Lang: the reader's language
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
        "page_number_css": page_number_css(translator) if print_ else Markup(""),
        "review_notice": None,  # a document's "not legally reviewed" sentence (German source)
        "footer": None,  # running footer of printed pages
    }


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>\"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RAW_TEXT = ("<title", "<style", "<script")


def breakable_addresses(html: str, mark: str = "<wbr>") -> str:
    """A <wbr> after each "/", "." and "@" of the web and e-mail addresses in the page's text, so
    they wrap there (on a 360 px screen, in a document column) instead of running past the edge.
    Print HTML gets a zero-width space instead (`mark`): for WeasyPrint every <wbr> is an element
    with a generated ::before box, which a flyer with many addresses pays for in layout time."""
    parts = _TAG_OR_TEXT.split(html)
    raw = False
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            raw = part.lower().startswith(_RAW_TEXT) if not part.startswith("</") else False
        elif not raw and part:
            parts[i] = _ADDRESS.sub(lambda m: re.sub(r"(?<=[/.@])(?=[^/])", mark, m.group(0)), part)
    return "".join(parts)


def _notice(translator: Translator, text: str, label: str | None = None, record: bool = True) -> dict:
    """One notice: the reader's language first, the German beside it (German pages: German only).
    `record=False` looks the text up without counting a missing translation as a fallback."""
    present = presenter(translator.language.code)

    def line(words: str, lead: str | None) -> Markup:
        return Markup("<strong>{}</strong> {}").format(lead, words) if lead else escape(words)

    german = line(text, label)
    if translator.is_source:
        return {"translated": german, "german": None}
    if record:
        words, lead = translator.translate(text), translator.translate(label) if label else None
    else:
        words, state = translator.lookup(text)
        words, lead = (None if state is State.MISSING else words), None
    if words is None:
        return {"translated": None, "german": german}
    return {"translated": Markup("<strong>{}</strong> {}").format(present(lead), present(words)) if lead else present(words),
            "german": german}


def render_page(env: Environment, translator: Translator, template: str, page: dict, usage: Usage, **context) -> Rendered:
    """Render a page, then its one notice box, which depends on what the page used: sample content,
    unreviewed drafts (in the reader's language and in German), German fallbacks, a legal text not
    yet reviewed (documents put it in page["review_notice"]).

    `usage` is the record started (translator.start_page) before the page's content was translated.
    """
    html = env.get_template(template).render(page=page, **context)
    notices = []
    if page["sample"]:
        notices.append(_notice(translator, SAMPLE_NOTICE, SAMPLE_LABEL))
    if page.get("review_notice"):
        notices.append(_notice(translator, page["review_notice"]))
    if usage.drafts and not translator.is_source:
        notices.append(_notice(translator, DRAFT_NOTICE))
    if usage.missing and not translator.is_source:
        notices.append(_notice(translator, FALLBACK_NOTICE, record=False))
    page = dict(page, notices=notices)
    box = env.get_template("notices.html").render(page=page)
    html = html.replace(NOTICES_MARKER, box, 1)
    if page["print"]:
        html = isolates_for_print(breakable_addresses(html, "\u200b"))
    else:
        html = breakable_addresses(html)
    return Rendered(html, usage, title=page["title"])
