"""The legal revision read back from the German PDFs a lawyer would read, for Unna and Lünen;
sources, "Stand" and review notes; conditions and their validation; `check` on old verification dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import BuildOptions, build
from generator.cli import main
from generator.content.legal import months_between
from generator.content.model import Block
from generator.i18n.catalogs import read_catalog
from generator.i18n.translator import Translator

from conftest import ROOT, content_errors, replace_in
from pdftools import pdf_text

AS_OF = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("legal")
    build(BuildOptions(root=ROOT, out=out, languages=("de",), municipalities=("unna", "luenen"), as_of=AS_OF))
    return out / "site" / "de"


def text_of(path: Path) -> str:
    """The PDF's text as read: ligatures (ﬁ, ﬂ) resolved, whitespace squashed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", pdf_text(path)))


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


@pytest.mark.slow
def test_luenen_consent_names_stadt_luenen_and_its_dpo_as_controller(german):
    luenen = between(text_of(german / "documents/einwilligung-luenen.pdf"), "10. Wer ist verantwortlich?", "11. Ihre Erklärung")
    office_part = between(luenen, "durch die Ausländerbehörde", "Verantwortlich für die Vermittlung")
    assert "Stadt Lünen – Der Bürgermeister" in office_part
    assert "Behördlicher Datenschutzbeauftragter der Stadt Lünen" in office_part
    assert "Kreis Unna – Der Landrat" in luenen.split("Verantwortlich für die Vermittlung", 1)[1]  # the KI's controller
    unna = between(text_of(german / "documents/einwilligung-unna.pdf"), "10. Wer ist verantwortlich?", "11. Ihre Erklärung")
    assert "Kreis Unna – Der Landrat" in unna and "Lünen" not in unna


@pytest.mark.slow
@pytest.mark.parametrize("document", ["einwilligung-unna", "einwilligung-luenen", "vollmacht"])
def test_minors_get_a_guardian_signature_block_under_the_tick_box(german, document):
    text = text_of(german / f"documents/{document}.pdf")
    assert "Die Person ist minderjährig (jünger als 18 Jahre)" in text
    note = "Nur wenn angekreuzt ist: „Die Person ist minderjährig (jünger als 18 Jahre)“"
    signature = "Ort, Datum und Unterschrift der gesetzlichen Vertreterin / des gesetzlichen Vertreters"
    assert note in text and signature in text
    assert text.index(signature) > text.rindex(note) > text.index("Unterschrift der Person" if document == "vollmacht" else "Unterschrift der betroffenen Person")


@pytest.mark.slow
@pytest.mark.parametrize("place", ["unna", "luenen"])
def test_departure_letter_is_dated_and_sourced(german, place):
    text = text_of(german / f"documents/ausreiseinformation-{place}.pdf")
    assert "Stand: 2024" not in text and "200 Euro" not in text
    assert "Stand: Dezember 2026 · zur rechtlichen Prüfung" in text
    assert "https://www.gesetze-im-internet.de/aufenthg_2004/__60a.html" in text
    assert "qualifizierten ärztlichen Bescheinigung" in text and "unverzüglich" in text
    assert "an der Grenze ab" not in text and "Bundespolizei" in text
    assert "§ 62b" in text and "§ 11 Abs. 7" in text


@pytest.mark.slow
@pytest.mark.parametrize("place", ["unna", "luenen"])
def test_conversation_record_keeps_no_refusal_and_guards_the_passport_list(german, place):
    text = text_of(german / f"documents/gespraechskonzept-{place}.pdf")
    assert "Die Person möchte keine Vermittlung" not in text
    assert "wird das nicht in Ihrer Akte vermerkt" in text
    duties = between(text, "5. Ihre Pflichten", "6. Was passiert")
    condition = "Gilt nicht, wenn angekreuzt ist: „Aufenthaltsgestattung (Asylverfahren läuft)“"
    assert condition in duties
    assert duties.index("§ 60b Abs. 2") < duties.index(condition) < duties.index("bei der Botschaft oder dem Konsulat")
    assert "Aufenthaltserlaubnis für qualifizierte Geduldete zur Arbeit (§ 19d AufenthG)" in text
    assert "Sie haben schon eine Aufenthaltserlaubnis nach § 104c" in text  # the holders' transition rule
    assert "Gegen Sie gibt es keinen" not in text and "Ausweisungsinteresse" not in text


@pytest.mark.slow
def test_luenen_flyer_lists_luenens_own_office_first(german):
    text = text_of(german / "luenen.pdf")
    assert text.index("Ausländerbehörde der Stadt Lünen") < text.index("Ausländerbehörde Kreis Unna mit Zentraler Ausländerbehörde")


def test_holders_rule_runs_until_mid_2027_and_the_application_rule_has_ended(shipped_site):
    rules = {r.id: r for r in shipped_site.documents["gespraechskonzept"].rules}
    assert rules["aufenthg-104c"].valid_until == dt.date(2025, 12, 31)
    assert rules["aufenthg-104c-inhaber"].valid_until == dt.date(2027, 6, 30)
    assert all(rule.sources and rule.verified_on for rule in rules.values())


