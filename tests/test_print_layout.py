"""Printed pages read back with character positions (pdfplumber): what a person holding the paper
would notice. German column inside its half, signatures with their lines on one page, no near-empty
pages, law references intact in right-to-left text, and the language of every block for screen readers.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter

from conftest import ROOT
from generator.content import load_site
from generator.render.pdf import render_pdf

sys.path.insert(0, str(ROOT / "benchmarks"))
from profile_layout import print_html  # noqa: E402  the same print HTML the build renders

pytestmark = pytest.mark.slow
AS_OF = dt.date(2026, 11, 25)
# Marks the German cells of bilingual rows in red; colour changes no layout.
GERMAN_RED = '.pair > div[lang="de"] { color: rgb(255, 0, 0); }</style>'
CASES = ("vollmacht-de", "einwilligung-selm-fa", "gespraechskonzept-unna-ps", "ausreiseinformation-unna-uk",
         "einwilligung-unna-ti", "flyer-unna-ar", "flyer-unna-ti", "flyer-kamen-ckb")


@pytest.fixture(scope="module")
def pdfs() -> dict[str, tuple[str, bytes]]:
    """Case name -> (language, PDF bytes), with the German column marked red."""
    pages = print_html(ROOT)
    result = {}
    for name in CASES:
        code, html, forms = pages[name]
        result[name] = (code, render_pdf(html.replace("</style>", GERMAN_RED, 1), ROOT / "templates", forms=forms))
    return result


def is_red(char: dict) -> bool:
    colour = char.get("non_stroking_color")
    return isinstance(colour, (tuple, list)) and len(colour) == 3 and colour[0] > 0.9 and colour[1] < 0.1 and colour[2] < 0.1


@pytest.mark.parametrize("name", ["einwilligung-selm-fa", "ausreiseinformation-unna-uk", "gespraechskonzept-unna-ps"])
def test_german_column_stays_in_its_half(pdfs, name):
    """Long URLs in the German column once ran 8 mm into the translation."""
    with pdfplumber.open(io.BytesIO(pdfs[name][1])) as pdf:
        gutter = pdf.pages[0].width / 2  # symmetric page margins: the columns meet in the middle
        for number, page in enumerate(pdf.pages, 1):
            across = [c["text"] for c in page.chars if is_red(c) and c["x1"] > gutter + 0.5]
            assert not across, f"{name} p.{number}: German text crosses into the translation: {''.join(across)[:60]!r}"


@pytest.mark.parametrize("name,labels", [
    ("vollmacht-de", ["Ort, Datum und Unterschrift der Person, die die Vollmacht gibt",
                      "Ort, Datum und Unterschrift der bevollmächtigten Person"]),
    ("einwilligung-selm-fa", ["Ort, Datum und Unterschrift der betroffenen Person",
                              "Ort, Datum und Unterschrift der Dolmetscherin / des Dolmetschers",
                              "Ort, Datum und Unterschrift der Sachbearbeiterin / des Sachbearbeiters der Ausländerbehörde"]),
])
def test_signatures_stay_together_with_their_lines(pdfs, name, labels):
    """Once the second signature of the Vollmacht stood alone on page 3."""
    with pdfplumber.open(io.BytesIO(pdfs[name][1])) as pdf:
        halves = [page.crop((0, 0, page.width / 2 + 0.5, page.height)) for page in pdf.pages]  # the German column
        texts = [" ".join((half.extract_text() or "").split()) for half in halves]
        pages = {label: [n for n, text in enumerate(texts) if label in text] for label in labels}
        assert all(pages.values()), f"{name}: labels not found: {[label for label, found in pages.items() if not found]}"
        on = {found[0] for found in pages.values()}
        assert len(on) == 1, f"{name}: signatures spread over pages {sorted(n + 1 for n in on)}"
        page = pdf.pages[on.pop()]
        lines = [e for e in page.edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 150]
        assert len(lines) >= len(labels), f"{name}: {len(lines)} signature lines for {len(labels)} labels"


@pytest.mark.parametrize("name", CASES)
def test_no_near_empty_page_except_the_last(pdfs, name):
    with pdfplumber.open(io.BytesIO(pdfs[name][1])) as pdf:
        for number, page in enumerate(pdf.pages[:-1], 1):
            body = page.crop((0, 0, page.width, page.height - 18 * 72 / 25.4))  # above the running footer
            lines = {round(c["top"]) for c in body.chars if c["text"].strip()}
            assert len(lines) >= 8, f"{name} p.{number} holds only {len(lines)} lines of text"


def visual_lines(page, x0: float) -> list[str]:
    """The characters right of x0, line by line in visual order (left to right). Lines are grouped by
    baseline with some tolerance: Naskh and Noto Sans digits sit at different heights."""
    chars = sorted((c for c in page.chars if c["x0"] >= x0), key=lambda c: c["bottom"])
    lines: list[list[dict]] = []
    for char in chars:
        if lines and char["bottom"] - lines[-1][0]["bottom"] < 4:
            lines[-1].append(char)
        else:
            lines.append([char])
    return ["".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])) for line in lines]


def test_law_reference_reads_intact_in_right_to_left_text(pdfs):
    """WeasyPrint ignores <bdi>; Unicode isolates keep "§ 25a AufenthG" in order in Pashto
    (before: "(25a AufenthG" then "§)", and "104c AufenthG §")."""
    with pdfplumber.open(io.BytesIO(pdfs["gespraechskonzept-unna-ps"][1])) as pdf:
        lines = [line for page in pdf.pages for line in visual_lines(page, page.width / 2)]
    assert any("§ 25a AufenthG" in line for line in lines)
    assert any("§ 104c AufenthG" in line for line in lines)
    assert not any("AufenthG §" in line for line in lines)


@pytest.mark.parametrize("name", ["vollmacht-de", "einwilligung-selm-fa", "gespraechskonzept-unna-ps", "ausreiseinformation-unna-uk"])
def test_document_language_is_the_readers_and_german_blocks_say_german(pdfs, name):
    code, data = pdfs[name]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == code
        languages = set()
        todo = [pdf.Root.StructTreeRoot.K]
        while todo:
            item = todo.pop()
            if isinstance(item, pikepdf.Array):
                todo.extend(item)
            elif isinstance(item, pikepdf.Dictionary) and item.get("/Type") == "/StructElem":
                if "/Lang" in item:
                    languages.add(str(item.Lang))
                if "/K" in item:
                    todo.append(item.K)
    if code == "de":
        assert languages <= {"de"}
    else:
        assert {"de", code} <= languages, f"{name}: structure elements carry only {languages}"


def test_page_numbers_are_written_in_the_readers_digits(pdfs):
    with pdfplumber.open(io.BytesIO(pdfs["einwilligung-selm-fa"][1])) as pdf:
        last = pdf.pages[-1]
        footer = last.crop((0, last.height - 18 * 72 / 25.4, last.width, last.height)).extract_text()
    total = len(pdf.pages)
    persian = "".join(chr(0x06F0 + int(d)) for d in str(total))
    # "صفحه ۱ از ۱۰"; pdfplumber may give the right-to-left words in visual order ("زا")
    assert persian in footer and ("/" in footer or "از" in footer or "زا" in footer), footer


@pytest.mark.parametrize("name,typed", [
    ("einwilligung-selm-fa", "محمد رضایی Müller-Şahin"),
    ("einwilligung-unna-ti", "ሰላም ተስፋይ Müller-Şahin"),
    ("vollmacht-de", "Müller-Şahin, Łódź"),
])
def test_form_fields_show_names_in_latin_and_the_documents_script(pdfs, name, typed, tmp_path):
    """A name typed in Arabic was dropped: the field font was Noto Sans only."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdfs[name][1])))
    fields = [n for n, f in (writer.get_fields() or {}).items() if f.get("/FT") == "/Tx"]
    assert fields
    for page in writer.pages:
        writer.update_page_form_field_values(page, {n: typed for n in fields}, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    filled = tmp_path / "filled.pdf"
    with filled.open("wb") as out:
        writer.write(out)
    render = subprocess.run(["pdftoppm", "-png", "-r", "20", str(filled), str(tmp_path / "page")],
                            capture_output=True, text=True, check=True)
    assert "couldn't find a font" not in render.stderr, render.stderr[:300]


def test_german_terms_in_right_to_left_text_move_to_the_next_line_whole():
    """WeasyPrint broke "(Ausländerbehörde)" inside the word ("Ausländerbeh" / "örde)") at the end of
    an Arabic line of the Gesprächskonzept, where the browser moves the term to the next line."""
    from generator.i18n.translator import Translator
    from generator.render.document import render_document
    from generator.render.environment import make_environment

    site = load_site(ROOT / "content")
    t = Translator.load(site.language("ar"), ROOT / "locales")
    html = render_document(make_environment(t, ROOT / "templates"), t, site, site.documents["gespraechskonzept"],
                           "unna", AS_OF, True).html
    with pdfplumber.open(io.BytesIO(render_pdf(html, ROOT / "templates", forms=True))) as pdf:
        lines = [line for page in pdf.pages[:3] for line in visual_lines(page, page.width / 2)]
    split = [line for line in lines if "Ausländerbeh" in line and "Ausländerbehörde" not in line]
    assert any("Ausländerbehörde" in line for line in lines) and not split, split
