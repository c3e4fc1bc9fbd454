"""Taking a filled-in review sheet (CSV) back into a catalog, so that it can never corrupt one.

- The sheet must be for the catalog's language (first comment row or `lang` column); another
  language's sheet is refused before anything is read into the catalog.
- CSV as Excel saves it is read: comma, semicolon or tab (sniffed); UTF-8 with or without BOM,
  UTF-16, or Windows-1252 for languages in Latin letters. Anything else is refused with advice on
  how to save the file; never a traceback.
- A row whose German or translation changed in the catalog since the sheet was made is stale: it
  is left out and listed with its line; the rows that still match are imported.
- Rows with broken content (no translation, lost placeholders, markup, another script) refuse the
  whole import: the catalog stays byte-identical.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.model import Language
from generator.content.problems import ContentError, Problem
from generator.i18n.catalogs import State, mark_reviewed, message_state, po_path, read_catalog, write_catalog
from generator.i18n.checks import MARKUP, placeholders
from generator.i18n.formatting import babel_locale
from generator.i18n.review import SHEET_MARK, YES, base_of, message_id
from generator.i18n.scripts import expected_script, script_problem

CODE = r"[a-z]{2,3}(?:-[A-Z]{2}|-[A-Z][a-z]{3})?"  # a language code as in site.yaml: fa, ckb, fa-AF
HOW_TO_SAVE = ("In Excel, save it with File > Save As > \"CSV UTF-8 (Comma delimited)\" "
               "(German Excel: Datei > Speichern unter > \"CSV UTF-8 (durch Trennzeichen getrennt)\"), "
               "or \"Unicode Text\".")


@dataclass
class ImportResult:
    reviewed: int = 0
    changed: int = 0
    unchanged: int = 0
    stale: list[Problem] = field(default_factory=list)
    unmarked: list[Problem] = field(default_factory=list)  # corrected on the sheet, but no x in 'reviewed'


@dataclass
class Sheet:
    rows: list[tuple[int, dict]]  # (line in the file, row)
    lang: str | None  # from the comment row
    encoding: str


def _name(code: str) -> str:
    """The language's English name with its code, for messages: "Arabic (ar)"."""
    try:
        return f"{babel_locale(code).get_display_name('en')} ({code})"
    except Exception:  # noqa: BLE001  (an unknown code is still worth naming)
        return code


