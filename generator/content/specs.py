"""The schema of each kind of content file: site.yaml, county.yaml, municipalities/, documents/, glossary.yaml."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers

from generator.content.schema import Bool, Date, Field, Int, List, Map, MapOf, Spec, Str, did_you_mean
from generator.i18n.codes import babel_locale

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
GERMAN_WEEKDAYS = {"di": "tu", "mi": "we", "do": "th", "so": "su"}  # the usual slips of German writers
KINDS = ("paid", "volunteer")
POLICIES = ("reviewed-only", "drafts-with-notice")
INSERTS = ("office", "controller", "supervisory_authority", "recipients", "rules", "return_counselling", "flyer")
MUNICIPALITY_SLUGS = (
    "bergkamen", "boenen", "froendenberg", "holzwickede", "kamen",
    "luenen", "schwerte", "selm", "unna", "werne",
)


@lru_cache(maxsize=1)
def _language_codes() -> tuple[str, ...]:
    """Babel's locale identifiers written as in site.yaml (fa_AF -> fa-AF), languages before regions."""
    return tuple(sorted({i.replace("_", "-") for i in locale_identifiers()}, key=lambda c: (c.count("-"), c)))


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    """Language names in English and German to their codes: "tigrinya" -> ti, "arabisch" -> ar."""
    names = {}
    for lang in ("de", "en"):
        names.update({name.lower(): code.replace("_", "-") for code, name in Locale(lang).languages.items()})
    return names


def language_code_error(code: str) -> str | None:
    try:
        babel_locale(code)
    except (UnknownLocaleError, ValueError):
        by_name = _codes_by_name().get(code.lower())
        return (f"{code!r} is not a known language code; use ISO codes such as de, en, ar, fa-AF, ckb, ti."
                + (f" Did you mean `{by_name}`?" if by_name else did_you_mean(code, _language_codes())))
    return None


