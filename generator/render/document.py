"""Official documents as bilingual HTML: German (binding) and the translation, block by block.

Every text becomes a pair {de, tr}; `tr` is None where no translation may be shown, and the
template then prints a visible marker instead of silently mixing in German. For German the
document is monolingual. Generated parts (`insert:`) are filled from the rest of the content.

A filled document (one person's, generator/cases) is the same document rendered with `values`:
field name -> {de, tr} pair printed in place of the blank field; check name -> True when ticked;
"rules" -> {rule id: [outcome pair, note pair or None]} keeping only the rules discussed;
"extra_signatures" -> [(kind, name, label)] added to the signature block (a minor's guardian).
Recipients not ticked are left out. Without `values` the blank document is rendered as before.
"""

from __future__ import annotations

import datetime as dt

from jinja2 import Environment

from generator.content.model import Block, Document, Offer, Site, valid_on
from generator.i18n.formatting import long_date, text_direction
from generator.i18n.translator import Translator
from generator.render.bidi import presenter
from generator.render.flyer import contact_view
from generator.render.legal import condition_row, controller_rows, other_office_rows, sources_row, stand_row
from generator.render.page import N_, Rendered, base_page, render_page
from generator.render.qr import qr_data_uri
from generator.render.urls import document_name, flyer_url, site_links

BINDING = N_("Verbindlich ist nur der deutsche Text. Die Übersetzung hilft Ihnen, den Inhalt zu verstehen.")
NOT_REVIEWED = N_("Entwurf: Dieser Text ist von der Rechtsabteilung des Kreises Unna noch nicht geprüft.")
REQUIREMENTS = N_("Voraussetzungen – bitte prüfen Sie:")
CONSEQUENCES = N_("Wenn die Voraussetzungen nicht erfüllt sind:")
OTHER_RECIPIENT = N_("Weitere Stelle (Name und Ort)")
FLYER_TEXT = N_("Alle Hilfsangebote an Ihrem Wohnort finden Sie im Flyer (QR-Code oder Link):")
SUPERVISOR = N_("Aufsichtsbehörde für Beschwerden")
OFFICE = N_("Zuständige Ausländerbehörde")
RETURN = N_("Rückkehrberatung")
OUTCOME = N_("Ergebnis im Gespräch")


class _Pairs:
    """Builds the rows of one document for one language."""

    def __init__(self, t: Translator, site: Site, slug: str | None, as_of: dt.date, print_: bool = False,
                 values: dict | None = None):
        self.t, self.site, self.slug, self.as_of, self.print = t, site, slug, as_of, print_
        self.present = presenter(t.language.code)
        self.values = values

    def pair(self, text: str) -> dict:
        if self.t.is_source:
            return {"de": text, "tr": None}
        translated = self.t.translate(text)
        return {"de": text, "tr": None if translated is None else self.present(translated)}

    def contact(self, label: str, item) -> dict:
        return {"type": "contact", "label": self.pair(label), "name": item.name, "contact": contact_view(item)}

    def item_rows(self, kind: str, items) -> list[dict]:
        return [self.filled({"type": kind, "name": i.name, "field": i.type, "text": self.pair(i.label)}) for i in items]

    def filled(self, row: dict) -> dict:
        """A field or check row with its value, when a filled document is rendered."""
        if self.values is not None and row["type"] in ("field", "check", "signature"):
            row["value"] = self.values.get(row["name"], False if row["type"] == "check" else None)
        return row

    def block(self, block: Block, document: Document) -> list[dict]:
        if block.kind == "text":
            return [{"type": "text", "text": self.pair(block.value)}]
        if block.kind == "items":
            return [{"type": "items", "entries": [self.pair(v) for v in block.value]}]
        if block.kind == "checks":
            return self.item_rows("check", block.value)
        if block.kind == "fields":
            return self.item_rows("field", block.value)
        if block.kind == "signatures":
            # Right above the signatures the person is reminded which text they sign.
            binding = [] if self.t.is_source else [{"type": "text", "text": self.pair(BINDING)}]
            extra = (self.values or {}).get("extra_signatures", [])  # e.g. the guardian of a minor
            return binding + self.item_rows("signature", block.value) + [
                self.filled({"type": kind, "name": name, "field": "text", "text": self.pair(label)})
                for kind, name, label in extra]
        return getattr(self, f"insert_{block.value}")(document)

    def _office_id(self) -> str | None:
        """The responsible foreigners office: the municipality's, or for a county-wide document the county's (site.yaml)."""
        if self.slug:
            return self.site.municipalities[self.slug].foreigners_office
        return self.site.county_office

    def insert_office(self, document: Document) -> list[dict]:
        rows = [self.contact(OFFICE, self.site.offices[self._office_id()])]
        return rows + (other_office_rows(self, self.site) if self.slug is None else [])

    def insert_controller(self, document: Document) -> list[dict]:
        return controller_rows(self, self.site, self._office_id())

    def insert_supervisory_authority(self, document: Document) -> list[dict]:
        return [self.contact(SUPERVISOR, self.site.supervisory_authority)]

    def recipients(self) -> list[tuple[str, str]]:
        return recipients(self.site, self.slug, self.as_of)

    def insert_recipients(self, document: Document) -> list[dict]:
        rows = [self.filled({"type": "check", "name": name, "field": "text", "text": {"de": label, "tr": label}, "proper_name": True})
                for name, label in self.recipients() if self.values is None or self.values.get(name)]
        if self.slug is None and self.values is None:
            rows += [{"type": "field", "name": f"recipient_other_{n}", "field": "text", "text": self.pair(OTHER_RECIPIENT)} for n in (1, 2)]
        return rows

    def insert_rules(self, document: Document) -> list[dict]:
        rows = []
        for rule in document.rules:
            discussed = (self.values or {}).get("rules")
            if not valid_on(rule, self.as_of) or (discussed is not None and rule.id not in discussed):
                continue
            rows.append({"type": "subheading", "text": self.pair(rule.title), "basis": rule.legal_basis, "id": rule.id})
            rows.append({"type": "text", "text": self.pair(rule.summary)})
            rows.append({"type": "label", "text": self.pair(REQUIREMENTS)})
            rows += [self.filled({"type": "check", "name": f"rule_{rule.id.replace('-', '_')}_{n}", "field": "text", "text": self.pair(req)})
                     for n, req in enumerate(rule.requirements, 1)]
            rows.append({"type": "label", "text": self.pair(CONSEQUENCES)})
            rows.append({"type": "text", "text": self.pair(rule.consequences)})
            rows += stand_row(self, rule) + sources_row(self, rule)
            if discussed is not None:
                outcome, note = discussed[rule.id]
                rows.append({"type": "outcome", "text": self.pair(OUTCOME), "value": outcome, "note": note})
        return rows

    def insert_return_counselling(self, document: Document) -> list[dict]:
        offers = [o for o in self.site.offers_for(self.slug, self.as_of) if o.category == "return"] if self.slug else \
            [o for o in self.site.county_offers if o.category == "return" and valid_on(o, self.as_of)]
        return [self.contact(RETURN, o) | {"name": f"{o.name} ({o.provider})"} for o in offers]

    def insert_flyer(self, document: Document) -> list[dict]:
        code = self.t.language.code
        url = flyer_url(self.site, code, self.slug) if self.slug else f"{self.site.base_url}{code}/index.html"
        return [{"type": "flyer", "text": self.pair(FLYER_TEXT), "url": url, "qr": qr_data_uri(url) if self.print else None}]