def _refuse(path: Path, line: int, message: str) -> ContentError:
    return ContentError([Problem(str(path), line, 0, "", message)], outcome="the catalog was not changed")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the encoding it was saved in (UTF-8 with or without BOM, UTF-16, Windows-1252)."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif data[1:200:2].count(0) > 20:
        candidates = ["utf-16-le"]
    elif data[0:200:2].count(0) > 20:
        candidates = ["utf-16-be"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _refuse(path, 0, f"cannot be read as text in any encoding Excel writes. {HOW_TO_SAVE}")


def parse_sheet(path: Path) -> Sheet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(path, 0, f"cannot be read: {exc.strerror}.") from None
    text, encoding = decode(data, path)
    if "\x00" in text:
        raise _refuse(path, 0, f"is not a text file (it contains NUL characters). {HOW_TO_SAVE}")
    lines = text.splitlines(keepends=True)
    lang, first = None, 0
    if lines and SHEET_MARK in lines[0]:
        match = re.search(rf"\blang=({CODE})", lines[0])
        lang, first = (match.group(1) if match else None), 1
    body = "".join(lines[first:])
    if not body.strip():
        raise _refuse(path, first + 1, "has no table. Use the CSV written by `docgen i18n review-sheet`.")
    header_line = body.lstrip("\r\n").splitlines()[0]
    try:  # the header row has no quotes and no text: its delimiter is unambiguous
        dialect = csv.Sniffer().sniff(header_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(body.splitlines(keepends=True), dialect=dialect)
    rows, start = [], 0
    try:
        fieldnames = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
        reader.fieldnames = fieldnames
        start = reader.line_num
        for row in reader:
            rows.append((start + 1 + first, row))  # the line where the row begins, as a spreadsheet counts
            start = reader.line_num
    except csv.Error as exc:
        raise _refuse(path, first + start + 1, f"is not a readable CSV table ({exc}). {HOW_TO_SAVE}") from None
    missing = [c for c in ("translation", "reviewed") if c not in fieldnames]
    if "id" not in fieldnames and "german" not in fieldnames:
        missing.insert(0, "id or german")
    if missing:
        raise _refuse(path, first + 1, f"the columns {', '.join(missing)} are missing (found: {', '.join(fieldnames) or 'none'}). "
                      f"Use the CSV written by `docgen i18n review-sheet` and keep its first rows. {HOW_TO_SAVE}")
    return Sheet(rows, lang, encoding)


def _check_language(sheet: Sheet, path: Path, language: Language) -> None:
    """Refuse a sheet that is for another language, or that does not say which one it is for."""
    said = {code for code in [sheet.lang] + [(row.get("lang") or "").strip() for _, row in sheet.rows] if code}
    named = re.search(rf"review-({CODE})(?![A-Za-z])", path.name)
    if named and named.group(1) != language.code:
        said.add(named.group(1))
    others = sorted(said - {language.code})
    if others:
        which = ", ".join(_name(c) for c in others)
        raise _refuse(path, 1, f"this sheet is for {which}, not for {_name(language.code)}. "
                      f"Import it with --lang {others[0]}, or use the sheet review-{language.code}.csv.")
    if not said:
        raise _refuse(path, 1, "the sheet does not say which language it is for (no first row "
                      f"'{SHEET_MARK}; lang=...' and no lang column). Print a new sheet with "
                      f"`docgen i18n review-sheet --lang {language.code}` and copy the corrections into it.")
    script = expected_script(language.code)  # Windows-1252 holds Western European letters only
    if sheet.encoding == "cp1252" and script != "Latin":
        letters = f"{script} letters" if script else f"every letter of {_name(language.code)}"
        raise _refuse(path, 0, f"was saved as Windows-1252 (\"CSV (Trennzeichen-getrennt)\"), which cannot hold "
                      f"{letters}: the translations were replaced by '?'. {HOW_TO_SAVE}")


def import_review(locales: Path, language: Language, csv_file: Path, reviewer: str,
                  today: dt.date | None = None) -> ImportResult:
    """Rows marked reviewed ('x') set the translation from the sheet and clear the draft marks."""
    sheet = parse_sheet(csv_file)
    _check_language(sheet, csv_file, language)
    path = po_path(locales, language.locale)
    catalog = read_catalog(path, locale=language.locale)
    by_id = {message_id(m.id): m for m in catalog if m.id and isinstance(m.id, str)}
    result, errors, updates = ImportResult(), [], []

    def problem(line: int, column: str, text: str) -> Problem:
        return Problem(str(csv_file), line, 0, column, text)

    for line, row in sheet.rows:
        german = (row.get("german") or "").strip()
        message = by_id.get((row.get("id") or "").strip()) or catalog.get(row.get("german") or "")
        translation = (row.get("translation") or "").replace("\r\n", "\n").strip()
        if (row.get("reviewed") or "").strip().lower() not in YES:
            result.unchanged += 1
            current = message.string if message is not None and isinstance(message.string, str) else ""
            base = (row.get("base") or "").strip()
            fresh = message is not None and (not base or base == base_of(message.id, current))
            if fresh and translation and translation != current.strip():
                result.unmarked.append(problem(line, "reviewed", "the translation differs from the catalog's but the row is "
                                               "not marked reviewed, so it was not imported; put an x in 'reviewed' to take it."))
            continue
        if message is None or message.id == "":
            result.stale.append(problem(line, "german", f"{german[:50]!r} is no longer in the catalog (the German "
                                        "text changed since the sheet was printed). Review it on a new sheet."))
            continue
        current = message.string if isinstance(message.string, str) else ""
        base = (row.get("base") or "").strip()
        if base and base != base_of(message.id, current):
            if current == translation and message_state(message) is State.REVIEWED:
                result.unchanged += 1  # imported before: the same sheet read twice
                continue
            result.stale.append(problem(line, "translation", "the translation in the catalog was changed after the sheet "
                                        "was printed; compare both and review this text again on a new sheet."))
            continue
        if not translation:
            errors.append(problem(line, "translation", "is marked reviewed but has no translation; write it or remove the x."))
        elif placeholders(translation) != placeholders(message.id):
            errors.append(problem(line, "translation", f"must keep the placeholders of the German text exactly: "
                                  f"{', '.join(placeholders(message.id)) or 'none'} (found {', '.join(placeholders(translation)) or 'none'})."))
        elif MARKUP.search(translation):
            errors.append(problem(line, "translation", "contains markup (< or &...;); write plain text."))
        elif wrong := script_problem(language.code, translation):
            errors.append(problem(line, "translation", f"{wrong} Correct it, or use the sheet of that language."))
        else:
            updates.append((message, translation))
    if errors:
        raise ContentError(errors, outcome="the catalog was not changed; correct these rows and import the sheet again")
    stamp = f"reviewed: {reviewer} {(today or dt.date.today()).isoformat()}"
    for message, translation in updates:
        if message.string != translation:
            result.changed += 1
            message.string = translation
        mark_reviewed(message)
        message.user_comments = [c for c in message.user_comments if not c.startswith("reviewed:")] + [stamp]
        result.reviewed += 1
    if updates:
        write_catalog(catalog, path)
    return result