def url_error(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme != "https" and parts.scheme != "http" or not parts.netloc or " " in url:
        return f"{url!r} is not a web address; write it in full, starting with https://"
    return None


def time_error(value: str) -> str | None:
    match = re.fullmatch(r"([01][0-9]|2[0-3]):([0-5][0-9])", value)
    return None if match else f"{value!r} is not a time; write HH:MM in quotes, for example \"09:30\"."


def _text(description: str = "a text", **kw) -> Str:
    return Str(description=description, **kw)


ID = Str(pattern=r"[a-z0-9]+(-[a-z0-9]+)*", description="an id of lower-case letters, digits and dashes, such as unna-caritas-mbe")
FIELD_NAME = Str(pattern=r"[a-z][a-z0-9_]*", description="a field name of lower-case letters, digits and _")
GERMAN = _text("a German text", translatable=True)
EMAIL = Str(pattern=r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", description="an e-mail address such as name@example.org")
PHONE = Str(pattern=r"\+?[0-9][0-9 ()/-]{5,24}[0-9]", description="a phone number such as \"+49 2303 0000-101\" (in quotes)")
POSTAL_CODE = Str(pattern=r"[0-9]{5}", description="a five-digit postal code in quotes, such as \"59423\"")
URL = Str(validator=url_error, description="a web address starting with https://")
LANGUAGE = Str(validator=language_code_error, description="a language code such as de, ar or fa-AF")

ADDRESS = Map({
    "street": Field(_text("a street and house number")),
    "postal_code": Field(POSTAL_CODE),
    "city": Field(_text("a town")),
})

CONTACT_FIELDS = {
    "name": Field(_text("a name")),
    "unit": Field(_text("a unit"), required=False),
    "address": Field(ADDRESS),
    "phone": Field(PHONE, required=False),
    "email": Field(EMAIL, required=False),
    "web": Field(URL, required=False),
}
CONTACT = Map(CONTACT_FIELDS)

# A foreigners office may name its own controller and data-protection officer (Art. 13 Abs. 1 a, b DSGVO).
OFFICE = Map({
    **CONTACT_FIELDS,
    "controller": Field(CONTACT, required=False),
    "data_protection_officer": Field(CONTACT, required=False),
})

HOURS = Map({
    "days": Field(List(Str(choices=WEEKDAYS, description="a weekday", hints=GERMAN_WEEKDAYS), min_items=1, unique=True)),
    "from": Field(Str(validator=time_error, description="a time \"HH:MM\"")),
    "to": Field(Str(validator=time_error, description="a time \"HH:MM\"")),
    "note": Field(GERMAN, required=False),
})

OFFER = Map({
    "id": Field(ID),
    "name": Field(_text("the name of the offer")),
    "provider": Field(_text("the organisation that runs the offer")),
    "kind": Field(Str(choices=KINDS, description="paid or volunteer")),
    # listed on the consent form as a recipient the person can tick (welfare organisations, volunteer groups)
    "referral_partner": Field(Bool(), required=False),
    # the office in site.yaml this offer stands for; a flyer lists the municipality's own office first
    "foreigners_office": Field(replace(ID, ref="office", description="an office id from site.yaml"), required=False),
    "category": Field(replace(ID, ref="category", description="a category id from site.yaml")),
    "description": Field(GERMAN),
    "languages": Field(List(LANGUAGE, min_items=1, unique=True)),
    "address": Field(ADDRESS, required=False),
    "phone": Field(PHONE, required=False),
    "email": Field(EMAIL, required=False),
    "web": Field(URL, required=False),
    "hours": Field(List(HOURS)),
    "hours_note": Field(GERMAN, required=False),
    "accessibility": Field(GERMAN, required=False),
    "last_verified": Field(Date()),
    "valid_from": Field(Date(), required=False),
    "valid_until": Field(Date(), required=False),
})

OFFERS = List(OFFER, label_key="id")

COUNTY = Map({"offers": Field(OFFERS)})

MUNICIPALITY = Map({
    "slug": Field(Str(choices=MUNICIPALITY_SLUGS, description="a municipality of Kreis Unna")),
    "name": Field(_text("the municipality's name")),
    "foreigners_office": Field(replace(ID, ref="office", description="an office id from site.yaml")),
    "offers": Field(List(OFFER, min_items=1, label_key="id")),
})

SITE = Map({
    "sample_content": Field(Bool()),
    "base_url": Field(URL),
    "county": Field(Map({
        "name": Field(_text()),
        "department": Field(_text()),
        "foreigners_office": Field(replace(ID, ref="office", description="an office id from site.yaml"), required=False),
    })),
    "offices": Field(MapOf(ID, OFFICE)),
    "controller": Field(CONTACT),
    "data_protection_officer": Field(CONTACT),
    "supervisory_authority": Field(CONTACT),
    "languages": Field(List(Map({
        "code": Field(LANGUAGE),
        "policy": Field(Str(choices=POLICIES, description="reviewed-only or drafts-with-notice")),
    }), min_items=1, label_key="code")),
    "categories": Field(List(Map({"id": Field(ID), "label": Field(GERMAN)}), min_items=1, label_key="id")),
    "checks": Field(Map({
        "verified_max_age_days": Field(Int(minimum=1)),
        "expires_warning_days": Field(Int(minimum=0)),
        "legal_verified_max_age_months": Field(Int(minimum=1), required=False),
    }), required=False),
})

_VALIDITY = {
    "valid_from": Field(Date(), required=False),
    "valid_until": Field(Date(nullable=True), required=False, nullable=True),
}

# Where a legal statement comes from, and when it was last checked against that source.
SOURCE = Map({
    "ref": Field(_text("a law and paragraph, such as § 25a AufenthG")),
    "url": Field(URL),
})
LEGAL_REVIEW = _text("a note for the county's legal review (what to check)")
_DATED = {
    "sources": Field(List(SOURCE, min_items=1), required=False),
    "verified_on": Field(Date(), required=False),
    "legal_review": Field(LEGAL_REVIEW, required=False),
}
# Names of tick boxes of the same document: the block applies only if one of them is ticked
# (if_checked), or only while none of them is ticked (unless_checked).
CHECK_NAMES = List(FIELD_NAME, min_items=1, unique=True)

FORM_ITEM = Map({
    "name": Field(FIELD_NAME),
    "label": Field(GERMAN),
    "type": Field(Str(choices=("text", "date", "multiline"), description="text, date or multiline"), required=False),
})

BLOCK = Map({
    "text": Field(GERMAN, required=False),
    "items": Field(List(GERMAN, min_items=1), required=False),
    "checks": Field(List(FORM_ITEM, min_items=1), required=False),
    "fields": Field(List(FORM_ITEM, min_items=1), required=False),
    "signatures": Field(List(FORM_ITEM, min_items=1), required=False),
    "insert": Field(Str(choices=INSERTS, description="a generated part"), required=False),
    "if_checked": Field(CHECK_NAMES, required=False),
    "unless_checked": Field(CHECK_NAMES, required=False),
    **_VALIDITY,
}, one_of=("text", "items", "checks", "fields", "signatures", "insert"))

SECTION = Map({
    "heading": Field(GERMAN),
    "blocks": Field(List(BLOCK, min_items=1)),
    **_VALIDITY,
    **_DATED,
})

RULE = Map({
    "id": Field(ID),
    "title": Field(GERMAN),
    "legal_basis": Field(_text("a legal basis such as § 25a AufenthG")),
    "valid_from": Field(Date()),
    "valid_until": Field(Date(nullable=True), required=False, nullable=True),
    "summary": Field(GERMAN),
    "requirements": Field(List(GERMAN, min_items=1)),
    "consequences": Field(GERMAN),
    "sources": Field(List(SOURCE, min_items=1)),
    "verified_on": Field(Date()),
    "legal_review": Field(LEGAL_REVIEW, required=False),
})

DOCUMENT = Map({
    "id": Field(ID),
    "title": Field(GERMAN),
    "version": Field(Str(description="a version in quotes, such as \"1.0\"")),
    "date": Field(Date()),
    "reviewed_by": Field(_text("the name of the legal reviewer"), required=False, nullable=True),
    "reviewed_on": Field(Date(nullable=True), required=False, nullable=True),
    "per_municipality": Field(Bool()),
    "intro": Field(GERMAN, required=False),
    "sections": Field(List(SECTION, min_items=1)),
    "rules": Field(List(RULE, label_key="id"), required=False),
})

GLOSSARY = Map({
    "protected_terms": Field(List(Str(description="a German term")), required=False),
})


def spec_for(path: str | PurePath) -> Spec | None:
    """Which schema a content file follows, by its place under content/."""
    path = PurePath(path)
    parent = path.parent.name
    if parent == "municipalities":
        return MUNICIPALITY
    if parent == "documents":
        return DOCUMENT
    return {"site.yaml": SITE, "county.yaml": COUNTY, "glossary.yaml": GLOSSARY}.get(path.name)
