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
