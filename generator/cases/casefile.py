"""Case files: reading YAML or JSON (safe, size-limited, with the line of every top-level key),
and writing the commented template that lists every field of a document."""

from __future__ import annotations

import datetime as dt
import json

import yaml

from generator.cases.fields import DATE_ALIASES, OUTCOMES, case_fields, valid_rules
from generator.cases.validate import CaseError, CaseProblem
from generator.content.model import Site

MAX_CASE_BYTES = 64 * 1024
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe constructors only, libyaml's parser when present


def read_case(text: str) -> tuple[object, dict[str, int]]:
    """Parse a case from YAML (JSON is YAML too, but is parsed as JSON when it starts with '{').

    Returns (data, line of each top-level key). Errors name the line, never the content.
    """
    if len(text.encode("utf-8")) > MAX_CASE_BYTES:
        raise CaseError([CaseProblem("", "", f"Die Falldatei ist größer als {MAX_CASE_BYTES // 1024} KiB.")])
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CaseError([CaseProblem("", "", f"JSON-Fehler: {exc.msg} (Spalte {exc.colno}).", exc.lineno)]) from None
        return data, {}
    try:
        node = yaml.compose(text, Loader=_LOADER)
        if node is None:
            raise CaseError([CaseProblem("", "", "Die Falldatei ist leer. Vorlage: docgen case new.")])
        if _has_alias(node):
            raise CaseError([CaseProblem("", "", "Anker und Verweise (& und *) oder mehr als 12 Ebenen sind in Falldateien nicht erlaubt.")])
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CaseError([CaseProblem("", "", f"YAML-Syntaxfehler: {exc.problem or 'ungültig'}. Prüfen Sie die "
                                             "Einrückung (Leerzeichen, keine Tabs) und dass nach jedem ':' ein Leerzeichen steht.",
                                     mark.line + 1 if mark else 0)]) from None
    except yaml.YAMLError:
        raise CaseError([CaseProblem("", "", "Die Falldatei ist kein gültiges YAML.")]) from None
    lines = {}
    if isinstance(node, yaml.MappingNode):
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return data, lines


def _has_alias(node, seen: set | None = None, depth: int = 0) -> bool:
    """True when a node is reached twice (an alias: compose shares the anchored node) or nesting is absurd."""
    seen = set() if seen is None else seen
    if id(node) in seen or depth > 12:
        return True
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
    else:
        return False
    return any(_has_alias(c, seen, depth + 1) for c in children)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def case_template(site: Site, doc_id: str, code: str, slug: str, day: dt.date) -> str:
    """A commented YAML case listing every field of the document, all empty."""
    document = site.documents[doc_id]
    fields = case_fields(site, document, slug, day)
    out = [
        f"# Fall für: {document.title}",
        "# Ausfüllen und mit `docgen case render DATEI -o AUSGABE.pdf [--copy person|file]` drucken.",
        "# Felder mit * sind Pflicht. Texte in Anführungszeichen. Datum: TT.MM.JJJJ (24.11.2026) oder JJJJ-MM-TT.",
        "# Diese Datei enthält nach dem Ausfüllen personenbezogene Daten: nach dem Drucken löschen.",
        f"document: {doc_id}",
        f"language: {code}          # eingerichtet: {', '.join(site.codes)}",
        f"municipality: {slug}      # {', '.join(site.municipalities)}",
    ]
    group = None
    checks = []
    for f in fields:
        if f.kind == "check":
            checks.append(f)
            continue
        if f.group != group:
            group = f.group
            out += ["", f"# --- {group} ---"]
        note = f"{'* ' if f.required else ''}{f.label}" + (f" ({f.hint})" if f.hint else "")
        if f.kind == "date":
            note += " – Datum"
        if f.kind == "multiline":
            note += " – mehrzeilig möglich"
        value = _quoted(day.strftime("%d.%m.%Y")) if f.name == "date" else '""'
        out.append(f"{f.name}: {value}    # {note}")
    aliases = [a for a in DATE_ALIASES if any(i.name == a for s in document.sections for b in s.blocks
                                              if b.kind == "fields" for i in b.value)]
    if aliases:
        out.append(f"# ({', '.join(aliases)} wird aus date gefüllt.)")
    out += ["", "# --- Angekreuzte Kästchen: die Namen der Kästchen, die angekreuzt sein sollen ---", "ticked:"]
    group = None
    for f in checks:
        if f.group != group:
            group = f.group
            out.append(f"#   {group}:")
        out.append(f"#   - {f.name}    # {f.label[:110]}")
    rules = valid_rules(document, day)
    if document.rules:
        out += ["", "# --- Besprochene Regelungen (nur diese erscheinen im Dokument) ---",
                f"# outcome: {' | '.join(OUTCOMES)}",
                "# Voraussetzungen ankreuzen: unter ticked die Namen rule_<regel>_<nummer>, zum Beispiel rule_aufenthg_25b_1.",
                "rules:"]
        for rule in rules:
            out += [f"#   {rule.id}:    # {rule.title} ({rule.legal_basis})",
                    "#     outcome: kommt-in-betracht", '#     note: ""']
    return "\n".join(out) + "\n"
