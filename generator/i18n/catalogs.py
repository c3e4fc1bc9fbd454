"""Gettext catalogs on disk: where they are, reading and atomic writing, and each message's review state.

The review state lives in the PO file in forms every gettext tool keeps:

- missing:   the msgstr is empty;
- reviewed:  a translation without the `fuzzy` flag (a human cleared it, e.g. in Poedit or Weblate);
- draft:     a translation with the `fuzzy` flag (Poedit shows "needs work", Weblate "needs editing");
- machine:   a draft whose translator comment starts with "machine-translated:" (deep-translator);
- outdated:  a draft that carries the previous German source (`#| msgid`), because the German
             text changed after the translation was written (Integreat's OUTDATED state).
"""

from __future__ import annotations

import enum
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape, write_po

from generator.content.problems import ContentError, Problem
from generator.files import write_atomic

DOMAIN = "messages"
MACHINE_MARK = "machine-translated:"
DRAFT_MARK = "draft:"


class State(str, enum.Enum):
    MISSING = "missing"
    DRAFT = "draft"
    MACHINE = "machine"
    OUTDATED = "outdated"
    REVIEWED = "reviewed"

    @property
    def is_draft(self) -> bool:
        return self in (State.DRAFT, State.MACHINE, State.OUTDATED)


def pot_path(locales: Path) -> Path:
    return Path(locales) / f"{DOMAIN}.pot"


def po_path(locales: Path, locale: str) -> Path:
    return Path(locales) / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def message_state(message: Message) -> State:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    if not all(strings):
        return State.MISSING
    if not message.fuzzy:
        return State.REVIEWED
    if message.previous_id:
        return State.OUTDATED
    if any(c.startswith(MACHINE_MARK) for c in message.user_comments):
        return State.MACHINE
    return State.DRAFT


def mark_reviewed(message: Message) -> None:
    """A human confirmed the translation: clear the draft marks, keep other flags."""
    message.flags.discard("fuzzy")
    message.previous_id = []
    message.user_comments = [c for c in message.user_comments if not c.startswith((MACHINE_MARK, DRAFT_MARK))]


def mark_draft(message: Message, note: str, machine: bool = False) -> None:
    """Store a translation as an unreviewed draft, with a translator comment saying where it came from."""
    message.flags.add("fuzzy")
    mark = MACHINE_MARK if machine else DRAFT_MARK
    message.user_comments = [c for c in message.user_comments if not c.startswith((MACHINE_MARK, DRAFT_MARK))]
    message.user_comments.append(f"{mark} {note}")


def _restore_previous_ids(catalog: Catalog) -> Catalog:
    """Babel's reader keeps `#| msgid "..."` lines as translator comments ("| msgid ..."), and its
    writer would then turn them into "# | ..." lines that no tool recognises. Put them back where
    they belong, in Message.previous_id, so the OUTDATED state survives a read-write round trip."""
    for message in catalog:
        previous = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
        if not previous:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        parts: list[list[str]] = []
        for line in previous:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgid", "msgid_plural"):
                parts.append([rest])
            elif keyword.startswith('"') and parts:
                parts[-1].append(line)
        message.previous_id = ["".join(unescape(chunk) for chunk in chunks) for chunks in parts]
    return catalog


def _display(path: Path) -> str:
    """locales/... relative to the project, when the path is inside a locales folder."""
    parts = Path(path).parts
    return str(Path(*parts[parts.index("locales"):])) if "locales" in parts else str(path)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a PO/POT file; a syntax error becomes a located ContentError."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return _restore_previous_ids(read_po(handle, locale=locale, abort_invalid=True))
    except PoFileError as exc:
        lineno = getattr(exc, "lineno", None)
        line = lineno + 1 if isinstance(lineno, int) else 0  # Babel counts lines from 0
        what = re.sub(r" on \d+$", "", str(exc))
        raise ContentError([Problem(_display(path), line, 0, "", f"is not a valid PO file: {what}. Fix the entry or restore it from git.")]) from None
    except FileNotFoundError:
        raise ContentError([Problem(_display(path), 0, 0, "", "is missing. Run `docgen i18n init --lang CODE` to create it.")]) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ContentError([Problem(_display(path), 0, 0, "", f"cannot be read: {exc}.")]) from None


def catalog_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # A huge width instead of 0: Babel wraps comments at 76 columns when width is 0, which breaks
    # "#| msgid" lines into invalid PO; with this width no line is wrapped at all.
    write_po(buffer, catalog, width=1_000_000, sort_output=False, include_previous=True)
    return buffer.getvalue()


def write_catalog(catalog: Catalog, path: Path) -> bool:
    return write_atomic(path, catalog_bytes(catalog))


def catalog_languages(locales: Path) -> list[str]:
    """Locale folder names that hold a catalog."""
    return sorted(p.parent.parent.name for p in Path(locales).glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
