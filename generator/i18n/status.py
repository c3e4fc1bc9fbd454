"""How complete and how reviewed each language is, and whether it may be published under its policy."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from babel.messages.catalog import Message

from generator.content.model import Language
from generator.i18n.catalogs import State, message_state, po_path, pot_path, read_catalog


@dataclass
class LanguageStatus:
    code: str
    policy: str
    total: int
    reviewed: int
    draft: int  # unreviewed translations whose German did not change: human and machine drafts
    machine: int  # of which machine drafts
    outdated: int  # translations of a German text that changed since
    missing: int
    # every text is in exactly one state: reviewed + draft + outdated + missing == total

    @property
    def percent_translated(self) -> float:
        return round(100 * (self.total - self.missing) / self.total, 1) if self.total else 100.0

    @property
    def percent_reviewed(self) -> float:
        return round(100 * self.reviewed / self.total, 1) if self.total else 100.0

    @property
    def publishable(self) -> bool:
        if self.policy == "reviewed-only":
            return self.missing == 0 and self.draft == 0 and self.outdated == 0
        return self.missing == 0

    def as_dict(self) -> dict:
        return asdict(self) | {"percent_translated": self.percent_translated,
                               "percent_reviewed": self.percent_reviewed, "publishable": self.publishable}


def language_status(locales: Path, language: Language) -> LanguageStatus:
    template = read_catalog(pot_path(locales))
    ids = [m.id for m in template if m.id]
    if language.code == "de":
        return LanguageStatus("de", language.policy, len(ids), len(ids), 0, 0, 0, 0)
    catalog = read_catalog(po_path(locales, language.locale), locale=language.locale)
    counts = {state: 0 for state in State}
    for msgid in ids:
        message = catalog.get(msgid)
        counts[message_state(message) if message is not None else State.MISSING] += 1
    drafts = counts[State.DRAFT] + counts[State.MACHINE]
    return LanguageStatus(language.code, language.policy, len(ids), counts[State.REVIEWED], drafts,
                          counts[State.MACHINE], counts[State.OUTDATED], counts[State.MISSING])


LISTABLE = {"draft": (State.DRAFT, State.MACHINE), "outdated": (State.OUTDATED,), "missing": (State.MISSING,)}


def entries_in_state(locales: Path, language: Language, which: str) -> list[tuple[Message, State, Message | None]]:
    """The texts of one language in a state ("draft" includes machine drafts), in catalog order:
    (the template entry, its state, the catalog's message or None)."""
    template = read_catalog(pot_path(locales))
    catalog = read_catalog(po_path(locales, language.locale), locale=language.locale) if language.code != "de" else None
    found = []
    for entry in template:
        if not entry.id:
            continue
        message = catalog.get(entry.id) if catalog is not None else entry
        state = State.REVIEWED if catalog is None else message_state(message) if message is not None else State.MISSING
        if state in LISTABLE[which]:
            found.append((entry, state, message))
    return found
