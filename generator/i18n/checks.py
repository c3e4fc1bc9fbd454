"""Checks of the catalogs: syntax, plural forms, placeholders, markup, script, obsolete entries, freshness."""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterable
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog

from generator.content.model import Language
from generator.content.problems import ContentError, Problem
from generator.i18n.catalogs import po_path, pot_path, read_catalog
from generator.i18n.scripts import script_problem

# Python %-formatting (named or not), %% and str.format fields: what a translation must keep.
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif%]|\{[A-Za-z_][A-Za-z0-9_]*\}")
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]|&[A-Za-z#][A-Za-z0-9]*;")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def placeholders_fit(message) -> bool:
    """Whether a singular translation keeps the placeholders of its German text (empty and plural
    entries count as fitting); one that does not cannot be formatted and must not be shown."""
    return not isinstance(message.string, str) or not message.string or placeholders(message.string) == placeholders(message.id)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def plural_function(expr: str):
    """The C plural expression of a Plural-Forms header as a Python function of n."""
    return gettext.c2py(expr)  # the standard library's safe parser of gettext plural expressions


def plurals_agree(nplurals_a: int, expr_a: str, nplurals_b: int, expr_b: str) -> bool:
    """Two plural rules mean the same when they have as many forms and choose the same one for n = 0…1000.

    Compared by value, not by text: Babel releases write the same rule in different ways.
    """
    if nplurals_a != nplurals_b:
        return False
    first, second = plural_function(expr_a), plural_function(expr_b)
    return all(first(n) == second(n) for n in range(1001))


def check_plural_forms(catalog: Catalog, path: str) -> Problem | None:
    """Compare the catalog's Plural-Forms with the installed Babel's, where it matters.

    CLDR data changes between Babel releases (2.18 -> 2.19 gave fa two forms instead of one). A
    catalog without plural messages is unaffected by its Plural-Forms: at most a warning. With
    plural messages, a differing number of forms or choice of form is an error.
    """
    if not catalog.locale:
        return None
    expected = Catalog(locale=catalog.locale)
    if plurals_agree(catalog.num_plurals, catalog.plural_expr, expected.num_plurals, expected.plural_expr):
        return None
    has_plurals = any(m.id and m.pluralizable for m in catalog)
    where = f"is {catalog.plural_forms!r}; the installed Babel's locale data says {expected.plural_forms!r}."
    if has_plurals:
        return Problem(path, 0, 0, "Plural-Forms", f"{where} The catalog has plural messages, so they would pick the wrong form. "
                       "Run `docgen i18n update` to take Babel's rule, then check every plural translation.")
    return Problem(path, 0, 0, "Plural-Forms", f"{where} No message uses plurals, so nothing is wrong yet; "
                   "`docgen i18n update` writes Babel's rule into the header.", "warning")


def check_catalog(catalog: Catalog, path: str, template: Catalog | None) -> list[Problem]:
    problems: list[Problem] = []

    def add(message, text: str, severity: str = "error") -> None:
        line = getattr(message, "lineno", 0) or 0
        problems.append(Problem(path, line, 0, f"msgid {message.id[:40]!r}" if message and message.id else "", text, severity))

    plural = check_plural_forms(catalog, path)
    if plural:
        problems.append(plural)
    for message in catalog:
        if not message.id:
            continue
        ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
        for string in _strings(message):
            if not string:
                continue
            if placeholders(string) != placeholders(ids[0]) and placeholders(string) != placeholders(ids[-1]):
                add(message, f"placeholders differ from the German source: {placeholders(ids[0])} vs {placeholders(string)}. Keep them exactly as in the source.")
            if MARKUP.search(string) and not MARKUP.search(ids[0]):
                add(message, "the translation contains markup (< or &entity;); translations must be plain text.")
            wrong_script = script_problem(str(catalog.locale), string) if catalog.locale else None
            if wrong_script:
                add(message, f"the translation {wrong_script} Correct it in the catalog or on a review sheet.", "warning")
        for _, errors in [(message, message.check(catalog))]:
            for error in errors:
                add(message, f"gettext check: {error}")
    for message in catalog.obsolete.values():
        add(message, "obsolete entry (#~): its German source no longer exists. Delete it, or run `docgen i18n update`.", "warning")
    if template is not None:
        template_ids = {m.id for m in template if m.id}
        catalog_ids = {m.id for m in catalog if m.id}
        if template_ids != catalog_ids:
            new, gone = len(template_ids - catalog_ids), len(catalog_ids - template_ids)
            problems.append(Problem(path, 0, 0, "", f"out of date with messages.pot ({new} new, {gone} no longer used). Run `docgen i18n update`."))
    return problems


def _shown(path: Path, locales: Path) -> str:
    """Paths in messages are relative to the project folder (the parent of locales/)."""
    return os.path.relpath(path, locales.parent)


def check_glyphs(catalog: Catalog, path: str, code: str, codes: tuple[str, ...]) -> list[Problem]:
    """Translations with a character that no font of the language's page can draw: WeasyPrint would
    print a box (and can crawl while it searches, #2811). Named here, before any build."""
    from generator.render import fonts  # the same font stacks the pages use

    others = tuple(c for c in codes if c != code)
    texts = [(m, s) for m in catalog if m.id for s in _strings(m) if s]
    missing = fonts.uncovered("".join(s for _, s in texts), code, others)  # one pass over the whole catalog
    problems = []
    for message, string in texts:
        chars = {c for c in string if c in missing}
        if chars:
            problems.append(Problem(path, getattr(message, "lineno", 0) or 0, 0, f"msgid {message.id[:40]!r}",
                                    f"characters no installed font can draw: {fonts.describe(chars)}. Fix the translation, "
                                    "or add a font for this script to generator/render/fonts.py."))
    return problems


def check_catalogs(languages: Iterable[Language], locales: Path, fresh_template: Catalog | None = None) -> list[Problem]:
    """Check the catalog of every language given (site.languages); also that messages.pot matches the sources."""
    problems: list[Problem] = []
    locales = Path(locales)
    pot = pot_path(locales)
    template = None
    try:
        template = read_catalog(pot)
    except ContentError as exc:
        problems.extend(exc.problems)
    if template is not None and fresh_template is not None:
        if {m.id for m in template if m.id} != {m.id for m in fresh_template if m.id}:
            problems.append(Problem(_shown(pot, locales), 0, 0, "", "is out of date with the content and templates. Run `docgen i18n extract` and `docgen i18n update`."))
    languages = list(languages)
    codes = tuple(language.code for language in languages)
    for language in languages:
        if language.code == "de":
            continue
        path = po_path(locales, language.locale)
        try:
            catalog = read_catalog(path, locale=language.locale)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(check_catalog(catalog, _shown(path, locales), template))
        problems.extend(check_glyphs(catalog, _shown(path, locales), language.code, codes))
        try:
            Locale.parse(language.locale)
        except ValueError:
            problems.append(Problem(str(path), 0, 0, "", f"{language.code!r} is not a locale Babel knows."))
    return problems
