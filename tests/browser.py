"""Helpers for the browser tests: a local static HTTP server for a built site and headless Chromium.

Uses Debian's Chromium and chromedriver (installed by `make test`); nothing here downloads a browser
or a driver. Selenium Manager is never asked for one: the driver path is always given explicitly.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import shutil
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# What axe-core checks: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


# --- local HTTP server -------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


class SiteServer:
    """A built site folder served on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self.host, self.port = self._httpd.server_address[:2]
        self.base_url = f"http://{self.host}:{self.port}/"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="site-server", daemon=True)

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def status(self, url: str) -> int:
        """HTTP status of a GET for url (a full URL on this server)."""
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[SiteServer]:
    server = SiteServer(folder).start()
    try:
        yield server
    finally:
        server.stop()


# --- headless Chromium -------------------------------------------------------------------------

def require_chromium() -> None:
    """Fail (not skip) when Debian's Chromium or chromedriver, or a Python package for them, is missing."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"browser tests need {' and '.join(missing)} (Debian packages chromium and chromium-driver); "
                    "run `make test`, which installs them", pytrace=False)
    for module, package in (("selenium", "selenium"), ("selenium_axe_python", "selenium-axe-python")):
        try:
            __import__(module)
        except ImportError:
            pytest.fail(f"browser tests need the Python package {package}; run `make test`, "
                        "which installs the [test] extras", pytrace=False)


@contextlib.contextmanager
def chromium(javascript: bool = True, width: int = 1280, height: int = 900, downloads: Path | None = None) -> Iterator:
    """A headless Chromium WebDriver session with a fresh profile, quit and removed afterwards.

    With `downloads`, PDFs are saved there instead of opening in the viewer, so a test can read them."""
    require_chromium()
    from selenium import webdriver

    profile = tempfile.mkdtemp(prefix="unna-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    prefs = {}
    if not javascript:
        options.add_argument("--blink-settings=scriptEnabled=false")
        prefs["profile.managed_default_content_settings.javascript"] = 2
    if downloads is not None:
        prefs.update({"download.default_directory": str(downloads), "download.prompt_for_download": False,
                      "plugins.always_open_pdf_externally": True})
    if prefs:
        options.add_experimental_option("prefs", prefs)
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def full_page_png(driver) -> bytes:
    """A PNG of the whole page, not only the viewport (Chrome DevTools Page.captureScreenshot)."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"format": "png", "captureBeyondViewport": True, "clip": clip})
    return base64.b64decode(shot["data"])


# --- axe-core ------------------------------------------------------------------------------------

def axe_scan(driver, tags: tuple[str, ...] = WCAG_TAGS) -> dict:
    """Run axe-core on the current page, only the rules with these tags; returns axe's results.

    axe-core comes inside the PyPI package selenium-axe-python (2.2.0 ships axe-core 4.9.1). Not
    axe-selenium-python: on Python 3.11 it resolves to 2.1.6 (3.0.0 needs Python 3.12), whose
    axe-core 3.1.1 has no wcag21a rules, so axe.run rejects the tag and its Axe.run, waiting only
    for success, hangs until the script timeout.
    """
    from selenium_axe_python import Axe

    axe = Axe(driver)
    axe.inject()
    version = driver.execute_script("return axe.version")
    unknown = driver.execute_script(
        "return arguments[0].filter(t => !axe.getRules([t]).length)", list(tags))
    assert not unknown, f"axe-core {version} (from selenium-axe-python) has no rules tagged {unknown}"
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    # A JSON object is also a JavaScript object literal; Axe.run pastes options into its script as text.
    return axe.run(options=json.dumps(options))


def describe_violations(page: str, violations: list[dict], max_targets: int = 3) -> str:
    """One block per rule: impact, id, help, the first target selectors and what axe says is wrong."""
    lines = []
    for v in violations:
        lines.append(f"{page}: [{v.get('impact')}] {v['id']}: {v['help']} ({v.get('helpUrl', '')})")
        for node in v["nodes"][:max_targets]:
            messages = [check["message"] for kind in ("any", "all", "none") for check in node.get(kind, [])]
            lines.append(f"    {' '.join(map(str, node['target']))}: {'; '.join(messages)[:300]}")
        if len(v["nodes"]) > max_targets:
            lines.append(f"    ... and {len(v['nodes']) - max_targets} more")
    return "\n".join(lines)


# --- phone width -----------------------------------------------------------------------------------

def emulate_phone(driver, width: int = 360, height: int = 740) -> None:
    """Lay pages out as a phone of `width` CSS pixels would (a desktop window cannot be that narrow)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})


# What a reader on a narrow screen would notice: the page scrolls sideways, something sticks out past
# the screen edge, or a box cuts its own text off (overflow: hidden with wider content, no page scroll).
LAYOUT_PROBLEMS = """
const page = document.documentElement;
const describe = el => `<${el.tagName.toLowerCase()} class="${el.className}">`
  + ` "${(el.textContent || '').trim().slice(0, 40)}"`;
const all = [...document.body.querySelectorAll('*')].filter(el => el.getClientRects().length);
const outside = all.filter(el => {
  const r = el.getBoundingClientRect();
  const hidden = getComputedStyle(el).clip === 'rect(0px, 0px, 0px, 0px)' || getComputedStyle(el).clipPath === 'inset(50%)';
  return !hidden && r.width > 0 && (r.left < -1 || r.right > page.clientWidth + 1);
}).map(el => describe(el) + ` spans x ${Math.round(el.getBoundingClientRect().left)}..${Math.round(el.getBoundingClientRect().right)}`);
const clipped = all.filter(el => {
  const s = getComputedStyle(el);
  return (s.overflowX === 'hidden' || s.overflowX === 'clip') && el.scrollWidth > el.clientWidth + 1
    && s.clipPath !== 'inset(50%)';
}).map(el => describe(el) + ` shows ${el.clientWidth} of ${el.scrollWidth} px`);
return {scrollWidth: page.scrollWidth, clientWidth: page.clientWidth,
        outside: outside.slice(0, 5), clipped: clipped.slice(0, 5)};
"""
