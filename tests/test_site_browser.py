"""The built website in headless Chromium: what a visitor sees, reads, reaches and can operate.

One partial build (German, Arabic, Tigrinya; Unna) per module, served from 127.0.0.1. Needs Debian's
chromium and chromium-driver, which `make test` installs; without them these tests fail, never skip.
"""

from __future__ import annotations

import datetime as dt
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from browser import axe_scan, chromium, describe_violations, full_page_png, require_chromium, serve
from conftest import ROOT
from generator.build import BuildOptions, build

try:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # require_chromium() in the fixtures fails with a message naming `make test`
    ActionChains = By = Keys = WebDriverWait = None

pytestmark = pytest.mark.slow

LANGUAGES = ("de", "ar", "ti")
OWN_NAMES = {"de": "Deutsch", "ar": "العربية", "ti": "ትግርኛ"}
SCREENS = Path("/tmp/screens")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    require_chromium()  # before the build: a missing browser should not cost 40 seconds
    out = tmp_path_factory.mktemp("browser-build")
    report = build(BuildOptions(root=ROOT, out=out, languages=LANGUAGES, municipalities=("unna",),
                                as_of=dt.date(2026, 11, 25)))
    return report.site


@pytest.fixture(scope="module")
def server(site):
    with serve(site) as running:
        yield running


@pytest.fixture(scope="module")
def browser(site):
    with chromium() as driver:
        yield driver


def open_page(driver, server, path: str):
    driver.get(server.url(path))
    return driver


# --- 1. language chooser ---------------------------------------------------------------------------

def test_language_chooser_names_languages_in_their_own_script_and_links_work(browser, server):
    open_page(browser, server, "")
    for code, name in OWN_NAMES.items():
        link = browser.find_element(By.CSS_SELECTOR, f'ul.language-list a[hreflang="{code}"]')
        assert link.is_displayed()
        assert link.text.splitlines()[0] == name, f"{code}: chooser shows {link.text!r}, not {name!r}"
        assert link.get_attribute("lang") == code, f"{code}: its own name is not marked lang={code}"

    browser.find_element(By.CSS_SELECTOR, 'ul.language-list a[hreflang="ar"]').click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/ar/index.html"))
    assert browser.current_url == server.url("ar/index.html")
    html = browser.find_element(By.TAG_NAME, "html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")


# --- 2. Arabic flyer reads right to left ------------------------------------------------------------

FIRST_CARD_HEADING = """
const card = document.querySelector('article.offer'), heading = card.querySelector('h3');
const range = document.createRange(); range.selectNodeContents(heading);
const text = range.getBoundingClientRect(), box = card.getBoundingClientRect(), style = getComputedStyle(card);
return {heading: heading.textContent,
        textLeft: text.left, textRight: text.right,
        innerLeft: box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
        innerRight: box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight)};
"""

PHONE_NUMBERS = """
return [...document.querySelectorAll('a[href^="tel:"] bdi[dir="ltr"]')].map(bdi => {
  const text = bdi.firstChild, range = document.createRange();
  range.setStart(text, 0); range.setEnd(text, 1); const first = range.getBoundingClientRect().left;
  range.setStart(text, text.length - 1); range.setEnd(text, text.length); const last = range.getBoundingClientRect().left;
  return {text: bdi.textContent, direction: getComputedStyle(bdi).direction, first, last};
});
"""


def test_arabic_flyer_reads_right_to_left_with_phone_numbers_left_to_right(browser, server):
    open_page(browser, server, "ar/unna.html")
    assert browser.execute_script("return getComputedStyle(document.body).direction") == "rtl"

    card = browser.execute_script(FIRST_CARD_HEADING)
    text_width, inner_width = card["textRight"] - card["textLeft"], card["innerRight"] - card["innerLeft"]
    assert text_width < inner_width - 40, f"heading {card['heading']!r} fills the card; alignment cannot be seen"
    assert abs(card["innerRight"] - card["textRight"]) <= 2, f"first offer heading is not right-aligned: {card}"
    assert card["textLeft"] - card["innerLeft"] > 40, f"first offer heading starts at the left: {card}"

    phones = browser.execute_script(PHONE_NUMBERS)
    assert phones, "no phone numbers in bdi[dir=ltr] on the Arabic flyer"
    for phone in phones:
        assert phone["direction"] == "ltr", phone
        assert phone["first"] < phone["last"], f"{phone['text']!r} is drawn right to left: {phone}"


# --- 3. nothing from outside, nothing needs JavaScript ------------------------------------------------

REQUESTED_URLS = """
return [document.location.href,
        ...performance.getEntriesByType('navigation').map(e => e.name),
        ...performance.getEntriesByType('resource').map(e => e.name)];
"""


@pytest.mark.parametrize("path", ["", "ar/index.html", "ar/unna.html", "ti/unna.html",
                                  "ar/documents/einwilligung-unna.html"])
