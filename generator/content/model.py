"""The typed content model. Everything after the loader trusts these objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Location:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def valid_on(item, day: dt.date) -> bool:
    """True when `item` (anything with valid_from/valid_until) is valid on `day`."""
    start = getattr(item, "valid_from", None)
    end = getattr(item, "valid_until", None)
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True)
class Address:
    street: str
    postal_code: str
    city: str


@dataclass(frozen=True)
class Contact:
    name: str
    address: Address
    unit: str | None = None
    phone: str | None = None
    email: str | None = None
    web: str | None = None


@dataclass(frozen=True)
class Office(Contact):
    """A foreigners office (or the KI); it may name its own controller and data-protection officer."""

    controller: Contact | None = None
    data_protection_officer: Contact | None = None


@dataclass(frozen=True)
class Source:
    """Where a legal statement comes from: law and paragraph, and the official address of its text."""

    ref: str
    url: str


@dataclass(frozen=True)
class Hours:
    days: tuple[str, ...]
    opens: dt.time
    closes: dt.time
    note: str | None = None


@dataclass(frozen=True)
class Offer:
    id: str
    name: str
    provider: str
    kind: str  # paid | volunteer
    category: str
    description: str
    languages: tuple[str, ...]
    hours: tuple[Hours, ...]
    last_verified: dt.date
    source: Location
    address: Address | None = None
    phone: str | None = None
    email: str | None = None
    web: str | None = None
    hours_note: str | None = None
    accessibility: str | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    county_wide: bool = False
    referral_partner: bool = False
    foreigners_office: str | None = None  # the office in site.yaml this offer stands for


@dataclass(frozen=True)
class Municipality:
    slug: str
    name: str
    foreigners_office: str
    offers: tuple[Offer, ...]
    source: Location


@dataclass(frozen=True)
class Language:
    code: str  # as written in site.yaml, e.g. fa-AF
    policy: str  # reviewed-only | drafts-with-notice

    @property
    def locale(self) -> str:
        """Babel's locale id, also the catalog folder name (fa-AF -> fa_AF, sr -> sr_Latn)."""
        from generator.i18n.codes import locale

        return locale(self.code)

    @property
    def tag(self) -> str:
        """BCP 47 tag for HTML lang, hreflang and PDF /Lang (sr -> sr-Latn)."""
        from generator.i18n.codes import tag

        return tag(self.code)


@dataclass(frozen=True)
class Category:
    id: str
    label: str


@dataclass(frozen=True)
class FormItem:
    name: str
    label: str
    type: str = "text"


@dataclass(frozen=True)
class Block:
    kind: str  # text | items | checks | fields | signatures | insert
    value: object  # str, tuple[str], tuple[FormItem] or the insert's name
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    if_checked: tuple[str, ...] = ()  # applies only when one of these tick boxes is ticked
    unless_checked: tuple[str, ...] = ()  # applies only while none of these is ticked

    def applies(self, ticked: set[str] | frozenset[str]) -> bool:
        """Whether this block belongs in a document whose ticked boxes are `ticked` (a filled form)."""
        if self.if_checked and not ticked.intersection(self.if_checked):
            return False
        return not ticked.intersection(self.unless_checked)


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    sources: tuple[Source, ...] = ()
    verified_on: dt.date | None = None  # the day its legal statements were checked against the sources
    legal_review: str | None = None  # what the county's legal staff still have to confirm
    line: int = 0


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    legal_basis: str
    summary: str
    requirements: tuple[str, ...]
    consequences: str
    valid_from: dt.date
    valid_until: dt.date | None = None
    sources: tuple[Source, ...] = ()
    verified_on: dt.date | None = None
    legal_review: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    version: str
    date: dt.date
    per_municipality: bool
    sections: tuple[Section, ...]
    source: Location
    intro: str | None = None
    reviewed_by: str | None = None
    reviewed_on: dt.date | None = None
    rules: tuple[Rule, ...] = ()

    @property
    def legally_reviewed(self) -> bool:
        return bool(self.reviewed_by and self.reviewed_on)


@dataclass(frozen=True)
class Site:
    """All content of one content/ folder."""

    root: str
    sample_content: bool
    base_url: str
    county_name: str
    department: str
    offices: dict[str, Office]
    controller: Contact
    data_protection_officer: Contact
    supervisory_authority: Contact
    languages: tuple[Language, ...]
    categories: tuple[Category, ...]
    county_offers: tuple[Offer, ...]
    municipalities: dict[str, Municipality]
    documents: dict[str, Document]
    protected_terms: tuple[str, ...] = ()
    verified_max_age_days: int = 365
    expires_warning_days: int = 60
    legal_verified_max_age_months: int = 6
    county_office: str | None = None  # the office named on documents made for the whole county
    sources: tuple[str, ...] = field(default=())  # every file read, relative to root

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language | None:
        return next((lang for lang in self.languages if lang.code == code), None)

    def for_print(self, code: str) -> Site:
        """This site serving only German and `code`, as a printed page of `code` sees it: a PDF's
        HTML (font rules, links) then depends on its own language only, not on what else is
        configured, so the PDF cache holds across language sets and WeasyPrint matches two
        :lang() rules per element instead of one per configured language."""
        return replace(self, languages=tuple({lang.code: lang for lang in (self.language("de"), self.language(code))}.values()))

    def offers_for(self, slug: str, day: dt.date) -> list[Offer]:
        """The offers a municipality's flyer shows on `day`: its own and the county-wide ones."""
        offers = self.municipalities[slug].offers + self.county_offers
        return [offer for offer in offers if valid_on(offer, day)]
