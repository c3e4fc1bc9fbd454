"""What `docgen check` says about the legal statements of the documents: old verification dates,
missing sources, and the notes left for the county's legal review."""

from __future__ import annotations

import datetime as dt

from generator.content.model import Document, Site, valid_on
from generator.content.problems import Problem


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from `earlier` to `later` (2026-01-31 → 2026-02-28 is 0, → 2026-03-01 is 1)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def dated_parts(document: Document):
    """(label, item) for every section and rule of a document that can carry sources and verified_on."""
    for section in document.sections:
        yield f"section {section.heading!r}", section
    for rule in document.rules:
        yield f"rule {rule.id}", rule


def legal_warnings(site: Site, as_of: dt.date) -> list[Problem]:
    """Warnings for legal statements verified too long ago; review notes listed for the legal staff."""
    problems = []
    limit = site.legal_verified_max_age_months
    for document in site.documents.values():
        path = document.source.path
        for label, item in dated_parts(document):
            if not valid_on(item, as_of):
                continue
            if item.verified_on and months_between(item.verified_on, as_of) >= limit:
                age = months_between(item.verified_on, as_of)
                problems.append(Problem(path, item.line, 0, label,
                                        f"verified_on {item.verified_on} is {age} months old (limit {limit}); check its sources and the text again, then update verified_on.",
                                        "warning"))
            if item.legal_review:
                problems.append(Problem(path, item.line, 0, label, item.legal_review, "review"))
    return problems
