"""The build planner: atomic publishing, incremental rebuilds, strict mode, clear errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator.build import BuildOptions, build
from generator.content import ContentError
from generator.i18n.catalogs import po_path, read_catalog, write_catalog

from conftest import replace_in
from pdftools import pdf_text

pytestmark = pytest.mark.slow
AS_OF = dt.date(2026, 11, 25)


def options(project, out, **kw):
    return BuildOptions(root=project, out=out, languages=kw.pop("languages", ("de",)),
                        municipalities=kw.pop("municipalities", ("unna",)), as_of=AS_OF, **kw)


def snapshot(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_rebuilds_only_what_changed_and_keeps_site_on_errors(project, tmp_path):
    out = tmp_path / "build"
    first = build(options(project, out, languages=("de", "ar")))
    site = out / "site"
    assert first.pdfs_rendered == 16 and (site / "ar" / "unna.pdf").exists()
    assert json.loads((out / "site.manifest.json").read_text())["files"]["ar/unna.pdf"]
    assert not (site / ".manifest.json").exists()  # the manifest is not published

    again = build(options(project, out, languages=("de", "ar")))
    assert not again.changed and again.pdfs_rendered == 0

    # A KI staff member renames an offer: it shows up in the Arabic flyer, nothing else is re-rendered.
    replace_in(project / "content/municipalities/unna.yaml", 'name: "Hausaufgabenhilfe Königsborn', 'name: "Lernhilfe Königsborn')
    changed = build(options(project, out, languages=("de", "ar")))
    assert changed.changed and changed.pdfs_rendered == 2  # de/unna.pdf and ar/unna.pdf
    assert "Lernhilfe Königsborn" in pdf_text(site / "ar" / "unna.pdf")
    # A referral partner also appears on the consent form, so that is made again too.
    replace_in(project / "content/municipalities/unna.yaml", 'name: "Begegnungscafé', 'name: "Internationales Begegnungscafé')
    partner = build(options(project, out, languages=("de", "ar")))
    assert partner.pdfs_rendered == 4
    assert "Internationales Begegnungscafé" in " ".join(pdf_text(site / "ar" / "documents" / "einwilligung-unna.pdf").split())

    # Broken input: a clear error, and the published site stays exactly as it was.
    before = snapshot(site)
    for broken in ['last_verified: 2026-02-30', 'lastverified: 2026-01-01']:
        path = project / "content/municipalities/unna.yaml"
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("last_verified: 2026-", broken + "\n    last_verified: 2026-", 1), encoding="utf-8")
        with pytest.raises(ContentError) as info:
            build(options(project, out, languages=("de", "ar")))
        assert "content/municipalities/unna.yaml:" in info.value.format_message()
        path.write_text(good, encoding="utf-8")
        assert snapshot(site) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".site-")]


def test_a_language_with_missing_texts_is_left_out_unless_previewed(project, tmp_path):
    path = po_path(project / "locales", "en")
    catalog = read_catalog(path, locale="en")
    catalog["Zeiten"].string = ""
    write_catalog(catalog, path)
    out = tmp_path / "out"
    report = build(options(project, out, languages=("de", "en")))
    assert report.left_out["en"] == "1 text missing (policy drafts-with-notice)"
    site = out / "site"
    assert not (site / "en").exists() and (site / "de" / "unna.html").exists()
    for page in ("index.html", "sitemap.xml", "de/unna.html"):  # chooser, sitemap, hreflang
        assert "/en/" not in (site / page).read_text(encoding="utf-8").replace('href="en/', "/en/"), page

    # --preview shows it, with German where the text is missing, in a folder of its own; --strict refuses.
    with pytest.raises(ContentError) as info:
        build(options(project, out, languages=("en",), preview=True, strict=True))
    message = info.value.format_message()
    assert "locales/en/LC_MESSAGES/messages.po" in message and "no publishable translation (strict build)" in message
    preview = build(options(project, out, languages=("de", "en"), preview=True))
    assert preview.site == out / "preview" and "Zeiten" in preview.fallbacks["en"]
    assert (out / "preview" / "en" / "unna.pdf").exists() and not (site / "en").exists()
    assert preview.pdfs_rendered == 8  # the German PDFs came from the cache


def test_unknown_language_or_municipality_is_a_clear_error(project, tmp_path):
    with pytest.raises(ContentError) as info:
        build(options(project, tmp_path / "out", languages=("xx",)))
    assert "'xx' is not configured; use one of: de, en, ar, ti" in info.value.format_message()
    with pytest.raises(ContentError) as info:
        build(options(project, tmp_path / "out", municipalities=("dortmund",)))
    assert "'dortmund' is not configured" in info.value.format_message()


def test_site_pages_link_languages_and_have_a_sitemap(project, tmp_path):
    build(options(project, tmp_path / "out", languages=("de", "ar")))
    site = tmp_path / "out" / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="ar/index.html" lang="ar" dir="rtl"' in index and "العربية" in index
    flyer = (site / "ar" / "unna.html").read_text(encoding="utf-8")
    assert 'hreflang="de" href="https://integration.kreis-unna.example.org/de/unna.html"' in flyer
    assert 'href="../assets/style.css"' in flyer and "http://" not in flyer.split("</head>")[0].replace('hreflang', '')
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://integration.kreis-unna.example.org/ar/unna.html</loc>" in sitemap
    assert "<loc>https://integration.kreis-unna.example.org/ar/documents/vollmacht.pdf</loc>" in sitemap
    # A reader whose language is not served lands on the chooser, which names every language's index.
    assert 'hreflang="x-default" href="https://integration.kreis-unna.example.org/index.html"' in flyer
    assert 'hreflang="ar" href="https://integration.kreis-unna.example.org/ar/index.html"' in index
    assert 'hreflang="x-default" href="https://integration.kreis-unna.example.org/index.html"' in index
    language_index = (site / "ar" / "index.html").read_text(encoding="utf-8")
    assert 'href="documents/einwilligung-unna.pdf"' in language_index and 'href="unna.pdf"' in language_index


def test_a_comment_in_content_changes_no_output(project, tmp_path):
    out = tmp_path / "build"
    build(options(project, out))
    path = project / "content/municipalities/unna.yaml"
    path.write_text("# geprüft im November\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    report = build(options(project, out))
    assert not report.changed and report.pdfs_rendered == 0
    assert not build(options(project, out)).changed  # and the next build is a no-op again
