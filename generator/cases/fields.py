"""What one person's case holds for a document: the fields each document declares in
content/documents/, the fields every case shares (person, date, officer, interpreter, guardian of a
minor), the tick boxes (document checks, the consent form's recipients) and the rules discussed.

The same list drives the case template (`docgen case new`), validation, the counter form and
the values printed into the document, so the four cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.model import Document, Site, valid_on
from generator.render.document import recipients
from generator.render.page import N_

MAX_TEXT = 200
MAX_MULTILINE = 2000

# Fields the case date fills: asked once as `date`, printed where the document has these fields.
DATE_ALIASES = ("conversation_date", "letter_date")

# Who signs on which signature line: the printed name under the line.
SIGNERS = {"sig_person": "person_name", "sig_officer": "officer_name", "sig_interpreter": "interpreter_name",
           "sig_representative": "rep_name", "sig_guardian": "guardian_name"}

# Outcome of a rule discussed in the Gesprächskonzept: key in case files, German label.
OUTCOMES = {
    "kommt-in-betracht": N_("Kommt in Betracht"),
    "fehlt-noch": N_("Kommt in Betracht, es fehlt noch etwas (siehe Notiz)"),
    "nicht-in-betracht": N_("Kommt derzeit nicht in Betracht"),
    "offen": N_("Noch offen, wird geprüft"),
}

GUARDIAN_NAME = N_("Name der gesetzlichen Vertreterin / des gesetzlichen Vertreters")
GUARDIAN_SIGNATURE = N_("Für die minderjährige Person unterschreibt die gesetzliche Vertretung: Ort, Datum und Unterschrift")
# Procedural capacity under the residence act starts at majority: § 80 Abs. 1 AufenthG with § 2 BGB
# (18 years); below it the parents or a guardian represent the person (§ 1629 Abs. 1, § 1789 BGB). Verified 2026-12-01.
ADULT_AGE = 18


@dataclass(frozen=True)
class CaseField:
    name: str
    label: str  # German, shown in the form and in error messages
    kind: str = "text"  # text | multiline | date | check
    required: bool = False
    group: str = ""  # German heading in the form and in the case template
    hint: str = ""

    @property
    def max_length(self) -> int:
        return MAX_MULTILINE if self.kind == "multiline" else MAX_TEXT


PERSON = "Person"
APPOINTMENT = "Termin"
GUARDIAN = "Gesetzliche Vertretung (nur bei Minderjährigen)"

_COMMON = (
    CaseField("person_name", "Name, Vorname (lateinische Schrift)", required=True, group=PERSON,
              hint="wie im Ausweisdokument, zum Beispiel „Ahmadi, Zahra“"),
    CaseField("person_name_native", "Name in eigener Schrift (freiwillig)", group=PERSON,
              hint="zum Beispiel arabische oder persische Schrift"),
    CaseField("person_birth_date", "Geburtsdatum", "date", required=True, group=PERSON),
    CaseField("date", "Datum (Gespräch oder Unterschrift)", "date", required=True, group=APPOINTMENT),
    CaseField("file_number", "Aktenzeichen der Ausländerbehörde", group=APPOINTMENT),
    CaseField("officer_name", "Sachbearbeiterin / Sachbearbeiter", group=APPOINTMENT),
    CaseField("interpreter_name", "Dolmetscherin / Dolmetscher (Name)", group=APPOINTMENT),
    CaseField("interpreter_language", "Sprache der Verdolmetschung", group=APPOINTMENT),
    CaseField("guardian_name", "Name, Vorname der gesetzlichen Vertretung", group=GUARDIAN,
              hint="Pflicht, wenn die Person am Datum jünger als 18 Jahre ist (§ 80 Abs. 1 AufenthG, § 2 BGB)"),
    CaseField("guardian_name_native", "Name der gesetzlichen Vertretung in eigener Schrift (freiwillig)", group=GUARDIAN),
)
_ALWAYS = {"person_name", "person_name_native", "person_birth_date", "date", "guardian_name", "guardian_name_native"}


def _declared(document: Document):
    """(section heading, block kind, item) of every field, check and signature the document declares."""
    for section in document.sections:
        for block in section.blocks:
            if block.kind in ("fields", "checks", "signatures"):
                for item in block.value:
                    yield section.heading, block.kind, item


def case_fields(site: Site, document: Document, slug: str | None, day: dt.date) -> list[CaseField]:
    """Every field and tick box of a case for this document, in form order (without the rules)."""
    declared = list(_declared(document))
    names = {item.name for _, _, item in declared}
    used = names | {SIGNERS[item.name] for _, kind, item in declared if kind == "signatures" and item.name in SIGNERS}
    common = [f for f in _COMMON if f.name in _ALWAYS or f.name in used]
    taken = {f.name for f in common} | set(DATE_ALIASES)
    fields = list(common)
    for heading, kind, item in declared:
        if kind == "signatures" or item.name in taken:
            continue
        if kind == "checks":
            fields.append(CaseField(item.name, item.label, "check", group=heading))
        else:
            fields.append(CaseField(item.name, item.label, item.type if item.type in ("multiline", "date") else "text",
                                    group=heading))
    if any(b.kind == "insert" and b.value == "recipients" for s in document.sections for b in s.blocks):
        fields += [CaseField(name, label, "check", group="Empfänger (angekreuzte Stellen)")
                   for name, label in recipients(site, slug, day)]
    return fields


def rule_checks(document: Document) -> dict[str, list[str]]:
    """Rule id -> the names of its requirement tick boxes (as the document renderer names them)."""
    return {rule.id: [f"rule_{rule.id.replace('-', '_')}_{n}" for n in range(1, len(rule.requirements) + 1)]
            for rule in document.rules}


def valid_rules(document: Document, day: dt.date):
    return [rule for rule in document.rules if valid_on(rule, day)]
