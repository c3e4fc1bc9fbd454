"""The counter app through Flask's test client: Host check, CSRF token, no-store, size limits,
errors per field without the value, no temporary files, nothing under build/, nothing in the logs."""

from __future__ import annotations

import gc
import logging
import re
import tempfile

import pytest

from generator.counter.app import MAX_REQUEST_BYTES, create_app

from casedata import sample_case
from conftest import ROOT

PORT = 8035
HOST = {"Host": f"127.0.0.1:{PORT}"}


@pytest.fixture(scope="module")
def client(shipped_site):
    return create_app(shipped_site, ROOT, PORT).test_client()


def token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/", headers=HOST).text)[1]


def form_data(client, raw: dict, copy: str = "person") -> dict:
    data = {k: v for k, v in raw.items() if isinstance(v, str)}
    data.update(csrf_token=token(client), copy=copy, ticked=raw.get("ticked", []))
    for rule_id, entry in (raw.get("rules") or {}).items():
        data[f"rule:{rule_id}"], data[f"note:{rule_id}"] = entry["outcome"], entry.get("note", "")
    return data


def test_start_page_offers_configured_choices_and_is_never_stored(client, shipped_site):
    response = client.get("/", headers=HOST)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    for code in shipped_site.codes:
        assert f'value="{code}"' in response.text
    assert response.headers.get("Set-Cookie") is None  # no session


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8035", "127.0.0.1:9999", "192.168.1.5:8035"])
def test_foreign_host_is_refused(client, host):
    assert client.get("/", headers={"Host": host}).status_code == 400
    data = form_data(client, sample_case("einwilligung", "fa"))
    assert client.post("/pdf", data=data, headers={"Host": host}).status_code == 400


def test_submit_without_or_with_a_forged_token_is_refused(client):
    data = form_data(client, sample_case("einwilligung", "fa"))
    for bad in ("", "forged", data["csrf_token"][:-2] + "xx"):
        response = client.post("/pdf", data=data | {"csrf_token": bad}, headers=HOST)
        assert response.status_code == 403 and not response.data.startswith(b"%PDF")
    foreign = client.post("/pdf", data=data, headers=HOST | {"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert client.post("/pdf", data=data, headers=HOST | {"Origin": f"http://localhost:{PORT}"}).status_code == 200


@pytest.mark.slow
def test_filled_form_gives_a_pdf_without_the_name_in_headers_files_or_logs(client, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # anything Werkzeug or WeasyPrint spools lands here
    caplog.set_level(logging.DEBUG)
    build = sorted((ROOT / "build").rglob("*")) if (ROOT / "build").exists() else []
    response = client.post("/pdf", data=form_data(client, sample_case("gespraechskonzept", "ar"), "file"), headers=HOST)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.mimetype == "application/pdf" and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == 'inline; filename="gespraechskonzept-akte.pdf"'
    assert list(tmp_path.iterdir()) == []
    assert "Haddad" not in caplog.text and "سمير" not in caplog.text
    assert (sorted((ROOT / "build").rglob("*")) if (ROOT / "build").exists() else []) == build


def _objects_holding(text: str) -> list:
    """Live objects holding a string with `text`: as an item of a dict, list or tuple, or as an attribute."""
    gc.collect()
    found = []
    for obj in gc.get_objects():
        if isinstance(obj, dict):
            values = obj.values()
        elif isinstance(obj, (list, tuple)):
            values = obj
        elif isinstance(obj, type):
            continue
        else:
            try:
                values = object.__getattribute__(obj, "__dict__").values()  # past proxies' own lookup
            except (AttributeError, TypeError):
                continue
        if any(isinstance(v, str) and text in v for v in values):
            found.append(type(obj).__name__)
    return found


def test_the_app_keeps_nothing_of_the_person_in_memory_after_the_pdf(client):
    # Nothing may cache a rendered document (WeasyPrint's shared image cache did so for build pages).
    raw = sample_case("einwilligung", "fa-AF")
    raw["person_name"] = "Zzyzxmeier, Quirin"
    response = client.post("/pdf", data=form_data(client, raw), headers=HOST)
    assert response.status_code == 200 and b"Zzyzxmeier" not in response.data[:2000]
    del response, raw
    assert _objects_holding("Zzyzxmeier") == []


def test_errors_stand_next_to_their_fields_in_german_without_the_value(client):
    raw = sample_case("einwilligung", "fa") | {"person_birth_date": "31.02.2001", "person_name": ""}
    response = client.post("/pdf", data=form_data(client, raw), headers=HOST)
    assert response.status_code == 400
    assert "2 Angaben müssen korrigiert werden" in response.text
    errors = dict(re.findall(r'<span class="error" id="([a-z_]+)-error">([^<]+)</span>', response.text))
    assert set(errors) == {"person_birth_date", "person_name"}
    assert "kein gültiges Datum" in errors["person_birth_date"] and "31.02" not in errors["person_birth_date"]
    assert 'aria-describedby="person_birth_date-error"' in response.text
    assert 'value="31.02.2001"' in response.text  # what was typed stays in the form, to correct it


def test_rule_not_valid_on_the_date_and_unknown_choices_are_400(client):
    raw = sample_case("gespraechskonzept", "ar") | {"rules": {"aufenthg-104c": {"outcome": "kommt-in-betracht"}}}
    raw["ticked"] = []
    response = client.post("/pdf", data=form_data(client, raw), headers=HOST)
    assert response.status_code == 400
    assert "gilt am Datum des Gesprächs nicht" in response.text
    bad = form_data(client, sample_case("einwilligung", "fa")) | {"language": "xx"}
    assert client.post("/pdf", data=bad, headers=HOST).status_code == 400


def test_oversized_request_field_and_upload_are_refused_with_400(client, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    data = form_data(client, sample_case("einwilligung", "fa"))
    too_big = client.post("/pdf", data=data | {"counsellor_1": "x" * MAX_REQUEST_BYTES}, headers=HOST)
    assert too_big.status_code == 400 and "zu groß" in too_big.text
    long_field = client.post("/pdf", data=data | {"counsellor_1": "x" * 300}, headers=HOST)
    assert long_field.status_code == 400 and "zu lang (höchstens 200 Zeichen)" in long_field.text
    upload = client.post("/upload", data={"csrf_token": data["csrf_token"],
                                          "case": (__import__("io").BytesIO(b"a: 1\n" * 20000), "fall.yaml")},
                         headers=HOST, content_type="multipart/form-data")
    assert upload.status_code == 400
    assert list(tmp_path.iterdir()) == []


def test_an_uploaded_case_opens_as_a_filled_form(client):
    import io
    import json

    raw = sample_case("vollmacht", "ar")
    response = client.post("/upload", data={"csrf_token": token(client),
                                            "case": (io.BytesIO(json.dumps(raw).encode()), "fall.json")},
                           headers=HOST, content_type="multipart/form-data")
    assert response.status_code == 200
    assert 'value="Haddad, Samir"' in response.text and 'value="scope_letters" id="scope_letters" checked' in response.text
