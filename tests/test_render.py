"""Rendering to HTML: language and direction, escaping of untrusted text, notices for drafts and fallbacks."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.content import load_site
from generator.i18n.catalogs import po_path, read_catalog, write_catalog
from generator.i18n.translator import Translator
from generator.render.document import render_document
from generator.render.environment import make_environment
from generator.render.flyer import render_flyer

from conftest import ROOT, replace_in

AS_OF = dt.date(2026, 11, 25)


def flyer_html(site, code: str, slug: str = "unna", locales=ROOT / "locales", templates=ROOT / "templates", print_=False):
    translator = Translator.load(site.language(code), locales)
    return render_flyer(make_environment(translator, templates), translator, site, slug, AS_OF, print_)


def test_html_lang_and_direction(shipped_site):
    assert '<html lang="ar" dir="rtl">' in flyer_html(shipped_site, "ar").html
    assert '<html lang="ti" dir="ltr">' in flyer_html(shipped_site, "ti").html
    assert '<html lang="de" dir="ltr">' in flyer_html(shipped_site, "de").html


def test_flyer_shows_municipality_and_county_offers_grouped(shipped_site):
    html = flyer_html(shipped_site, "de").html
    for offer in shipped_site.offers_for("unna", AS_OF):
        assert f'id="{offer.id}"' in html
    assert "kamen-begegnungscafe" not in html
    assert html.index('id="cat-residence"') < html.index('id="cat-language"') < html.index('id="cat-meeting"')
    assert 'class="offer volunteer"' in html and 'class="offer paid"' in html


def test_content_is_escaped(project):
    replace_in(project / "content/municipalities/unna.yaml", 'name: "', 'name: "<script>alert(1)</script> ', 1)
    site = load_site(project / "content")
    html = flyer_html(site, "de", locales=project / "locales", templates=project / "templates").html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markup_in_a_translation_is_escaped(project):
    path = po_path(project / "locales", "en")
    catalog = read_catalog(path, locale="en")
    catalog["Hauptamtlich"].string = '<img src=x onerror="alert(1)">Paid'
    catalog["Hauptamtlich"].flags = set()
    write_catalog(catalog, path)
    site = load_site(project / "content")
    html = flyer_html(site, "en", locales=project / "locales", templates=project / "templates").html
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_drafts_get_a_notice_in_the_language_and_in_german(project):
    site = load_site(project / "content")
    rendered = flyer_html(site, "en", locales=project / "locales", templates=project / "templates")
    assert rendered.usage.drafts  # shipped English translations are unreviewed drafts
    html = rendered.html
    assert html.count('class="notice"') == 1  # sample, draft and fallback notices share one box
    box = html[html.index('class="notice"'):html.index("</div>", html.index('class="notice"'))]
    german = box.index('<p class="de" lang="de" dir="ltr">')
    assert "Diese Übersetzung wurde noch nicht" in box[german:]
    assert '<p lang="en" dir="ltr">' in box[:german]  # the reader's language first


def test_reviewed_only_language_falls_back_to_marked_german(project):
    replace_in(project / "content/site.yaml", "code: en\n    policy: drafts-with-notice", "code: en\n    policy: reviewed-only")
    site = load_site(project / "content")
    rendered = flyer_html(site, "en", locales=project / "locales", templates=project / "templates")
    assert not rendered.usage.drafts and rendered.usage.missing
    assert "Diese Übersetzung wurde noch nicht" not in rendered.html
    assert "Einige Texte sind noch nicht übersetzt" in rendered.html
    assert '<span lang="de" dir="ltr">' in rendered.html  # German content marked as German


def test_bilingual_document_marks_missing_translations(project):
    site = load_site(project / "content")
    path = po_path(project / "locales", "ar")
    catalog = read_catalog(path, locale="ar")
    title = site.documents["vollmacht"].title
    catalog[title].string = ""
    write_catalog(catalog, path)
    translator = Translator.load(site.language("ar"), project / "locales")
    rendered = render_document(make_environment(translator, project / "templates"), translator, site,
                               site.documents["vollmacht"], None, AS_OF, print_=False)
    assert title in rendered.usage.missing
    assert "[Übersetzung fehlt – es gilt der deutsche Text]" in rendered.html
    assert 'lang="ar" dir="rtl"' in rendered.html


def test_fetcher_refuses_files_outside_the_project_and_the_network(tmp_path):
    from weasyprint.urls import FatalURLFetchingError

    from generator.render.fetcher import ProjectFetcher

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "ok.css").write_text("p {}")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = ProjectFetcher(tmp_path / "assets")
    assert fetcher.fetch((tmp_path / "assets" / "ok.css").as_uri()) is not None
    for url in [(tmp_path / "secret.txt").as_uri(), (tmp_path / "assets" / ".." / "secret.txt").as_uri(),
                "file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://example.org/x.png"]:
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)


def test_latin_parentheticals_are_isolated_in_right_to_left_text():
    from generator.render.bidi import isolate_latin

    text = "إقرار (Einwilligung) في %(place)s <b> (§ 60b Abs. 3 AufenthG) (نص Art. 9 Abs. 2 DSGVO)"
    assert str(isolate_latin(text)) == (
        'إقرار <bdi dir="ltr">(Einwilligung)</bdi> في %(place)s &lt;b&gt; '
        '<bdi dir="ltr">(§ 60b Abs. 3 AufenthG)</bdi> (نص <bdi dir="ltr" class="ref">Art. 9 Abs. 2 DSGVO</bdi>)')


def test_a_translation_that_lost_its_placeholder_falls_back_to_german():
    """An outdated translation may still carry the old placeholder (`%(date)s` after the German became
    `%(month)s`): rendering must not crash on it, and the page shows the German, recorded as missing."""
    from babel.messages.catalog import Catalog

    from generator.content.model import Language

    catalog = Catalog(locale="uk")
    catalog.add("Stand: %(month)s", "Станом на: %(date)s", flags=["fuzzy"], previous_id=["Stand: %(date)s"])
    t = Translator(Language("uk", "drafts-with-notice"), catalog)
    usage = t.start_page()
    assert t.gettext("Stand: %(month)s") % {"month": "Dezember 2026"} == "Stand: Dezember 2026"
    assert usage.missing == {"Stand: %(month)s"}
