"""Review sheets and their import, tried as a translator and KI staff would: the wrong language's
sheet, CSV as German Excel saves it, sheets that went stale, broken files; old and new German."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.i18n.catalogs import State, message_state, po_path, read_catalog

from conftest import replace_in

CHANGED = ("Ihre Einwilligung ist freiwillig.", "Ihre Einwilligung ist immer freiwillig.")


def run(project, *args):
    return CliRunner().invoke(main, ["--project", str(project), *args], catch_exceptions=False)


def make_sheet(project, code) -> tuple[str, list[dict]]:
    out = project / "build" / "review"
    result = run(project, "i18n", "review-sheet", "--lang", code, "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    first, *table = (out / code / f"review-{code}.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    return first.rstrip("\r\n"), list(csv.DictReader(table))


def save(path: Path, first: str | None, rows: list[dict], delimiter=",", encoding="utf-8-sig") -> Path:
    """Write a sheet as a spreadsheet would: Excel quotes the first row's cell when it holds the delimiter."""
    buffer = io.StringIO()
    if first is not None:
        buffer.write(f'"{first}"' + delimiter * (len(rows[0]) - 1) + "\r\n")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    return path


def tick(rows, german, translation=None):
    row = next(r for r in rows if r["german"] == german)
    row["reviewed"] = "x"
    if translation is not None:
        row["translation"] = translation
    return rows.index(row)


def catalogs(project) -> dict[str, bytes]:
    return {p.as_posix(): p.read_bytes() for p in sorted((project / "locales").rglob("*.po"))}


def import_sheet(project, code, path):
    return run(project, "i18n", "review-import", "--lang", code, "--reviewer", "R. Prüfer", str(path))


def test_arabic_sheet_is_refused_for_farsi_and_nothing_changes(project, tmp_path):
    first, rows = make_sheet(project, "ar")
    tick(rows, "Sprachen")
    before = catalogs(project)
    for name in ("review-ar.csv", "review-fa.csv"):  # renaming the file does not help
        result = import_sheet(project, "fa", save(tmp_path / name, first, rows))
        assert result.exit_code == 1
        assert "this sheet is for Arabic (ar), not for Persian (fa)" in result.output
        assert "Traceback" not in result.output
    assert catalogs(project) == before


def test_sheet_without_its_language_is_refused(project, tmp_path):
    _, rows = make_sheet(project, "fa")
    tick(rows, "Sprachen")
    for row in rows:
        del row["lang"]
    before = catalogs(project)
    result = import_sheet(project, "fa", save(tmp_path / "korrekturen.csv", None, rows))
    assert result.exit_code == 1 and "does not say which language" in result.output
    assert catalogs(project) == before


