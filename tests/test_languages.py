"""Every configured language, smoke-tested: one flyer and one document PDF built and read back.

For each language: the title is there in that language, its script's font is embedded, no font
outside the language's stack was needed (Pango reaches for another font only for a glyph the
stack lacks), and /Lang names the language.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest

from generator.build import BuildOptions, language_pages
from generator.content import load_site
from generator.i18n.formatting import text_direction
from generator.i18n.translator import Translator
from generator.render import fonts

from conftest import ROOT
from pdftools import pdf_fonts, pdf_meta, pdf_text

pytestmark = pytest.mark.slow
AS_OF = dt.date(2026, 11, 25)
SITE = load_site(ROOT / "content")
TWENTY = ("de", "en", "ar", "ti", "fa", "ps", "ckb", "uk", "fr", "fa-AF", "kmr", "tr", "ru", "ka", "hy", "sq", "sr",
          "mk", "ur", "so")
# What a reader of each script must find in the PDF: a run of its letters.
SCRIPT_RUN = {"Arabic": r"[\u0600-\u06FF]{3,}", "Ethiopic": r"[\u1200-\u137F]{3,}", "Georgian": r"[\u10A0-\u10FF]{3,}",
              "Armenian": r"[\u0530-\u058F]{3,}", "Cyrillic": r"[\u0400-\u04FF]{3,}"}
SCRIPT_OF = {"ar": "Arabic", "fa": "Arabic", "fa-AF": "Arabic", "ps": "Arabic", "ckb": "Arabic", "ur": "Arabic",
             "ti": "Ethiopic", "ka": "Georgian", "hy": "Armenian", "ru": "Cyrillic", "uk": "Cyrillic", "mk": "Cyrillic"}


def test_the_county_serves_twenty_languages():
    assert set(SITE.codes) == set(TWENTY)


def _pdf_name(family: str) -> str:
    return family.replace(" ", "-")


def _contains(text: str, phrase: str, rtl: bool) -> bool:
    """Whether the extracted text holds every word of the phrase. Words, not the phrase: the bilingual
    layout puts the German column beside the translation, so a wrapped title interleaves with it;
    right-to-left lines may come out in visual order, so there a word may also appear reversed."""
    words = [w for w in re.findall(r"\w+", phrase) if len(w) > 1]
    return bool(words) and all(w in text or (rtl and w[::-1] in text) for w in words)


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(code) -> {"flyer": Path, "document": Path, "warnings": [...]}: Selm's flyer and the power of attorney, as PDFs."""
    from generator.render.pdf import render_pdf

    handler = _Warnings()
    logging.getLogger("weasyprint").addHandler(handler)

    out = tmp_path_factory.mktemp("languages")
    options = BuildOptions(root=ROOT, as_of=AS_OF)
    wanted = {"selm.pdf": "flyer", "documents/vollmacht.pdf": "document"}
    result: dict[str, dict] = {}
    for code in TWENTY:
        result[code] = {"pdfs": {}}
        handler.messages = []
        for path, page, forms in language_pages(SITE, code, ["selm"], options):
            kind = wanted.get(path.split("/", 1)[1])
            if kind:
                target = out / f"{code}-{kind}.pdf"
                target.write_bytes(render_pdf(page.html, ROOT / "templates", forms=forms))
                result[code]["pdfs"][kind] = target
        result[code]["warnings"] = handler.messages
    logging.getLogger("weasyprint").removeHandler(handler)
    return result


@pytest.mark.parametrize("code", TWENTY)
def test_flyer_and_document_in_every_language(rendered, code):
    language = SITE.language(code)
    t = Translator.load(language, ROOT / "locales")
    rtl = text_direction(code) == "rtl"
    allowed = {_pdf_name(f) for f in fonts.families_for(code, SITE.codes)}
    allowed |= {f"unna-docs-Form-{name}" for name in allowed}  # the form fields' merged Latin + script fonts
    assert set(rendered[code]["pdfs"]) == {"flyer", "document"}
    for kind, path in rendered[code]["pdfs"].items():
        text = pdf_text(path)
        title = t.gettext("Hilfe und Beratung in %(place)s") % {"place": "Selm"} if kind == "flyer" else t.gettext(SITE.documents["vollmacht"].title)
        # Nastaliq's contextual glyphs do not map back to letters in extracted text (Urdu copy and
        # paste from the PDF is garbled); there the title is read from the PDF's metadata instead.
        found = _contains(text, title, rtl) or (code == "ur" and title in (pdf_meta(path)["title"] or ""))
        assert found, (code, kind, title)
        if code in SCRIPT_OF:
            assert re.search(SCRIPT_RUN[SCRIPT_OF[code]], text), (code, kind)
        used = pdf_fonts(path)
        assert used and all(used.values()), (code, kind, used)  # every font embedded
        own = fonts.SCRIPT_FONTS.get(code, fonts.LATIN)[0]
        assert any(name.startswith(_pdf_name(own)) for name in used), (code, kind, own, used)
        strays = {name for name in used if not any(name.startswith(a) for a in allowed)}
        assert not strays, f"{code} {kind}: Pango needed fonts outside the language's stack: {strays}"
        assert pdf_meta(path)["lang"] == language.tag, (code, kind)
    assert not [m for m in rendered[code]["warnings"] if "glyph" in m.lower() or "font" in m.lower()], rendered[code]["warnings"]
