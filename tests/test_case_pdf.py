"""Filled documents read back from real PDFs: the person's name in both halves (own script in the
translation), ticked items present, unticked recipients and undiscussed rules absent, the guardian
block for minors, and a German PDF/A file copy whose metadata holds nothing of the person."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest

from generator.cases.fields import GUARDIAN_SIGNATURE
from generator.cases.render import Renderer
from generator.cases.validate import validate_case
from generator.render.document import recipients

from casedata import NAMES, sample_case
from conftest import ROOT
from pdftools import pdf_meta

pytestmark = pytest.mark.slow
HALF = 297  # A4 is 595 pt wide: German left, translation right
CASES = [("einwilligung", "fa"), ("einwilligung", "ti"), ("gespraechskonzept", "ar"), ("gespraechskonzept", "ti"),
         ("vollmacht", "ar"), ("vollmacht", "ti"), ("ausreiseinformation", "fa"), ("ausreiseinformation", "ti")]


@pytest.fixture(scope="module")
def renderer(shipped_site):
    return Renderer(shipped_site, ROOT)


def text_of(path: Path, half: str | None = None) -> str:
    crop = {"left": ["-x", "0", "-W", str(HALF)], "right": ["-x", str(HALF), "-W", "300"], None: []}[half]
    crop += ["-y", "0", "-H", "842"] if half else []
    out = subprocess.run(["pdftotext", "-layout", *crop, str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    out = "".join(c for c in out if unicodedata.category(c) != "Cf")  # bidi marks pdftotext adds
    return re.sub(r"[ \t]+", " ", out)


def rendered(renderer, tmp_path, raw, copy="person") -> Path:
    path = tmp_path / f"{raw['document']}-{raw['language']}-{copy}.pdf"
    path.write_bytes(renderer.pdf(validate_case(raw, renderer.site), copy))
    return path


@pytest.mark.parametrize("document,code", CASES)
def test_person_copy_has_the_name_in_both_halves_and_the_ticked_items(renderer, tmp_path, document, code):
    raw = sample_case(document, code)
    path = rendered(renderer, tmp_path, raw)
    latin, native = NAMES[code]
    left, right = text_of(path, "left"), text_of(path, "right")
    # pdftotext writes mixed-direction lines in visual order, so the name is checked word by word
    for word in latin.replace(",", "").split() + native.split():
        assert word in left and word in right, (word, code)
    assert "35.2-2026-0815" in left
    whole = text_of(path)
    assert "24.11.2026" in left
    ticked_lines = [line for line in whole.splitlines() if line.lstrip().startswith("✕")]
    assert len(ticked_lines) >= len([t for t in raw["ticked"] if not t.startswith("rule_")]) - 1, ticked_lines
    assert "Vormund, Gustav" not in whole and GUARDIAN_SIGNATURE[:30] not in whole


def test_consent_form_lists_only_the_ticked_recipients(renderer, tmp_path, shipped_site):
    raw = sample_case("einwilligung", "fa")
    whole = re.sub(r"\s+", " ", text_of(rendered(renderer, tmp_path, raw)))
    labels = dict(recipients(shipped_site, "kamen", dt.date(2026, 11, 24)))
    assert len(labels) > 3
    assert f"✕ {labels['recipient_ki']}" in whole
    for name, label in labels.items():
        if name != "recipient_ki":
            assert label not in whole, label
    health = "Ich willige auch ein, dass Angaben zu meiner"
    assert health in whole and f"✕ {health}" not in whole  # unticked box stays empty


def test_conversation_record_shows_only_the_rules_discussed_with_their_outcome(renderer, tmp_path, shipped_site):
    whole = re.sub(r"\s+", " ", text_of(rendered(renderer, tmp_path, sample_case("gespraechskonzept", "ar")), "left"))
    assert "Aufenthalt bei nachhaltiger Integration" in whole and "(§ 25b AufenthG)" in whole
    assert "Ergebnis im Gespräch: Kommt in Betracht, es fehlt noch etwas" in whole and "Deutsch A2 nachweisen" in whole
    for rule in shipped_site.documents["gespraechskonzept"].rules:  # summaries: the headings recur as status boxes
        assert (rule.summary[:45] in whole) == (rule.id == "aufenthg-25b"), rule.id


@pytest.mark.parametrize("document,code", [("vollmacht", "ar"), ("einwilligung", "ti")])
def test_minors_get_the_guardian_block(renderer, tmp_path, document, code):
    whole = re.sub(r"\s+", " ", text_of(rendered(renderer, tmp_path, sample_case(document, code, minor=True)), "left"))
    assert "Vormund, Gustav" in whole
    # the document's own guardian block (tick box "Die Person ist minderjährig"), printed once
    assert whole.count("Unterschrift der gesetzlichen Vertreterin / des gesetzlichen Vertreters") == 1
    assert "Nur wenn angekreuzt ist" not in whole and GUARDIAN_SIGNATURE[:40] not in whole


def test_a_filled_form_holds_only_the_blocks_its_ticks_call_for(renderer, tmp_path):
    """An adult's consent form has no guardian block and no "only if ticked" notes; a conversation
    record with "Aufenthaltsgestattung" ticked does not list the passport duties at the embassy."""
    adult = re.sub(r"\s+", " ", text_of(rendered(renderer, tmp_path, sample_case("einwilligung", "fa")), "left"))
    assert "gesetzlichen Vertreterin / des gesetzlichen Vertreters" not in adult
    assert "Nur wenn angekreuzt ist" not in adult and "Gilt nicht, wenn angekreuzt ist" not in adult
    raw = sample_case("gespraechskonzept", "ar")
    embassy = "bei der Botschaft oder dem Konsulat Ihres Herkunftslandes einen Pass beantragen"
    without = re.sub(r"\s+", " ", text_of(rendered(renderer, tmp_path, raw), "left"))
    raw_gestattung = raw | {"ticked": list(raw["ticked"]) + ["status_gestattung"]}
    (tmp_path / "g").mkdir()
    with_gestattung = re.sub(r"\s+", " ", text_of(rendered(renderer, tmp_path / "g", raw_gestattung), "left"))
    assert embassy in without and embassy not in with_gestattung


def test_file_copy_is_german_pdfa_and_metadata_holds_nothing_of_the_person(renderer, tmp_path):
    raw = sample_case("gespraechskonzept", "ar")
    path = rendered(renderer, tmp_path, raw, copy="file")
    whole = text_of(path)
    assert "Haddad, Samir" in whole and not re.search(r"[\u0600-\u06ff]{3,}", whole.replace("سمير", "").replace("حداد", ""))
    assert "Übersetzung" not in whole  # monolingual: no translated half, no missing-translation markers
    with pikepdf.open(path) as pdf:
        xmp = str(pdf.open_metadata())
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
        assert "/StructTreeRoot" in pdf.Root
    meta = pdf_meta(path)
    assert meta["lang"] == "de" and meta["created"].startswith("D:20261124")
    person = rendered(renderer, tmp_path, raw)
    for pdf_path in (path, person):
        with pikepdf.open(pdf_path) as pdf:
            stored = str(pdf.open_metadata()) + repr({str(k): str(v) for k, v in pdf.docinfo.items()})
        for secret in ("Haddad", "Samir", "سمير", "35.2-2026", "1995", "2001", "Petra", "Lina"):
            assert secret not in stored, (pdf_path.name, secret)
    assert info["/Title"].startswith("Gesprächsdokumentation")


def test_filled_form_html_names_the_fonts_of_german_and_the_persons_language_only(renderer):
    # Font rules of the twenty configured languages made every render match twenty :lang() selectors.
    case = validate_case(sample_case("einwilligung", "fa-AF"), renderer.site)
    for copy in ("person", "file"):
        html = renderer.html(case, copy)
        assert set(re.findall(r"^:lang\(([\w-]+)\)", html, re.M)) == {"de", "fa-AF"}, copy
        assert "Noto Naskh Arabic" in html and "Noto Sans Ethiopic" not in html, copy  # the native name's script
