"""Loading content: every kind of mistake a KI staff member can make gives one clear, located message."""

from __future__ import annotations

import pytest

from generator.content.schema import validate
from generator.content.specs import MUNICIPALITY, OFFER, SITE

from conftest import content_errors, replace_in

MINIMAL_OFFER = """\
- id: x-1
  name: "Beratung"
  provider: "Verein"
  kind: paid
  category: residence
  description: "Text."
  languages: [de]
  hours: []
  last_verified: 2026-10-01
"""


def errors_of(text: str, spec=None) -> list[str]:
    from generator.content.schema import List

    _, walk = validate(text, "content/municipalities/x.yaml", spec or List(OFFER))
    return [str(p) for p in walk.problems]


def test_shipped_content_loads_with_ten_municipalities(shipped_site):
    assert sorted(shipped_site.municipalities) == [
        "bergkamen", "boenen", "froendenberg", "holzwickede", "kamen",
        "luenen", "schwerte", "selm", "unna", "werne",
    ]
    for municipality in shipped_site.municipalities.values():
        offers = municipality.offers
        assert len(offers) >= 6, municipality.slug
        assert {"paid", "volunteer"} <= {o.kind for o in offers}, municipality.slug
    county_names = " ".join(o.name for o in shipped_site.county_offers)
    for needed in ("Integrationszentrum", "Ausländerbehörde", "Flüchtlingsrat", "Rückkehrberatung",
                   "Migrationsberatung", "Jugendmigrationsdienst"):
        assert needed in county_names
    assert shipped_site.sample_content is True


def test_shipped_contact_data_is_recognisably_fictitious(shipped_site):
    offers = list(shipped_site.county_offers) + [o for m in shipped_site.municipalities.values() for o in m.offers]
    for offer in offers:
        if offer.email:
            assert offer.email.endswith("example.org"), offer.id
        if offer.web:
            assert ".example.org" in offer.web, offer.id
        if offer.phone:
            assert " 0000-" in offer.phone, offer.id


def test_valid_offer_has_no_errors():
    assert errors_of(MINIMAL_OFFER) == []


def test_leading_zero_phone_number_is_an_octal_trap():
    [error] = errors_of(MINIMAL_OFFER + "  phone: 0230312345\n")
    assert error.startswith("content/municipalities/x.yaml:10:10: [0].phone:")
    assert "leading zero as octal" in error and 'Put it in quotes: "0230312345"' in error


def test_unquoted_postal_code_is_rejected_with_hint():
    text = MINIMAL_OFFER + "  address: {street: \"A 1\", postal_code: 59423, city: Unna}\n"
    [error] = errors_of(text)
    assert "[0].address.postal_code" in error and "YAML reads unquoted digits as a number" in error


def test_unquoted_no_becomes_a_boolean_and_is_rejected():
    [error] = errors_of(MINIMAL_OFFER.replace('name: "Beratung"', "name: no"))
    assert ":2:9: [0].name:" in error
    assert "yes-or-no value" in error and 'Put it in quotes: "no"' in error


def test_unquoted_time_is_read_in_base_60():
    text = MINIMAL_OFFER.replace("hours: []", "hours:\n    - {days: [mo], from: 14:30, to: \"16:00\"}")
    [error] = errors_of(text)
    assert "[0].hours[0].from" in error and "in base 60 (14:30 becomes 870)" in error


def test_unknown_key_names_the_allowed_keys():
    [error] = errors_of(MINIMAL_OFFER + "  opening: yes\n")
    assert ":10:3: [0].opening: unknown key 'opening'." in error
    assert "Allowed here: id, name, provider" in error


@pytest.mark.parametrize("value, message", [
    ("2026-13-01", "'2026-13-01' is not a valid date; write YYYY-MM-DD"),
    ("'1.10.2026'", "'1.10.2026' is not a valid date"),
    ("yesterday", "'yesterday' is not a valid date"),
])
def test_bad_dates(value, message):
    [error] = errors_of(MINIMAL_OFFER.replace("2026-10-01", value))
    assert "[0].last_verified" in error and message in error