def run(project, *args):
    return CliRunner().invoke(main, ["--project", str(project), *args], catch_exceptions=False)


def test_check_warns_when_legal_statements_were_verified_too_long_ago(project):
    fresh = run(project, "check", "--as-of", "2027-05-31").output
    assert "months old" not in fresh
    stale = run(project, "check", "--as-of", "2027-06-01").output
    assert "warning: rule aufenthg-25a: verified_on 2026-12-01 is 6 months old (limit 6)" in stale
    assert "content/documents/einwilligung.yaml:" in stale and "update verified_on" in stale
    replace_in(project / "content/site.yaml", "legal_verified_max_age_months: 6", "legal_verified_max_age_months: 12")
    assert "months old" not in run(project, "check", "--as-of", "2027-06-01").output


def test_check_lists_the_notes_for_legal_review(project):
    output = run(project, "check", "--as-of", "2026-12-01").output
    assert re.search(r"content/documents/ausreiseinformation\.yaml:\d+: legal review: section '3\. Ihre Pflicht", output)
    assert "legal review: rule aufenthg-104c-inhaber" in output


def test_a_condition_must_name_a_tick_box_of_the_document(project):
    replace_in(project / "content/documents/vollmacht.yaml", "if_checked: [person_minor]", "if_checked: [person_minr]")
    message = content_errors(project)
    assert re.search(r"content/documents/vollmacht\.yaml:\d+:\d+: if_checked: 'person_minr' is not a tick box of this document", message)
    assert "person_minor" in message


def test_sources_need_the_day_they_were_verified(project):
    path = project / "content/documents/vollmacht.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    verified_on: 2026-12-01\n", "", 1), encoding="utf-8")
    assert "verified_on: is missing: sources need the day you checked them" in content_errors(project)


def test_an_office_named_for_an_offer_or_the_county_must_exist(project):
    replace_in(project / "content/municipalities/luenen.yaml", "foreigners_office: abh-luenen\n    category", "foreigners_office: abh-lunen\n    category")
    replace_in(project / "content/site.yaml", "  foreigners_office: abh-kreis", "  foreigners_office: abh-kries")
    message = content_errors(project)
    assert "luenen.yaml" in message and "'abh-lunen' is not an office in site.yaml" in message
    assert "county.foreigners_office: 'abh-kries' is not an office" in message


def test_a_block_applies_by_the_ticked_boxes():
    guardian = Block("signatures", (), if_checked=("person_minor",))
    passport_list = Block("items", (), unless_checked=("status_gestattung", "status_protection_ban"))
    assert not guardian.applies(set()) and guardian.applies({"person_minor"})
    assert passport_list.applies({"status_duldung"}) and not passport_list.applies({"status_duldung", "status_gestattung"})


def test_months_between_counts_whole_months():
    assert months_between(dt.date(2026, 12, 1), dt.date(2027, 5, 31)) == 5
    assert months_between(dt.date(2026, 12, 1), dt.date(2027, 6, 1)) == 6
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 0


def test_a_draft_with_other_placeholders_is_not_shown(shipped_site, tmp_path):
    catalog = read_catalog(ROOT / "locales/uk/LC_MESSAGES/messages.po", locale="uk")
    message = catalog.get("Stand: %(month)s")
    assert message is not None
    message.string, message.flags = "Станом на %(date)s", {"fuzzy"}
    translator = Translator(dataclasses.replace(shipped_site.language("uk"), policy="drafts-with-notice"), catalog)
    assert translator.translate("Stand: %(month)s") is None
    message.string = "Станом на %(month)s"
    assert Translator(shipped_site.language("uk"), catalog).translate("Stand: %(month)s") == "Станом на %(month)s"


def test_update_drops_a_fuzzy_suggestion_whose_placeholders_do_not_fit(tmp_path):
    from babel.messages.catalog import Catalog

    from generator.i18n.catalogs import State, message_state, po_path, write_catalog
    from generator.i18n.workflow import update

    old = Catalog(locale="uk")
    old.add("Stand: %(date)s", "Станом на %(date)s")
    old.add("Sie müssen Deutschland verlassen.", "Ви повинні залишити Німеччину.")
    path = po_path(tmp_path, "uk")
    path.parent.mkdir(parents=True)
    write_catalog(old, path)
    template = Catalog()
    template.add("Stand: %(month)s")
    template.add("Sie müssen Deutschland bald verlassen.")
    update(tmp_path, "uk", template)
    merged = read_catalog(path, locale="uk")
    assert message_state(merged.get("Stand: %(month)s")) is State.MISSING
    assert message_state(merged.get("Sie müssen Deutschland bald verlassen.")) is State.OUTDATED


@pytest.mark.slow
def test_county_wide_power_of_attorney_names_offices_from_content(german):
    text = text_of(german / "documents/vollmacht.pdf")
    office = between(text, "6. Ihre zuständige Ausländerbehörde", "7. Unterschriften")
    assert office.index("Ausländerbehörde Kreis Unna") < office.index("Wenn Sie in Lünen wohnen, ist diese Ausländerbehörde für Sie zuständig:") \
        < office.index("Ausländerbehörde der Stadt Lünen")
