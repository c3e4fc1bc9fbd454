"""Extraction: content YAML strings reach messages.pot through Babel's standard machinery."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.extract import extract
from babel.messages.pofile import read_po

from generator.extract import extract_content

MUNICIPALITY = b"""slug: unna
name: Unna
foreigners_office: abh-kreis
offers:
  - id: unna-x
    name: "Caritas Beratung"
    provider: "Caritasverband"
    kind: paid
    category: residence
    description: "Wir beraten Sie."
    languages: [de]
    hours:
      - {days: [mo], from: "09:00", to: "12:00", note: "nur mit Termin"}
    accessibility: "Rampe am Eingang."
    last_verified: 2026-10-01
"""


def test_extractor_yields_translatable_fields_with_line_numbers():
    fileobj = io.BytesIO(MUNICIPALITY)
    fileobj.name = "content/municipalities/unna.yaml"
    results = list(extract_content(fileobj, [], [], {}))
    assert [(line, func, msg) for line, func, msg, _ in results] == [
        (10, None, "Wir beraten Sie."),
        (13, None, "nur mit Termin"),
        (14, None, "Rampe am Eingang."),
    ]
    assert results[0][3] == ["field: offers[unna-x].description"]  # offers are named by id, not position


def test_names_and_addresses_are_not_extracted():
    fileobj = io.BytesIO(MUNICIPALITY)
    fileobj.name = "content/municipalities/unna.yaml"
    messages = [msg for _, _, msg, _ in extract_content(fileobj, [], [], {})]
    assert "Caritas Beratung" not in messages and "Caritasverband" not in messages and "Unna" not in messages


def test_babel_extract_api_uses_the_registered_entry_point():
    # "unna_content" is resolved through the babel.extractors entry point in pyproject.toml
    fileobj = io.BytesIO(MUNICIPALITY)
    fileobj.name = "content/municipalities/unna.yaml"
    results = list(extract("unna_content", fileobj))
    assert ("Wir beraten Sie." in [r[1] for r in results])


def test_pybabel_command_sees_content_and_template_strings(tmp_path):
    root = Path(__file__).resolve().parents[1]
    pybabel = Path(sys.executable).with_name("pybabel")
    out = tmp_path / "messages.pot"
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(out), "."],
                   cwd=root, check=True)
    catalog = read_po(out.open("rb"))
    ids = {m.id for m in catalog if m.id}
    assert "Rückkehrberatung" in ids  # category label from content/site.yaml
    assert "Hilfe und Beratung in %(place)s" in ids  # template string
    assert any(loc[0].startswith("content/documents/") for m in catalog for loc in m.locations)


def test_docgen_extract_matches_the_committed_pot(project):
    """The shipped POT holds every current German text (a stale POT also fails `docgen check`)."""
    from generator.i18n.catalogs import pot_path, read_catalog
    from generator.i18n.workflow import extract

    committed = {m.id for m in read_catalog(pot_path(project / "locales")) if m.id}
    current = {m.id for m in extract(project) if m.id}
    assert current == committed, "run `docgen i18n extract && docgen i18n update`"
