"""One person's case: validation messages (German, per field, never the value), dates, minors,
rules valid on the conversation date, and the case template listing every field."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from generator.cases.casefile import case_template, read_case
from generator.cases.fields import case_fields
from generator.cases.validate import CaseError, validate_case

from casedata import sample_case


def problems(raw, site) -> list:
    with pytest.raises(CaseError) as caught:
        validate_case(raw, site)
    return caught.value.problems


def by_field(raw, site) -> dict[str, str]:
    return {p.field: p.message for p in problems(raw, site)}


@pytest.mark.parametrize("document", ["einwilligung", "gespraechskonzept", "vollmacht", "ausreiseinformation"])
def test_sample_cases_of_every_document_are_valid(shipped_site, document):
    case = validate_case(sample_case(document, "fa"), shipped_site)
    assert case.date == dt.date(2026, 11, 24) and not case.minor


def test_german_and_iso_dates_are_read_impossible_ones_are_named(shipped_site):
    raw = sample_case("einwilligung", "fa") | {"date": "2026-11-24", "person_birth_date": "1.2.2001"}
    case = validate_case(raw, shipped_site)
    assert case.values["person_birth_date"] == dt.date(2001, 2, 1)
    errors = by_field(sample_case("einwilligung", "fa") | {"person_birth_date": "31.02.2001"}, shipped_site)
    assert list(errors) == ["person_birth_date"]
    assert "kein gültiges Datum" in errors["person_birth_date"] and "24.11.2026" in errors["person_birth_date"]


def test_messages_name_the_field_never_the_value(shipped_site):
    secret = "Geheimname Zzyzx"
    raw = sample_case("einwilligung", "fa") | {"person_name": secret * 20, "person_birth_date": "99.99." + "1234",
                                                "counsellor_1": secret + "\u202e"}
    found = problems(raw, shipped_site)
    assert {p.field for p in found} == {"person_name", "person_birth_date", "counsellor_1"}
    text = "\n".join(str(p) for p in found)
    assert "Zzyzx" not in text and "1234" not in text
    assert "Name, Vorname (lateinische Schrift)" in text and "zu lang (höchstens 200 Zeichen)" in text
    assert "Steuerzeichen" in text


def test_required_fields_language_and_municipality(shipped_site):
    raw = sample_case("einwilligung", "fa")
    del raw["person_name"], raw["date"]
    assert set(by_field(raw, shipped_site)) == {"person_name", "date"}
    errors = by_field(raw | {"language": "xx", "municipality": "dortmund"}, shipped_site)
    assert "nicht eingerichtet" in errors["language"] and "fa" in errors["language"]
    assert "kamen" in errors["municipality"]


def test_a_minor_needs_a_guardian(shipped_site):
    raw = sample_case("vollmacht", "ar", minor=True)
    del raw["guardian_name"]
    assert "minderjährig" in by_field(raw, shipped_site)["guardian_name"]
    assert validate_case(sample_case("vollmacht", "ar", minor=True), shipped_site).minor


def test_a_rule_must_be_valid_on_the_conversation_date(shipped_site):
    raw = sample_case("gespraechskonzept", "ar")
    raw["rules"] = {"aufenthg-104c": {"outcome": "kommt-in-betracht"}}  # ended 31.12.2025
    raw["ticked"] = ["rule_aufenthg_104c_1"]
    errors = by_field(raw, shipped_site)
    assert "gilt am Datum des Gesprächs nicht" in errors["rules.aufenthg-104c"]
    earlier = validate_case(raw | {"date": "01.06.2025"}, shipped_site)
    assert earlier.rules == {"aufenthg-104c": ("kommt-in-betracht", "")} and earlier.ticked == {"rule_aufenthg_104c_1"}
    raw["ticked"] = ["rule_aufenthg_25b_1"]  # a requirement of a rule not discussed
    assert "nicht unter rules als besprochen" in by_field(raw | {"date": "01.06.2025"}, shipped_site)["ticked"]


def test_unknown_fields_and_boxes_are_refused(shipped_site):
    raw = sample_case("einwilligung", "fa") | {"haarfarbe": "x", "ticked": ["recipient_ki", "nichts"]}
    errors = by_field(raw, shipped_site)
    assert "kein Feld dieses Dokuments" in errors["haarfarbe"]
    assert "Eintrag 2 ist kein Kästchen" in errors["ticked"]


def test_numbers_that_yaml_would_mangle_must_be_quoted_and_the_line_is_named(shipped_site):
    data, lines = read_case("document: einwilligung\nlanguage: fa\nmunicipality: kamen\ndate: 24.11.2026\n"
                            "person_name: \"A, B\"\nperson_birth_date: 2001-02-01\nfile_number: 012345\n")
    with pytest.raises(CaseError) as caught:
        validate_case(data, shipped_site, lines)
    [problem] = caught.value.problems
    assert (problem.field, problem.line) == ("file_number", 7)
    assert "Anführungszeichen" in problem.message and "5349" not in str(problem)


def test_case_template_lists_every_field_and_reads_back(shipped_site):
    text = case_template(shipped_site, "gespraechskonzept", "ar", "unna", dt.date(2026, 11, 24))
    fields = case_fields(shipped_site, shipped_site.documents["gespraechskonzept"], "unna", dt.date(2026, 11, 24))
    for f in fields:
        assert f"{f.name}:" in text or f"- {f.name}" in text, f.name
    assert "aufenthg-25b:" in text and "aufenthg-104c:" not in text  # only rules valid on the date
    data, _ = read_case(text)
    assert data["document"] == "gespraechskonzept" and data["language"] == "ar"
    errors = by_field(data, shipped_site)  # empty template: only the required fields are missing
    assert set(errors) == {"person_name", "person_birth_date"}


def test_yaml_errors_name_the_line_and_aliases_are_refused():
    with pytest.raises(CaseError) as caught:
        read_case("document: einwilligung\nperson_name: [unclosed\n")
    assert caught.value.problems[0].line >= 2 and "YAML" in caught.value.problems[0].message
    with pytest.raises(CaseError):
        read_case("a: &x [1, 2]\nb: *x\n")
    data, _ = read_case('{"document": "einwilligung", "date": "24.11.2026"}')
    assert data == yaml.safe_load('{"document": "einwilligung", "date": "24.11.2026"}')


def test_dari_works_once_configured(project):
    """fa-AF (Dari) is configured in site.yaml: a case in it validates and renders right to left."""
    from generator.cases.render import Renderer
    from generator.content import load_site

    site = load_site(project / "content")
    assert site.language("fa-AF") is not None
    case = validate_case(sample_case("einwilligung", "fa") | {"language": "fa-AF"}, site)
    html = Renderer(site, project).html(case)
    assert '<div lang="fa-AF" dir="rtl">' in html and "احمد رحیمی" in html
