"""What a document says about its own legal footing: "Stand" and sources per section, parts marked
for legal review, parts that apply only when a tick box is (not) ticked, and who is responsible.

Each function returns rows for templates/documents/legal_rows.html; document.py only calls them.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.content.model import Block, Contact, Document, Section, Site
from generator.i18n.formatting import month_year
from generator.render.flyer import contact_view
from generator.render.page import N_

STAND = N_("Stand: %(month)s")
UNDER_REVIEW = N_("zur rechtlichen Prüfung")
SOURCES = N_("Rechtsgrundlagen und Quellen:")
IF_CHECKED = N_("Nur wenn angekreuzt ist: %(labels)s")
UNLESS_CHECKED = N_("Gilt nicht, wenn angekreuzt ist: %(labels)s")
CONTROLLER_OFFICE = N_("Verantwortlich für die Weitergabe Ihrer Daten durch die Ausländerbehörde")
CONTROLLER_KI = N_("Verantwortlich für die Vermittlung durch das Kommunale Integrationszentrum (KI)")
DPO = N_("Datenschutzbeauftragte")
OTHER_OFFICE = N_("Wenn Sie in %(places)s wohnen, ist diese Ausländerbehörde für Sie zuständig:")


def _formatted(pairs, msgid: str, de_value: str, tr_value: str | None, key: str) -> dict:
    """A pair for a message with one placeholder: German filled with `de_value`, the translation with `tr_value`."""
    pair = pairs.pair(msgid)
    de = msgid % {key: de_value}
    if pair["tr"] is None:
        return {"de": de, "tr": None}
    return {"de": de, "tr": pairs.present(pairs.t.translate(msgid) % {key: tr_value if tr_value is not None else de_value})}


def stand_row(pairs, item: Section) -> list[dict]:
    """'Stand: Dezember 2026' (and 'zur rechtlichen Prüfung' where a review note is open) for a dated section."""
    if not item.verified_on:
        return []
    code = pairs.t.language.code
    stand = _formatted(pairs, STAND, month_year(item.verified_on, "de"), month_year(item.verified_on, code), "month")
    if item.legal_review:
        review = pairs.pair(UNDER_REVIEW)
        stand = {"de": f"{stand['de']} · {review['de']}",
                 "tr": None if stand["tr"] is None or review["tr"] is None else Markup(" · ").join((stand["tr"], review["tr"]))}
    return [{"type": "stand", "stand": stand, "review": bool(item.legal_review)}]


def sources_row(pairs, item) -> list[dict]:
    """The laws a section or rule rests on, with the address of their official text (German, not translated)."""
    if not item.sources:
        return []
    return [{"type": "sources", "label": pairs.pair(SOURCES), "sources": [{"ref": s.ref, "url": s.url} for s in item.sources]}]


def _check_labels(document: Document) -> dict[str, str]:
    return {item.name: item.label for s in document.sections for b in s.blocks if b.kind == "checks" for item in b.value}


def condition_row(pairs, block: Block, document: Document) -> list[dict]:
    """In a blank form, says which tick box decides whether a block applies (the block itself stays printed)."""
    rows = []
    labels = _check_labels(document)
    for msgid, names in ((IF_CHECKED, block.if_checked), (UNLESS_CHECKED, block.unless_checked)):
        if not names:
            continue
        german = " oder ".join(f"„{labels[n]}“" for n in names)
        translated = [pairs.t.translate(labels[n]) for n in names] if not pairs.t.is_source else []
        tr = None if any(t is None for t in translated) else " / ".join(f"“{t}”" for t in translated)
        rows.append({"type": "condition", "text": _formatted(pairs, msgid, german, tr, "labels"), "names": list(names),
                     "mode": "if" if msgid == IF_CHECKED else "unless"})
    return rows


def controller_rows(pairs, site: Site, office_id: str | None) -> list[dict]:
    """Controller and DPO of the foreigners office that passes the data on, then those of the KI (the county)."""
    office = site.offices.get(office_id) if office_id else None
    office_controller = (office.controller if office else None) or site.controller
    office_dpo = (office.data_protection_officer if office else None) or site.data_protection_officer
    rows = [pairs.contact(CONTROLLER_OFFICE, office_controller), pairs.contact(DPO, office_dpo),
            pairs.contact(CONTROLLER_KI, site.controller)]
    if not _same(site.data_protection_officer, office_dpo):
        rows.append(pairs.contact(DPO, site.data_protection_officer))
    return rows


def _same(a: Contact, b: Contact) -> bool:
    return (a.name, a.address, a.email) == (b.name, b.address, b.email)


def other_office_rows(pairs, site: Site) -> list[dict]:
    """On a document for the whole county: the other foreigners offices and the places they serve."""
    rows = []
    by_office: dict[str, list[str]] = {}
    for municipality in site.municipalities.values():
        if municipality.foreigners_office != site.county_office:
            by_office.setdefault(municipality.foreigners_office, []).append(municipality.name)
    for office_id, places in by_office.items():
        joined = ", ".join(places)
        office = site.offices[office_id]
        rows.append({"type": "contact", "label": _formatted(pairs, OTHER_OFFICE, joined, joined, "places"),
                     "name": office.name, "contact": contact_view(office)})
    return rows
