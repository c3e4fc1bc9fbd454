"""Read every file under content/, validate it, cross-check it and build the `Site` model.

All problems of a run are collected first and raised together as one `ContentError`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.content import specs
from generator.content.model import (
    Address, Block, Category, Contact, Document, FormItem, Hours, Language, Location,
    Municipality, Offer, Office, Rule, Section, Site, Source,
)
from generator.content.legal import legal_warnings
from generator.content.problems import ContentError, Problem
from generator.content.schema import Record, Reference, did_you_mean, validate


def read_file(path: Path, root: Path, problems: list[Problem], refs: list | None = None):
    """Validate one content file against its schema; returns (record or None, relative path).

    References to categories and offices go to `refs` as (relative path, Reference), to be checked
    once every file is read, also in records that have other errors.
    """
    rel = path.relative_to(root.parent).as_posix() if root.parent in path.parents else str(path)
    spec = specs.spec_for(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, 0, 0, "", f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8."))
        return None, rel
    record, walk = validate(text, rel, spec)
    problems.extend(walk.problems)
    if refs is not None:
        refs.extend((rel, ref) for ref in walk.refs)
    return record, rel


def check_references(refs: list[tuple[str, Reference]], defined: dict[str, list[str]], problems: list[Problem]) -> None:
    """Every category and office named in an offer or municipality must be defined in site.yaml."""
    for rel, ref in refs:
        known = defined.get(ref.kind)
        if known is None or ref.value in known:
            continue
        problems.append(Problem(rel, ref.line, ref.column, ref.fieldpath,
                                f"{ref.value!r} is not {'an' if ref.kind[0] in 'aeiou' else 'a'} {ref.kind} in site.yaml; "
                                f"use one of: {', '.join(sorted(known))}.{did_you_mean(ref.value, known)}"))


def _address(record) -> Address | None:
    return Address(**record) if record else None


def _contact(record) -> Contact:
    return Contact(**{**record, "address": _address(record["address"])})


def _office(record) -> Office:
    people = {k: _contact(record[k]) if record.get(k) else None for k in ("controller", "data_protection_officer")}
    return Office(**{**record, "address": _address(record["address"]), **people})


def _sources(records) -> tuple[Source, ...]:
    return tuple(Source(r["ref"], r["url"]) for r in records or ())


def _legal(record: Record, rel: str, problems: list[Problem]) -> dict:
    """sources, verified_on and legal_review of a section or rule; sources need the day they were verified."""
    if record.get("sources") and not record.get("verified_on"):
        line, col = record.mark("sources")
        problems.append(Problem(rel, line, col, "verified_on", "is missing: sources need the day you checked them, as verified_on: YYYY-MM-DD."))
    return {"sources": _sources(record.get("sources")), "verified_on": record.get("verified_on"),
            "legal_review": record.get("legal_review"), "line": record.line}


def _offer(record: Record, rel: str, county_wide: bool, problems: list[Problem]) -> Offer:
    hours = []
    for index, entry in enumerate(record["hours"]):
        opens, closes = dt.time.fromisoformat(entry["from"]), dt.time.fromisoformat(entry["to"])
        if closes <= opens:
            line, col = entry.mark("to")
            problems.append(Problem(rel, line, col, f"offers[{record['id']}].hours[{index}].to", f"closes at {entry['to']}, not after it opens at {entry['from']}."))
        hours.append(Hours(tuple(entry["days"]), opens, closes, entry["note"]))
    _check_validity(record, rel, problems, f"offers[{record['id']}].")
    values = {k: v for k, v in record.items() if k not in ("hours", "address", "languages", "referral_partner")}
    return Offer(
        **values,
        hours=tuple(hours),
        address=_address(record["address"]),
        languages=tuple(record["languages"]),
        source=Location(rel, record.line),
        county_wide=county_wide,
        referral_partner=bool(record["referral_partner"]),
    )


def _check_validity(record: Record, rel: str, problems: list[Problem], prefix: str = "") -> None:
    start, end = record.get("valid_from"), record.get("valid_until")
    if start and end and end < start:
        line, col = record.mark("valid_until")
        problems.append(Problem(rel, line, col, f"{prefix}valid_until", f"{end} is before valid_from {start}."))


def _items(values) -> tuple[FormItem, ...]:
    return tuple(FormItem(v["name"], v["label"], v["type"] or "text") for v in values)


def _block(record: Record) -> Block:
    kind = next(k for k in specs.BLOCK.one_of if record.get(k) is not None)
    value = record[kind]
    if kind == "items":
        value = tuple(value)
    elif kind in ("checks", "fields", "signatures"):
        value = _items(value)
    return Block(kind, value, record["valid_from"], record["valid_until"],
                 tuple(record["if_checked"] or ()), tuple(record["unless_checked"] or ()))


def _check_conditions(raw_blocks: list[tuple[Record, Block]], checks: set[str], rel: str, problems: list[Problem]) -> None:
    """if_checked / unless_checked must name tick boxes of the same document."""
    for raw, block in raw_blocks:
        for key in ("if_checked", "unless_checked"):
            for name in getattr(block, key):
                if name not in checks:
                    line, col = raw.mark(key)
                    known = ", ".join(sorted(checks)) or "none"
                    problems.append(Problem(rel, line, col, key, f"{name!r} is not a tick box of this document (checks: with name: {name}); tick boxes here: {known}."))


def _document(record: Record, rel: str, path: Path, problems: list[Problem]) -> Document:
    def problem(rec: Record, key: str, message: str) -> None:
        line, col = rec.mark(key)
        problems.append(Problem(rel, line, col, key, message))

    if record["id"] != path.stem:
        problem(record, "id", f"is {record['id']!r} but the file is named {path.name}; they must match.")
    names: set[str] = set()
    checks: set[str] = set()
    conditional: list[tuple[Record, Block]] = []
    sections = []
    for section in record["sections"]:
        _check_validity(section, rel, problems)
        blocks = []
        for raw in section["blocks"]:
            _check_validity(raw, rel, problems)
            block = _block(raw)
            if block.kind in ("checks", "fields", "signatures"):
                for item in block.value:
                    if item.name in names:
                        problem(raw, block.kind, f"the field name {item.name!r} is used twice in this document; each must be unique.")
                    names.add(item.name)
            if block.kind == "checks":
                checks.update(item.name for item in block.value)
            if block.if_checked or block.unless_checked:
                conditional.append((raw, block))
            if block.kind == "insert" and block.value == "rules" and not record["rules"]:
                problem(raw, "insert", "inserts the rules, but this document has no top-level 'rules:' list.")
            blocks.append(block)
        sections.append(Section(section["heading"], tuple(blocks), section["valid_from"], section["valid_until"],
                                **_legal(section, rel, problems)))
    _check_conditions(conditional, checks, rel, problems)
    rules, rule_ids = [], set()
    for raw in record["rules"] or ():
        _check_validity(raw, rel, problems)
        if raw["id"] in rule_ids:
            problem(raw, "id", f"the rule id {raw['id']!r} is used twice.")
        rule_ids.add(raw["id"])
        rules.append(Rule(**{**raw, "requirements": tuple(raw["requirements"]), **_legal(raw, rel, problems)}))
    if bool(record["reviewed_by"]) != bool(record["reviewed_on"]):
        problem(record, "reviewed_on", "reviewed_by and reviewed_on go together: fill in both, or leave both empty.")
    values = {k: v for k, v in record.items() if k not in ("sections", "rules")}
    return Document(**values, sections=tuple(sections), rules=tuple(rules), source=Location(rel, 1))


def _inserts(document: Document, name: str) -> bool:
    return any(b.kind == "insert" and b.value == name for s in document.sections for b in s.blocks)


def load_site(root: str | Path = "content") -> Site:
    """Load and validate all content below `root`. Raises ContentError listing every problem."""
    root = Path(root)
    problems: list[Problem] = []
    if not (root / "site.yaml").is_file():
        raise ContentError([Problem(str(root / "site.yaml"), 0, 0, "", "is missing; run docgen from the project folder or pass --content.")])
    refs: list[tuple[str, Reference]] = []
    site_rec, site_rel = read_file(root / "site.yaml", root, problems, refs)
    county_rec, county_rel = read_file(root / "county.yaml", root, problems, refs) if (root / "county.yaml").is_file() else (None, "")
    glossary_rec = read_file(root / "glossary.yaml", root, problems)[0] if (root / "glossary.yaml").is_file() else None
    muni_files = sorted((root / "municipalities").glob("*.yaml"))
    doc_files = sorted((root / "documents").glob("*.yaml"))
    muni_recs = [(path, *read_file(path, root, problems, refs)) for path in muni_files]
    doc_recs = [(path, *read_file(path, root, problems)) for path in doc_files]
    if site_rec is None:
        raise ContentError(problems)

    offices = {k: _office(v) for k, v in site_rec["offices"].items() if v}
    check_references(refs, {"category": [c["id"] for c in site_rec["categories"]], "office": list(offices)}, problems)
    county_office = site_rec["county"]["foreigners_office"]
    offer_sources: dict[str, str] = {}

    def offers_of(records, rel: str, county_wide: bool) -> tuple[Offer, ...]:
        result = []
        for record in records:
            if record is None:
                continue
            offer = _offer(record, rel, county_wide, problems)
            if offer.id in offer_sources:
                line, col = record.mark("id")
                problems.append(Problem(rel, line, col, f"offers[{offer.id}].id", f"the offer id {offer.id!r} is already used in {offer_sources[offer.id]}; ids must be unique."))
            offer_sources.setdefault(offer.id, f"{rel}:{record.line}")
            result.append(offer)
        return tuple(result)

    county_offers = offers_of(county_rec["offers"], county_rel, True) if county_rec else ()
    municipalities: dict[str, Municipality] = {}
    for path, record, rel in muni_recs:
        if record is None:
            continue
        if record["slug"] != path.stem:
            line, col = record.mark("slug")
            problems.append(Problem(rel, line, col, "slug", f"is {record['slug']!r} but the file is named {path.name}; they must match."))
        offers = offers_of(record["offers"], rel, False)
        municipalities[record["slug"]] = Municipality(record["slug"], record["name"], record["foreigners_office"], offers, Location(rel, 1))
    for path in (root / "municipalities").glob("*"):
        if path.suffix != ".yaml" and path.is_file():
            problems.append(Problem(path.as_posix(), 0, 0, "", "is not a .yaml file; municipality files end in .yaml."))

    documents = {}
    for path, record, rel in doc_recs:
        if record is not None:
            documents[record["id"]] = _document(record, rel, path, problems)
            if not county_office and not record["per_municipality"] and _inserts(documents[record["id"]], "office"):
                problems.append(Problem(site_rel, site_rec["county"].line, 0, "county.foreigners_office",
                                        f"is missing; {rel} is made for the whole county and names its foreigners office. Add foreigners_office: <office id>."))

    languages = tuple(Language(r["code"], r["policy"]) for r in site_rec["languages"])
    codes = [lang.code for lang in languages]
    for code in {c for c in codes if codes.count(c) > 1}:
        problems.append(Problem(site_rel, site_rec.mark("languages")[0], 0, "languages", f"{code!r} is listed twice."))
    if "de" not in codes:
        problems.append(Problem(site_rel, site_rec.mark("languages")[0], 0, "languages", "German (de) is the source language and must be listed."))

    if problems:
        raise ContentError(problems)
    checks = site_rec["checks"] or {}
    return Site(
        root=str(root),
        sample_content=site_rec["sample_content"],
        base_url=site_rec["base_url"].rstrip("/") + "/",
        county_name=site_rec["county"]["name"],
        department=site_rec["county"]["department"],
        offices=offices,
        controller=_contact(site_rec["controller"]),
        data_protection_officer=_contact(site_rec["data_protection_officer"]),
        supervisory_authority=_contact(site_rec["supervisory_authority"]),
        languages=languages,
        categories=tuple(Category(c["id"], c["label"]) for c in site_rec["categories"]),
        county_offers=county_offers,
        municipalities=dict(sorted(municipalities.items())),
        documents=documents,
        protected_terms=tuple((glossary_rec or {}).get("protected_terms") or ()),
        verified_max_age_days=checks.get("verified_max_age_days") or 365,
        expires_warning_days=checks.get("expires_warning_days") or 60,
        legal_verified_max_age_months=checks.get("legal_verified_max_age_months") or 6,
        county_office=county_office,
        sources=tuple(p for p in [site_rel, county_rel] + [r for _, _, r in muni_recs + doc_recs] if p),
    )


def content_warnings(site: Site, as_of: dt.date) -> list[Problem]:
    """Things that are not errors yet: offers not verified for long, offers and rules expiring soon."""
    warnings = []
    soon = as_of + dt.timedelta(days=site.expires_warning_days)
    offers = list(site.county_offers) + [o for m in site.municipalities.values() for o in m.offers]
    for offer in offers:
        age = (as_of - offer.last_verified).days
        if age > site.verified_max_age_days:
            warnings.append(Problem(offer.source.path, offer.source.line, 0, f"offer {offer.id}", f"last verified {age} days ago ({offer.last_verified}); check it and update last_verified.", "warning"))
        if offer.valid_until and as_of <= offer.valid_until <= soon:
            warnings.append(Problem(offer.source.path, offer.source.line, 0, f"offer {offer.id}", f"expires on {offer.valid_until}.", "warning"))
    for document in site.documents.values():
        for rule in document.rules:
            if rule.valid_until and as_of <= rule.valid_until <= soon:
                warnings.append(Problem(document.source.path, rule.line, 0, f"rule {rule.id}", f"expires on {rule.valid_until}.", "warning"))
    return warnings + legal_warnings(site, as_of)
