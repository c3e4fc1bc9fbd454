"""Where a German text is used, in words a translator understands: which flyer or document, which
section or offer, which part of it ("Flyer Unna – Angebot „Sprachcafé“: Beschreibung").

Content texts are found by walking the content files with their schemas (the extractor's walk), so
field paths and files are exact; texts from templates and code are described by their file.
The descriptions are German, like the review sheet they are printed on.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path, PurePosixPath

from babel.messages.catalog import Message

from generator.content.model import Site
from generator.content.schema import validate
from generator.content.specs import spec_for

FIELD_WORDS = {
    "description": "Beschreibung", "hours_note": "Hinweis zu den Zeiten", "note": "Hinweis zu einer Sprechzeit",
    "accessibility": "Barrierefreiheit", "heading": "Überschrift", "text": "Text", "items": "Aufzählung",
    "checks": "Ankreuzfeld", "fields": "Eingabefeld", "signatures": "Unterschriftsfeld", "title": "Titel",
    "intro": "Einleitung", "summary": "Zusammenfassung", "requirements": "Voraussetzung", "consequences": "Folgen",
}
FIXED_TEXT = {
    "templates/flyer.html": "alle Flyer (fester Text)",
    "generator/render/flyer.py": "alle Flyer (fester Text)",
    "templates/documents/": "alle Dokumente (fester Text)",
    "generator/render/document.py": "alle Dokumente (fester Text)",
    "templates/site/": "Website: Sprachauswahl und Übersichtsseiten",
    "generator/render/site_pages.py": "Website: Sprachauswahl und Übersichtsseiten",
}
EVERY_PAGE = "alle Flyer, Dokumente und Webseiten (fester Text)"
MAX_SHOWN = 4


def _part(fieldpath: str) -> str:
    """The last named part of a field path, in German: sections[2].blocks[0].checks[1].label -> Ankreuzfeld."""
    names = [n for n in re.findall(r"([a-z_]+)(?:\[[^\]]*\])?", fieldpath) if n not in ("label", "blocks")]
    return FIELD_WORDS.get(names[-1], names[-1]) if names else "Text"


def _index(fieldpath: str, name: str) -> str | None:
    match = re.search(rf"\b{name}\[([^\]]+)\]", fieldpath)
    return match.group(1) if match else None


class Places:
    """Looks up where each German text is used, for one site."""

    def __init__(self, site: Site, project: Path):
        self.site = site
        self.offers = {o.id: (o, None) for o in site.county_offers}
        for municipality in site.municipalities.values():
            self.offers.update({o.id: (o, municipality) for o in municipality.offers})
        self.places: dict[str, list[tuple[str, str]]] = defaultdict(list)
        content = Path(project) / "content"
        for path in sorted(content.rglob("*.yaml")):
            spec = spec_for(path)
            if spec is None:
                continue
            rel = path.relative_to(project).as_posix()
            _, walk = validate(path.read_text(encoding="utf-8"), rel, spec)
            for _, text, fieldpath in walk.messages:
                self.places[text].append((rel, fieldpath))

    def _content_place(self, rel: str, fieldpath: str) -> str:
        path = PurePosixPath(rel)
        part = _part(fieldpath)
        if path.parent.name == "documents":
            document = self.site.documents.get(path.stem)
            title = f"Dokument „{document.title if document else path.stem}“"
            section, rule = _index(fieldpath, "sections"), _index(fieldpath, "rules")
            if section is not None and document and section.isdigit() and int(section) < len(document.sections):
                heading = document.sections[int(section)].heading
                return f"{title}, Abschnitt {int(section) + 1} „{heading}“: {part}"
            if rule is not None and document:
                found = next((r for r in document.rules if r.id == rule), None)
                return f"{title}, Regel „{found.title if found else rule}“: {part}"
            return f"{title}: {part}"
        if path.name == "site.yaml":
            return "alle Flyer: Überschrift einer Rubrik" if fieldpath.startswith("categories") else f"Website: {part}"
        offer_id = _index(fieldpath, "offers")
        offer, municipality = self.offers.get(offer_id, (None, None))
        name = f"Angebot „{offer.name}“" if offer else "Angebot"
        flyer = f"Flyer {municipality.name}" if municipality else "alle Flyer (kreisweit)"
        return f"{flyer} – {name}: {part}"

    def _fixed_place(self, filename: str) -> str:
        return next((words for prefix, words in FIXED_TEXT.items() if filename.startswith(prefix)), EVERY_PAGE)

    def places_of(self, message: Message) -> list[str]:
        """Every place the text is used, most specific first, without repeats."""
        found = [self._content_place(rel, fieldpath) for rel, fieldpath in self.places.get(message.id, ())]
        found += [self._fixed_place(filename) for filename, _ in message.locations
                  if not filename.startswith("content/")]
        return list(dict.fromkeys(found))

    def describe(self, message: Message) -> str:
        places = self.places_of(message)
        if len(places) > MAX_SHOWN:
            places = places[:MAX_SHOWN - 1] + [f"und {len(places) - MAX_SHOWN + 1} weitere Stellen"]
        return "; ".join(places) or "nicht mehr verwendet"
