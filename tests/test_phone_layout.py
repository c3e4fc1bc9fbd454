"""Pages on a 360 px phone screen in headless Chromium: no sideways scrolling, nothing past the edge,
no box that cuts its text off; one page of every kind in left-to-right, right-to-left and Ethiopic.

Screenshots go to build/screenshots/ for a person to look at. Needs Debian's chromium and
chromium-driver (`make test`); without them these tests fail, never skip.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest


from browser import LAYOUT_PROBLEMS, chromium, emulate_phone, full_page_png, require_chromium, serve
from conftest import ROOT
from generator.build import BuildOptions, build
from generator.i18n import codes

pytestmark = pytest.mark.slow

SCREENSHOTS = ROOT / "build" / "screenshots"
# One page of every kind (chooser, language index, flyer, document) in de, ar (RTL) and ti (Ethiopic).
PAGES = ["index.html"] + [f"{lang}/{page}" for lang in ("de", "ar", "ti")
                          for page in ("index.html", "unna.html", "luenen.html", "documents/einwilligung-unna.html")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    out = tmp_path_factory.mktemp("phone-build")
    report = build(BuildOptions(root=ROOT, out=out, languages=("de", "ar", "ti"), municipalities=("unna", "luenen"),
                                as_of=dt.date(2026, 11, 25)))
    with serve(report.site) as running:
        yield running


@pytest.fixture(scope="module")
def phone():
    with chromium() as driver:
        emulate_phone(driver, 360)
        yield driver


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_360_px_screen(phone, server, path):
    phone.get(server.url(path))
    problems = phone.execute_script(LAYOUT_PROBLEMS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"360-{path.replace('/', '-')}".replace(".html", ".png")).write_bytes(full_page_png(phone))
    assert problems["scrollWidth"] <= problems["clientWidth"], (
        f"/{path} scrolls sideways: {problems['scrollWidth']} px in a {problems['clientWidth']} px screen")
    assert not problems["outside"], f"/{path}: past the screen edge: {problems['outside']}"
    assert not problems["clipped"], f"/{path}: a box cuts its text off: {problems['clipped']}"


def test_contact_labels_stack_above_their_values_on_a_phone(phone, server):
    phone.get(server.url("ar/unna.html"))
    label, value = phone.execute_script(
        "const dt = document.querySelector('.offer dt'); return [dt.getBoundingClientRect().bottom,"
        " dt.nextElementSibling.getBoundingClientRect().top];")
    assert value >= label - 1, "the label column stands beside its value on a 360 px screen"


def test_language_chooser_keeps_its_margins_and_a_grid_of_languages(phone, server):
    phone.get(server.url("index.html"))
    body_margin, columns = phone.execute_script(
        "const b = getComputedStyle(document.body); const ul = document.querySelector('ul.language-list');"
        "return [parseFloat(b.paddingLeft), getComputedStyle(ul).gridTemplateColumns.split(' ').length];")
    assert body_margin >= 8, "the chooser page lost its side margins"
    assert columns == 2, f"{columns} columns of languages on a 360 px screen"
    assert phone.execute_script("return getComputedStyle(document.body).display") == "block"


TWENTY = "de en ar ti fa ps ckb uk fr fa-AF kmr tr ru ka hy sq sr mk ur so".split()


def test_language_chooser_with_twenty_languages_on_a_phone(tmp_path):
    """Twenty languages, each in its own name and script with the German name, grouped by script and
    sorted by German name inside a group; the whole list fits the phone's width."""
    from conftest import copy_project
    from generator.content import load_site
    from generator.i18n.translator import Translator
    from generator.render.environment import make_environment
    from generator.render.site_pages import render_chooser

    project = copy_project(tmp_path / "project")
    site_yaml = project / "content" / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    start, end = text.index("languages:\n"), text.index("\n\n", text.index("languages:\n"))
    listing = "languages:\n" + "".join(f"  - code: {code}\n    policy: drafts-with-notice\n" for code in TWENTY)
    site_yaml.write_text(text[:start] + listing.rstrip("\n") + text[end:], encoding="utf-8")
    site = load_site(project / "content")
    german = Translator.load(site.language("de"), project / "locales")
    html = render_chooser(make_environment(german, project / "templates"), german, site, dt.date(2026, 11, 25)).html
    folder = tmp_path / "site"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(html, encoding="utf-8")
    (folder / "assets" / "style.css").write_bytes((ROOT / "templates" / "assets" / "style.css").read_bytes())

    with serve(folder) as server, chromium() as driver:
        emulate_phone(driver, 360)
        driver.get(server.url("index.html"))
        problems = driver.execute_script(LAYOUT_PROBLEMS)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "360-index-twenty-languages.png").write_bytes(full_page_png(driver))
        groups = driver.execute_script(
            "return [...document.querySelectorAll('section.script-group')].map(s => ["
            " s.querySelector('h2').textContent.trim(),"
            " [...s.querySelectorAll('a')].map(a => [a.getAttribute('hreflang'), a.querySelector('.german').textContent])]);")
    assert problems["scrollWidth"] <= problems["clientWidth"] and not problems["outside"] and not problems["clipped"], problems
    tags = [tag for _, links in groups for tag, _ in links]
    assert sorted(tags) == sorted(codes.tag(c) for c in TWENTY)  # hreflang is the BCP 47 tag (sr-Latn)
    names = [name for name, _ in groups]
    assert names[0].startswith("Lateinische Schrift") and any(n.startswith("Arabische Schrift") for n in names)
    for name, links in groups:
        germans = [g.casefold() for _, g in links]
        assert germans == sorted(germans, key=lambda g: g.replace("ä", "a").replace("ö", "o").replace("ü", "u")), name
    arabic = dict(next(links for name, links in groups if name.startswith("Arabische")))
    assert {"ar", "fa", "ps", "ckb", "ur"} <= set(arabic)