def recipients(site: Site, slug: str | None, as_of: dt.date) -> list[tuple[str, str]]:
    """(field name, label) of every recipient the person can tick: the KI, then the referral partners."""
    result = []
    if "ki" in site.offices:
        result.append(("recipient_ki", site.offices["ki"].name))
    offers: list[Offer] = list(site.county_offers)
    if slug:
        offers += list(site.municipalities[slug].offers)
    for offer in offers:
        if offer.referral_partner and valid_on(offer, as_of):
            result.append((f"recipient_{offer.id.replace('-', '_')}", f"{offer.provider} – {offer.name}"))
    return result


def document_sections(t: Translator, site: Site, document: Document, slug: str | None, as_of: dt.date,
                      print_: bool = False, values: dict | None = None) -> list[dict]:
    pairs = _Pairs(t, site, slug, as_of, print_, values)
    # A filled form holds only the blocks its ticks call for (no passport list under a ticked
    # Aufenthaltsgestattung, the guardian block only for a minor); a blank form prints every block
    # with a note saying which box decides.
    ticked = None if values is None else {name for name, value in values.items() if value is True}
    sections = []
    for section in document.sections:
        if not valid_on(section, as_of):
            continue
        rows, condition = stand_row(pairs, section), ((), ())
        for block in section.blocks:
            if not valid_on(block, as_of) or (ticked is not None and not block.applies(ticked)):
                continue
            # one note for a run of blocks under the same condition
            if ticked is None and (block.if_checked, block.unless_checked) != condition:
                rows += condition_row(pairs, block, document)
            condition = (block.if_checked, block.unless_checked)
            rows += pairs.block(block, document)
        rows += sources_row(pairs, section)
        sections.append({"heading": pairs.pair(section.heading), "rows": rows})
    return sections


def render_document(env: Environment, t: Translator, site: Site, document: Document, slug: str | None,
                    as_of: dt.date, print_: bool, values: dict | None = None) -> Rendered:
    code = t.language.code
    usage = t.start_page()
    pairs = _Pairs(t, site, slug, as_of)
    name = document_name(document.id, slug)
    links = site_links(site, code, f"documents/{name}.html", depth=2)
    title = pairs.pair(document.title)
    place = site.municipalities[slug].name if slug else None
    plain_title = None if t.is_source else t.translate(document.title)
    heading = f"{document.title} – {plain_title}" if plain_title else document.title
    page = base_page(
        t, kind="document", title=heading + (f" ({place})" if place else ""),
        description=document.title, css="assets/style.css" if print_ else "../../assets/style.css",
        as_of=as_of, sample=site.sample_content, codes=site.codes, print_=print_, alternates=links.alternates, switcher=links.switcher,
    )
    # The document's language is the reader's (PDF /Lang, screen readers); the page runs left to right
    # with the binding German column first, and every block carries its own lang and dir.
    page["dir"] = "ltr"
    office = site.offices[pairs._office_id()]
    doc = {
        "id": document.id,
        "authority": " · ".join(dict.fromkeys(x for x in (office.name, office.unit) if x)),
        "name": name,
        "title": title,
        "place": place,
        "intro": pairs.pair(document.intro) if document.intro else None,
        "binding": pairs.pair(BINDING),
        "monolingual": t.is_source,
        "lang": t.language.tag,
        "dir": text_direction(code),
        "version": document.version,
        "date": long_date(document.date, "de"),
        "reviewed": f"{document.reviewed_by}, {long_date(document.reviewed_on, 'de')}" if document.legally_reviewed else None,
        "sections": document_sections(t, site, document, slug, as_of, print_, values),
        "filled": values is not None,
    }
    page["review_notice"] = None if document.legally_reviewed else NOT_REVIEWED
    page["footer"] = f"{document.title} · Version {document.version} vom {long_date(document.date, 'de')}" + (f" · {place}" if place else "")
    return render_page(env, t, "documents/document.html", page, usage, doc=doc)
