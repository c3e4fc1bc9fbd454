"""The docgen command line, through click's CliRunner and as a real subprocess."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.i18n.catalogs import State, message_state, po_path, read_catalog

from conftest import replace_in


def run(project, *args):
    return CliRunner().invoke(main, ["--project", str(project), *args], catch_exceptions=False)


def all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,)
        if hasattr(command, "commands"):
            yield from all_commands(command, prefix + (name,))


def test_every_command_explains_itself():
    for path in all_commands(main):
        result = CliRunner().invoke(main, [*path, "--help"], prog_name="docgen")
        assert result.exit_code == 0, path
        assert "Usage: docgen " + " ".join(path) in result.output
        summary = result.output.split("\n\n")[1].strip()
        assert len(summary) > 20, (path, summary)


def test_check_is_clean_on_shipped_content(project):
    result = run(project, "check", "--strict", "--as-of", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert "All clean: 10 municipalities" in result.output


def test_check_warns_about_old_and_expiring_entries(project):
    result = run(project, "check", "--as-of", "2027-06-01")
    assert result.exit_code == 0
    assert "warning: offer kreis-sprachmittlerpool: expires on 2027-06-30." in result.output
    stale = run(project, "check", "--as-of", "2027-11-30").output
    assert "last verified" in stale and "days ago" in stale and "update last_verified" in stale
    assert run(project, "check", "--strict", "--as-of", "2027-06-01").exit_code == 1


def test_check_lists_every_problem_with_file_and_line(project):
    replace_in(project / "content/municipalities/unna.yaml", "last_verified: 2026-", "last_verified: 2026-13-")
    replace_in(project / "content/municipalities/werne.yaml", 'phone: "+49 2389 0000-291"', "phone: 0230300211")
    result = run(project, "check")
    assert result.exit_code == 1
    assert "content/municipalities/unna.yaml:" in result.output and "is not a valid date" in result.output
    assert "content/municipalities/werne.yaml:" in result.output and "Put it in quotes" in result.output
    assert "Traceback" not in result.output


def test_check_finds_translation_problems(project):
    path = po_path(project / "locales", "en")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "Help and advice in %(place)s"', 'msgstr "Help and advice in %(ort)s"'), encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 1
    assert "locales/en/LC_MESSAGES/messages.po:" in result.output and "placeholders differ" in result.output


def test_status_json_for_ci(project):
    result = run(project, "i18n", "status", "--format", "json")
    rows = {row["code"]: row for row in json.loads(result.output)}
    assert rows["de"]["publishable"] is True
    en = rows["en"]
    assert en["total"] == en["reviewed"] + en["draft"] + en["outdated"] + en["missing"]
    table = run(project, "i18n", "status", "--lang", "ar").output
    assert "ar" in table and "drafts-with-notice" in table


def test_changed_german_sentence_shows_up_as_outdated(project):
    replace_in(project / "content/site.yaml", 'label: "Deutsch lernen"', 'label: "Deutsch lernen und üben"')
    before = json.loads(run(project, "i18n", "status", "--lang", "en", "--format", "json").output)[0]
    assert run(project, "i18n", "extract").exit_code == 0
    assert "1 to review again" in run(project, "i18n", "update").output
    after = json.loads(run(project, "i18n", "status", "--lang", "en", "--format", "json").output)[0]
    assert after["outdated"] == before["outdated"] + 1
    message = read_catalog(po_path(project / "locales", "en"), "en")["Deutsch lernen und üben"]
    assert message_state(message) is State.OUTDATED and message.previous_id == ["Deutsch lernen"]


def test_init_adds_a_language_that_builds_with_german_fallback(project, tmp_path):
    result = run(project, "i18n", "init", "--lang", "pl")
    assert result.exit_code == 0, result.output
    assert "code: pl" in (project / "content/site.yaml").read_text(encoding="utf-8")
    assert run(project, "i18n", "init", "--lang", "pl").exit_code == 1
    assert "is not a language code" in run(project, "i18n", "init", "--lang", "zz-nonsense").output
    status = json.loads(run(project, "i18n", "status", "--lang", "pl", "--format", "json").output)[0]
    assert status["missing"] == status["total"] and not status["publishable"]


def test_review_sheet_round_trip(project, tmp_path):
    out = tmp_path / "review"
    result = run(project, "i18n", "review-sheet", "--lang", "ar", "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    sheet = out / "ar" / "review-ar.csv"
    first, *table = sheet.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    assert first.startswith("# unna-docs review sheet; lang=ar; catalog=")
    rows = list(csv.DictReader(table))
    html = (out / "ar" / "review-ar.html").read_text(encoding="utf-8")
    assert rows[0]["id"] in html and 'dir="rtl"' in html
    target = next(r for r in rows if r["german"] == "Sprachen")
    target["translation"], target["reviewed"] = "اللغات المحكية", "x"
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(first)
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = run(project, "i18n", "review-import", "--lang", "ar", "--reviewer", "A. Dolmetscherin", str(sheet))
    assert result.exit_code == 0, result.output
    assert "1 marked reviewed (1 with corrections)" in result.output
    message = read_catalog(po_path(project / "locales", "ar"), "ar")["Sprachen"]
    assert message.string == "اللغات المحكية" and message_state(message) is State.REVIEWED
    assert any(c.startswith("reviewed: A. Dolmetscherin") for c in message.user_comments)


def test_translate_lists_providers_and_refuses_unsupported_pairs(project):
    result = run(project, "translate", "--list-providers")
    assert result.exit_code == 0 and "ti" in result.output and "libre" in result.output
    result = run(project, "translate", "--lang", "ti", "--provider", "libre", "--base-url", "http://127.0.0.1:9/")
    assert result.exit_code == 1 and "libre cannot draft ti" in result.output


@pytest.mark.slow
def test_build_as_a_subprocess(project, tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "--project", str(project), "build", "--lang", "de",
               "--municipality", "selm", "--as-of", "2026-11-25", "--out", str(out)]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "Built" in first.stdout and (out / "site" / "de" / "selm.pdf").exists()
    again = subprocess.run(command, capture_output=True, text=True)
    assert "Nothing changed" in again.stdout
    bad = subprocess.run(command[:-4] + ["--as-of", "26.11.2026"], capture_output=True, text=True)
    assert bad.returncode == 2 and "is not a date; write YYYY-MM-DD" in bad.stderr
    replace_in(project / "content/municipalities/selm.yaml", "  - id:", "  - idd:", 1)
    broken = subprocess.run(command, capture_output=True, text=True)
    assert broken.returncode == 1 and "content/municipalities/selm.yaml:" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_translate_new_language_survives_a_server_dying_mid_run(project):
    """The issue's check: init a language, draft it against a local LibreTranslate stand-in that
    fails half-way, rerun against a working one, and every message ends up a machine draft."""
    from standin_translator import StandInServer

    assert run(project, "i18n", "init", "--lang", "it").exit_code == 0
    total = json.loads(run(project, "i18n", "status", "--lang", "it", "--format", "json").output)[0]["total"]
    dying = StandInServer(mode="close", fail_after=45).start()
    try:
        first = run(project, "translate", "--lang", "it", "--provider", "libre", "--base-url", dying.url, "--timeout", "5")
    finally:
        dying.shutdown()
    assert first.exit_code == 1 and "rerun to resume" in first.output and "Traceback" not in first.output
    partial = json.loads(run(project, "i18n", "status", "--lang", "it", "--format", "json").output)[0]
    assert 0 < partial["machine"] < total
    working = StandInServer().start()
    try:
        second = run(project, "translate", "--lang", "it", "--provider", "libre", "--base-url", working.url)
    finally:
        working.shutdown()
    # The stand-in returns proper names unchanged; an unchanged result is rejected and left for a human.
    assert second.exit_code == 1 and "1 failed" in second.output and "'Härtefallkommission NRW'" in second.output
    done = json.loads(run(project, "i18n", "status", "--lang", "it", "--format", "json").output)[0]
    assert done["missing"] == 1 and done["machine"] == total - 1 and done["reviewed"] == 0
    from generator.content import load_site

    terms = set(load_site(project / "content").protected_terms)  # each glossary term is looked up once per run
    assert len(working.requests) <= total - partial["machine"] + len(terms)  # finished work is not sent again
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path(project / "locales", "it"))]).returncode == 0


def test_unwritable_output_is_a_clear_error(project, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    result = run(project, "build", "--lang", "de", "--municipality", "selm", "--out", str(blocker / "out"))
    assert result.exit_code == 1
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_malformed_yaml_or_po_stops_build_and_leaves_the_site_as_it_was(project, tmp_path):
    """Broken input is found before anything is rendered or published: build/site stays byte-identical."""
    site = project / "build" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>the published site</p>", encoding="utf-8")
    unna = project / "content/municipalities/unna.yaml"
    good = unna.read_text(encoding="utf-8")
    replace_in(unna, 'hours_note: "Termine auch nach Vereinbarung."', "hours_note: Termine: nach Vereinbarung")
    result = run(project, "build", "--lang", "en", "--municipality", "unna")
    assert result.exit_code == 1
    assert "content/municipalities/unna.yaml:29:" in result.output and "must be put in quotes" in result.output
    unna.write_text(good, encoding="utf-8")
    po = po_path(project / "locales", "en")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "kaputt\n', encoding="utf-8")
    result = run(project, "build", "--lang", "en", "--municipality", "unna")
    assert result.exit_code == 1 and "locales/en/LC_MESSAGES/messages.po:" in result.output
    assert "Traceback" not in result.output
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>the published site</p>"
