"""HTML string to PDF bytes with WeasyPrint, in the calling process.

Import this module only inside worker processes or commands that render: importing
WeasyPrint costs about half a second, and forking after the import has crashed (#167, #684).
"""

from __future__ import annotations

import ctypes.util
import functools
import importlib
import re
from pathlib import Path


@functools.lru_cache(maxsize=1)
def _import_weasyprint() -> None:
    """Import WeasyPrint without running a compiler.

    WeasyPrint loads Pango and HarfBuzz with cffi, trying several names per library; for each name
    that is not the installed file, ctypes.util.find_library runs ldconfig, gcc and ld (WeasyPrint
    #1125): about twenty subprocesses and 0.25 s of every process that renders (a build worker, the
    counter app, `docgen case render`). During the import the lookup asks only ldconfig's cache,
    which is what find_library tries first, so the same libraries are found; if that fails (a
    library outside the cache), the import is repeated with the usual lookup.
    """
    ldconfig = getattr(ctypes.util, "_findSoname_ldconfig", None)  # Linux; elsewhere the usual import
    if ldconfig is not None:
        usual = ctypes.util.find_library
        ctypes.util.find_library = ldconfig
        try:
            importlib.import_module("weasyprint")
            return
        except OSError:
            pass
        finally:
            ctypes.util.find_library = usual
    importlib.import_module("weasyprint")


@functools.lru_cache(maxsize=1)
def _tag_languages() -> None:
    """Give structure elements of elements with their own `lang` a /Lang entry (PDF/UA 7.2), so a
    screen reader reads the German blocks of an Arabic document with a German voice.

    WeasyPrint 70 writes /Lang only for the whole document (from <html lang>); its tag builder
    (weasyprint.pdf.tags._build_box_tree) has no hook, so it is wrapped here. If a WeasyPrint
    update renames it, PDFs lose only the per-block language, and tests/test_pdf.py says so.
    """
    import pydyf
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None or getattr(build, "with_lang", False):
        return

    def build_with_lang(box, parent, *args):
        element = getattr(box, "element", None)
        own = element.get("lang") if element is not None and getattr(box, "element_tag", None) not in ("html", "body") else None
        for struct in build(box, parent, *args):
            if own and struct is not parent and "Lang" not in struct:
                struct["Lang"] = pydyf.String(own)
            yield struct

    build_with_lang.with_lang = True
    tags._build_box_tree = build_with_lang


@functools.lru_cache(maxsize=1)
def _font_config():
    # One FontConfiguration per process, passed to every render: without it each render reloads fontconfig.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.lru_cache(maxsize=4)
def _fetcher(assets: str):
    from generator.render.fetcher import ProjectFetcher

    return ProjectFetcher(Path(assets))


def render_pdf(html: str, templates: Path, forms: bool = False, variant: str | None = "pdf/ua-1") -> bytes:
    """Render one HTML document (with a <link> to the project CSS) to PDF bytes.

    Relative URLs resolve inside `templates`, and the fetcher serves nothing outside it.

    Metadata (title, language, dates) comes from the HTML head: <title>, <html lang> and the
    dcterms.created/modified meta tags, which keep the bytes reproducible for one --as-of.
    """
    _import_weasyprint()
    from weasyprint import HTML

    _tag_languages()
    templates = Path(templates).resolve()
    document = HTML(string=html, base_url=templates.as_uri() + "/", url_fetcher=_fetcher(str(templates)))
    return document.write_pdf(
        font_config=_font_config(),
        pdf_forms=forms,
        pdf_variant=variant,
        # No image cache shared between renders: WeasyPrint's cached images keep their whole
        # document alive (a build worker grew by 33 MiB and 91,000 objects per Gesprächskonzept),
        # and no image is shared anyway: each page has its own QR code.
        stylesheets=_field_font_css(html) if forms else None,
    )


_HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"")


def _field_font_css(html: str) -> list:
    """Form fields of a document in a language with its own script use the merged Latin + script
    font (generator/render/form_fonts.py), so a name can be typed in either script."""
    from weasyprint import CSS

    from generator.render.form_fonts import family, form_font

    match = _HTML_LANG.search(html)
    font = form_font(match.group(1)) if match else None
    if font is None:
        return []

    name = family(match.group(1))
    css = (f'@font-face {{ font-family: "{name}"; src: url("{font.as_uri()}"); }}\n'
           f'.field input, .field textarea {{ font-family: "{name}" !important; }}')
    # The fetcher serves the project's assets only; this CSS gets one that serves the field font only.
    return [CSS(string=css, url_fetcher=_fetcher(str(font.parent)), font_config=_font_config())]