def test_pages_load_everything_from_the_local_server(browser, server, path):
    open_page(browser, server, path)
    urls = browser.execute_script(REQUESTED_URLS)
    assert server.url("assets/style.css") in urls, f"stylesheet not loaded, requests seen: {urls}"
    foreign = [url for url in urls if urllib.parse.urlsplit(url).netloc != f"{server.host}:{server.port}"]
    assert not foreign, f"/{path} requested from elsewhere: {foreign}"


def test_arabic_flyer_shows_everything_without_javascript(server):
    source = urllib.request.urlopen(server.url("ar/unna.html"), timeout=10).read().decode("utf-8")
    offers_in_html = source.count('<article class="offer')
    assert offers_in_html > 3

    with chromium(javascript=False) as driver:
        driver.get("data:text/html,<p id=probe>off</p><script>probe.textContent='on'</script>")
        assert driver.find_element(By.ID, "probe").text == "off", "JavaScript was not switched off"

        open_page(driver, server, "ar/unna.html")
        assert "Unna" in driver.find_element(By.TAG_NAME, "h1").text
        offers = driver.find_elements(By.CSS_SELECTOR, "article.offer")
        assert len(offers) == offers_in_html and all(offer.is_displayed() for offer in offers)
        assert driver.find_element(By.CSS_SELECTOR, 'a[href^="tel:"]').is_displayed()
        assert driver.find_element(By.CSS_SELECTOR, 'a[href="unna.pdf"]').is_displayed()


# --- 4. links ----------------------------------------------------------------------------------------

def test_every_local_link_on_the_arabic_index_works(browser, server):
    open_page(browser, server, "ar/index.html")
    hrefs = browser.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
    local = sorted({href.split("#")[0] for href in hrefs
                    if href.startswith(server.base_url) and href.split("#")[0].endswith((".html", ".pdf"))})
    assert len(local) > 10, f"too few local links to check: {local}"
    broken = [(url.removeprefix(server.base_url), status) for url in local if (status := server.status(url)) != 200]
    assert not broken, (f"{len(broken)} of {len(local)} links on /ar/index.html do not answer 200:\n"
                        + "\n".join(f"  /{path} -> {status}" for path, status in broken))


# --- 5. keyboard ---------------------------------------------------------------------------------------

IN_VIEWPORT = """
const r = arguments[0].getBoundingClientRect();
return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0
       && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
"""


@pytest.mark.parametrize("path", ["de/unna.html", "ar/unna.html"])
def test_first_tab_shows_the_skip_link(browser, server, path):
    open_page(browser, server, path)
    ActionChains(browser).send_keys(Keys.TAB).perform()
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip" and focused.get_attribute("href").endswith("#main"), (
        f"first Tab focused <{focused.tag_name} class={focused.get_attribute('class')!r}>, not the skip link")
    assert focused.is_displayed() and browser.execute_script(IN_VIEWPORT, focused), (
        f"focused skip link is off screen: {focused.rect}")

    focused.send_keys(Keys.ENTER)
    assert browser.execute_script("return location.hash") == "#main"


# --- 5b. no sideways scrolling -------------------------------------------------------------------------

OVERFLOW = """
const page = document.documentElement;
const outside = [...document.body.querySelectorAll('*')].filter(el => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && (r.left < -1 || r.right > page.clientWidth + 1);
}).map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> at x ${Math.round(el.getBoundingClientRect().left)}`);
return {scrollWidth: page.scrollWidth, clientWidth: page.clientWidth, outside: outside.slice(0, 5)};
"""


@pytest.mark.parametrize("path", ["ar/index.html", "ar/unna.html", "de/unna.html", "ti/unna.html"])
def test_pages_do_not_scroll_sideways(browser, server, path):
    """A hidden element parked far to the left widens right-to-left pages: they scroll into blank space."""
    open_page(browser, server, path)
    width = browser.execute_script(OVERFLOW)
    assert width["scrollWidth"] <= width["clientWidth"], (
        f"/{path} is {width['scrollWidth']} px wide in a {width['clientWidth']} px window; "
        f"outside the window: {width['outside']}")


# --- 6. accessibility -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["", "de/unna.html", "ar/unna.html", "ti/unna.html",
                                  "ar/documents/einwilligung-unna.html"])
def test_no_serious_wcag_21_aa_violations(browser, server, path):
    open_page(browser, server, path)
    results = axe_scan(browser)
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, (f"axe-core {results['testEngine']['version']} (WCAG 2.1 A/AA) on /{path}:\n"
                         + describe_violations("/" + path, serious))


# --- 7. screenshots ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ar", "ti"])
def test_full_page_screenshot_of_flyer(browser, server, tmp_path, lang):
    open_page(browser, server, f"{lang}/unna.html")
    png = full_page_png(browser)
    shot = tmp_path / f"{lang}-unna.png"
    shot.write_bytes(png)
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SCREENS / shot.name)

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    height = int.from_bytes(png[20:24], "big")  # IHDR: width at 16..20, height at 20..24
    assert height > browser.execute_script("return window.innerHeight"), "screenshot is not of the full page"
    assert len(png) > 20_000, f"{shot} is only {len(png)} bytes"
