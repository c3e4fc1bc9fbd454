"""Shared fixtures: a throw-away copy of the project, so tests may edit content and catalogs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Debian packages whose versions decide what a PDF or page looks like; printed in the test header.
SYSTEM_PACKAGES = ("fonts-noto-core", "libpango-1.0-0", "libharfbuzz0b", "poppler-utils", "chromium")


def pytest_report_header(config):
    """Record what the tests ran with: the Debian packages and the key Python packages."""
    from importlib.metadata import version

    query = subprocess.run(["dpkg-query", "-W", "-f", "${Package}=${Version} ", *SYSTEM_PACKAGES],
                           capture_output=True, text=True, check=False)
    python = " ".join(f"{name}={version(name)}" for name in ("weasyprint", "babel", "jinja2", "pypdf"))
    return [f"debian: {query.stdout.strip() or 'dpkg-query unavailable'}", f"python packages: {python}"]


def copy_project(target: Path) -> Path:
    for name in ("content", "locales", "templates", "generator"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    shutil.copy(ROOT / "babel.cfg", target / "babel.cfg")
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of content/, locales/, templates/, generator/ (its strings are extracted) and babel.cfg."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def shipped_site():
    from generator.content import load_site

    return load_site(ROOT / "content")


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def content_errors(project: Path) -> str:
    """The message the project's content is refused with; the test fails if it loads."""
    from generator.content import ContentError, load_site

    with pytest.raises(ContentError) as info:
        load_site(project / "content")
    return info.value.format_message()
