"""Real PDFs for LTR, RTL and Ethiopic languages, read back: text, fonts, metadata, form fields."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.content import ContentError, load_site
from generator.i18n.translator import Translator

from conftest import ROOT, copy_project, replace_in
from pdftools import form_fields, pdf_fonts, pdf_meta, pdf_text

pytestmark = pytest.mark.slow
AS_OF = dt.date(2026, 11, 25)
LANGS = ("de", "en", "ar", "ti")


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    build(BuildOptions(root=ROOT, out=out, languages=LANGS, municipalities=("unna",), as_of=AS_OF))
    return out / "site"


def translated(code: str, text: str) -> str:
    site = load_site(ROOT / "content")
    return Translator.load(site.language(code), ROOT / "locales").gettext(text)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("code", LANGS)
def test_flyer_pdf_has_translated_title_offers_and_sane_pages(site_dir, code):
    path = site_dir / code / "unna.pdf"
    text = squash(pdf_text(path))
    title = translated(code, "Hilfe und Beratung in %(place)s") % {"place": "Unna"}
    if code != "ar":  # pdftotext writes Arabic lines in visual order; checked below by words
        assert title in text
    assert "Flüchtlingsinitiative Unna" in text and "Kommunales Integrationszentrum" in text
    meta = pdf_meta(path)
    assert 1 <= meta["pages"] <= 12
    assert meta["lang"] == code
    assert meta["created"].startswith("D:20261125")


def test_all_fonts_are_embedded_and_scripts_use_their_fonts(site_dir):
    expected = {"de": "Noto-Sans", "en": "Noto-Sans", "ar": "Noto-Naskh-Arabic", "ti": "Noto-Sans-Ethiopic"}
    for code, family in expected.items():
        fonts = pdf_fonts(site_dir / code / "unna.pdf")
        assert fonts and all(fonts.values()), fonts
        assert any(name.startswith(family) for name in fonts), (code, fonts)


def test_arabic_text_is_present_and_page_is_right_to_left(site_dir):
    text = pdf_text(site_dir / "ar" / "unna.pdf")
    description = translated("ar", "Beratung zu Aufenthalt und Asyl")
    for word in description.split()[:2]:
        assert word in text
    html = (site_dir / "ar" / "unna.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html


def test_tigrinya_is_drawn_in_ethiopic(site_dir):
    text = pdf_text(site_dir / "ti" / "unna.pdf")
    assert re.search(r"[\u1200-\u137F]{3,}", text)


def test_bilingual_documents_have_both_languages_and_the_binding_sentence(site_dir):
    binding = "Verbindlich ist nur der deutsche Text."
    for code in ("en", "ar", "ti"):
        text = squash(pdf_text(site_dir / code / "documents" / "einwilligung-unna.pdf"))
        assert binding in text
        assert "Datenschutzrechtliche Einwilligungserklärung" in text
        if code == "ti":
            assert re.search(r"[\u1200-\u137F]{3,}", text)
        if code == "ar":
            assert re.search(r"[\u0600-\u06FF]{3,}", text)
    german = squash(pdf_text(site_dir / "de" / "documents" / "vollmacht.pdf"))
    assert binding not in german and "Vollmacht" in german


def test_blank_documents_have_fillable_fields(site_dir):
    site = load_site(ROOT / "content")
    for doc in site.documents.values():
        path = site_dir / "ar" / "documents" / f"{doc.id}.pdf"
        fields = form_fields(path)
        expected = {item.name for s in doc.sections for b in s.blocks if b.kind in ("checks", "fields") for item in b.value}
        assert expected <= set(fields), (doc.id, expected - set(fields))
        assert 1 <= pdf_meta(path)["pages"] <= 20


def test_consent_form_lists_exactly_the_configured_recipients(site_dir):
    site = load_site(ROOT / "content")
    fields = {name for name in form_fields(site_dir / "de" / "documents" / "einwilligung-unna.pdf") if name.startswith("recipient_")}
    partners = [o for o in site.county_offers + site.municipalities["unna"].offers if o.referral_partner]
    assert fields == {"recipient_ki"} | {f"recipient_{o.id.replace('-', '_')}" for o in partners}
    text = squash(pdf_text(site_dir / "de" / "documents" / "einwilligung-unna.pdf"))
    kamen_group = next(o for o in site.municipalities["kamen"].offers if o.referral_partner and o.kind == "volunteer")
    assert kamen_group.provider not in text  # another municipality's volunteer group
    unna_group = next(o for o in site.municipalities["unna"].offers if o.referral_partner and o.kind == "volunteer")
    assert f"{unna_group.provider} – {unna_group.name}" in text


def test_expired_rules_drop_out_by_as_of_date(tmp_path):
    texts = {}
    for day in ("2025-06-01", "2026-06-01"):
        out = tmp_path / day
        build(BuildOptions(root=ROOT, out=out, languages=("de",), municipalities=("unna",), as_of=dt.date.fromisoformat(day)))
        texts[day] = squash(pdf_text(out / "site" / "de" / "documents" / "gespraechskonzept.pdf"))
    assert "Chancen-Aufenthaltsrecht (§ 104c AufenthG)" in texts["2025-06-01"]
    # the application rule is gone; the transition rule for holders of a § 104c permit stays until mid-2027
    assert "Chancen-Aufenthaltsrecht (§ 104c AufenthG)" not in texts["2026-06-01"]
    assert "Der Antrag ist nur bis zum 31. Dezember 2025 möglich" not in texts["2026-06-01"]
    assert "Sie haben schon eine Aufenthaltserlaubnis nach § 104c" in texts["2026-06-01"]
    assert "Sie haben schon eine Aufenthaltserlaubnis nach § 104c" not in texts["2025-06-01"]
    for kept in ("§ 25a AufenthG", "§ 25b AufenthG", "§ 60d AufenthG"):
        assert kept in texts["2025-06-01"] and kept in texts["2026-06-01"]


def test_same_input_gives_the_same_pdf_bytes(tmp_path):
    from generator.render.pdf import render_pdf

    html = (ROOT / "templates").joinpath("assets/style.css").exists() and "<html lang='de'><head><title>T</title><meta name='dcterms.created' content='2026-01-01'><link rel='stylesheet' href='assets/style.css'></head><body><p>Hallo</p></body></html>"
    assert render_pdf(html, ROOT / "templates") == render_pdf(html, ROOT / "templates")


def test_a_character_no_font_covers_fails_the_build_before_rendering(tmp_path):
    project = copy_project(tmp_path / "p")
    replace_in(project / "content/municipalities/unna.yaml", 'description: "', 'description: "\U0001D11E \uE000 ', 1)
    with pytest.raises(ContentError) as info:
        build(BuildOptions(root=project, out=tmp_path / "out", languages=("de",), municipalities=("unna",), as_of=AS_OF))
    message = info.value.format_message()
    assert "characters no installed font can draw" in message and "U+E000" in message
    assert not (tmp_path / "out" / "site").exists()


def test_a_language_whose_script_has_no_font_fails_clearly(tmp_path, monkeypatch):
    from generator.render import fonts

    monkeypatch.setitem(fonts.SCRIPT_FONTS, "ti", ("Noto Sans Tigrinya Imaginary",))
    with pytest.raises(ContentError) as info:
        build(BuildOptions(root=ROOT, out=tmp_path / "out", languages=("ti",), municipalities=("selm",), as_of=AS_OF))
    message = info.value.format_message()
    assert "languages.ti: no font for this language's script: Noto Sans Tigrinya Imaginary is not installed" in message
    assert "fonts-noto-core" in message
    assert not (tmp_path / "out").exists() or not (tmp_path / "out" / "site").exists()
