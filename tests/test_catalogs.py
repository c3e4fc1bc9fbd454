"""Catalog workflow: review states, update after German changes, new languages, status and checks."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from babel.messages.catalog import Catalog

from generator.content import load_site
from generator.i18n.catalogs import State, mark_draft, message_state, po_path, pot_path, read_catalog, write_catalog
from generator.i18n.checks import check_catalog, plural_function
from generator.i18n.status import language_status
from generator.i18n.workflow import init, update, write_pot

from conftest import replace_in

SENTENCE = "Jeden Dienstag treffen sich Menschen aus vielen Ländern zum Kaffee."


def _template(*ids: str) -> Catalog:
    template = Catalog()
    for msgid in ids:
        template.add(msgid, locations=[("content/x.yaml", 1)])
    return template


def test_states_are_stored_in_standard_po_fields(tmp_path):
    catalog = Catalog(locale="ar")
    catalog.add("a", "أ")  # reviewed
    catalog.add("b", "ب", flags=["fuzzy"])  # draft
    catalog.add("c", "")  # missing
    catalog.add("d", "د")
    mark_draft(catalog["d"], "libre 2026-11-25", machine=True)
    catalog.add("e", "هـ", flags=["fuzzy"], previous_id=["e-old"])
    path = tmp_path / "messages.po"
    write_catalog(catalog, path)
    text = path.read_text(encoding="utf-8")
    assert "# machine-translated: libre 2026-11-25" in text and "#, fuzzy" in text and '#| msgid "e-old"' in text
    again = read_catalog(path, locale="ar")
    assert [message_state(again[i]) for i in "abcde"] == [State.REVIEWED, State.DRAFT, State.MISSING, State.MACHINE, State.OUTDATED]


def test_changed_german_source_sends_translation_back_to_review(project):
    locales = project / "locales"
    replace_in(project / "content/municipalities/unna.yaml", "Kaffee", "Tee")
    catalog = read_catalog(po_path(locales, "en"), locale="en")
    old = next(m for m in catalog if m.id and "Kaffee" in m.id and "unna" in str(m.locations))
    old.string, old.flags = "Translated text.", set()  # pretend it was reviewed
    write_catalog(catalog, po_path(locales, "en"))
    template, _ = write_pot(project, locales)
    result = update(locales, "en", template)
    assert result.outdated >= 1
    updated = read_catalog(po_path(locales, "en"), locale="en")
    new = updated[old.id.replace("Kaffee", "Tee")]
    assert new.string == "Translated text."
    assert message_state(new) is State.OUTDATED
    assert new.previous_id == [old.id]


def test_minor_edit_keeps_reviewed_translations_reviewed(project):
    locales = project / "locales"
    catalog = read_catalog(po_path(locales, "en"), locale="en")
    old = next(m for m in catalog if m.id and "zum Kaffee." in m.id)
    old.string, old.flags = "Coffee text.", set()
    write_catalog(catalog, po_path(locales, "en"))
    for path in (project / "content").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if old.id in text:
            path.write_text(text.replace(old.id, old.id.replace("Kaffee.", "Kaffee!")), encoding="utf-8")
    template, _ = write_pot(project, locales)
    result = update(locales, "en", template, minor=True)
    assert result.kept_minor >= 1
    fixed = read_catalog(po_path(locales, "en"), locale="en")[old.id.replace("Kaffee.", "Kaffee!")]
    assert message_state(fixed) is State.REVIEWED and fixed.string == "Coffee text."


def test_init_creates_catalog_with_babel_plural_forms(project):
    template = read_catalog(pot_path(project / "locales"))
    path = init(project / "locales", "pl", template)  # a language the county does not serve yet
    catalog = read_catalog(path, locale="pl")
    choose = plural_function(catalog.plural_expr)  # by meaning: Babel releases spell the rule differently
    assert catalog.num_plurals == 3 and [choose(n) for n in (1, 2, 5, 11, 21, 22, 25)] == [0, 1, 2, 2, 2, 1, 2]
    assert len([m for m in catalog if m.id]) == len([m for m in template if m.id])
    assert all(message_state(m) is State.MISSING for m in catalog if m.id)
    with pytest.raises(FileExistsError):
        init(project / "locales", "pl", template)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_every_shipped_catalog_passes_msgfmt_check():
    from conftest import ROOT

    paths = sorted((ROOT / "locales").glob("*/LC_MESSAGES/messages.po"))
    assert len(paths) >= 3
    for path in paths:
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{path}: {result.stderr}"


def test_status_counts_and_publishability(project):
    site = load_site(project / "content")
    locales = project / "locales"
    template = read_catalog(pot_path(locales))
    total = len([m for m in template if m.id])
    status = language_status(locales, site.language("en"))
    assert status.total == total
    assert status.reviewed + status.draft + status.outdated + status.missing == total
    catalog = read_catalog(po_path(locales, "en"), locale="en")
    for message in catalog:
        if message.id:
            message.string, message.flags = "x", {"fuzzy"}
    write_catalog(catalog, po_path(locales, "en"))
    drafted = language_status(locales, site.language("en"))
    assert drafted.missing == 0 and drafted.draft == total
    assert drafted.publishable  # drafts-with-notice
    from generator.content.model import Language

    assert not language_status(locales, Language("en", "reviewed-only")).publishable


def test_catalog_checks_find_placeholders_markup_obsolete_and_staleness():
    catalog = Catalog(locale="en")
    catalog.add("Hilfe in %(place)s", "Help in %(ort)s")
    catalog.add("Text", "<b>Text</b>")
    catalog.add("Fine", "Fine")
    catalog.obsolete["Old"] = catalog["Fine"].clone()
    problems = [str(p) for p in check_catalog(catalog, "locales/en/LC_MESSAGES/messages.po", _template("Hilfe in %(place)s", "Text", "New"))]
    assert any("placeholders differ from the German source" in p for p in problems)
    assert any("contains markup" in p for p in problems)
    assert any("obsolete entry" in p for p in problems)
    assert any("out of date with messages.pot (1 new, 1 no longer used)" in p for p in problems)


def test_broken_po_file_is_a_located_error(project):
    path = po_path(project / "locales", "en")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgstr_oops "x"\n', encoding="utf-8")
    from generator.content import ContentError

    with pytest.raises(ContentError) as info:
        read_catalog(path, locale="en")
    assert "is not a valid PO file" in info.value.format_message()


def _catalog_with_header(plural_forms: str, plural_message: bool) -> Catalog:
    """A hand-made Persian catalog whose Plural-Forms header says `plural_forms`, independent of the installed Babel."""
    from io import BytesIO

    from babel.messages.pofile import read_po

    body = ('msgid ""\nmsgstr ""\n"Language: fa\\n"\n'
            f'"Plural-Forms: {plural_forms}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
            'msgid "Hallo"\nmsgstr "سلام"\n')
    if plural_message:
        body += '\nmsgid "%(n)s Angebot"\nmsgid_plural "%(n)s Angebote"\nmsgstr[0] "%(n)s خدمت"\nmsgstr[1] "%(n)s خدمت"\n'
    return read_po(BytesIO(body.encode("utf-8")), locale="fa")


def _other_rule(catalog: Catalog) -> str:
    """A Plural-Forms header that differs in meaning from what the installed Babel says for the catalog's locale."""
    expected = Catalog(locale=catalog.locale)
    return "nplurals=1; plural=0;" if expected.num_plurals != 1 else "nplurals=2; plural=(n != 1);"


