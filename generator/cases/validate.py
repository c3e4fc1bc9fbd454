"""One person's case, checked: raw key/value data (from a case file or the counter form) in, a
`Case` out, or every problem at once.

Messages are German, name the field (key and label) and what to do, and never repeat the value:
they may reach logs, terminals and screens (Art. 5 Abs. 1 lit. f, Art. 25 DSGVO).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from generator.cases.fields import (ADULT_AGE, OUTCOMES, CaseField, case_fields, rule_checks, valid_rules)
from generator.content.model import Site
from generator.render import fonts

TOP = ("document", "language", "municipality", "ticked", "rules")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Bidi embeddings, overrides and isolates: they can make a printed text read differently from what
# was typed (Trojan Source, CVE-2021-42574); the renderer adds its own isolates.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class CaseProblem:
    field: str  # key in the case file / name in the form; "" for the whole case
    label: str
    message: str
    line: int = 0

    def __str__(self) -> str:
        where = f"{self.field} ({self.label})" if self.label else self.field
        return f"{where}: {self.message}" if where else self.message


class CaseError(Exception):
    def __init__(self, problems: list[CaseProblem]):
        super().__init__(f"{len(problems)} Fehler im Fall")
        self.problems = problems


@dataclass
class Case:
    document: str
    language: str
    municipality: str
    date: dt.date
    values: dict[str, str | dt.date] = field(default_factory=dict)  # text and date fields
    ticked: set[str] = field(default_factory=set)
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)  # rule id -> (outcome key, note)

    @property
    def minor(self) -> bool:
        return age_on(self.values["person_birth_date"], self.date) < ADULT_AGE


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def parse_date(value) -> dt.date | None:
    """A date from 24.11.2026, 2026-11-24 or a YAML date; None when it is no real date."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    german, iso = _GERMAN_DATE.fullmatch(text), _ISO_DATE.fullmatch(text)
    try:
        if german:
            return dt.date(int(german[3]), int(german[2]), int(german[1]))
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        return None
    return None


class _Checker:
    def __init__(self, site: Site, lines: dict[str, int]):
        self.site, self.lines, self.problems = site, lines, []

    def error(self, name: str, label: str, message: str) -> None:
        self.problems.append(CaseProblem(name, label, message, self.lines.get(name, 0)))

    def choice(self, raw: dict, name: str, label: str, allowed: list[str]) -> str | None:
        value = raw.get(name)
        if value in (None, ""):
            self.error(name, label, f"fehlt. Erlaubt: {', '.join(allowed)}.")
        elif not isinstance(value, str) or value not in allowed:
            self.error(name, label, f"ist nicht eingerichtet. Erlaubt: {', '.join(allowed)}.")
        else:
            return value
        return None

    def text(self, f: CaseField, value, code: str) -> str | None:
        if isinstance(value, (bool, int, float)):
            self.error(f.name, f.label, "ist keine Zeichenkette. Schreiben Sie den Wert in Anführungszeichen "
                                        "(YAML liest sonst zum Beispiel Ziffern mit führender 0 als Zahl).")
            return None
        if not isinstance(value, str):
            self.error(f.name, f.label, "muss ein einzelner Text sein, keine Liste oder Gruppe.")
            return None
        text = value.replace("\r\n", "\n").strip()
        if len(text) > f.max_length:
            self.error(f.name, f.label, f"ist zu lang (höchstens {f.max_length} Zeichen).")
            return None
        bad = [c for c in text if c in _BIDI_CONTROLS or (unicodedata.category(c) == "Cc" and not (c == "\n" and f.kind == "multiline"))]
        if bad:
            self.error(f.name, f.label, "enthält Steuerzeichen (zum Beispiel Zeilenumbrüche oder Richtungszeichen). "
                                        + ("Schreiben Sie den Text in eine Zeile." if f.kind != "multiline" else "Entfernen Sie sie."))
            return None
        missing = fonts.uncovered(text, code, self.site.codes)
        if missing:
            points = ", ".join(f"U+{ord(c):04X}" for c in sorted(missing)[:5])
            self.error(f.name, f.label, f"enthält Zeichen, die keine installierte Schrift darstellen kann ({points}). "
                                        "Prüfen Sie die Eingabe.")
            return None
        return text

    def date(self, f: CaseField, value) -> dt.date | None:
        day = parse_date(value)
        if day is None:
            self.error(f.name, f.label, "ist kein gültiges Datum. Schreiben Sie TT.MM.JJJJ, zum Beispiel 24.11.2026 "
                                        "(oder 2026-11-24).")
        elif not 1900 <= day.year <= 2100:
            self.error(f.name, f.label, "liegt außerhalb von 1900 bis 2100.")
            return None
        return day


