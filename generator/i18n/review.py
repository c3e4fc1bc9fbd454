"""Review sheets for community interpreters: German and translation side by side, as HTML, PDF and CSV,
and the import of their corrections back into the catalog (those texts become reviewed)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from generator.content.model import Language
from generator.content.problems import ContentError, Problem
from generator.files import write_atomic
from generator.i18n.catalogs import (
    State, mark_reviewed, message_state, po_path, pot_path, read_catalog, write_catalog,
)
from generator.i18n.formatting import own_name, text_direction

COLUMNS = ("id", "state", "german", "translation", "reviewed")
YES = {"x", "yes", "ja", "1", "ok", "true"}


def message_id(msgid: str) -> str:
    """A short stable id printed on the sheet, so a reader can point at a text."""
    return hashlib.sha1(msgid.encode("utf-8")).hexdigest()[:8]


def sheet_rows(locales: Path, language: Language, only_unreviewed: bool = False) -> list[dict]:
    template = read_catalog(pot_path(locales))
    catalog = read_catalog(po_path(locales, language.locale), locale=language.locale)
    rows = []
    for entry in template:
        if not entry.id:
            continue
        message = catalog.get(entry.id)
        state = message_state(message) if message is not None else State.MISSING
        if only_unreviewed and state is State.REVIEWED:
            continue
        rows.append({"id": message_id(entry.id), "state": state.value, "german": entry.id,
                     "translation": message.string if message is not None else "", "reviewed": ""})
    return rows


def write_review_sheet(project: Path, language: Language, out: Path, only_unreviewed: bool, pdf: bool = True) -> list[Path]:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from generator.render.page import font_css

    templates = project / "templates"
    rows = sheet_rows(project / "locales", language, only_unreviewed)
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=select_autoescape(("html",)))
    counts = {state.value: sum(1 for r in rows if r["state"] == state.value) for state in State}
    html = env.get_template("review/sheet.html").render(
        rows=rows, code=language.code, name=own_name(language.code), dir=text_direction(language.code),
        counts=counts, today=dt.date.today().isoformat(), font_css=font_css(language.code), css="assets/style.css",
    )
    folder = out / language.code
    written = []
    stem = folder / f"review-{language.code}"
    write_atomic(stem.with_suffix(".html"), html.replace('href="assets/style.css"', 'href="style.css"').encode("utf-8"))
    write_atomic(folder / "style.css", (templates / "assets" / "style.css").read_bytes())
    written.append(stem.with_suffix(".html"))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(stem.with_suffix(".csv"), buffer.getvalue().encode("utf-8-sig"))  # BOM: Excel opens it as UTF-8
    written.append(stem.with_suffix(".csv"))
    if pdf:
        from generator.render.pdf import render_pdf

        write_atomic(stem.with_suffix(".pdf"), render_pdf(html, templates, variant=None))
        written.append(stem.with_suffix(".pdf"))
    return written


@dataclass
class ImportResult:
    reviewed: int = 0
    changed: int = 0
    unchanged: int = 0


def import_review(locales: Path, language: Language, csv_file: Path, reviewer: str) -> ImportResult:
    """Rows marked reviewed ('x') set the translation from the sheet and clear the draft marks."""
    path = po_path(locales, language.locale)
    catalog = read_catalog(path, locale=language.locale)
    problems: list[Problem] = []
    result = ImportResult()
    updates = []
    with csv_file.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing_columns = [c for c in ("german", "translation", "reviewed") if c not in (reader.fieldnames or [])]
        if missing_columns:
            raise ContentError([Problem(str(csv_file), 1, 0, "", f"the columns {', '.join(missing_columns)} are missing; use the CSV written by `docgen i18n review-sheet`.")])
        for row in reader:
            line = reader.line_num
            if (row.get("reviewed") or "").strip().lower() not in YES:
                result.unchanged += 1
                continue
            message = catalog.get(row["german"])
            if message is None:
                problems.append(Problem(str(csv_file), line, 0, "german", "this German text is not in the catalog (changed since the sheet was printed?). Print a new sheet."))
                continue
            translation = (row.get("translation") or "").strip()
            if not translation:
                problems.append(Problem(str(csv_file), line, 0, "translation", "is marked reviewed but has no translation."))
                continue
            updates.append((message, translation))
    if problems:
        raise ContentError(problems)
    from generator.i18n.checks import MARKUP, placeholders

    for message, translation in updates:
        if placeholders(translation) != placeholders(message.id) or MARKUP.search(translation):
            problems.append(Problem(str(csv_file), 0, 0, f"id {message_id(message.id)}", "the corrected translation lost a placeholder or contains markup; keep %(...)s and {...} exactly."))
    if problems:
        raise ContentError(problems)
    for message, translation in updates:
        if message.string != translation:
            result.changed += 1
            message.string = translation
        mark_reviewed(message)
        message.user_comments = [c for c in message.user_comments if not c.startswith("reviewed:")]
        message.user_comments.append(f"reviewed: {reviewer} {dt.date.today().isoformat()}")
        result.reviewed += 1
    write_catalog(catalog, path)
    return result