@pytest.mark.parametrize("field, value, message", [
    ("email", "'info(at)example.org'", "is not an e-mail address"),
    ("web", "'www.example.org'", "is not a web address; write it in full, starting with https://"),
    ("web", "'javascript:alert(1)'", "is not a web address"),
    ("phone", "'call us'", "is not a phone number"),
])
def test_bad_contact_formats(field, value, message):
    [error] = errors_of(MINIMAL_OFFER + f"  {field}: {value}\n")
    assert f"[0].{field}" in error and message in error


def test_unknown_language_code_and_kind_and_weekday():
    text = MINIMAL_OFFER.replace("[de]", "[de, xx]").replace("kind: paid", "kind: paied")
    text = text.replace("hours: []", "hours:\n    - {days: [mon], from: \"09:00\", to: \"12:00\"}")
    errors = errors_of(text)
    assert any("'xx' is not a known language code" in e for e in errors)
    assert any("'paied' is not allowed; use one of: paid, volunteer" in e for e in errors)
    assert any("'mon' is not allowed; use one of: mo, tu, we" in e for e in errors)


def test_duplicate_key_and_alias_are_rejected():
    errors = errors_of(MINIMAL_OFFER + "  name: \"again\"\n")
    assert any("the key 'name' appears twice" in e for e in errors)
    aliased = "- &a {days: [mo], from: \"09:00\", to: \"10:00\"}\n- *a\n"
    from generator.content.schema import List
    from generator.content.specs import HOURS

    _, walk = validate(aliased, "f.yaml", List(HOURS))
    assert any("anchors and aliases" in str(p) for p in walk.problems)


def test_syntax_error_names_line_and_gives_advice():
    text = "slug: unna\nname: Unna\n  foreigners_office: abh-kreis\n"
    _, walk = validate(text, "content/municipalities/unna.yaml", MUNICIPALITY)
    [error] = [str(p) for p in walk.problems]
    assert error.startswith("content/municipalities/unna.yaml:3:")
    assert "YAML syntax error" in error and "Check the indentation" in error


def test_all_errors_of_a_run_are_reported_together(project):
    unna = project / "content/municipalities/unna.yaml"
    replace_in(unna, "last_verified: 2026-", "last_verified: 2026-13-")
    replace_in(project / "content/municipalities/kamen.yaml", "    kind:", "    kinds:")
    replace_in(project / "content/site.yaml", "sample_content: true", "sample_content: ja")
    text = content_errors(project)
    assert "nothing was written" in text
    assert "content/municipalities/unna.yaml:" in text and "last_verified" in text
    assert "content/municipalities/kamen.yaml:" in text and "unknown key 'kinds'" in text
    assert "content/site.yaml:5:17: sample_content: expected true or false" in text


def test_duplicate_ids_across_files_and_unknown_category(project):
    replace_in(project / "content/municipalities/kamen.yaml", "id: kamen-begegnungscafe", "id: unna-begegnungscafe")
    replace_in(project / "content/municipalities/selm.yaml", "category: meeting", "category: sports")
    text = content_errors(project)
    assert "the offer id 'unna-begegnungscafe' is already used in content/municipalities/" in text
    assert "content/municipalities/selm.yaml" in text and "'sports' is not a category in site.yaml" in text


def test_unknown_municipality_and_mismatched_file_name(project):
    (project / "content/municipalities/dortmund.yaml").write_text(
        (project / "content/municipalities/unna.yaml").read_text(encoding="utf-8").replace("slug: unna", "slug: dortmund"),
        encoding="utf-8")
    text = content_errors(project)
    assert "content/municipalities/dortmund.yaml" in text
    assert "'dortmund' is not allowed; use one of: bergkamen, boenen" in text


def test_hours_must_close_after_opening(project):
    path = project / "content/municipalities/unna.yaml"
    text = path.read_text(encoding="utf-8")
    first_to = text.index("to: \"")
    path.write_text(text[:first_to] + 'to: "00:01"' + text[first_to + len('to: "12:00"'):], encoding="utf-8")
    assert "closes at 00:01, not after it opens" in content_errors(project)