def validate_case(raw, site: Site, lines: dict[str, int] | None = None) -> Case:
    """Check raw case data; return the Case or raise CaseError with every problem found."""
    check = _Checker(site, lines or {})
    if not isinstance(raw, dict):
        raise CaseError([CaseProblem("", "", "Der Fall muss aus Zeilen „feld: wert“ bestehen "
                                            "(YAML) oder ein JSON-Objekt sein. Vorlage: docgen case new.")])
    doc_id = check.choice(raw, "document", "Dokument", list(site.documents))
    code = check.choice(raw, "language", "Sprache", list(site.codes))
    slug = check.choice(raw, "municipality", "Wohnort (Kommune)", list(site.municipalities))
    if not (doc_id and code and slug):
        raise CaseError(check.problems)
    document = site.documents[doc_id]
    date_field = CaseField("date", "Datum (Gespräch oder Unterschrift)", "date", True)
    day = check.date(date_field, raw.get("date")) if raw.get("date") not in (None, "") else None
    if raw.get("date") in (None, ""):
        check.error("date", date_field.label, "fehlt. Schreiben Sie TT.MM.JJJJ, zum Beispiel 24.11.2026.")
    fields = case_fields(site, document, slug, day or dt.date.today())
    known = {f.name: f for f in fields}
    for key in raw:
        if key not in known and key not in TOP:
            check.error(str(key)[:60], "", "ist kein Feld dieses Dokuments. Die Felder nennt `docgen case new`.")

    case = Case(doc_id, code, slug, day or dt.date.today())
    for f in fields:
        if f.kind == "check" or f.name == "date":
            continue
        value = raw.get(f.name)
        if value is None or value == "":
            if f.required:
                check.error(f.name, f.label, "fehlt. Bitte ausfüllen.")
            continue
        parsed = check.date(f, value) if f.kind == "date" else check.text(f, value, code)
        if parsed is not None:
            case.values[f.name] = parsed

    birth = case.values.get("person_birth_date")
    if day and isinstance(birth, dt.date):
        if birth > day:
            check.error("person_birth_date", "Geburtsdatum", "liegt nach dem Datum des Termins.")
        elif case.minor and not case.values.get("guardian_name"):
            check.error("guardian_name", known["guardian_name"].label,
                        "fehlt: Die Person ist am Datum minderjährig. Tragen Sie die gesetzliche Vertretung ein.")

    _check_rules(check, raw.get("rules"), document, day, case)
    _check_ticked(check, raw.get("ticked"), {f.name for f in fields if f.kind == "check"}, document, case)
    if check.problems:
        raise CaseError(check.problems)
    return case


def _check_rules(check: _Checker, raw, document, day: dt.date | None, case: Case) -> None:
    label = "Besprochene Regelungen"
    if raw in (None, {}, []):
        return
    if not document.rules:
        check.error("rules", label, "gibt es nur in der Gesprächsdokumentation (gespraechskonzept).")
        return
    if not isinstance(raw, dict):
        check.error("rules", label, "muss eine Gruppe „regel-id: {outcome: …, note: …}“ sein.")
        return
    by_id = {rule.id: rule for rule in document.rules}
    valid = {rule.id for rule in valid_rules(document, day)} if day else set(by_id)
    for rule_id, entry in raw.items():
        where = f"rules.{str(rule_id)[:40]}"
        rule = by_id.get(rule_id)
        if rule is None:
            check.error(where, label, f"ist keine Regelung dieses Dokuments. Erlaubt: {', '.join(by_id)}.")
            continue
        if rule_id not in valid:
            until = rule.valid_until.strftime("%d.%m.%Y") if rule.valid_until else "offen"
            check.error(where, rule.title, f"gilt am Datum des Gesprächs nicht (gültig vom "
                                           f"{rule.valid_from.strftime('%d.%m.%Y')} bis {until}). Lassen Sie sie weg.")
            continue
        entry = entry if isinstance(entry, dict) else {"outcome": entry}
        outcome = entry.get("outcome")
        if outcome not in OUTCOMES:
            check.error(f"{where}.outcome", rule.title, f"Ergebnis fehlt oder ist unbekannt. Erlaubt: {', '.join(OUTCOMES)}.")
            continue
        note = entry.get("note") or ""
        note_field = CaseField(f"{where}.note", f"Notiz zu {rule.legal_basis}", "multiline")
        note = check.text(note_field, note, case.language) if note else ""
        case.rules[rule_id] = (outcome, note or "")


def _check_ticked(check: _Checker, raw, allowed: set[str], document, case: Case) -> None:
    label = "Angekreuzte Kästchen"
    if raw in (None, []):
        return
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        check.error("ticked", label, "muss eine Liste von Kästchen-Namen sein, zum Beispiel [consent_data_transfer].")
        return
    rule_boxes = {name: rule_id for rule_id, names in rule_checks(document).items() for name in names}
    for number, name in enumerate(raw, 1):
        if name in allowed or rule_boxes.get(name) in case.rules:
            case.ticked.add(name)
        elif name in rule_boxes:
            check.error("ticked", label, f"Eintrag {number} gehört zu einer Regelung, die nicht unter rules als besprochen eingetragen ist.")
        else:
            check.error("ticked", label, f"Eintrag {number} ist kein Kästchen dieses Dokuments (die Namen nennt `docgen case new`).")
