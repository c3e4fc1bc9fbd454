"""Review sheets for community interpreters: German and translation side by side, as HTML, PDF and CSV.

Each sheet says which language and which state of the catalog it was made from (a first comment
row and a `lang` column in the CSV, the header of the HTML/PDF, the language code in the file
name), so `review_import` can refuse another language's sheet and tell stale rows from fresh ones.
For outdated texts the sheet shows the old German beside the new one with the changed words marked,
and every row says where the text is used.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import re
from pathlib import Path

from babel.messages.catalog import Message

from generator.content.model import Language, Site
from generator.files import write_atomic
from generator.i18n.catalogs import State, message_state, po_path, pot_path, read_catalog
from generator.i18n.formatting import own_name, text_direction
from generator.i18n.places import Places

SHEET_MARK = "# unna-docs review sheet"
COLUMNS = ("id", "state", "where", "german", "german_changes", "translation", "reviewed", "lang", "base")
YES = {"x", "yes", "ja", "1", "ok", "true", "wahr", "✓", "✔", "☑", "☒"}


def message_id(msgid: str) -> str:
    """A short stable id printed on the sheet, so a reader can point at a text.

    It starts with a letter: Excel would read an id such as 12345678 or 1234e567 as a number
    and save it changed."""
    return "t" + hashlib.sha1(msgid.encode("utf-8")).hexdigest()[:7]


def base_of(msgid: str, translation: str) -> str:
    """Fingerprint of a row as printed: German and translation. A catalog that no longer matches it
    changed after the sheet was made (the German changed, or someone else corrected the translation)."""
    return "b" + hashlib.sha1(f"{msgid}\0{translation}".encode("utf-8")).hexdigest()[:7]


def catalog_fingerprint(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def sheet_header(code: str, fingerprint: str, made: dt.date) -> str:
    return f"{SHEET_MARK}; lang={code}; catalog={fingerprint}; made={made.isoformat()}"


def word_changes(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level difference as (kind, text) runs, kind one of "same", "del", "ins"."""
    a, b = re.findall(r"\s+|\w+|[^\w\s]", old), re.findall(r"\s+|\w+|[^\w\s]", new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("ins", "".join(b[j1:j2])))
    return runs


def changes_as_text(runs: list[tuple[str, str]]) -> str:
    """The difference in plain text, as `git diff --word-diff` writes it: [-old-]{+new+}."""
    return "".join(text if kind == "same" else f"[-{text}-]" if kind == "del" else f"{{+{text}+}}" for kind, text in runs)


def previous_german(message: Message | None) -> str | None:
    if message is None or not message.previous_id:
        return None
    previous = message.previous_id
    return previous[0] if isinstance(previous, (list, tuple)) else previous


def _translation(message: Message | None) -> str:
    if message is None:
        return ""
    return message.string[0] if isinstance(message.string, (list, tuple)) else (message.string or "")


def sheet_rows(locales: Path, language: Language, places: Places, only_unreviewed: bool = False) -> list[dict]:
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
        translation = _translation(message)
        old = previous_german(message)
        runs = word_changes(old, entry.id) if old is not None and state is State.OUTDATED else []
        rows.append({"id": message_id(entry.id), "state": state.value, "where": places.describe(entry),
                     "german": entry.id, "german_changes": changes_as_text(runs), "runs": runs,
                     "translation": translation, "reviewed": "", "lang": language.code,
                     "base": base_of(entry.id, translation)})
    return rows


def sheet_csv(rows: list[dict], header: str) -> bytes:
    """The CSV: a first comment row naming language and catalog state, then the table. UTF-8 with BOM,
    so Excel opens it as UTF-8."""
    buffer = io.StringIO()
    buffer.write(header + "\r\n")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_review_sheet(project: Path, site: Site, language: Language, out: Path, only_unreviewed: bool,
                       pdf: bool = True, today: dt.date | None = None) -> list[Path]:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from generator.render.page import font_css

    templates = project / "templates"
    locales = project / "locales"
    today = today or dt.date.today()
    rows = sheet_rows(locales, language, Places(site, project), only_unreviewed)
    fingerprint = catalog_fingerprint(po_path(locales, language.locale))
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=select_autoescape(("html",)))
    counts = {state.value: sum(1 for r in rows if r["state"] == state.value) for state in State}
    html = env.get_template("review/sheet.html").render(
        rows=rows, code=language.code, name=own_name(language.code), dir=text_direction(language.code),
        counts=counts, today=today.isoformat(), fingerprint=fingerprint,
        font_css=font_css(language.code), css="assets/style.css",
    )
    folder = out / language.code
    stem = folder / f"review-{language.code}"
    write_atomic(stem.with_suffix(".html"), html.replace('href="assets/style.css"', 'href="style.css"').encode("utf-8"))
    write_atomic(folder / "style.css", (templates / "assets" / "style.css").read_bytes())
    written = [stem.with_suffix(".html")]
    write_atomic(stem.with_suffix(".csv"), sheet_csv(rows, sheet_header(language.code, fingerprint, today)))
    written.append(stem.with_suffix(".csv"))
    if pdf:
        from generator.render.pdf import render_pdf

        write_atomic(stem.with_suffix(".pdf"), render_pdf(html, templates, variant=None))
        written.append(stem.with_suffix(".pdf"))
    return written
