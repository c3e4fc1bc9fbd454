"""The counter app in real headless Chromium (Debian's, through Selenium), JavaScript off as at a
locked-down office PC: choose, fill, submit, receive the PDF; errors beside the fields."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from generator.counter.app import create_app
from generator.counter.command import quiet_handler

from browser import chromium
from conftest import ROOT
from pdftools import pdf_text

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def counter_app(site):
    port = free_port()
    server = make_server("127.0.0.1", port, create_app(site, ROOT, port), threaded=True, request_handler=quiet_handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def wait_for_pdf(folder: Path, timeout: float = 60) -> Path:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done = [p for p in folder.glob("*.pdf")]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no PDF arrived in {folder}: {list(folder.iterdir())}")


def choose(driver, url, document, language, municipality):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver.get(url)
    Select(driver.find_element(By.ID, "document")).select_by_value(document)
    Select(driver.find_element(By.ID, "language")).select_by_value(language)
    Select(driver.find_element(By.ID, "municipality")).select_by_value(municipality)
    driver.find_element(By.CSS_SELECTOR, "form[action='/form'] button[type=submit]").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "person_name"))


def fill(driver, values: dict, ticks=()):
    from selenium.webdriver.common.by import By

    for name, value in values.items():
        field = driver.find_element(By.ID, name)
        field.clear()
        field.send_keys(value)
    for name in ticks:
        driver.find_element(By.ID, name).click()


def test_fill_submit_and_receive_the_consent_form_in_dari_or_farsi(shipped_site, tmp_path, caplog):
    from selenium.webdriver.common.by import By

    caplog.set_level(logging.INFO)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    code = "fa-AF" if shipped_site.language("fa-AF") else "fa"
    with counter_app(shipped_site) as url, chromium(javascript=False, downloads=downloads) as driver:
        # A phone-sized viewport (headless windows have a minimum width above 360 px).
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": True})
        choose(driver, url, "einwilligung", code, "kamen")
        assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Datenschutzrechtliche Einwilligungserklärung")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360, "the form scrolls sideways on a small screen"
        fill(driver, {"person_name": "Rahimi, Ahmad", "person_name_native": "احمد رحیمی",
                      "person_birth_date": "01.02.2001", "date": "24.11.2026"}, ticks=["recipient_ki", "consent_data_transfer"])
        form_window = driver.current_window_handle
        driver.find_element(By.CSS_SELECTOR, "button[value=person]").click()
        pdf = wait_for_pdf(downloads)
        text = pdf_text(pdf)
        assert "Rahimi" in text and "رحیمی" in text and "Kommunales Integrationszentrum Kreis Unna" in text
        assert pdf.name == "einwilligung-person.pdf"

        # An impossible date: the new tab shows the form again, the message beside the field.
        driver.switch_to.window(form_window)
        fill(driver, {"person_birth_date": "31.02.2001"})
        before = set(driver.window_handles)
        driver.find_element(By.CSS_SELECTOR, "button[value=file]").click()
        end = time.monotonic() + 30
        while set(driver.window_handles) == before and time.monotonic() < end:
            time.sleep(0.1)
        driver.switch_to.window((set(driver.window_handles) - before).pop())
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "person_birth_date-error"))
        error = driver.find_element(By.ID, "person_birth_date-error")
        assert "kein gültiges Datum" in error.text and "31.02" not in error.text
        field = driver.find_element(By.ID, "person_birth_date")
        assert field.get_attribute("aria-invalid") == "true" and field.get_attribute("value") == "31.02.2001"
    assert "Rahimi" not in caplog.text and "POST /pdf 200" in caplog.text
