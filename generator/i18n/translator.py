"""Translations of one language as used while rendering, with the review state of every message.

German is the source: a German page uses the text as written. For other languages the
publication policy decides what may be shown: `reviewed-only` shows reviewed translations
only; `drafts-with-notice` shows drafts too, and the page then carries a notice. Whatever
may not be shown falls back to German and is recorded, so the build can report it and
`--strict` can fail on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from generator.content.model import Language
from generator.i18n.catalogs import State, message_state, po_path, read_catalog
from generator.i18n.checks import placeholders_fit


@dataclass
class Usage:
    """What one rendered page used: German fallbacks and unreviewed drafts."""

    missing: set[str] = field(default_factory=set)
    drafts: set[str] = field(default_factory=set)


class Translator:
    def __init__(self, language: Language, catalog: Catalog | None):
        self.language = language
        self.entries: dict[str, tuple[str, State]] = {}
        if catalog is not None:
            for message in catalog:
                if message.id and isinstance(message.id, str):
                    state = message_state(message)
                    if not placeholders_fit(message):
                        # e.g. an outdated translation still carrying the old placeholder: it cannot be
                        # formatted, so the page shows German (recorded); `docgen check` names the entry.
                        state = State.MISSING
                    self.entries[message.id] = (message.string, state)
        self.usage = Usage()

    @classmethod
    def load(cls, language: Language, locales: Path) -> "Translator":
        if language.code == "de":
            return cls(language, None)
        return cls(language, read_catalog(po_path(locales, language.locale), locale=language.locale))

    @property
    def is_source(self) -> bool:
        return self.language.code == "de"

    def start_page(self) -> Usage:
        """Begin recording a new page; returns the record the page's render fills."""
        self.usage = Usage()
        return self.usage

    def lookup(self, text: str) -> tuple[str, State]:
        if self.is_source:
            return text, State.REVIEWED
        string, state = self.entries.get(text, ("", State.MISSING))
        if state is State.REVIEWED or (state.is_draft and self.language.policy == "drafts-with-notice"):
            return string, state
        return text, State.MISSING

    def translate(self, text: str) -> str | None:
        """The translation that may be shown, or None (recorded as missing) when there is none."""
        string, state = self.lookup(text)
        if state is State.MISSING:
            self.usage.missing.add(text)
            return None
        if state.is_draft:
            self.usage.drafts.add(text)
        return string

    def gettext(self, text: str) -> str:
        """Translate a German text, falling back to German (recorded) where no translation may be shown."""
        if not text:
            return text
        translated = self.translate(text)
        return text if translated is None else translated

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Our templates use no plurals yet; keep gettext semantics for German-like languages.
        return self.gettext(singular if n == 1 else plural)
