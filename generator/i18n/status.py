"""How complete and how reviewed each language is, and whether it may be published under its policy."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from generator.content.model import Language
from generator.i18n.catalogs import State, message_state, po_path, pot_path, read_catalog


@dataclass
class LanguageStatus:
    code: str
    policy: str
    total: int
    reviewed: int
    draft: int  # all unreviewed translations: draft, machine and outdated
    machine: int
    outdated: int
    missing: int

    @property
    def percent_translated(self) -> float:
        return round(100 * (self.total - self.missing) / self.total, 1) if self.total else 100.0

    @property
    def percent_reviewed(self) -> float:
        return round(100 * self.reviewed / self.total, 1) if self.total else 100.0

    @property
    def publishable(self) -> bool:
        if self.policy == "reviewed-only":
            return self.missing == 0 and self.draft == 0
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
    drafts = counts[State.DRAFT] + counts[State.MACHINE] + counts[State.OUTDATED]
    return LanguageStatus(language.code, language.policy, len(ids), counts[State.REVIEWED], drafts,
                          counts[State.MACHINE], counts[State.OUTDATED], counts[State.MISSING])
