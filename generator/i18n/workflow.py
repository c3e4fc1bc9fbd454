"""The catalog workflow, thin over Babel: extract the POT, update and create PO files, compile MO files.

German source strings come from templates (Jinja2's Babel extractor), from content YAML (our
`unna_content` extractor) and from `N_()`/`gettext()` calls in the generator, as babel.cfg says.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo

from generator import __version__
from generator.files import write_atomic
from generator.i18n import codes
from generator.i18n.catalogs import (
    State, catalog_bytes, message_state, po_path, pot_path, read_catalog, write_catalog,
)
from generator.i18n.checks import placeholders_fit

PROJECT = "unna-docs"
BUGS_ADDRESS = "integrationszentrum@kreis-unna.example.org"
COPYRIGHT = "Kreis Unna"


def _fixed_date(catalog: Catalog, when: dt.datetime | None) -> None:
    if when is not None:
        catalog.creation_date = when


def extract(root: Path) -> Catalog:
    """Run Babel's extraction over the project, as `pybabel extract -F babel.cfg .` would."""
    root = Path(root)
    with (root / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, filename=str(root / "babel.cfg"))
    catalog = Catalog(project=PROJECT, version=__version__, msgid_bugs_address=BUGS_ADDRESS,
                      copyright_holder=COPYRIGHT, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, comment_tags=("Translators:",), strip_comment_tags=True,
        directory_filter=lambda d: Path(d).name not in ("build", "tests", ".venv", "locales", ".git", "__pycache__"),
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _without_date(data: bytes) -> bytes:
    return b"\n".join(line for line in data.split(b"\n") if not line.startswith(b'"POT-Creation-Date'))


def write_pot(root: Path, locales: Path) -> tuple[Catalog, bool]:
    """Extract and write messages.pot; keep the file (and its date) when only the date would change."""
    catalog = extract(root)
    path = pot_path(locales)
    if path.exists():
        old = path.read_bytes()
        if _without_date(old) == _without_date(catalog_bytes(catalog)):
            return catalog, False
    return catalog, write_catalog(catalog, path)


@dataclass
class UpdateResult:
    locale: str
    outdated: int  # translations sent back to review because their German source changed
    kept_minor: int  # fuzzy matches kept reviewed because the change was declared minor
    obsolete: int  # entries whose German source is gone; removed from the catalog


def update(locales: Path, locale: str, template: Catalog, minor: bool = False) -> UpdateResult:
    """Merge the POT into one catalog; changed German sources send their translations back to review.

    With `minor`, a translation that was reviewed before and now matches a slightly changed German
    text stays reviewed (a typo fix need not send twenty languages back to review; babel #1030).
    """
    path = po_path(locales, locale)
    catalog = read_catalog(path, locale=locale)
    reviewed_before = {m.id for m in catalog if m.id and message_state(m) is State.REVIEWED}
    previous_before = {m.id: m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(template, update_header_comment=False, keep_user_comments=True, update_creation_date=False)
    outdated = kept = 0
    for message in catalog:
        if message.id in previous_before and message.fuzzy and not message.previous_id:
            # Babel's update keeps the fuzzy flag of an unchanged message but drops its `#| msgid`;
            # keep it, or a second update would turn "outdated" into a plain draft.
            message.previous_id = previous_before[message.id]
            continue
        if message.id and message.fuzzy and message.previous_id and not placeholders_fit(message):
            # Babel matched a German text with other placeholders: no use as a starting point, and a
            # draft shown from it could not be filled. The entry starts anew as missing.
            message.string, message.previous_id = "", []
            message.flags.discard("fuzzy")
            continue
        if message.id and message.fuzzy and message.previous_id:
            previous = message.previous_id[0]
            if minor and previous in reviewed_before:
                message.flags.discard("fuzzy")
                message.previous_id = []
                kept += 1
            else:
                outdated += 1
    outdated += take_babel_plural_rule(catalog)
    # Obsolete entries (#~) would only be noise for translators; git keeps their history.
    obsolete = len(catalog.obsolete)
    catalog.obsolete.clear()
    write_catalog(catalog, path)
    return UpdateResult(locale, outdated, kept, obsolete)


def take_babel_plural_rule(catalog: Catalog) -> int:
    """Write the installed Babel's Plural-Forms into the header; returns how many plural entries go back to review.

    A changed rule can move translations between forms (CLDR changes between Babel releases), so
    plural messages are marked for review when the rule's meaning changed.
    """
    from generator.i18n.checks import plurals_agree

    expected = Catalog(locale=catalog.locale)
    if plurals_agree(catalog.num_plurals, catalog.plural_expr, expected.num_plurals, expected.plural_expr):
        return 0
    catalog.mime_headers = [(name, expected.plural_forms if name.lower() == "plural-forms" else value)
                            for name, value in catalog.mime_headers]
    sent_back = 0
    for message in catalog:
        if message.id and message.pluralizable and message.string and any(message.string):
            message.flags.add("fuzzy")
            sent_back += 1
    return sent_back


def init(locales: Path, code: str, template: Catalog) -> Path:
    """Create a new language's catalog with headers and Plural-Forms from Babel's locale data."""
    locale = codes.locale(code)
    path = po_path(locales, locale)
    if path.exists():
        raise FileExistsError(path)
    parsed = Locale.parse(locale)
    catalog = Catalog(locale=parsed, domain="messages", project=PROJECT, version=__version__,
                      msgid_bugs_address=BUGS_ADDRESS, copyright_holder=COPYRIGHT, charset="utf-8", fuzzy=False)
    catalog.language_team = f"{parsed.get_display_name('en')} <{BUGS_ADDRESS}>"
    catalog.last_translator = f"no reviewed translation yet <{BUGS_ADDRESS}>"
    catalog.revision_date = catalog.creation_date
    for message in template:
        if message.id:
            catalog.add(message.id, "", list(message.locations), auto_comments=message.auto_comments, context=message.context)
    write_catalog(catalog, path)
    return path


def compile_catalog(locales: Path, locale: str, use_fuzzy: bool) -> Path:
    """Write the MO file for tools that want one. The build itself always reads the PO file."""
    catalog = read_catalog(po_path(locales, locale), locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=use_fuzzy)
    path = po_path(locales, locale).with_suffix(".mo")
    write_atomic(path, buffer.getvalue())
    return path