def test_site_languages_must_be_known_and_include_german():
    text = """sample_content: true
base_url: "https://x.example.org/"
county: {name: K, department: D}
offices: {}
controller: {name: C, address: {street: S, postal_code: "12345", city: C}}
data_protection_officer: {name: C, address: {street: S, postal_code: "12345", city: C}}
supervisory_authority: {name: C, address: {street: S, postal_code: "12345", city: C}}
languages:
  - {code: klingon, policy: reviewed-only}
categories: [{id: a, label: A}]
"""
    _, walk = validate(text, "content/site.yaml", SITE)
    assert any("'klingon' is not a known language code" in str(p) for p in walk.problems)


def test_check_reports_every_problem_of_an_offer_in_one_round(project):
    """A misspelled category shows up together with the phone, time and date errors, named by offer id."""
    from click.testing import CliRunner

    from generator.cli import main

    unna = project / "content/municipalities/unna.yaml"
    replace_in(unna, 'phone: "+49 2303 0000-281"', "phone: 0230300211")
    replace_in(unna, 'from: "09:00"', "from: 9:00")
    replace_in(unna, "category: residence", "category: residense")
    replace_in(unna, "days: [we]", "days: [mi]")
    replace_in(unna, "foreigners_office: abh-kreis", "foreigners_office: abh-kries")
    replace_in(project / "content/municipalities/kamen.yaml", "    kind:", "    knid:")
    before = {p: p.read_bytes() for p in (project / "content").rglob("*.yaml")}
    result = CliRunner().invoke(main, ["--project", str(project), "check"])
    assert result.exit_code == 1
    out = result.output
    offer = "offers[unna-caritas-fluechtlingsberatung]"
    assert f"unna.yaml:18:12: {offer}.phone: expected a phone number" in out
    assert f"{offer}.hours[0].from: expected a time" in out
    assert f"unna.yaml:11:15: {offer}.category: 'residense' is not a category in site.yaml; use one of:" in out
    assert "Did you mean `residence`?" in out
    assert f"{offer}.hours[1].days[0]: 'mi' is not allowed; use one of: mo, tu, we" in out and "Did you mean `we`?" in out
    assert "unna.yaml:4:20: foreigners_office: 'abh-kries' is not an office in site.yaml" in out and "Did you mean `abh-kreis`?" in out
    assert "unknown key 'knid'" in out and "Did you mean `kind`?" in out
    assert "nothing was written" not in out and "run `docgen check` again" in out
    assert "Traceback" not in out
    assert {p: p.read_bytes() for p in (project / "content").rglob("*.yaml")} == before


def test_a_syntax_error_in_one_file_does_not_hide_model_problems_in_others(project):
    replace_in(project / "content/municipalities/kamen.yaml", "  - id: kamen-", "  - id: kamen-\n bad indentation: x\n  - id: kamen-x-")
    replace_in(project / "content/municipalities/selm.yaml", "category: meeting", "category: meting")
    text = content_errors(project)
    assert "content/municipalities/kamen.yaml:" in text and "YAML syntax error" in text
    assert "content/municipalities/selm.yaml:" in text and "Did you mean `meeting`?" in text


def test_colon_in_an_unquoted_text_is_explained():
    text = MINIMAL_OFFER.replace('description: "Text."', "description: Sprechzeit: montags")
    [error] = errors_of(text)
    assert error.startswith("content/municipalities/x.yaml:6:")
    assert "mapping values are not allowed" in error  # "here" (PyYAML) or "in this context" (libyaml)
    assert "A text that contains ': ' (colon and space) must be put in quotes" in error


def test_unknown_language_code_suggests_the_closest():
    [error] = errors_of(MINIMAL_OFFER.replace("languages: [de]", "languages: [de, ckbb]"))
    assert "languages[1]: 'ckbb' is not a known language code" in error and "Did you mean `ckb`?" in error
    [error] = errors_of(MINIMAL_OFFER.replace("languages: [de]", "languages: [Tigrinya]"))
    assert "Did you mean `ti`?" in error