def test_plural_forms_differing_from_babel_warn_only_without_plural_messages():
    catalog = _catalog_with_header("nplurals=1; plural=0;", plural_message=False)
    catalog = _catalog_with_header(_other_rule(catalog), plural_message=False)
    problems = [p for p in check_catalog(catalog, "locales/fa/LC_MESSAGES/messages.po", None) if p.field == "Plural-Forms"]
    assert [p.severity for p in problems] == ["warning"]
    assert "installed Babel" in problems[0].message and "docgen i18n update" in problems[0].message


def test_plural_forms_differing_from_babel_are_an_error_with_plural_messages():
    catalog = _catalog_with_header("nplurals=1; plural=0;", plural_message=True)
    catalog = _catalog_with_header(_other_rule(catalog), plural_message=True)
    problems = [p for p in check_catalog(catalog, "locales/fa/LC_MESSAGES/messages.po", None) if p.field == "Plural-Forms"]
    assert [p.severity for p in problems] == ["error"]


def test_plural_forms_spelled_differently_but_meaning_the_same_are_no_problem():
    expected = Catalog(locale="fa")
    # the same rule, written with other spacing and parentheses, as another Babel release might write it
    respelled = f"nplurals={expected.num_plurals}; plural=(({expected.plural_expr}));"
    catalog = _catalog_with_header(respelled, plural_message=True)
    assert not [p for p in check_catalog(catalog, "x.po", None) if p.field == "Plural-Forms"]


def test_check_names_a_translation_with_a_character_no_font_covers(project):
    """A sentence with a character no font draws, added to one catalog, is named by `docgen check`
    (file, line, the character), before any build would print a box for it."""
    from click.testing import CliRunner

    from generator.cli import main

    path = po_path(project / "locales", "ka")
    catalog = read_catalog(path, locale="ka")
    message = next(m for m in catalog if m.id and m.string)
    message.string += " \uE000"
    write_catalog(catalog, path)
    result = CliRunner().invoke(main, ["--project", str(project), "check"])
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if "U+E000" in l)
    assert line.strip().startswith("locales/ka/LC_MESSAGES/messages.po:") and "no installed font can draw" in line