@pytest.mark.parametrize("delimiter, encoding", [(";", "cp1252"), (";", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-16")])
def test_german_excel_csv_of_a_latin_language_imports(project, tmp_path, delimiter, encoding):
    first, rows = make_sheet(project, "en")
    tick(rows, "Sprachen", "Languages spoken – also Türkçe, Français")
    result = import_sheet(project, "en", save(tmp_path / "review-en.csv", first, rows, delimiter, encoding))
    assert result.exit_code == 0, result.output
    assert "1 marked reviewed (1 with corrections)" in result.output
    message = read_catalog(po_path(project / "locales", "en"), "en")["Sprachen"]
    expected = "Languages spoken – also Türkçe, Français"
    assert message.string == expected.encode(encoding, errors="replace").decode(encoding)
    assert message_state(message) is State.REVIEWED


def test_unicode_text_from_excel_imports_persian(project, tmp_path):
    first, rows = make_sheet(project, "fa")
    tick(rows, "Sprachen", "زبان‌ها")
    result = import_sheet(project, "fa", save(tmp_path / "review-fa.txt", first, rows, "\t", "utf-16"))
    assert result.exit_code == 0, result.output
    assert read_catalog(po_path(project / "locales", "fa"), "fa")["Sprachen"].string == "زبان‌ها"


def test_windows_1252_sheet_of_an_arabic_script_language_is_refused_with_advice(project, tmp_path):
    first, rows = make_sheet(project, "fa")
    tick(rows, "Sprachen")
    before = catalogs(project)
    result = import_sheet(project, "fa", save(tmp_path / "review-fa.csv", first, rows, ";", "cp1252"))
    assert result.exit_code == 1
    assert "cannot hold Arabic letters" in result.output and "CSV UTF-8" in result.output
    assert catalogs(project) == before


@pytest.mark.parametrize("content, expected", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "cannot be read as text"),
    ("Name;Telefon\r\nA;1\r\n".encode("cp1252"), "the columns id or german, translation, reviewed are missing"),
    (b"", "has no table"),
])
def test_files_that_are_no_review_sheet_are_refused_without_traceback(project, tmp_path, content, expected):
    before = catalogs(project)
    path = tmp_path / "review-fa.csv"
    path.write_bytes(content)
    result = import_sheet(project, "fa", path)
    assert result.exit_code == 1 and expected in result.output, result.output
    assert str(path) in result.output and "Traceback" not in result.output
    assert catalogs(project) == before


def test_broken_row_refuses_the_whole_import_and_names_its_line(project, tmp_path):
    first, rows = make_sheet(project, "uk")
    tick(rows, "Sprachen", "Мови")
    placeholder = next(r for r in rows if "%(" in r["german"])
    placeholder["reviewed"], placeholder["translation"] = "x", "без заповнювача"
    wrong_script = tick(rows, "Zeiten", "الأوقات")
    before = catalogs(project)
    result = import_sheet(project, "uk", save(tmp_path / "review-uk.csv", first, rows))
    assert result.exit_code == 1, result.output
    line_of = {r["id"]: i + 3 for i, r in enumerate(rows)}  # comment row, header row, then rows from line 3
    assert f"review-uk.csv:{line_of[placeholder['id']]}: translation: must keep the placeholders" in result.output
    assert f"review-uk.csv:{line_of[rows[wrong_script]['id']]}: translation: contains Arabic letters" in result.output
    assert "the catalog was not changed" in result.output
    assert catalogs(project) == before


def test_stale_rows_are_listed_and_the_others_imported(project, tmp_path):
    first, rows = make_sheet(project, "ti")
    tick(rows, "Sprachen", "ቋንቋታት ዝዝረበሉ")
    changed = tick(rows, CHANGED[0])
    corrected_meanwhile = tick(rows, "Zeiten")
    # after printing: the German of one text changes, someone corrects another in Poedit
    replace_in(project / "content/documents/einwilligung.yaml", *CHANGED)
    assert run(project, "i18n", "extract").exit_code == 0 and run(project, "i18n", "update").exit_code == 0
    path = po_path(project / "locales", "ti")
    catalog = read_catalog(path, "ti")
    catalog["Zeiten"].string = "ሰዓታት ምኽፋት"
    from generator.i18n.catalogs import write_catalog

    write_catalog(catalog, path)
    result = import_sheet(project, "ti", save(tmp_path / "review-ti.csv", first, rows))
    assert result.exit_code == 1
    assert "1 marked reviewed (1 with corrections)" in result.output
    assert f"review-ti.csv:{changed + 3}: german:" in result.output and "is no longer in the catalog" in result.output
    assert f"review-ti.csv:{corrected_meanwhile + 3}: translation: the translation in the catalog was changed" in result.output
    assert "2 problems found, these rows are out of date and were not imported" in result.output
    catalog = read_catalog(path, "ti")
    assert catalog["Sprachen"].string == "ቋንቋታት ዝዝረበሉ" and message_state(catalog["Sprachen"]) is State.REVIEWED
    assert catalog["Zeiten"].string == "ሰዓታት ምኽፋት" and message_state(catalog["Zeiten"]) is not State.REVIEWED


def test_outdated_text_shows_old_and_new_german_and_where_it_is_used(project):
    replace_in(project / "content/documents/einwilligung.yaml", *CHANGED)
    run(project, "i18n", "extract")
    run(project, "i18n", "update")
    _, rows = make_sheet(project, "ar")
    row = next(r for r in rows if r["german"] == CHANGED[1])
    assert row["state"] == "outdated"
    assert row["german_changes"] == "Ihre Einwilligung ist {+immer +}freiwillig."
    assert row["where"].startswith("Dokument „Datenschutzrechtliche Einwilligungserklärung")
    assert "Abschnitt 2" in row["where"]
    offer = next(r for r in rows if r["german"].startswith("Jeden Montag treffen sich Menschen aus U"))
    assert offer["where"] == "Flyer Unna – Angebot „Begegnungscafé Unna“: Beschreibung"
    html = (project / "build/review/ar/review-ar.html").read_text(encoding="utf-8")
    assert "Ihre Einwilligung ist <ins>immer </ins>freiwillig." in html
    assert "Sprache: <strong>ar</strong>" in html


def test_status_lists_outdated_entries_and_its_counts_add_up(project):
    replace_in(project / "content/documents/einwilligung.yaml", *CHANGED)
    run(project, "i18n", "extract")
    run(project, "i18n", "update")
    [en] = json.loads(run(project, "i18n", "status", "--lang", "en", "--format", "json").output)
    assert en["outdated"] == 1
    assert en["reviewed"] + en["draft"] + en["outdated"] + en["missing"] == en["total"]
    listed = run(project, "i18n", "status", "--lang", "en", "--list", "outdated")
    assert listed.exit_code == 0
    assert "German:  Ihre Einwilligung ist immer freiwillig." in listed.output
    assert "changed: Ihre Einwilligung ist {+immer +}freiwillig." in listed.output
    assert "Abschnitt 2 „2. Freiwillig und ohne Nachteile“" in listed.output
    assert "en: 1 outdated texts." in listed.output
    drafts = json.loads(run(project, "i18n", "status", "--lang", "en", "--list", "draft", "--format", "json").output)
    assert len(drafts) == en["draft"] and all(d["where"] for d in drafts)
    assert run(project, "i18n", "status", "--list", "missing").exit_code == 2  # which language?


def test_check_warns_about_text_in_the_wrong_script(project):
    path = po_path(project / "locales", "uk")
    catalog = read_catalog(path, "uk")
    catalog["Sprachen"].string = "اللغات"
    from generator.i18n.catalogs import write_catalog

    write_catalog(catalog, path)
    ti = po_path(project / "locales", "ti")
    catalog = read_catalog(ti, "ti")
    catalog["Zeiten"].string = "Öffnungszeiten der Beratung"
    catalog["Sprachen"].string = "Caritas Unna"  # a name may stay in Latin letters
    write_catalog(catalog, ti)
    result = run(project, "check")
    assert result.exit_code == 0, result.output
    assert "locales/uk/LC_MESSAGES/messages.po:" in result.output
    assert "contains Arabic letters, but uk is written in Cyrillic script" in result.output
    assert "is in Latin letters only, but ti is written in Ethiopic script" in result.output
    assert result.output.count("ti is written in Ethiopic") == 1
    assert run(project, "check", "--strict").exit_code == 1


def test_broken_catalog_is_named_with_its_line_and_left_alone(project, tmp_path):
    first, rows = make_sheet(project, "fa")
    tick(rows, "Sprachen", "زبان‌ها")
    sheet = save(tmp_path / "review-fa.csv", first, rows)
    path = po_path(project / "locales", "fa")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    broken_line = next(i for i, line in enumerate(lines, 1) if line.startswith("msgstr") and i > 20)
    lines[broken_line - 1] = 'msgstr_oops "x"\n'
    path.write_text("".join(lines), encoding="utf-8")
    before = catalogs(project)
    for args in (("check",), ("i18n", "review-import", "--lang", "fa", "--reviewer", "R", str(sheet))):
        result = run(project, *args)
        assert result.exit_code == 1
        assert f"locales/fa/LC_MESSAGES/messages.po:{broken_line}: is not a valid PO file" in result.output
        assert "Traceback" not in result.output
    assert catalogs(project) == before


def test_a_correction_without_an_x_is_named_not_imported(project, tmp_path):
    first, rows = make_sheet(project, "en")
    forgotten = next(i for i, r in enumerate(rows) if r["german"] == "Sprachen")
    rows[forgotten]["translation"] = "Languages we speak"
    assert all(r["id"][0].isalpha() and r["base"][0].isalpha() for r in rows)  # Excel keeps them as text
    before = catalogs(project)
    result = import_sheet(project, "en", save(tmp_path / "review-en.csv", first, rows, ";"))
    assert result.exit_code == 0
    assert f"review-en.csv:{forgotten + 3}: warning: the translation differs from the catalog's" in result.output
    assert catalogs(project) == before


def test_check_reports_catalog_problems_in_the_same_round_as_content_problems(project):
    replace_in(project / "content/municipalities/selm.yaml", "category: meeting", "category: meting")
    path = po_path(project / "locales", "en")
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "Help and advice in %(place)s"',
                                                             'msgstr "Help and advice in %(ort)s"'), encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 1
    assert "Did you mean `meeting`?" in result.output
    assert "locales/en/LC_MESSAGES/messages.po:" in result.output and "placeholders differ" in result.output
    assert "nothing was written" not in result.output
